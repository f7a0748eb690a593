// Resolving a calendar's holiday rules and overrides to local dates, and the
// schedule of any local date (spec 2.1: override, else holiday, else weekly).
#ifndef SSLA_HOLIDAYS_H_
#define SSLA_HOLIDAYS_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "ssla/policy/policy.h"

namespace ssla {

/// Local date (days since 1970-01-01) of Western Easter Sunday in `year`.
std::int64_t easter_sunday(int year);

/// A calendar's holiday rules compiled so that asking about one date costs
/// the same whatever the number of rules: dated holidays and ranges as
/// merged sorted ranges (a binary search), annual and nth-weekday rules as
/// bit sets of (month, day) and (month, weekday, nth), Easter rules as a bit
/// set of offsets tried against the Easters of three years. Building it costs
/// time in proportion to the rules.
class HolidayIndex {
 public:
  explicit HolidayIndex(const CalendarSpec& spec);

  /// True when any holiday rule of the spec falls on local date `day`.
  bool contains(std::int64_t day) const;
  /// True when the spec has Easter rules (their dates repeat with no short
  /// period, unlike every other rule's, which repeat every 400 years).
  bool has_easter() const { return easter_any_; }
  /// True when a dated holiday or range touches a date in [from_day, to_day].
  bool dated_between(std::int64_t from_day, std::int64_t to_day) const;

 private:
  std::vector<std::pair<std::int64_t, std::int64_t>> dated_;  ///< merged [from, to], ascending
  std::vector<bool> annual_;                                  ///< by month * 32 + day
  std::vector<bool> nth_;     ///< by (month * 7 + weekday) * 11 + nth + 5
  std::vector<bool> easter_;  ///< by offset + 400
  /// Easter Sunday of years 0 to 10000 (local dates), when there are Easter
  /// rules: three computations per date asked would cost more than the rest.
  std::vector<std::int32_t> easter_days_;
  bool annual_any_ = false;
  bool nth_any_ = false;
  bool easter_any_ = false;
};

/// True when any holiday rule of `spec` falls on local date `day` (one date;
/// for many, build a HolidayIndex once).
bool is_holiday(const CalendarSpec& spec, std::int64_t day);

/// The local dates in [from_day, to_day] that are holidays, ascending, each once.
std::vector<std::int64_t> holiday_dates(const CalendarSpec& spec, std::int64_t from_day,
                                        std::int64_t to_day);

/// The schedule of local date `day`: its override if any, else closed when a
/// holiday, else the weekly hours of its weekday. The reference is into
/// `spec` (or a static empty schedule) and lives as long as `spec`.
const DaySchedule& schedule_of(const CalendarSpec& spec, std::int64_t day);
/// schedule_of() with the spec's holidays already compiled into `index`.
const DaySchedule& schedule_of(const CalendarSpec& spec, const HolidayIndex& index,
                               std::int64_t day);

/// The last local date named by a dated holiday (kDate, kRange) or an
/// override; nullopt-like INT64_MIN when there is none. Used for the
/// "never opens again" horizon of spec 7.
std::int64_t last_dated_day(const CalendarSpec& spec);

}  // namespace ssla

#endif  // SSLA_HOLIDAYS_H_
