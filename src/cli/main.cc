// ssla: audits social service level agreements. The entry point only sets up
// the subcommands, parses, and maps every failure to one exit status.
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli.h"
#include "help.h"
#include "ssla/base/error.h"
#include "ssla/base/output.h"

namespace ssla::cli {
int& exit_status() {
  static int status = kExitOk;
  return status;
}
}  // namespace ssla::cli

namespace {
// True when `s` starts with `PATH:LINE:COLUMN: `.
bool is_located(const std::string& s) {
  const auto first = s.find(':');
  if (first == std::string::npos || first == 0) return false;
  std::size_t i = first + 1;
  for (int part = 0; part < 2; ++part) {
    const std::size_t digits_start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == digits_start || i >= s.size() || s[i] != ':') return false;
    ++i;
  }
  return true;
}
}  // namespace

int main(int argc, char** argv) {
  // Broken pipes surface as EPIPE from write(), which Output turns into a
  // quiet exit 0 (`ssla episodes ... | head`), instead of death by signal.
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app{"audits social service level agreements: who was answered in time, and who "
               "was not.",
               "ssla"};
  ssla::cli::use_help_formatter(app);  // before the subcommands, which copy it
  app.set_version_flag("--version", std::string("ssla ") + SSLA_VERSION, "Print the version");
  app.set_help_flag("-h,--help", "Print this help");
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 success; 1 `check` found a failing group; 2 usage or policy error; "
      "3 input error (an unreadable file, a missing column, no usable row, or the first bad "
      "row with --strict; `check` also when no message is the company's).\n"
      "Run `ssla help COMMAND` for the options of a command.");
  ssla::cli::setup_report(app);
  ssla::cli::setup_check(app);
  ssla::cli::setup_episodes(app);
  ssla::cli::setup_explain(app);
  ssla::cli::setup_pending(app);
  ssla::cli::setup_inspect(app);
  ssla::cli::setup_validate(app);
  ssla::cli::setup_elapsed(app);
  ssla::cli::setup_due(app);
  ssla::cli::setup_publish(app);
  ssla::cli::setup_init(app);

  std::vector<std::string> args(argv + 1, argv + argc);
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  auto known = [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  // An unknown command, with the closest one.
  auto unknown_command = [&](const std::string& name) {
    std::string text = "ssla: error: unknown command '" + name + "'";
    const std::string near = ssla::cli::closest(name, names);
    if (!near.empty()) text += "; did you mean " + near + "?";
    std::cerr << text << "\n" << ssla::cli::short_usage(app);
    return ssla::kExitUsage;
  };

  // `ssla` alone: what to type next, as a usage error.
  if (args.empty()) {
    std::cerr << ssla::cli::short_usage(app);
    return ssla::kExitUsage;
  }
  // The generated documents: the build writes the man page and the
  // completion scripts with these, from the same definitions as --help.
  if (args[0] == "--help-man" && args.size() == 1) {
    std::cout << ssla::cli::man_page(app);
    return ssla::kExitOk;
  }
  if (args[0] == "--completion") {
    const std::string script =
        args.size() == 2 ? ssla::cli::completion_script(app, args[1]) : std::string();
    if (script.empty()) {
      std::cerr << "ssla: error: --completion takes one of bash, zsh, fish\n";
      return ssla::kExitUsage;
    }
    std::cout << script;
    return ssla::kExitOk;
  }
  // `ssla help [COMMAND]` is `ssla [COMMAND] --help`.
  if (args[0] == "help") {
    if (args.size() > 2) {
      std::cerr << "ssla: error: help takes at most one command\n";
      return ssla::kExitUsage;
    }
    if (args.size() == 2 && !known(args[1])) return unknown_command(args[1]);
    args.erase(args.begin());
    args.emplace_back("--help");
  }
  if (args[0][0] != '-' && !known(args[0])) return unknown_command(args[0]);
  // An option the command does not have, with the closest one it does.
  if (known(args[0])) {
    const CLI::App* sub = app.get_subcommand(args[0]);
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    const bool help = std::find(rest.begin(), rest.end(), "--help") != rest.end() ||
                      std::find(rest.begin(), rest.end(), "-h") != rest.end();
    const std::string problem = ssla::cli::unknown_option_message(*sub, rest);
    if (!problem.empty() && !help) {
      std::cerr << "ssla: error: " << problem << "\n";
      return ssla::kExitUsage;
    }
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line on stderr and status 2, whatever CLI11's own code would be.
    std::cerr << "ssla: error: " << e.what() << "\n";
    if (e.get_exit_code() != 0) return ssla::kExitUsage;
    return app.exit(e);
  } catch (const ssla::BrokenPipe&) {
    return ssla::kExitOk;
  } catch (const ssla::Error& e) {
    std::fflush(stdout);
    // Located messages (FILE:LINE:COLUMN: ..., one per problem) print as they are.
    const std::string what = e.what();
    std::cerr << (is_located(what) ? "" : "ssla: error: ") << what << "\n";
    return e.exit_status();
  } catch (const std::bad_alloc&) {
    std::cerr << "ssla: error: out of memory\n";
    return ssla::kExitInput;
  } catch (const std::exception& e) {
    std::cerr << "ssla: error: " << e.what() << "\n";
    return ssla::kExitInput;
  }
  return ssla::cli::exit_status();
}
