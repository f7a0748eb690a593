// Policies in words: the `validate` summary, the public `publish` statement,
// and the `init` starter file.
#ifndef SSLA_POLICY_DESCRIBE_H_
#define SSLA_POLICY_DESCRIBE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "ssla/base/instant.h"
#include "ssla/policy/policy.h"

namespace ssla {

/// `ssla validate`: each calendar's week as a table, its holidays for the 12
/// months from local date `from_day` (days since 1970-01-01), its overrides,
/// and each channel's targets, goal and exempt rules; the owners, the review
/// (next date, and "overdue" when `today`, a local date, is after it), the
/// signatures, each channel's priority rules and accounts entries (spec 8.1).
std::string describe_policy(const Policy& policy, std::int64_t from_day,
                            std::optional<std::int64_t> today = std::nullopt);

/// `ssla publish` formats.
enum class PublishFormat { kText, kMarkdown };

/// The short public statement per channel: what the customer gets, when the
/// company answers, how fast, and what it does not answer. A channel whose
/// statement is longer than 280 characters gets a note saying so.
/// `response_words`, when given, replaces the response times of the
/// channels it names (by channel key) with its words (`publish --from-data`).
std::string publish_policy(const Policy& policy, PublishFormat format,
                           const std::map<std::string, std::string>* response_words = nullptr);

/// A commented starter policy that validates (`ssla init`).
std::string starter_policy_text();

/// A target in words: `15 minutes`, `1 hour 30 minutes`, `1 day`; with
/// `days` false, hours past 24 stay hours (`36 hours`), for a target counted
/// in opening hours: a business day is not 24 hours (spec 8.4).
std::string duration_words(Millis d, bool days = true);

/// A week's hours in words, consecutive days with the same hours joined:
/// `Mon-Fri 09:00-12:00 and 13:00-18:00, Sat 10:00-14:00`.
std::string week_words(const CalendarSpec& spec);

}  // namespace ssla

#endif  // SSLA_POLICY_DESCRIBE_H_
