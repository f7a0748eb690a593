// `report --format html`: the monthly report a manager reads. One
// self-contained file (inline CSS and SVG, nothing fetched, no script needed
// to read it; a few lines of script only make the groups table sortable)
// that prints to A4 or Letter and reads on a phone: header, headline
// figures, charts (html_charts.cc), groups with the total line, the worst
// breaches and data quality in words. The figures come from the audit
// (report_figures()); this file only formats them.
#include <fmt/format.h>

#include "html_charts.h"
#include "report_words.h"
#include "ssla/render/opener_texts.h"
#include "ssla/render/render.h"

namespace ssla {

namespace {

using html::append_escaped;
using html::escaped;

template <typename... Args>
void put(std::string& out, fmt::format_string<Args...> f, Args&&... args) {
  fmt::format_to(std::back_inserter(out), f, std::forward<Args>(args)...);
}

// Groups shown in the attainment chart; the table has them all.
constexpr std::size_t kChartGroups = 30;
// Channels with a response-time chart and a heatmap.
constexpr std::size_t kChartChannels = 4;

constexpr std::string_view kCss =
    ":root{color-scheme:light}"
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#111;margin:0 auto;"
    "padding:1em 1.2em 3em;max-width:72em}"
    "h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.2em;margin:1.8em 0 .4em;"
    "border-bottom:1px solid #ccc;padding-bottom:.2em;break-after:avoid}"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;margin:.6em 0}"
    "dl.meta dt{color:#555}dl.meta dd{margin:0;overflow-wrap:anywhere}"
    ".kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5em,1fr));gap:.6em;"
    "margin:1em 0}"
    ".kpi{border:1px solid #ccc;border-radius:6px;padding:.5em .7em;break-inside:avoid}"
    ".kpi strong{display:block;font-size:1.6em;font-variant-numeric:tabular-nums}"
    ".kpi span{display:block;color:#444;font-size:.85em}"
    ".scroll{overflow-x:auto}"
    "table.data{border-collapse:collapse;margin:.5em 0;font-size:.9em}"
    "table.data th,table.data td{padding:3px 6px;border-bottom:1px solid #ddd;text-align:right;"
    "vertical-align:top;white-space:nowrap}"
    "table.data th{background:#f3f3f3;white-space:nowrap}"
    "table.data .l{text-align:left}"
    "table.data tr.total td{font-weight:600;border-top:2px solid #333}"
    "table.data td.text{text-align:left;white-space:normal;min-width:12em;max-width:26em;"
    "overflow-wrap:anywhere}"
    ".FAIL{color:#B3470A;font-weight:600}"
    "code{font-size:.9em;overflow-wrap:anywhere;background:#f3f3f3;padding:0 .2em}"
    "th[data-sort]{cursor:pointer}"
    "footer{margin-top:2em;color:#555;font-size:.85em}"
    "@media print{body{font-size:10.5pt;max-width:none;padding:0}"
    ".scroll{overflow:visible}h2{break-after:avoid}tr{break-inside:avoid}"
    "th[data-sort]{cursor:auto}}"
    "@page{margin:14mm 12mm}";

// Sorting the groups table by a column on a click: optional, the table
// reads the same without it. Numbers sort by data-v.
constexpr std::string_view kSortScript =
    "<script>document.querySelectorAll('th[data-sort]').forEach(function(th){"
    "th.addEventListener('click',function(){var t=th.closest('table'),b=t.tBodies[0],"
    "i=th.cellIndex,d=th.dataset.dir==='1'?-1:1;th.dataset.dir=d===1?'1':'0';"
    "var r=Array.prototype.slice.call(b.rows);r.sort(function(x,y){"
    "var p=x.cells[i].dataset.v,q=y.cells[i].dataset.v;"
    "if(p!==undefined&&q!==undefined)return d*(parseFloat(p)-parseFloat(q));"
    "return d*x.cells[i].textContent.localeCompare(y.cells[i].textContent);});"
    "r.forEach(function(x){b.appendChild(x);});});});</script>\n";

void header(const Audit& audit, std::string& s) {
  s += "<header>\n<h1>";
  append_escaped(words::title(audit), s);
  s += "</h1>\n<dl class=\"meta\">\n<dt>Window</dt><dd>";
  append_escaped(words::window(audit), s);
  s += ", times in ";
  append_escaped(audit.report_zone.name(), s);
  s += "</dd>\n<dt>As of</dt><dd>";
  append_escaped(local_time_text(audit, audit.as_of), s);
  put(s, " ({})</dd>\n", format_utc(audit.as_of));
  s += "<dt>Input</dt><dd>";
  const std::vector<std::string> inputs = words::inputs(audit);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (i > 0) s += "<br>";
    append_escaped(inputs[i], s);
  }
  s += "</dd>\n";
  if (audit.figures && !audit.figures->goals.empty()) {
    s += "<dt>Goals</dt><dd>";
    append_escaped(words::goals(*audit.figures), s);
    s += "</dd>\n";
  }
  const std::vector<std::string> owners = words::owners(audit);
  if (!owners.empty()) {
    s += "<dt>Owners</dt><dd>";
    for (std::size_t i = 0; i < owners.size(); ++i) {
      if (i > 0) s += "<br>";
      append_escaped(owners[i], s);
    }
    s += "</dd>\n";
  }
  if (audit.review) {
    s += audit.review->overdue ? "<dt>Review</dt><dd class=\"FAIL\">" : "<dt>Review</dt><dd>";
    append_escaped(words::review(audit), s);
    s += "</dd>\n";
  }
  if (!audit.policy->path.empty()) {
    s += "<dt>Policy file</dt><dd>";
    append_escaped(audit.policy->path, s);
    s += "</dd>\n";
  }
  s += "</dl>\n</header>\n";
}

