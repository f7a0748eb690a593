// The business-hours clock (spec 2.1 and 3.5): business(a, b) and due(start, target)
// by the wall-clock definition, at millisecond resolution.
#ifndef SSLA_CALENDAR_H_
#define SSLA_CALENDAR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "ssla/base/instant.h"
#include "ssla/policy/holidays.h"
#include "ssla/policy/policy.h"

namespace ssla {

/// A calendar compiled to sorted, merged open intervals in UTC, with prefix
/// sums of open time and a per-day index, so that every query reads a few
/// entries (or, outside the indexed days, does a binary search).
///
/// Construction covers the instants the caller will ask about; due() may look
/// further, up to the "never opens again" horizon of spec 7 (30 years after
/// the later of the start and the last dated holiday or override), and never
/// past 9999-12-31T23:59:59.999Z (spec 8.8).
///
/// Memory and time follow what the data needs, not the span of its instants
/// (spec 6.2): the interval tables cover at most kDenseDays of the span (all
/// of it when it is shorter, else the stretch from `hot`), plus the horizon.
/// The whole span is kept only as the open time of each chunk of kChunkDays
/// days (8 bytes per 27 days); a query outside the tables compiles its chunk
/// on the spot. Chunk totals repeat every 400 years (146,097 days, whole
/// weeks) wherever no dated holiday, override or Easter rule is near and the
/// zone's offsets repeat, and are then copied instead of compiled.
/// Queries are const and safe to call from several threads at once.
class BusinessCalendar {
 public:
  /// Days per chunk of the span: 27 divides the 146,097 days of 400 years.
  static constexpr std::int64_t kChunkDays = 27;
  /// The longest stretch of the span (days) compiled into interval tables,
  /// besides the horizon: a century.
  static constexpr std::int64_t kDenseDays = 100 * 366;

  /// Compiles `spec` for queries whose arguments lie in [begin, end] (UTC ms,
  /// clamped to years 0001-9999). `hot`, when given, is where most queries
  /// lie (see densest_start()); the tables start there when the span is
  /// longer than kDenseDays. The spec is copied; it need not outlive the
  /// calendar. Throws Error (kExitUsage) when the spec's time zone is unknown.
  BusinessCalendar(const CalendarSpec& spec, Instant begin, Instant end, Instant hot = kNoInstant);
  ~BusinessCalendar();
  BusinessCalendar(const BusinessCalendar&) = delete;
  BusinessCalendar& operator=(const BusinessCalendar&) = delete;

  /// Total open time in [a, b), in ms; 0 when b <= a.
  Millis business(Instant a, Instant b) const;

  /// The last instant t >= start with business(start, t) <= target (target > 0);
  /// when the target is reached exactly as the calendar closes this is the next
  /// opening. nullopt when the calendar never opens again (spec 7) or the due
  /// would fall after 9999-12-31T23:59:59.999Z (spec 8.8).
  std::optional<Instant> due(Instant start, Millis target) const;

  /// True when instant t is open.
  bool is_open(Instant t) const;

  /// The start of the first open interval that begins after t (UTC ms), t
  /// itself when t is open; nullopt when the calendar never opens again
  /// (spec 7, the horizon due() uses). For `suggest`'s closed share.
  std::optional<Instant> next_opening(Instant t) const;

  /// The open intervals [from, to) that overlap [a, b), clipped to it (for
  /// `explain`): the first `limit` of them, and one more when there are more.
  std::vector<std::pair<Instant, Instant>> open_intervals(
      Instant a, Instant b, std::size_t limit = static_cast<std::size_t>(-1)) const;

  /// The spec this calendar was compiled from.
  const CalendarSpec& spec() const { return spec_; }

  /// One stretch of UTC time with a constant offset: local = utc + offset.
  struct OffsetSegment {
    Instant begin;
    Instant end;
    Millis offset;
  };

