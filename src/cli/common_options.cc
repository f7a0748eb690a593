#include "common_options.h"

#include <cstdlib>
#include <cstring>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "ssla/base/cli_instant.h"
#include "ssla/base/error.h"
#include "ssla/base/zone.h"
#include "ssla/policy/policy_load.h"

namespace ssla::cli {

void add_policy_option(CLI::App& sub, std::string& path, bool required) {
  CLI::Option* opt = sub.add_option("-p,--policy", path, "The SSLA policy (YAML)");
  opt->option_text("POLICY");
  if (required) opt->required();
}

void add_input_options(CLI::App& sub, ReadOptions& options) {
  sub.add_option("FILE", options.files,
                 "Exports to read (CSV, JSON, NDJSON; .gz read transparently; - = stdin)")
      ->required()
      ->option_text("FILE...");
  const char* kGroup = "Input";
  sub.add_option("--preset", options.preset, "Column preset: generic (default) or twcs")
      ->check(CLI::IsMember({"generic", "twcs"}))
      ->group(kGroup);
  sub.add_option("--map", options.map,
                 "Read canonical FIELD from COLUMN (repeatable), e.g. --map id=tweet_id")
      ->option_text("FIELD=COLUMN")
      ->allow_extra_args(false)  // one value per --map, so FILE... is not swallowed
      ->group(kGroup);
  sub.add_option("--channel", options.channel, "Channel for rows that have none")->group(kGroup);
  sub.add_option("--input-tz", options.input_tz,
                 "IANA time zone of timestamps without an offset (default UTC)")
      ->group(kGroup);
  sub.add_option("--delimiter", options.delimiter, "CSV delimiter: , ; tab |")
      ->check(CLI::IsMember({",", ";", "tab", "|", "\t"}))
      ->group(kGroup);
  sub.add_option("--timestamp-format", options.timestamp_format,
                 "strftime-style format of created_at (%Y %m %d %H %M %S %z %a %b)")
      ->group(kGroup);
  sub.add_option("--input-format", options.input_format,
                 "Format when the extension does not tell (and for stdin): csv, json, ndjson")
      ->check(CLI::IsMember({"csv", "json", "ndjson"}))
      ->group(kGroup);
  sub.add_flag("--strict", options.strict, "Stop with status 3 at the first bad row")
      ->group(kGroup);
  options.threads = 2;
  sub.add_option("--threads", options.threads,
                 "Cores to use: 1, or 2 (default) to parse CSV on a second core while the "
                 "first builds the tables; the output is the same")
      ->check(CLI::Range(1, 2))
      ->group(kGroup);
}

void add_output_option(CLI::App& sub, std::string& path) {
  sub.add_option("-o,--output", path,
                 "Write to FILE atomically (temporary file, then rename) instead of stdout")
      ->option_text("FILE");
}

void add_audit_options(CLI::App& sub, AuditArgs& args) {
  add_policy_option(sub, args.policy_path, true);
  add_input_options(sub, args.read);
  const char* kGroup = "Report";
  sub.add_option("--by", args.report.by,
                 "Group by a comma list of channel, account, day, week, month, kind, priority, "
                 "responder")
      ->capture_default_str()
      ->group(kGroup);
  sub.add_option("--from", args.report.from,
                 "Episodes starting at or after this date or RFC 3339 instant (report zone)")
      ->group(kGroup);
  sub.add_option("--to", args.report.to, "Episodes starting before this date or instant")
      ->group(kGroup);
  sub.add_option("--month", args.report.month, "Episodes starting in this month (YYYY-MM)")
      ->group(kGroup);
  sub.add_option("--as-of", args.report.as_of,
                 "Evaluate as of this instant, or `now` (default: the latest message read); "
                 "later messages are left out")
      ->group(kGroup);
}

Audit load_and_audit(const AuditArgs& args, Policy& policy) {
  // 1. The policy: validated before any input is read (exit 2 on errors).
  policy = load_policy(args.policy_path);
  // 2. The report flags, resolved in the policy's report zone.
  AuditOptions options = resolve_report_options(policy, args.report);
  // The review's date is today's (or SSLA_TODAY's), read only when the
  // policy has a review (spec 8.8); it does not depend on --as-of.
  if (policy.review) options.today = today_for_review(policy, std::getenv("SSLA_TODAY"));
  options.lists_episodes = args.lists_episodes;
  options.figures = args.figures;
  options.threads = args.read.threads;
  // 3. Read every export into the message table.
  ReadOptions read = args.read;
  read.diagnostics = &std::cerr;
  read.keep_text = args.lists_episodes;
  ReadResult messages = read_messages(policy, read);
  // 4. Conversations, episodes, evaluation, groups.
  return run_audit(policy, std::move(messages), options);
}

void warn_if_review_overdue(const Audit& audit) {
  if (!audit.review || !audit.review->overdue) return;
  const LocalTime l = Zone().to_local(audit.review->next_day * kMillisPerDay);
  std::cerr << "ssla: warning: policy review overdue since "
            << fmt::format("{:04}-{:02}-{:02}", l.year, l.month, l.day) << "\n";
}

const CalendarSpec& calendar_or_throw(const Policy& policy, const std::string& name) {
  if (const CalendarSpec* spec = policy.find_calendar(name)) return *spec;
  std::string names(kAlwaysOpenCalendar);
  for (const CalendarSpec& c : policy.calendars) names += ", " + c.name;
  throw usage_error("--calendar: no calendar '" + name + "' in " + policy.path +
                    " (calendars: " + names + ")");
}

bool color_wanted(bool is_terminal) {
  if (!is_terminal) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  const char* term = std::getenv("TERM");
  return term != nullptr && std::strcmp(term, "dumb") != 0;
}

}  // namespace ssla::cli
