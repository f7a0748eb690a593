#include "ssla/render/policy_describe.h"

#include <fmt/format.h>

#include <array>

#include "ssla/base/join.h"
#include "ssla/base/zone.h"
#include "ssla/policy/holidays.h"

namespace ssla {

namespace {

constexpr std::array<const char*, 7> kDayNames = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
// The week as people read it: Monday first.
constexpr std::array<int, 7> kMondayFirst = {1, 2, 3, 4, 5, 6, 0};
// The characters a profile bio holds on each network (spec 8.1); a
// channel's `bio_limit` overrides it.
std::size_t bio_limit(const ChannelPolicy& c) {
  if (c.bio_limit) return static_cast<std::size_t>(*c.bio_limit);
  if (c.name == "twitter" || c.name == "x") return 160;
  if (c.name == "instagram") return 150;
  if (c.name == "tiktok") return 80;
  if (c.name == "linkedin") return 220;
  return 255;
}

// Characters as a network counts them: code points, not bytes.
std::size_t characters(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string clock_text(std::int32_t seconds) {
  seconds %= 86400 * 2;
  const int h = seconds / 3600 % 24 + (seconds == 86400 ? 24 : 0);
  const int m = seconds / 60 % 60;
  const int s = seconds % 60;
  return s != 0 ? fmt::format("{:02}:{:02}:{:02}", h, m, s) : fmt::format("{:02}:{:02}", h, m);
}

std::string day_text(const DaySchedule& day, const char* joiner) {
  if (day.empty()) return "closed";
  std::string out;
  for (std::size_t i = 0; i < day.size(); ++i) {
    if (i > 0) out += joiner;
    out += clock_text(day[i].begin) + "-" + clock_text(day[i].end);
    if (day[i].end > 86400) out += " (next day)";
  }
  return out;
}

bool same_day(const DaySchedule& a, const DaySchedule& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].begin != b[i].begin || a[i].end != b[i].end) return false;
  }
  return true;
}

std::string date_text(std::int64_t day) {
  const LocalTime l = Zone().to_local(day * kMillisPerDay);
  return fmt::format("{:04}-{:02}-{:02} ({})", l.year, l.month, l.day, kDayNames[l.weekday]);
}

std::string goal_text(const Goal& g) {
  const double pct = g.value() * 100;
  return fmt::format("{}%", pct == static_cast<double>(static_cast<long long>(pct))
                                ? fmt::format("{}", static_cast<long long>(pct))
                                : fmt::format("{:.2f}", pct));
}

// What the channel does not answer, in plain words; empty when nothing.
std::string exempt_words(const ExemptRule& rule) {
  std::vector<std::string> parts;
  if (!rule.tags.empty()) parts.push_back("posts tagged " + join_list(rule.tags, ", ", " or "));
  if (!rule.authors.empty()) {
    std::vector<std::string> at;
    for (const std::string& a : rule.authors) at.push_back("@" + a);
    parts.push_back("posts by " + join_list(at, ", ", " or "));
  }
  if (!rule.words.empty())
    parts.push_back("posts containing " + join_list(rule.words, ", ", " or "));
  if (!rule.acknowledgements_as_written.empty()) {
    parts.push_back("a plain \"" + rule.acknowledgements_as_written.front() + "\"" +
                    (rule.acknowledgements_as_written.size() > 1 ? " and the like" : ""));
  }
  return join_list(parts, ", ", ", ");
}

// A priority rule's match in plain words: `words outage, hacked; tags urgent`.
std::string match_words(const ExemptRule& m) {
  std::vector<std::string> parts;
  if (!m.words.empty()) parts.push_back("words " + join_list(m.words, ", ", ", "));
  if (!m.tags.empty()) parts.push_back("tags " + join_list(m.tags, ", ", ", "));
  if (!m.authors.empty()) {
    std::vector<std::string> at;
    for (const std::string& a : m.authors) at.push_back("@" + a);
    parts.push_back("authors " + join_list(at, ", ", ", "));
  }
  return join_list(parts, "; ", "; ");
}

// Each priority rule on a line of its own, in list order, indented.
void priority_lines(const std::vector<PriorityRule>& rules, const std::string& indent,
                    std::string& s) {
  for (std::size_t k = 0; k < rules.size(); ++k) {
    const PriorityRule& p = rules[k];
    fmt::format_to(std::back_inserter(s), "{}{}. {} ({}): first response {}; next response {}\n",
                   indent, k + 1, p.name, match_words(p.match), duration_words(p.first_response),
                   duration_words(p.next_response));
  }
}

// `America/New_York` -> `New York`: how people name a zone.
std::string zone_words(const std::string& zone) {
  if (zone == "UTC") return "UTC";
  std::string city = zone.substr(zone.rfind('/') + 1);
  for (char& c : city) {
    if (c == '_') c = ' ';
  }
  return city + " time";
}

}  // namespace

