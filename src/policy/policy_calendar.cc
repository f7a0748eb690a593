#include "policy_calendar.h"

#include <algorithm>
#include <array>

#include "ssla/base/zone.h"

namespace ssla::policy_yaml {

namespace {

constexpr std::array<std::string_view, 7> kDayNames = {"sun", "mon", "tue", "wed",
                                                       "thu", "fri", "sat"};

std::optional<unsigned> day_index(std::string_view name) {
  for (unsigned i = 0; i < kDayNames.size(); ++i) {
    if (kDayNames[i] == name) return i;
  }
  return std::nullopt;
}

// The weekdays (0 = Sunday) a weekly-hours key names, or empty when unknown.
std::vector<unsigned> days_of_key(const std::string& raw) {
  const std::string key = lower(raw);
  if (key == "daily") return {0, 1, 2, 3, 4, 5, 6};
  if (key == "weekdays") return {1, 2, 3, 4, 5};
  if (key == "weekends") return {6, 0};
  if (const auto d = day_index(key)) return {*d};
  const auto dash = key.find('-');
  if (dash == std::string::npos) return {};
  const auto from = day_index(key.substr(0, dash));
  const auto to = day_index(key.substr(dash + 1));
  if (!from || !to) return {};
  std::vector<unsigned> out;
  // Ranges wrap around the week: `fri-mon` is fri, sat, sun, mon.
  for (unsigned d = *from;; d = (d + 1) % 7) {
    out.push_back(d);
    if (d == *to) break;
  }
  return out;
}

// Seconds from midnight for `H:MM`, `HH:MM` or `HH:MM:SS`; 24:00 allowed when `end`.
std::optional<std::int32_t> parse_clock(std::string_view s, bool end) {
  auto num = [](std::string_view d) -> std::optional<int> {
    if (d.empty() || d.size() > 2) return std::nullopt;
    int v = 0;
    for (char c : d) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  const auto c1 = s.find(':');
  if (c1 == std::string_view::npos) return std::nullopt;
  const auto c2 = s.find(':', c1 + 1);
  const auto h = num(s.substr(0, c1));
  const auto m = num(s.substr(c1 + 1, c2 == std::string_view::npos ? s.npos : c2 - c1 - 1));
  std::optional<int> sec = 0;
  if (c2 != std::string_view::npos) sec = num(s.substr(c2 + 1));
  if (!h || !m || !sec || s.substr(c1 + 1, 2).size() != 2) return std::nullopt;
  if (c2 != std::string_view::npos && s.substr(c2 + 1).size() != 2) return std::nullopt;
  if (*m > 59 || *sec > 59) return std::nullopt;
  if (*h == 24 && *m == 0 && *sec == 0 && end) return 86400;
  if (*h > 23) return std::nullopt;
  return *h * 3600 + *m * 60 + *sec;
}

// Reads an hours value: `closed`, one interval, or a list of intervals.
DaySchedule parse_hours(const YAML::Node& node, const std::string& what, Problems& problems) {
  DaySchedule day;
  std::vector<YAML::Node> items;
  if (node.IsNull()) return day;
  if (node.IsScalar()) {
    if (lower(trim(node.Scalar())) == "closed") return day;
    items.push_back(node);
  } else if (node.IsSequence()) {
    for (const YAML::Node& n : node) items.push_back(n);
  } else {
    problems.add(node, what + ": expected `closed`, an interval like \"09:00-17:00\" or a list");
    return day;
  }
  for (const YAML::Node& item : items) {
    if (!problems.visit()) break;
    const auto text = scalar(item, what, problems);
    if (!text) continue;
    if (lower(trim(*text)) == "closed" && items.size() == 1) continue;
    std::string why;
    if (const auto iv = parse_interval(trim(*text), why)) {
      day.push_back(*iv);
    } else {
      problems.add(item, what + ": bad interval '" + *text + "': " + why);
    }
  }
  std::sort(day.begin(), day.end(), [](const Interval& a, const Interval& b) { return a.begin < b.begin; });
  for (std::size_t i = 1; i < day.size(); ++i) {
    if (day[i].begin < day[i - 1].end) {
      problems.add(node, what + ": overlapping intervals");
      break;
    }
  }
  return day;
}

void parse_holiday(const YAML::Node& item, CalendarSpec& spec, Problems& problems) {
  const std::string what = "calendar " + spec.name + ": holiday";
  Holiday h;
  if (item.IsScalar()) {
    const auto d = parse_date(trim(item.Scalar()));
    if (!d) {
      problems.add(item, what + ": bad date '" + item.Scalar() + "' (expected YYYY-MM-DD)");
      return;
    }
    h.kind = Holiday::Kind::kDate;
    h.from_day = h.to_day = *d;
    spec.holidays.push_back(h);
    return;
  }
  if (!check_map(item, what, {"from", "to", "annual", "month", "weekday", "nth", "easter"},
                 problems)) {
    return;
  }
  // One form per entry: keys of two forms would leave one of them unread.
  const int forms = (item["from"] || item["to"] ? 1 : 0) + (item["annual"] ? 1 : 0) +
                    (item["month"] || item["weekday"] || item["nth"] ? 1 : 0) +
                    (item["easter"] ? 1 : 0);
  if (forms > 1) {
    problems.add(item, what +
                           ": mixes the keys of several forms (one entry is a date, "
                           "{from, to}, {annual}, {month, weekday, nth} or {easter})");
    return;
  }
  auto date_of = [&](const char* key) -> std::optional<std::int64_t> {
    const auto text = scalar(item[key], what + " " + key, problems);
    if (!text) return std::nullopt;
    const auto d = parse_date(trim(*text));
    if (!d) problems.add(item[key], what + ": bad date '" + *text + "' (expected YYYY-MM-DD)");
    return d;
  };
  if (item["from"] || item["to"]) {
    if (!item["from"] || !item["to"]) {
      problems.add(item, what + ": a range needs both `from` and `to`");
      return;
    }
    const auto from = date_of("from");
    const auto to = date_of("to");
    if (!from || !to) return;
    if (*to < *from) {
      problems.add(item, what + ": `to` is before `from`");
      return;
    }
    h.kind = Holiday::Kind::kRange;
    h.from_day = *from;
    h.to_day = *to;
  } else if (item["annual"]) {
    const auto text = scalar(item["annual"], what + " annual", problems);
    if (!text) return;
    const std::string t = trim(*text);
    const bool shape = t.size() == 5 && t[2] == '-' && std::isdigit(t[0]) && std::isdigit(t[1]) &&
                       std::isdigit(t[3]) && std::isdigit(t[4]);
    h.kind = Holiday::Kind::kAnnual;
    h.month = shape ? static_cast<unsigned>(std::stoi(t.substr(0, 2))) : 0;
    h.day = shape ? static_cast<unsigned>(std::stoi(t.substr(3, 2))) : 0;
    if (!shape || !is_valid_date(2000, h.month, h.day)) {  // 2000 is a leap year: 02-29 is fine
      problems.add(item["annual"], what + ": bad month-day '" + *text + "' (expected MM-DD)");
      return;
    }
  } else if (item["month"] || item["weekday"] || item["nth"]) {
    if (!item["month"] || !item["weekday"] || !item["nth"]) {
      problems.add(item, what + ": an nth-weekday holiday needs `month`, `weekday` and `nth`");
      return;
    }
    const auto m = scalar(item["month"], what + " month", problems);
    const auto w = scalar(item["weekday"], what + " weekday", problems);
    const auto n = scalar(item["nth"], what + " nth", problems);
    if (!m || !w || !n) return;
    h.kind = Holiday::Kind::kNthWeekday;
    try {
      h.month = static_cast<unsigned>(std::stoi(*m));
      h.nth = std::stoi(*n);
    } catch (const std::exception&) {
      h.month = 0;
      h.nth = 0;
    }
    const auto wd = day_index(lower(trim(*w)));
    if (h.month < 1 || h.month > 12) problems.add(item["month"], what + ": month must be 1 to 12");
    if (!wd) {
      std::vector<std::string> names(kDayNames.begin(), kDayNames.end());
      problems.add(item["weekday"], what + ": unknown weekday '" + *w + "'" + did_you_mean(*w, names));
    }
    if (h.nth == 0 || h.nth < -5 || h.nth > 5) {
      problems.add(item["nth"], what + ": nth must be 1 to 5 or -1 to -5");
    }
    if (!wd || h.month < 1 || h.month > 12 || h.nth == 0 || h.nth < -5 || h.nth > 5) return;
    h.weekday = *wd;
  } else if (item["easter"]) {
    const auto text = scalar(item["easter"], what + " easter", problems);
    if (!text) return;
    h.kind = Holiday::Kind::kEaster;
    try {
      std::size_t used = 0;
      h.easter_offset = std::stoi(*text, &used);
      if (used != text->size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      problems.add(item["easter"], what + ": easter offset must be a whole number of days");
      return;
    }
    if (h.easter_offset < -400 || h.easter_offset > 400) {
      problems.add(item["easter"], what + ": easter offset must lie within ±400 days");
      return;
    }
  } else {
    problems.add(item, what + ": expected a date, {from, to}, {annual}, {month, weekday, nth} "
                              "or {easter}");
    return;
  }
  spec.holidays.push_back(h);
}

}  // namespace

std::optional<std::int64_t> parse_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  }
  const int y = std::stoi(std::string(t.substr(0, 4)));
  const auto m = static_cast<unsigned>(std::stoi(std::string(t.substr(5, 2))));
  const auto d = static_cast<unsigned>(std::stoi(std::string(t.substr(8, 2))));
  if (!is_valid_date(y, m, d)) return std::nullopt;
  return days_from_civil(y, m, d);
}

std::optional<Interval> parse_interval(std::string_view text, std::string& why) {
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) {
    why = "expected HH:MM-HH:MM";
    return std::nullopt;
  }
  const auto begin = parse_clock(trim(text.substr(0, dash)), false);
  const auto end = parse_clock(trim(text.substr(dash + 1)), true);
  if (!begin || !end) {
    why = "expected HH:MM-HH:MM with hours 00-23 (end 24:00 allowed) and minutes 00-59";
    return std::nullopt;
  }
  if (*begin == *end) {
    why = "start equals end (use 00:00-24:00 for the whole day)";
    return std::nullopt;
  }
  Interval iv{*begin, *end};
  if (iv.end < iv.begin) iv.end += 86400;  // crosses midnight; belongs to the start date
  return iv;
}

