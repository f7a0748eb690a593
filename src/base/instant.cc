#include "ssla/base/instant.h"

#include <fmt/format.h>

#include <cstring>
#include <limits>

#include "ssla/base/decimal.h"
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

// The date part of put_utc(), `YYYY-MM-DD`, of the last days written on
// this thread: the instants of a listing in report order fall on few days,
// and a day's text is then copied instead of worked out. Four slots by the
// day's last two bits, so that a start, its due date and its reply on
// neighbouring days do not push each other out.
struct DayText {
  std::int64_t day = std::numeric_limits<std::int64_t>::min();
  char text[10] = {};
};
thread_local DayText day_texts[4];

// Writes day `days` (since 1970-01-01, years 0000 to 9999) as `YYYY-MM-DD`
// at p, by the days-to-civil arithmetic of the proleptic Gregorian calendar
// (eras of 400 years).
void put_date(std::int64_t days, char* p) {
  DayText& cached = day_texts[days & 3];
  if (cached.day != days) {
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<std::uint32_t>(z - era * 146097);
    const std::uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::uint32_t mp = (5 * doy + 2) / 153;
    const std::uint32_t day = doy - (153 * mp + 2) / 5 + 1;
    const std::uint32_t month = mp < 10 ? mp + 3 : mp - 9;
    const auto year = static_cast<std::uint32_t>(yoe + era * 400 + (month <= 2 ? 1 : 0));
    char* t = cached.text;
    put_two_digits(year / 100, t);
    put_two_digits(year % 100, t + 2);
    t[4] = '-';
    put_two_digits(month, t + 5);
    t[7] = '-';
    put_two_digits(day, t + 8);
    cached.day = days;
  }
  std::memcpy(p, cached.text, 10);
}

}  // namespace

char* put_utc(Instant t, char* p) {
  // Years 0000 to 9999 here; other years through format_utc().
  constexpr Instant kFirst = -62167219200000;  // 0000-01-01T00:00:00Z
  constexpr Instant kEnd = 253402300800000;    // 10000-01-01T00:00:00Z
  if (t < kFirst || t >= kEnd) {
    const std::string text = format_utc(t);
    std::memcpy(p, text.data(), text.size());
    return p + text.size();
  }
  const std::int64_t days = floor_div(t, kMillisPerDay);
  const auto in_day = static_cast<std::uint32_t>(t - days * kMillisPerDay);
  put_date(days, p);
  const std::uint32_t millis = in_day % 1000;
  const std::uint32_t secs = in_day / 1000;
  p[10] = 'T';
  put_two_digits(secs / 3600, p + 11);
  p[13] = ':';
  put_two_digits(secs / 60 % 60, p + 14);
  p[16] = ':';
  put_two_digits(secs % 60, p + 17);
  if (millis == 0) {
    p[19] = 'Z';
    return p + 20;
  }
  p[19] = '.';
  p[20] = static_cast<char>('0' + millis / 100);
  put_two_digits(millis % 100, p + 21);
  p[23] = 'Z';
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
  char* p = out;
  if (d < 0) *p++ = '-';
  const auto magnitude = static_cast<std::uint64_t>(d < 0 ? -d : d);
  const std::uint64_t v = magnitude / 1000;
  const auto fraction = static_cast<std::uint32_t>(magnitude % 1000);
  char* end = put_decimal(v, p);
  if (fraction == 0) return end;
  // No trailing zeros: 0.25, not 0.250.
  *end++ = '.';
  *end++ = static_cast<char>('0' + fraction / 100);
  if (fraction % 100 == 0) return end;
  *end++ = static_cast<char>('0' + fraction / 10 % 10);
  if (fraction % 10 == 0) return end;
  *end++ = static_cast<char>('0' + fraction % 10);
  return end;
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
