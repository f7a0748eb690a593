// libFuzzer harness, differential: one JSON record read by the reader that
// takes flat objects of scalars by itself (JsonObjectReader's own scan)
// against the same reader using simdjson only. The outcome and every field
// of the record must agree; any difference is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ssla/read/byte_source.h"
#include "ssla/read/column_map.h"
#include "ssla/read/json_reader.h"
#include "ssla/read/normalize.h"

namespace {

struct Readers {
  // The generic aliases map many keys (id, text, author, ...), as exports do.
  ssla::FieldSources sources = ssla::resolve_sources(ssla::InputSpec{}, "generic", {});
  ssla::JsonObjectReader flat{sources};
  ssla::JsonObjectReader reference{sources};
  Readers() { reference.use_simdjson_only(); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Readers readers;
  // simdjson reads up to kInputPadding bytes past the text.
  std::string padded(reinterpret_cast<const char*>(data), size);
  padded.append(ssla::kInputPadding, ' ');
  const std::string_view text(padded.data(), size);
  ssla::RawRecord got, want;
  const auto got_outcome = readers.flat.read(text, got);
  const auto want_outcome = readers.reference.read(text, want);
  if (got_outcome != want_outcome) std::abort();
  if (want_outcome != ssla::JsonObjectReader::Outcome::kObject) return 0;
  if (got.mapped != want.mapped || got.tags_as_list != want.tags_as_list || got.tags != want.tags) {
    std::abort();
  }
  for (std::size_t f = 0; f < ssla::kFieldCount; ++f) {
    if (got.value[f] != want.value[f]) std::abort();
  }
  return 0;
}
