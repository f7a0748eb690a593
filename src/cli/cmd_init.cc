// `ssla init [FILE]`: writes a commented starter policy.
#include <CLI/CLI.hpp>

#include <filesystem>

#include "cli.h"
#include "ssla/base/error.h"
#include "ssla/base/output.h"
#include "ssla/render/policy_describe.h"

namespace ssla::cli {

namespace {

struct InitOptions {
  std::string file = "policy.yaml";
  bool force = false;
};

void run_init(const InitOptions& opt) {
  if (opt.file != "-" && !opt.force && std::filesystem::exists(opt.file)) {
    throw usage_error(opt.file + " exists; use --force to overwrite it");
  }
  Output out(opt.file);
  out.write(starter_policy_text());
  out.commit();
  if (opt.file != "-") {
    std::fprintf(stderr, "wrote %s; check it with `ssla validate %s`\n", opt.file.c_str(),
                 opt.file.c_str());
  }
}

}  // namespace

void setup_init(CLI::App& app) {
  auto opt = std::make_shared<InitOptions>();
  CLI::App* sub = app.add_subcommand("init", "Write a commented starter policy");
  sub->add_option("FILE", opt->file,
                  "Where to write it (default: policy.yaml; - for standard output)")
      ->option_text("FILE");
  sub->add_flag("--force", opt->force, "Overwrite an existing file");
  sub->callback([opt] { run_init(*opt); });
}

}  // namespace ssla::cli
