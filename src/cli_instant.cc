#include "ssla/cli_instant.h"

#include "ssla/timestamp.h"

namespace ssla {

std::optional<Instant> parse_cli_instant(std::string_view text, const Zone& zone) {
  // The same forms as input timestamps: RFC 3339 with or without offset, a
  // bare date (its local midnight), Twitter's format, epoch seconds or ms.
  return TimestampParser(zone, "").parse(text);
}

}  // namespace ssla
