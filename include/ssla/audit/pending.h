// The live queue (spec 8.5): the pending episodes of the window, most
// urgent first, with the business time each has left.
#ifndef SSLA_PENDING_H_
#define SSLA_PENDING_H_

#include <optional>
#include <vector>

#include "ssla/audit/audit.h"

namespace ssla {

/// One pending episode of the queue.
struct PendingEntry {
  const Episode* episode = nullptr;  ///< into Audit::episodes; not owned
  /// target - business_seconds, in ms (>= 0); none when the episode has no due.
  std::optional<Millis> remaining;
};

/// The pending episodes of `audit`'s window, sorted by due (none last),
/// then start, then the opening message's input order. With `within`, only
/// those whose remaining time is at most `within` ms (an episode without a
/// due is never listed then). The audit must list episodes
/// (AuditOptions::lists_episodes).
std::vector<PendingEntry> pending_queue(const Audit& audit, std::optional<Millis> within);

}  // namespace ssla

#endif  // SSLA_PENDING_H_
