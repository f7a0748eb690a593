// Reading `created_at` values (spec 1.1 and 7): RFC 3339 / ISO 8601 with or
// without offset, Twitter's format, Unix epoch seconds or milliseconds, or an
// explicit strftime-style format. The hot path allocates nothing.
#ifndef SSLA_TIMESTAMP_H_
#define SSLA_TIMESTAMP_H_

#include <optional>
#include <string>
#include <string_view>

#include "ssla/base/instant.h"
#include "ssla/base/zone.h"

namespace ssla {

/// Parses timestamps for one input: the zone applies to local times without
/// an offset (RFC 5545 rule); a non-empty `format` replaces detection.
class TimestampParser {
 public:
  TimestampParser(const Zone& zone, std::string format) : zone_(zone), format_(std::move(format)) {}

  /// The instant of `text` (already trimmed), or kNoInstant when unreadable
  /// or outside years 0001-9999 (spec 8.8).
  /// The row reader's form: GCC builds a returned optional in memory and
  /// reads its flag back as part of a wider word, which stalls every call.
  Instant read(std::string_view text) const {
    const Instant t = read_unbounded(text);
    return in_instant_range(t) ? t : kNoInstant;
  }
  /// read() without the range check (kNoInstant only when unreadable), so
  /// that a rejected row can say why: a readable instant out of range.
  Instant read_unbounded(std::string_view text) const;
  /// read() as an optional: nullopt when unreadable.
  std::optional<Instant> parse(std::string_view text) const {
    const Instant t = read(text);
    return t == kNoInstant ? std::nullopt : std::optional<Instant>(t);
  }

 private:
  std::optional<Instant> parse_detected(std::string_view text) const;
  std::optional<Instant> parse_iso(std::string_view text) const;
  std::optional<Instant> parse_twitter(std::string_view text) const;
  std::optional<Instant> parse_format(std::string_view text) const;

  Zone zone_;
  std::string format_;
};

/// Checks a timestamp_format for unsupported conversions; returns the problem or "".
std::string check_timestamp_format(std::string_view format);

}  // namespace ssla

#endif  // SSLA_TIMESTAMP_H_