void kpi(std::string& s, std::string_view value, std::string_view label, std::string_view change) {
  s += "<div class=\"kpi\"><strong>";
  append_escaped(value, s);
  s += "</strong><span>";
  append_escaped(label, s);
  s += "</span>";
  if (!change.empty()) {
    s += "<span>";
    append_escaped(change, s);
    s += "</span>";
  }
  s += "</div>\n";
}

void headline(const Audit& audit, const ReportFigures& f, std::string& s) {
  const Tally& t = f.total;
  const Tally* p = f.previous ? &*f.previous : nullptr;
  const std::string before = p ? " vs previous period" : "";
  auto with = [&](std::string change) { return change.empty() ? change : change + before; };
  s += "<section aria-label=\"Headline figures\"><div class=\"kpis\">\n";
  kpi(s, words::percent(t.attainment),
      f.goals.empty() ? "attainment (no goal set)" : "attainment · goal " + words::goals(f),
      p ? with(words::points_change(t.attainment, p->attainment)) : "");
  kpi(s, words::count(t.episodes), "episodes", p ? with(words::count_change(t.episodes, p->episodes)) : "");
  kpi(s, words::count(t.breached_late + t.breached_unanswered),
      fmt::format("breaches ({} late, {} unanswered)", words::count(t.breached_late),
                  words::count(t.breached_unanswered)),
      p ? with(words::count_change(t.breached_late + t.breached_unanswered,
                                   p->breached_late + p->breached_unanswered))
        : "");
  kpi(s, t.business.present ? words::business_duration(t.business.p50) : "-",
      "median business response", "");
  kpi(s, t.business.present ? words::business_duration(t.business.p90) : "-",
      "p90 business response", "");
  s += "</div>\n";
  if (p) {
    s += "<p class=\"legend\">Previous period: ";
    append_escaped(words::previous_window(audit), s);
    s += ", the same length just before the window.</p>\n";
  } else {
    s += "<p class=\"legend\">No change against a previous period is shown: ";
    s += audit.options.window.from && audit.options.window.to
             ? "the input does not reach back a whole window before this one."
             : "the report has no bounded window (use --month or --from and --to).";
    s += "</p>\n";
  }
  s += "</section>\n";
}

std::string cell(std::uint64_t n) {
  return fmt::format("<td data-v=\"{}\">{}</td>", n, words::count(n));
}

std::string stat_cell(const Stats& st, Millis Stats::*field) {
  if (!st.present) return "<td data-v=\"-1\">-</td>";
  return fmt::format("<td data-v=\"{}\">{}</td>", st.*field, words::business_duration(st.*field));
}

