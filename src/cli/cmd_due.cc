// `ssla due`: when a response to a message at START is due on a calendar.
#include <CLI/CLI.hpp>

#include "cli.h"
#include "ssla/base/cli_instant.h"
#include "common_options.h"
#include "ssla/policy/calendar.h"
#include "ssla/base/error.h"
#include "ssla/base/output.h"
#include "ssla/policy/policy_load.h"

namespace ssla::cli {

namespace {

struct DueOptions {
  std::string policy;
  std::string calendar;
  std::string start;
  std::string duration;
};

void run_due(const DueOptions& opt) {
  const Policy policy = load_policy(opt.policy);
  const CalendarSpec& spec = calendar_or_throw(policy, opt.calendar);
  const Zone zone = Zone::find(policy.timezone);
  const Instant start = require_cli_instant("START", opt.start, zone);
  const std::optional<Millis> target = parse_duration(opt.duration);
  if (!target) {
    throw usage_error("DURATION: cannot read '" + opt.duration +
                      "' (expected e.g. 90s, 15m, 4h, 1h30m, 1d or seconds; > 0)");
  }
  const BusinessCalendar calendar(spec, start, start);
  const std::optional<Instant> due = calendar.due(start, *target);
  Output out("");
  out.write(due ? format_utc(*due) : "none");
  out.write("\n");
  out.commit();
}

}  // namespace

void setup_due(CLI::App& app) {
  auto opt = std::make_shared<DueOptions>();
  CLI::App* sub = app.add_subcommand(
      "due", "The last instant a response to a message at START still meets a target of "
             "DURATION business time (RFC 3339 UTC; `none` when the calendar never opens again)");
  add_policy_option(*sub, opt->policy, true);
  sub->add_option("--calendar", opt->calendar, "A calendar of the policy, or 24x7")
      ->required()
      ->option_text("NAME");
  sub->add_option("START", opt->start, "RFC 3339 instant or date (without offset: report zone)")
      ->required();
  sub->add_option("DURATION", opt->duration, "Target: 90s, 15m, 4h, 1h30m, 1d or seconds")
      ->required();
  sub->callback([opt] { run_due(*opt); });
}

}  // namespace ssla::cli
