// libFuzzer harness: the JSON and NDJSON readers and the stages after them.
// The first byte chooses the format (its low bit) and the thread count.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.h"
#include "ssla/read/read.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static ssla::fuzz::MemoryFile file;
  ssla::ReadOptions options;
  options.files = {file.hold(data + 1, size - 1)};
  options.input_format = (data[0] & 1) != 0 ? "ndjson" : "json";
  options.threads = (data[0] & 2) != 0 ? 2 : 1;
  ssla::fuzz::read_and_audit(options);
  return 0;
}
