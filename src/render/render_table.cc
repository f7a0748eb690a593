// The human report: an aligned text table (optionally coloured) or markdown,
// with the list of breaches on request.
#include <fmt/format.h>

#include <algorithm>

#include "breach_list.h"
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

// Narrows a default table that is wider than `limit` display columns by
// dropping, in this order, the columns an analyst reads last.
void fit_width(TextGrid& grid, std::size_t keys, std::size_t limit) {
  for (const char* name : {"p90", "pending", "goal", "p50"}) {
    if (limit == 0 || grid.text_width() <= limit) return;
    const std::size_t c = grid.column(name, keys);
    if (c != std::string::npos) grid.drop_column(c);
  }
}

}  // namespace

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
    s += title + "\n" + join_or_break(as_of, rest, options.width) + "\n\n";
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
