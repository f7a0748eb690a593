#include <catch2/catch.hpp>

#include <string>

#include "ssla/base/error.h"
#include "ssla/render/policy_describe.h"
#include "ssla/policy/policy_load.h"

namespace {

// The error text of loading `yaml`, or "" when it loads.
std::string errors_of(const std::string& yaml) {
  try {
    ssla::load_policy_text(yaml, "p.yaml");
  } catch (const ssla::Error& e) {
    CHECK(e.exit_status() == ssla::kExitUsage);
    return e.what();
  }
  return "";
}

const char* const kCalendarHead = R"(calendars:
  office:
    timezone: Europe/Berlin
    hours:
)";

}  // namespace

TEST_CASE("Every weekly key form fills the right days", "[policy]") {
  const ssla::Policy p = ssla::load_policy_text(R"(name: Forms
calendars:
  a:
    hours:
      fri-mon: "10:00-12:00"
      wed: ["08:00-09:00", "9:30-10:00:30"]
      tue: closed
  b:
    hours:
      weekdays: "22:00-06:00"
      weekends: []
  c:
    hours:
      daily: "00:00-24:00"
)", "p.yaml");
  REQUIRE(p.calendars.size() == 3);
  const ssla::CalendarSpec& a = p.calendars[0];
  for (int d : {5, 6, 0, 1}) {
    REQUIRE(a.weekly[d].size() == 1);
    CHECK(a.weekly[d][0].begin == 10 * 3600);
  }
  CHECK(a.weekly[2].empty());
  REQUIRE(a.weekly[3].size() == 2);
  CHECK(a.weekly[3][1].begin == 9 * 3600 + 30 * 60);
  CHECK(a.weekly[3][1].end == 10 * 3600 + 30);
  CHECK(a.weekly[4].empty());
  CHECK(a.timezone == "UTC");  // the policy's zone
  const ssla::CalendarSpec& b = p.calendars[1];
  CHECK(b.weekly[1][0].end == 30 * 3600);  // crosses midnight
  CHECK(b.weekly[0].empty());
  CHECK(p.calendars[2].weekly[3][0].end == 86400);
}

TEST_CASE("Holidays of every form and overrides are read", "[policy]") {
  const ssla::Policy p = ssla::load_policy_text(std::string(kCalendarHead) + R"(      mon-fri: "09:00-17:00"
    holidays:
      - 2026-12-25
      - "2026-12-26"
      - { from: 2026-12-31, to: 2027-01-02 }
      - { annual: "02-29" }
      - { month: 11, weekday: thu, nth: 4 }
      - { month: 5, weekday: mon, nth: -1 }
      - { easter: -2 }
    overrides:
      2026-12-24: "09:00-12:00"
      "2026-11-29": closed
)", "p.yaml");
  const ssla::CalendarSpec& c = p.calendars[0];
  CHECK(c.timezone == "Europe/Berlin");
  REQUIRE(c.holidays.size() == 7);
  CHECK(c.holidays[2].kind == ssla::Holiday::Kind::kRange);
  CHECK(c.holidays[5].nth == -1);
  CHECK(c.holidays[6].easter_offset == -2);
  REQUIRE(c.overrides.size() == 2);
  CHECK(c.overrides.begin()->second.empty());  // 2026-11-29 closed
}

TEST_CASE("A goal reads in any spelling of its value, exactly", "[policy]") {
  // The channel's goal as read, or none when the policy is refused.
  auto goal = [](const char* text) -> std::optional<ssla::Goal> {
    try {
      return ssla::load_policy_text(std::string("channels:\n  twitter:\n    first_response: 1h\n"
                                                "    goal: \"") +
                                        text + "\"\n",
                                    "p.yaml")
          .channels.at(0)
          .goal;
    } catch (const ssla::Error&) {
      return std::nullopt;
    }
  };
  // Trailing zeros do not change the value.
  REQUIRE(goal("0.90000000000"));
  CHECK(goal("0.90000000000")->met_by(9, 10));
  CHECK_FALSE(goal("0.90000000000")->met_by(89, 99));
  CHECK(goal("090%")->value() == 0.9);
  CHECK(goal(".9")->met_by(9, 10));
  CHECK(goal("1.")->met_by(1, 1));
  // A third to eleven places: 1 of 3 falls short of it by less than 1e-11.
  REQUIRE(goal("33.33333333333%"));
  CHECK(goal("33.33333333333%")->met_by(1, 3));
  CHECK_FALSE(goal("0.33333333334")->met_by(1, 3));
  // Printed as the double nearest the fraction.
  CHECK(goal("0.33333333333333334")->value() == 0.33333333333333334);
  CHECK(goal("0.9500000000000001")->value() == 0.9500000000000001);
  // Eighteen decimals are the most a 64-bit fraction holds.
  CHECK(goal("0.123456789012345678"));
  CHECK_FALSE(goal("0.1234567890123456789"));
  for (const char* bad : {"", ".", "%", "0", "0.0", "1.5", "101%", "-0.5", "9o%", "1.2.3"}) {
    CHECK_FALSE(goal(bad));
  }
}

