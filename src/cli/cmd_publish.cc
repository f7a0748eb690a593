// `ssla publish`: the short public SSLA statement per channel.
#include <CLI/CLI.hpp>

#include "cli.h"
#include "help.h"
#include "common_options.h"
#include "ssla/base/output.h"
#include "ssla/render/policy_describe.h"
#include "ssla/policy/policy_load.h"

namespace ssla::cli {

namespace {

struct PublishOptions {
  std::string policy;
  std::string format = "text";
  std::string output;
};

void run_publish(const PublishOptions& opt) {
  const Policy policy = load_policy(opt.policy);
  Output out(opt.output);
  out.write(publish_policy(policy, opt.format == "markdown" ? PublishFormat::kMarkdown
                                                           : PublishFormat::kText));
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
  add_output_option(*sub, opt->output);
  sub->callback([opt] { run_publish(*opt); });
}

}  // namespace ssla::cli
