// The human report: an aligned text table (optionally coloured) or markdown,
// with the list of breaches on request.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "ssla/base/halves.h"
#include "ssla/base/prefetch.h"
#include "ssla/render/opener_texts.h"
#include "ssla/render/render.h"
#include "ssla/render/text_grid.h"

namespace ssla {

namespace {

std::string stat_cell(const Stats& s, Millis Stats::*field, bool business) {
  if (!s.present) return "-";
  return business ? business_duration(s.*field) : short_duration(s.*field);
}

std::string percent(std::optional<double> v) {
  return v ? fmt::format("{:.1f}%", *v * 100) : std::string("-");
}

// The columns of the groups table after the keys: name, the label of its
// span, whether the default (narrow) table shows it, and its cell.
struct GroupColumn {
  const char* name;
  const char* over;
  bool narrow;
  std::string (*cell)(const Group&);
};

const std::vector<GroupColumn>& group_columns() {
  static const std::vector<GroupColumn> kColumns = {
      {"episodes", "", true, [](const Group& g) { return fmt::format("{}", g.episodes); }},
      {"measured", "", false, [](const Group& g) { return fmt::format("{}", g.measured); }},
      {"met", "", true, [](const Group& g) { return fmt::format("{}", g.met); }},
      {"breached", "", true,
       [](const Group& g) { return fmt::format("{}", g.breached_late + g.breached_unanswered); }},
      {"late", "", false, [](const Group& g) { return fmt::format("{}", g.breached_late); }},
      {"unanswered", "", false,
       [](const Group& g) { return fmt::format("{}", g.breached_unanswered); }},
      {"pending", "", true, [](const Group& g) { return fmt::format("{}", g.pending); }},
      {"exempt", "", false, [](const Group& g) { return fmt::format("{}", g.exempt_messages); }},
      {"attainment", "", true, [](const Group& g) { return percent(g.attainment); }},
      {"goal", "", true,
       [](const Group& g) { return g.goal ? percent(g.goal->value()) : std::string("-"); }},
      {"status", "", true,
       [](const Group& g) { return std::string(g.pass ? (*g.pass ? "pass" : "FAIL") : "-"); }},
      {"p50", "business time", true,
       [](const Group& g) { return stat_cell(g.business, &Stats::p50, true); }},
      {"p90", "business time", true,
       [](const Group& g) { return stat_cell(g.business, &Stats::p90, true); }},
      {"p95", "business time", false,
       [](const Group& g) { return stat_cell(g.business, &Stats::p95, true); }},
      {"max", "business time", false,
       [](const Group& g) { return stat_cell(g.business, &Stats::max, true); }},
      {"p50", "calendar time", false,
       [](const Group& g) { return stat_cell(g.calendar, &Stats::p50, false); }},
      {"p90", "calendar time", false,
       [](const Group& g) { return stat_cell(g.calendar, &Stats::p90, false); }},
  };
  return kColumns;
}

// `text` broken at spaces into lines of at most `limit` display columns
// (a longer word stays whole), the later ones indented by two; 0 = no limit.
std::string wrap_words(std::string_view text, std::size_t limit) {
  if (limit == 0 || display_width(text) <= limit) return std::string(text);
  std::string out;
  std::size_t line = 0;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    if (line > 0 && line + 1 + display_width(word) > limit) {
      out += "\n  ";
      line = 2;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += display_width(word);
  }
  return out;
}

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
  std::size_t cut = 0;
  for (std::size_t seen = 0; cut < cell.size(); ++cut) {
    if ((static_cast<unsigned char>(cell[cut]) & 0xC0) != 0x80 && seen++ == keep - 3) break;
  }
  cell = cell.substr(0, cut) + "...";
}

// Narrows a default table that is wider than `limit` display columns by
// dropping, in this order, the columns an analyst reads last.
void fit_width(TextGrid& grid, std::size_t keys, std::size_t limit) {
  for (const char* name : {"p90", "pending", "goal", "p50"}) {
    if (limit == 0 || grid.text_width() <= limit) return;
    for (std::size_t c = keys; c < grid.header.size(); ++c) {
      if (grid.header[c] == name) {
        grid.drop_column(c);
        break;
      }
    }
  }
}

}  // namespace

std::string short_duration(Millis d) {
  if (d < 0) return "-" + short_duration(-d);
  const std::int64_t s = d / kMillisPerSecond;
  if (s < 86400) return business_duration(d);
  return fmt::format("{}d {:02}h", s / 86400, (s / 3600) % 24);
}

