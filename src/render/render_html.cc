// `report --format html`: one self-contained file (inline CSS and SVG, no
// scripts, nothing fetched) with the group table, an attainment chart and a
// response-time chart, and the breaches list.
#include <algorithm>

#include <fmt/format.h>

#include "ssla/render/render.h"

namespace ssla {

namespace {

std::string escape_html(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string group_label(const Group& g) {
  std::string label;
  for (const std::string& k : g.key) {
    if (!label.empty()) label += " · ";
    label += k.empty() || is_null_key(k) ? "(none)" : k;
  }
  return label;
}

// Horizontal bars of attainment per group, with the goal as a tick.
void attainment_chart(const Audit& audit, std::string& s) {
  const int row = 26, label_w = 220, bar_w = 420;
  const int height = row * static_cast<int>(audit.groups.size()) + 30;
  fmt::format_to(std::back_inserter(s),
                 "<svg role=\"img\" aria-label=\"Attainment by group\" width=\"{}\" height=\"{}\">\n",
                 label_w + bar_w + 80, height);
  int y = 10;
  for (const Group& g : audit.groups) {
    const double a = g.attainment.value_or(0);
    const char* color = !g.pass ? "#6b7280" : (*g.pass ? "#15803d" : "#b91c1c");
    fmt::format_to(std::back_inserter(s),
                   "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>"
                   "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"18\" fill=\"{}\"/>"
                   "<text x=\"{:.1f}\" y=\"{}\">{}</text>\n",
                   label_w - 8, y + 14, escape_html(group_label(g)), label_w, y, a * bar_w, color,
                   label_w + a * bar_w + 6, y + 14,
                   g.attainment ? fmt::format("{:.1f}%", a * 100) : std::string("n/a"));
    if (g.goal) {
      const double x = label_w + g.goal->value() * bar_w;
      fmt::format_to(std::back_inserter(s),
                     "<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{}\" y2=\"{}\" stroke=\"#111\" "
                     "stroke-width=\"2\"><title>goal {:.1f}%</title></line>\n",
                     x, x, y - 3, y + 21, g.goal->value() * 100);
    }
    y += row;
  }
  s += "</svg>\n";
}

// p50 and p90 business response time per group, on one shared scale.
void response_chart(const Audit& audit, std::string& s) {
  Millis top = 1;
  for (const Group& g : audit.groups) {
    if (g.business.present) top = std::max(top, g.business.p90);
  }
  const int row = 26, label_w = 220, bar_w = 420;
  const int height = row * static_cast<int>(audit.groups.size()) + 30;
  fmt::format_to(std::back_inserter(s),
                 "<svg role=\"img\" aria-label=\"Business response time\" width=\"{}\" "
                 "height=\"{}\">\n",
                 label_w + bar_w + 120, height);
  int y = 10;
  for (const Group& g : audit.groups) {
    fmt::format_to(std::back_inserter(s), "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                   label_w - 8, y + 14, escape_html(group_label(g)));
    if (g.business.present) {
      const double w90 = static_cast<double>(g.business.p90) / top * bar_w;
      const double w50 = static_cast<double>(g.business.p50) / top * bar_w;
      fmt::format_to(std::back_inserter(s),
                     "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"18\" fill=\"#93c5fd\"/>"
                     "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"18\" fill=\"#1d4ed8\"/>"
                     "<text x=\"{:.1f}\" y=\"{}\">p50 {} · p90 {}</text>",
                     label_w, y, w90, label_w, y, w50, label_w + w90 + 6, y + 14,
                     short_duration(g.business.p50), short_duration(g.business.p90));
    }
    s += "\n";
    y += row;
  }
  s += "</svg>\n";
}

}  // namespace

void render_report_html(const Audit& audit, const RenderOptions& options, Output& out) {
  (void)options;  // breaches are always listed in the HTML report
  std::string s;
  const std::string title = audit.policy->name.empty() ? "SSLA report" : audit.policy->name;
  s += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" +
       escape_html(title) + "</title>\n<style>\n"
       "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#111}"
       "table{border-collapse:collapse;margin:1em 0}"
       "th,td{padding:4px 8px;border-bottom:1px solid #ddd;text-align:right}"
       "th:first-child,td:first-child{text-align:left}"
       ".fail{color:#b91c1c;font-weight:600}.pass{color:#15803d}"
       "svg text{font:12px system-ui,sans-serif}\n"
       "</style></head><body>\n";
  s += "<h1>" + escape_html(title) + "</h1>\n";
  s += "<p>As of " + escape_html(local_time_text(audit, audit.as_of)) + " (" +
       format_utc(audit.as_of) + "), times in " + escape_html(audit.report_zone.name()) + ".</p>\n";
  s += "<h2>Attainment</h2>\n";
  attainment_chart(audit, s);
  s += "<h2>Business response time</h2>\n";
  response_chart(audit, s);
  s += "<h2>Groups</h2>\n<table><tr><th>group</th><th>episodes</th><th>measured</th><th>met</th>"
       "<th>late</th><th>unanswered</th><th>pending</th><th>exempt</th><th>attainment</th>"
       "<th>goal</th><th>status</th><th>p50</th><th>p90</th><th>p95</th><th>max</th></tr>\n";
  for (const Group& g : audit.groups) {
    const std::string status = g.pass ? (*g.pass ? "pass" : "fail") : "-";
    fmt::format_to(std::back_inserter(s),
                   "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                   "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td>"
                   "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                   escape_html(group_label(g)), g.episodes, g.measured, g.met, g.breached_late,
                   g.breached_unanswered, g.pending, g.exempt_messages,
                   g.attainment ? fmt::format("{:.1f}%", *g.attainment * 100) : "-",
                   g.goal ? fmt::format("{:.1f}%", g.goal->value() * 100) : "-", status, status,
                   g.business.present ? short_duration(g.business.p50) : "-",
                   g.business.present ? short_duration(g.business.p90) : "-",
                   g.business.present ? short_duration(g.business.p95) : "-",
                   g.business.present ? short_duration(g.business.max) : "-");
  }
  s += "</table>\n<h2>Breaches</h2>\n<table><tr><th>id</th><th>channel</th><th>account</th>"
       "<th>start</th><th>due</th><th>responded</th><th>waited (business)</th><th>text</th></tr>\n";
  const MessageTable& t = audit.read.table;
  for (const Episode& e : audit.episodes.episodes) {
    if (!audit.listed_breach(e)) continue;
    const Message& m = t.messages[e.opened_by];
    fmt::format_to(std::back_inserter(s),
                   "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                   "<td>{}</td><td>{}</td></tr>\n",
                   escape_html(t.ids.text(m.id)), escape_html(t.strings.view(e.channel)),
                   escape_html(t.strings.view(e.account)), local_time_text(audit, e.start),
                   e.due == kNoInstant ? "none" : local_time_text(audit, e.due),
                   e.responded_at == kNoInstant ? "unanswered" : local_time_text(audit, e.responded_at),
                   short_duration(e.business), escape_html(t.excerpt(e.opened_by)));
    if (s.size() > (1 << 16)) {
      out.write(s);
      s.clear();
    }
  }
  s += "</table>\n</body></html>\n";
  out.write(s);
}

}  // namespace ssla
