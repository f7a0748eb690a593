#include "ssla/base/cli_instant.h"

#include "ssla/base/error.h"
#include "ssla/read/timestamp.h"

namespace ssla {

std::optional<Instant> parse_cli_instant(std::string_view text, const Zone& zone) {
  // The same forms as input timestamps: RFC 3339 with or without offset, a
  // bare date (its local midnight), Twitter's format, epoch seconds or ms.
  return TimestampParser(zone, "").parse(text);
}

Instant require_cli_instant(std::string_view what, std::string_view text, const Zone& zone) {
  const std::optional<Instant> t = parse_cli_instant(text, zone);
  if (!t && TimestampParser(zone, "").read_unbounded(text) != kNoInstant) {
    throw usage_error(std::string(what) + ": '" + std::string(text) +
                      "' lies outside years 0001-9999");
  }
  if (!t) {
    throw usage_error(std::string(what) + ": cannot read '" + std::string(text) +
                      "' as a date or RFC 3339 instant (e.g. 2026-11-02 or 2026-11-02T09:00:00Z)");
  }
  return *t;
}

}  // namespace ssla
