// `ssla inspect`: what is in an export, before any report.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli.h"
#include "help.h"
#include "common_options.h"
#include "ssla/render/inspect.h"
#include "ssla/policy/policy_load.h"

namespace ssla::cli {

namespace {

struct InspectOptions {
  std::string policy;
  ReadOptions read;
  std::string format = "text";
  std::string output;
};

void run_inspect(const InspectOptions& opt) {
  const Policy policy = opt.policy.empty() ? empty_policy() : load_policy(opt.policy);
  ReadOptions read = opt.read;
  read.diagnostics = &std::cerr;
  const Audit audit = run_audit(policy, read_messages(policy, read), AuditOptions{});
  Output out(opt.output);
  render_inspect(audit, opt.format == "json", out, report_width(out.is_terminal()));
  out.commit();
}

}  // namespace

void setup_inspect(CLI::App& app) {
  auto opt = std::make_shared<InspectOptions>();
  CLI::App* sub = app.add_subcommand(
      "inspect", "What is in an export: format and mapping, rows read/rejected/duplicated, time "
                 "range, counts by direction and channel, data-quality counters");
  add_policy_option(*sub, opt->policy, false);
  add_input_options(*sub, opt->read);
  set_choices(sub->add_option("--format", opt->format, "text or json (default: text)")
                  ->check(CLI::IsMember({"text", "json"}))
                  ->option_text("FORMAT"),
              {"text", "json"});
  add_output_option(*sub, opt->output);
  sub->callback([opt] { run_inspect(*opt); });
}

}  // namespace ssla::cli