std::string duration_words(Millis d, bool with_days) {
  std::vector<std::string> parts;
  const std::int64_t s = d / kMillisPerSecond;
  const std::int64_t days = with_days ? s / 86400 : 0;
  const std::int64_t hours = with_days ? s / 3600 % 24 : s / 3600;
  const std::int64_t minutes = s / 60 % 60, secs = s % 60;
  auto add = [&](std::int64_t v, const char* unit) {
    if (v > 0) parts.push_back(fmt::format("{} {}{}", v, unit, v == 1 ? "" : "s"));
  };
  add(days, "day");
  add(hours, "hour");
  add(minutes, "minute");
  add(secs, "second");
  return parts.empty() ? "0 seconds" : join_list(parts, " ", " ");
}

std::string week_words(const CalendarSpec& spec) {
  if (spec.always_open) return "around the clock, every day";
  std::vector<std::string> runs;
  std::size_t i = 0;
  while (i < 7) {
    std::size_t j = i;
    const DaySchedule& day = spec.weekly[kMondayFirst[i]];
    while (j + 1 < 7 && same_day(spec.weekly[kMondayFirst[j + 1]], day)) ++j;
    if (!day.empty()) {
      std::string days = kDayNames[kMondayFirst[i]];
      if (j > i) days += std::string(j == i + 1 ? ", " : "-") + kDayNames[kMondayFirst[j]];
      runs.push_back(days + " " + day_text(day, ", "));
    }
    i = j + 1;
  }
  return join_list(runs, "; ", "; ");
}

std::string describe_policy(const Policy& policy, std::int64_t from_day,
                            std::optional<std::int64_t> today) {
  std::string s;
  fmt::format_to(std::back_inserter(s), "Policy: {}\nReport time zone: {}\n",
                 policy.name.empty() ? "(no name)" : policy.name, policy.timezone);
  if (policy.owner) s += "Owner: " + *policy.owner + "\n";
  if (policy.review) {
    const Review& r = *policy.review;
    const bool overdue = today && *today > r.next_day;
    // "every 3 months (quarterly)"; a period written as months is not repeated.
    const bool named = !r.every_as_written.empty() &&
                       !(r.every_as_written[0] >= '0' && r.every_as_written[0] <= '9');
    fmt::format_to(std::back_inserter(s), "Review: every {} month{}{}; last {}; next {}{}\n",
                   r.every_months, r.every_months == 1 ? "" : "s",
                   named ? " (" + r.every_as_written + ")" : "",
                   date_text(r.last_day), date_text(r.next_day), overdue ? " (overdue)" : "");
  }
  if (!policy.accounts.empty())
    s += "Company accounts: " + join_list(policy.accounts, ", ", ", ") + "\n";
  if (!policy.ignore_authors.empty()) {
    s += "Ignored authors (never count as a response): " +
         join_list(policy.ignore_authors, ", ", ", ") + "\n";
  }
  if (!policy.signatures.empty()) {
    s += "Reply signatures (responder from the text, first match wins):\n";
    for (const std::string& e : policy.signatures) s += "  " + e + "\n";
  }
  for (const CalendarSpec& c : policy.calendars) {
    fmt::format_to(std::back_inserter(s), "\nCalendar {} ({})\n", c.name, c.timezone);
    for (int d : kMondayFirst) {
      fmt::format_to(std::back_inserter(s), "  {}  {}\n", kDayNames[d], day_text(c.weekly[d], ", "));
    }
    const std::vector<std::int64_t> days = holiday_dates(c, from_day, from_day + 364);
    fmt::format_to(std::back_inserter(s), "  Holidays from {} for 12 months:", date_text(from_day));
    if (days.empty()) s += " none";
    s += "\n";
    for (std::int64_t d : days) {
      const auto o = c.overrides.find(d);
      s += "    " + date_text(d) +
           (o != c.overrides.end() ? "  (override: " + day_text(o->second, ", ") + ")" : "") + "\n";
    }
    if (!c.overrides.empty()) {
      s += "  Overrides:\n";
      for (const auto& [d, hours] : c.overrides) {
        s += "    " + date_text(d) + "  " + day_text(hours, ", ") + "\n";
      }
    }
  }
  auto channel = [&](const ChannelPolicy& c) {
    fmt::format_to(std::back_inserter(s), "\nChannel {}: calendar {}; first response {}; next response {}; goal {}\n",
                   c.name, c.calendar, duration_words(c.first_response),
                   duration_words(c.next_response), c.goal ? goal_text(*c.goal) : "none");
    if (!c.promise.empty()) s += "  Promise: " + c.promise + "\n";
    const std::string ex = exempt_words(c.exempt);
    if (!ex.empty()) s += "  Not answered: " + ex + "\n";
    if (!c.exempt.acknowledgements_as_written.empty()) {
      std::vector<std::string> q;
      for (const std::string& a : c.exempt.acknowledgements_as_written) q.push_back("\"" + a + "\"");
      s += "  Acknowledgements: " + join_list(q, ", ", ", ") + "\n";
    }
    if (!c.rules.empty()) {
      const EpisodeRule& own = c.rules.front();
      if (own.owner) s += "  Owner: " + *own.owner + "\n";
      if (!own.priorities.empty()) {
        s += "  Priorities (the first that matches wins; else normal):\n";
        priority_lines(own.priorities, "    ", s);
      }
      for (std::size_t r = 1; r < c.rules.size(); ++r) {
        const EpisodeRule& a = c.rules[r];
        fmt::format_to(std::back_inserter(s),
                       "  Account {}: calendar {}; first response {}; next response {}; goal {}; "
                       "owner {}\n",
                       a.account_as_written, a.calendar, duration_words(a.first_response),
                       duration_words(a.next_response), a.goal ? goal_text(*a.goal) : "none",
                       a.owner ? *a.owner : "none");
        if (!a.own_priorities) continue;  // the channel's, shown above
        if (a.priorities.empty()) {
          s += "    Priorities: none (every episode normal)\n";
        } else {
          s += "    Priorities:\n";
          priority_lines(a.priorities, "      ", s);
        }
      }
    }
  };
  for (const ChannelPolicy& c : policy.channels) channel(c);
  if (policy.default_channel) channel(*policy.default_channel);
  if (policy.channels.empty() && !policy.default_channel) {
    s += "\nNo channels: every episode will be unconfigured.\n";
  }
  return s;
}

