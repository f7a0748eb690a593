// `ssla validate POLICY`: checks a policy and shows what it means.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>

#include "cli.h"
#include "common_options.h"
#include "ssla/audit/report_options.h"
#include "ssla/base/cli_instant.h"
#include "ssla/base/error.h"
#include "ssla/base/output.h"
#include "ssla/policy/policy_load.h"
#include "ssla/render/policy_describe.h"
#include "ssla/render/text_grid.h"

namespace ssla::cli {

namespace {

struct ValidateOptions {
  std::string policy;      ///< -p POLICY
  std::string positional;  ///< POLICY
  std::string from;
};

void run_validate(ValidateOptions opt) {
  if (opt.policy.empty()) opt.policy = opt.positional;
  if (opt.policy.empty()) throw usage_error("validate: which policy? (ssla validate POLICY)");
  const Policy policy = load_policy(opt.policy);
  const Zone zone = Zone::find(policy.timezone);
  Instant from = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  if (!opt.from.empty()) from = require_cli_instant("--from", opt.from, zone);
  const LocalTime l = zone.to_local(from);
  Output out("");
  out.write(opt.policy + ": ok\n\n");
  const std::int64_t from_day = days_from_civil(l.year, l.month, l.day);
  // The review is judged against today (SSLA_TODAY when set), like report's.
  std::optional<std::int64_t> today;
  if (policy.review) today = today_for_review(policy, std::getenv("SSLA_TODAY"));
  out.write(
      wrap_prose_lines(describe_policy(policy, from_day, today), report_width(out.is_terminal())));
  out.commit();
}

}  // namespace

void setup_validate(CLI::App& app) {
  auto opt = std::make_shared<ValidateOptions>();
  CLI::App* sub = app.add_subcommand(
      "validate", "Check a policy (every problem as FILE:LINE:COLUMN, exit 2); for a valid one, "
                  "show each calendar's week, its holidays for 12 months and each channel's targets");
  // The policy as -p, like every other command, or as the one positional.
  CLI::Option* named = sub->add_option("-p,--policy", opt->policy, "The SSLA policy (YAML)")
                           ->option_text("POLICY");
  sub->add_option("POLICY", opt->positional, "The policy, as a positional argument")
      ->option_text("POLICY")
      ->excludes(named);
  sub->add_option("--from", opt->from,
                  "First date of the 12 months of holidays shown (default: today)")
      ->option_text("DATE");
  sub->callback([opt] { run_validate(*opt); });
}

}  // namespace ssla::cli
