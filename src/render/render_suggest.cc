// `suggest` as JSON (spec 8.8) and as a table.
#include <algorithm>

#include <fmt/format.h>

#include "ssla/render/render.h"
#include "ssla/render/render_suggest.h"
#include "ssla/render/text_grid.h"

namespace ssla {

namespace {

constexpr const char* kDays[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string instant_or_null(std::optional<Instant> t) {
  return t ? "\"" + format_utc(*t) + "\"" : std::string("null");
}

std::string seconds_or_null(std::optional<std::int64_t> minutes) {
  return minutes ? fmt::format("{}", *minutes * 60) : std::string("null");
}

std::string percent(double v) {
  const std::string s = fmt::format("{:.1f}", v * 100);
  return (s.size() > 2 && s.ends_with(".0") ? s.substr(0, s.size() - 2) : s) + "%";
}

// The head shared with `report`: policy, as_of, window, by.
void append_head(const Audit& audit, std::string& s) {
  s += "{\n  \"policy\": ";
  append_json_string(audit.policy->name, s);
  s += ",\n  \"as_of\": " + instant_or_null(audit.as_of);
  s += ",\n  \"window\": {\"from\": " + instant_or_null(audit.options.window.from) +
       ", \"to\": " + instant_or_null(audit.options.window.to) + "},\n  \"by\": [";
  for (std::size_t k = 0; k < audit.options.by.size(); ++k) {
    if (k > 0) s += ", ";
    append_json_string(group_by_name(audit.options.by[k]), s);
  }
  s += "]";
}

}  // namespace

std::string minutes_text(std::int64_t minutes) {
  if (minutes < 60) return fmt::format("{}m", minutes);
  return fmt::format("{}h {:02}m", minutes / 60, minutes % 60);
}

void render_suggest_json(const Suggestion& sg, Output& out) {
  const Audit& audit = sg.audit;
  std::string s;
  append_head(audit, s);
  s += ",\n  \"groups\": [";
  for (std::size_t gi = 0; gi < sg.groups.size(); ++gi) {
    const SuggestGroup& g = sg.groups[gi];
    s += gi == 0 ? "\n    {\"key\": {" : ",\n    {\"key\": {";
    append_group_key_json(audit.options.by, g.key, s);
    fmt::format_to(std::back_inserter(s),
                   "}},\n      \"episodes\": {}, \"measured\": {}, \"met\": {}, \"attainment\": {}, "
                   "\"goal\": {},\n      \"kept_target_seconds\": {}, \"kept_target_seconds_at\": {{",
                   g.episodes, g.measured, g.met,
                   g.attainment ? fmt::format("{}", *g.attainment) : "null", g.goal.value(),
                   seconds_or_null(g.kept_minutes));
    for (std::size_t i = 0; i < kTradeOffGoals.size(); ++i) {
      fmt::format_to(std::back_inserter(s), "{}\"{}\": {}", i > 0 ? ", " : "",
                     kTradeOffGoals[i].value(), seconds_or_null(g.trade_off[i]));
    }
    fmt::format_to(std::back_inserter(s),
                   "}},\n      \"closed_share\": {}, \"closed_starts\": {}, "
                   "\"closed_wait_p50_seconds\": {},\n      \"demand_by_hour\": {{",
                   g.closed_share, g.closed_starts,
                   g.closed_wait_p50 ? format_seconds(*g.closed_wait_p50) : "null");
    for (std::size_t d = 0; d < 7; ++d) {
      fmt::format_to(std::back_inserter(s), "{}\n        \"{}\": [", d > 0 ? "," : "", kDays[d]);
      for (std::size_t h = 0; h < 24; ++h) {
        fmt::format_to(std::back_inserter(s), "{}{{\"episodes\": {}, \"closed\": {}}}",
                       h > 0 ? ", " : "", g.demand[d][h].episodes, g.demand[d][h].closed);
      }
      s += "]";
    }
    s += "}}";
  }
  s += sg.groups.empty() ? "]\n}\n" : "\n  ]\n}\n";
  out.write(s);
}

void render_suggest_table(const Suggestion& sg, std::size_t width, Output& out) {
  const Audit& audit = sg.audit;
  std::string s;
  const std::string title = audit.policy->name.empty() ? "SSLA" : audit.policy->name;
  const std::string as_of = fmt::format(
      "kept targets as of {} ({})", local_time_text(audit, audit.as_of), format_utc(audit.as_of));
  s += title + "\n" + join_or_break(as_of, "zone " + audit.report_zone.name(), width) + "\n\n";
  if (sg.groups.empty()) {
    s += "No configured episodes in the report window.\n";
    out.write(s);
    return;
  }
  // When every group has the same goal and it is one of the trade-off
  // goals, its column is marked instead of repeated: the table then fits
  // 80 columns for one key.
  std::optional<std::size_t> goal_column;
  for (std::size_t i = 0; i < kTradeOffGoals.size(); ++i) {
    const Goal& t = kTradeOffGoals[i];
    const bool all = std::all_of(sg.groups.begin(), sg.groups.end(), [&](const SuggestGroup& g) {
      return g.goal.numerator * t.denominator == t.numerator * g.goal.denominator;
    });
    if (all) goal_column = i;
  }
  TextGrid grid;
  for (GroupBy by : audit.options.by) grid.header.emplace_back(group_by_name(by));
  const std::size_t keys = grid.header.size();
  grid.header.emplace_back("episodes");
  grid.header.emplace_back("now");
  if (!goal_column) {
    grid.header.emplace_back("goal");
    grid.header.emplace_back("kept");
  }
  for (std::size_t i = 0; i < kTradeOffGoals.size(); ++i) {
    grid.header.push_back("at " + percent(kTradeOffGoals[i].value()) +
                          (goal_column == i ? " (goal)" : ""));
  }
  grid.header.emplace_back("closed");
  grid.header.emplace_back("wait p50");
  grid.right.assign(grid.header.size(), true);
  for (std::size_t k = 0; k < keys; ++k) grid.right[k] = false;
  auto target = [](const std::optional<std::int64_t>& t) {
    return t ? minutes_text(*t) : std::string("never");
  };
  for (const SuggestGroup& g : sg.groups) {
    std::vector<std::string> row;
    for (const std::string& k : g.key) row.push_back(k.empty() || is_null_key(k) ? "(none)" : k);
    row.push_back(fmt::format("{}", g.episodes));
    row.push_back(g.attainment ? percent(*g.attainment) : "-");
    if (!goal_column) {
      row.push_back(percent(g.goal.value()));
      row.push_back(target(g.kept_minutes));
    }
    for (const auto& t : g.trade_off) row.push_back(target(t));
    row.push_back(percent(g.closed_share));
    row.push_back(g.closed_wait_p50 ? short_duration(*g.closed_wait_p50) : "-");
    grid.rows.push_back(std::move(row));
  }
  // Wider than the terminal: the two columns about closed hours go first
  // (the targets are what the table is for); JSON keeps them.
  const bool narrowed = width != 0 && grid.text_width() > width;
  if (narrowed) {
    grid.drop_column(grid.header.size() - 1);
    grid.drop_column(grid.header.size() - 1);
  }
  grid.render(false, s);
  s += "\nnow: attainment under the policy's targets. kept, at N%: the smallest whole-\n"
       "minute target the same episodes would have met at that goal (business time;\n";
  s += narrowed ? "never: not within 365 days). The share of episodes started while closed,\n"
                  "and their wait, are left out to fit the terminal (--format json has them).\n"
                : "never: not within 365 days). closed: episodes that started while the calendar\n"
                  "was closed; wait p50: their median wait until it opened (calendar time).\n";
  out.write(s);
}

}  // namespace ssla
