// libFuzzer harness: the CSV reader and the stages after it. The first byte
// chooses the piece size (1 to 64 bytes, or 1 MiB), the thread count and the
// delimiter; the rest is the file. Any ssla::Error is a defined outcome; a
// crash, a sanitizer report, a hang or runaway memory is a finding.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.h"
#include "ssla/read/read.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static ssla::fuzz::MemoryFile file;
  const std::uint8_t knobs = data[0];
  ssla::ReadOptions options;
  options.files = {file.hold(data + 1, size - 1)};
  options.input_format = "csv";
  options.piece_bytes = (knobs & 0x40) != 0 ? std::size_t{1} << 20 : 1 + (knobs & 0x3F);
  options.threads = (knobs & 0x80) != 0 ? 2 : 1;
  options.delimiter = (knobs & 0x3) == 3 ? ";" : ",";
  ssla::fuzz::read_and_audit(options);
  return 0;
}
