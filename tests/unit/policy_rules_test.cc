// Section 8 of the policy (spec 8.1, 8.2, 8.8): owners, review dates,
// priority rules, accounts entries merged with their channel, and the
// signature matcher.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ssla/base/error.h"
#include "ssla/base/zone.h"
#include "ssla/policy/policy_load.h"
#include "ssla/policy/signatures.h"

namespace {

std::string errors_of(const std::string& yaml) {
  try {
    ssla::load_policy_text(yaml, "p.yaml");
  } catch (const ssla::Error& e) {
    return e.what();
  }
  return "";
}

std::int64_t day(int y, unsigned m, unsigned d) { return ssla::days_from_civil(y, m, d); }

constexpr ssla::Millis kMinute = 60000;

const char* const kRules = R"(owner: Lead
company:
  accounts: [AcmeHelp]
calendars:
  uk:
    timezone: Europe/London
    hours: { mon-fri: "09:00-17:00" }
channels:
  twitter:
    owner: Care US
    first_response: 1h
    next_response: 2h
    goal: 90%
    priorities:
      - name: urgent
        match: { words: [Outage], tags: [URGENT], authors: ["@BigClient"] }
        first_response: 15m
      - name: vip
        match: { tags: [vip] }
        first_response: 30m
        next_response: 45m
    accounts:
      AcmeUK: { calendar: uk, first_response: 30m, goal: 95%, owner: Care UK }
      "@AcmeKids": { priorities: [] }
      AcmeNone: ~
  facebook:
    first_response: 4h
    accounts:
      AcmePage: { first_response: 1h }
)";

}  // namespace

TEST_CASE("An accounts entry replaces only the keys it sets", "[policy][rules]") {
  const ssla::Policy p = ssla::load_policy_text(kRules, "p.yaml");
  const ssla::ChannelPolicy& t = p.channels[0];
  REQUIRE(t.rules.size() == 4);
  const ssla::EpisodeRule& uk = t.rule_for("AcmeUK");
  CHECK(uk.calendar == "uk");
  CHECK(uk.first_response == 30 * kMinute);
  CHECK(uk.next_response == 120 * kMinute);  // the channel writes next_response: 2h
  CHECK(uk.goal->numerator == 95);
  CHECK(uk.owner == "Care UK");
  CHECK(uk.priorities.size() == 2);          // not set: the channel's list
  // Account names compare like authors: case and a leading @ ignored.
  CHECK(&t.rule_for("@acmeuk") == &uk);
  CHECK(&t.rule_for("acmekids") == &t.rules[2]);
  CHECK(t.rules[2].priorities.empty());       // an empty list replaces the channel's
  CHECK(t.rules[3].calendar == "24x7");       // a null entry is an empty one
  CHECK(t.rules[3].owner == "Care US");
  CHECK(&t.rule_for("Someone else") == &t.rules[0]);
  CHECK(&t.rule_for("") == &t.rules[0]);
}

TEST_CASE("next_response defaults to the merged first_response", "[policy][rules]") {
  const ssla::Policy p = ssla::load_policy_text(kRules, "p.yaml");
  const ssla::ChannelPolicy& fb = p.channels[1];
  CHECK(fb.rules[0].next_response == 240 * kMinute);
  CHECK(fb.rule_for("AcmePage").first_response == 60 * kMinute);
  CHECK(fb.rule_for("AcmePage").next_response == 60 * kMinute);
  CHECK(fb.rules[0].owner == "Lead");  // no owner of its own: the top-level one
}

TEST_CASE("A priority rule's next_response defaults to its first_response", "[policy][rules]") {
  const ssla::Policy p = ssla::load_policy_text(kRules, "p.yaml");
  const auto& rules = p.channels[0].rules[0].priorities;
  REQUIRE(rules.size() == 2);
  CHECK(rules[0].name == "urgent");
  CHECK(rules[0].next_response == 15 * kMinute);
  CHECK(rules[1].next_response == 45 * kMinute);
  // Stored normalized, as exempt rules are.
  CHECK(rules[0].match.words == std::vector<std::string>{"outage"});
  CHECK(rules[0].match.tags == std::vector<std::string>{"urgent"});
  CHECK(rules[0].match.authors == std::vector<std::string>{"bigclient"});
  CHECK(p.priority_names[rules[0].name_id] == "urgent");
  CHECK(p.priority_names[0] == "normal");
}

