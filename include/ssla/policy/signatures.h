// Who wrote a company reply, from its text (spec 8.1, 8.3, 8.8): the
// policy's `company.signatures`, compiled once with RE2, which matches in
// time linear in the text (no backtracking on hostile message text).
#ifndef SSLA_SIGNATURES_H_
#define SSLA_SIGNATURES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace ssla {

/// The signature expressions of a policy, compiled. Const after
/// construction: several threads may match at once.
class SignatureMatcher {
 public:
  /// Compiles `expressions` in list order. Throws std::invalid_argument
  /// naming the first that does not compile (the loader checks each one
  /// with signature_error() first, so a loaded policy never throws here).
  explicit SignatureMatcher(const std::vector<std::string>& expressions);
  SignatureMatcher(const SignatureMatcher&) = delete;
  SignatureMatcher& operator=(const SignatureMatcher&) = delete;
  ~SignatureMatcher();

  /// The responder a reply's text gives: for the first expression that
  /// matches anywhere in the ASCII-trimmed text, its first capture group
  /// (the whole match when it has none), trimmed; an empty result, or a
  /// group 1 that took no part, counts as no match and the next expression
  /// is tried. Empty when none gives one. The view points into `text`.
  std::string_view responder(std::string_view text) const;

  bool empty() const { return compiled_.empty(); }

 private:
  struct Compiled;
  std::vector<std::unique_ptr<Compiled>> compiled_;
};

/// Why `expression` is not a valid signature (RE2 syntax), or "" when it is.
std::string signature_error(const std::string& expression);

}  // namespace ssla

#endif  // SSLA_SIGNATURES_H_
