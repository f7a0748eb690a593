#include "ssla/render/text_grid.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>

#include "ssla/base/join.h"

namespace ssla {

namespace {

std::string repeat(std::string_view piece, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += piece;
  return out;
}

// The end of the run of columns from `c` that share its span label (c + 1
// when it has none).
std::size_t span_end(const std::vector<std::string>& over, std::size_t c) {
  std::size_t end = c + 1;
  while (end < over.size() && !over[c].empty() && over[end] == over[c]) ++end;
  return end;
}

// Display columns of columns [from, end) of widths `width`, with the two
// spaces between them.
std::size_t span_width(const std::vector<std::size_t>& width, std::size_t from, std::size_t end) {
  std::size_t span = 2 * (end - from - 1);
  for (std::size_t k = from; k < end; ++k) span += width[k];
  return span;
}

// Display columns of a text table's line, its columns `width` wide.
std::size_t line_width(const std::vector<std::size_t>& width) {
  return width.empty() ? 0 : span_width(width, 0, width.size());
}

// A rule across a text table whose columns are `width` wide.
std::string rule_line(const std::vector<std::size_t>& width) {
  return repeat("─", line_width(width)) + "\n";
}

// Appends the space-separated words of `text` to `out`, whose current line
// already holds `used` display columns, starting a new line indented by
// `hang` spaces before a word that would pass `limit`.
void append_wrapped(std::string_view text, std::size_t used, std::size_t hang, std::size_t limit,
                    std::string& out) {
  bool first = true;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    const std::size_t w = display_width(word);
    if (!first && used + 1 + w > limit) {
      out += '\n';
      out.append(hang, ' ');
      used = hang;
    } else if (!first) {
      out += ' ';
      ++used;
    }
    out += word;
    used += w;
    first = false;
  }
}

}  // namespace

std::string wrap_words(std::string_view text, std::size_t limit) {
  if (limit == 0 || display_width(text) <= limit) return std::string(text);
  std::string out;
  append_wrapped(text, 0, 2, limit, out);
  return out;
}

std::string wrap_prose_lines(std::string_view text, std::size_t limit) {
  if (limit == 0) return std::string(text);
  std::string out;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    const std::size_t indent = std::min(line.find_first_not_of(' '), line.size());
    const bool table = line.find("  ", indent) != std::string_view::npos;
    if (table || display_width(line) <= limit) {
      out += line;
    } else {
      out.append(indent, ' ');
      append_wrapped(line.substr(indent), indent, indent + 4, limit, out);
    }
    if (nl != std::string_view::npos) out += '\n';
  }
  return out;
}

std::string join_or_break(std::string_view first, std::string_view second, std::size_t width,
                          std::string_view join, std::string_view line_break) {
  const bool fits =
      width == 0 || display_width(first) + display_width(join) + display_width(second) <= width;
  std::string out(first);
  out += fits ? join : line_break;
  out += second;
  return out;
}

void note_every_row(std::string& note, std::string_view name, std::string_view value) {
  note += note.empty() ? "every row: " : " · ";
  note += name;
  note += ' ';
  note += value;
}

std::string left_out_note(const std::vector<std::string>& names, std::size_t width,
                          std::string_view how) {
  return fmt::format("{} left out to fit {} columns ({}).", join_list(names, ", ", " and "), width,
                     how);
}

std::string markdown_cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::size_t> TextGrid::column_widths() const {
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < width.size(); ++c) width[c] = display_width(header[c]);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], display_width(row[c]));
  }
  for (std::size_t c = 0; c < over.size();) {
    const std::size_t end = span_end(over, c);
    const std::size_t span = span_width(width, c, end);
    const std::size_t label = display_width(over[c]);
    if (label > span) width[end - 1] += label - span;
    c = end;
  }
  return width;
}

std::size_t TextGrid::text_width() const {
  return line_width(column_widths());
}

std::size_t TextGrid::column(std::string_view name, std::size_t from) const {
  for (std::size_t c = from; c < header.size(); ++c) {
    if (header[c] == name) return c;
  }
  return std::string::npos;
}

void TextGrid::drop_column(std::size_t c) {
  header.erase(header.begin() + static_cast<std::ptrdiff_t>(c));
  if (c < over.size()) over.erase(over.begin() + static_cast<std::ptrdiff_t>(c));
  right.erase(right.begin() + static_cast<std::ptrdiff_t>(c));
  for (auto& row : rows) row.erase(row.begin() + static_cast<std::ptrdiff_t>(c));
}

void TextGrid::render_row(const std::vector<std::size_t>& width,
                          const std::vector<std::string>& cells, const std::string& prefix,
                          bool markdown, bool color, std::string& out) const {
  if (markdown) {
    out += '|';
    for (const std::string& cell : cells) out += " " + markdown_cell(cell) + " |";
    out += '\n';
    return;
  }
  std::string text;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const std::size_t pad = width[c] - display_width(cells[c]);
    if (c > 0) text += "  ";
    if (right[c]) text.append(pad, ' ');
    text += cells[c];
    if (!right[c] && c + 1 < cells.size()) text.append(pad, ' ');
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (color && !prefix.empty()) {
    out += prefix + text + "\x1b[0m\n";
  } else {
    out += text + "\n";
  }
}

std::vector<std::size_t> TextGrid::render_head(bool markdown, bool color, std::string& out) const {
  if (markdown) {
    auto name = [&](std::size_t c) {
      return c < over.size() && !over[c].empty() ? header[c] + " (" + over[c] + ")" : header[c];
    };
    out += '|';
    for (std::size_t c = 0; c < header.size(); ++c) out += " " + markdown_cell(name(c)) + " |";
    out += "\n|";
    for (std::size_t c = 0; c < header.size(); ++c) out += right[c] ? " ---: |" : " --- |";
    out += '\n';
    return {};
  }
  const std::vector<std::size_t> width = column_widths();
  // The span labels, centred over their columns.
  bool any_over = false;
  for (const std::string& o : over) any_over = any_over || !o.empty();
  if (any_over) {
    std::string text;
    std::size_t at = 0;  // display column
    for (std::size_t c = 0; c < over.size();) {
      const std::size_t end = span_end(over, c);
      const std::size_t span = span_width(width, c, end);
      const std::size_t start = at + (c > 0 ? 2 : 0);
      if (!over[c].empty()) {
        const std::size_t label = display_width(over[c]);
        const std::size_t left = start + (span - label) / 2;
        text.append(left - display_width(text), ' ');
        text += over[c];
      }
      at = start + span;
      c = end;
    }
    out += text + "\n";
  }
  render_row(width, header, color ? "\x1b[1m" : "", false, color, out);
  out += rule_line(width);
  return width;
}

void TextGrid::render(bool markdown, std::string& out, bool color) const {
  const std::vector<std::size_t> width = render_head(markdown, color, out);
  const std::string rule = markdown ? std::string() : rule_line(width);
  static const std::string kNoColor;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (r == rule_after && !markdown) out += rule;
    render_row(width, rows[r], r < row_color.size() ? row_color[r] : kNoColor, markdown, color,
               out);
  }
}

}  // namespace ssla