TEST_CASE("Priority bits follow the rules of the channel and its entries", "[policy][rules]") {
  const ssla::Policy p = ssla::load_policy_text(kRules, "p.yaml");
  const ssla::ChannelPolicy& t = p.channels[0];
  CHECK(t.rules[0].priority_bit == 0);
  CHECK(t.rules[1].priority_bit == 2);  // AcmeUK: its own copy of the channel's two rules
  CHECK(t.rules[2].priority_bit == 4);  // AcmeKids: none
  CHECK(t.rules[3].priority_bit == 4);
  CHECK(t.priority_bits == 6);
}

TEST_CASE("Priority bits count across channels while all rules fit one mask", "[policy][rules]") {
  auto policy_with = [](int per_channel) {
    std::string yaml = "channels:\n";
    for (const char* channel : {"twitter", "facebook"}) {
      yaml += std::string("  ") + channel + ":\n    first_response: 1h\n    priorities:\n";
      for (int k = 0; k < per_channel; ++k) {
        yaml += "      - { name: p" + std::to_string(k) + ", match: { words: [w" +
                std::to_string(k) + "] }, first_response: 30m }\n";
      }
    }
    return ssla::load_policy_text(yaml, "p.yaml");
  };
  const ssla::Policy small = policy_with(3);
  CHECK(small.priority_bits_global);
  CHECK(small.priority_mask_bits() == 6);
  CHECK(small.channels[1].rules[0].priority_bit == 3);
  // 40 + 40 rules: each channel keeps bits of its own, and the policy still loads.
  const ssla::Policy wide = policy_with(40);
  CHECK_FALSE(wide.priority_bits_global);
  CHECK(wide.priority_mask_bits() == 40);
  CHECK(wide.channels[1].rules[0].priority_bit == 0);
}

TEST_CASE("The next review adds calendar months and clamps to the month's end",
          "[policy][review]") {
  CHECK(ssla::add_months_clamped(day(2026, 8, 31), 3) == day(2026, 11, 30));
  CHECK(ssla::add_months_clamped(day(2026, 11, 30), 3) == day(2027, 2, 28));
  CHECK(ssla::add_months_clamped(day(2027, 11, 30), 3) == day(2028, 2, 29));
  CHECK(ssla::add_months_clamped(day(2026, 1, 31), 1) == day(2026, 2, 28));
  CHECK(ssla::add_months_clamped(day(2026, 9, 15), 12) == day(2027, 9, 15));
  CHECK(ssla::add_months_clamped(day(2026, 12, 31), 36) == day(2029, 12, 31));
  const ssla::Policy p = ssla::load_policy_text(R"(review: { every: " Half-Yearly ", last: 2026-08-31 }
)", "p.yaml");
  REQUIRE(p.review);
  CHECK(p.review->every_months == 6);
  CHECK(p.review->next_day == day(2027, 2, 28));
  const ssla::Policy q = ssla::load_policy_text("review: { every: 5 months, last: 2026-01-31 }\n",
                                                "p.yaml");
  CHECK(q.review->next_day == day(2026, 6, 30));
}

TEST_CASE("Section 8 mistakes are reported at their line", "[policy][rules]") {
  const std::string e = errors_of(R"(owner: ""
review: { every: 2 weeks, last: 2026-02-30 }
company:
  signatures: ['(?=x)foo', 'ok', '\1(a)']
channels:
  twitter:
    first_response: 1h
    priorities:
      - { name: Normal, match: { words: [x] }, first_response: 15m }
      - { name: a, match: { words: [] }, first_response: 15m }
      - { name: b, match: { word: [x] }, first_response: 15m }
      - { name: c, match: { tags: [x] } }
      - { name: C, match: { tags: [y] }, first_response: 1m }
    accounts:
      AcmeUK: { calendar: uk, promise: x }
      "@acmeuk": {}
)");
  CHECK_THAT(e, Catch::Contains("p.yaml:1:8: owner: must be a non-empty text"));
  CHECK_THAT(e, Catch::Contains("p.yaml:2:18: review every: unknown period '2 weeks'"));
  CHECK_THAT(e, Catch::Contains("p.yaml:2:33: review last: bad date '2026-02-30'"));
  CHECK_THAT(e, Catch::Contains("p.yaml:4:16: company signatures: '(?=x)foo' is not a valid RE2"));
  CHECK_THAT(e, Catch::Contains("p.yaml:4:34: company signatures: '\\1(a)' is not a valid RE2"));
  CHECK_THAT(e, Catch::Contains("p.yaml:9:17: channel twitter priority: 'normal' is reserved"));
  CHECK_THAT(e, Catch::Contains("p.yaml:10:27: channel twitter priority a match: needs at least one"));
  CHECK_THAT(e, Catch::Contains("unknown key 'word' (did you mean 'words'?)"));
  CHECK_THAT(e, Catch::Contains("channel twitter priority c: missing `first_response`"));
  CHECK_THAT(e, Catch::Contains("'C' is named twice in this list (names ignore case)"));
  CHECK_THAT(e, Catch::Contains("p.yaml:15:27: channel twitter account AcmeUK: unknown calendar 'uk'"));
  CHECK_THAT(e, Catch::Contains("account AcmeUK: unknown key 'promise'"));
  CHECK_THAT(e, Catch::Contains("p.yaml:16:7: channel twitter accounts: '@acmeuk' is named twice"));
}

