// libFuzzer harness: the JSON and NDJSON readers and the stages after them.
// The first byte chooses the format (its low bit) and the thread count.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.h"
#include "ssla/audit/audit.h"
#include "ssla/base/error.h"
#include "ssla/read/read.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static ssla::fuzz::MemoryFile file;
  ssla::ReadOptions options;
  options.files = {file.hold(data + 1, size - 1)};
  options.input_format = (data[0] & 1) != 0 ? "ndjson" : "json";
  options.threads = (data[0] & 2) != 0 ? 2 : 1;
  try {
    ssla::ReadResult read = ssla::read_messages(ssla::fuzz::fuzz_policy(), options);
    ssla::AuditOptions audit_options;
    audit_options.threads = options.threads;
    const ssla::Audit audit =
        ssla::run_audit(ssla::fuzz::fuzz_policy(), std::move(read), audit_options);
    (void)audit;
  } catch (const ssla::Error&) {
  }
  return 0;
}
