#include "ssla/audit/pending.h"

#include <algorithm>

namespace ssla {

std::vector<PendingEntry> pending_queue(const Audit& audit, std::optional<Millis> within) {
  std::vector<PendingEntry> out;
  for (const Episode& e : audit.episodes.episodes) {
    if (e.status != Status::kPending || !audit.in_window(e)) continue;
    PendingEntry entry;
    entry.episode = &e;
    if (e.due != kNoInstant) entry.remaining = std::max<Millis>(0, e.target - e.business);
    if (within && (!entry.remaining || *entry.remaining > *within)) continue;
    out.push_back(entry);
  }
  // The episodes are in report order (start, then input order) already: a
  // stable sort by due keeps it among equal dues.
  std::stable_sort(out.begin(), out.end(), [](const PendingEntry& a, const PendingEntry& b) {
    const Instant da = a.episode->due, db = b.episode->due;
    if (da == kNoInstant || db == kNoInstant) return da != kNoInstant && db == kNoInstant;
    return da < db;
  });
  return out;
}

}  // namespace ssla
