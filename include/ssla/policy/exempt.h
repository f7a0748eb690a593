// Exempt inbound messages (spec 3.4): tags, authors, whole words, acknowledgements.
#ifndef SSLA_EXEMPT_H_
#define SSLA_EXEMPT_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "ssla/policy/policy.h"
#include "ssla/read/message.h"

namespace ssla {

/// The normalized form of spec 3.4: tokens starting with `@`, `http://` or
/// `https://` dropped, every ASCII non-alphanumeric byte made a space, ASCII
/// case folded, runs of spaces collapsed, trimmed. Non-ASCII bytes are kept.
std::string normalize_acknowledgement(std::string_view text);

/// True when `word` (already ASCII-lower-cased) occurs in `text` bounded on
/// both sides by the text's ends or by non-word characters (word characters:
/// ASCII letters, digits, `_`, and every byte of a non-ASCII character).
bool contains_whole_word(std::string_view text, std::string_view word);

/// An exempt rule prepared for many messages, with the answers of
/// exempt_reason(): it knows the longest acknowledgement and the bytes the
/// acknowledgements are made of, so that most texts are settled at their
/// first kept byte that no acknowledgement has.
class ExemptMatcher {
 public:
  /// `rule` must outlive the matcher.
  explicit ExemptMatcher(const ExemptRule& rule);

  /// Why the rule exempts an inbound message, or kNone (see exempt_reason()).
  ExemptReason reason(std::string_view author_key, std::string_view text,
                      const std::vector<std::string_view>& tags) const;

  /// As reason(), with the words already looked for: `word_found` tells
  /// whether any of the rule's words occurs whole in `text` (a WordSet's
  /// answer for them), so that several rules share one pass over the text.
  ExemptReason reason_given_words(std::string_view author_key, std::string_view text,
                                  const std::vector<std::string_view>& tags, bool word_found) const;

 private:
  // `word_found` null: look for each word here.
  ExemptReason decide(std::string_view author_key, std::string_view text,
                      const std::vector<std::string_view>& tags, const bool* word_found) const;

  const ExemptRule* rule_;
  std::size_t longest_ = 0;                     // of the acknowledgements, in bytes
  std::array<bool, 256> in_acknowledgement_{};  // bytes of their normalized forms
};

/// Why `rule` exempts an inbound message, or kNone. `author_key` is the
/// lower-cased author without `@`; `tags` are the message's trimmed tags (any case).
ExemptReason exempt_reason(const ExemptRule& rule, std::string_view author_key,
                           std::string_view text, const std::vector<std::string_view>& tags);

/// A short English description of the reason (`tag "spam"` style is left to
/// callers; this gives `tag`, `author`, `word`, `acknowledgement`).
std::string_view exempt_reason_name(ExemptReason reason);

}  // namespace ssla

#endif  // SSLA_EXEMPT_H_