std::string text_table(const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& right) {
  TextGrid grid;
  if (rows.empty()) return std::string();
  grid.header = rows.front();
  grid.right = right;
  grid.rows.assign(rows.begin() + 1, rows.end());
  std::string out;
  grid.render(false, out);
  return out;
}

namespace {

// Two decimal digits of `v` (below 100) at p.
void put2(char* p, unsigned v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

// The breach list's cells (three a row, twice) are written here digit by
// digit; years outside 0-9999 and offsets of 100 hours or more (no real
// zone has them) by fmt.
void assign_local_time(const Audit& audit, Instant t, std::size_t from, std::size_t size,
                       std::string& out) {
  const LocalTime l = audit.report_zone.to_local(t);
  const Millis offset = audit.report_zone.offset_at(t);
  const std::int64_t minutes = (offset < 0 ? -offset : offset) / kMillisPerMinute;
  if (l.year < 0 || l.year > 9999 || minutes / 60 >= 100) {
    out.assign(fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} {}{:02}:{:02}", l.year, l.month,
                           l.day, l.hour, l.minute, l.second, offset < 0 ? '-' : '+', minutes / 60,
                           minutes % 60)
                   .substr(from, size));
    return;
  }
  char b[] = "0000-00-00 00:00:00 +00:00";
  const auto year = static_cast<unsigned>(l.year);
  put2(b, year / 100);
  put2(b + 2, year % 100);
  put2(b + 5, l.month);
  put2(b + 8, l.day);
  put2(b + 11, l.hour);
  put2(b + 14, l.minute);
  put2(b + 17, l.second);
  b[20] = offset < 0 ? '-' : '+';
  put2(b + 21, static_cast<unsigned>(minutes / 60));
  put2(b + 24, static_cast<unsigned>(minutes % 60));
  out.assign(std::string_view(b, sizeof b - 1).substr(from, size));
}

std::string local_time_text(const Audit& audit, Instant t) {
  std::string text;
  assign_local_time(audit, t, 0, std::string::npos, text);
  return text;
}

void assign_business_duration(Millis d, std::string& out) {
  out.clear();
  if (d < 0) {
    out += '-';
    d = -d;
  }
  const std::int64_t s = d / kMillisPerSecond;
  char b[32];
  auto number = [&](std::int64_t v) {
    const auto r = std::to_chars(b, b + sizeof b, v);
    out.append(b, static_cast<std::size_t>(r.ptr - b));
  };
  auto two = [&](std::int64_t v) {
    put2(b, static_cast<unsigned>(v));
    out.append(b, 2);
  };
  if (s < 60) {
    number(s);
    out += 's';
  } else if (s < 3600) {
    number(s / 60);
    out += "m ";
    two(s % 60);
    out += 's';
  } else {
    number(s / 3600);
    out += "h ";
    two((s / 60) % 60);
    out += 'm';
  }
}

std::string business_duration(Millis d) {
  std::string text;
  assign_business_duration(d, text);
  return text;
}

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
    if (display_width(excerpt) > 60) {
      std::size_t cut = 57;
      while (cut > 0 && (static_cast<unsigned char>(excerpt[cut]) & 0xC0) == 0x80) --cut;
      excerpt = excerpt.substr(0, cut) + "...";
    }
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
  b.row_color = {""};
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

