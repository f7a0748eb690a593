// libFuzzer harness, differential: json_grammar_problem(), ssla's check of
// RFC 8259's grammar (read/json_grammar.h), against simdjson's DOM parser on
// the same bytes. Where both can judge, they must agree: a text one accepts
// and the other refuses is a finding. Left out, because the two are meant to
// differ there: numbers simdjson cannot hold (past 64 bits, or out of a
// double's range; the grammar sets no bound, and a 30-digit id is valid
// JSON), nesting past simdjson's depth limit (the grammar has none), and
// invalid UTF-8 (the grammar takes bytes above ASCII as they are; the
// caller checks UTF-8). Surrogates that are not half of a pair are valid
// JSON, which simdjson refuses: they are judged as if they were U+FFFD.
#include <simdjson.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "ssla/read/json_grammar.h"

namespace {

// `text` with every \u escape of a surrogate (D800-DFFF) written as
// \uFFFD: simdjson refuses a surrogate that is not half of a pair, which
// RFC 8259's grammar (four hex digits) and ssla's reader take.
std::string without_surrogates(std::string text) {
  for (std::size_t p = 0; p + 6 <= text.size(); ++p) {
    if (text[p] != '\\') continue;
    if (text[p + 1] == 'u' && (text[p + 2] == 'd' || text[p + 2] == 'D') && text[p + 3] != '\0' &&
        std::strchr("89abcdefABCDEF", text[p + 3]) != nullptr &&
        std::isxdigit(static_cast<unsigned char>(text[p + 4])) &&
        std::isxdigit(static_cast<unsigned char>(text[p + 5]))) {
      text.replace(p + 2, 2, "ff");
      text[p + 4] = 'f';
      text[p + 5] = 'd';
    }
    ++p;  // the escaped byte is not the start of another escape
  }
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static simdjson::dom::parser parser;
  static std::vector<char> stack;
  const char* text = reinterpret_cast<const char*>(data);
  const bool grammar_accepts = ssla::json_grammar_problem(text, size, stack).empty();

  simdjson::dom::element root;
  simdjson::error_code error = parser.parse(simdjson::padded_string(text, size)).get(root);
  if (error == simdjson::STRING_ERROR) {
    error = parser.parse(simdjson::padded_string(without_surrogates(std::string(text, size))))
                .get(root);
  }
  switch (error) {
    case simdjson::SUCCESS:
      // What simdjson reads whole is JSON: the grammar must take it.
      if (!grammar_accepts) std::abort();
      break;
    case simdjson::NUMBER_ERROR:  // also a malformed number: not told apart
    case simdjson::NUMBER_OUT_OF_RANGE:
    case simdjson::DEPTH_ERROR:
    case simdjson::UTF8_ERROR:
    case simdjson::CAPACITY:
    case simdjson::MEMALLOC:
      break;  // beyond what the two share (above)
    default:
      // Any other refusal is of the grammar itself: the check must refuse too.
      if (grammar_accepts) std::abort();
      break;
  }
  return 0;
}
