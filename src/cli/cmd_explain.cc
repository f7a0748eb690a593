// `ssla explain --id ID`: the conversation and clock behind one message.
#include <CLI/CLI.hpp>

#include "cli.h"
#include "common_options.h"
#include "ssla/render/render.h"

namespace ssla::cli {

namespace {

struct ExplainOptions {
  AuditArgs audit;
  std::string id;
  std::string output;
};

void run_explain(const ExplainOptions& opt) {
  Policy policy;
  AuditArgs args = opt.audit;
  args.shows_replies = true;  // the timeline prints every message's text
  args.looks_up_messages = true;
  const Audit audit = load_and_audit(args, policy);
  Output out(opt.output);
  render_explain(audit, opt.id, report_width(out.is_terminal()), out);
  out.commit();
}

}  // namespace

void setup_explain(CLI::App& app) {
  auto opt = std::make_shared<ExplainOptions>();
  CLI::App* sub = app.add_subcommand(
      "explain", "The conversation around one message as a timeline, and each episode's "
                 "business-hours clock, step by step");
  sub->add_option("--id", opt->id, "The message id")->required()->option_text("ID");
  add_audit_options(*sub, opt->audit, false);
  add_output_option(*sub, opt->output);
  sub->callback([opt] { run_explain(*opt); });
}

}  // namespace ssla::cli
