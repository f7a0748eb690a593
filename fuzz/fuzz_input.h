// Shared by the reader harnesses: the fuzz input as a file the library can
// open by path (a memfd, so nothing touches the disk), a small policy, and
// the run of the stages on what was read.
#ifndef SSLA_FUZZ_INPUT_H_
#define SSLA_FUZZ_INPUT_H_

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>

#include "ssla/audit/audit.h"
#include "ssla/base/error.h"
#include "ssla/policy/policy_load.h"
#include "ssla/read/read.h"

namespace ssla::fuzz {

/// One in-memory file, rewritten for every input: its path is
/// /proc/self/fd/N, which every reader opens like a file.
class MemoryFile {
 public:
  MemoryFile() : fd_(::memfd_create("ssla-fuzz", 0)) {
    if (fd_ < 0) std::abort();
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  /// Replaces the content with `size` bytes at `data`; returns the path.
  std::string hold(const std::uint8_t* data, std::size_t size) {
    if (::ftruncate(fd_, 0) != 0) std::abort();
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = ::pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
    return "/proc/self/fd/" + std::to_string(fd_);
  }

 private:
  int fd_;
};

/// A policy with two calendars in zones with DST, a holiday of each kind,
/// exempt rules and company accounts, so that reading and evaluating both
/// take their less common paths.
inline const Policy& fuzz_policy() {
  static const Policy policy = load_policy_text(
      "version: 1\nname: Fuzz\ntimezone: America/New_York\n"
      "company:\n  accounts: [acme, '@AcmeHelp']\n  ignore_authors: [bot]\n"
      "calendars:\n"
      "  office:\n    hours:\n      mon-fri: \"09:00-17:00\"\n      sat: \"22:00-06:00\"\n"
      "    holidays:\n      - 2017-12-25\n      - { annual: \"07-04\" }\n"
      "      - { month: 11, weekday: thu, nth: 4 }\n      - { easter: -2 }\n"
      "    overrides:\n      2017-12-24: \"09:00-12:00\"\n"
      "  night:\n    timezone: Europe/London\n    hours:\n      daily: \"22:00-06:00\"\n"
      "channels:\n"
      "  twitter:\n    calendar: office\n    first_response: 1h\n    next_response: 30m\n"
      "    goal: 90%\n    exempt:\n      tags: [spam]\n      words: [scam]\n"
      "      acknowledgements: [thanks, ok]\n"
      "  facebook:\n    calendar: night\n    first_response: 2h\n"
      "  default:\n    first_response: 1d\n",
      "fuzz-policy.yaml");
  return policy;
}

/// Reads the input as `options` say and runs every stage after reading on
/// it with fuzz_policy(). An ssla::Error is a defined outcome and ends the
/// run quietly; anything else (a crash, a sanitizer report) is a finding.
inline void read_and_audit(const ReadOptions& options) {
  try {
    ReadResult read = read_messages(fuzz_policy(), options);
    AuditOptions audit_options;
    audit_options.threads = options.threads;
    const Audit audit = run_audit(fuzz_policy(), std::move(read), audit_options);
    (void)audit;
  } catch (const Error&) {
  }
}

}  // namespace ssla::fuzz

#endif  // SSLA_FUZZ_INPUT_H_