void groups_table(const Audit& audit, std::string& s) {
  s += "<div class=\"scroll\"><table class=\"data\" id=\"groups\">\n<thead><tr>";
  for (GroupBy by : audit.options.by) {
    put(s, "<th class=\"l\" data-sort=\"1\">{}</th>", group_by_name(by));
  }
  // Goal and status only when some group has a goal (channel among the keys).
  bool goals = false;
  for (const Group& g : audit.groups) goals = goals || g.goal.has_value();
  for (const char* h : {"episodes", "measured", "met", "late", "unanswered", "pending", "exempt",
                        "attainment", "goal", "status", "p50", "p90", "max"}) {
    if (goals || (std::string_view(h) != "goal" && std::string_view(h) != "status")) {
      put(s, "<th data-sort=\"1\">{}</th>", h);
    }
  }
  s += "</tr></thead>\n<tbody>\n";
  for (const Group& g : audit.groups) {
    s += "<tr>";
    for (const std::string& k : g.key) {
      s += "<td class=\"l\">";
      append_escaped(words::key_text(k), s);
      s += "</td>";
    }
    s += cell(g.episodes) + cell(g.measured) + cell(g.met) + cell(g.breached_late) +
         cell(g.breached_unanswered) + cell(g.pending) + cell(g.exempt_messages);
    put(s, "<td data-v=\"{}\">{}</td>", g.attainment.value_or(-1), words::percent(g.attainment));
    if (goals) {
      put(s, "<td>{}</td><td class=\"{}\">{}</td>", g.goal ? words::percent(g.goal->value()) : "-",
          words::status(g), words::status(g));
    }
    s += stat_cell(g.business, &Stats::p50) + stat_cell(g.business, &Stats::p90) +
         stat_cell(g.business, &Stats::max) + "</tr>\n";
  }
  s += "</tbody>\n";
  if (audit.groups.size() >= 2) {
    const Group& t = audit.total;
    put(s, "<tfoot><tr class=\"total\"><td class=\"l\" colspan=\"{}\">total</td>",
        audit.options.by.size());
    s += cell(t.episodes) + cell(t.measured) + cell(t.met) + cell(t.breached_late) +
         cell(t.breached_unanswered) + cell(t.pending) + cell(t.exempt_messages);
    put(s, "<td>{}</td>{}", words::percent(t.attainment), goals ? "<td>-</td><td>-</td>" : "");
    s += stat_cell(t.business, &Stats::p50) + stat_cell(t.business, &Stats::p90) +
         stat_cell(t.business, &Stats::max) + "</tr></tfoot>\n";
  }
  s += "</table></div>\n<p class=\"legend\">p50, p90, max: business response time (open hours "
       "of the channel's calendar) over answered episodes; p95 and calendar time are in the JSON "
       "report. Click a column heading to sort.</p>\n";
}

