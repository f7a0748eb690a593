// Nearest-rank response-time statistics (spec 3.6, 7): p50, p90, p95, max
// and the mean, over one array of values or several taken as one.
#include "ssla/audit/stats.h"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <vector>

namespace ssla {

namespace {

// The 0-based index of the nearest-rank `pct` percentile of n sorted values.
std::size_t rank_index(std::size_t n, int pct) {
  const std::size_t rank = (n * static_cast<std::size_t>(pct) + 99) / 100;  // ceil in integers
  return rank < 1 ? 0 : rank - 1;
}

}  // namespace

Millis nearest_rank(const std::vector<Millis>& sorted, int pct) {
  return sorted[rank_index(sorted.size(), pct)];
}

namespace {

// From this many values on, the three ranks are found by their high bits
// first (stats_by_buckets()); below, selection alone is cheaper.
constexpr std::size_t kBucketsFrom = std::size_t{1} << 16;
// High bits of a value that name its bucket.
constexpr int kBucketBits = 16;

// The p50, p90, p95 and max of n >= 1 values by selection: each
// nth_element call works on what lies above the previous rank.
void stats_by_selection(Millis* v, std::size_t n, Stats& s) {
  const std::size_t k50 = rank_index(n, 50), k90 = rank_index(n, 90), k95 = rank_index(n, 95);
  // Each call may move the element the previous one placed, so read it first.
  std::nth_element(v, v + k50, v + n);
  s.p50 = v[k50];
  std::nth_element(v + k50, v + k90, v + n);
  s.p90 = v[k90];
  std::nth_element(v + k90, v + k95, v + n);
  s.p95 = v[k95];
  s.max = *std::max_element(v + k95, v + n);
}

// The same for many non-negative values at most `max`, in several parts: a
// count of the values by their top kBucketBits bits names the bucket of
// each rank and its rank within the bucket; the values of those (at most
// three) buckets are then selected alone. Two reads of the values and no
// reordering, where selection moves most of them three times. The values
// are only read.
void stats_by_buckets(ValueParts parts, std::size_t n, Millis max, Stats& s) {
  const int width = std::bit_width(static_cast<std::uint64_t>(max));
  const int shift = width > kBucketBits ? width - kBucketBits : 0;
  // The counts live as long as the thread: a report asks for two statistics
  // per group, and a new 256 KiB table each time is a fresh mapping whose
  // every page faults in.
  thread_local std::vector<std::uint32_t> count;
  count.assign(static_cast<std::size_t>(max >> shift) + 1, 0);
  for (std::span<const Millis> part : parts) {
    for (const Millis x : part) ++count[static_cast<std::size_t>(x >> shift)];
  }
  const std::size_t ranks[3] = {rank_index(n, 50), rank_index(n, 90), rank_index(n, 95)};
  std::size_t bucket[3];
  std::size_t within[3];
  std::size_t below = 0;  // values in the buckets before b
  std::size_t r = 0;
  for (std::size_t b = 0; b < count.size() && r < 3; ++b) {
    while (r < 3 && ranks[r] < below + count[b]) {
      bucket[r] = b;
      within[r] = ranks[r] - below;
      ++r;
    }
    below += count[b];
  }
  Millis* out[3] = {&s.p50, &s.p90, &s.p95};
  if (shift == 0) {  // a bucket holds one value
    for (int k = 0; k < 3; ++k) *out[k] = static_cast<Millis>(bucket[k]);
    s.max = max;
    return;
  }
  // The values of each distinct bucket, in the order of the ranks.
  std::vector<Millis> kept[3];
  for (int k = 0; k < 3; ++k) {
    if (k > 0 && bucket[k] == bucket[k - 1]) continue;
    kept[k].reserve(count[bucket[k]]);
  }
  for (std::span<const Millis> part : parts) {
    for (const Millis x : part) {
      const auto b = static_cast<std::size_t>(x >> shift);
      if (b == bucket[0]) {
        kept[0].push_back(x);
      } else if (b == bucket[1]) {
        kept[1].push_back(x);
      } else if (b == bucket[2]) {
        kept[2].push_back(x);
      }
    }
  }
  for (int k = 0; k < 3; ++k) {
    int from = k;  // the list that holds bucket[k]
    while (from > 0 && bucket[from - 1] == bucket[k]) --from;
    std::vector<Millis>& list = kept[from];
    std::nth_element(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(within[k]),
                     list.end());
    *out[k] = list[within[k]];
  }
  s.max = max;
}

}  // namespace

// The mean is a sum of integers whose total lies within 64 bits (ms of
// business or calendar time: non-negative and below 2^63): exact in a 64-bit
// integer whatever the order (wrapping on the way cancels out), and exact
// again as a long double (64-bit mantissa on x86-64; AArch64's is wider), so
// the figures are those of a sorted pass.
Stats stats_of_parts(ValueParts parts) {
  Stats s;
  std::size_t n = 0;
  for (std::span<const Millis> part : parts) n += part.size();
  if (n == 0) return s;
  s.present = true;
  std::uint64_t sum = 0;
  Millis low = std::numeric_limits<Millis>::max();
  Millis high = std::numeric_limits<Millis>::min();
  for (std::span<const Millis> part : parts) {
    for (const Millis x : part) {
      sum += static_cast<std::uint64_t>(x);
      low = std::min(low, x);
      high = std::max(high, x);
    }
  }
  s.mean = static_cast<double>(static_cast<long double>(static_cast<std::int64_t>(sum)) / n);
  // The buckets need values >= 0 (never otherwise for business or calendar times).
  if (n >= kBucketsFrom && low >= 0) {
    stats_by_buckets(parts, n, high, s);
  } else {
    // Few values (or negative ones): selection, on a copy, since the parts
    // are only read.
    thread_local std::vector<Millis> copy;
    copy.clear();
    for (std::span<const Millis> part : parts) copy.insert(copy.end(), part.begin(), part.end());
    stats_by_selection(copy.data(), n, s);
  }
  return s;
}

Stats stats_of(const PodVector<Millis>& values) {
  const std::span<const Millis> whole(values.data(), values.size());
  return stats_of_parts(ValueParts(&whole, 1));
}

}  // namespace ssla
