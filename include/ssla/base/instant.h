// Instants and durations: UTC integers in milliseconds. Local time never
// appears outside zone.h and the calendar code.
#ifndef SSLA_INSTANT_H_
#define SSLA_INSTANT_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace ssla {

/// Milliseconds since 1970-01-01T00:00:00Z (UTC, leap seconds ignored).
using Instant = std::int64_t;
/// A length of time in milliseconds.
using Millis = std::int64_t;

inline constexpr Millis kMillisPerSecond = 1000;
inline constexpr Millis kMillisPerMinute = 60 * kMillisPerSecond;
inline constexpr Millis kMillisPerHour = 60 * kMillisPerMinute;
inline constexpr Millis kMillisPerDay = 24 * kMillisPerHour;

/// Sentinel for "no instant" in compact storage (optional<Instant> elsewhere).
inline constexpr Instant kNoInstant = std::numeric_limits<Instant>::min();

/// The first and last instants ssla reads or prints (spec 8.8): years
/// 0001-9999 in UTC, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, so
/// that every printed instant has the four-digit year RFC 3339 requires.
inline constexpr Instant kMinInstant = -62135596800000;
inline constexpr Instant kMaxInstant = 253402300799999;

/// True when t lies in [kMinInstant, kMaxInstant].
inline constexpr bool in_instant_range(Instant t) {
  return t >= kMinInstant && t <= kMaxInstant;
}

/// RFC 3339 in UTC with `Z`; milliseconds only when non-zero
/// (`2017-10-31T22:10:47Z`, `2017-10-31T22:10:47.250Z`).
std::string format_utc(Instant t);

/// A duration in seconds as JSON prints it: an integer when whole, else with
/// the millisecond fraction (`1800`, `0.25`).
std::string format_seconds(Millis d);

/// Bytes put_utc() and put_seconds() may write at most.
constexpr std::size_t kUtcRoom = 48;
constexpr std::size_t kSecondsRoom = 48;

/// format_utc() written at `p` (room for kUtcRoom bytes); returns the end.
/// The writers of episode records call it for every instant.
char* put_utc(Instant t, char* p);
/// format_utc() appended to `out` without allocating.
void append_utc(Instant t, std::string& out);

/// format_seconds() written at `p` (room for kSecondsRoom bytes); returns the end.
char* put_seconds(Millis d, char* p);
/// format_seconds() appended to `out` without allocating.
void append_seconds(Millis d, std::string& out);

/// `1h 05m 00s` (days are shown as hours; milliseconds as `.250s` when non-zero).
std::string format_human(Millis d);

/// Parses a policy duration (`90s`, `15m`, `1h30m`, `1d`, bare seconds);
/// units in the order d, h, m, s; result > 0. nullopt when malformed.
std::optional<Millis> parse_duration(std::string_view text);

/// Floor division that rounds towards negative infinity (for pre-1970 instants).
inline constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace ssla

#endif  // SSLA_INSTANT_H_
