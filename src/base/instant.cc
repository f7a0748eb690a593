#include "ssla/base/instant.h"

#include <fmt/format.h>

#include "ssla/base/zone.h"

namespace ssla {

std::string format_utc(Instant t) {
  const LocalTime l = Zone().to_local(t);
  if (l.millis != 0) {
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", l.year, l.month, l.day,
                       l.hour, l.minute, l.second, l.millis);
  }
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", l.year, l.month, l.day, l.hour,
                     l.minute, l.second);
}

std::string format_seconds(Millis d) {
  if (d % kMillisPerSecond == 0) return fmt::format("{}", d / kMillisPerSecond);
  std::string s = fmt::format("{:.3f}", static_cast<double>(d) / kMillisPerSecond);
  while (!s.empty() && s.back() == '0') s.pop_back();
  return s;
}

std::string format_human(Millis d) {
  std::string sign;
  if (d < 0) {
    sign = "-";
    d = -d;
  }
  const std::int64_t h = d / kMillisPerHour;
  const std::int64_t m = (d / kMillisPerMinute) % 60;
  const std::int64_t s = (d / kMillisPerSecond) % 60;
  const std::int64_t ms = d % kMillisPerSecond;
  if (ms != 0) return fmt::format("{}{}h {:02}m {:02}.{:03}s", sign, h, m, s, ms);
  return fmt::format("{}{}h {:02}m {:02}s", sign, h, m, s);
}

std::optional<Millis> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  // A bare integer is seconds.
  bool all_digits = true;
  for (char c : text) all_digits = all_digits && c >= '0' && c <= '9';
  if (all_digits) {
    if (text.size() > 12) return std::nullopt;
    Millis v = 0;
    for (char c : text) v = v * 10 + (c - '0');
    if (v <= 0) return std::nullopt;
    return v * kMillisPerSecond;
  }
  static constexpr struct {
    char unit;
    Millis scale;
  } kUnits[] = {{'d', kMillisPerDay}, {'h', kMillisPerHour}, {'m', kMillisPerMinute},
                {'s', kMillisPerSecond}};
  Millis total = 0;
  std::size_t next_unit = 0;  // units must appear in the order d, h, m, s
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t digits = 0;
    Millis v = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (++digits > 9) return std::nullopt;
      v = v * 10 + (text[i] - '0');
      ++i;
    }
    if (digits == 0 || i == text.size()) return std::nullopt;
    const char unit = text[i++];
    std::size_t u = next_unit;
    while (u < 4 && kUnits[u].unit != unit) ++u;
    if (u == 4) return std::nullopt;
    total += v * kUnits[u].scale;
    next_unit = u + 1;
  }
  if (total <= 0) return std::nullopt;
  return total;
}

}  // namespace ssla
