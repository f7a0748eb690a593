// The human report: an aligned text table (optionally coloured) or markdown,
// with the list of breaches on request.
#include <algorithm>

#include <fmt/format.h>

#include "ssla/render/render.h"

namespace ssla {

namespace {

// A grid of cells rendered either as aligned text or as a markdown table.
struct Grid {
  std::vector<std::string> header;
  std::vector<bool> right;  // right-align numbers
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row_color;  // ANSI prefix per row, or empty
};

// Display width of a UTF-8 string: code points, not bytes (good enough for
// the names and numbers shown here).
std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (char c : s) w += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return w;
}

std::string markdown_cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

void render_grid(const Grid& grid, bool markdown, bool color, std::string& out) {
  if (markdown) {
    out += '|';
    for (const std::string& h : grid.header) out += " " + markdown_cell(h) + " |";
    out += "\n|";
    for (std::size_t c = 0; c < grid.header.size(); ++c) out += grid.right[c] ? " ---: |" : " --- |";
    out += '\n';
    for (const auto& row : grid.rows) {
      out += '|';
      for (const std::string& cell : row) out += " " + markdown_cell(cell) + " |";
      out += '\n';
    }
    return;
  }
  std::vector<std::size_t> width(grid.header.size());
  for (std::size_t c = 0; c < width.size(); ++c) width[c] = display_width(grid.header[c]);
  for (const auto& row : grid.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], display_width(row[c]));
  }
  auto line = [&](const std::vector<std::string>& cells, const std::string& prefix) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::size_t pad = width[c] - display_width(cells[c]);
      if (c > 0) text += "  ";
      if (grid.right[c]) text.append(pad, ' ');
      text += cells[c];
      if (!grid.right[c] && c + 1 < cells.size()) text.append(pad, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    if (color && !prefix.empty()) {
      out += prefix + text + "\x1b[0m\n";
    } else {
      out += text + "\n";
    }
  };
  line(grid.header, color ? "\x1b[1m" : "");
  std::size_t total = 0;
  for (std::size_t c = 0; c < width.size(); ++c) total += width[c] + (c > 0 ? 2 : 0);
  std::string rule;
  for (std::size_t i = 0; i < total; ++i) rule += "─";
  out += rule + "\n";
  for (std::size_t r = 0; r < grid.rows.size(); ++r) line(grid.rows[r], grid.row_color[r]);
}

std::string stat_cell(const Stats& s, Millis Stats::*field, bool business) {
  if (!s.present) return "-";
  return business ? business_duration(s.*field) : short_duration(s.*field);
}

std::string percent(std::optional<double> v) {
  return v ? fmt::format("{:.1f}%", *v * 100) : std::string("-");
}

}  // namespace

std::string short_duration(Millis d) {
  if (d < 0) return "-" + short_duration(-d);
  const std::int64_t s = d / kMillisPerSecond;
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m {:02}s", s / 60, s % 60);
  if (s < 86400) return fmt::format("{}h {:02}m", s / 3600, (s / 60) % 60);
  return fmt::format("{}d {:02}h", s / 86400, (s / 3600) % 24);
}

std::string business_duration(Millis d) {
  if (d < 0) return "-" + business_duration(-d);
  const std::int64_t s = d / kMillisPerSecond;
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m {:02}s", s / 60, s % 60);
  return fmt::format("{}h {:02}m", s / 3600, (s / 60) % 60);
}

std::string text_table(const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& right) {
  Grid grid;
  if (rows.empty()) return std::string();
  grid.header = rows.front();
  grid.right = right;
  grid.rows.assign(rows.begin() + 1, rows.end());
  grid.row_color.assign(grid.rows.size(), "");
  std::string out;
  render_grid(grid, false, false, out);
  return out;
}

std::string local_time_text(const Audit& audit, Instant t) {
  const LocalTime l = audit.report_zone.to_local(t);
  const Millis offset = audit.report_zone.offset_at(t);
  const std::int64_t minutes = (offset < 0 ? -offset : offset) / kMillisPerMinute;
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} {}{:02}:{:02}", l.year, l.month, l.day,
                     l.hour, l.minute, l.second, offset < 0 ? '-' : '+', minutes / 60,
                     minutes % 60);
}

