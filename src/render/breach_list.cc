// The breach list of the human report (breach_list.h).
#include "breach_list.h"

#include <algorithm>

#include "ssla/base/halves.h"
#include "ssla/base/prefetch.h"
#include "ssla/render/opener_texts.h"
#include "ssla/render/text_grid.h"

namespace ssla {

namespace {

// How many display columns the last column (free text) keeps so that the
// text form fits in `limit` (0 = no limit), at least 10; its cells are cut
// to that with cut_cell(). npos when the table fits.
std::size_t last_column_keep(const TextGrid& grid, std::size_t limit) {
  const std::size_t total = grid.text_width();
  if (limit == 0 || total <= limit || grid.header.empty()) return std::string::npos;
  const std::size_t last = grid.header.size() - 1;
  std::size_t widest = display_width(grid.header[last]);
  for (const auto& row : grid.rows) widest = std::max(widest, display_width(row[last]));
  return std::max<std::size_t>(10, widest - std::min(widest, total - limit));
}

// `cell` cut to `keep` display columns, "..." included.
void cut_cell(std::string& cell, std::size_t keep) {
  if (keep == std::string::npos || display_width(cell) <= keep) return;
  cell = std::string(prefix_of_width(cell, keep - 3)) + "...";
}

}  // namespace

// The breach list of `report --breaches`, written as it is formatted: a
// first pass finds each column's widest cell (the widths and the cut of the
// text follow from those alone) and a second writes the rows. A list of a
// million breaches never holds its cells or its text at once.
void write_breach_list(const Audit& audit, const RenderOptions& options, bool markdown, bool wide,
                       Output& out) {
  const MessageTable& t = audit.read.table;
  TextGrid b;
  b.header = {"id",  "channel",   "account", "customer",   "start",
              "due", "responded", "waited",  "overdue by", "text"};
  b.over = {"", "", "", "", "", "", "", "business time", "business time", ""};
  b.right = {false, false, false, false, false, false, false, true, true, false};
  constexpr std::size_t kAccount = 2;
  constexpr std::size_t kDue = 5;
  // The default list shows times to the minute (the zone is in the
  // title) and cuts the text to what the width leaves; --wide shows all.
  // Within one year (from the first episode to as_of), the year goes too.
  const bool one_year =
      audit.first_start != kNoInstant && audit.report_zone.to_local(audit.first_start).year ==
                                             audit.report_zone.to_local(audit.as_of).year;
  auto when = [&](Instant at, std::string& cell) {
    if (wide) {
      assign_local_time(audit, at, 0, std::string::npos, cell);
    } else if (one_year) {
      assign_local_time(audit, at, 5, 11, cell);
    } else {
      assign_local_time(audit, at, 0, 16, cell);
    }
  };
  const auto listed = [&](const Episode& e) { return audit.listed_breach(e); };
  // fill() writes one breach's cells into those given (each thread has its own).
  auto fill = [&](std::vector<std::string>& cells, const Episode& e, std::string_view text) {
    const Message& m = t.messages[e.opened_by];
    std::string& excerpt = cells.back();
    excerpt.assign(text);
    std::replace(excerpt.begin(), excerpt.end(), '\n', ' ');
    std::replace(excerpt.begin(), excerpt.end(), '\r', ' ');
    if (display_width(excerpt) > 60) excerpt = std::string(prefix_of_width(excerpt, 57)) + "...";
    cells[0].clear();
    t.ids.append_text(m.id, cells[0]);
    cells[1].assign(t.strings.view(e.channel));
    cells[kAccount].assign(t.strings.view(e.account));
    cells[3].assign(t.strings.view(m.author_as_written));
    when(e.start, cells[4]);
    if (e.due == kNoInstant) {
      cells[kDue].assign("none");
    } else {
      when(e.due, cells[kDue]);
    }
    if (e.responded_at == kNoInstant) {
      cells[6].assign("unanswered");
    } else {
      when(e.responded_at, cells[6]);
    }
    assign_business_duration(e.business, cells[7]);
    assign_business_duration(e.business - e.target, cells[8]);
  };

  // The opener's message, then its id and author, asked for ahead of fill():
  // the breaches come in start order, their messages from all over the table.
  const auto& episodes = audit.episodes.episodes;
  auto ask = [&](std::size_t i) {
    if (i + 16 < episodes.size()) prefetch_line(&t.messages[episodes[i + 16].opened_by]);
    if (i + 8 < episodes.size()) {
      const Message& m = t.messages[episodes[i + 8].opened_by];
      t.ids.prefetch_text(m.id);
      t.strings.prefetch_entry(m.author_as_written);
    }
  };

  // Both passes work on two threads when the audit may use two, a block of
  // breaches each at a time (OpenerTexts::in_block_pairs()).
  const bool split = audit.options.threads >= 2 && episodes.size() >= kSplitFrom;
  constexpr std::size_t kBlock = 8192;
  struct Part {
    std::vector<std::string> cells;
    std::vector<std::string> widest;  // pass 1: the first widest cell of each column
    std::vector<std::size_t> widest_width;
    bool accounts = false;
    std::size_t rows = 0;
    std::vector<std::string> row;  // pass 2: the cells shown, and the rows written
    std::string text;
  };
  const std::size_t columns = b.header.size();
  Part parts[2];
  for (Part& part : parts) part.cells.assign(columns, std::string());
  // Folds `from`'s widest cells into `into`'s, `from` coming after `into`
  // in the list: a later cell replaces one only when strictly wider.
  auto fold = [&](Part& into, Part& from) {
    for (std::size_t c = 0; c < columns && from.rows > 0; ++c) {
      if (into.rows == 0 || from.widest_width[c] > into.widest_width[c]) {
        into.widest[c].swap(from.widest[c]);
        into.widest_width[c] = from.widest_width[c];
      }
    }
    into.accounts = into.accounts || from.accounts;
    into.rows += from.rows;
  };

  // 1. The widest cell of each column, and whether any breach has an account.
  Part all;
  all.widest.assign(columns, std::string());
  all.widest_width.assign(columns, 0);
  {
    OpenerTexts texts(audit, listed);
    auto measure = [&](Part& part, std::size_t from, std::size_t to) {
      part.widest.assign(columns, std::string());
      part.widest_width.assign(columns, 0);
      part.accounts = false;
      part.rows = 0;
      for (std::size_t i = from; i < to; ++i) {
        ask(i);
        const Episode& e = episodes[i];
        if (!listed(e)) continue;
        fill(part.cells, e, texts.text(i));
        for (std::size_t c = 0; c < columns; ++c) {
          const std::size_t w = display_width(part.cells[c]);
          if (part.rows == 0 || w > part.widest_width[c]) {
            part.widest[c] = part.cells[c];
            part.widest_width[c] = w;
          }
        }
        part.accounts = part.accounts || !part.cells[kAccount].empty();
        ++part.rows;
      }
    };
    texts.in_block_pairs(
        kBlock, split,
        [&](std::size_t first, std::size_t first_end, std::size_t second, std::size_t second_end) {
          run_beside(
              second < second_end, [&] { measure(parts[0], first, first_end); },
              [&] { measure(parts[1], second, second_end); });
          fold(all, parts[0]);
          fold(all, parts[1]);
        });
  }
  std::string s = markdown ? "\n## Breaches\n\n" : "\nBreaches\n\n";
  if (all.rows == 0) {
    out.write(s + "None.\n");
    return;
  }
  // The columns shown, as the whole grid would have them.
  std::vector<std::size_t> shown(columns);
  for (std::size_t c = 0; c < shown.size(); ++c) shown[c] = c;
  b.rows = {all.widest};
  std::size_t keep = std::string::npos;
  if (!wide) {
    auto drop = [&](std::size_t original) {
      const auto at = std::find(shown.begin(), shown.end(), original) - shown.begin();
      b.drop_column(static_cast<std::size_t>(at));
      shown.erase(shown.begin() + at);
    };
    if (!all.accounts) drop(kAccount);
    drop(kDue);
    keep = last_column_keep(b, options.width);
    cut_cell(b.rows[0].back(), keep);
  }

  // 2. The head, then the rows, a block of breaches per thread at a time,
  // written in order.
  const std::vector<std::size_t> width = b.render_head(markdown, options.color, s);
  out.write(s);
  auto write_rows = [&](Part& part, std::size_t from, std::size_t to, const OpenerTexts& texts) {
    part.text.clear();
    part.row.resize(shown.size());
    for (std::size_t i = from; i < to; ++i) {
      ask(i);
      const Episode& e = episodes[i];
      if (!listed(e)) continue;
      fill(part.cells, e, texts.text(i));
      for (std::size_t c = 0; c < shown.size(); ++c) part.row[c].swap(part.cells[shown[c]]);
      cut_cell(part.row.back(), keep);
      b.render_row(width, part.row, "", markdown, options.color, part.text);
    }
  };
  OpenerTexts texts(audit, listed);
  texts.in_block_pairs(
      kBlock, split,
      [&](std::size_t first, std::size_t first_end, std::size_t second, std::size_t second_end) {
        run_beside(
            second < second_end, [&] { write_rows(parts[0], first, first_end, texts); },
            [&] { write_rows(parts[1], second, second_end, texts); });
        out.write(parts[0].text);
        out.write(parts[1].text);
      });
}

}  // namespace ssla