TEST_CASE("Channels: targets, exact goals, exempt rules, default", "[policy]") {
  const ssla::Policy p = ssla::load_policy_text(R"(company:
  accounts: ["@AcmeHelp"]
  ignore_authors: [AcmeBot]
channels:
  Twitter:
    first_response: 1h30m
    goal: 95%
    exempt:
      tags: [Spam]
      authors: ["@Troll"]
      words: [Scam]
      acknowledgements: ["Thanks!!", "👍"]
  default:
    first_response: 90
    next_response: 1d
    goal: 0.9
)", "p.yaml");
  REQUIRE(p.channels.size() == 1);
  const ssla::ChannelPolicy& t = p.channels[0];
  CHECK(t.name == "twitter");
  CHECK(t.calendar == "24x7");
  CHECK(t.first_response == 5400000);
  CHECK(t.next_response == 5400000);
  CHECK(t.goal->numerator == 95);
  CHECK(t.goal->denominator == 100);
  CHECK(t.goal->met_by(19, 20));
  CHECK_FALSE(t.goal->met_by(18, 20));
  CHECK(t.exempt.tags == std::vector<std::string>{"spam"});
  CHECK(t.exempt.authors == std::vector<std::string>{"troll"});
  CHECK(t.exempt.words == std::vector<std::string>{"scam"});
  CHECK(t.exempt.acknowledgements == std::vector<std::string>{"thanks", "👍"});
  REQUIRE(p.default_channel);
  CHECK(p.default_channel->first_response == 90000);
  CHECK(p.default_channel->next_response == 86400000);
  CHECK(p.accounts == std::vector<std::string>{"acmehelp"});
  CHECK(p.is_company_author("acmebot"));
  CHECK(p.channel_for("whatsapp") == &*p.default_channel);
}

TEST_CASE("Validation reports every error with its line and column", "[policy]") {
  const std::string e = errors_of(R"(version: 2
timezone: Mars/Olympus
calendars:
  office:
    hours:
      mon-fri: "09:00-17:00"
      wed: "10:00-12:00"
      sat: ["09:00-12:00", "11:00-13:00"]
      sun: "09:00-09:00"
channels:
  twitter:
    calender: office
    first_response: 15x
    goal: 120%
  facebook:
    calendar: ofice
    first_response: 1h
)");
  CHECK_THAT(e, Catch::Contains("p.yaml:1:10: version: must be 1"));
  CHECK_THAT(e, Catch::Contains("p.yaml:2:11: timezone: unknown time zone 'Mars/Olympus'"));
  CHECK_THAT(e, Catch::Contains("p.yaml:7:7: calendar office: wed is named twice"));
  CHECK_THAT(e, Catch::Contains("p.yaml:8:12: calendar office sat: overlapping intervals"));
  CHECK_THAT(e, Catch::Contains("p.yaml:9:12: calendar office sun: bad interval '09:00-09:00'"));
  CHECK_THAT(e, Catch::Contains("p.yaml:12:5: channel twitter: unknown key 'calender' (did you mean 'calendar'?)"));
  CHECK_THAT(e, Catch::Contains("p.yaml:13:21: channel twitter first_response: bad duration '15x'"));
  CHECK_THAT(e, Catch::Contains("p.yaml:14:11: channel twitter: bad goal '120%'"));
  CHECK_THAT(e, Catch::Contains("p.yaml:16:15: channel facebook: unknown calendar 'ofice' (did you mean 'office'?)"));
}

TEST_CASE("Duplicate keys are errors even though YAML parsers keep them", "[policy]") {
  CHECK_THAT(errors_of("name: a\nname: b\n"), Catch::Contains("p.yaml:2:1: policy: duplicate key 'name'"));
  CHECK_THAT(errors_of("channels:\n  twitter:\n    first_response: 1h\n  Twitter:\n    first_response: 2h\n"),
             Catch::Contains("p.yaml:4:3: channels: 'Twitter' is named twice"));
}

