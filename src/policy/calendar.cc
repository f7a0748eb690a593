// The business-hours clock. A calendar is compiled once into sorted, merged
// open intervals in UTC with prefix sums of open time and a per-day index;
// business() and due() then read a few entries.
#include "ssla/policy/calendar.h"

#include <algorithm>
#include <chrono>

#include <date/tz.h>

#include "ssla/base/error.h"
#include "ssla/policy/holidays.h"
#include "ssla/base/zone.h"

namespace ssla {

namespace {

// 30 years (spec 7's "never opens again" horizon) plus slack for leap days.
constexpr std::int64_t kHorizonDays = 30 * 366 + 2;
// How far past the evaluated span dated holidays and overrides can push the horizon.
constexpr std::int64_t kMaxDatedDays = 100 * 366;
// Largest UTC offset in either direction, with margin (real ones stay within ±15 h).
constexpr Millis kMaxOffset = 26 * kMillisPerHour;

// One stretch of UTC time with a constant offset: local = utc + offset.
struct OffsetSegment {
  Instant begin;
  Instant end;
  Millis offset;
};

// The zone's offset segments covering [from, to] (UTC ms).
std::vector<OffsetSegment> offset_segments(const Zone& zone, Instant from, Instant to) {
  std::vector<OffsetSegment> out;
  if (zone.tz() == nullptr) {
    out.push_back({from, to + 1, 0});
    return out;
  }
  Instant t = from;
  while (t <= to) {
    const date::sys_seconds s{std::chrono::seconds{floor_div(t, kMillisPerSecond)}};
    const date::sys_info info = zone.tz()->get_info(s);
    const Instant end =
        std::chrono::duration_cast<std::chrono::milliseconds>(info.end.time_since_epoch()).count();
    const Millis offset = std::chrono::duration_cast<std::chrono::milliseconds>(info.offset).count();
    if (!out.empty() && out.back().offset == offset) {
      out.back().end = std::max(end, t + 1);
    } else {
      out.push_back({t, std::max(end, t + 1), offset});
    }
    t = std::max(end, t + 1);
  }
  return out;
}

}  // namespace

BusinessCalendar::BusinessCalendar(const CalendarSpec& spec, Instant begin, Instant end)
    : spec_(spec) {
  if (spec_.always_open) return;
  const Zone zone = Zone::find(spec_.timezone);
  if (!zone.valid()) throw usage_error("calendar " + spec_.name + ": unknown time zone " + spec_.timezone);

  // Local dates to compile: from the day before `begin` (an overnight interval
  // of that date may reach into it) to 30 years past the later of `end` and
  // the last dated holiday or override.
  // A dated holiday or override centuries ahead (year 9999) would make the
  // table huge for no practical answer, so the dated part counts only up to
  // kMaxDatedDays past `end`.
  const std::int64_t first_day = floor_div(begin, kMillisPerDay) - 2;
  const std::int64_t end_day = floor_div(end, kMillisPerDay);
  const std::int64_t last_day =
      std::max(end_day, std::min(last_dated_day(spec_), end_day + kMaxDatedDays)) + kHorizonDays;
  horizon_ = (last_day + 1) * kMillisPerDay;

  const std::vector<OffsetSegment> segments =
      offset_segments(zone, first_day * kMillisPerDay - kMaxOffset,
                      (last_day + 3) * kMillisPerDay + kMaxOffset);

  // Wall-clock definition (spec 2.1): the open instants of a local interval
  // [ls, le) are the UTC instants t with ls <= t + offset(t) < le. Within one
  // offset segment that is [ls - offset, le - offset) clipped to the segment;
  // a repeated local hour yields two pieces, a skipped one none.
  std::vector<std::pair<Instant, Instant>> pieces;
  std::size_t seg = 0;
  for (std::int64_t day = first_day; day <= last_day; ++day) {
    const DaySchedule& schedule = schedule_of(spec_, day);
    for (const Interval& iv : schedule) {
      const std::int64_t ls = day * kMillisPerDay + std::int64_t{iv.begin} * kMillisPerSecond;
      const std::int64_t le = day * kMillisPerDay + std::int64_t{iv.end} * kMillisPerSecond;
      while (seg > 0 && segments[seg].begin > ls - kMaxOffset) --seg;
      while (seg + 1 < segments.size() && segments[seg].end <= ls - kMaxOffset) ++seg;
      for (std::size_t k = seg; k < segments.size() && segments[k].begin < le + kMaxOffset; ++k) {
        const OffsetSegment& s = segments[k];
        const Instant a = std::max(s.begin, ls - s.offset);
        const Instant b = std::min(s.end, le - s.offset);
        if (a < b) pieces.emplace_back(a, b);
      }
    }
  }
  std::sort(pieces.begin(), pieces.end());
  // Union of the pieces: overnight spills may overlap the next date's hours,
  // and touching intervals merge so that no zero-length closing remains.
  for (const auto& [a, b] : pieces) {
    if (!starts_.empty() && a <= ends_.back()) {
      ends_.back() = std::max(ends_.back(), b);
    } else {
      starts_.push_back(a);
      ends_.push_back(b);
    }
  }
  cumulative_.resize(starts_.size() + 1);
  cumulative_[0] = 0;
  for (std::size_t i = 0; i < starts_.size(); ++i) {
    cumulative_[i + 1] = cumulative_[i] + (ends_[i] - starts_[i]);
  }
  if (starts_.empty()) return;
  first_indexed_day_ = floor_div(starts_.front(), kMillisPerDay);
  const std::int64_t last_indexed_day = floor_div(starts_.back(), kMillisPerDay) + 1;
  before_day_.resize(static_cast<std::size_t>(last_indexed_day - first_indexed_day_ + 1));
  std::size_t i = 0;
  for (std::size_t d = 0; d < before_day_.size(); ++d) {
    const Instant day_start = (first_indexed_day_ + static_cast<std::int64_t>(d)) * kMillisPerDay;
    while (i < starts_.size() && starts_[i] < day_start) ++i;
    before_day_[d] = static_cast<std::uint32_t>(i);
  }
}

std::size_t BusinessCalendar::intervals_through(Instant t) const {
  const std::int64_t day = floor_div(t, kMillisPerDay) - first_indexed_day_;
  if (day < 0 || day >= static_cast<std::int64_t>(before_day_.size())) {
    return static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), t) -
                                    starts_.begin());
  }
  // Intervals starting before t's day, then those of its day up to t.
  std::size_t i = before_day_[static_cast<std::size_t>(day)];
  while (i < starts_.size() && starts_[i] <= t) ++i;
  return i;
}