void breaches_table(const Audit& audit, const ReportFigures& f, bool all, std::string& s,
                    Output& out) {
  const MessageTable& t = audit.read.table;
  s += "<div class=\"scroll\"><table class=\"data\" id=\"breaches\">\n<thead><tr>"
       "<th class=\"l\">id</th><th class=\"l\">channel · account</th>"
       "<th class=\"l\">customer</th><th class=\"l\">start</th><th class=\"l\">responded</th>"
       "<th>waited</th><th>overdue by</th><th class=\"l\">text</th></tr></thead>\n"
       "<tbody>\n";
  auto row = [&](const Episode& e, std::string_view text) {
    const Message& m = t.messages[e.opened_by];
    s += "<tr><td class=\"l\">";
    append_escaped(t.ids.text(m.id), s);
    s += "</td><td class=\"l\">";
    append_escaped(t.strings.view(e.channel), s);
    if (e.account != Interner::kNone) {
      s += " · ";
      append_escaped(t.strings.view(e.account), s);
    }
    s += "</td><td class=\"l\">";
    append_escaped(t.strings.view(m.author_as_written), s);
    put(s, "</td><td class=\"l\">{}</td><td class=\"l\">{}", words::local_minute(audit, e.start),
        e.responded_at == kNoInstant ? "unanswered" : words::local_minute(audit, e.responded_at));
    put(s, "</td><td>{}</td><td>{}</td><td class=\"text\">", words::business_duration(e.business),
        words::business_duration(e.business - e.target));
    append_escaped(text, s);
    s += "</td></tr>\n";
    if (s.size() > (1 << 16)) {
      out.write(s);
      s.clear();
    }
  };
  if (all) {
    const auto listed = [&](const Episode& e) { return audit.listed_breach(e); };
    OpenerTexts texts(audit, listed);
    for (std::size_t i = 0; i < audit.episodes.episodes.size(); ++i) {
      const Episode& e = audit.episodes.episodes[i];
      if (listed(e)) row(e, texts.next(i));
    }
  } else {
    for (std::uint32_t i : f.worst_breaches) {
      const Episode& e = audit.episodes.episodes[i];
      row(e, t.excerpt(e.opened_by));
    }
  }
  s += "</tbody></table></div>\n<p class=\"legend\">Times in the report time zone; waited and "
       "overdue by are business time.</p>\n";
  if (!all && f.breaches > f.worst_breaches.size()) {
    put(s, "<p>The {} most overdue of {} breaches, most overdue first; {} more are not shown. "
           "To list all of them: <code>",
        words::count(f.worst_breaches.size()), words::count(f.breaches),
        words::count(f.breaches - f.worst_breaches.size()));
    append_escaped(words::breaches_command(audit), s);
    s += "</code> (with the same input options as this report).</p>\n";
  }
}

}  // namespace

void render_report_html(const Audit& audit, const RenderOptions& options, Output& out) {
  const ReportFigures empty;
  const ReportFigures& f = audit.figures ? *audit.figures : empty;
  std::string s;
  s += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  append_escaped(words::title(audit), s);
  s += " · ";
  append_escaped(words::window(audit), s);
  s += "</title>\n<style>";
  s += kCss;
  s += html::chart_css();
  s += "</style>\n</head><body>\n";
  header(audit, s);
  s += "<main>\n";
  if (audit.groups.empty()) {
    s += "<p>No episodes in the report window.</p>\n";
  } else {
    headline(audit, f, s);
    s += "<h2>Attainment by group</h2>\n";
    html::attainment_chart(audit, f, kChartGroups, s);
    if (!f.response.empty()) {
      s += "<h2>Business response time by channel</h2>\n<div class=\"charts\">\n";
      for (std::size_t c = 0; c < f.response.size() && c < kChartChannels; ++c) {
        html::response_chart(f.response[c], s);
      }
      s += "</div>\n";
    }
    if (!f.trend.empty()) {
      s += "<h2>Trend</h2>\n";
      html::trend_chart(audit, f, s);
    }
    if (!f.demand.empty()) {
      s += "<h2>Demand by weekday and hour</h2>\n<p class=\"legend\">When customers write "
           "(episode starts, report time zone) against the hours the calendar is open.</p>\n";
      for (std::size_t c = 0; c < f.demand.size() && c < kChartChannels; ++c) {
        s += "<h3>";
        append_escaped(f.demand[c].channel, s);
        s += " <span class=\"tag\">(calendar ";
        append_escaped(f.demand[c].calendar, s);
        s += ")</span></h3>\n";
        html::demand_chart(f.demand[c], static_cast<int>(c), s);
      }
    }
    s += "<h2>Groups</h2>\n";
    groups_table(audit, s);
    s += options.breaches ? "<h2>Breaches</h2>\n" : "<h2>Worst breaches</h2>\n";
    if (f.breaches == 0) {
      s += "<p>None.</p>\n";
    } else {
      breaches_table(audit, f, options.breaches, s, out);
    }
  }
  s += "<h2>Data quality</h2>\n<ul>\n";
  for (const std::string& line : words::data_quality(audit)) {
    s += "<li>";
    append_escaped(line, s);
    s += "</li>\n";
  }
  s += "</ul>\n</main>\n<footer>Made with ssla report --format html. Business time counts only "
       "the open hours of each channel's calendar.</footer>\n";
  s += kSortScript;
  s += "</body></html>\n";
  out.write(s);
}

}  // namespace ssla