TEST_CASE("A calendar with no open hour, a user 24x7 and bad holidays are errors", "[policy]") {
  CHECK_THAT(errors_of("calendars:\n  c:\n    hours:\n      mon: closed\n"),
             Catch::Contains("no open interval"));
  CHECK_THAT(errors_of("calendars:\n  24x7:\n    hours:\n      mon: \"09:00-10:00\"\n"),
             Catch::Contains("'24x7' is built in"));
  const std::string e = errors_of(std::string(kCalendarHead) + R"(      mon: "09:00-10:00"
    holidays:
      - 2017-02-30
      - { month: 13, weekday: thu, nth: 1 }
      - { month: 1, weekday: thursday, nth: 6 }
      - { easter: 500 }
      - { annual: "13-01" }
)");
  CHECK_THAT(e, Catch::Contains("bad date '2017-02-30'"));
  CHECK_THAT(e, Catch::Contains("month must be 1 to 12"));
  CHECK_THAT(e, Catch::Contains("unknown weekday 'thursday'"));
  CHECK_THAT(e, Catch::Contains("nth must be 1 to 5 or -1 to -5"));
  CHECK_THAT(e, Catch::Contains("within ±400 days"));
  CHECK_THAT(e, Catch::Contains("bad month-day '13-01'"));
}

TEST_CASE("Overnight spill may overlap the next day's hours", "[policy]") {
  CHECK(errors_of(std::string(kCalendarHead) + "      mon: \"22:00-06:00\"\n      tue: \"05:00-09:00\"\n").empty());
}

TEST_CASE("YAML syntax errors are located", "[policy]") {
  CHECK_THAT(errors_of("name: [unclosed\n"), Catch::StartsWith("p.yaml:"));
  CHECK_THAT(errors_of(""), Catch::Contains("the policy is empty"));
  // A JSON-style surrogate pair is named as one, with the way to write it.
  CHECK_THAT(errors_of("name: \"\\ud83d\\udc4d\"\n"), Catch::StartsWith("p.yaml:1:") &&
                                                          Catch::Contains("surrogate pair") &&
                                                          Catch::Contains("\\U0001F44D"));
  CHECK_THAT(errors_of("name: \"\\U0001F44D\"\n"), !Catch::Contains("YAML syntax error"));
}

TEST_CASE("An alias bomb and an oversized policy are refused", "[policy]") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'k'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
    prev = c;
  }
  bomb += "company:\n  accounts: *k\n";
  CHECK_THAT(errors_of(bomb), Catch::Contains("p.yaml:"));
  CHECK_THROWS_AS(ssla::load_policy_text(std::string(ssla::kMaxPolicyBytes + 1, '#'), "big.yaml"),
                  ssla::Error);
}

TEST_CASE("The sample policy and the starter policy validate", "[policy]") {
  const ssla::Policy sample = ssla::load_policy(SSLA_SOURCE_DIR "/samples/policy.yaml");
  CHECK(sample.calendars.size() == 3);
  CHECK(ssla::load_policy_text(ssla::starter_policy_text(), "init.yaml").channels.size() == 1);
}

TEST_CASE("A missing policy file is a usage error", "[policy]") {
  CHECK_THROWS_AS(ssla::load_policy("/nonexistent/policy.yaml"), ssla::Error);
}

TEST_CASE("An input timestamp_format with an unsupported conversion is a located policy error",
          "[policy]") {
  const std::string e = errors_of(R"(input:
  timestamp_format: "%Q %Y"
channels:
  twitter:
    first_response: 1h
)");
  CHECK_THAT(e, Catch::Contains("p.yaml:2:21: input timestamp_format: unsupported conversion %Q"));
  CHECK(errors_of("input:\n  timestamp_format: \"%d/%m/%Y %H:%M\"\nchannels:\n  twitter:\n"
                  "    first_response: 1h\n")
            .empty());
}

TEST_CASE("A single value where the policy wants a list is an error, not a list of one",
          "[policy]") {
  const std::string e = errors_of(R"(company:
  accounts: AcmeHelp, AcmeCare
channels:
  twitter:
    first_response: 1h
    exempt:
      tags: spam
)");
  CHECK_THAT(e, Catch::Contains("p.yaml:2:13: company accounts: expected a list, e.g. "
                                "[AcmeHelp, AcmeCare]") &&
                    Catch::Contains("p.yaml:7:13: channel twitter exempt tags: expected a list"));
  // An empty key is an empty list.
  CHECK(
      errors_of("company:\n  accounts:\nchannels:\n  twitter:\n    first_response: 1h\n").empty());
}

TEST_CASE("A holiday entry with the keys of two forms is an error, not one form read",
          "[policy][holidays]") {
  const std::string e = errors_of(std::string(kCalendarHead) + R"(      mon-fri: "09:00-17:00"
    holidays:
      - { easter: -2, annual: "12-25" }
channels:
  twitter:
    calendar: office
    first_response: 1h
)");
  CHECK_THAT(e, Catch::Contains("p.yaml:7:9: calendar office: holiday: mixes the keys of "
                                "several forms"));
}
