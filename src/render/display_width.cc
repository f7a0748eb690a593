#include "ssla/render/display_width.h"

#include <algorithm>
#include <array>
#include <utility>

#include "ssla/base/utf8.h"

namespace ssla {

namespace {

using Range = std::pair<char32_t, char32_t>;  // first and last code point, inclusive

// Drawn in no column of their own: combining marks, zero-width space and
// joiners, word joiner and invisible operators, variation selectors, the
// byte-order mark, the skin-tone modifiers (drawn into the emoji before
// them), tag characters: a subset of Unicode's general categories Mn, Me
// and Cf, the ones names and message texts carry.
constexpr std::array<Range, 15> kZeroWidth = {{{0x0300, 0x036F},
                                               {0x0483, 0x0489},
                                               {0x0591, 0x05BD},
                                               {0x0610, 0x061A},
                                               {0x064B, 0x065F},
                                               {0x1AB0, 0x1AFF},
                                               {0x1DC0, 0x1DFF},
                                               {0x200B, 0x200F},
                                               {0x2060, 0x2064},
                                               {0x20D0, 0x20FF},
                                               {0xFE00, 0xFE0F},
                                               {0xFE20, 0xFE2F},
                                               {0xFEFF, 0xFEFF},
                                               {0x1F3FB, 0x1F3FF},
                                               {0xE0000, 0xE01EF}}};

// Two columns: Unicode's East Asian Width W and F blocks, and the emoji
// drawn as pictures by default (Emoji_Presentation), in ascending order.
constexpr std::array<Range, 46> kWide = {
    {{0x1100, 0x115F},  {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0},
     {0x23F3, 0x23F3},  {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F},
     {0x2693, 0x2693},  {0x26A1, 0x26A1}, {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5},
     {0x26CE, 0x26CE},  {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
     {0x26FA, 0x26FA},  {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728},
     {0x274C, 0x274C},  {0x274E, 0x274E}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
     {0x27B0, 0x27B0},  {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
     {0x2E80, 0x303E},  {0x3041, 0xA4CF}, {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
     {0xFE10, 0xFE19},  {0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x16FE0, 0x1B2FF},
     {0x1F004, 0x3FFFD}}};

template <std::size_t N>
bool in(const std::array<Range, N>& ranges, char32_t c) {
  const auto it = std::upper_bound(ranges.begin(), ranges.end(), c,
                                   [](char32_t v, const Range& r) { return v < r.first; });
  return it != ranges.begin() && c <= std::prev(it)->second;
}

// True for the code points of U+1F004-1FFFF (inside the last wide range)
// that are drawn in one column: the symbols of U+1F000-1F2FF but the few
// emoji among them, the ornamental dingbats, the alchemical and extended
// geometric shapes (but the coloured circles and squares from U+1F7E0),
// the supplemental arrows and the legacy computing symbols. Planes 2 and 3
// (CJK ideographs) are wide throughout.
bool narrow_in_supplement(char32_t c) {
  if (c < 0x1F300) {
    return !(c == 0x1F004 || c == 0x1F0CF || c == 0x1F18E || (c >= 0x1F191 && c <= 0x1F19A) ||
             (c >= 0x1F200 && c <= 0x1F251));
  }
  if (c >= 0x1F650 && c <= 0x1F67F) return true;  // ornamental dingbats
  if (c >= 0x1F700 && c <= 0x1F7DF) return true;  // alchemical, extended geometric shapes
  if (c >= 0x1F800 && c <= 0x1F8FF) return true;  // supplemental arrows
  if (c >= 0x1FB00 && c <= 0x1FFFF) return true;  // legacy computing
  return false;
}

// The code point at s[p] and its length in bytes; U+FFFD and 1 for a byte
// that starts no valid sequence (utf8_sequence_length() judges).
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t p) {
  const std::size_t n = utf8_sequence_length(s, p);
  if (n == 0) return {0xFFFD, 1};
  const auto c = static_cast<unsigned char>(s[p]);
  if (n == 1) return {c, 1};
  char32_t v = c & (0x7F >> n);
  for (std::size_t i = 1; i < n; ++i) v = v << 6 | (static_cast<unsigned char>(s[p + i]) & 0x3F);
  return {v, n};
}

}  // namespace

int code_point_width(char32_t c) {
  if (c < 0x300) return 1;
  if (in(kZeroWidth, c)) return 0;
  if (in(kWide, c)) return c >= 0x1F004 && c <= 0x1FFFF && narrow_in_supplement(c) ? 1 : 2;
  return 1;
}

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t p = 0; p < s.size();) {
    if (static_cast<unsigned char>(s[p]) < 0x80) {  // ASCII: most of every table
      ++w;
      ++p;
      continue;
    }
    const auto [c, n] = decode(s, p);
    w += static_cast<std::size_t>(code_point_width(c));
    p += n;
  }
  return w;
}

std::string_view prefix_of_width(std::string_view s, std::size_t width) {
  std::size_t w = 0;
  std::size_t p = 0;
  while (p < s.size()) {
    const auto [c, n] = decode(s, p);
    const auto cw = static_cast<std::size_t>(code_point_width(c));
    if (w + cw > width) break;
    w += cw;
    p += n;
  }
  return s.substr(0, p);
}

}  // namespace ssla
