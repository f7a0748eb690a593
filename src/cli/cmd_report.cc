// `ssla report`: the breach report.
#include <CLI/CLI.hpp>

#include "cli.h"
#include "common_options.h"
#include "help.h"
#include "ssla/render/render.h"

namespace ssla::cli {

namespace {

struct ReportOptions {
  AuditArgs audit;
  std::string format = "table";
  bool breaches = false;
  bool wide = false;
  std::string output;
};

void run_report(const ReportOptions& opt) {
  RenderOptions render;
  if (opt.format == "markdown") render.format = ReportFormat::kMarkdown;
  if (opt.format == "csv") render.format = ReportFormat::kCsv;
  if (opt.format == "json") render.format = ReportFormat::kJson;
  if (opt.format == "html") render.format = ReportFormat::kHtml;
  render.breaches = opt.breaches;
  render.wide = opt.wide;
  AuditArgs args = opt.audit;
  args.lists_episodes = report_lists_episodes(render);
  args.breaches_only = report_lists_breaches_only(render);
  args.shows_responders = report_shows_responders(render);
  args.figures = render.format == ReportFormat::kHtml || render.format == ReportFormat::kMarkdown;
  // Without --breaches they list only the most overdue, ordered their own way.
  args.report_order = !args.figures || render.breaches;
  Policy policy;
  const Audit audit = load_and_audit(args, policy);
  warn_if_review_overdue(audit);
  Output out(opt.output);
  render.color = render.format == ReportFormat::kTable && color_wanted(out.is_terminal());
  render.width = report_width(out.is_terminal());
  render_report(audit, render, out);
  out.commit();
}

}  // namespace

void setup_report(CLI::App& app) {
  auto opt = std::make_shared<ReportOptions>();
  CLI::App* sub = app.add_subcommand(
      "report",
      "The breach report: per group, episodes met and breached, attainment against the "
      "goal, and response times");
  add_audit_options(*sub, opt->audit);
  set_choices(sub->add_option("--format", opt->format,
                              "table, markdown, csv, json or html (default: table)")
                  ->check(CLI::IsMember({"table", "markdown", "csv", "json", "html"}))
                  ->option_text("FORMAT"),
              {"table", "markdown", "csv", "json", "html"});
  sub->add_flag("--breaches", opt->breaches,
                "List the breached episodes (always in json; html and markdown list the 50 most "
                "overdue without it)");
  sub->add_flag("--wide", opt->wide,
                "Table: every column (late and unanswered apart, p95, max, calendar time) and "
                "whole texts (their first 100 bytes), however wide");
  add_output_option(*sub, opt->output);
  sub->callback([opt] { run_report(*opt); });
}

}  // namespace ssla::cli
