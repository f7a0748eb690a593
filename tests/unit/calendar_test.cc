// Hand-computed cases of the business-hours clock (spec 2.1, 3.5).
#include <catch2/catch.hpp>

#include "ssla/policy/calendar.h"
#include "ssla/base/cli_instant.h"
#include "ssla/base/zone.h"

namespace {

using ssla::Instant;
using ssla::Millis;
constexpr Millis kHour = ssla::kMillisPerHour;
constexpr Millis kMinute = ssla::kMillisPerMinute;

Instant at(const char* text) {
  const auto t = ssla::parse_cli_instant(text, ssla::Zone());
  REQUIRE(t);
  return *t;
}

ssla::Interval hours(int from_h, int from_m, int to_h, int to_m) {
  std::int32_t b = from_h * 3600 + from_m * 60, e = to_h * 3600 + to_m * 60;
  if (e <= b) e += 86400;
  return {b, e};
}

ssla::CalendarSpec daily(const std::string& zone, ssla::Interval iv) {
  ssla::CalendarSpec spec;
  spec.name = "test";
  spec.timezone = zone;
  for (auto& d : spec.weekly) d = {iv};
  return spec;
}

std::int64_t day(int y, unsigned m, unsigned d) { return ssla::days_from_civil(y, m, d); }

ssla::BusinessCalendar compile(const ssla::CalendarSpec& spec) {
  return ssla::BusinessCalendar(spec, at("2014-01-01T00:00:00Z"), at("2027-12-31T00:00:00Z"));
}

}  // namespace

TEST_CASE("An interval inside a spring-forward gap is empty", "[calendar][dst]") {
  // New York skips 02:00-03:00 on 2026-03-08.
  const auto cal = compile(daily("America/New_York", hours(2, 15, 2, 45)));
  CHECK(cal.business(at("2026-03-08T00:00:00Z"), at("2026-03-09T00:00:00Z")) == 0);
  CHECK(cal.business(at("2026-03-07T00:00:00Z"), at("2026-03-08T00:00:00Z")) == 30 * kMinute);
}

TEST_CASE("An interval across a spring-forward gap is one real hour shorter", "[calendar][dst]") {
  const auto cal = compile(daily("America/New_York", hours(1, 0, 3, 0)));
  CHECK(cal.business(at("2026-03-08T00:00:00Z"), at("2026-03-09T00:00:00Z")) == 1 * kHour);
}

