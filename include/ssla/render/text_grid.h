// A grid of cells printed as aligned text (columns two spaces apart, a rule
// under the header) or as a markdown table: the report's groups and breach
// tables, `pending`, `suggest` and `compare`.
#ifndef SSLA_TEXT_GRID_H_
#define SSLA_TEXT_GRID_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ssla/render/display_width.h"

namespace ssla {

/// `text` broken at spaces into lines of at most `limit` display columns
/// (a longer word stays whole), the later ones indented by two; 0 = no limit.
std::string wrap_words(std::string_view text, std::size_t limit);

/// `text` with each line wider than `limit` display columns (0 = no limit)
/// broken at spaces, the later parts indented four more than the line, as
/// prose reads in a terminal; lines with two spaces in a row after their
/// indent (rows of a table) are left whole.
std::string wrap_prose_lines(std::string_view text, std::size_t limit);

/// `first`, then `second` after `join` when both fit in `width` display
/// columns (0 = no limit), else after `line_break` (a line of its own, or
/// an indented one): a line that breaks where a reader expects it.
std::string join_or_break(std::string_view first, std::string_view second, std::size_t width,
                          std::string_view join = " · ", std::string_view line_break = "\n");

/// Appends `name value` to `note`, after "every row: " when it is the first,
/// else after " · ": a column whose every row holds one value, left out of a
/// table narrowed to the terminal and said once instead.
void note_every_row(std::string& note, std::string_view name, std::string_view value);

/// "waited and customer left out to fit 80 columns (HOW)." for the columns
/// `names` (in the order they were left out) of a table narrowed to `width`;
/// `how` tells where they are still shown.
std::string left_out_note(const std::vector<std::string>& names, std::size_t width,
                          std::string_view how);

/// `s` as one Markdown table cell: `|` escaped, line breaks as spaces.
std::string markdown_cell(std::string_view s);

/// Header, per-column alignment and rows of display text (UTF-8). Text
/// tables may carry a label over a run of columns (`business time` over p50
/// and p90), so that the column names themselves stay short.
struct TextGrid {
  std::vector<std::string> header;
  std::vector<bool> right;  ///< right-aligned column (numbers); same size as header
  std::vector<std::vector<std::string>> rows;  ///< each the size of header
  /// Per column: the label of its span, or empty; may be shorter than
  /// header. Markdown has no spans: the label follows the column's name.
  std::vector<std::string> over;
  /// Per row: the ANSI colour prefix it gets when colour is on, or empty;
  /// may be shorter than rows.
  std::vector<std::string> row_color;
  /// In the text form, a rule above this row (the total line); npos: none.
  std::size_t rule_after = std::string::npos;

  /// Appends the grid to `out`: aligned text (rows coloured when `color`),
  /// or a markdown table when `markdown` (cells with `|` escaped, line
  /// breaks as spaces).
  void render(bool markdown, std::string& out, bool color = false) const;

  /// Column widths of the text form, in display columns: the widest cell
  /// (header included), widened where a span label needs the room.
  std::vector<std::size_t> column_widths() const;
  /// Display columns of the text form's widest line.
  std::size_t text_width() const;
  /// The index of the first column from `from` on headed `name`, or npos.
  std::size_t column(std::string_view name, std::size_t from = 0) const;
  /// Removes column `c` (header, alignment, span label and every row's cell).
  void drop_column(std::size_t c);

  /// For rows written as they come: appends the lines above the rows (span
  /// labels, header, rule) and returns the widths render_row() takes (empty
  /// for markdown), from the header and the rows the grid holds (all of
  /// them, or one row of each column's widest cells).
  std::vector<std::size_t> render_head(bool markdown, bool color, std::string& out) const;
  /// Appends one row of `cells` (one per column) at `width`; `prefix` is
  /// its colour when `color` (text form only).
  void render_row(const std::vector<std::size_t>& width, const std::vector<std::string>& cells,
                  const std::string& prefix, bool markdown, bool color, std::string& out) const;
};

}  // namespace ssla

#endif  // SSLA_TEXT_GRID_H_
