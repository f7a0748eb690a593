// `publish --from-data`: response times drafted from the kept targets of
// `suggest`, rounded up to figures a customer reads.
#ifndef SSLA_PUBLISH_DRAFT_H_
#define SSLA_PUBLISH_DRAFT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "ssla/audit/suggest.h"
#include "ssla/policy/policy.h"

namespace ssla {

/// A kept target rounded up: `minutes` is 15, 30, 60, 120 or 240, or 0 when
/// the target is longer than 4 hours and `business_days` (>= 1) says how
/// many business days of the calendar cover it.
struct ReadablePromise {
  std::int64_t minutes = 0;
  std::int64_t business_days = 0;
};

/// Rounds `kept_minutes` up to the first of 15 m, 30 m, 1 h, 2 h, 4 h that
/// covers it, else to whole business days of `business_day_ms` (the
/// calendar's mean open time per open weekday; 24 h for 24x7).
ReadablePromise round_promise(std::int64_t kept_minutes, Millis business_day_ms);

/// The mean open time of the weekdays `spec` is open on, in ms (24 h for
/// an always-open calendar).
Millis business_day_of(const CalendarSpec& spec);

/// The drafted response time of each listed channel of `policy` whose
/// `suggest --by channel` group has a kept target, by channel key, in the
/// words of a public statement (`1 hour`, `1 business day`). `notes` gets one line per channel saying what was drafted from
/// what, or why a channel keeps its policy's target.
std::map<std::string, std::string> draft_response_words(const Policy& policy,
                                                        const Suggestion& suggestion,
                                                        std::string& notes);

}  // namespace ssla

#endif  // SSLA_PUBLISH_DRAFT_H_
