// A grid of cells printed as aligned text (columns two spaces apart, a rule
// under the header) or as a markdown table, for `suggest` and `compare`.
#ifndef SSLA_TEXT_GRID_H_
#define SSLA_TEXT_GRID_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ssla {

/// Display width of UTF-8 text in terminal columns: code points, not bytes
/// (good enough for the names and numbers reports show).
std::size_t display_width(std::string_view s);

/// `s` as one Markdown table cell: `|` escaped, line breaks as spaces.
std::string markdown_cell(std::string_view s);

/// Header, per-column alignment and rows of display text (UTF-8).
struct TextGrid {
  std::vector<std::string> header;
  std::vector<bool> right;  ///< right-aligned column (numbers); same size as header
  std::vector<std::vector<std::string>> rows;  ///< each the size of header

  /// Appends the grid to `out`: aligned text, or a markdown table when
  /// `markdown` (cells with `|` escaped, line breaks as spaces).
  void render(bool markdown, std::string& out) const;
};

}  // namespace ssla

#endif  // SSLA_TEXT_GRID_H_