std::string publish_policy(const Policy& policy, PublishFormat format,
                           const std::map<std::string, std::string>* response_words) {
  std::string s;
  if (format == PublishFormat::kMarkdown && !policy.name.empty()) s += "# " + policy.name + "\n\n";
  auto statement = [&](const ChannelPolicy& c) {
    const CalendarSpec* cal = policy.find_calendar(c.calendar);
    if (cal == nullptr) cal = &always_open_calendar();
    std::string text;
    if (!c.promise.empty()) text += c.promise + (c.promise.back() == '.' ? " " : ". ");
    if (cal->always_open) {
      text += "Answers around the clock";
    } else {
      text += "Answers " + week_words(*cal) + " (" + zone_words(cal->timezone) + ")";
      if (!cal->holidays.empty()) text += ", not on holidays";
    }
    const std::string* drafted = nullptr;
    if (response_words != nullptr) {
      const auto it = response_words->find(c.name);
      if (it != response_words->end()) drafted = &it->second;
    }
    if (drafted != nullptr) {
      text += ". Replies within " + *drafted;  // one kept target: first replies and follow-ups
    } else {
      text += ". First reply within " + duration_words(c.first_response, cal->always_open);
    }
    if (drafted == nullptr && c.next_response != c.first_response) {
      text += ", follow-ups within " + duration_words(c.next_response, cal->always_open);
    }
    text += cal->always_open ? "." : ", counted in opening hours.";
    const std::string ex = exempt_words(c.exempt);
    if (!ex.empty()) text += " Not answered: " + ex + ".";
    const std::string title = c.name == "default" ? "Other channels" : c.name;
    if (format == PublishFormat::kMarkdown) {
      s += "## " + title + "\n\n" + text + "\n";
    } else {
      s += title + ":\n" + text + "\n";
    }
    const std::size_t limit = bio_limit(c);
    const std::size_t length = characters(text);
    if (length > limit) {
      s += fmt::format("{}({} characters; a bio on {} holds {})\n",
                       format == PublishFormat::kMarkdown ? "\n" : "", length,
                       c.name == "default" ? "most networks" : c.name, limit);
    }
    s += "\n";
  };
  for (const ChannelPolicy& c : policy.channels) statement(c);
  if (policy.default_channel) statement(*policy.default_channel);
  return s;
}

std::string starter_policy_text() {
  return R"(# ssla policy: what you promise on each social channel.
# Reference: docs/policy.md. Check it with `ssla validate policy.yaml`.
version: 1
name: My company social care SSLA
timezone: America/New_York          # report time zone (--month, day/week groups, local times)

company:
  accounts: [MyCompanyHelp]         # authors whose messages are the company's
  ignore_authors: [MyCompanyBot]    # auto-replies: never count as a response

calendars:
  business-hours:
    timezone: America/New_York
    hours:
      mon-fri: ["09:00-12:00", "13:00-18:00"]
      sat: "10:00-14:00"
      sun: closed
    holidays:
      - { annual: "12-25" }                    # Christmas Day, every year
      - { month: 11, weekday: thu, nth: 4 }    # Thanksgiving
      - { easter: -2 }                         # Good Friday
    overrides:
      2026-12-24: "09:00-12:00"                # Christmas Eve: mornings only

channels:
  twitter:
    promise: Questions about orders and accounts, answered by our care team.
    calendar: business-hours
    first_response: 1h
    next_response: 2h
    goal: 90%
    exempt:
      tags: [spam]
      acknowledgements: [thanks, thank you, ok]
  default:                           # any channel not listed above
    calendar: 24x7
    first_response: 1d
)";
}

}  // namespace ssla
