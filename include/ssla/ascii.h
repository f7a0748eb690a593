// ASCII-only text helpers. All case folding and trimming in ssla is ASCII
// (spec 7): bytes of non-ASCII characters are never changed.
#ifndef SSLA_ASCII_H_
#define SSLA_ASCII_H_

#include <string>
#include <string_view>

namespace ssla {

/// `c` lower-cased if it is an ASCII capital letter.
constexpr char fold_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// True when a and b are equal after ASCII case folding of both.
inline bool equals_folded(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (fold_ascii(a[i]) != fold_ascii(b[i])) return false;
  }
  return true;
}

/// Sets `out` to `s` ASCII-lower-cased, reusing out's storage.
inline void assign_lower_ascii(std::string& out, std::string_view s) {
  out.assign(s);
  for (char& c : out) c = fold_ascii(c);
}

/// `s` ASCII-lower-cased, as a new string.
inline std::string lower_ascii(std::string_view s) {
  std::string out;
  assign_lower_ascii(out, s);
  return out;
}

/// True for the ASCII whitespace bytes: space, tab, LF, CR, FF, VT.
constexpr bool is_space_ascii(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// `s` without leading and trailing ASCII whitespace (a view into `s`).
inline std::string_view trim_ascii(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_space_ascii(s[b])) ++b;
  while (e > b && is_space_ascii(s[e - 1])) --e;
  return s.substr(b, e - b);
}

}  // namespace ssla

#endif  // SSLA_ASCII_H_
