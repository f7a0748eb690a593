// `ssla episodes`: one record per episode for pipelines.
#include <CLI/CLI.hpp>

#include "cli.h"
#include "help.h"
#include "common_options.h"
#include "ssla/render/render.h"

namespace ssla::cli {

namespace {

struct EpisodesOptions {
  AuditArgs audit;
  std::string format = "ndjson";
  std::string output;
};

void run_episodes(const EpisodesOptions& opt) {
  Policy policy;
  const Audit audit = load_and_audit(opt.audit, policy);
  Output out(opt.output);
  render_episodes(audit, opt.format == "csv", out);
  out.commit();
}

}  // namespace

void setup_episodes(CLI::App& app) {
  auto opt = std::make_shared<EpisodesOptions>();
  CLI::App* sub = app.add_subcommand(
      "episodes", "Every episode in the window, one record each (NDJSON or CSV), for pipelines");
  add_audit_options(*sub, opt->audit);
  set_choices(sub->add_option("--format", opt->format, "ndjson or csv (default: ndjson)")
                  ->check(CLI::IsMember({"ndjson", "csv"}))
                  ->option_text("FORMAT"),
              {"ndjson", "csv"});
  add_output_option(*sub, opt->output);
  sub->callback([opt] { run_episodes(*opt); });
}

}  // namespace ssla::cli
