// What the HTML and Markdown reports say in words: the window, the inputs,
// the headline figures and their change, data quality, group labels. Both
// renderers use these so that the two reports say the same thing. Nothing
// here escapes: the callers escape for their format.
#ifndef SSLA_RENDER_REPORT_WORDS_H_
#define SSLA_RENDER_REPORT_WORDS_H_

#include <optional>
#include <string>
#include <vector>

#include "ssla/audit/audit.h"
#include "ssla/render/render.h"

namespace ssla::words {

/// The policy's name, or `SSLA report` when it has none.
std::string title(const Audit& audit);

/// The window in words: `October 2026` for a whole local month, `2026-10-05
/// to 2026-10-18` for whole local days (the last day included), `all
/// episodes (2017-10-01 to 2017-12-03)` without bounds.
std::string window(const Audit& audit);

/// `2026-10` … as `October 2026` style dates, for the previous period:
/// `the previous 31 days (2026-08-31 to 2026-09-30)`.
std::string previous_window(const Audit& audit);

/// One line per input file: `name (csv, 5,465 rows read, 0 rejected)`.
std::vector<std::string> inputs(const Audit& audit);

/// A count with thousands separators: `13,966`.
std::string count(std::uint64_t n);

/// `87.3%`, or `-` when absent.
std::string percent(std::optional<double> v);

/// The change of a share in percentage points: `+2.1 pts`, `-0.4 pts`,
/// `±0.0 pts`; empty when either side is absent.
std::string points_change(std::optional<double> now, std::optional<double> before);

/// The change of a count: `+12%` (relative), `no change`; empty when
/// `before` is 0.
std::string count_change(std::uint64_t now, std::uint64_t before);

/// A business duration as every human format prints it (render.h).
using ssla::business_duration;

/// A round business duration for axis labels: `15m`, `1h`, `1h 30m`, `32h`,
/// `45s` (parts that are zero left out).
std::string compact_duration(Millis d);

/// Instant t as local date and minute in the report zone, `2026-10-19 10:27`
/// (the zone and its offset are in the report's header).
std::string local_minute(const Audit& audit, Instant t);

/// The group's key values joined by ` · `, `(none)` for an empty value.
std::string group_label(const Group& g);

/// A key value as shown: `(none)` for an empty or null value.
std::string key_text(const std::string& k);

/// The owners of the groups, each once with the groups it answers for
/// (`Care team US (twitter)`), else the policy's top-level owner; empty
/// when the policy names none.
std::vector<std::string> owners(const Audit& audit);

/// The policy's review in words, `last reviewed 2026-09-15, next review
/// 2026-12-15 (overdue)`; empty when the policy has no review.
std::string review(const Audit& audit);

/// `pass`, `FAIL` or `-`.
std::string status(const Group& g);

/// The goals of the channels, `twitter 90%, facebook 85%`; empty when none.
std::string goals(const ReportFigures& f);

/// Data quality as sentences, only the counters that are not zero (and a
/// sentence that says so when all are).
std::vector<std::string> data_quality(const Audit& audit);

/// The command that lists every breach of this report, as far as the audit
/// knows it: `ssla report -p POLICY FILE… [--from … --to …] --breaches`.
std::string breaches_command(const Audit& audit);

}  // namespace ssla::words

#endif  // SSLA_RENDER_REPORT_WORDS_H_
