// Flags shared by several subcommands, each defined once here.
#ifndef SSLA_CLI_COMMON_OPTIONS_H_
#define SSLA_CLI_COMMON_OPTIONS_H_

#include <string>

#include "ssla/audit/audit.h"
#include "ssla/audit/report_options.h"
#include "ssla/policy/policy.h"
#include "ssla/read/read.h"

namespace CLI {
class App;
}

namespace ssla::cli {

/// Adds `-p, --policy POLICY` (required or not) bound to `path`.
void add_policy_option(CLI::App& sub, std::string& path, bool required);

/// Adds the input files (positional FILE..., `-` for stdin) and every input
/// flag of spec 4: --preset, --map, --channel, --input-tz, --delimiter,
/// --timestamp-format, --input-format, --strict. Binds into `options`
/// (diagnostics is left for the run function to set). FILE... is required
/// unless `files_required` is false.
void add_input_options(CLI::App& sub, ReadOptions& options, bool files_required = true);

/// Adds `-o, --output FILE` (atomic; `-` or absent = stdout).
void add_output_option(CLI::App& sub, std::string& path);

/// The flags every command that builds a report shares.
struct AuditArgs {
  std::string policy_path;
  ReadOptions read;
  ReportArgs report;
  /// The output lists episodes, with their texts (breach lists, episode
  /// records, explain). When false the pipeline keeps no texts and leaves
  /// the episodes unsorted: the group figures are the same.
  bool lists_episodes = true;
  /// Of the episodes, the output lists the window's breaches only
  /// (AuditOptions::breaches_only).
  bool breaches_only = false;
  /// Keep the company replies' texts as well (`explain`; see
  /// ReadOptions::keep_reply_text).
  bool shows_replies = false;
  /// The output names who answered: episode records (`episodes`, the JSON
  /// report's breaches). Without it and without `--by responder`, replies'
  /// signatures are not matched (ReadOptions::match_signatures).
  bool shows_responders = true;
  /// The command looks messages up by id after the audit (`explain`).
  bool looks_up_messages = false;
  /// Take the figures of the HTML and Markdown reports (needs lists_episodes).
  bool figures = false;
  /// The listing shows episodes in report order (AuditOptions::report_order).
  bool report_order = true;
  /// Input without any company message stops the run with status 3 after
  /// the warning (`check`, spec 8.7) instead of only warning.
  bool no_company_message_is_fatal = false;
};

/// Adds -p, the input flags, --as-of and, when `window` is true (every
/// command but explain, which shows one conversation), --by, --from, --to
/// and --month.
void add_audit_options(CLI::App& sub, AuditArgs& args, bool window = true);

/// Adds --as-of and, when `window` is true, --by/--from/--to/--month.
void add_report_options(CLI::App& sub, ReportArgs& report, bool window = true);

/// The policy's resolved report options and the messages read, before the
/// pipeline runs (for commands that run it their own way).
struct LoadedInput {
  AuditOptions options;
  ReadResult read;
};

/// What load_and_audit() does before running the pipeline.
LoadedInput load_input(const AuditArgs& args, Policy& policy);

/// Loads the policy into `policy` (which must outlive the result), reads the
/// inputs and runs the pipeline. Per-row problems go to stderr, and so do
/// the warnings of spec 8.7 (no company message, a window that holds none
/// of the input's episodes); input with no usable row throws
/// Error(kExitInput).
Audit load_and_audit(const AuditArgs& args, Policy& policy);

/// Prints `ssla: warning: policy review overdue since DATE` on stderr when
/// the audit's review is overdue (`report`, `check`: spec 8.4).
void warn_if_review_overdue(const Audit& audit);

/// The calendar `name` of the policy (or `24x7`); a usage error listing the
/// calendars that exist otherwise.
const CalendarSpec& calendar_or_throw(const Policy& policy, const std::string& name);

/// True when coloured output is wanted on a stream that is a terminal: TERM
/// is set and not `dumb`, and NO_COLOR is unset.
bool color_wanted(bool is_terminal);

/// The display columns a human report should fit in: COLUMNS when set to a
/// number, else the terminal's width when standard output is one, else 100;
/// at least 60.
std::size_t report_width(bool is_terminal);

}  // namespace ssla::cli

#endif  // SSLA_CLI_COMMON_OPTIONS_H_