 private:
  /// Open time from the start of the first chunk to t, in ms.
  Millis open_before(Instant t) const;
  /// Within the tables: open_before() with `through` == intervals_through(t).
  Millis open_before(Instant t, std::size_t through) const;
  /// The number of table intervals starting at or before t.
  std::size_t intervals_through(Instant t) const;
  /// open_before() from the chunk totals and t's chunk compiled on the spot.
  Millis sparse_open_before(Instant t) const;
  /// The first instant t >= from at which the open time reaches `goal`, by
  /// the chunks; with the closing rule of due().
  std::optional<Instant> sparse_reach(Millis goal, Instant from) const;
  /// The first open instant at or after x; nullopt when none is compiled.
  std::optional<Instant> opening_from(Instant x) const;
  /// True when `t` (>= from) lies past the "never opens again" horizon of
  /// `from` (spec 7): its local date is later than 30 years after the later
  /// of from's local date and the last dated holiday or override. Settled
  /// by a subtraction unless t is nearly 30 years after from.
  bool past_horizon(Instant from, Instant t) const;
  /// The merged open intervals of the calendar within [lo, hi) (day
  /// boundaries), clipped to it, into starts and ends; `pieces` is scratch.
  void compile(Instant lo, Instant hi, std::vector<std::pair<Instant, Instant>>& pieces,
               std::vector<Instant>& starts, std::vector<Instant>& ends) const;
  /// True when chunk k's total equals that of chunk k - 400 years.
  bool repeats_cycle_before(std::int64_t k) const;
  /// Index (from first_chunk_) of the chunk holding t; may be < 0 or >= chunks.
  std::int64_t chunk_of(Instant t) const;
  /// UTC ms where chunk k (from first_chunk_) starts.
  Instant chunk_start(std::int64_t k) const;
  bool in_tables(Instant t) const { return t >= dense_lo_ && t < dense_hi_; }

  CalendarSpec spec_;
  std::unique_ptr<HolidayIndex> holidays_;
  std::vector<OffsetSegment> segments_;  ///< the zone's offsets over the whole span
  std::int64_t first_chunk_ = 0;         ///< chunk number (days / kChunkDays) of chunk 0
  std::vector<Millis> chunk_before_;     ///< open time before chunk k; one more entry at the end
  Instant end_ = 0;                      ///< the constructor's end (as_of, mostly)
  std::int64_t last_dated_day_ = 0;      ///< last_dated_day(spec_): local date, or INT64_MIN
  Millis end_open_ = 0;                  ///< open_before(end_), asked once per open episode
  // The interval tables, over [dense_lo_, dense_hi_) (chunk boundaries).
  Instant dense_lo_ = 0;
  Instant dense_hi_ = 0;
  Millis dense_base_ = 0;           ///< open time before dense_lo_
  std::vector<Instant> starts_;     ///< open interval starts, ascending
  std::vector<Instant> ends_;       ///< matching ends; intervals disjoint and non-adjacent
  std::vector<Millis> cumulative_;  ///< cumulative_[i] = open time before starts_[i]
  /// Per UTC day from first_indexed_day_: the number of intervals starting
  /// before that day, so that finding t's interval reads a few entries
  /// instead of searching all of them (30 years of working days).
  std::vector<std::uint32_t> before_day_;
  std::int64_t first_indexed_day_ = 0;
};

/// Where most of a set of instants lie: the start of the stretch of
/// BusinessCalendar::kDenseDays within [begin, end] that holds the most of
/// them, by buckets of a chunk. Memory: 4 bytes per chunk of the span.
class DensestStretch {
 public:
  DensestStretch(Instant begin, Instant end);
  /// Counts one instant in [begin, end].
  void add(Instant t);
  /// The start of the densest stretch (begin when nothing was added).
  Instant start() const;

 private:
  Instant begin_;
  std::vector<std::uint32_t> counts_;
};

}  // namespace ssla

#endif  // SSLA_CALENDAR_H_
