// `ssla check`: one verdict line per group; exit 1 when a group with a goal fails.
#include <CLI/CLI.hpp>

#include "cli.h"
#include "common_options.h"
#include "ssla/base/error.h"
#include "ssla/render/render.h"

namespace ssla::cli {

namespace {

struct CheckOptions {
  AuditArgs audit;
  std::string output;
};

void run_check(const CheckOptions& opt) {
  Policy policy;
  const Audit audit = load_and_audit(opt.audit, policy);
  warn_if_review_overdue(audit);
  Output out(opt.output);
  const bool pass = render_check(audit, out);
  out.commit();
  exit_status() = pass ? kExitOk : kExitCheckFailed;
}

}  // namespace

void setup_check(CLI::App& app) {
  auto opt = std::make_shared<CheckOptions>();
  CLI::App* sub = app.add_subcommand(
      "check", "Same numbers as report, one PASS/FAIL line per group; exit status 1 when a "
               "group with a goal fails (for cron jobs and CI)");
  opt->audit.no_company_message_is_fatal = true;
  // Verdicts need the groups' figures only: no episode is listed, so the
  // run keeps no texts and frees what the figures no longer need.
  opt->audit.lists_episodes = false;
  opt->audit.shows_responders = false;
  add_audit_options(*sub, opt->audit);
  add_output_option(*sub, opt->output);
  sub->callback([opt] { run_check(*opt); });
}

}  // namespace ssla::cli
