// Takes a share of one processor, to reproduce the machine's slow spells on
// demand: it spins for BUSY_MS, sleeps for IDLE_MS, and again, until killed.
// Pinned to one core (taskset), it takes BUSY/(BUSY+IDLE) of that core the
// way a neighbour on the host does; a run of bench/compare.sh or of two
// builds side by side beside it shows how a build copes with a core that
// is not all its own (docs/performance.md, 2026-12-06, the slow spells).
//
//   taskset -c 1 build/cpu_thief 3 7 &   # 30 % of core 1
//   ...; kill %1
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: cpu_thief BUSY_MS IDLE_MS\n");
    return 2;
  }
  const auto busy = std::chrono::microseconds(static_cast<long>(std::atof(argv[1]) * 1000));
  const auto idle = std::chrono::microseconds(static_cast<long>(std::atof(argv[2]) * 1000));
  volatile unsigned long spins = 0;  // volatile: the loop is the point
  for (;;) {
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < busy) spins = spins + 1;
    std::this_thread::sleep_for(idle);
  }
}
