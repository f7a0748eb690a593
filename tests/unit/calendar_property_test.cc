// Property tests: BusinessCalendar against a slow, obviously-correct reference
// that decides every minute by the wall-clock definition of spec 2.1.
#include <catch2/catch.hpp>

#include <chrono>
#include <random>

#include <date/tz.h>

#include "ssla/policy/calendar.h"
#include "ssla/policy/holidays.h"
#include "ssla/base/zone.h"

namespace {

using ssla::Instant;
using ssla::kMillisPerDay;
using ssla::kMillisPerMinute;
using ssla::Millis;

#if defined(__SANITIZE_ADDRESS__)
constexpr int kCalendars = 150;  // the sanitizer build is several times slower
#else
constexpr int kCalendars = 1500;
#endif
constexpr int kQueriesPerCalendar = 24;
constexpr std::int64_t kWindowMinutes = 16 * 24 * 60;  // 16 days around a DST change

const char* const kZones[] = {"America/New_York", "Europe/London",    "Australia/Lord_Howe",
                              "America/Sao_Paulo", "Asia/Kolkata",    "Pacific/Chatham",
                              "Europe/Berlin",     "America/Santiago", "UTC"};

// The reference: open iff some interval of local date D or D-1 contains the
// local wall-clock time of t (an interval belongs to the date it starts on).
bool reference_open(const ssla::CalendarSpec& spec, const ssla::Zone& zone, Instant t) {
  const Instant local = t + zone.offset_at(t);
  const std::int64_t day = ssla::floor_div(local, kMillisPerDay);
  for (std::int64_t d = day - 1; d <= day; ++d) {
    for (const ssla::Interval& iv : ssla::schedule_of(spec, d)) {
      const Instant begin = d * kMillisPerDay + std::int64_t{iv.begin} * 1000;
      const Instant end = d * kMillisPerDay + std::int64_t{iv.end} * 1000;
      if (begin <= local && local < end) return true;
    }
  }
  return false;
}

ssla::DaySchedule random_day(std::mt19937_64& rng) {
  ssla::DaySchedule day;
  std::uniform_int_distribution<int> count(0, 3);
  std::uniform_int_distribution<int> quarter(0, 95);
  const int n = count(rng);
  std::int32_t cursor = 0;
  for (int i = 0; i < n; ++i) {
    const std::int32_t begin = cursor + (quarter(rng) / 4) * 900;  // whole quarter hours
    if (begin >= 86400 - 900) break;
    std::int32_t end = begin + (1 + quarter(rng) / 3) * 900;
    // Sometimes run past midnight (an overnight interval), sometimes end at 24:00.
    if (end > 86400) end = (rng() % 2 == 0) ? 86400 : std::min(end, 86400 + 6 * 3600);
    day.push_back({begin, end});
    cursor = end;
    if (cursor >= 86400) break;
  }
  return day;
}

ssla::CalendarSpec random_calendar(std::mt19937_64& rng, const std::string& zone,
                                   std::int64_t first_day) {
  ssla::CalendarSpec spec;
  spec.name = "random";
  spec.timezone = zone;
  for (auto& day : spec.weekly) day = random_day(rng);
  spec.weekly[rng() % 7] = {{9 * 3600, 17 * 3600}};  // never a week without open time
  std::uniform_int_distribution<int> offset(0, 15);
  for (int i = static_cast<int>(rng() % 4); i > 0; --i) {
    ssla::Holiday h;
    h.kind = ssla::Holiday::Kind::kDate;
    h.from_day = h.to_day = first_day + offset(rng);
    spec.holidays.push_back(h);
  }
  for (int i = static_cast<int>(rng() % 3); i > 0; --i) {
    spec.overrides[first_day + offset(rng)] = random_day(rng);
  }
  return spec;
}

// A UTC instant a few days before a DST change (or any instant for fixed zones).
Instant near_transition(std::mt19937_64& rng, const ssla::Zone& zone) {
  std::uniform_int_distribution<std::int64_t> year_ms(1420070400000, 1798675200000);  // 2015..2026
  Instant t = year_ms(rng);
  if (zone.tz() != nullptr) {
    const date::sys_seconds s{std::chrono::seconds{t / 1000}};
    const auto info = zone.tz()->get_info(s);
    const Instant next =
        std::chrono::duration_cast<std::chrono::milliseconds>(info.end.time_since_epoch()).count();
    if (next - t < 400 * kMillisPerDay) t = next;
  }
  std::uniform_int_distribution<std::int64_t> back(2 * 24 * 60, 8 * 24 * 60);
  return (t / kMillisPerMinute - back(rng)) * kMillisPerMinute;
}

}  // namespace

