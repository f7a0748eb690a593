#include <CLI/CLI.hpp>

#include "cli.h"

namespace ssla::cli {
void setup_check(CLI::App& app) { (void)app; }
}  // namespace ssla::cli
