// Turning the report flags (--by, --from, --to, --month, --as-of) into
// AuditOptions: parsing and validation, with usage errors (status 2).
#ifndef SSLA_REPORT_OPTIONS_H_
#define SSLA_REPORT_OPTIONS_H_

#include <string>

#include "ssla/audit/audit.h"
#include "ssla/policy/policy.h"

namespace ssla {

/// The report flags as typed; empty = not given.
struct ReportArgs {
  std::string by = "channel";  ///< comma list of channel, account, day, week, month, kind,
                               ///< priority, responder
  std::string from;            ///< date or RFC 3339 instant (dates in the report zone)
  std::string to;              ///< exclusive
  std::string month;           ///< YYYY-MM in the report zone
  std::string as_of;           ///< RFC 3339 instant, or `now`
};

/// The current instant (UTC ms), what `--as-of now` means.
Instant current_instant();

/// The current local date (days since 1970-01-01) in the policy's report
/// zone, for its review; `ssla_today` (the SSLA_TODAY variable, may be
/// null) replaces it. Throws Error(kExitUsage) when `ssla_today` is not a
/// valid YYYY-MM-DD date.
std::int64_t today_for_review(const Policy& policy, const char* ssla_today);

/// Resolves `args` in the policy's report zone (`--as-of now`: the current
/// instant). Throws Error(kExitUsage) for
/// an unknown --by key, an unreadable instant or month, --month with
/// --from/--to, or --from not before --to.
AuditOptions resolve_report_options(const Policy& policy, const ReportArgs& args);

}  // namespace ssla

#endif  // SSLA_REPORT_OPTIONS_H_
