#include "ssla/cli_instant.h"

namespace ssla {

namespace {

// Reads exactly `n` digits at s[pos]; advances pos.
bool digits(std::string_view s, std::size_t& pos, std::size_t n, unsigned& out) {
  if (pos + n > s.size()) return false;
  unsigned v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  out = v;
  pos += n;
  return true;
}

}  // namespace

std::optional<Instant> parse_cli_instant(std::string_view s, const Zone& zone) {
  std::size_t pos = 0;
  unsigned year, month, day, hour = 0, minute = 0, second = 0, millis = 0;
  if (!digits(s, pos, 4, year) || pos >= s.size() || s[pos++] != '-' ||
      !digits(s, pos, 2, month) || pos >= s.size() || s[pos++] != '-' || !digits(s, pos, 2, day)) {
    return std::nullopt;
  }
  if (!is_valid_date(static_cast<int>(year), month, day)) return std::nullopt;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!digits(s, pos, 2, hour) || pos >= s.size() || s[pos++] != ':' ||
        !digits(s, pos, 2, minute)) {
      return std::nullopt;
    }
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!digits(s, pos, 2, second)) return std::nullopt;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        std::size_t n = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (n < 3) millis = millis * 10 + static_cast<unsigned>(s[pos] - '0');
          ++n;
          ++pos;
        }
        if (n == 0) return std::nullopt;
        for (std::size_t k = n; k < 3; ++k) millis *= 10;  // `.5` is 500 ms; finer digits truncated
      }
    }
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  }
  const std::int64_t local = local_ms_from_fields(static_cast<int>(year), month, day, hour,
                                                  minute, second, millis);
  if (pos == s.size()) return zone.from_local(local);
  // An explicit offset: Z, ±HH:MM, ±HHMM or ±HH.
  if (s[pos] == 'Z' || s[pos] == 'z') {
    return pos + 1 == s.size() ? std::optional<Instant>(local) : std::nullopt;
  }
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  const int sign = s[pos++] == '-' ? -1 : 1;
  unsigned oh = 0, om = 0;
  if (!digits(s, pos, 2, oh)) return std::nullopt;
  if (pos < s.size()) {
    if (s[pos] == ':') ++pos;
    if (!digits(s, pos, 2, om)) return std::nullopt;
  }
  if (pos != s.size() || oh > 23 || om > 59) return std::nullopt;
  return local - sign * (static_cast<std::int64_t>(oh) * kMillisPerHour + om * kMillisPerMinute);
}

}  // namespace ssla
