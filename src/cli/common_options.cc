#include "common_options.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "help.h"
#include "ssla/audit/refusals.h"
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

void add_input_options(CLI::App& sub, ReadOptions& options, bool files_required) {
  sub.add_option("FILE", options.files,
                 "Exports to read (CSV, JSON, NDJSON; .gz and gzip on standard input read "
                 "transparently; - = standard input)")
      ->required(files_required)
      ->option_text("FILE...");
  const char* kGroup = "Input";
  set_choices(sub.add_option("--preset", options.preset,
                             "Column names of a known export: generic (the default) or twcs "
                             "(Kaggle Customer Support on Twitter)")
                  ->check(CLI::IsMember({"generic", "twcs"}))
                  ->option_text("NAME")
                  ->group(kGroup),
              {"generic", "twcs"});
  sub.add_option("--map", options.map,
                 "Read canonical FIELD from COLUMN, e.g. --map id=tweet_id; repeatable. "
                 "FILE:FIELD=COLUMN applies to that input file only")
      ->option_text("FIELD=COLUMN")
      ->allow_extra_args(false)  // one value per --map, so FILE... is not swallowed
      ->group(kGroup);
  sub.add_option("--channel", options.channel, "Channel for rows that have none")
      ->option_text("NAME")
      ->group(kGroup);
  sub.add_option("--input-tz", options.input_tz,
                 "IANA time zone of timestamps without an offset (default UTC)")
      ->option_text("ZONE")
      ->group(kGroup);
  // Words, since `;` and `|` need quoting in a shell; the characters are
  // accepted too.
  set_choices(sub.add_option("--delimiter", options.delimiter,
                             "CSV delimiter: comma (the default), semicolon, tab or pipe")
                  ->transform(
                      [](std::string value) {
                        for (const auto& [word, symbol] :
                             {std::pair{"comma", ","}, std::pair{"semicolon", ";"},
                              std::pair{"tab", "tab"}, std::pair{"pipe", "|"}, std::pair{",", ","},
                              std::pair{";", ";"}, std::pair{"|", "|"}, std::pair{"\t", "tab"}}) {
                          if (value == word) return std::string(symbol);
                        }
                        throw CLI::ValidationError(
                            "--delimiter", "'" + value + "' is not comma, semicolon, tab or pipe");
                      },
                      "", "delimiter")
                  ->option_text("WORD")
                  ->group(kGroup),
              {"comma", "semicolon", "tab", "pipe"});
  sub.add_option("--timestamp-format", options.timestamp_format,
                 "strftime-style format of created_at (%Y %m %d %H %M %S %z %a %b)")
      ->option_text("FORMAT")
      ->group(kGroup);
  set_choices(sub.add_option("--input-format", options.input_format,
                             "Format when the extension does not tell (and for standard input): "
                             "csv, json or ndjson")
                  ->check(CLI::IsMember({"csv", "json", "ndjson"}))
                  ->option_text("FORMAT")
                  ->group(kGroup),
              {"csv", "json", "ndjson"});
  sub.add_flag("--strict", options.strict, "Stop with status 3 at the first bad row")
      ->group(kGroup);
  options.threads = 2;
  set_choices(sub.add_option("--threads", options.threads,
                             "Cores to use: 1, or 2 (the default) to parse CSV on a second core "
                             "while the first builds the tables; the output is the same")
                  ->check(CLI::Range(1, 2))
                  ->option_text("N")
                  ->group(kGroup),
              {"1", "2"});
}

void add_output_option(CLI::App& sub, std::string& path) {
  sub.add_option("-o,--output", path,
                 "Write to FILE atomically (temporary file, then rename) instead of stdout")
      ->option_text("FILE");
}

void add_audit_options(CLI::App& sub, AuditArgs& args, bool window) {
  add_policy_option(sub, args.policy_path, true);
  add_input_options(sub, args.read);
  add_report_options(sub, args.report, window);
}

void add_report_options(CLI::App& sub, ReportArgs& report, bool window) {
  const char* kGroup = "Report";
  if (window) {
    set_choices(sub.add_option("--by", report.by,
                               "Group by a comma list of channel, account, day, week, month, "
                               "kind, priority, responder (default: channel)")
                    ->option_text("KEYS")
                    ->group(kGroup),
                {"channel", "account", "day", "week", "month", "kind", "priority", "responder"});
    sub.add_option("--from", report.from,
                   "Episodes starting at or after this date or RFC 3339 instant (report zone)")
        ->option_text("WHEN")
        ->group(kGroup);
    sub.add_option("--to", report.to, "Episodes starting before this date or instant")
        ->option_text("WHEN")
        ->group(kGroup);
    sub.add_option("--month", report.month, "Episodes starting in this month")
        ->option_text("YYYY-MM")
        ->group(kGroup);
  }
  sub.add_option("--as-of", report.as_of,
                 "Evaluate as of this instant, or `now` (default: the latest message read); "
                 "later messages are left out")
      ->option_text("WHEN")
      ->group(kGroup);
}

Audit load_and_audit(const AuditArgs& args, Policy& policy) {
  LoadedInput input = load_input(args, policy);
  // 5. Conversations, episodes, evaluation, groups.
  Audit audit = run_audit(policy, std::move(input.read), input.options);
  std::cerr << empty_window_note(audit);
  return audit;
}

LoadedInput load_input(const AuditArgs& args, Policy& policy) {
  // 1. The policy: validated before any input is read (exit 2 on errors).
  policy = load_policy(args.policy_path);
  // 2. The report flags, resolved in the policy's report zone.
  AuditOptions options = resolve_report_options(policy, args.report);
  // The review's date is today's (or SSLA_TODAY's), read only when the
  // policy has a review (spec 8.8); it does not depend on --as-of.
  if (policy.review) options.today = today_for_review(policy, std::getenv("SSLA_TODAY"));
  options.lists_episodes = args.lists_episodes;
  options.breaches_only = args.breaches_only;
  options.figures = args.figures;
  options.report_order = args.report_order;
  options.looks_up_messages = args.looks_up_messages;
  options.threads = args.read.threads;
  // 3. Read every export into the message table.
  ReadOptions read = args.read;
  read.diagnostics = &std::cerr;
  read.keep_text = args.lists_episodes;
  read.keep_reply_text = args.shows_replies;
  read.match_signatures =
      args.shows_responders ||
      std::find(options.by.begin(), options.by.end(), GroupBy::kResponder) != options.by.end();
  ReadResult messages = read_messages(policy, read);
  // 4. Refuse to mislead (spec 8.7): no report of nothing, and a word when
  //    no message is the company's, before the ids it needs are freed.
  require_usable_rows(messages);
  if (!has_outbound(messages.table)) {
    std::cerr << no_company_message_warning(likely_company_authors(messages.table),
                                            args.policy_path);
    if (args.no_company_message_is_fatal) {
      throw input_error(
          "no company message, so every episode would read as unanswered: "
          "no verdict");
    }
  }
  return LoadedInput{options, std::move(messages)};
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

std::size_t report_width(bool is_terminal) {
  // COLUMNS, as ls reads it, so that a pipe or a test can ask for a width.
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && columns[0] != '\0') {
    char* end = nullptr;
    const long n = std::strtol(columns, &end, 10);
    if (*end == '\0' && n > 0) return std::max<std::size_t>(60, static_cast<std::size_t>(n));
  }
  winsize size{};
  if (is_terminal && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return std::max<std::size_t>(60, size.ws_col);
  }
  return 100;
}

}  // namespace ssla::cli
