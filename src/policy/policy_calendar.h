// Private to the policy loader: the `calendars` section (weekly hours,
// holidays, overrides) and its validation rules (spec 2 and 7).
#ifndef SSLA_POLICY_CALENDAR_H_
#define SSLA_POLICY_CALENDAR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "policy_yaml.h"
#include "ssla/policy/policy.h"

namespace ssla::policy_yaml {

/// Reads one calendar; problems are recorded, the result is best effort.
CalendarSpec parse_calendar(const std::string& name, const YAML::Node& node,
                            const std::string& default_zone, Problems& problems);

/// Parses a local date `YYYY-MM-DD` to days since 1970-01-01.
std::optional<std::int64_t> parse_date(std::string_view text);

/// Parses an interval `HH:MM-HH:MM` (also `H:MM`, `HH:MM:SS`, end `24:00`); an
/// end before the start crosses midnight. nullopt with `why` set when invalid.
std::optional<Interval> parse_interval(std::string_view text, std::string& why);

}  // namespace ssla::policy_yaml

#endif  // SSLA_POLICY_CALENDAR_H_
