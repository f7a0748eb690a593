// Nearest-rank response-time statistics (spec 3.6, 7), for the groups of
// the report and the figures of its charts.
#ifndef SSLA_STATS_H_
#define SSLA_STATS_H_

#include <span>
#include <vector>

#include "ssla/base/instant.h"
#include "ssla/base/pod_vector.h"

namespace ssla {

/// Response-time statistics over answered episodes, in ms (spec 3.6, 7).
struct Stats {
  bool present = false;  ///< false when the group has no answered episode (all null)
  Millis p50 = 0, p90 = 0, p95 = 0, max = 0;
  double mean = 0;       ///< ms, not rounded
};

/// Nearest-rank percentile (rank = ceil(n * pct / 100), 1-based) of sorted values.
Millis nearest_rank(const std::vector<Millis>& sorted, int pct);

/// Nearest-rank p50, p90, p95, max and the mean of `values` (ms, any
/// order). Not present when `values` is empty.
Stats stats_of(const PodVector<Millis>& values);

/// Values held in several arrays, taken as one (views; the caller owns them).
using ValueParts = std::span<const std::span<const Millis>>;

/// stats_of() of the values of all `parts` together, in any order. Only
/// reads them: other threads may read the same parts meanwhile.
Stats stats_of_parts(ValueParts parts);

}  // namespace ssla

#endif  // SSLA_STATS_H_
