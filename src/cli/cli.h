// The command-line front end: one file per subcommand, each with an options
// struct, a setup_x() that binds flags into it, and a run_x() that calls the
// library. No CLI11 type goes below src/cli/.
#ifndef SSLA_CLI_CLI_H_
#define SSLA_CLI_CLI_H_

namespace CLI {
class App;
}

namespace ssla::cli {

/// The status main() exits with after a successful parse; run_x functions set
/// it (only `check` sets anything but 0). Fatal errors throw ssla::Error instead.
int& exit_status();

void setup_validate(CLI::App& app);
void setup_publish(CLI::App& app);
void setup_init(CLI::App& app);
void setup_elapsed(CLI::App& app);
void setup_due(CLI::App& app);
void setup_inspect(CLI::App& app);
void setup_report(CLI::App& app);
void setup_check(CLI::App& app);
void setup_episodes(CLI::App& app);
void setup_explain(CLI::App& app);
void setup_pending(CLI::App& app);

}  // namespace ssla::cli

#endif  // SSLA_CLI_CLI_H_
