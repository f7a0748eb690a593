// libFuzzer harness, differential: the elements of a JSON array as the
// splitter finds them when it runs (objects that end on their line taken
// whole, the text given a piece at a time) against the splitter scanning
// every element of the whole text. Only for text that simdjson accepts as
// an array: the shortcut is sound for valid JSON, and anything else fails
// in the element's parser either way. Any difference is a finding.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssla/base/error.h"
#include "ssla/read/json_array_splitter.h"

namespace {

using Elements = std::vector<std::pair<std::size_t, std::size_t>>;

// The elements of `text` fed `piece` bytes more whenever the splitter asks
// (0: whole); false when the splitter throws.
bool split(std::string_view text, bool every, std::size_t piece, Elements& found) {
  ssla::JsonArraySplitter splitter;
  if (every) splitter.scan_every_element();
  std::size_t have = piece == 0 ? text.size() : std::min(piece, text.size());
  try {
    for (;;) {
      std::size_t begin = 0;
      std::size_t end = 0;
      const bool eof = have == text.size();
      const auto step = splitter.next(text.substr(0, have), eof, "fuzz.json", begin, end);
      if (step == ssla::JsonArraySplitter::Step::kNeedMore) {
        if (eof) return false;
        have = std::min(text.size(), have + piece);
        continue;
      }
      if (step != ssla::JsonArraySplitter::Step::kElement) return true;
      found.emplace_back(begin, end);
    }
  } catch (const ssla::Error&) {
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte chooses the piece size: 0 for the whole text.
  const std::size_t piece = data[0] == 0 ? 0 : 1 + (data[0] % 97);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  static simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(simdjson::padded_string(text)).get(doc) != simdjson::SUCCESS) return 0;
  if (!doc.is_array()) return 0;
  Elements got, want;
  const bool got_ok = split(text, false, piece, got);
  const bool want_ok = split(text, true, 0, want);
  if (!want_ok || !got_ok || got != want) std::abort();
  return 0;
}
