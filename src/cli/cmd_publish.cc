// `ssla publish`: the short public SSLA statement per channel.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli.h"
#include "help.h"
#include "common_options.h"
#include "ssla/audit/suggest.h"
#include "ssla/base/error.h"
#include "ssla/base/output.h"
#include "ssla/render/policy_describe.h"
#include "ssla/render/publish_draft.h"
#include "ssla/policy/policy_load.h"

namespace ssla::cli {

namespace {

struct PublishOptions {
  std::string policy;
  std::string format = "text";
  std::string output;
  bool from_data = false;  ///< --from-data: response times from the kept targets of FILE...
  std::string goal;        ///< with --from-data: as `suggest --goal`
  AuditArgs data;          ///< with --from-data: the exports and report flags
};

void run_publish(const PublishOptions& opt) {
  const PublishFormat format =
      opt.format == "markdown" ? PublishFormat::kMarkdown : PublishFormat::kText;
  if (!opt.from_data) {
    if (!opt.data.read.files.empty() || !opt.goal.empty()) {
      throw usage_error("publish: FILE... and --goal need --from-data");
    }
    const Policy policy = load_policy(opt.policy);
    Output out(opt.output);
    out.write(publish_policy(policy, format));
    out.commit();
    return;
  }
  if (opt.data.read.files.empty()) throw usage_error("publish --from-data: give the exports to read");
  std::optional<Goal> goal;
  if (!opt.goal.empty() && !(goal = goal_from_text(opt.goal))) {
    throw usage_error("--goal: bad goal '" + opt.goal + "' (expected e.g. 90% or 0.9; 0 < goal <= 1)");
  }
  if (opt.data.report.by != "channel") {
    throw usage_error("publish --from-data: statements are per channel; --by does not apply");
  }
  AuditArgs args = opt.data;
  args.policy_path = opt.policy;
  args.lists_episodes = false;
  args.shows_responders = false;
  args.report.by = "channel";
  Policy policy;
  LoadedInput input = load_input(args, policy);
  const Suggestion s = run_suggest(policy, std::move(input.read), input.options, goal);
  std::string notes;
  const auto words = draft_response_words(policy, s, notes);
  // The statement is a draft: say so where a person sees it, not in the text
  // they would paste. The policy file is never rewritten.
  std::cerr << "ssla: draft: response times are the kept targets of the data, rounded up; "
               "review before publishing ("
            << opt.policy << " is not changed)\n"
            << notes;
  Output out(opt.output);
  out.write(publish_policy(policy, format, &words));
  out.commit();
}

}  // namespace

void setup_publish(CLI::App& app) {
  auto opt = std::make_shared<PublishOptions>();
  CLI::App* sub = app.add_subcommand(
      "publish", "The short public statement per channel, for a profile bio or page description: "
                 "what the customer gets, when and how fast you answer, what you do not answer");
  add_policy_option(*sub, opt->policy, true);
  set_choices(sub->add_option("--format", opt->format, "text or markdown (default: text)")
                  ->check(CLI::IsMember({"text", "markdown"}))
                  ->option_text("FORMAT"),
              {"text", "markdown"});
  sub->add_flag("--from-data", opt->from_data,
                "Draft the response times from the exports FILE...: each channel's kept target "
                "(see `ssla suggest`), rounded up to 15m, 30m, 1h, 2h, 4h or business days");
  sub->add_option("--goal", opt->goal, "With --from-data: the goal of the kept targets "
                                       "(default: each channel's goal, else 90%)");
  add_input_options(*sub, opt->data.read, false);
  add_report_options(*sub, opt->data.report);
  add_output_option(*sub, opt->output);
  sub->callback([opt] { run_publish(*opt); });
}

}  // namespace ssla::cli
