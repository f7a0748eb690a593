// Micro-benchmark of the business-hours clock: due() + business() query pairs
// per second on one core, for a calendar with 3 intervals a day and 20
// holidays over a 2-year range (docs/calendar.md has the figures).
#include <chrono>
#include <cstdio>
#include <random>

#include "ssla/policy/calendar.h"
#include "ssla/base/zone.h"

int main(int argc, char** argv) {
  const long pairs = argc > 1 ? std::atol(argv[1]) : 5000000;
  ssla::CalendarSpec spec;
  spec.name = "bench";
  spec.timezone = "America/New_York";
  for (int d = 1; d <= 5; ++d) {
    spec.weekly[d] = {{8 * 3600, 12 * 3600}, {13 * 3600, 17 * 3600}, {18 * 3600, 21 * 3600}};
  }
  spec.weekly[6] = {{10 * 3600, 14 * 3600}};
  const std::int64_t first_day = ssla::days_from_civil(2025, 1, 1);
  for (int i = 0; i < 20; ++i) {
    ssla::Holiday h;
    h.kind = ssla::Holiday::Kind::kDate;
    h.from_day = h.to_day = first_day + 17 + i * 36;
    spec.holidays.push_back(h);
  }
  const ssla::Instant begin = first_day * ssla::kMillisPerDay;
  const ssla::Instant end = begin + 730 * ssla::kMillisPerDay;

  const auto t0 = std::chrono::steady_clock::now();
  const ssla::BusinessCalendar calendar(spec, begin, end);
  const auto t1 = std::chrono::steady_clock::now();

  std::mt19937_64 rng(1);
  std::uniform_int_distribution<ssla::Instant> when(begin, end - 10 * ssla::kMillisPerDay);
  std::uniform_int_distribution<ssla::Millis> target(ssla::kMillisPerMinute, 8 * ssla::kMillisPerHour);
  std::vector<std::pair<ssla::Instant, ssla::Millis>> queries(1 << 16);
  for (auto& q : queries) q = {when(rng), target(rng)};

  ssla::Millis checksum = 0;
  const auto t2 = std::chrono::steady_clock::now();
  for (long i = 0; i < pairs; ++i) {
    const auto& [start, d] = queries[static_cast<std::size_t>(i) & (queries.size() - 1)];
    const std::optional<ssla::Instant> due = calendar.due(start, d);
    checksum += calendar.business(start, due ? *due + 1000 : start + d);
  }
  const auto t3 = std::chrono::steady_clock::now();
  const double compile_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  const double seconds = std::chrono::duration<double>(t3 - t2).count();
  std::printf("compile (2 years + 30-year horizon): %.1f ms\n", compile_ms);
  std::printf("%ld due+business pairs in %.3f s: %.2f million pairs/s (checksum %lld)\n", pairs,
              seconds, pairs / seconds / 1e6, static_cast<long long>(checksum));
  return 0;
}
