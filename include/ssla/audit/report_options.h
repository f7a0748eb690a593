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
  std::string by = "channel";  ///< comma list of channel, account, day, week, month
  std::string from;            ///< date or RFC 3339 instant (dates in the report zone)
  std::string to;              ///< exclusive
  std::string month;           ///< YYYY-MM in the report zone
  std::string as_of;           ///< RFC 3339 instant
};

/// Resolves `args` in the policy's report zone. Throws Error(kExitUsage) for
/// an unknown --by key, an unreadable instant or month, --month with
/// --from/--to, or --from not before --to.
AuditOptions resolve_report_options(const Policy& policy, const ReportArgs& args);

}  // namespace ssla

#endif  // SSLA_REPORT_OPTIONS_H_
