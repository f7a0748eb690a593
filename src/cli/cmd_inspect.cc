#include <CLI/CLI.hpp>

#include "cli.h"

namespace ssla::cli {
void setup_inspect(CLI::App& app) { (void)app; }
}  // namespace ssla::cli