TEST_CASE("The repeated fall-back hour counts twice", "[calendar][dst]") {
  // New York repeats 01:00-02:00 on 2026-11-01: 00:00-02:00 local is three hours.
  const auto cal = compile(daily("America/New_York", hours(0, 0, 2, 0)));
  CHECK(cal.business(at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z")) == 3 * kHour);
  // 01:15-01:45 happens twice: two pieces, one hour in all.
  const auto inside = compile(daily("America/New_York", hours(1, 15, 1, 45)));
  CHECK(inside.business(at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z")) == 1 * kHour);
  CHECK(inside.open_intervals(at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z")).size() == 2);
}

TEST_CASE("Lord Howe's half-hour DST change", "[calendar][dst]") {
  // Australia/Lord_Howe moves from +11 to +10:30 at 02:00 local on 2026-04-05.
  const auto cal = compile(daily("Australia/Lord_Howe", hours(1, 0, 3, 0)));
  const Instant from = ssla::Zone::find("Australia/Lord_Howe")
                           .from_local(ssla::local_ms_from_fields(2026, 4, 5, 0, 0, 0, 0));
  CHECK(cal.business(from, from + 24 * kHour) == 2 * kHour + 30 * kMinute);
}

TEST_CASE("A day whose local midnight does not exist", "[calendar][dst]") {
  // Sao Paulo jumped from 00:00 to 01:00 on 2015-10-18.
  const auto cal = compile(daily("America/Sao_Paulo", hours(0, 0, 2, 0)));
  CHECK(cal.business(at("2015-10-18T00:00:00Z"), at("2015-10-19T00:00:00Z")) == 1 * kHour);
}

TEST_CASE("An overnight shift belongs to the date it starts on", "[calendar]") {
  ssla::CalendarSpec spec;
  spec.timezone = "UTC";
  spec.weekly[5] = {hours(22, 0, 6, 0)};  // Friday night
  ssla::Holiday sat;
  sat.kind = ssla::Holiday::Kind::kDate;
  sat.from_day = sat.to_day = day(2026, 1, 10);  // Saturday: does not close Friday's spill
  spec.holidays.push_back(sat);
  CHECK(compile(spec).business(at("2026-01-09T00:00:00Z"), at("2026-01-11T00:00:00Z")) == 8 * kHour);
  ssla::Holiday fri = sat;
  fri.from_day = fri.to_day = day(2026, 1, 9);  // Friday: closes the whole shift
  spec.holidays.push_back(fri);
  CHECK(compile(spec).business(at("2026-01-09T00:00:00Z"), at("2026-01-11T00:00:00Z")) == 0);
}

TEST_CASE("24:00 closes at midnight, and touching intervals count once", "[calendar]") {
  ssla::CalendarSpec spec = daily("UTC", hours(20, 0, 24, 0));
  spec.weekly[1].push_back(hours(0, 0, 1, 0));  // Monday 00:00 touches Sunday's 24:00
  const auto cal = compile(spec);
  CHECK(cal.business(at("2026-01-04T00:00:00Z"), at("2026-01-05T06:00:00Z")) == 5 * kHour);
  // Touching intervals merge: no closing at midnight to jump over.
  CHECK(cal.due(at("2026-01-04T23:00:00Z"), 90 * kMinute) == at("2026-01-05T00:30:00Z"));
  // Two hours end exactly at Monday 01:00, a closing: due at the next opening.
  CHECK(cal.due(at("2026-01-04T23:00:00Z"), 2 * kHour) == at("2026-01-05T20:00:00Z"));
}

TEST_CASE("A target reached exactly at closing is due at the next opening", "[calendar]") {
  ssla::CalendarSpec spec;
  spec.timezone = "UTC";
  for (int d = 1; d <= 5; ++d) spec.weekly[d] = {hours(9, 0, 17, 0)};
  const auto cal = compile(spec);
  CHECK(cal.due(at("2026-01-05T16:30:00Z"), 30 * kMinute) == at("2026-01-06T09:00:00Z"));
  CHECK(cal.due(at("2026-01-05T16:30:00Z"), 29 * kMinute) == at("2026-01-05T16:59:00Z"));
  // Friday 16:30 + 30 min: due Monday 09:00.
  CHECK(cal.due(at("2026-01-09T16:30:00Z"), 30 * kMinute) == at("2026-01-12T09:00:00Z"));
}

TEST_CASE("A start outside hours waits for the opening", "[calendar]") {
  ssla::CalendarSpec spec;
  spec.timezone = "Europe/Berlin";
  for (int d = 1; d <= 5; ++d) spec.weekly[d] = {hours(9, 0, 17, 0)};
  const auto cal = compile(spec);
  // Saturday noon Berlin time; opens Monday 09:00 (08:00Z in winter).
  CHECK(cal.due(at("2026-01-10T11:00:00Z"), 1 * kHour) == at("2026-01-12T09:00:00Z"));
  CHECK(cal.business(at("2026-01-10T11:00:00Z"), at("2026-01-12T08:30:00Z")) == 30 * kMinute);
  CHECK_FALSE(cal.is_open(at("2026-01-10T11:00:00Z")));
  CHECK(cal.is_open(at("2026-01-12T08:00:00Z")));
}

// Open Mondays 09:00-10:00 UTC, and every Monday a holiday; with
// `leap_mondays`, all but a fifth Monday of February, so that the calendar
// opens only when 29 February is a Monday (2072, then 2112).
ssla::CalendarSpec mondays_closed(bool leap_mondays) {
  ssla::CalendarSpec spec;
  spec.timezone = "UTC";
  spec.weekly[1] = {hours(9, 0, 10, 0)};
  for (unsigned month = 1; month <= 12; ++month) {
    for (int nth = 1; nth <= 5; ++nth) {
      if (leap_mondays && month == 2 && nth == 5) continue;
      ssla::Holiday h;
      h.kind = ssla::Holiday::Kind::kNthWeekday;
      h.month = month;
      h.weekday = 1;
      h.nth = nth;
      spec.holidays.push_back(h);
    }
  }
  return spec;
}

ssla::CalendarSpec leap_mondays() {
  return mondays_closed(true);
}

TEST_CASE("A calendar that never opens again gives no due", "[calendar]") {
  // Every Monday of every month is a holiday: the only open day never comes.
  const ssla::CalendarSpec spec = mondays_closed(false);
  const ssla::BusinessCalendar cal(spec, at("2026-02-01T00:00:00Z"), at("2026-03-01T00:00:00Z"));
  CHECK_FALSE(cal.due(at("2026-02-02T09:00:00Z"), 1 * kMinute));
  CHECK(cal.business(at("2026-02-01T00:00:00Z"), at("2026-03-01T00:00:00Z")) == 0);
}

TEST_CASE(
    "The never-opens-again horizon runs 30 years from each start, whatever the latest instant",
    "[calendar]") {
  // Compiled up to a latest instant in 2113, as a report whose as_of is then.
  const ssla::BusinessCalendar cal(leap_mondays(), at("2072-03-01T00:00:00Z"),
                                   at("2113-01-02T10:00:00Z"));
  // The next opening (2112-02-29) is 40 years after this start: none.
  CHECK_FALSE(cal.due(at("2072-03-07T10:00:00Z"), 30 * kMinute));
  CHECK_FALSE(cal.next_opening(at("2072-03-07T10:00:00Z")));
  // ... and 28 years after this one.
  CHECK(cal.due(at("2084-03-07T10:00:00Z"), 30 * kMinute) == at("2112-02-29T09:30:00Z"));
  CHECK(cal.next_opening(at("2084-03-07T10:00:00Z")) == at("2112-02-29T09:00:00Z"));
}

TEST_CASE("A dated holiday moves the horizon to 30 calendar years after it", "[calendar]") {
  auto due_with_dated_day = [](std::int64_t dated) {
    ssla::CalendarSpec spec = leap_mondays();
    ssla::Holiday h;
    h.kind = ssla::Holiday::Kind::kRange;
    h.from_day = dated;
    h.to_day = dated;
    spec.holidays.push_back(h);
    const Instant start = at("2072-03-07T10:00:00Z");
    return ssla::BusinessCalendar(spec, start, start).due(start, 30 * kMinute);
  };
  // Horizon 2112-02-28: the opening on 2112-02-29 lies past it.
  CHECK_FALSE(due_with_dated_day(day(2082, 2, 28)));
  // Horizon 2112-03-01.
  CHECK(due_with_dated_day(day(2082, 3, 1)) == at("2112-02-29T09:30:00Z"));
}

TEST_CASE("A long dated closure still has a due after it", "[calendar]") {
  ssla::CalendarSpec spec;
  spec.timezone = "UTC";
  spec.weekly[1] = {hours(9, 0, 10, 0)};
  ssla::Holiday closure;
  closure.kind = ssla::Holiday::Kind::kRange;
  closure.from_day = day(2026, 1, 1);
  closure.to_day = day(2040, 1, 1);
  spec.holidays.push_back(closure);
  const ssla::BusinessCalendar cal(spec, at("2026-02-01T00:00:00Z"), at("2026-03-01T00:00:00Z"));
  CHECK(cal.due(at("2026-02-02T09:00:00Z"), 1 * kMinute) == at("2040-01-02T09:01:00Z"));
}

TEST_CASE("The built-in 24x7 calendar is always open", "[calendar]") {
  const ssla::BusinessCalendar cal(ssla::always_open_calendar(), 0, 0);
  CHECK(cal.business(at("2026-01-01T00:00:00Z"), at("2026-01-02T00:00:00Z")) == 24 * kHour);
  CHECK(cal.due(at("2026-01-01T00:00:00Z"), 90 * kMinute) == at("2026-01-01T01:30:00Z"));
  CHECK(cal.business(at("2026-01-02T00:00:00Z"), at("2026-01-01T00:00:00Z")) == 0);
}

TEST_CASE("Millisecond resolution", "[calendar]") {
  const auto cal = compile(daily("UTC", hours(9, 0, 17, 0)));
  CHECK(cal.business(at("2026-01-05T08:59:59.999Z"), at("2026-01-05T09:00:00.250Z")) == 250);
  CHECK(cal.due(at("2026-01-05T16:59:59.900Z"), 100) == at("2026-01-06T09:00:00Z"));
}

TEST_CASE("An unknown zone is a usage error", "[calendar]") {
  CHECK_THROWS(ssla::BusinessCalendar(daily("Mars/Olympus", hours(9, 0, 17, 0)), 0, 0));
}