TEST_CASE("business and due agree with a minute-by-minute reference in many zones",
          "[calendar][property]") {
  std::mt19937_64 rng(20261124);
  std::size_t business_checks = 0, due_checks = 0;
  for (int c = 0; c < kCalendars; ++c) {
    const std::string zone_name = kZones[c % (sizeof kZones / sizeof kZones[0])];
    const ssla::Zone zone = ssla::Zone::find(zone_name);
    REQUIRE(zone.valid());
    const Instant window_start = near_transition(rng, zone);
    const std::int64_t first_day = ssla::floor_div(window_start, kMillisPerDay);
    const ssla::CalendarSpec spec = random_calendar(rng, zone_name, first_day);

    // Reference open/closed for every minute of the window, and prefix counts.
    std::vector<int> open_before(kWindowMinutes + 1, 0);
    for (std::int64_t m = 0; m < kWindowMinutes; ++m) {
      open_before[m + 1] =
          open_before[m] + reference_open(spec, zone, window_start + m * kMillisPerMinute);
    }
    const Instant window_end = window_start + kWindowMinutes * kMillisPerMinute;
    const ssla::BusinessCalendar calendar(spec, window_start, window_end);

    std::uniform_int_distribution<std::int64_t> minute(0, kWindowMinutes);
    std::uniform_int_distribution<std::int64_t> target_minutes(1, 3 * 60);
    for (int q = 0; q < kQueriesPerCalendar; ++q) {
      std::int64_t a = minute(rng), b = minute(rng);
      if (a > b) std::swap(a, b);
      const Millis expected = Millis{open_before[b] - open_before[a]} * kMillisPerMinute;
      INFO("zone " << zone_name << " calendar " << c << " from " << ssla::format_utc(window_start + a * kMillisPerMinute)
                   << " to " << ssla::format_utc(window_start + b * kMillisPerMinute));
      REQUIRE(calendar.business(window_start + a * kMillisPerMinute,
                                window_start + b * kMillisPerMinute) == expected);
      ++business_checks;
      // Open at an instant: its minute is open, for the start of the minute
      // and its last millisecond alike.
      if (a < kWindowMinutes) {
        const bool open = open_before[a + 1] > open_before[a];
        REQUIRE(calendar.is_open(window_start + a * kMillisPerMinute) == open);
        REQUIRE(calendar.is_open(window_start + (a + 1) * kMillisPerMinute - 1) == open);
      }

      // due: the first minute boundary where the target is reached, moved on
      // to the next opening when the calendar is closed right after it.
      const std::int64_t target = target_minutes(rng);
      std::int64_t m = a;
      while (m < kWindowMinutes && open_before[m] - open_before[a] < target) ++m;
      if (open_before[m] - open_before[a] < target) continue;  // beyond the window
      while (m < kWindowMinutes && open_before[m + 1] == open_before[m]) ++m;
      if (m == kWindowMinutes) continue;  // the next opening is beyond the window
      const Instant start = window_start + a * kMillisPerMinute;
      const std::optional<Instant> due = calendar.due(start, target * kMillisPerMinute);
      INFO("due of " << ssla::format_utc(start) << " + " << target << " min");
      REQUIRE(due);
      REQUIRE(*due == window_start + m * kMillisPerMinute);
      // Round trip: the business time up to the due is the target.
      REQUIRE(calendar.business(start, *due) == target * kMillisPerMinute);
      ++due_checks;
    }
  }
  CHECK(business_checks == static_cast<std::size_t>(kCalendars * kQueriesPerCalendar));
  CHECK(due_checks > business_checks / 2);
}

TEST_CASE("business(t, due(t, d)) == d wherever due is finite, at millisecond resolution",
          "[calendar][property]") {
  std::mt19937_64 rng(7);
  for (int c = 0; c < kCalendars / 2; ++c) {
    const std::string zone_name = kZones[c % (sizeof kZones / sizeof kZones[0])];
    const ssla::Zone zone = ssla::Zone::find(zone_name);
    const Instant begin = near_transition(rng, zone);
    const ssla::CalendarSpec spec = random_calendar(rng, zone_name, ssla::floor_div(begin, kMillisPerDay));
    const ssla::BusinessCalendar calendar(spec, begin, begin + 30 * kMillisPerDay);
    std::uniform_int_distribution<Millis> offset(0, 20 * kMillisPerDay);
    std::uniform_int_distribution<Millis> target(1, 3 * kMillisPerDay);
    for (int q = 0; q < 20; ++q) {
      const Instant t = begin + offset(rng);
      const Millis d = target(rng);
      const std::optional<Instant> due = calendar.due(t, d);
      if (!due) continue;
      REQUIRE(calendar.business(t, *due) == d);
      REQUIRE(calendar.is_open(*due));  // the due is inside an open stretch or at an opening
    }
  }
}

