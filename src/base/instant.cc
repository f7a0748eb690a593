#include "ssla/base/instant.h"

#include <fmt/format.h>

#include <cstring>

#include "ssla/base/zone.h"

namespace ssla {

std::string format_utc(Instant t) {
  const LocalTime l = Zone().to_local(t);
  if (l.millis != 0) {
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", l.year, l.month, l.day, l.hour,
                       l.minute, l.second, l.millis);
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

namespace {

// Writes `v` as `width` decimal digits ending just before `end`.
void put_digits(char* end, std::uint32_t v, int width) {
  for (int i = 0; i < width; ++i) {
    *--end = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}

}  // namespace

char* put_utc(Instant t, char* p) {
  // Years 0000 to 9999 by the days-to-civil arithmetic of the proleptic
  // Gregorian calendar (eras of 400 years); other years through format_utc().
  constexpr Instant kFirst = -62167219200000;  // 0000-01-01T00:00:00Z
  constexpr Instant kEnd = 253402300800000;    // 10000-01-01T00:00:00Z
  if (t < kFirst || t >= kEnd) {
    const std::string text = format_utc(t);
    std::memcpy(p, text.data(), text.size());
    return p + text.size();
  }
  const std::int64_t days = floor_div(t, kMillisPerDay);
  const auto in_day = static_cast<std::uint32_t>(t - days * kMillisPerDay);
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<std::uint32_t>(z - era * 146097);
  const std::uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::uint32_t mp = (5 * doy + 2) / 153;
  const std::uint32_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::uint32_t month = mp < 10 ? mp + 3 : mp - 9;
  const auto year = static_cast<std::uint32_t>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  const std::uint32_t millis = in_day % 1000;
  const std::uint32_t secs = in_day / 1000;
  std::memcpy(p, "0000-00-00T00:00:00.000Z", 24);
  put_digits(p + 4, year, 4);
  put_digits(p + 7, month, 2);
  put_digits(p + 10, day, 2);
  put_digits(p + 13, secs / 3600, 2);
  put_digits(p + 16, secs / 60 % 60, 2);
  put_digits(p + 19, secs % 60, 2);
  if (millis == 0) {
    p[19] = 'Z';
    return p + 20;
  }
  put_digits(p + 23, millis, 3);
  return p + 24;
}

void append_utc(Instant t, std::string& out) {
  char buf[kUtcRoom];
  out.append(buf, static_cast<std::size_t>(put_utc(t, buf) - buf));
}

char* put_seconds(Millis d, char* out) {
  constexpr Millis kLimit = 1'000'000'000'000'000;  // beyond, through format_seconds()
  if (d <= -kLimit || d >= kLimit) {
    const std::string text = format_seconds(d);
    std::memcpy(out, text.data(), text.size());
    return out + text.size();
  }
  char buf[32];
  char* end = buf + sizeof buf;
  char* p = end;
  const bool negative = d < 0;
  std::uint64_t v = static_cast<std::uint64_t>(negative ? -d : d);
  std::uint32_t fraction = static_cast<std::uint32_t>(v % 1000);
  v /= 1000;
  if (fraction != 0) {
    int width = 3;
    while (fraction % 10 == 0) {  // no trailing zeros: 0.25, not 0.250
      fraction /= 10;
      --width;
    }
    p -= width;
    put_digits(p + width, fraction, width);
    *--p = '.';
  }
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  if (negative) *--p = '-';
  const auto n = static_cast<std::size_t>(end - p);
  std::memcpy(out, p, n);
  return out + n;
}

void append_seconds(Millis d, std::string& out) {
  char buf[kSecondsRoom];
  out.append(buf, static_cast<std::size_t>(put_seconds(d, buf) - buf));
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
  } kUnits[] = {{'d', kMillisPerDay},
                {'h', kMillisPerHour},
                {'m', kMillisPerMinute},
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
