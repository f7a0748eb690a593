// Resolving a calendar's holiday rules and overrides to local dates, and the
// schedule of any local date (spec 2.1: override, else holiday, else weekly).
#ifndef SSLA_HOLIDAYS_H_
#define SSLA_HOLIDAYS_H_

#include <cstdint>
#include <vector>

#include "ssla/policy/policy.h"

namespace ssla {

/// Local date (days since 1970-01-01) of Western Easter Sunday in `year`.
std::int64_t easter_sunday(int year);

/// True when any holiday rule of `spec` falls on local date `day`.
bool is_holiday(const CalendarSpec& spec, std::int64_t day);

/// The local dates in [from_day, to_day] that are holidays, ascending, each once.
std::vector<std::int64_t> holiday_dates(const CalendarSpec& spec, std::int64_t from_day,
                                        std::int64_t to_day);

/// The schedule of local date `day`: its override if any, else closed when a
/// holiday, else the weekly hours of its weekday. The reference is into
/// `spec` (or a static empty schedule) and lives as long as `spec`.
const DaySchedule& schedule_of(const CalendarSpec& spec, std::int64_t day);

/// The last local date named by a dated holiday (kDate, kRange) or an
/// override; nullopt-like INT64_MIN when there is none. Used for the
/// "never opens again" horizon of spec 7.
std::int64_t last_dated_day(const CalendarSpec& spec);

}  // namespace ssla

#endif  // SSLA_HOLIDAYS_H_