TEST_CASE("A policy without section 8 keys has one rule per channel and no extras",
          "[policy][rules]") {
  const ssla::Policy p = ssla::load_policy_text(R"(channels:
  twitter: { first_response: 1h, goal: 90% }
)", "p.yaml");
  REQUIRE(p.channels[0].rules.size() == 1);
  CHECK(p.channels[0].priority_bits == 0);
  CHECK_FALSE(p.channels[0].rules[0].owner);
  CHECK_FALSE(p.has_owner);
  CHECK_FALSE(p.review);
  CHECK(p.signatures.empty());
}

TEST_CASE("A signature gives its first group, else the whole match, trimmed", "[signatures]") {
  const ssla::SignatureMatcher m({R"(\^([A-Z]{2,3})\s*$)", R"(-\s*([A-Z][a-z]+)\s*$)",
                                  R"(CS[0-9])"});
  CHECK(m.responder("We are on it ^JK") == "JK");
  CHECK(m.responder("  We are on it ^JK \n") == "JK");  // the text is trimmed first
  CHECK(m.responder("Try again - Sam") == "Sam");
  CHECK(m.responder("Ticket opened by CS7 for you") == "CS7");
  CHECK(m.responder("No signature here") == "");
  CHECK(m.responder("") == "");
  // The first expression that matches wins, in list order.
  CHECK(m.responder("CS1 says - Sam") == "Sam");
  // `$` anchors at the text's end, not at a line's.
  CHECK(m.responder("first line ^JK\nsecond line") == "");
}

TEST_CASE("A signature whose group is empty or takes no part is no match", "[signatures]") {
  const ssla::SignatureMatcher m({R"(~(\s*)$)", R"(by (\w+))"});
  CHECK(m.responder("done by Ana ~") == "Ana");  // ~ matches with an empty group: next one
  CHECK(m.responder("thanks ~") == "");
  const ssla::SignatureMatcher alternative({R"(x|(y))"});
  CHECK(alternative.responder("ax") == "");  // group 1 took no part in the match
  CHECK(alternative.responder("ay") == "y");
}

TEST_CASE("Signatures are linear time on hostile text", "[signatures]") {
  // The classic catastrophic pattern for backtracking engines.
  const ssla::SignatureMatcher m({R"((a+)+$)"});
  const std::string text(100000, 'a');
  CHECK(m.responder(text + "!") == "");
  CHECK(m.responder(text).size() == 100000);
  CHECK(ssla::signature_error("(?<=a)b") != "");
  CHECK(ssla::signature_error("(a)\\1") != "");
  CHECK(ssla::signature_error("ok") == "");
}

TEST_CASE("Episodes name a rule by its place among every channel's rules", "[policy][rules]") {
  ssla::Policy p = ssla::load_policy_text(kRules, "p.yaml");
  p.default_channel = p.channels[1];  // a copy: rules of its own, listed last
  const std::vector<const ssla::EpisodeRule*> all = ssla::flat_rules(p);
  REQUIRE(all.size() == 4 + 2 + 2);  // twitter and three entries, facebook and one, default
  CHECK(ssla::rule_base(p, p.channels[0]) == 0);
  CHECK(ssla::rule_base(p, p.channels[1]) == 4);
  CHECK(ssla::rule_base(p, *p.default_channel) == 6);
  for (const ssla::ChannelPolicy* c : {&p.channels[0], &p.channels[1], &*p.default_channel}) {
    for (std::size_t k = 0; k < c->rules.size(); ++k) {
      CHECK(all[ssla::rule_base(p, *c) + k] == &c->rules[k]);
    }
  }
  CHECK(*all[1]->owner == "Care UK");
}