namespace {

// A random calendar with every kind of holiday rule (Easter only when asked:
// it is the one rule without a 400-year period).
ssla::CalendarSpec random_rules_calendar(std::mt19937_64& rng, const std::string& zone,
                                         bool easter) {
  ssla::CalendarSpec spec = random_calendar(rng, zone, 20000);
  for (int i = static_cast<int>(rng() % 4); i > 0; --i) {
    ssla::Holiday h;
    h.kind = ssla::Holiday::Kind::kAnnual;
    h.month = 1 + static_cast<unsigned>(rng() % 12);
    h.day = 1 + static_cast<unsigned>(rng() % 28);
    spec.holidays.push_back(h);
  }
  for (int i = static_cast<int>(rng() % 3); i > 0; --i) {
    ssla::Holiday h;
    h.kind = ssla::Holiday::Kind::kNthWeekday;
    h.month = 1 + static_cast<unsigned>(rng() % 12);
    h.weekday = static_cast<unsigned>(rng() % 7);
    h.nth = static_cast<int>(rng() % 5) + 1;
    if (rng() % 2 == 0) h.nth = -h.nth;
    spec.holidays.push_back(h);
  }
  if (easter) {
    for (int i = 1 + static_cast<int>(rng() % 3); i > 0; --i) {
      ssla::Holiday h;
      h.kind = ssla::Holiday::Kind::kEaster;
      h.easter_offset = static_cast<int>(rng() % 801) - 400;
      spec.holidays.push_back(h);
    }
  }
  return spec;
}

}  // namespace

TEST_CASE("Far from the data, business and due agree with the minute-by-minute reference",
          "[calendar][property][far]") {
  // A span of years 0001-9999 whose tables sit in one century: queries in
  // other centuries use the chunk totals (copied every 400 years where the
  // rules allow) and a chunk compiled on the spot.
  std::mt19937_64 rng(88);
  std::uniform_int_distribution<std::int64_t> anywhere(ssla::kMinInstant + 40 * kMillisPerDay,
                                                       ssla::kMaxInstant - 40 * kMillisPerDay);
  constexpr std::int64_t kMinutes = 6 * 24 * 60;
  for (int c = 0; c < kCalendars / 30; ++c) {
    const std::string zone_name = kZones[c % (sizeof kZones / sizeof kZones[0])];
    const ssla::Zone zone = ssla::Zone::find(zone_name);
    const ssla::CalendarSpec spec = random_rules_calendar(rng, zone_name, c % 3 == 0);
    const Instant hot = anywhere(rng);
    const ssla::BusinessCalendar calendar(spec, ssla::kMinInstant, ssla::kMaxInstant, hot);
    for (int w = 0; w < 3; ++w) {
      // Local mean time has seconds in its offset (Chatham: +12:13:48): the
      // minutes sampled are whole minutes of local time, so that the open
      // stretches, quarter hours of local time, begin and end on samples.
      Instant start = ssla::floor_div(anywhere(rng), kMillisPerMinute) * kMillisPerMinute;
      const Instant local = start + zone.offset_at(start);
      start -= local - ssla::floor_div(local, kMillisPerMinute) * kMillisPerMinute;
      const Instant stop = start + kMinutes * kMillisPerMinute;
      if ((zone.offset_at(stop) - zone.offset_at(start)) % kMillisPerMinute != 0) continue;
      std::vector<int> open_before(kMinutes + 1, 0);
      for (std::int64_t m = 0; m < kMinutes; ++m) {
        open_before[m + 1] =
            open_before[m] + reference_open(spec, zone, start + m * kMillisPerMinute);
      }
      std::uniform_int_distribution<std::int64_t> minute(0, kMinutes);
      for (int q = 0; q < 8; ++q) {
        std::int64_t a = minute(rng), b = minute(rng);
        if (a > b) std::swap(a, b);
        INFO("zone " << zone_name << " calendar " << c << " from "
                     << ssla::format_utc(start + a * kMillisPerMinute) << " to "
                     << ssla::format_utc(start + b * kMillisPerMinute));
        REQUIRE(calendar.business(start + a * kMillisPerMinute, start + b * kMillisPerMinute) ==
                Millis{open_before[b] - open_before[a]} * kMillisPerMinute);
        const std::int64_t target = 1 + static_cast<std::int64_t>(rng() % 600);
        std::int64_t m = a;
        while (m < kMinutes && open_before[m] - open_before[a] < target) ++m;
        if (open_before[m] - open_before[a] < target) continue;
        while (m < kMinutes && open_before[m + 1] == open_before[m]) ++m;
        if (m == kMinutes) continue;
        const std::optional<Instant> due =
            calendar.due(start + a * kMillisPerMinute, target * kMillisPerMinute);
        REQUIRE(due);
        REQUIRE(*due == start + m * kMillisPerMinute);
      }
    }
  }
}

