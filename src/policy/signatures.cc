#include "ssla/policy/signatures.h"

#include <stdexcept>

#include <re2/re2.h>

#include "ssla/base/ascii.h"

namespace ssla {

namespace {

// Spec 8.8: `^` and `$` anchor at the text's ends (RE2's default without
// multi-line mode), `\d \w \s \b` are ASCII (RE2's Perl classes are), and
// the text is UTF-8. Errors are returned, not logged to stderr.
RE2::Options signature_options() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_encoding(RE2::Options::EncodingUTF8);
  return options;
}

}  // namespace

struct SignatureMatcher::Compiled {
  explicit Compiled(const std::string& expression) : re(expression, signature_options()) {}
  RE2 re;
  int groups = 0;  // capture groups of the expression
};

SignatureMatcher::SignatureMatcher(const std::vector<std::string>& expressions) {
  for (const std::string& e : expressions) {
    auto c = std::make_unique<Compiled>(e);
    if (!c->re.ok()) throw std::invalid_argument("signature '" + e + "': " + c->re.error());
    c->groups = c->re.NumberOfCapturingGroups();
    compiled_.push_back(std::move(c));
  }
}

SignatureMatcher::~SignatureMatcher() = default;

std::string_view SignatureMatcher::responder(std::string_view text) const {
  text = trim_ascii(text);
  const re2::StringPiece input(text.data(), text.size());
  for (const auto& c : compiled_) {
    // Submatch 0 is the whole match, 1 the first group when there is one.
    re2::StringPiece found[2];
    const int want = c->groups > 0 ? 2 : 1;
    if (!c->re.Match(input, 0, input.size(), RE2::UNANCHORED, found, want)) continue;
    const re2::StringPiece& piece = found[want - 1];
    if (piece.data() == nullptr) continue;  // group 1 took no part in the match
    const std::string_view value = trim_ascii(std::string_view(piece.data(), piece.size()));
    if (!value.empty()) return value;
  }
  return std::string_view();
}

std::string signature_error(const std::string& expression) {
  const RE2 re(expression, signature_options());
  return re.ok() ? std::string() : re.error();
}

}  // namespace ssla
