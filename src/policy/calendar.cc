// The business-hours clock. A calendar is compiled once into sorted, merged
// open intervals in UTC with prefix sums of open time and a per-day index
// over the stretch where the queries lie, and into the open time of every
// chunk of 27 days over the whole span; business() and due() then read a few
// entries, or compile one chunk outside the tables.
#include "ssla/policy/calendar.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>

#include "ssla/base/error.h"
#include "ssla/base/zone.h"
#include "ssla/policy/policy.h"

namespace ssla {

namespace {

// 30 years (spec 7's "never opens again" horizon) plus slack for leap days.
constexpr std::int64_t kHorizonDays = 30 * 366 + 2;
// Largest UTC offset in either direction, with margin (real ones stay within ±15 h).
constexpr Millis kMaxOffset = 26 * kMillisPerHour;
// 400 Gregorian years: whole weeks, and the period of every date rule but Easter.
constexpr std::int64_t kCycleDays = 146097;
static_assert(kCycleDays % BusinessCalendar::kChunkDays == 0);
constexpr std::int64_t kCycleChunks = kCycleDays / BusinessCalendar::kChunkDays;
// The first local date past year 9999 (10000-01-01): nothing is compiled beyond.
constexpr std::int64_t kEndDay = (kMaxInstant + 1) / kMillisPerDay;

using Segment = BusinessCalendar::OffsetSegment;

// The zone's offset segments covering [from, to] (UTC ms).
std::vector<Segment> offset_segments(const Zone& zone, Instant from, Instant to) {
  std::vector<Segment> out;
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

// Index of the segment holding t (the first when t lies before them all).
std::size_t segment_at(const std::vector<Segment>& segments, Instant t) {
  const auto it = std::upper_bound(segments.begin(), segments.end(), t,
                                   [](Instant x, const Segment& s) { return x < s.begin; });
  return it == segments.begin() ? 0 : static_cast<std::size_t>(it - segments.begin()) - 1;
}

}  // namespace

BusinessCalendar::BusinessCalendar(const CalendarSpec& spec, Instant begin, Instant end,
                                   Instant hot)
    : spec_(spec) {
  if (spec_.always_open) return;
  const Zone zone = Zone::find(spec_.timezone);
  if (!zone.valid()) throw usage_error("calendar " + spec_.name + ": unknown time zone " + spec_.timezone);
  holidays_ = std::make_unique<HolidayIndex>(spec_);

  // Local dates to cover: from the day before `begin` (an overnight interval
  // of that date may reach into it) to 30 years past the later of `end` and
  // the last dated holiday or override, and not past year 9999.
  begin = std::clamp(begin, kMinInstant, kMaxInstant);
  end = std::clamp(end, begin, kMaxInstant);
  end_ = end;
  last_dated_day_ = last_dated_day(spec_);
  const std::int64_t end_day = floor_div(end, kMillisPerDay);
  const std::int64_t last_day =
      std::min(std::max(end_day, last_dated_day_) + kHorizonDays, kEndDay - 1);
  first_chunk_ = floor_div(floor_div(begin, kMillisPerDay) - 1, kChunkDays);
  const std::int64_t chunks = floor_div(last_day, kChunkDays) - first_chunk_ + 1;
  segments_ = offset_segments(zone, chunk_start(0) - 4 * kMillisPerDay - kMaxOffset,
                              chunk_start(chunks) + 4 * kMillisPerDay + kMaxOffset);

  // The tables: all chunks when they are few, else a century (and the
  // horizon) from the hot stretch.
  constexpr std::int64_t kTableChunks = (kDenseDays + kHorizonDays) / kChunkDays + 1;
  std::int64_t lo = 0;
  std::int64_t hi = chunks;
  if (chunks > kTableChunks) {
    lo = std::clamp<std::int64_t>(chunk_of(hot == kNoInstant ? begin : std::clamp(hot, begin, end)),
                                  0, chunks - 1);
    hi = std::min(chunks, lo + kTableChunks);
  }
  dense_lo_ = chunk_start(lo);
  dense_hi_ = chunk_start(hi);
  std::vector<std::pair<Instant, Instant>> pieces;
  compile(dense_lo_, dense_hi_, pieces, starts_, ends_);
  cumulative_.resize(starts_.size() + 1);
  cumulative_[0] = 0;
  for (std::size_t i = 0; i < starts_.size(); ++i) {
    cumulative_[i + 1] = cumulative_[i] + (ends_[i] - starts_[i]);
  }
  if (!starts_.empty()) {
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

  // The open time of every chunk: from the tables where they reach, else
  // copied from 400 years before where that is the same, else compiled.
  std::vector<Millis> totals(static_cast<std::size_t>(chunks), 0);
  for (std::int64_t k = lo; k < hi; ++k) {
    const Instant a = chunk_start(k);
    const Instant b = chunk_start(k + 1);
    totals[static_cast<std::size_t>(k)] =
        open_before(b, intervals_through(b)) - open_before(a, intervals_through(a));
  }
  std::vector<Instant> s;
  std::vector<Instant> e;
  for (std::int64_t k = 0; k < chunks; ++k) {
    if (k >= lo && k < hi) continue;
    Millis total = 0;
    if (k >= kCycleChunks && repeats_cycle_before(k)) {
      total = totals[static_cast<std::size_t>(k - kCycleChunks)];
    } else {
      compile(chunk_start(k), chunk_start(k + 1), pieces, s, e);
      for (std::size_t i = 0; i < s.size(); ++i) total += e[i] - s[i];
    }
    totals[static_cast<std::size_t>(k)] = total;
  }
  chunk_before_.resize(static_cast<std::size_t>(chunks) + 1);
  chunk_before_[0] = 0;
  for (std::size_t k = 0; k < totals.size(); ++k)
    chunk_before_[k + 1] = chunk_before_[k] + totals[k];
  dense_base_ = chunk_before_[static_cast<std::size_t>(lo)];
  for (Millis& c : cumulative_) c += dense_base_;
  end_open_ = sparse_open_before(end_);
}

BusinessCalendar::~BusinessCalendar() = default;

std::int64_t BusinessCalendar::chunk_of(Instant t) const {
  return floor_div(floor_div(t, kMillisPerDay), kChunkDays) - first_chunk_;
}

Instant BusinessCalendar::chunk_start(std::int64_t k) const {
  return (first_chunk_ + k) * kChunkDays * kMillisPerDay;
}

void BusinessCalendar::compile(Instant lo, Instant hi,
                               std::vector<std::pair<Instant, Instant>>& pieces,
                               std::vector<Instant>& starts, std::vector<Instant>& ends) const {
  pieces.clear();
  starts.clear();
  ends.clear();
  // Every local date whose hours can reach into [lo, hi): an interval of
  // date D lies within D - 26 h .. D + 2 days + 26 h in UTC.
  const std::int64_t first_day = floor_div(lo, kMillisPerDay) - 3;
  const std::int64_t last_day = floor_div(hi - 1, kMillisPerDay) + 2;
  // Wall-clock definition (spec 2.1): the open instants of a local interval
  // [ls, le) are the UTC instants t with ls <= t + offset(t) < le. Within one
  // offset segment that is [ls - offset, le - offset) clipped to the segment;
  // a repeated local hour yields two pieces, a skipped one none.
  std::size_t seg = segment_at(segments_, first_day * kMillisPerDay - kMaxOffset);
  for (std::int64_t day = first_day; day <= last_day; ++day) {
    const DaySchedule& schedule = schedule_of(spec_, *holidays_, day);
    for (const Interval& iv : schedule) {
      const std::int64_t ls = day * kMillisPerDay + std::int64_t{iv.begin} * kMillisPerSecond;
      const std::int64_t le = day * kMillisPerDay + std::int64_t{iv.end} * kMillisPerSecond;
      while (seg > 0 && segments_[seg].begin > ls - kMaxOffset) --seg;
      while (seg + 1 < segments_.size() && segments_[seg].end <= ls - kMaxOffset) ++seg;
      for (std::size_t k = seg; k < segments_.size() && segments_[k].begin < le + kMaxOffset; ++k) {
        const Segment& s = segments_[k];
        const Instant a = std::max({s.begin, ls - s.offset, lo});
        const Instant b = std::min({s.end, le - s.offset, hi});
        if (a < b) pieces.emplace_back(a, b);
      }
    }
  }
  std::sort(pieces.begin(), pieces.end());
  // Union of the pieces: overnight spills may overlap the next date's hours,
  // and touching intervals merge so that no zero-length closing remains.
  for (const auto& [a, b] : pieces) {
    if (!starts.empty() && a <= ends.back()) {
      ends.back() = std::max(ends.back(), b);
    } else {
      starts.push_back(a);
      ends.push_back(b);
    }
  }
}

bool BusinessCalendar::repeats_cycle_before(std::int64_t k) const {
  // Every rule but Easter, dated holidays and overrides gives a date 400
  // years on the same schedule (Easter dates have no such short period: no
  // Easter holiday may be near either chunk); the zone must give [lo, hi)
  // the same offsets.
  const Instant lo = chunk_start(k);
  const Instant hi = chunk_start(k + 1);
  const Millis shift = kCycleDays * kMillisPerDay;
  const std::int64_t d0 = floor_div(lo, kMillisPerDay) - 3;
  const std::int64_t d1 = floor_div(hi, kMillisPerDay) + 2;
  for (const std::int64_t back : {std::int64_t{0}, kCycleDays}) {
    if (holidays_->dated_between(d0 - back, d1 - back)) return false;
    if (holidays_->easter_between(d0 - back, d1 - back)) return false;
    const auto it = spec_.overrides.lower_bound(d0 - back);
    if (it != spec_.overrides.end() && it->first <= d1 - back) return false;
  }
  std::size_t i = segment_at(segments_, lo);
  std::size_t j = segment_at(segments_, lo - shift);
  Instant t = lo;
  while (t < hi) {
    if (i >= segments_.size() || j >= segments_.size()) return false;
    const Segment& a = segments_[i];
    const Segment& b = segments_[j];
    if (a.begin > t || b.begin > t - shift || a.offset != b.offset) return false;
    const Instant next = std::min(a.end, b.end + shift);
    if (next == a.end) ++i;
    if (next == b.end + shift) ++j;
    t = next;
  }
  return true;
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
  if (through == 0) return cumulative_[0];
  const std::size_t i = through - 1;  // the last interval starting at or before t
  return cumulative_[i] + (std::min(t, ends_[i]) - starts_[i]);
}

Millis BusinessCalendar::open_before(Instant t) const {
  if (in_tables(t)) return open_before(t, intervals_through(t));
  if (t == end_) return end_open_;
  return sparse_open_before(t);
}

Millis BusinessCalendar::sparse_open_before(Instant t) const {
  const std::int64_t k = chunk_of(t);
  const auto chunks = static_cast<std::int64_t>(chunk_before_.size()) - 1;
  if (k < 0) return 0;
  if (k >= chunks) return chunk_before_.back();
  Millis open = chunk_before_[static_cast<std::size_t>(k)];
  const Instant lo = chunk_start(k);
  if (t == lo || chunk_before_[static_cast<std::size_t>(k) + 1] == open) return open;
  std::vector<std::pair<Instant, Instant>> pieces;
  std::vector<Instant> s;
  std::vector<Instant> e;
  compile(lo, chunk_start(k + 1), pieces, s, e);
  for (std::size_t i = 0; i < s.size() && s[i] < t; ++i) open += std::min(t, e[i]) - s[i];
  return open;
}

Millis BusinessCalendar::business(Instant a, Instant b) const {
  if (b <= a) return 0;
  if (spec_.always_open) return b - a;
  return open_before(b) - open_before(a);
}

std::optional<Instant> BusinessCalendar::due(Instant start, Millis target) const {
  if (spec_.always_open) {
    if (start > kMaxInstant - target) return std::nullopt;
    return start + target;
  }
  // The result is kept as an instant with kNoInstant for none and made an
  // optional only when returned: an optional assigned in branches is
  // stored as two parts and read back as one, which stalled every call.
  Instant out = kNoInstant;
  if (in_tables(start)) {
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
    if (it == cumulative_.end()) {
      out = sparse_reach(goal, dense_hi_).value_or(kNoInstant);  // past the tables
    } else {
      const std::size_t i = static_cast<std::size_t>(it - cumulative_.begin()) - 1;
      const Instant t = starts_[i] + (goal - cumulative_[i]);
      // Reached exactly at closing: a response is still in time until the next opening.
      out = t < ends_[i] ? t : opening_from(ends_[i]).value_or(kNoInstant);
    }
  } else {
    out = sparse_reach(open_before(start) + target, start).value_or(kNoInstant);
  }
  if (out == kNoInstant || out > kMaxInstant) return std::nullopt;
  // The tables reach 30 years past the latest instant asked about (as_of),
  // further than this start's own horizon: a due past it is none.
  if (past_horizon(start, out)) return std::nullopt;
  return out;
}

bool BusinessCalendar::past_horizon(Instant from, Instant t) const {
  // 30 years of 365 days, less the two days local offsets may add, never
  // reach past it: no local dates needed (every due of a real target).
  constexpr Millis kSureWithin = (30 * 365 - 2) * kMillisPerDay;
  if (t - from <= kSureWithin) return false;
  auto local_day = [&](Instant x) {
    return floor_div(x + segments_[segment_at(segments_, x)].offset, kMillisPerDay);
  };
  const std::int64_t base = std::max(local_day(from), last_dated_day_);
  return local_day(t) > add_months_clamped(base, 30 * 12);
}

std::optional<Instant> BusinessCalendar::sparse_reach(Millis goal, Instant from) const {
  const std::int64_t k0 = std::max<std::int64_t>(0, chunk_of(from));
  if (k0 + 1 >= static_cast<std::int64_t>(chunk_before_.size())) return std::nullopt;
  // The first chunk at or after k0 whose end brings the open time to the goal.
  const auto it = std::lower_bound(chunk_before_.begin() + k0 + 1, chunk_before_.end(), goal);
  if (it == chunk_before_.end()) return std::nullopt;  // never reached: never opens again
  const std::int64_t k = (it - chunk_before_.begin()) - 1;
  std::vector<std::pair<Instant, Instant>> pieces;
  std::vector<Instant> s;
  std::vector<Instant> e;
  compile(chunk_start(k), chunk_start(k + 1), pieces, s, e);
  Millis open = chunk_before_[static_cast<std::size_t>(k)];
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (open + (e[i] - s[i]) >= goal) {
      const Instant t = s[i] + (goal - open);
      return t < e[i] ? std::optional<Instant>(t) : opening_from(e[i]);
    }
    open += e[i] - s[i];
  }
  return std::nullopt;  // not reached: the chunk totals say otherwise
}

std::optional<Instant> BusinessCalendar::opening_from(Instant x) const {
  if (in_tables(x)) {
    const auto it = std::upper_bound(ends_.begin(), ends_.end(), x);
    if (it != ends_.end())
      return std::max(x, starts_[static_cast<std::size_t>(it - ends_.begin())]);
    x = dense_hi_;
  }
  std::int64_t k = std::max<std::int64_t>(0, chunk_of(x));
  const auto chunks = static_cast<std::int64_t>(chunk_before_.size()) - 1;
  std::vector<std::pair<Instant, Instant>> pieces;
  std::vector<Instant> s;
  std::vector<Instant> e;
  while (k < chunks) {
    compile(chunk_start(k), chunk_start(k + 1), pieces, s, e);
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (e[i] > x) return std::max(x, s[i]);
    }
    // The next chunk with any open time.
    const auto it = std::upper_bound(chunk_before_.begin() + k + 2, chunk_before_.end(),
                                     chunk_before_[static_cast<std::size_t>(k) + 1]);
    if (it == chunk_before_.end()) break;
    k = (it - chunk_before_.begin()) - 1;
  }
  return std::nullopt;
}

bool BusinessCalendar::is_open(Instant t) const {
  if (spec_.always_open) return true;
  // In the tables, the last interval starting at or before t (intervals
  // are disjoint): without them a chunk of days is compiled for one answer,
  // and the report's figures ask for every episode's start.
  if (in_tables(t)) {
    const std::size_t through = intervals_through(t);
    return through > 0 && t < ends_[through - 1];
  }
  return !open_intervals(t, t + 1, 1).empty();
}

std::optional<Instant> BusinessCalendar::next_opening(Instant t) const {
  if (spec_.always_open) return t;
  const std::size_t through = intervals_through(t);
  if (through > 0 && t < ends_[through - 1]) return t;
  // Intervals are disjoint and not adjacent: the next one opens after a gap.
  if (through < starts_.size()) {
    const Instant next = starts_[through];
    if (past_horizon(t, next)) return std::nullopt;
    return next;
  }
  return std::nullopt;
}

std::vector<std::pair<Instant, Instant>> BusinessCalendar::open_intervals(Instant a, Instant b,
                                                                          std::size_t limit) const {
  std::vector<std::pair<Instant, Instant>> out;
  if (b <= a) return out;
  if (spec_.always_open) {
    out.emplace_back(a, b);
    return out;
  }
  // Chunk by chunk (the tables' intervals are the same as the chunks',
  // clipped), skipping chunks without open time; intervals that a chunk
  // boundary cuts are joined again.
  const auto chunks = static_cast<std::int64_t>(chunk_before_.size()) - 1;
  std::vector<std::pair<Instant, Instant>> pieces;
  std::vector<Instant> s;
  std::vector<Instant> e;
  for (std::int64_t k = std::max<std::int64_t>(0, chunk_of(a)); k < chunks && chunk_start(k) < b;) {
    if (chunk_before_[static_cast<std::size_t>(k) + 1] >
        chunk_before_[static_cast<std::size_t>(k)]) {
      compile(chunk_start(k), chunk_start(k + 1), pieces, s, e);
      for (std::size_t i = 0; i < s.size(); ++i) {
        const Instant lo = std::max(a, s[i]);
        const Instant hi = std::min(b, e[i]);
        if (lo >= hi) continue;
        if (!out.empty() && out.back().second == lo) {
          out.back().second = hi;
        } else {
          if (out.size() > limit) return out;
          out.emplace_back(lo, hi);
        }
      }
    }
    const auto it = std::upper_bound(chunk_before_.begin() + k + 2, chunk_before_.end(),
                                     chunk_before_[static_cast<std::size_t>(k) + 1]);
    k = (it - chunk_before_.begin()) - 1;
  }
  return out;
}

DensestStretch::DensestStretch(Instant begin, Instant end) : begin_(begin) {
  const Millis bucket = BusinessCalendar::kChunkDays * kMillisPerDay;
  counts_.assign(static_cast<std::size_t>(floor_div(std::max(end, begin) - begin, bucket)) + 1, 0);
}

void DensestStretch::add(Instant t) {
  const Millis bucket = BusinessCalendar::kChunkDays * kMillisPerDay;
  const std::int64_t k = floor_div(t - begin_, bucket);
  if (k >= 0 && k < static_cast<std::int64_t>(counts_.size()))
    ++counts_[static_cast<std::size_t>(k)];
}

Instant DensestStretch::start() const {
  const std::size_t width =
      static_cast<std::size_t>(BusinessCalendar::kDenseDays / BusinessCalendar::kChunkDays);
  std::uint64_t in = 0;
  std::uint64_t best = 0;
  std::size_t best_from = 0;
  for (std::size_t k = 0; k < counts_.size(); ++k) {
    in += counts_[k];
    if (k >= width) in -= counts_[k - width];
    const std::size_t from = k >= width ? k - width + 1 : 0;
    if (in > best) {
      best = in;
      best_from = from;
    }
  }
  return begin_ + static_cast<Instant>(best_from) * BusinessCalendar::kChunkDays * kMillisPerDay;
}

}  // namespace ssla
