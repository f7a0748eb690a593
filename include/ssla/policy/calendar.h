// The business-hours clock (spec 2.1 and 3.5): business(a, b) and due(start, target)
// by the wall-clock definition, at millisecond resolution.
#ifndef SSLA_CALENDAR_H_
#define SSLA_CALENDAR_H_

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "ssla/base/instant.h"
#include "ssla/policy/policy.h"

namespace ssla {

/// A calendar compiled to sorted, merged open intervals in UTC, with prefix
/// sums of open time and a per-day index, so that every query reads a few
/// entries (or, outside the indexed days, does a binary search).
///
/// Construction covers the instants the caller will ask about; due() may look
/// further, up to the "never opens again" horizon of spec 7 (30 years after
/// the later of the start and the last dated holiday or override).
/// Queries are const and safe to call from several threads at once.
class BusinessCalendar {
 public:
  /// Compiles `spec` for queries whose arguments lie in [begin, end] (UTC ms).
  /// The spec is copied; it need not outlive the calendar. Throws Error
  /// (kExitUsage) when the spec's time zone is unknown.
  BusinessCalendar(const CalendarSpec& spec, Instant begin, Instant end);

  /// Total open time in [a, b), in ms; 0 when b <= a.
  Millis business(Instant a, Instant b) const;

  /// The last instant t >= start with business(start, t) <= target (target > 0);
  /// when the target is reached exactly as the calendar closes this is the next
  /// opening. nullopt when the calendar never opens again (spec 7).
  std::optional<Instant> due(Instant start, Millis target) const;

  /// True when instant t is open.
  bool is_open(Instant t) const;

  /// The start of the first open interval that begins after t (UTC ms), t
  /// itself when t is open; nullopt when the calendar never opens again
  /// (spec 7, the horizon due() uses). For `suggest`'s closed share.
  std::optional<Instant> next_opening(Instant t) const;

  /// The open intervals [from, to) that overlap [a, b), clipped to it (for `explain`).
  std::vector<std::pair<Instant, Instant>> open_intervals(Instant a, Instant b) const;

  /// The spec this calendar was compiled from.
  const CalendarSpec& spec() const { return spec_; }

 private:
  /// Open time in (-inf, t), in ms.
  Millis open_before(Instant t) const { return open_before(t, intervals_through(t)); }
  /// open_before() with `through` == intervals_through(t) already found.
  Millis open_before(Instant t, std::size_t through) const;
  /// The number of intervals starting at or before t (the index of the last
  /// one, plus one).
  std::size_t intervals_through(Instant t) const;

  CalendarSpec spec_;
  // Implementation state (intervals, prefix sums, horizon) is private to calendar.cc.
  std::vector<Instant> starts_;     ///< open interval starts, ascending
  std::vector<Instant> ends_;       ///< matching ends; intervals disjoint and non-adjacent
  std::vector<Millis> cumulative_;  ///< cumulative_[i] = open time before starts_[i]
  Instant horizon_ = 0;             ///< instants beyond this were not compiled
  /// Per UTC day from first_indexed_day_: the number of intervals starting
  /// before that day, so that finding t's interval reads a few entries
  /// instead of searching all of them (30 years of working days).
  std::vector<std::uint32_t> before_day_;
  std::int64_t first_indexed_day_ = 0;
};

}  // namespace ssla

#endif  // SSLA_CALENDAR_H_
