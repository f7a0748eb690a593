// Instants typed on the command line (--from, --to, --as-of, elapsed, due).
#ifndef SSLA_CLI_INSTANT_H_
#define SSLA_CLI_INSTANT_H_

#include <optional>
#include <string_view>

#include "ssla/base/instant.h"
#include "ssla/base/zone.h"

namespace ssla {

/// Parses an instant typed by a user: RFC 3339 with or without offset, or a
/// date (also the other input timestamp forms of spec 1.1). A date, or an
/// instant without offset, is local time in `zone` (RFC 5545 rule, spec 7).
/// nullopt when unreadable.
std::optional<Instant> parse_cli_instant(std::string_view text, const Zone& zone);

/// parse_cli_instant, or Error(kExitUsage) naming the flag or argument `what`.
Instant require_cli_instant(std::string_view what, std::string_view text, const Zone& zone);

}  // namespace ssla

#endif  // SSLA_CLI_INSTANT_H_
