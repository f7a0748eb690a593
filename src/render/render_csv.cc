// `report --format csv`: one row per group, seconds as numbers, for spreadsheets.
#include <fmt/format.h>

#include "ssla/render/render.h"

namespace ssla {

namespace {

void append_stat_cells(const Stats& s, std::string& out) {
  if (!s.present) {
    out += ",,,,";
    return;
  }
  fmt::format_to(std::back_inserter(out), "{},{},{},{},{}", format_seconds(s.p50),
                 format_seconds(s.p90), format_seconds(s.p95), format_seconds(s.max),
                 s.mean / kMillisPerSecond);
}

}  // namespace

void render_report_csv(const Audit& audit, Output& out) {
  std::string s;
  for (GroupBy by : audit.options.by) {
    s += group_by_name(by);
    s += ',';
  }
  s += "episodes,measured,met,breached_late,breached_unanswered,pending,unconfigured,"
       "exempt_messages,attainment,goal,status,business_p50,business_p90,business_p95,"
       "business_max,business_mean,calendar_p50,calendar_p90,calendar_p95,calendar_max,"
       "calendar_mean\n";
  for (const Group& g : audit.groups) {
    for (const std::string& k : g.key) {
      if (!is_null_key(k)) append_csv_cell(k, s);  // a null key is an empty cell
      s += ',';
    }
    fmt::format_to(std::back_inserter(s), "{},{},{},{},{},{},{},{},", g.episodes, g.measured,
                   g.met, g.breached_late, g.breached_unanswered, g.pending, g.unconfigured,
                   g.exempt_messages);
    if (g.attainment) s += fmt::format("{}", *g.attainment);
    s += ',';
    if (g.goal) s += fmt::format("{}", g.goal->value());
    s += ',';
    if (g.pass) s += *g.pass ? "pass" : "fail";
    s += ',';
    append_stat_cells(g.business, s);
    s += ',';
    append_stat_cells(g.calendar, s);
    s += "\n";
  }
  out.write(s);
}

}  // namespace ssla