void render_report_table(const Audit& audit, const RenderOptions& options, bool markdown,
                         Output& out) {
  std::string s;
  const std::string title = audit.policy->name.empty() ? "SSLA report" : audit.policy->name;
  const std::string window =
      (audit.options.window.from || audit.options.window.to)
          ? fmt::format("{} to {}",
                        audit.options.window.from
                            ? local_time_text(audit, *audit.options.window.from) : "start",
                        audit.options.window.to ? local_time_text(audit, *audit.options.window.to)
                                                : "end")
          : "all episodes";
  if (markdown) {
    s += "# " + markdown_cell(title) + "\n\n";
    s += fmt::format("As of {} ({}). Window: {}. Times in {}.\n\n", local_time_text(audit, audit.as_of),
                     format_utc(audit.as_of), window, audit.report_zone.name());
  } else {
    s += fmt::format("{}\nas of {} ({}) · window: {} · zone {}\n\n", title,
                     local_time_text(audit, audit.as_of), format_utc(audit.as_of), window,
                     audit.report_zone.name());
  }

  Grid grid;
  for (GroupBy by : audit.options.by) grid.header.emplace_back(group_by_name(by));
  const std::vector<std::string> numbers = {
      "episodes", "measured", "met", "late", "unanswered", "pending", "exempt",
      "attainment", "goal", "status", "p50 (business)", "p90 (business)", "p95 (business)",
      "max (business)", "p50 (calendar)", "p90 (calendar)"};
  grid.header.insert(grid.header.end(), numbers.begin(), numbers.end());
  grid.right.assign(grid.header.size(), true);
  for (std::size_t k = 0; k < audit.options.by.size(); ++k) grid.right[k] = false;
  grid.right[audit.options.by.size() + 9] = false;  // status
  for (const Group& g : audit.groups) {
    std::vector<std::string> row;
    for (const std::string& k : g.key) row.push_back(k.empty() || is_null_key(k) ? "(none)" : k);
    row.push_back(fmt::format("{}", g.episodes));
    row.push_back(fmt::format("{}", g.measured));
    row.push_back(fmt::format("{}", g.met));
    row.push_back(fmt::format("{}", g.breached_late));
    row.push_back(fmt::format("{}", g.breached_unanswered));
    row.push_back(fmt::format("{}", g.pending));
    row.push_back(fmt::format("{}", g.exempt_messages));
    row.push_back(percent(g.attainment));
    row.push_back(g.goal ? percent(g.goal->value()) : "-");
    row.push_back(g.pass ? (*g.pass ? "pass" : "FAIL") : "-");
    row.push_back(stat_cell(g.business, &Stats::p50, true));
    row.push_back(stat_cell(g.business, &Stats::p90, true));
    row.push_back(stat_cell(g.business, &Stats::p95, true));
    row.push_back(stat_cell(g.business, &Stats::max, true));
    row.push_back(stat_cell(g.calendar, &Stats::p50, false));
    row.push_back(stat_cell(g.calendar, &Stats::p90, false));
    grid.rows.push_back(std::move(row));
    grid.row_color.push_back(!g.pass ? "" : (*g.pass ? "\x1b[32m" : "\x1b[31m"));
  }
  if (audit.groups.empty()) {
    s += "No episodes in the report window.\n";
  } else {
    render_grid(grid, markdown, options.color, s);
  }

  const DataQuality& q = audit.quality;
  s += fmt::format(
      "\n{}rows read {}, rejected {}; duplicates {} identical, {} conflicting; orphan replies {}; "
      "unlinked company posts {}; replies before parent {}; parent cycles {}; automated replies "
      "{}{}\n",
      markdown ? "Data quality: " : "data quality: ", q.rows_read, q.rows_rejected,
      q.duplicates_identical, q.duplicates_conflicting, q.orphan_replies, q.unlinked_outbound,
      q.replies_before_parent, q.parent_cycles, q.automated_replies,
      q.unconfigured_channels.empty()
          ? ""
          : fmt::format("; channels without a policy: {}",
                        fmt::join(q.unconfigured_channels, ", ")));

  if (options.breaches) {
    const MessageTable& t = audit.read.table;
    Grid b;
    b.header = {"id", "channel", "account", "customer", "start", "due", "responded",
                "waited (business)", "overdue by", "text"};
    b.right = {false, false, false, false, false, false, false, true, true, false};
    for (const Episode& e : audit.episodes.episodes) {
      if (!audit.listed_breach(e)) continue;
      const Message& m = t.messages[e.opened_by];
      std::string excerpt(t.excerpt(e.opened_by));
      std::replace(excerpt.begin(), excerpt.end(), '\n', ' ');
      std::replace(excerpt.begin(), excerpt.end(), '\r', ' ');
      if (display_width(excerpt) > 60) {
        std::size_t cut = 57;
        while (cut > 0 && (static_cast<unsigned char>(excerpt[cut]) & 0xC0) == 0x80) --cut;
        excerpt = excerpt.substr(0, cut) + "...";
      }
      b.rows.push_back({std::string(t.ids.text(m.id)), std::string(t.strings.view(e.channel)),
                        std::string(t.strings.view(e.account)),
                        std::string(t.strings.view(m.author_as_written)),
                        local_time_text(audit, e.start),
                        e.due == kNoInstant ? "none" : local_time_text(audit, e.due),
                        e.responded_at == kNoInstant ? "unanswered"
                                                     : local_time_text(audit, e.responded_at),
                        business_duration(e.business), business_duration(e.business - e.target),
                        excerpt});
      b.row_color.push_back("");
    }
    s += markdown ? "\n## Breaches\n\n" : "\nBreaches\n\n";
    if (b.rows.empty()) {
      s += "None.\n";
    } else {
      render_grid(b, markdown, options.color, s);
    }
  }
  out.write(s);
}

bool report_lists_episodes(const RenderOptions& options) {
  switch (options.format) {
    case ReportFormat::kTable: return options.breaches;
    case ReportFormat::kCsv: return false;
    case ReportFormat::kMarkdown:
    case ReportFormat::kJson:
    case ReportFormat::kHtml: return true;
  }
  return true;
}

void render_report(const Audit& audit, const RenderOptions& options, Output& out) {
  switch (options.format) {
    case ReportFormat::kTable: render_report_table(audit, options, false, out); break;
    case ReportFormat::kMarkdown: render_report_markdown(audit, options, out); break;
    case ReportFormat::kCsv: render_report_csv(audit, out); break;
    case ReportFormat::kJson: render_report_json(audit, out); break;
    case ReportFormat::kHtml: render_report_html(audit, options, out); break;
  }
}

}  // namespace ssla