Millis BusinessCalendar::open_before(Instant t, std::size_t through) const {
  if (through == 0) return 0;
  const std::size_t i = through - 1;  // the last interval starting at or before t
  return cumulative_[i] + (std::min(t, ends_[i]) - starts_[i]);
}

Millis BusinessCalendar::business(Instant a, Instant b) const {
  if (b <= a) return 0;
  if (spec_.always_open) return b - a;
  return open_before(b) - open_before(a);
}

std::optional<Instant> BusinessCalendar::due(Instant start, Millis target) const {
  if (spec_.always_open) return start + target;
  const std::size_t through = intervals_through(start);
  const Millis goal = open_before(start, through) + target;
  // First interval i whose end brings the open time to the goal: at or after
  // the one of start, and for targets of hours a few intervals on. Search
  // ahead in doubling steps, then within the last step.
  // (Every interval starting at or before start has less open time before
  // it than the goal, when target > 0.)
  const std::size_t from = target > 0 ? std::max<std::size_t>(through, 1) : 1;
  std::size_t step = 1;
  std::size_t to = from;
  while (to < cumulative_.size() && cumulative_[to] < goal) {
    to = std::min(cumulative_.size(), from + step);
    step *= 2;
  }
  const auto it = std::lower_bound(cumulative_.begin() + static_cast<std::ptrdiff_t>(from),
                                   cumulative_.begin() + static_cast<std::ptrdiff_t>(to), goal);
  if (it == cumulative_.end()) return std::nullopt;  // never reached: never opens again
  const std::size_t i = static_cast<std::size_t>(it - cumulative_.begin()) - 1;
  const Instant t = starts_[i] + (goal - cumulative_[i]);
  if (t < ends_[i]) return t;
  // Reached exactly at closing: a response is still in time until the next opening.
  if (i + 1 < starts_.size()) return starts_[i + 1];
  return std::nullopt;
}

bool BusinessCalendar::is_open(Instant t) const {
  if (spec_.always_open) return true;
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), t);
  if (it == starts_.begin()) return false;
  const std::size_t i = static_cast<std::size_t>(it - starts_.begin()) - 1;
  return t < ends_[i];
}

std::optional<Instant> BusinessCalendar::next_opening(Instant t) const {
  if (spec_.always_open) return t;
  const std::size_t through = intervals_through(t);
  if (through > 0 && t < ends_[through - 1]) return t;
  // Intervals are disjoint and not adjacent: the next one opens after a gap.
  if (through < starts_.size()) return starts_[through];
  return std::nullopt;
}

std::vector<std::pair<Instant, Instant>> BusinessCalendar::open_intervals(Instant a,
                                                                          Instant b) const {
  std::vector<std::pair<Instant, Instant>> out;
  if (b <= a) return out;
  if (spec_.always_open) {
    out.emplace_back(a, b);
    return out;
  }
  auto it = std::upper_bound(starts_.begin(), starts_.end(), a);
  std::size_t i = it == starts_.begin() ? 0 : static_cast<std::size_t>(it - starts_.begin()) - 1;
  for (; i < starts_.size() && starts_[i] < b; ++i) {
    const Instant lo = std::max(a, starts_[i]);
    const Instant hi = std::min(b, ends_[i]);
    if (lo < hi) out.emplace_back(lo, hi);
  }
  return out;
}

}  // namespace ssla
