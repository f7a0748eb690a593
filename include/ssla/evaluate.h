// Stage 5: evaluation (spec 3.5). Gives every episode its target, due,
// status, and business and calendar time.
#ifndef SSLA_EVALUATE_H_
#define SSLA_EVALUATE_H_

#include <vector>

#include "ssla/data_quality.h"
#include "ssla/episodes.h"
#include "ssla/instant.h"
#include "ssla/message.h"
#include "ssla/policy.h"

namespace ssla {

/// Evaluates `episodes` in place against the policy at `as_of` (UTC ms).
/// Each calendar is compiled once for the span the episodes need. Fills
/// quality.unconfigured_channels (sorted). Throws Error(kExitUsage) when a
/// calendar's time zone is unknown. With `threads` >= 2 the episodes are
/// split between two threads; each episode's result does not depend on the
/// others, so the output is the same.
void evaluate_episodes(const Policy& policy, const MessageTable& table, Instant as_of,
                       PodVector<Episode>& episodes, DataQuality& quality,
                       unsigned threads = 1);

}  // namespace ssla

#endif  // SSLA_EVALUATE_H_
