// Private part of the policy loader: the keys of spec 8.1 (owner, review,
// signatures, priorities, accounts) and the rules they make (8.2).
#ifndef SSLA_POLICY_RULES_H_
#define SSLA_POLICY_RULES_H_

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "policy_yaml.h"
#include "ssla/policy/policy.h"

namespace ssla::policy_yaml {

/// `90%`, `95.5%` or `0.9`, kept as an exact fraction; none when malformed
/// or not in (0, 1].
std::optional<Goal> parse_goal_text(std::string_view text);

/// An `owner` value: a non-empty string, trimmed.
std::optional<std::string> parse_owner(const YAML::Node& node, const std::string& what,
                                       Problems& problems);

/// The top-level `review` map (`every`, `last`), with its next date.
std::optional<Review> parse_review(const YAML::Node& node, Problems& problems);

/// `company.signatures`: each expression checked with RE2, an error at its line.
std::vector<std::string> parse_signatures(const YAML::Node& node, Problems& problems);

/// A channel's (or entry's) `priorities` list; null or empty is an empty list.
std::vector<PriorityRule> parse_priorities(const YAML::Node& node, const std::string& what,
                                           Problems& problems);

/// Builds `channel.rules` from the channel's own keys and its `accounts`
/// node (may be undefined), merging each entry key by key with the keys
/// the channel writes (`channel_node` tells which), and gives every
/// priority rule its bit and name id in `policy`.
void build_rules(ChannelPolicy& channel, const YAML::Node& channel_node, Policy& policy,
                 Problems& problems);

}  // namespace ssla::policy_yaml

#endif  // SSLA_POLICY_RULES_H_
