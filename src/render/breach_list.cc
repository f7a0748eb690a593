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

// The list's columns, in the order of the whole (`--wide`) list.
constexpr const char* kHeader[] = {"id",  "channel",   "account", "customer",   "start",
                                   "due", "responded", "waited",  "overdue by", "text"};
constexpr std::size_t kChannel = 1;
constexpr std::size_t kAccount = 2;
constexpr std::size_t kCustomer = 3;
constexpr std::size_t kDue = 5;
constexpr std::size_t kResponded = 6;
constexpr std::size_t kWaited = 7;
constexpr std::size_t kText = 9;

// The narrowest a text cut to fit keeps its place at the end of a row, in
// display columns: below this it goes to a line of its own under the row.
constexpr std::size_t kTextInRow = 30;

}  // namespace

// The breach list of `report --breaches`, written as it is formatted: a
// first pass finds each column's widest cell (the widths and the cut of the
// text follow from those alone) and a second writes the rows. A list of a
// million breaches never holds its cells or its text at once.
void write_breach_list(const Audit& audit, const RenderOptions& options, bool markdown, bool wide,
                       Output& out) {
  const MessageTable& t = audit.read.table;
  TextGrid b;
  b.header.assign(std::begin(kHeader), std::end(kHeader));
  b.over = {"", "", "", "", "", "", "", "business time", "business time", ""};
  b.right = {false, false, false, false, false, false, false, true, true, false};
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
  // The display columns a text keeps at most: 60 at the end of a row; under
  // its row, what the terminal leaves; with --wide, the whole excerpt (the
  // first kExcerptBytes of the text), as the flag promises.
  std::size_t text_cap = wide ? std::string::npos : 60;
  // fill() writes one breach's cells into those given (each thread has its own).
  auto fill = [&](std::vector<std::string>& cells, const Episode& e, std::string_view text) {
    const Message& m = t.messages[e.opened_by];
    std::string& excerpt = cells.back();
    excerpt.assign(text);
    std::replace(excerpt.begin(), excerpt.end(), '\n', ' ');
    std::replace(excerpt.begin(), excerpt.end(), '\r', ' ');
    cut_cell(excerpt, text_cap);
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
  struct alignas(kCacheLine) Part {  // one per thread
    std::vector<std::string> cells;
    std::vector<std::string> widest;  // pass 1: the first widest cell of each column
    std::vector<std::size_t> widest_width;
    // The channel's and the account's first cell, and whether every row
    // has it: a column of one value is said once when the list narrows.
    std::string first[2];
    bool same[2] = {true, true};
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
    for (std::size_t k = 0; k < 2 && from.rows > 0; ++k) {
      if (into.rows == 0) {
        into.first[k].swap(from.first[k]);
        into.same[k] = from.same[k];
      } else {
        into.same[k] = into.same[k] && from.same[k] && into.first[k] == from.first[k];
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
      part.same[0] = part.same[1] = true;
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
        for (std::size_t k = 0; k < 2; ++k) {
          const std::string& cell = part.cells[kChannel + k];
          if (part.rows == 0) {
            part.first[k] = cell;
          } else if (part.same[k] && cell != part.first[k]) {
            part.same[k] = false;
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
  bool text_below = false;        // the text on a line of its own under each row
  std::string every;              // "every row: channel twitter": the columns said once
  std::vector<std::string> left;  // the columns left out to fit
  if (!wide) {
    auto drop = [&](std::size_t original) {
      const auto at = std::find(shown.begin(), shown.end(), original) - shown.begin();
      b.drop_column(static_cast<std::size_t>(at));
      shown.erase(shown.begin() + at);
    };
    auto is_shown = [&](std::size_t original) {
      return std::find(shown.begin(), shown.end(), original) != shown.end();
    };
    if (!all.accounts) drop(kAccount);
    drop(kDue);
    const std::size_t width = markdown ? 0 : options.width;
    if (width != 0 && b.text_width() > width) {
      // Narrower than the table, as a terminal of 80 columns is: a column
      // of one value is said once (a list of one channel's breaches);
      // then the text, when the row leaves it too little to read, goes
      // under its row; then the columns the rest tells least without:
      // waited (the target plus overdue by), customer, responded.
      for (std::size_t c : {kChannel, kAccount}) {
        if (!is_shown(c) || !all.same[c - kChannel]) continue;
        note_every_row(every, kHeader[c], all.first[c - kChannel]);
        drop(c);
      }
      const std::size_t text_column = b.column_widths().back();
      const std::size_t rest = b.text_width() - text_column - 2;
      if (width >= rest + 2 + std::min(kTextInRow, text_column)) {
        keep = last_column_keep(b, width);
      } else {
        text_below = true;
        drop(kText);
        for (std::size_t c : {kWaited, kCustomer, kResponded}) {
          if (b.text_width() <= width) break;
          left.push_back(kHeader[c]);
          drop(c);
        }
      }
    } else {
      keep = last_column_keep(b, options.width);
    }
    cut_cell(b.rows[0].back(), keep);
  }

  // 2. The head, then the rows, a block of breaches per thread at a time,
  // written in order.
  if (!every.empty() || !left.empty()) {
    s.pop_back();  // the notes go between the title and the table
    if (!every.empty()) s += wrap_words(every, options.width) + "\n";
    if (!left.empty()) {
      s += wrap_words(left_out_note(left, options.width, "--wide shows every column"),
                      options.width);
      s += '\n';
    }
    s += '\n';
  }
  const std::vector<std::size_t> width = b.render_head(markdown, options.color, s);
  out.write(s);
  // Under its row, the text starts where the row's second column does.
  const std::size_t indent = width.empty() ? 0 : width[0] + 2;
  if (text_below) text_cap = options.width > indent + 10 ? options.width - indent : 10;
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
      if (text_below) {
        part.text.append(indent, ' ');
        part.text += part.cells[kText];
        part.text += '\n';
      }
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
