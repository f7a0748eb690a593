// `ssla pending`: the live queue, for a cron job every few minutes.
#include <CLI/CLI.hpp>

#include "cli.h"
#include "common_options.h"
#include "help.h"
#include "ssla/base/error.h"
#include "ssla/render/render.h"

namespace ssla::cli {

namespace {

struct PendingOptions {
  AuditArgs audit;
  std::string format = "table";
  std::string within;  ///< a policy duration; empty = every pending episode
  std::string output;
};

void run_pending(const PendingOptions& opt) {
  std::optional<Millis> within;
  if (!opt.within.empty()) {
    within = parse_duration(opt.within);
    if (!within) {
      throw usage_error("--within: bad duration '" + opt.within +
                        "' (expected e.g. 90s, 15m, 4h, 1h30m, 1d or seconds; > 0)");
    }
  }
  PendingFormat format = PendingFormat::kTable;
  if (opt.format == "ndjson") format = PendingFormat::kNdjson;
  if (opt.format == "csv") format = PendingFormat::kCsv;
  AuditArgs args = opt.audit;
  args.lists_episodes = true;
  args.shows_responders = false;  // an answered episode is not pending
  Policy policy;
  const Audit audit = load_and_audit(args, policy);
  const std::vector<PendingEntry> queue = pending_queue(audit, within);
  Output out(opt.output);
  render_pending(audit, queue, format, report_width(out.is_terminal()), out);
  out.commit();
  // Status 1 when something is listed, so that a cron job can alert.
  exit_status() = queue.empty() ? kExitOk : kExitCheckFailed;
}

}  // namespace

void setup_pending(CLI::App& app) {
  auto opt = std::make_shared<PendingOptions>();
  CLI::App* sub = app.add_subcommand(
      "pending",
      "The live queue: unanswered episodes still within target, most urgent first, "
      "with the business time left; exit status 1 when any is listed");
  add_audit_options(*sub, opt->audit);
  sub->add_option("--within", opt->within,
                  "List only episodes with at most this business time left (at risk), "
                  "e.g. 15m")
      ->option_text("DURATION");
  set_choices(sub->add_option("--format", opt->format, "table, ndjson or csv (default: table)")
                  ->check(CLI::IsMember({"table", "ndjson", "csv"}))
                  ->option_text("FORMAT"),
              {"table", "ndjson", "csv"});
  add_output_option(*sub, opt->output);
  sub->callback([opt] { run_pending(*opt); });
}

}  // namespace ssla::cli
