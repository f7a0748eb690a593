// ASCII-only text helpers. All case folding and trimming in ssla is ASCII
// (spec 7): bytes of non-ASCII characters are never changed.
#ifndef SSLA_ASCII_H_
#define SSLA_ASCII_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "ssla/base/unaligned.h"

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

/// True for an ASCII letter or digit.
constexpr bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// The value of an ASCII hex digit (0-15, either case), or -1.
constexpr int hex_digit_value(char c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/// True for a byte of a word in the sense of spec 3.4 (whole-word rules):
/// an ASCII letter, digit or `_`, or any byte of a non-ASCII character.
constexpr bool is_word_byte(unsigned char c) {
  return is_ascii_alnum(c) || c == '_' || c >= 0x80;
}

/// True for the ASCII whitespace bytes: space, tab, LF, CR, FF, VT.
constexpr bool is_space_ascii(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// The top bit of each byte of `w` that is an ASCII capital letter.
constexpr std::uint64_t ascii_upper_bits(std::uint64_t w) {
  // A byte is in 'A'..'Z' when adding 0x80 - 'A' to its low seven bits sets
  // their top bit and adding 0x80 - ('Z' + 1) does not, and the byte is
  // ASCII (top bit clear); no carry crosses bytes since each sum stays
  // below 0x100.
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kTop = 0x8080808080808080ull;
  const std::uint64_t low = w & ~kTop;
  return (low + (0x80 - 'A') * kOnes) & ~(low + (0x80 - 'Z' - 1) * kOnes) & ~w & kTop;
}

/// True when `s` holds an ASCII capital letter (a byte fold_ascii() changes).
inline bool has_ascii_upper(std::string_view s) {
  // Eight bytes at a time (author keys are checked on every row); the last
  // 4 to 7 bytes as two overlapping words of four.
  const char* p = s.data();
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    if (ascii_upper_bits(load_unaligned<std::uint64_t>(p + i)) != 0) return true;
  }
  if (s.size() - i >= 4) return ascii_upper_bits(load_short_tail(p + i, s.size() - i)) != 0;
  for (; i < s.size(); ++i) {
    if (p[i] >= 'A' && p[i] <= 'Z') return true;
  }
  return false;
}

/// Sets `out` to `s` ASCII-lower-cased, reusing out's storage.
inline void assign_lower_ascii(std::string& out, std::string_view s) {
  out.resize(s.size());
  char* o = out.data();
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {  // eight bytes at a time: 'A' + 0x20 is 'a'
    std::uint64_t w = load_unaligned<std::uint64_t>(s.data() + i);
    w |= ascii_upper_bits(w) >> 2;
    std::memcpy(o + i, &w, 8);
  }
  for (; i < s.size(); ++i) o[i] = fold_ascii(s[i]);
}

/// `s` ASCII-lower-cased, as a new string.
inline std::string lower_ascii(std::string_view s) {
  std::string out;
  assign_lower_ascii(out, s);
  return out;
}

/// `s` without leading and trailing ASCII whitespace (a view into `s`).
inline std::string_view trim_ascii(std::string_view s) {
  // Every whitespace byte is at most ' ': most fields start and end with
  // neither, and are returned after two comparisons.
  if (s.empty() ||
      (static_cast<unsigned char>(s.front()) > ' ' && static_cast<unsigned char>(s.back()) > ' ')) {
    return s;
  }
  std::size_t b = 0, e = s.size();
  while (b < e && is_space_ascii(s[b])) ++b;
  while (e > b && is_space_ascii(s[e - 1])) --e;
  return s.substr(b, e - b);
}

/// True when every byte of `w` that `used` selects (0xFF bytes) is an ASCII
/// digit: its high nibble 3, and still 3 with 6 added to the low one. The
/// bytes `used` leaves out must not carry into the others when 6 is added
/// (zeros do not).
inline bool ascii_digits_in_word(std::uint64_t w, std::uint64_t used = ~std::uint64_t{0}) {
  constexpr std::uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ull;
  constexpr std::uint64_t kThrees = 0x3030303030303030ull;
  return (w & kHigh & used) == (kThrees & used) &&
         ((w + 0x0606060606060606ull) & kHigh & used) == (kThrees & used);
}

/// canonical_decimal() of a string that is not one.
inline constexpr std::uint64_t kNotCanonicalDecimal = ~std::uint64_t{0};

/// The number `s` writes when it is a canonical decimal of at most
/// `max_digits` digits (1 to 19): ASCII digits only, no sign, no leading
/// zero ("0" itself is one); else kNotCanonicalDecimal. Two such strings are
/// equal exactly when their numbers are, so tables may key them by number.
inline std::uint64_t canonical_decimal(std::string_view s, std::size_t max_digits) {
  const std::size_t n = s.size();
  if (n == 0 || n > max_digits || (s[0] == '0' && n > 1)) return kNotCanonicalDecimal;
  if (n >= 4 && n <= 8) {
    // Four to eight digits (tweet and user ids, three of them in every
    // row) as one word, without a branch per digit: the bytes in place
    // (two overlapping loads of four), each checked to be 0x30-0x39, then
    // moved up as leading zeros and combined in pairs, quads and halves.
    const char* p = s.data();
    const std::uint64_t w = std::uint64_t{load_unaligned<std::uint32_t>(p)} |
                            std::uint64_t{load_unaligned<std::uint32_t>(p + n - 4)} << (8 * (n - 4));
    const std::uint64_t used = n == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n)) - 1;
    if (!ascii_digits_in_word(w, used)) return kNotCanonicalDecimal;
    std::uint64_t x = (w & 0x0F0F0F0F0F0F0F0Full & used) << (8 * (8 - n));
    x = (x * 10 + (x >> 8)) & 0x00FF00FF00FF00FFull;
    x = (x * 100 + (x >> 16)) & 0x0000FFFF0000FFFFull;
    return (x * 10000 + (x >> 32)) & 0xFFFFFFFFull;
  }
  std::uint64_t v = 0;
  for (char c : s) {
    const unsigned d = static_cast<unsigned char>(c) - unsigned{'0'};
    if (d > 9) return kNotCanonicalDecimal;
    v = v * 10 + d;
  }
  return v;
}

}  // namespace ssla

#endif  // SSLA_ASCII_H_
