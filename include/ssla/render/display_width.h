// How many terminal columns text takes: what aligns the text tables
// (TextGrid, the breach list, `pending`) and cuts their free-text cells.
#ifndef SSLA_DISPLAY_WIDTH_H_
#define SSLA_DISPLAY_WIDTH_H_

#include <cstddef>
#include <string_view>

namespace ssla {

/// Terminal columns of one code point, as terminals draw it: 0 for
/// combining marks, zero-width spaces and joiners and variation selectors;
/// 2 for East Asian wide and fullwidth characters (CJK, Hangul, kana,
/// fullwidth forms) and emoji drawn as pictures; 1 otherwise.
int code_point_width(char32_t c);

/// Display width of UTF-8 text in terminal columns: the sum of its code
/// points' widths. A byte that starts no valid sequence counts one column
/// (terminals draw it as U+FFFD).
std::size_t display_width(std::string_view s);

/// The longest prefix of `s`, in whole code points, at most `width`
/// columns wide (a view into `s`).
std::string_view prefix_of_width(std::string_view s, std::size_t width);

}  // namespace ssla

#endif  // SSLA_DISPLAY_WIDTH_H_
