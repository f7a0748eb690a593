// `ssla compare -p A.yaml -p B.yaml`: the same exports under two policies.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "cli.h"
#include "common_options.h"
#include "help.h"
#include "ssla/audit/compare.h"
#include "ssla/base/error.h"
#include "ssla/render/render_suggest.h"

namespace ssla::cli {

namespace {

struct CompareOptions {
  std::vector<std::string> policies;  ///< exactly two: A then B
  ReadOptions read;
  ReportArgs report;
  std::string format = "table";
  std::string output;
};

void run_compare(const CompareOptions& opt) {
  // Each policy reads the files with its own input section and time zone,
  // as `report -p A` and `report -p B` would (spec 8.8).
  AuditArgs args;
  args.read = opt.read;
  args.report = opt.report;
  args.lists_episodes = false;
  args.shows_responders = false;
  Policy policy_a, policy_b;
  args.policy_path = opt.policies[0];
  Audit a = load_and_audit(args, policy_a);
  args.policy_path = opt.policies[1];
  Audit b = load_and_audit(args, policy_b);
  const Comparison c = compare_audits(std::move(a), std::move(b));
  Output out(opt.output);
  if (opt.format == "json") {
    render_compare_json(c, out);
  } else {
    render_compare_table(c, opt.format == "markdown", report_width(out.is_terminal()), out);
  }
  out.commit();
}

}  // namespace

void setup_compare(CLI::App& app) {
  auto opt = std::make_shared<CompareOptions>();
  CLI::App* sub =
      app.add_subcommand("compare",
                         "The same exports reported under two policies, group by group, with the "
                         "difference B - A (a what-if before changing hours or targets)");
  sub->add_option("-p,--policy", opt->policies, "Policy A, then policy B (give -p twice)")
      ->option_text("POLICY")
      ->required()
      ->allow_extra_args(false);  // one value per -p, so FILE... is not swallowed
  add_input_options(*sub, opt->read);
  add_report_options(*sub, opt->report);
  set_choices(sub->add_option("--format", opt->format, "table, markdown or json (default: table)")
                  ->check(CLI::IsMember({"table", "markdown", "json"}))
                  ->option_text("FORMAT"),
              {"table", "markdown", "json"});
  add_output_option(*sub, opt->output);
  sub->callback([opt] {
    if (opt->policies.size() != 2) {
      throw usage_error("compare: give exactly two policies, -p A.yaml -p B.yaml (got " +
                        std::to_string(opt->policies.size()) + ")");
    }
    for (const std::string& file : opt->read.files) {
      if (file == "-") {
        throw usage_error(
            "compare: each policy reads the files on its own, so standard input "
            "(-) cannot be one of them; save it to a file first");
      }
    }
    run_compare(*opt);
  });
}

}  // namespace ssla::cli
