// Flags shared by several subcommands, each defined once here.
#ifndef SSLA_CLI_COMMON_OPTIONS_H_
#define SSLA_CLI_COMMON_OPTIONS_H_

#include <string>

#include "ssla/read.h"

namespace CLI {
class App;
}

namespace ssla::cli {

/// Adds `-p, --policy POLICY` (required or not) bound to `path`.
void add_policy_option(CLI::App& sub, std::string& path, bool required);

/// Adds the input files (positional FILE..., `-` for stdin) and every input
/// flag of spec 4: --preset, --map, --channel, --input-tz, --delimiter,
/// --timestamp-format, --input-format, --strict. Binds into `options`
/// (diagnostics is left for the run function to set).
void add_input_options(CLI::App& sub, ReadOptions& options);

/// Adds `-o, --output FILE` (atomic; `-` or absent = stdout).
void add_output_option(CLI::App& sub, std::string& path);

}  // namespace ssla::cli

#endif  // SSLA_CLI_COMMON_OPTIONS_H_
