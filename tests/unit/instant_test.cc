#include "ssla/base/instant.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "ssla/base/decimal.h"
#include "ssla/base/zone.h"

TEST_CASE("Instants format as RFC 3339 UTC with milliseconds only when non-zero", "[instant]") {
  CHECK(ssla::format_utc(0) == "1970-01-01T00:00:00Z");
  CHECK(ssla::format_utc(1509487847000) == "2017-10-31T22:10:47Z");
  CHECK(ssla::format_utc(1509487847250) == "2017-10-31T22:10:47.250Z");
  CHECK(ssla::format_utc(-1) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("Durations parse in the order d, h, m, s and must be positive", "[instant]") {
  using ssla::parse_duration;
  CHECK(parse_duration("90s") == 90000);
  CHECK(parse_duration("15m") == 900000);
  CHECK(parse_duration("1h30m") == 5400000);
  CHECK(parse_duration("1d") == 86400000);
  CHECK(parse_duration("3600") == 3600000);
  CHECK_FALSE(parse_duration("0"));
  CHECK_FALSE(parse_duration("0m"));
  CHECK_FALSE(parse_duration("30m1h"));
  CHECK_FALSE(parse_duration("1h1h"));
  CHECK_FALSE(parse_duration("h"));
  CHECK_FALSE(parse_duration("1x"));
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("-5"));
}

TEST_CASE("Seconds print as integers when whole", "[instant]") {
  CHECK(ssla::format_seconds(1800000) == "1800");
  CHECK(ssla::format_seconds(250) == "0.25");
  CHECK(ssla::format_human(3900000) == "1h 05m 00s");
  CHECK(ssla::format_human(90061000) == "25h 01m 01s");
}

TEST_CASE("Local times follow RFC 5545 in DST gaps and folds", "[zone]") {
  const ssla::Zone ny = ssla::Zone::find("America/New_York");
  REQUIRE(ny.valid());
  // 2026-03-08 02:30 does not exist in New York: read with the offset before (-5h).
  CHECK(ssla::format_utc(ny.from_local(ssla::local_ms_from_fields(2026, 3, 8, 2, 30, 0, 0))) ==
        "2026-03-08T07:30:00Z");
  // 2026-11-01 01:30 happens twice: the first occurrence (-4h).
  CHECK(ssla::format_utc(ny.from_local(ssla::local_ms_from_fields(2026, 11, 1, 1, 30, 0, 0))) ==
        "2026-11-01T05:30:00Z");
  CHECK_FALSE(ssla::Zone::find("Mars/Olympus").valid());
  const ssla::LocalTime l = ny.to_local(1509487847000);
  CHECK(l.hour == 18);
  CHECK(l.weekday == 2);  // Tuesday
}

TEST_CASE("Instants and seconds appended without allocating read as format_utc and format_seconds",
          "[instant][writers]") {
  auto utc = [](ssla::Instant t) {
    std::string s = "x";  // appended after what is there
    ssla::append_utc(t, s);
    return s.substr(1);
  };
  auto seconds = [](ssla::Millis d) {
    std::string s = "x";
    ssla::append_seconds(d, s);
    return s.substr(1);
  };
  std::mt19937_64 random(20261204);
  // Every era boundary and leap day of the fast path's range, its ends, and
  // instants beyond them (written by format_utc).
  std::vector<ssla::Instant> instants = {0, -1, 1, 951782400000, 951868800000, 4107542400000,
                                         -62167219200000, -62167219200001, 253402300799999,
                                         253402300800000, -2208988800000, 1509487847250};
  std::uniform_int_distribution<ssla::Instant> any(-70000000000000, 260000000000000);
  std::uniform_int_distribution<ssla::Instant> recent(946684800000, 4102444800000);
  for (int i = 0; i < 200000; ++i) instants.push_back(i % 2 == 0 ? any(random) : recent(random));
  // Runs of instants on a few neighbouring days, as a listing writes them
  // (the date of a day is kept and reused), with days of other eras between.
  std::uniform_int_distribution<ssla::Instant> in_day(0, 86399999);
  for (int i = 0; i < 100000; ++i) {
    const ssla::Instant day = i % 50 == 49 ? 0 : 17440 + static_cast<ssla::Instant>(random() % 9);
    instants.push_back((i % 50 == 49 ? any(random) : day * 86400000) + in_day(random));
  }
  for (ssla::Instant t : instants) {
    INFO(t);
    REQUIRE(utc(t) == ssla::format_utc(t));
  }
  std::vector<ssla::Millis> durations = {0, 1, 10, 100, 250, 999, 1000, 1001, -1, -500, -1500,
                                         999999999999999999, -999999999999999999};
  std::uniform_int_distribution<ssla::Millis> span(-100000000000, 100000000000);
  for (int i = 0; i < 200000; ++i) durations.push_back(i % 3 == 0 ? span(random) / 1000 * 1000 : span(random));
  // Every number of digits the fast path writes, and fractions of one, two
  // and three digits.
  for (int i = 0; i < 200000; ++i) {
    ssla::Millis limit = 1;
    for (int k = i % 19; k > 0; --k) limit *= 10;
    ssla::Millis d = static_cast<ssla::Millis>(random() % static_cast<std::uint64_t>(limit));
    if (i % 5 == 1) d -= d % 10;
    if (i % 5 == 2) d -= d % 100;
    durations.push_back(i % 2 == 0 ? d : -d);
  }
  for (ssla::Millis d : durations) {
    INFO(d);
    REQUIRE(seconds(d) == ssla::format_seconds(d));
  }
}

TEST_CASE("Numbers written two digits at a time read as std::to_string", "[instant][writers]") {
  std::vector<std::uint64_t> values = {0, 1, 9, 10, 11, 99, 100, 101, 18446744073709551615u};
  // Each power of ten and its neighbours: where the digit count changes.
  for (std::uint64_t p = 10;; p *= 10) {
    values.insert(values.end(), {p - 1, p, p + 1});
    if (p > 18446744073709551615u / 10) break;
  }
  std::mt19937_64 random(6122026);
  for (int i = 0; i < 100000; ++i) values.push_back(random() >> (random() % 64));
  for (const std::uint64_t v : values) {
    char buf[24];
    char* end = ssla::put_decimal(v, buf);
    INFO(v);
    REQUIRE(std::string(buf, static_cast<std::size_t>(end - buf)) == std::to_string(v));
    REQUIRE(ssla::decimal_digits(v) == static_cast<int>(std::to_string(v).size()));
  }
}

TEST_CASE("Only IANA zone names are zones: not the machine's localtime", "[zone]") {
  CHECK(ssla::Zone::find("America/New_York").valid());
  CHECK(ssla::Zone::find("UTC").valid());
  CHECK_FALSE(ssla::Zone::find("localtime").valid());
  CHECK_FALSE(ssla::Zone::find("posixrules").valid());
  CHECK_FALSE(ssla::Zone::find("Mars/Olympus_Mons").valid());
}