CalendarSpec parse_calendar(const std::string& name, const YAML::Node& node,
                            const std::string& default_zone, Problems& problems) {
  CalendarSpec spec;
  spec.name = name;
  spec.timezone = default_zone;
  const std::string what = "calendar " + name;
  if (!check_map(node, what, {"timezone", "hours", "holidays", "overrides"}, problems)) return spec;
  if (node["timezone"]) {
    if (const auto tz = scalar(node["timezone"], what + " timezone", problems)) {
      spec.timezone = trim(*tz);
      if (!Zone::find(spec.timezone).valid()) {
        problems.add(node["timezone"], what + ": unknown time zone '" + *tz + "'");
      }
    }
  }
  const YAML::Node hours = node["hours"];
  if (!hours) {
    problems.add(node, what + ": missing `hours`");
  } else if (check_map(hours, what + " hours", {}, problems)) {
    std::array<bool, 7> named{};
    for (const auto& kv : hours) {
      if (!problems.visit()) break;
      const std::string key = kv.first.Scalar();
      const std::vector<unsigned> days = days_of_key(key);
      if (days.empty()) {
        problems.add(kv.first, what + ": unknown day '" + key + "'" +
                                   did_you_mean(key, {"mon", "tue", "wed", "thu", "fri", "sat",
                                                      "sun", "weekdays", "weekends", "daily"}));
        continue;
      }
      const DaySchedule day = parse_hours(kv.second, what + " " + key, problems);
      for (unsigned d : days) {
        if (named[d]) {
          problems.add(kv.first, what + ": " + std::string(kDayNames[d]) +
                                     " is named twice (a later key never overrides an earlier one)");
          continue;
        }
        named[d] = true;
        spec.weekly[d] = day;
      }
    }
    bool any_open = false;
    for (const DaySchedule& d : spec.weekly) any_open = any_open || !d.empty();
    if (!any_open) problems.add(hours, what + ": the weekly hours have no open interval at all");
  }
  if (const YAML::Node holidays = node["holidays"]) {
    if (holidays.IsSequence()) {
      for (const YAML::Node& item : holidays) {
        if (!problems.visit()) break;
        parse_holiday(item, spec, problems);
      }
    } else if (!holidays.IsNull()) {
      problems.add(holidays, what + ": `holidays` must be a list");
    }
  }
  if (const YAML::Node overrides = node["overrides"]) {
    if (check_map(overrides, what + " overrides", {}, problems)) {
      for (const auto& kv : overrides) {
        if (!problems.visit()) break;
        const auto d = parse_date(trim(kv.first.Scalar()));
        if (!d) {
          problems.add(kv.first, what + ": bad override date '" + kv.first.Scalar() +
                                     "' (expected YYYY-MM-DD)");
          continue;
        }
        if (spec.overrides.count(*d) != 0) {
          problems.add(kv.first, what + ": override date " + kv.first.Scalar() + " named twice");
        }
        spec.overrides[*d] = parse_hours(kv.second, what + " override " + kv.first.Scalar(), problems);
      }
    }
  }
  return spec;
}

}  // namespace ssla::policy_yaml
