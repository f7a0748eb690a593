// Reading and validating the YAML policy (spec 2 and 7).
#ifndef SSLA_POLICY_LOAD_H_
#define SSLA_POLICY_LOAD_H_

#include <string>
#include <string_view>

#include "ssla/policy/policy.h"

namespace ssla {

/// Largest policy file read, in bytes; larger files are rejected before parsing
/// so that a huge or hostile file cannot exhaust memory.
inline constexpr std::size_t kMaxPolicyBytes = 1 << 20;

/// Reads and validates the policy at `path`. On any problem throws Error with
/// status kExitUsage whose what() holds every problem found, one per line,
/// each `FILE:LINE:COLUMN: message` (with "did you mean" hints).
Policy load_policy(const std::string& path);

/// The same for policy text already in memory; `path` names it in messages.
Policy load_policy_text(std::string_view text, const std::string& path);

/// The empty policy used when no `-p` is given (`inspect`): no accounts, no
/// channels, report zone UTC.
Policy empty_policy();

/// A goal written as in a policy (`90%`, `95.5%`, `0.9`; 0 < goal <= 1),
/// for `suggest --goal`; nullopt when the text is not one.
std::optional<Goal> goal_from_text(std::string_view text);

}  // namespace ssla

#endif  // SSLA_POLICY_LOAD_H_
