// ssla: audits social service level agreements. The entry point only sets up
// the subcommands, parses, and maps every failure to one exit status.
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "cli.h"
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

  CLI::App app{"ssla: audits social service level agreements: who was answered in time, "
               "and who was not.",
               "ssla"};
  app.set_version_flag("--version", std::string("ssla ") + SSLA_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 success; 1 `check` found a failing group; 2 usage or policy error; "
      "3 input error (unreadable file, or the first bad row with --strict).\n"
      "Run `ssla COMMAND --help` for the options of a command.");
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

  // An unknown command gets a message of its own (CLI11 would only say that
  // a subcommand is required).
  std::string names;
  bool known = false;
  for (const CLI::App* sub : app.get_subcommands({})) {
    names += (names.empty() ? "" : ", ") + sub->get_name();
    known = known || (argc > 1 && sub->get_name() == argv[1]);
  }
  if (argc > 1 && argv[1][0] != '-' && !known) {
    std::cerr << "ssla: error: unknown command '" << argv[1] << "' (commands: " << names << ")\n";
    return ssla::kExitUsage;
  }
  try {
    app.parse(argc, argv);
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
