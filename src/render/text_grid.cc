#include "ssla/render/text_grid.h"

#include <algorithm>

namespace ssla {

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (char c : s) w += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return w;
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


void TextGrid::render(bool markdown, std::string& out) const {
  if (markdown) {
    out += '|';
    for (const std::string& h : header) out += " " + markdown_cell(h) + " |";
    out += "\n|";
    for (std::size_t c = 0; c < header.size(); ++c) out += right[c] ? " ---: |" : " --- |";
    out += '\n';
    for (const auto& row : rows) {
      out += '|';
      for (const std::string& cell : row) out += " " + markdown_cell(cell) + " |";
      out += '\n';
    }
    return;
  }
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < width.size(); ++c) width[c] = display_width(header[c]);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      width[c] = std::max(width[c], display_width(row[c]));
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::size_t pad = width[c] - display_width(cells[c]);
      if (c > 0) text += "  ";
      if (right[c]) text.append(pad, ' ');
      text += cells[c];
      if (!right[c]) text.append(pad, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  };
  line(header);
  std::size_t total = 0;
  for (std::size_t c = 0; c < width.size(); ++c) total += width[c] + (c > 0 ? 2 : 0);
  for (std::size_t i = 0; i < total; ++i) out += "─";
  out += '\n';
  for (const auto& row : rows) line(row);
}

}  // namespace ssla
