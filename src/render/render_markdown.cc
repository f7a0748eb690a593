// `report --format markdown`: the sections of the HTML report without
// charts (their figures as small tables), ready for a wiki page or a ticket.
// The figures come from the audit (report_figures()); this file only formats.
#include <fmt/format.h>

#include "report_words.h"
#include "ssla/render/opener_texts.h"
#include "ssla/render/render.h"

namespace ssla {

namespace {

template <typename... Args>
void put(std::string& out, fmt::format_string<Args...> f, Args&&... args) {
  fmt::format_to(std::back_inserter(out), f, std::forward<Args>(args)...);
}

constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// Text that stays text in Markdown (and in the HTML a wiki makes of it):
// table pipes and the characters that start links, emphasis or code are
// escaped, line breaks become spaces, `<` `>` `&` character references.
// `_` is left alone: within words it emphasises nothing in CommonMark, and
// most author names have one.
std::string md(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '\n':
      case '\r': out += ' '; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\\': case '`': case '*': case '[': case ']':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

void row(std::string& s, const std::vector<std::string>& cells) {
  s += '|';
  for (const std::string& c : cells) s += " " + c + " |";
  s += '\n';
}

void rule(std::string& s, const std::vector<bool>& right) {
  s += '|';
  for (bool r : right) s += r ? " ---: |" : " --- |";
  s += '\n';
}

std::string stat(const Stats& st, Millis Stats::*field) {
  return st.present ? words::business_duration(st.*field) : std::string("-");
}

void header(const Audit& audit, const ReportFigures& f, std::string& s) {
  s += "# " + md(words::title(audit)) + "\n\n";
  s += "- **Window:** " + md(words::window(audit)) + ", times in " +
       md(audit.report_zone.name()) + "\n";
  s += "- **As of:** " + local_time_text(audit, audit.as_of) + " (" + format_utc(audit.as_of) +
       ")\n";
  const std::vector<std::string> inputs = words::inputs(audit);
  if (inputs.size() == 1) {
    s += "- **Input:** " + md(inputs[0]) + "\n";
  } else {
    s += "- **Input:**\n";
    for (const std::string& line : inputs) s += "  - " + md(line) + "\n";
  }
  if (!f.goals.empty()) s += "- **Goals:** " + md(words::goals(f)) + "\n";
  const std::vector<std::string> owners = words::owners(audit);
  if (owners.size() == 1) s += "- **Owner:** " + md(owners[0]) + "\n";
  if (owners.size() > 1) {
    s += "- **Owners:**\n";
    for (const std::string& o : owners) s += "  - " + md(o) + "\n";
  }
  if (audit.review) {
    s += "- **Review:** " + md(words::review(audit)) + (audit.review->overdue ? " ⚠" : "") + "\n";
  }
  if (!audit.policy->path.empty()) s += "- **Policy file:** " + md(audit.policy->path) + "\n";
}

void headline(const Audit& audit, const ReportFigures& f, std::string& s) {
  const Tally& t = f.total;
  const Tally* p = f.previous ? &*f.previous : nullptr;
  s += "\n## Headline\n\n";
  std::vector<std::string> head = {"figure", "value"};
  std::vector<bool> right = {false, true};
  if (p) {
    head.push_back("previous: " + md(words::previous_window(audit)));
    head.push_back("change");
    right.push_back(true);
    right.push_back(true);
  }
  row(s, head);
  rule(s, right);
  auto line = [&](std::string name, std::string now, std::string before, std::string change) {
    std::vector<std::string> cells = {std::move(name), std::move(now)};
    if (p) {
      cells.push_back(std::move(before));
      cells.push_back(change.empty() ? "-" : std::move(change));
    }
    row(s, cells);
  };
  line(f.goals.empty() ? "attainment" : "attainment (goal " + md(words::goals(f)) + ")",
       words::percent(t.attainment), p ? words::percent(p->attainment) : "",
       p ? words::points_change(t.attainment, p->attainment) : "");
  line("episodes", words::count(t.episodes), p ? words::count(p->episodes) : "",
       p ? words::count_change(t.episodes, p->episodes) : "");
  const std::uint64_t breaches = t.breached_late + t.breached_unanswered;
  const std::uint64_t before = p ? p->breached_late + p->breached_unanswered : 0;
  line("breaches (late + unanswered)", words::count(breaches), p ? words::count(before) : "",
       p ? words::count_change(breaches, before) : "");
  line("median business response", stat(t.business, &Stats::p50),
       p ? stat(p->business, &Stats::p50) : "", "");
  line("p90 business response", stat(t.business, &Stats::p90),
       p ? stat(p->business, &Stats::p90) : "", "");
}

void groups(const Audit& audit, std::string& s) {
  s += "\n## Groups\n\n";
  std::vector<std::string> head;
  std::vector<bool> right;
  for (GroupBy by : audit.options.by) {
    head.emplace_back(group_by_name(by));
    right.push_back(false);
  }
  for (const char* h : {"episodes", "measured", "met", "late", "unanswered", "pending", "exempt",
                        "attainment", "goal", "status", "p50", "p90", "p95", "max"}) {
    head.emplace_back(h);
    right.push_back(true);
  }
  right[audit.options.by.size() + 9] = false;
  row(s, head);
  rule(s, right);
  for (const Group& g : audit.groups) {
    std::vector<std::string> cells;
    for (const std::string& k : g.key) cells.push_back(md(words::key_text(k)));
    for (std::uint64_t n : {g.episodes, g.measured, g.met, g.breached_late, g.breached_unanswered,
                            g.pending, g.exempt_messages}) {
      cells.push_back(words::count(n));
    }
    cells.push_back(words::percent(g.attainment));
    cells.push_back(g.goal ? words::percent(g.goal->value()) : "-");
    cells.push_back(g.pass && !*g.pass ? "**FAIL**" : words::status(g));
    for (auto field : {&Stats::p50, &Stats::p90, &Stats::p95, &Stats::max}) {
      cells.push_back(stat(g.business, field));
    }
    row(s, cells);
  }
  if (audit.groups.size() >= 2) {
    const Group& t = audit.total;
    std::vector<std::string> cells = {"**total**"};
    for (std::size_t k = 1; k < audit.options.by.size(); ++k) cells.emplace_back("");
    for (std::uint64_t n : {t.episodes, t.measured, t.met, t.breached_late, t.breached_unanswered,
                            t.pending, t.exempt_messages}) {
      cells.push_back(words::count(n));
    }
    cells.push_back(words::percent(t.attainment));
    cells.emplace_back("-");
    cells.emplace_back("-");
    for (auto field : {&Stats::p50, &Stats::p90, &Stats::p95, &Stats::max}) {
      cells.push_back(stat(t.business, field));
    }
    row(s, cells);
  }
  s += "\nResponse times are business time (open hours of the channel's calendar) over answered "
       "episodes.\n";
}

void response(const ReportFigures& f, std::string& s) {
  if (f.response.empty()) return;
  s += "\n## Business response time by channel\n";
  for (const ResponseHistogram& h : f.response) {
    std::uint64_t all = h.unanswered + h.pending;
    for (std::uint64_t n : h.answered) all += n;
    auto share = [&](std::uint64_t n) {
      return all == 0 ? std::string("-") : fmt::format("{:.1f}%", 100.0 * n / all);
    };
    put(s, "\n**{}** ({} episodes, first-response target {})\n\n", md(h.channel),
        words::count(all), words::compact_duration(h.target));
    row(s, {"answered within", "episodes", "share", "cumulative"});
    rule(s, {false, true, true, true});
    std::uint64_t running = 0;
    for (std::size_t b = 0; b < h.answered.size(); ++b) {
      running += h.answered[b];
      std::string label = b < h.edges.size() ? "≤ " + words::compact_duration(h.edges[b])
                                             : "> " + words::compact_duration(h.edges.back());
      if (b < h.edges.size() && h.edges[b] == h.target) label += " (target)";
      row(s, {label, words::count(h.answered[b]), share(h.answered[b]), share(running)});
    }
    row(s, {"unanswered", words::count(h.unanswered), share(h.unanswered), "-"});
    if (h.pending > 0) row(s, {"pending", words::count(h.pending), share(h.pending), "-"});
  }
}

void trend(const ReportFigures& f, std::string& s) {
  if (f.trend.empty()) return;
  const char* unit = f.trend_by == GroupBy::kDay ? "day" : f.trend_by == GroupBy::kWeek ? "week"
                                                                                        : "month";
  put(s, "\n## Trend per {}\n\n", unit);
  row(s, {unit, "episodes", "measured", "met", "attainment"});
  rule(s, {false, true, true, true, true});
  for (const TrendPoint& p : f.trend) {
    row(s, {p.period, words::count(p.episodes), words::count(p.measured), words::count(p.met),
            words::percent(p.attainment)});
  }
  if (f.trend_earlier > 0) {
    put(s, "\n{} earlier episodes (the first 0.5 %) are left out.\n", words::count(f.trend_earlier));
  }
}

void demand(const ReportFigures& f, std::string& s) {
  if (f.demand.empty()) return;
  s += "\n## Demand by weekday and hour\n\n";
  for (const Demand& d : f.demand) {
    // The three busiest hours, in words.
    std::vector<std::pair<std::uint32_t, int>> cells;
    for (int w = 0; w < 7; ++w) {
      for (int h = 0; h < 24; ++h) cells.emplace_back(d.cells[w][h].episodes, w * 24 + h);
    }
    std::stable_sort(cells.begin(), cells.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string busiest;
    for (std::size_t i = 0; i < 3 && cells[i].first > 0; ++i) {
      if (!busiest.empty()) busiest += ", ";
      const int w = cells[i].second / 24, h = cells[i].second % 24;
      const bool closed = d.cells[w][h].open_share < 0.5;
      busiest += fmt::format("{} {:02}:00-{:02}:00 ({}{})", kWeekdays[w], h, h + 1,
                             words::count(cells[i].first), closed ? ", calendar closed" : "");
    }
    put(s, "- **{}** (calendar {}): {} of {} episodes ({}) started while the calendar was closed. "
           "Busiest hours: {}.\n",
        md(d.channel), md(d.calendar), words::count(d.closed), words::count(d.episodes),
        words::percent(d.episodes ? std::optional<double>(static_cast<double>(d.closed) / d.episodes)
                                  : std::nullopt),
        busiest.empty() ? "none" : busiest);
  }
}

void breaches(const Audit& audit, const ReportFigures& f, bool all, std::string& s) {
  const MessageTable& t = audit.read.table;
  s += all ? "\n## Breaches\n\n" : "\n## Worst breaches\n\n";
  if (f.breaches == 0) {
    s += "None.\n";
    return;
  }
  s += "Times in the report time zone; waited and overdue by are business time.\n\n";
  row(s, {"id", "channel", "account", "customer", "start", "responded", "waited", "overdue by",
          "text"});
  rule(s, {false, false, false, false, false, false, true, true, false});
  auto line = [&](const Episode& e, std::string_view text) {
    const Message& m = t.messages[e.opened_by];
    row(s, {md(t.ids.text(m.id)), md(t.strings.view(e.channel)), md(t.strings.view(e.account)),
            md(t.strings.view(m.author_as_written)), words::local_minute(audit, e.start),
            e.responded_at == kNoInstant ? "unanswered" : words::local_minute(audit, e.responded_at),
            words::business_duration(e.business), words::business_duration(e.business - e.target),
            md(text)});
  };
  if (all) {
    const auto listed = [&](const Episode& e) { return audit.listed_breach(e); };
    OpenerTexts texts(audit, listed);
    for (std::size_t i = 0; i < audit.episodes.episodes.size(); ++i) {
      const Episode& e = audit.episodes.episodes[i];
      if (listed(e)) line(e, texts.next(i));
    }
    return;
  }
  for (std::uint32_t i : f.worst_breaches) {
    const Episode& e = audit.episodes.episodes[i];
    line(e, t.excerpt(e.opened_by));
  }
  if (f.breaches > f.worst_breaches.size()) {
    put(s, "\nThe {} most overdue of {} breaches; {} more are not shown. To list all of them "
           "(with the same input options as this report):\n\n```\n{}\n```\n",
        words::count(f.worst_breaches.size()), words::count(f.breaches),
        words::count(f.breaches - f.worst_breaches.size()), words::breaches_command(audit));
  }
}

}  // namespace

void render_report_markdown(const Audit& audit, const RenderOptions& options, Output& out) {
  const ReportFigures empty;
  const ReportFigures& f = audit.figures ? *audit.figures : empty;
  std::string s;
  header(audit, f, s);
  if (audit.groups.empty()) {
    s += "\nNo episodes in the report window.\n";
  } else {
    headline(audit, f, s);
    groups(audit, s);
    response(f, s);
    trend(f, s);
    demand(f, s);
    breaches(audit, f, options.breaches, s);
  }
  s += "\n## Data quality\n\n";
  for (const std::string& line : words::data_quality(audit)) s += "- " + md(line) + "\n";
  out.write(s);
}

}  // namespace ssla
