#include "html_charts.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report_words.h"

namespace ssla::html {

namespace {

// Okabe-Ito colours: distinguishable with the common colour-vision
// deficiencies (the CSS uses the same: #0072B2 blue, #E69F00 orange,
// #D55E00 vermillion).
constexpr const char* kBlue = "#0072B2";
constexpr const char* kSky = "#56B4E9";

constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

template <typename... Args>
void put(std::string& out, fmt::format_string<Args...> f, Args&&... args) {
  fmt::format_to(std::back_inserter(out), f, std::forward<Args>(args)...);
}

// The smallest of 1, 2, 5 × 10^k at or above v (v >= 1): the top of a count axis.
std::uint64_t nice_top(std::uint64_t v) {
  std::uint64_t step = 1;
  while (true) {
    for (std::uint64_t m : {1, 2, 5}) {
      if (m * step >= v) return m * step;
    }
    step *= 10;
  }
}

// A short axis label of a period key: `10-05` for a day, `W41` for a week.
std::string short_period(GroupBy by, const std::string& key) {
  if (by == GroupBy::kDay && key.size() == 10) return key.substr(5);
  if (by == GroupBy::kWeek && key.size() == 8) return key.substr(5);
  return key;
}

}  // namespace

void append_escaped(std::string_view s, std::string& out) {
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

std::string escaped(std::string_view s) {
  std::string out;
  append_escaped(s, out);
  return out;
}

std::string_view chart_css() {
  return "figure{margin:1.2em 0;break-inside:avoid}"
         "figcaption{color:#444;font-size:.9em;margin-top:.4em}"
         "table.bars{border-collapse:collapse;width:100%;margin:0}"
         "table.bars td,table.bars th{border:0;padding:3px 6px;vertical-align:middle}"
         "table.bars th{font-weight:normal;text-align:left;white-space:nowrap}"
         "table.bars thead th,table.bars th.name{white-space:normal;max-width:12em;overflow-wrap:break-word}"
         "table.bars td.v{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}"
         "td.bar{width:60%;min-width:4em}"
         ".track{position:relative;height:1.1em;background:#eee}"
         ".fill{position:absolute;left:0;top:0;bottom:0;-webkit-print-color-adjust:exact;"
         "print-color-adjust:exact}"
         ".fill.pass{background:#0072B2}.fill.fail{background:#D55E00}"
         ".fill.none{background:#999}.fill.small{opacity:.45}"
         ".fill.late{background:#E69F00}"
         ".fill.unanswered{background:repeating-linear-gradient(45deg,#555 0 2px,#ccc 2px 5px)}"
         ".goal{position:absolute;top:-3px;bottom:-3px;width:0;border-left:2px solid #000}"
         ".tag{font-size:.8em;color:#555;white-space:nowrap}"
         "tr.rule td{padding:0 6px;font-size:.85em;color:#000;border-top:2px dashed #000}"
         ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(20em,1fr));"
         "gap:0 2em}"
         "svg{max-width:100%;height:auto;display:block}"
         ".wide{overflow-x:auto}.wide svg{min-width:34em}"
         "svg text{font:12px system-ui,sans-serif;fill:#222}"
         ".legend{font-size:.85em;color:#333;margin:.3em 0}"
         ".legend span{display:inline-block;margin-right:1.2em;white-space:nowrap}"
         ".legend .key{display:inline-block;width:1.6em;height:.8em;vertical-align:middle;"
         "margin-right:.3em;-webkit-print-color-adjust:exact;print-color-adjust:exact}";
}

void attainment_chart(const Audit& audit, const ReportFigures& f, std::size_t max_rows,
                      std::string& out) {
  const std::size_t shown = std::min(max_rows, f.groups_by_volume.size());
  out += "<figure class=\"chart\" id=\"attainment-chart\">\n<table class=\"bars\">\n"
         "<thead><tr><th>group (episodes)</th><th>attainment; black rule: goal</th>"
         "<th class=\"v\">attainment</th></tr></thead>\n<tbody>\n";
  std::size_t small = 0, below = 0;
  for (std::size_t i = 0; i < shown; ++i) {
    const Group& g = audit.groups[f.groups_by_volume[i]];
    const bool is_small = g.measured < kSmallGroup;
    small += is_small;
    const char* kind = !g.pass ? "none" : (*g.pass ? "pass" : "fail");
    below += g.pass && !*g.pass;
    out += "<tr><th class=\"name\">";
    append_escaped(words::group_label(g), out);
    put(out, " <span class=\"tag\">({}{})</span></th>", words::count(g.episodes),
        is_small ? ", small" : "");
    put(out, "<td class=\"bar\"><div class=\"track\"><div class=\"fill {}{}\" style=\"width:{:.1f}%\">"
             "</div>",
        kind, is_small ? " small" : "", g.attainment.value_or(0) * 100);
    if (g.goal) {
      put(out, "<div class=\"goal\" style=\"left:{:.1f}%\" title=\"goal {}\"></div>",
          g.goal->value() * 100, words::percent(g.goal->value()));
    }
    out += "</div></td><td class=\"v\">";
    out += words::percent(g.attainment);
    if (g.pass && !*g.pass) out += " ✗";
    if (g.pass && *g.pass) out += " ✓";
    out += "</td></tr>\n";
  }
  out += "</tbody></table>\n<figcaption>";
  put(out, "Attainment of the {} busiest of {} groups, most episodes first. ", shown,
      audit.groups.size());
  bool any_goal = false;
  for (const Group& g : audit.groups) any_goal = any_goal || g.goal.has_value();
  if (any_goal) {
    put(out, "{} below goal (vermillion, ✗); at or above goal in blue (✓); grey: no goal. ", below);
  } else {
    out += "No group has a goal: goals apply to groups whose keys include channel. ";
  }
  if (small > 0) {
    put(out, "{} marked small (pale): fewer than {} measured episodes, where one episode moves "
             "attainment by five points or more. ",
        small, kSmallGroup);
  }
  if (shown < f.groups_by_volume.size()) {
    std::uint64_t rest = 0;
    for (std::size_t i = shown; i < f.groups_by_volume.size(); ++i) {
      rest += audit.groups[f.groups_by_volume[i]].episodes;
    }
    put(out, "The other {} groups ({} episodes) are in the groups table.",
        f.groups_by_volume.size() - shown, words::count(rest));
  }
  out += "</figcaption></figure>\n";
}

void response_chart(const ResponseHistogram& h, std::string& out) {
  std::uint64_t answered = 0, top = 1;
  for (std::uint64_t n : h.answered) {
    answered += n;
    top = std::max(top, n);
  }
  top = std::max({top, h.unanswered, h.pending});
  const std::uint64_t all = answered + h.unanswered + h.pending;
  auto share = [&](std::uint64_t n) {
    return all == 0 ? std::string("-") : fmt::format("{:.1f}%", 100.0 * n / all);
  };
  out += "<figure class=\"chart\">\n<table class=\"bars\">\n<thead><tr><th colspan=\"3\">";
  append_escaped(h.channel, out);
  put(out, " <span class=\"tag\">({} episodes)</span></th></tr></thead>\n<tbody>\n",
      words::count(all));
  std::uint64_t within = 0;
  for (std::size_t b = 0; b < h.answered.size(); ++b) {
    const bool over = b > 0 && h.edges[b - 1] >= h.target;
    std::string label = b < h.edges.size()
                            ? "≤ " + words::compact_duration(h.edges[b])
                            : "> " + words::compact_duration(h.edges.back());
    put(out, "<tr><th>{}</th><td class=\"bar\"><div class=\"track\"><div class=\"fill {}\" "
             "style=\"width:{:.1f}%\"></div></div></td><td class=\"v\">{} · {}</td></tr>\n",
        label, over ? "late" : "pass", 100.0 * h.answered[b] / top, words::count(h.answered[b]),
        share(h.answered[b]));
    if (!over) within += h.answered[b];
    if (b < h.edges.size() && h.edges[b] == h.target) {
      put(out, "<tr class=\"rule\"><td colspan=\"3\">target {}: {} of the episodes answered "
               "within it</td></tr>\n",
          words::compact_duration(h.target), share(within));
    }
  }
  put(out, "<tr><th>unanswered</th><td class=\"bar\"><div class=\"track\"><div class=\"fill "
           "unanswered\" style=\"width:{:.1f}%\"></div></div></td><td class=\"v\">{} · {}</td>"
           "</tr>\n",
      100.0 * h.unanswered / top, words::count(h.unanswered), share(h.unanswered));
  if (h.pending > 0) {
    put(out, "<tr><th>pending</th><td class=\"bar\"><div class=\"track\"><div class=\"fill none\" "
             "style=\"width:{:.1f}%\"></div></div></td><td class=\"v\">{} · {}</td></tr>\n",
        100.0 * h.pending / top, words::count(h.pending), share(h.pending));
  }
  out += "</tbody></table>\n<figcaption>";
  append_escaped(h.channel, out);
  put(out, ": business response time of the {} episodes in bins of the first-response target "
           "({}); blue within it, orange later, hatched never answered. Next-response episodes "
           "may have another target.</figcaption></figure>\n",
      words::count(all), words::compact_duration(h.target));
}

void trend_chart(const Audit& audit, const ReportFigures& f, std::string& out) {
  (void)audit;
  const std::size_t n = f.trend.size();
  if (n == 0) return;
  const double left = 48, right = 52, top_pad = 12, plot_h = 180, width = 680;
  const double plot_w = width - left - right;
  const double height = top_pad + plot_h + 40;
  std::uint64_t most = 1;
  for (const TrendPoint& p : f.trend) most = std::max(most, p.episodes);
  const std::uint64_t axis_top = nice_top(most);
  const double slot = plot_w / static_cast<double>(n);
  auto x_of = [&](std::size_t i) { return left + slot * (static_cast<double>(i) + 0.5); };
  auto y_share = [&](double a) { return top_pad + plot_h * (1 - a); };
  auto y_count = [&](std::uint64_t c) {
    return top_pad + plot_h * (1 - static_cast<double>(c) / static_cast<double>(axis_top));
  };
  const char* unit = f.trend_by == GroupBy::kDay ? "day" : f.trend_by == GroupBy::kWeek ? "week"
                                                                                        : "month";
  // The lowest and highest measured periods, for the words.
  std::optional<std::size_t> low, high;
  for (std::size_t i = 0; i < n; ++i) {
    if (!f.trend[i].attainment) continue;
    if (!low || *f.trend[i].attainment < *f.trend[*low].attainment) low = i;
    if (!high || *f.trend[i].attainment > *f.trend[*high].attainment) high = i;
  }
  std::string alt = fmt::format("Attainment and episodes per {} from {} to {}.", unit,
                                f.trend.front().period, f.trend.back().period);
  if (f.trend_earlier > 0) {
    alt += fmt::format(" {} earlier episodes (the first 0.5 %) are left out.",
                       words::count(f.trend_earlier));
  }
  if (low) {
    alt += fmt::format(" Lowest attainment {} on {} ({} episodes); highest {} on {} ({} episodes).",
                       words::percent(f.trend[*low].attainment), f.trend[*low].period,
                       f.trend[*low].episodes, words::percent(f.trend[*high].attainment),
                       f.trend[*high].period, f.trend[*high].episodes);
  }
  out += "<figure class=\"chart\" id=\"trend-chart\"><div class=\"wide\">\n";
  put(out, "<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\">"
           "<title>{}</title>\n",
      escaped(alt), width, height, width, height, escaped(alt));
  // Grid and axes: attainment on the left, episodes on the right.
  for (int q = 0; q <= 4; ++q) {
    const double y = y_share(q / 4.0);
    put(out, "<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>"
             "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}%</text>"
             "<text x=\"{}\" y=\"{:.1f}\">{}</text>\n",
        left, width - right, y, y, left - 6, y + 4, q * 25, width - right + 6, y + 4,
        words::count(axis_top * static_cast<std::uint64_t>(q) / 4));
  }
  // Columns of episodes.
  for (std::size_t i = 0; i < n; ++i) {
    const TrendPoint& p = f.trend[i];
    if (p.episodes == 0) continue;
    const double y = y_count(p.episodes);
    put(out, "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\" "
             "fill-opacity=\"0.45\"><title>{}: {} episodes, attainment {}</title></rect>\n",
        x_of(i) - slot * 0.4, y, slot * 0.8, top_pad + plot_h - y, kSky, escaped(p.period),
        p.episodes, words::percent(p.attainment));
  }
  // Goal lines, one dash pattern per channel.
  const char* dashes[] = {"6 4", "2 3", "10 3 2 3"};
  for (std::size_t g = 0; g < f.goals.size() && g < 3; ++g) {
    const double y = y_share(f.goals[g].goal);
    put(out, "<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#000\" "
             "stroke-width=\"1.5\" stroke-dasharray=\"{}\"/>\n",
        left, width - right, y, y, dashes[g]);
  }
  // The attainment line, broken where a period has nothing measured.
  std::string path;
  bool pen_down = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (!f.trend[i].attainment) {
      pen_down = false;
      continue;
    }
    path += fmt::format("{}{:.1f} {:.1f}", pen_down ? " L" : " M", x_of(i),
                        y_share(*f.trend[i].attainment));
    pen_down = true;
  }
  if (!path.empty()) {
    put(out, "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n", path, kBlue);
  }
  if (n <= 120) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!f.trend[i].attainment) continue;
      put(out, "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"{}\"/>", x_of(i),
          y_share(*f.trend[i].attainment), kBlue);
    }
    out += "\n";
  }
  // Period labels, spaced so that they never overlap (about 56 units each).
  const std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(56 / slot)));
  for (std::size_t i = 0; i < n; i += every) {
    put(out, "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", x_of(i),
        top_pad + plot_h + 16, escaped(short_period(f.trend_by, f.trend[i].period)));
  }
  put(out, "\n<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"middle\">{} (report time zone)</text>\n",
      left + plot_w / 2, top_pad + plot_h + 34, unit);
  out += "</svg></div>\n<p class=\"legend\">";
  put(out, "<span><span class=\"key\" style=\"background:{};height:3px\"></span>attainment (left "
           "axis)</span><span><span class=\"key\" style=\"background:{};opacity:.45\"></span>episodes "
           "(right axis)</span>",
      kBlue, kSky);
  for (std::size_t g = 0; g < f.goals.size() && g < 3; ++g) {
    put(out, "<span><svg width=\"28\" height=\"8\" aria-hidden=\"true\" style=\"display:inline\">"
             "<line x1=\"0\" x2=\"28\" y1=\"4\" y2=\"4\" stroke=\"#000\" stroke-width=\"1.5\" "
             "stroke-dasharray=\"{}\"/></svg> goal ",
        dashes[g]);
    append_escaped(f.goals[g].channel, out);
    put(out, " {}</span>", words::percent(f.goals[g].goal));
  }
  out += "</p>\n<figcaption>";
  append_escaped(alt, out);
  out += "</figcaption></figure>\n";
}

