// The policy model (spec section 2): what a company promises per channel.
// Produced by policy_load.h, read by every later stage. Plain data.
#ifndef SSLA_POLICY_H_
#define SSLA_POLICY_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssla/base/instant.h"

namespace ssla {

/// One open interval of a local date, in seconds from that date's local
/// midnight. 0 <= begin < end; end <= 86400 for same-day intervals (86400 is
/// `24:00`); an interval that crosses midnight has end > 86400 (`22:00-06:00`
/// is begin 79200, end 108000) and belongs to the date it starts on.
struct Interval {
  std::int32_t begin = 0;
  std::int32_t end = 0;
};

/// A day's open intervals, sorted by begin, not overlapping. Empty = closed.
using DaySchedule = std::vector<Interval>;

/// A holiday rule of a calendar. Dates are local civil dates stored as days
/// since 1970-01-01 (see zone.h days_from_civil).
struct Holiday {
  enum class Kind { kDate, kRange, kAnnual, kNthWeekday, kEaster };
  Kind kind = Kind::kDate;
  std::int64_t from_day = 0;  ///< kDate, kRange: first day (inclusive)
  std::int64_t to_day = 0;    ///< kDate, kRange: last day (inclusive); == from_day for kDate
  unsigned month = 0;         ///< kAnnual, kNthWeekday: 1..12
  unsigned day = 0;           ///< kAnnual: 1..31 (`02-29` only in leap years)
  unsigned weekday = 0;       ///< kNthWeekday: 0 = Sunday .. 6 = Saturday
  int nth = 0;                ///< kNthWeekday: 1..5 or -1..-5 (from the month's end)
  int easter_offset = 0;      ///< kEaster: days after Western Easter Sunday (-400..400)
};

/// A named business-hours calendar (spec 2, 2.1).
struct CalendarSpec {
  std::string name;
  std::string timezone = "UTC";        ///< IANA name; the policy's zone when the file gives none
  std::array<DaySchedule, 7> weekly;   ///< indexed by weekday, 0 = Sunday .. 6 = Saturday
  std::vector<Holiday> holidays;       ///< in file order
  std::map<std::int64_t, DaySchedule> overrides;  ///< local date (days since epoch) -> hours
  bool always_open = false;            ///< true only for the built-in `24x7`
};

/// The name of the built-in always-open calendar.
inline constexpr std::string_view kAlwaysOpenCalendar = "24x7";

/// A goal kept as the exact fraction the policy wrote (`95%` = 95/100,
/// `0.9` = 9/10), so that attainment >= goal compares exactly (spec 7).
struct Goal {
  std::int64_t numerator = 1;
  std::int64_t denominator = 1;
  /// The goal as a fraction in [0, 1] for display and JSON.
  double value() const { return static_cast<double>(numerator) / static_cast<double>(denominator); }
  /// met / measured >= goal, compared as rationals. measured > 0.
  bool met_by(std::int64_t met, std::int64_t measured) const {
    return static_cast<__int128>(met) * denominator >= static_cast<__int128>(numerator) * measured;
  }
};

/// Inbound messages a channel does not answer (spec 3.4). All lists are
/// stored normalized by the loader: tags and words ASCII-lower-cased and
/// trimmed; authors lower-cased without a leading `@`; acknowledgements in
/// the normalized form of spec 3.4 (see exempt.h normalize_acknowledgement).
struct ExemptRule {
  std::vector<std::string> tags;
  std::vector<std::string> authors;
  std::vector<std::string> words;
  std::vector<std::string> acknowledgements;
  /// The phrases as written in the policy, for `publish` and `validate`.
  std::vector<std::string> acknowledgements_as_written;
  bool empty() const {
    return tags.empty() && authors.empty() && words.empty() && acknowledgements.empty();
  }
};

/// What a company promises on one channel.
struct ChannelPolicy {
  std::string name;            ///< the key, ASCII-lower-cased; `default` for the fallback
  std::string promise;         ///< free text, may be empty
  std::string calendar{kAlwaysOpenCalendar};  ///< a CalendarSpec name or `24x7`
  Millis first_response = 0;   ///< target of `first` episodes, > 0
  Millis next_response = 0;    ///< target of `next` episodes, > 0 (defaults to first_response)
  std::optional<Goal> goal;    ///< none: groups have goal and status null
  ExemptRule exempt;
};

/// How to read exports (the policy's `input` section). Empty strings mean
/// "not given"; CLI flags override each entry.
struct InputSpec {
  std::string preset;            ///< `generic` | `twcs` | empty
  std::vector<std::pair<std::string, std::string>> columns;  ///< canonical field -> column/path
  std::string channel;           ///< constant channel for rows without one
  std::string timezone;          ///< zone of timestamps without an offset
  std::string timestamp_format;  ///< strftime-style override of detection
  std::string delimiter;         ///< `,` `;` `tab` `|` (as written; `\t` also accepted)
};

/// A whole validated policy.
struct Policy {
  std::string path;                   ///< file it was read from (for messages); empty if none
  std::string name;                   ///< the policy's `name`, may be empty
  std::string timezone = "UTC";       ///< report time zone
  std::vector<std::string> accounts;  ///< company authors, lower-cased, without `@`
  std::vector<std::string> ignore_authors;  ///< lower-cased, without `@`
  std::vector<CalendarSpec> calendars;      ///< user calendars in file order
  std::vector<ChannelPolicy> channels;      ///< in file order, without `default`
  std::optional<ChannelPolicy> default_channel;
  InputSpec input;

  /// The calendar named `name` (the built-in `24x7` included); nullptr if none.
  const CalendarSpec* find_calendar(std::string_view name) const;
  /// The policy of a lower-cased channel name: listed, else `default`, else nullptr.
  const ChannelPolicy* channel_for(std::string_view channel) const;
  /// True when the lower-cased author key is a company account or ignored author.
  bool is_company_author(std::string_view author_key) const;
  /// True when the lower-cased author key is in ignore_authors.
  bool is_ignored_author(std::string_view author_key) const;
};

/// The built-in `24x7` calendar.
const CalendarSpec& always_open_calendar();

}  // namespace ssla

#endif  // SSLA_POLICY_H_
