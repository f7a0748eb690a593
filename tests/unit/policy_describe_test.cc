#include <catch2/catch.hpp>

#include "ssla/render/policy_describe.h"
#include "ssla/policy/policy_load.h"
#include "ssla/base/zone.h"

TEST_CASE("publish states hours with the zone, targets and exempt rules", "[publish]") {
  const ssla::Policy p = ssla::load_policy(SSLA_SOURCE_DIR "/samples/policy.yaml");
  const std::string text = ssla::publish_policy(p, ssla::PublishFormat::kText);
  CHECK_THAT(text, Catch::Contains("Mon-Fri 08:00-12:00, 12:30-20:00; Sat 09:00-17:00 (New York time)"));
  CHECK_THAT(text, Catch::Contains("First reply within 1 hour, follow-ups within 2 hours, counted "
                                   "in opening hours."));
  CHECK_THAT(text, Catch::Contains("Not answered: posts tagged spam or abuse"));
  CHECK_THAT(text, Catch::Contains("; a bio on twitter holds 160)"));
  const std::string md = ssla::publish_policy(p, ssla::PublishFormat::kMarkdown);
  CHECK_THAT(md, Catch::StartsWith("# Acme social care SSLA"));
  CHECK_THAT(md, Catch::Contains("## facebook"));
}

TEST_CASE("validate resolves holidays for twelve months", "[validate]") {
  const ssla::Policy p = ssla::load_policy(SSLA_SOURCE_DIR "/samples/policy.yaml");
  const std::string text = ssla::describe_policy(p, ssla::days_from_civil(2026, 10, 15));
  CHECK_THAT(text, Catch::Contains("2026-11-26 (Thu)"));   // Thanksgiving
  CHECK_THAT(text, Catch::Contains("2027-03-26 (Fri)"));   // Good Friday
  CHECK_THAT(text, Catch::Contains("2027-05-31 (Mon)"));   // last Monday of May
  CHECK_THAT(text, Catch::Contains("Fri  22:00-02:00 (next day)"));
}

TEST_CASE("Durations read as words", "[publish]") {
  CHECK(ssla::duration_words(ssla::kMillisPerHour) == "1 hour");
  CHECK(ssla::duration_words(90 * ssla::kMillisPerMinute) == "1 hour 30 minutes");
  CHECK(ssla::duration_words(ssla::kMillisPerDay) == "1 day");
  // Counted in opening hours: never days.
  CHECK(ssla::duration_words(36 * ssla::kMillisPerHour, false) == "36 hours");
  CHECK(ssla::duration_words(ssla::kMillisPerDay + 90 * ssla::kMillisPerMinute, false) ==
        "25 hours 30 minutes");
}

TEST_CASE("publish measures each statement against its network's bio length", "[publish]") {
  ssla::Policy p;
  for (const char* name : {"tiktok", "instagram", "linkedin", "x", "mastodon"}) {
    ssla::ChannelPolicy c;
    c.name = name;
    c.calendar = "24x7";
    c.first_response = ssla::kMillisPerHour;
    c.next_response = c.first_response;
    c.promise = std::string(70, 'a');  // the statement: 124 characters
    p.channels.push_back(c);
  }
  const std::string text = ssla::publish_policy(p, ssla::PublishFormat::kText);
  CHECK_THAT(text, Catch::Contains("(124 characters; a bio on tiktok holds 80)"));
  CHECK_THAT(text, !Catch::Contains("a bio on instagram"));
  for (ssla::ChannelPolicy& c : p.channels) c.promise = std::string(100, 'a');  // 154
  CHECK_THAT(ssla::publish_policy(p, ssla::PublishFormat::kText),
             Catch::Contains("(154 characters; a bio on instagram holds 150)") &&
                 !Catch::Contains("a bio on linkedin") && !Catch::Contains("a bio on x ") &&
                 !Catch::Contains("a bio on mastodon"));
}

TEST_CASE("A channel's bio_limit replaces its network's bio length", "[publish][policy]") {
  auto policy_with = [](const std::string& limit) {
    return "channels:\n  twitter:\n    promise: " + std::string(40, 'a') +
           "\n    first_response: 1h\n    bio_limit: " + limit + "\n";
  };
  const ssla::Policy p = ssla::load_policy_text(policy_with("30"), "p.yaml");
  REQUIRE(p.channels.at(0).bio_limit == 30);
  CHECK_THAT(ssla::publish_policy(p, ssla::PublishFormat::kText),
             Catch::Contains("a bio on twitter holds 30)"));
  // 10000 is the largest limit: nothing to flag.
  CHECK_THAT(ssla::publish_policy(ssla::load_policy_text(policy_with("10000"), "p.yaml"),
                                  ssla::PublishFormat::kText),
             !Catch::Contains("a bio on"));
  for (const char* bad : {"0", "10001", "-5", "12.5", "many"}) {
    CHECK_THROWS_WITH(ssla::load_policy_text(policy_with(bad), "p.yaml"),
                      Catch::Contains("bad bio_limit"));
  }
}
