// Everything a person reads about the command line, generated from the one
// set of CLI11 definitions: `--help`, the short usage of `ssla` alone, "did
// you mean" suggestions, the man page and the bash, zsh and fish completion
// scripts. Nothing here is written twice, so they never disagree.
#ifndef SSLA_CLI_HELP_H_
#define SSLA_CLI_HELP_H_

#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace ssla::cli {

/// Help text is wrapped to this many display columns.
inline constexpr std::size_t kHelpWidth = 100;

/// Records the words an option accepts, for help ("one of ...") and
/// completion. `opt` must live as long as the App (it does: CLI11 owns it).
void set_choices(const CLI::Option* opt, std::vector<std::string> words);

/// The words recorded by set_choices(), or null.
const std::vector<std::string>* choices_of(const CLI::Option* opt);

/// Installs the help formatter on `app`; call before adding subcommands,
/// which copy their parent's formatter.
void use_help_formatter(CLI::App& app);

/// What `ssla` alone prints on standard error: the usage, the commands in a
/// line, and where to read more.
std::string short_usage(const CLI::App& app);

/// The candidate closest to `word` (edit distance at most a third of its
/// length, at least 2, or a candidate that starts with it); empty when none.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

/// The first argument after the subcommand that looks like an option
/// (`-x`, `--name`, `--name=value`) and that `sub` does not define, with a
/// suggestion: `unknown option '--breach' for report; did you mean
/// --breaches?`. Empty when every option is known. Stops at `--`.
std::string unknown_option_message(const CLI::App& sub, const std::vector<std::string>& args);

/// The man page (roff, section 1) of `app` and every subcommand.
std::string man_page(const CLI::App& app);

/// The completion script for `shell` (`bash`, `zsh` or `fish`); empty for
/// another shell.
std::string completion_script(const CLI::App& app, std::string_view shell);

}  // namespace ssla::cli

#endif  // SSLA_CLI_HELP_H_