void render_report_table(const Audit& audit, const RenderOptions& options, bool markdown,
                         Output& out) {
  std::string s;
  const std::string title = audit.policy->name.empty() ? "SSLA report" : audit.policy->name;
  const std::string window =
      (audit.options.window.from || audit.options.window.to)
          ? fmt::format(
                "{} to {}",
                audit.options.window.from ? local_time_text(audit, *audit.options.window.from)
                                          : "start",
                audit.options.window.to ? local_time_text(audit, *audit.options.window.to) : "end")
          : "all episodes";
  if (markdown) {
    s += "# " + markdown_cell(title) + "\n\n";
    s += fmt::format("As of {} ({}). Window: {}. Times in {}.\n\n",
                     local_time_text(audit, audit.as_of), format_utc(audit.as_of), window,
                     audit.report_zone.name());
  } else {
    // One line when it fits the width, else the window on a line of its own.
    const std::string as_of =
        fmt::format("as of {} ({})", local_time_text(audit, audit.as_of), format_utc(audit.as_of));
    const std::string rest = fmt::format("window: {} · zone {}", window, audit.report_zone.name());
    const bool fits =
        options.width == 0 || display_width(as_of) + 3 + display_width(rest) <= options.width;
    s += title + "\n" + as_of + (fits ? " · " : "\n") + rest + "\n\n";
  }

  // Markdown is read in a browser or an editor, not a terminal: it keeps
  // every column, as --wide does.
  const bool wide = options.wide || markdown;
  TextGrid grid;
  for (GroupBy by : audit.options.by) {
    grid.header.emplace_back(group_by_name(by));
    grid.over.emplace_back();
  }
  const std::size_t keys = grid.header.size();
  for (const GroupColumn& c : group_columns()) {
    if (!wide && !c.narrow) continue;
    grid.header.emplace_back(c.name);
    grid.over.emplace_back(c.over);
  }
  grid.right.assign(grid.header.size(), true);
  for (std::size_t k = 0; k < keys; ++k) grid.right[k] = false;
  for (std::size_t c = keys; c < grid.header.size(); ++c) {
    if (grid.header[c] == "status") grid.right[c] = false;
  }
  auto add_row = [&](const Group& g, std::vector<std::string> row) {
    for (const GroupColumn& c : group_columns()) {
      if (wide || c.narrow) row.push_back(c.cell(g));
    }
    grid.rows.push_back(std::move(row));
    grid.row_color.push_back(!g.pass ? "" : (*g.pass ? "\x1b[32m" : "\x1b[31m"));
  };
  for (const Group& g : audit.groups) {
    std::vector<std::string> row;
    for (const std::string& k : g.key) row.push_back(k.empty() || is_null_key(k) ? "(none)" : k);
    add_row(g, std::move(row));
  }
  // Spec 8.4: the total of the window under two groups or more, below a rule.
  if (audit.groups.size() >= 2) {
    std::vector<std::string> row(keys);
    row[0] = "total";
    grid.rule_after = grid.rows.size();
    add_row(audit.total, std::move(row));
  }
  if (!wide) fit_width(grid, keys, options.width);
  if (audit.groups.empty()) {
    s += "No episodes in the report window.\n";
  } else {
    grid.render(markdown, s, options.color);
  }

  const DataQuality& q = audit.quality;
  std::string quality = fmt::format(
      "{}rows read {}, rejected {}; duplicates {} identical, {} conflicting; orphan replies {}; "
      "unlinked company posts {}; replies before parent {}; parent cycles {}; automated replies "
      "{}{}",
      markdown ? "Data quality: " : "data quality: ", q.rows_read, q.rows_rejected,
      q.duplicates_identical, q.duplicates_conflicting, q.orphan_replies, q.unlinked_outbound,
      q.replies_before_parent, q.parent_cycles, q.automated_replies,
      q.unconfigured_channels.empty() ? ""
                                      : fmt::format("; channels without a policy: {}",
                                                    fmt::join(q.unconfigured_channels, ", ")));
  s += "\n" + (markdown ? quality : wrap_words(quality, options.width)) + "\n";

  out.write(s);
  if (options.breaches) write_breach_list(audit, options, markdown, wide, out);
}

bool report_lists_episodes(const RenderOptions& options) {
  switch (options.format) {
    case ReportFormat::kTable:
      return options.breaches;
    case ReportFormat::kCsv:
      return false;
    case ReportFormat::kMarkdown:
    case ReportFormat::kJson:
    case ReportFormat::kHtml:
      return true;
  }
  return true;
}

bool report_lists_breaches_only(const RenderOptions& options) {
  return (options.format == ReportFormat::kTable && options.breaches) ||
         options.format == ReportFormat::kJson;
}

bool report_shows_responders(const RenderOptions& options) {
  return options.format == ReportFormat::kJson;
}

void render_report(const Audit& audit, const RenderOptions& options, Output& out) {
  switch (options.format) {
    case ReportFormat::kTable:
      render_report_table(audit, options, false, out);
      break;
    case ReportFormat::kMarkdown:
      render_report_markdown(audit, options, out);
      break;
    case ReportFormat::kCsv:
      render_report_csv(audit, out);
      break;
    case ReportFormat::kJson:
      render_report_json(audit, out);
      break;
    case ReportFormat::kHtml:
      render_report_html(audit, options, out);
      break;
  }
}

}  // namespace ssla