TEST_CASE("A calendar over 0001-9999 gives the answers of one compiled over the queries alone",
          "[calendar][property][far]") {
  // Long queries (centuries) inside a span the small calendar's tables cover
  // whole, asked of a calendar whose tables are elsewhere.
  std::mt19937_64 rng(4242);
  for (int c = 0; c < kCalendars / 60; ++c) {
    const std::string zone_name = kZones[c % (sizeof kZones / sizeof kZones[0])];
    const ssla::CalendarSpec spec = random_rules_calendar(rng, zone_name, c % 2 == 0);
    std::uniform_int_distribution<std::int64_t> year(2, 9900);
    const Instant begin = ssla::local_ms_from_fields(static_cast<int>(year(rng)), 1, 1, 0, 0, 0, 0);
    const Instant end = begin + 60 * 366 * kMillisPerDay;
    const ssla::BusinessCalendar small(spec, begin, end);
    const ssla::BusinessCalendar far(spec, ssla::kMinInstant, ssla::kMaxInstant,
                                     rng() % 2 == 0 ? ssla::kMinInstant : ssla::kMaxInstant);
    std::uniform_int_distribution<std::int64_t> in(begin, end);
    for (int q = 0; q < 40; ++q) {
      Instant a = in(rng), b = in(rng);
      if (a > b) std::swap(a, b);
      INFO("zone " << zone_name << " calendar " << c << " from " << ssla::format_utc(a) << " to "
                   << ssla::format_utc(b));
      REQUIRE(far.business(a, b) == small.business(a, b));
      const Millis target = 1 + static_cast<Millis>(rng() % (40 * kMillisPerDay));
      REQUIRE(far.due(a, target) == small.due(a, target));
      REQUIRE(far.is_open(a) == small.is_open(a));
    }
    CHECK(far.open_intervals(begin, begin + 40 * kMillisPerDay) ==
          small.open_intervals(begin, begin + 40 * kMillisPerDay));
  }
}

TEST_CASE("The holiday index gives every rule's answer on every date", "[calendar][property]") {
  std::mt19937_64 rng(1);
  std::uniform_int_distribution<std::int64_t> day(-719162, 2932896);  // 0001-01-01 .. 9999-12-31
  for (int c = 0; c < 200; ++c) {
    const ssla::CalendarSpec spec = random_rules_calendar(rng, "UTC", true);
    const ssla::HolidayIndex index(spec);
    for (int q = 0; q < 2000; ++q) {
      const std::int64_t d = day(rng);
      INFO("calendar " << c << " day " << d);
      REQUIRE(index.contains(d) == ssla::is_holiday(spec, d));
      REQUIRE(&ssla::schedule_of(spec, index, d) == &ssla::schedule_of(spec, d));
    }
    // Whether an Easter rule falls in a stretch of dates, against the rules one by one.
    ssla::CalendarSpec easter_only = spec;
    std::erase_if(easter_only.holidays,
                  [](const ssla::Holiday& h) { return h.kind != ssla::Holiday::Kind::kEaster; });
    for (int q = 0; q < 200; ++q) {
      const std::int64_t from = day(rng);
      const std::int64_t to = from + static_cast<std::int64_t>(rng() % 40);
      bool any = false;
      for (std::int64_t d = from; d <= to; ++d) any = any || ssla::is_holiday(easter_only, d);
      INFO("calendar " << c << " days " << from << " to " << to);
      REQUIRE(index.easter_between(from, to) == any);
    }
  }
}
