#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "ssla/audit/stats.h"

namespace {

// Spec 3.6 read literally: sort, then the value at rank ceil(n * p / 100).
ssla::Millis slow_rank(std::vector<ssla::Millis> sorted, int pct) {
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  std::size_t rank = (n * static_cast<std::size_t>(pct) + 99) / 100;
  if (rank == 0) rank = 1;
  return sorted[rank - 1];
}

// The figures spec 3.6 gives `values`, read literally.
void check_against_sorted(const ssla::Stats& s, const std::vector<ssla::Millis>& values) {
  REQUIRE(s.present);
  CHECK(s.p50 == slow_rank(values, 50));
  CHECK(s.p90 == slow_rank(values, 90));
  CHECK(s.p95 == slow_rank(values, 95));
  CHECK(s.max == *std::max_element(values.begin(), values.end()));
  long double sum = 0;
  for (const ssla::Millis v : values) sum += v;
  CHECK(s.mean == static_cast<double>(sum / values.size()));
}

}  // namespace

TEST_CASE("Percentiles of many values equal those of a sorted list", "[aggregate][property]") {
  std::mt19937_64 rng(20261205);
  // Sizes on both sides of the count where the buckets take over (65,536);
  // spreads that fit one value a bucket and ones that do not, ties, and a
  // far outlier that puts almost every value in bucket 0.
  for (const std::size_t n : {1u, 2u, 99u, 65535u, 65536u, 200000u}) {
    for (int shape = 0; shape < 6; ++shape) {
      std::vector<ssla::Millis> values(n);
      for (auto& v : values) {
        switch (shape) {
          case 0:
            v = static_cast<ssla::Millis>(rng() % 1000);
            break;
          case 1:
            v = static_cast<ssla::Millis>(rng() % 65536);
            break;
          case 2:
            v = static_cast<ssla::Millis>(rng() % 86'400'000);
            break;
          case 3:
            v = static_cast<ssla::Millis>(rng() % 3) * 3'600'000;
            break;
          case 4:
            v = 0;
            break;
          default:
            v = static_cast<ssla::Millis>(rng() % 5000);
            break;
        }
      }
      if (shape == 5) values[rng() % n] = 30LL * 365 * 86'400'000;
      ssla::PodVector<ssla::Millis> pod;
      for (const ssla::Millis v : values) pod.push_back(v);
      INFO("n " << n << " shape " << shape);
      check_against_sorted(ssla::stats_of(pod), values);
    }
  }
}

TEST_CASE("Percentiles of no values are absent", "[aggregate]") {
  ssla::PodVector<ssla::Millis> none;
  CHECK_FALSE(ssla::stats_of(none).present);
}

TEST_CASE("Percentiles of values in parts equal those of the values in one array",
          "[aggregate][property]") {
  std::mt19937_64 rng(20261206);
  // Both sides of the buckets' threshold; parts cut at random, empty ones among them.
  for (const std::size_t n : {1u, 500u, 65536u, 150000u}) {
    std::vector<ssla::Millis> values(n);
    for (auto& v : values) v = static_cast<ssla::Millis>(rng() % 86'400'000);
    std::vector<std::span<const ssla::Millis>> parts;
    std::size_t at = 0;
    while (at < n) {
      const std::size_t len = std::min<std::size_t>(n - at, rng() % (n / 3 + 2));
      parts.emplace_back(values.data() + at, len);
      at += len;
    }
    const std::vector<ssla::Millis> before = values;
    INFO("n " << n << " parts " << parts.size());
    check_against_sorted(ssla::stats_of_parts(parts), values);
    CHECK(values == before);  // read only: other threads may read the parts meanwhile
  }
  CHECK_FALSE(ssla::stats_of_parts({}).present);
}
