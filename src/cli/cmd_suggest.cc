// `ssla suggest`: the promise the team's own history would have kept.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "cli.h"
#include "common_options.h"
#include "help.h"
#include "ssla/audit/refusals.h"
#include "ssla/audit/suggest.h"
#include "ssla/base/ascii.h"
#include "ssla/base/error.h"
#include "ssla/policy/policy_load.h"
#include "ssla/render/render_suggest.h"

namespace ssla::cli {

namespace {

struct SuggestOptions {
  AuditArgs audit;
  std::string goal;  ///< --goal as written; empty = each group's own
  std::string format = "table";
  std::string output;
};

void run_suggest_command(const SuggestOptions& opt) {
  std::optional<Goal> goal;
  if (!opt.goal.empty()) {
    goal = goal_from_text(opt.goal);
    if (!goal) {
      throw usage_error("--goal: bad goal '" + opt.goal +
                        "' (expected e.g. 90% or 0.9; 0 < goal <= 1)");
    }
  }
  // Before any input is read (spec 8.8: status 2).
  bool by_channel = false;
  for (std::size_t from = 0; from <= opt.audit.report.by.size();) {
    std::size_t to = opt.audit.report.by.find(',', from);
    if (to == std::string::npos) to = opt.audit.report.by.size();
    by_channel =
        by_channel ||
        trim_ascii(std::string_view(opt.audit.report.by).substr(from, to - from)) == "channel";
    from = to + 1;
  }
  if (!by_channel) {
    throw usage_error(
        "suggest: --by must include channel (a kept target needs the channel's "
        "targets and calendar), e.g. --by " +
        opt.audit.report.by + ",channel");
  }
  AuditArgs args = opt.audit;
  args.lists_episodes = false;
  args.shows_responders = false;
  Policy policy;
  LoadedInput input = load_input(args, policy);
  const Suggestion s = run_suggest(policy, std::move(input.read), input.options, goal);
  std::cerr << empty_window_note(s.audit);
  Output out(opt.output);
  if (opt.format == "json") {
    render_suggest_json(s, out);
  } else {
    render_suggest_table(s, report_width(out.is_terminal()), out);
  }
  out.commit();
}

}  // namespace

void setup_suggest(CLI::App& app) {
  auto opt = std::make_shared<SuggestOptions>();
  CLI::App* sub = app.add_subcommand(
      "suggest",
      "The promise you can keep: per group, the smallest whole-minute target the "
      "history would have met at the goal, the share of customers who wrote while "
      "closed, and the demand by hour");
  add_audit_options(*sub, opt->audit);
  sub->add_option("--goal", opt->goal,
                  "Goal for every group, e.g. 90% or 0.9 (default: each group's goal, else 90%)")
      ->group("Report");
  set_choices(sub->add_option("--format", opt->format, "table or json (default: table)")
                  ->check(CLI::IsMember({"table", "json"}))
                  ->option_text("FORMAT"),
              {"table", "json"});
  add_output_option(*sub, opt->output);
  sub->callback([opt] { run_suggest_command(*opt); });
}

}  // namespace ssla::cli