void demand_chart(const Demand& d, int n, std::string& out) {
  const double left = 40, top = 22, cell_w = 26, cell_h = 22;
  const double width = left + 24 * cell_w + 4, height = top + 7 * cell_h + 4;
  std::uint32_t most = 1;
  std::size_t busiest_w = 0, busiest_h = 0;
  for (std::size_t w = 0; w < 7; ++w) {
    for (std::size_t h = 0; h < 24; ++h) {
      if (d.cells[w][h].episodes > most) {
        most = d.cells[w][h].episodes;
        busiest_w = w;
        busiest_h = h;
      }
    }
  }
  std::string alt = fmt::format(
      "Episodes of {} by weekday and hour of start: {} of {} ({}) started while the {} calendar "
      "was closed; the busiest hour is {} {:02}:00-{:02}:00 with {} episodes.",
      d.channel, words::count(d.closed), words::count(d.episodes),
      words::percent(d.episodes ? std::optional<double>(static_cast<double>(d.closed) / d.episodes)
                                : std::nullopt),
      d.calendar, kWeekdays[busiest_w], busiest_h, busiest_h + 1,
      words::count(d.cells[busiest_w][busiest_h].episodes));
  out += "<figure class=\"chart\"><div class=\"wide\">\n";
  put(out, "<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\">"
           "<title>{}</title>\n"
           "<defs><pattern id=\"closed-{}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
           "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"none\"/>"
           "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#767676\" stroke-width=\"1.2\"/>"
           "</pattern></defs>\n",
      escaped(alt), width, height, width, height, escaped(alt), n);
  for (int h = 0; h < 24; h += 3) {
    put(out, "<text x=\"{:.1f}\" y=\"{}\">{:02}h</text>", left + h * cell_w + 2, top - 8, h);
  }
  out += "\n";
  for (std::size_t w = 0; w < 7; ++w) {
    const double y = top + static_cast<double>(w) * cell_h;
    put(out, "<text x=\"0\" y=\"{:.1f}\">{}</text>", y + 15, kWeekdays[w]);
    for (std::size_t h = 0; h < 24; ++h) {
      const DemandCell& c = d.cells[w][h];
      const double x = left + static_cast<double>(h) * cell_w;
      // A light-to-dark blue ramp (lightness carries the value, so it reads
      // in grey as well).
      const double t = std::sqrt(static_cast<double>(c.episodes) / most);
      const int r = static_cast<int>(247 - t * (247 - 8));
      const int g = static_cast<int>(251 - t * (251 - 48));
      const int b = static_cast<int>(255 - t * (255 - 107));
      put(out, "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{}\" height=\"{}\" fill=\"#{:02x}{:02x}{:02x}\" "
               "stroke=\"#fff\"><title>{} {:02}:00-{:02}:00: {} episodes, {} while closed{}</title>"
               "</rect>",
          x, y, cell_w, cell_h, r, g, b, kWeekdays[w], h, h + 1, c.episodes, c.closed,
          c.open_share < 0.5 ? " (calendar mostly closed)" : "");
      if (c.open_share < 0.5) {
        put(out, "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{}\" height=\"{}\" fill=\"url(#closed-{})\"/>",
            x, y, cell_w, cell_h, n);
      }
    }
    out += "\n";
  }
  out += "</svg></div>\n<p class=\"legend\"><span><span class=\"key\" style=\"background:linear-gradient("
         "90deg,#f7fbff,#08306b)\"></span>episodes per hour, ";
  put(out, "0 to {}</span><span><svg width=\"22\" height=\"12\" aria-hidden=\"true\" "
           "style=\"display:inline\"><rect width=\"22\" height=\"12\" fill=\"url(#closed-{})\" "
           "stroke=\"#999\"/></svg> calendar closed most of that hour</span></p>\n",
      words::count(most), n);
  out += "<figcaption>";
  append_escaped(alt, out);
  out += "</figcaption></figure>\n";
}

}  // namespace ssla::html
