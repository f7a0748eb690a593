#include "ssla/audit/report_options.h"

#include <algorithm>
#include <chrono>

#include "ssla/base/cli_instant.h"
#include "ssla/base/error.h"
#include "ssla/base/zone.h"

namespace ssla {

namespace {

std::vector<GroupBy> parse_by(const std::string& text) {
  std::vector<GroupBy> by;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(pos, comma - pos);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    GroupBy g;
    if (item == "channel") {
      g = GroupBy::kChannel;
    } else if (item == "account") {
      g = GroupBy::kAccount;
    } else if (item == "day") {
      g = GroupBy::kDay;
    } else if (item == "week") {
      g = GroupBy::kWeek;
    } else if (item == "month") {
      g = GroupBy::kMonth;
    } else if (item == "kind") {
      g = GroupBy::kKind;
    } else if (item == "priority") {
      g = GroupBy::kPriority;
    } else if (item == "responder") {
      g = GroupBy::kResponder;
    } else {
      throw usage_error("--by: unknown key '" + item +
                        "' (expected a comma list of channel, account, day, week, month, kind, "
                        "priority, responder)");
    }
    if (std::find(by.begin(), by.end(), g) != by.end()) {
      throw usage_error("--by: '" + item + "' is named twice");
    }
    by.push_back(g);
    pos = comma + 1;
  }
  return by;
}

// [first local midnight of the month, first local midnight of the next month).
Window month_window(const std::string& text, const Zone& zone) {
  const bool shape = text.size() == 7 && text[4] == '-' &&
                     std::all_of(text.begin(), text.begin() + 4, ::isdigit) &&
                     ::isdigit(text[5]) && ::isdigit(text[6]);
  const int year = shape ? std::stoi(text.substr(0, 4)) : 0;
  const unsigned month = shape ? static_cast<unsigned>(std::stoi(text.substr(5, 2))) : 0;
  if (!shape || month < 1 || month > 12) {
    throw usage_error("--month: expected YYYY-MM, got '" + text + "'");
  }
  const int next_year = month == 12 ? year + 1 : year;
  const unsigned next_month = month == 12 ? 1 : month + 1;
  Window w;
  w.from = zone.from_local(local_ms_from_fields(year, month, 1, 0, 0, 0, 0));
  w.to = zone.from_local(local_ms_from_fields(next_year, next_month, 1, 0, 0, 0, 0));
  // An end past 9999 (or a start before 0001, in a zone ahead of UTC) is no
  // bound at all: no instant lies beyond, and it could not be printed (spec 8.8).
  if (!in_instant_range(*w.from)) w.from.reset();
  if (!in_instant_range(*w.to)) w.to.reset();
  return w;
}

}  // namespace

Instant current_instant() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t today_for_review(const Policy& policy, const char* ssla_today) {
  if (ssla_today != nullptr) {
    const std::string text(ssla_today);
    const bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                       std::all_of(text.begin(), text.begin() + 4, ::isdigit) &&
                       ::isdigit(text[5]) && ::isdigit(text[6]) && ::isdigit(text[8]) &&
                       ::isdigit(text[9]);
    if (shape) {
      const int year = std::stoi(text.substr(0, 4));
      const auto month = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
      const auto day = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
      if (year >= 1 && month >= 1 && month <= 12 && day >= 1) {
        const std::int64_t d = days_from_civil(year, month, day);
        const std::int64_t next = month == 12 ? days_from_civil(year + 1, 1, 1)
                                              : days_from_civil(year, month + 1, 1);
        if (d < next) return d;
      }
    }
    throw usage_error("SSLA_TODAY: expected a date YYYY-MM-DD, got '" + text + "'");
  }
  const Zone zone = Zone::find(policy.timezone);
  const LocalTime l = zone.to_local(current_instant());
  return days_from_civil(l.year, l.month, l.day);
}

AuditOptions resolve_report_options(const Policy& policy, const ReportArgs& args) {
  const Zone zone = Zone::find(policy.timezone);
  if (!zone.valid()) throw usage_error("unknown time zone " + policy.timezone);
  AuditOptions options;
  options.by = parse_by(args.by);
  if (!args.month.empty()) {
    if (!args.from.empty() || !args.to.empty()) {
      throw usage_error("--month cannot be combined with --from or --to");
    }
    options.window = month_window(args.month, zone);
  }
  if (!args.from.empty()) options.window.from = require_cli_instant("--from", args.from, zone);
  if (!args.to.empty()) options.window.to = require_cli_instant("--to", args.to, zone);
  if (options.window.from && options.window.to && *options.window.from > *options.window.to) {
    throw usage_error("--from must not be after --to");
  }
  if (args.as_of == "now") {
    options.as_of = current_instant();
  } else if (!args.as_of.empty()) {
    options.as_of = require_cli_instant("--as-of", args.as_of, zone);
  }
  return options;
}

}  // namespace ssla
