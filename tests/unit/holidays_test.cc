#include <catch2/catch.hpp>

#include "ssla/policy/holidays.h"
#include "ssla/base/zone.h"

namespace {

std::int64_t day(int y, unsigned m, unsigned d) { return ssla::days_from_civil(y, m, d); }

ssla::CalendarSpec with(ssla::Holiday h) {
  ssla::CalendarSpec spec;
  spec.holidays.push_back(h);
  return spec;
}

}  // namespace

TEST_CASE("Western Easter falls on the known dates", "[holidays]") {
  CHECK(ssla::easter_sunday(2024) == day(2024, 3, 31));
  CHECK(ssla::easter_sunday(2025) == day(2025, 4, 20));
  CHECK(ssla::easter_sunday(2026) == day(2026, 4, 5));
  CHECK(ssla::easter_sunday(2038) == day(2038, 4, 25));  // the latest possible date
  CHECK(ssla::easter_sunday(2285) == day(2285, 3, 22));  // the earliest possible date
}

TEST_CASE("An easter offset can land in another year", "[holidays]") {
  ssla::Holiday h;
  h.kind = ssla::Holiday::Kind::kEaster;
  h.easter_offset = -2;  // Good Friday
  CHECK(ssla::is_holiday(with(h), day(2026, 4, 3)));
  CHECK_FALSE(ssla::is_holiday(with(h), day(2026, 4, 5)));
  h.easter_offset = 300;  // Easter 2026 (04-05) + 300 days = 2027-01-30
  CHECK(ssla::is_holiday(with(h), day(2027, 1, 30)));
}

TEST_CASE("An annual 02-29 holiday exists only in leap years", "[holidays]") {
  ssla::Holiday h;
  h.kind = ssla::Holiday::Kind::kAnnual;
  h.month = 2;
  h.day = 29;
  const auto spec = with(h);
  CHECK(ssla::holiday_dates(spec, day(2023, 1, 1), day(2028, 12, 31)) ==
        std::vector<std::int64_t>{day(2024, 2, 29), day(2028, 2, 29)});
}

TEST_CASE("nth weekday counts from the start, negative nth from the end", "[holidays]") {
  ssla::Holiday h;
  h.kind = ssla::Holiday::Kind::kNthWeekday;
  h.month = 11;
  h.weekday = 4;  // Thursday
  h.nth = 4;
  CHECK(ssla::holiday_dates(with(h), day(2026, 1, 1), day(2026, 12, 31)) ==
        std::vector<std::int64_t>{day(2026, 11, 26)});
  h.month = 5;
  h.weekday = 1;  // Monday
  h.nth = -1;     // Memorial Day
  CHECK(ssla::holiday_dates(with(h), day(2026, 1, 1), day(2026, 12, 31)) ==
        std::vector<std::int64_t>{day(2026, 5, 25)});
  h.nth = 5;  // May 2026 has only four Mondays... no: 4, 11, 18, 25
  CHECK(ssla::holiday_dates(with(h), day(2026, 1, 1), day(2026, 12, 31)).empty());
  h.nth = -5;
  CHECK(ssla::holiday_dates(with(h), day(2026, 1, 1), day(2026, 12, 31)).empty());
}

TEST_CASE("An override wins over a holiday and over the weekly hours", "[holidays]") {
  ssla::CalendarSpec spec;
  spec.weekly[4] = {{9 * 3600, 17 * 3600}};  // Thursdays
  ssla::Holiday h;
  h.kind = ssla::Holiday::Kind::kDate;
  h.from_day = h.to_day = day(2026, 12, 24);
  spec.holidays.push_back(h);
  CHECK(ssla::schedule_of(spec, day(2026, 12, 24)).empty());
  spec.overrides[day(2026, 12, 24)] = {{9 * 3600, 12 * 3600}};
  REQUIRE(ssla::schedule_of(spec, day(2026, 12, 24)).size() == 1);
  CHECK(ssla::schedule_of(spec, day(2026, 12, 24))[0].end == 12 * 3600);
  CHECK(ssla::schedule_of(spec, day(2026, 12, 17)).size() == 1);  // an ordinary Thursday
  CHECK(ssla::last_dated_day(spec) == day(2026, 12, 24));
}

TEST_CASE("Ranges are inclusive", "[holidays]") {
  ssla::Holiday h;
  h.kind = ssla::Holiday::Kind::kRange;
  h.from_day = day(2026, 12, 31);
  h.to_day = day(2027, 1, 2);
  CHECK(ssla::holiday_dates(with(h), day(2026, 12, 1), day(2027, 1, 31)).size() == 3);
}
