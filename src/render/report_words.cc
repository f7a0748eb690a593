#include "report_words.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ssla/render/render.h"

namespace ssla::words {

namespace {

constexpr const char* kMonths[] = {"January", "February", "March",     "April",
                                   "May",     "June",     "July",      "August",
                                   "September", "October", "November", "December"};

bool at_midnight(const LocalTime& l) {
  return l.hour == 0 && l.minute == 0 && l.second == 0 && l.millis == 0;
}

std::string date_text(const LocalTime& l) {
  return fmt::format("{:04}-{:02}-{:02}", l.year, l.month, l.day);
}

// [from, to) in words; days when both ends are local midnights.
std::string span(const Audit& audit, Instant from, Instant to) {
  const LocalTime a = audit.report_zone.to_local(from);
  const LocalTime b = audit.report_zone.to_local(to);
  if (at_midnight(a) && at_midnight(b)) {
    if (a.day == 1 && b.day == 1 &&
        (b.year * 12 + static_cast<int>(b.month)) == (a.year * 12 + static_cast<int>(a.month)) + 1) {
      return fmt::format("{} {}", kMonths[a.month - 1], a.year);
    }
    const LocalTime last = audit.report_zone.to_local(to - 1);
    if (date_text(a) == date_text(last)) return date_text(a);
    return date_text(a) + " to " + date_text(last);
  }
  return local_time_text(audit, from) + " to " + local_time_text(audit, to);
}

}  // namespace

std::string title(const Audit& audit) {
  return audit.policy->name.empty() ? std::string("SSLA report") : audit.policy->name;
}

std::string window(const Audit& audit) {
  const Window& w = audit.options.window;
  if (w.from && w.to) return span(audit, *w.from, *w.to);
  if (w.from) return "from " + local_time_text(audit, *w.from);
  if (w.to) return "until " + local_time_text(audit, *w.to);
  const ReportFigures* f = audit.figures ? &*audit.figures : nullptr;
  if (f == nullptr || !f->first_start) return "all episodes";
  return "all episodes (" + date_text(audit.report_zone.to_local(*f->first_start)) + " to " +
         date_text(audit.report_zone.to_local(*f->last_start)) + ")";
}

std::string previous_window(const Audit& audit) {
  if (!audit.figures || !audit.figures->previous_window) return {};
  const Window& w = *audit.figures->previous_window;
  return span(audit, *w.from, *w.to);
}

std::vector<std::string> inputs(const Audit& audit) {
  std::vector<std::string> lines;
  for (const FileSummary& f : audit.read.files) {
    lines.push_back(fmt::format("{} ({}{}, {} rows read, {} rejected)", f.name, f.format,
                                f.gzip ? ", gzip" : "", count(f.rows_read),
                                count(f.rows_rejected)));
  }
  return lines;
}

std::string count(std::uint64_t n) {
  std::string digits = fmt::format("{}", n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string percent(std::optional<double> v) {
  return v ? fmt::format("{:.1f}%", *v * 100) : std::string("-");
}

std::string points_change(std::optional<double> now, std::optional<double> before) {
  if (!now || !before) return {};
  const double d = (*now - *before) * 100;
  if (fmt::format("{:.1f}", d) == "0.0" || fmt::format("{:.1f}", d) == "-0.0") return "±0.0 pts";
  return fmt::format("{:+.1f} pts", d);
}

std::string count_change(std::uint64_t now, std::uint64_t before) {
  if (before == 0) return {};
  const double r = (static_cast<double>(now) - static_cast<double>(before)) / before * 100;
  const std::string text = fmt::format("{:+.0f}%", r);
  return text == "+0%" || text == "-0%" ? "no change" : text;
}

std::string compact_duration(Millis d) {
  const std::int64_t s = d / kMillisPerSecond;
  if (s < 60) return fmt::format("{}s", s);
  const std::int64_t h = s / 3600, m = (s / 60) % 60, sec = s % 60;
  std::string out;
  if (h > 0) out += fmt::format("{}h", h);
  if (m > 0) out += fmt::format("{}{}m", out.empty() ? "" : " ", m);
  if (sec > 0) out += fmt::format("{}{}s", out.empty() ? "" : " ", sec);
  return out;
}

std::string local_minute(const Audit& audit, Instant t) {
  const LocalTime l = audit.report_zone.to_local(t);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", l.year, l.month, l.day, l.hour, l.minute);
}

std::string group_label(const Group& g) {
  std::string label;
  for (const std::string& k : g.key) {
    if (!label.empty()) label += " · ";
    label += k.empty() || is_null_key(k) ? "(none)" : k;
  }
  return label;
}

std::string key_text(const std::string& k) {
  return k.empty() || is_null_key(k) ? std::string("(none)") : k;
}

std::vector<std::string> owners(const Audit& audit) {
  // Each owner once, with the groups it answers for, in group order.
  std::vector<std::pair<std::string, std::vector<std::string>>> by_owner;
  for (const Group& g : audit.groups) {
    if (!g.owner) continue;
    auto it = std::find_if(by_owner.begin(), by_owner.end(),
                           [&](const auto& o) { return o.first == *g.owner; });
    if (it == by_owner.end()) it = by_owner.insert(by_owner.end(), {*g.owner, {}});
    it->second.push_back(group_label(g));
  }
  std::vector<std::string> lines;
  for (const auto& [owner, groups] : by_owner) {
    lines.push_back(groups.size() > 4 ? fmt::format("{} ({} groups)", owner, groups.size())
                                      : fmt::format("{} ({})", owner, fmt::join(groups, ", ")));
  }
  if (lines.empty() && audit.policy->owner) lines.push_back(*audit.policy->owner);
  return lines;
}

std::string review(const Audit& audit) {
  if (!audit.review) return {};
  const ReviewState& r = *audit.review;
  auto date = [&](std::int64_t day) {
    const LocalTime l = Zone().to_local(day * kMillisPerDay);
    return date_text(l);
  };
  return fmt::format("last reviewed {}, next review {}{}", date(r.last_day), date(r.next_day),
                     r.overdue ? " (overdue)" : "");
}

std::string status(const Group& g) { return g.pass ? (*g.pass ? "pass" : "FAIL") : "-"; }

std::string goals(const ReportFigures& f) {
  std::string out;
  for (const GoalLine& g : f.goals) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", g.channel, percent(g.goal));
  }
  return out;
}

std::vector<std::string> data_quality(const Audit& audit) {
  const DataQuality& q = audit.quality;
  std::vector<std::string> s;
  s.push_back(fmt::format("Rows read: {}; rejected as unusable: {}.", count(q.rows_read),
                          count(q.rows_rejected)));
  if (q.duplicates_identical + q.duplicates_conflicting > 0) {
    s.push_back(fmt::format("Duplicate rows dropped (the first was kept): {} identical, {} with "
                            "conflicting content.",
                            count(q.duplicates_identical), count(q.duplicates_conflicting)));
  }
  if (q.orphan_replies > 0) {
    s.push_back(fmt::format("Replies to a message that is not in the input: {}.",
                            count(q.orphan_replies)));
  }
  if (q.unlinked_outbound > 0) {
    s.push_back(fmt::format("Company posts that reply to nothing and answer no episode: {}.",
                            count(q.unlinked_outbound)));
  }
  if (q.replies_before_parent > 0) {
    s.push_back(fmt::format("Messages dated before the message they reply to: {}.",
                            count(q.replies_before_parent)));
  }
  if (q.parent_cycles > 0) {
    s.push_back(fmt::format("Reply chains that formed a cycle and were cut: {}.",
                            count(q.parent_cycles)));
  }
  if (q.automated_replies > 0) {
    s.push_back(fmt::format("Automated replies (ignored authors) that did not count as a "
                            "response: {}.",
                            count(q.automated_replies)));
  }
  if (!q.unconfigured_channels.empty()) {
    s.push_back(fmt::format("Channels without a policy (their episodes are not measured): {}.",
                            fmt::join(q.unconfigured_channels, ", ")));
  }
  if (s.size() == 1 && q.rows_rejected == 0) {
    s.push_back("No duplicates, orphan replies, cycles or other problems were found.");
  }
  return s;
}

std::string breaches_command(const Audit& audit) {
  std::string cmd = "ssla report -p " + (audit.policy->path.empty() ? "POLICY" : audit.policy->path);
  for (const FileSummary& f : audit.read.files) cmd += " " + (f.name == "<stdin>" ? "-" : f.name);
  const Window& w = audit.options.window;
  if (w.from) cmd += " --from " + format_utc(*w.from);
  if (w.to) cmd += " --to " + format_utc(*w.to);
  if (!audit.options.by.empty()) {
    std::string by;
    for (GroupBy b : audit.options.by) by += (by.empty() ? "" : ",") + std::string(group_by_name(b));
    if (by != "channel") cmd += " --by " + by;
  }
  return cmd + " --as-of " + format_utc(audit.as_of) + " --breaches";
}

}  // namespace ssla::words
