// Benchmark of the read stage alone: a twcs-format file through the CSV
// reader and the normalizer into the message table. Prints MB/s and the
// process's peak resident memory per message (VmHWM).
//
//   bench/gen_twcs.py 10000000 /tmp/twcs-10m.csv && build/read_bench /tmp/twcs-10m.csv
//   build/read_bench FILE [PRESET [THREADS [POLICY]]]   THREADS: 1 or 2 (default 2)
//
// Without POLICY the policy is empty: no exempt rules run. With
// bench/twcs-bench.yaml the read does what it does for bench/compare.sh.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "ssla/policy/policy_load.h"
#include "ssla/read/read.h"

namespace {

long peak_rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: read_bench FILE [PRESET [THREADS [POLICY]]]\n");
    return 2;
  }
  ssla::ReadOptions options;
  options.files = {argv[1]};
  options.preset = argc > 2 ? argv[2] : "twcs";
  options.threads = argc > 3 ? static_cast<unsigned>(std::stoul(argv[3])) : 2;
  options.keep_text = false;  // as for a plain `report`, which lists no episode
  const ssla::Policy policy = argc > 4 ? ssla::load_policy(argv[4]) : ssla::Policy();
  const auto t0 = std::chrono::steady_clock::now();
  const ssla::ReadResult r = ssla::read_messages(policy, options);
  const auto t1 = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(t1 - t0).count();
  const double mb = static_cast<double>(r.files[0].bytes) / 1e6;
  const long rss = peak_rss_kib();
  const std::size_t n = r.table.messages.size();
  std::printf("%s: %.1f MB, %zu messages (%llu rejected) in %.2f s: %.0f MB/s\n", argv[1], mb, n,
              static_cast<unsigned long long>(r.quality.rows_rejected), seconds, mb / seconds);
  std::printf("peak RSS %.1f MiB = %.0f bytes per message\n",
              rss / 1024.0, n ? rss * 1024.0 / static_cast<double>(n) : 0.0);
  return 0;
}
