// `ssla elapsed`: business time between two instants on one calendar.
#include <CLI/CLI.hpp>

#include "cli.h"
#include "common_options.h"
#include "ssla/policy/calendar.h"
#include "ssla/base/cli_instant.h"
#include "ssla/base/error.h"
#include "ssla/base/output.h"
#include "ssla/policy/policy_load.h"

namespace ssla::cli {

namespace {

struct ElapsedOptions {
  std::string policy;
  std::string calendar;
  std::string from;
  std::string to;
  bool seconds = false;
};

void run_elapsed(const ElapsedOptions& opt) {
  const Policy policy = load_policy(opt.policy);
  const CalendarSpec& spec = calendar_or_throw(policy, opt.calendar);
  const Zone zone = Zone::find(policy.timezone);
  const Instant from = require_cli_instant("FROM", opt.from, zone);
  const Instant to = require_cli_instant("TO", opt.to, zone);
  const BusinessCalendar calendar(spec, std::min(from, to), std::max(from, to));
  const Millis business = calendar.business(from, to);
  Output out("");
  out.write(opt.seconds ? format_seconds(business) : format_human(business));
  out.write("\n");
  out.commit();
}

}  // namespace

void setup_elapsed(CLI::App& app) {
  auto opt = std::make_shared<ElapsedOptions>();
  CLI::App* sub = app.add_subcommand(
      "elapsed", "Business time between two instants on a calendar (0 when TO is not after FROM)");
  add_policy_option(*sub, opt->policy, true);
  sub->add_option("--calendar", opt->calendar, "A calendar of the policy, or 24x7")
      ->required()
      ->option_text("NAME");
  sub->add_option("FROM", opt->from, "RFC 3339 instant or date (without offset: report zone)")
      ->required();
  sub->add_option("TO", opt->to, "RFC 3339 instant or date")->required();
  sub->add_flag("--seconds", opt->seconds, "Print a bare number of seconds");
  sub->callback([opt] { run_elapsed(*opt); });
}

}  // namespace ssla::cli
