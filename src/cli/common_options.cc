#include "common_options.h"

#include <CLI/CLI.hpp>

namespace ssla::cli {

void add_policy_option(CLI::App& sub, std::string& path, bool required) {
  CLI::Option* opt = sub.add_option("-p,--policy", path, "The SSLA policy (YAML)");
  opt->option_text("POLICY");
  if (required) opt->required();
}

void add_input_options(CLI::App& sub, ReadOptions& options) {
  sub.add_option("FILE", options.files,
                 "Exports to read (CSV, JSON, NDJSON; .gz read transparently; - = stdin)")
      ->required()
      ->option_text("FILE...");
  const char* kGroup = "Input";
  sub.add_option("--preset", options.preset, "Column preset: generic (default) or twcs")
      ->check(CLI::IsMember({"generic", "twcs"}))
      ->group(kGroup);
  sub.add_option_function<std::string>(
         "--map",
         [&options](const std::string& spec) {
           const auto eq = spec.find('=');
           if (eq == std::string::npos || eq == 0) {
             throw CLI::ValidationError("--map", "expected FIELD=COLUMN, got '" + spec + "'");
           }
           options.map.emplace_back(spec.substr(0, eq), spec.substr(eq + 1));
         },
         "Read canonical FIELD from COLUMN (repeatable), e.g. --map id=tweet_id")
      ->option_text("FIELD=COLUMN")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->group(kGroup);
  sub.add_option("--channel", options.channel, "Channel for rows that have none")->group(kGroup);
  sub.add_option("--input-tz", options.input_tz,
                 "IANA time zone of timestamps without an offset (default UTC)")
      ->group(kGroup);
  sub.add_option("--delimiter", options.delimiter, "CSV delimiter: , ; tab |")
      ->check(CLI::IsMember({",", ";", "tab", "|", "\t"}))
      ->group(kGroup);
  sub.add_option("--timestamp-format", options.timestamp_format,
                 "strftime-style format of created_at (%Y %m %d %H %M %S %z %a %b)")
      ->group(kGroup);
  sub.add_option("--input-format", options.input_format,
                 "Format when the extension does not tell (and for stdin): csv, json, ndjson")
      ->check(CLI::IsMember({"csv", "json", "ndjson"}))
      ->group(kGroup);
  sub.add_flag("--strict", options.strict, "Stop with status 3 at the first bad row")
      ->group(kGroup);
}

void add_output_option(CLI::App& sub, std::string& path) {
  sub.add_option("-o,--output", path,
                 "Write to FILE atomically (temporary file, then rename) instead of stdout")
      ->option_text("FILE");
}

}  // namespace ssla::cli
