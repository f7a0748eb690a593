// Private helpers of the policy loader: walking yaml-cpp nodes while
// collecting every problem as `FILE:LINE:COLUMN: message`.
#ifndef SSLA_POLICY_YAML_H_
#define SSLA_POLICY_YAML_H_

#include <yaml-cpp/yaml.h>

#include "ssla/base/ascii.h"
#include "ssla/base/instant.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ssla::policy_yaml {

/// Collects validation problems; never throws.
class Problems {
 public:
  explicit Problems(std::string path) : path_(std::move(path)) {}

  /// Records `message` at the node's position (1-based line and column).
  void add(const YAML::Node& at, const std::string& message);
  /// Records `message` at an explicit 0-based mark.
  void add(const YAML::Mark& mark, const std::string& message);
  /// Counts one visited node; false once the walk has visited too many (an
  /// alias bomb expands exponentially when walked).
  bool visit();

  bool empty() const { return lines_.empty(); }
  /// All problems, one per line.
  std::string text() const;

 private:
  std::string path_;
  std::vector<std::string> lines_;
  std::size_t visits_ = 0;
};

/// The text of a scalar node; records "expected TEXT" and returns nullopt otherwise.
std::optional<std::string> scalar(const YAML::Node& node, std::string_view what,
                                  Problems& problems);

/// The scalars of a sequence; absent or null is an empty list, and a single
/// scalar or a map is a problem.
std::vector<std::string> scalar_list(const YAML::Node& node, std::string_view what,
                                     Problems& problems);

/// Checks that `node` is a map whose keys are scalars, none twice (yaml-cpp
/// keeps duplicates silently) and all in `allowed` (when non-empty); records
/// problems with "did you mean" hints. Returns false when not a map.
bool check_map(const YAML::Node& node, std::string_view what,
               const std::vector<std::string_view>& allowed, Problems& problems);

/// " (did you mean 'x'?)" for the closest of `candidates` within a small edit
/// distance of `word`, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

/// ASCII lower case.
inline std::string lower(std::string_view s) { return lower_ascii(s); }

/// `s` without surrounding ASCII whitespace, as a string.
inline std::string trim(std::string_view s) { return std::string(trim_ascii(s)); }

/// An author or account key as authors compare (spec 1): trimmed, ASCII
/// lower-cased, without a leading `@`.
std::string author_key(std::string_view s);

/// The duration (spec 2) of a scalar node, in ms; records "bad duration"
/// (or "expected TEXT") under `what` and returns nullopt otherwise.
std::optional<Millis> duration_at(const YAML::Node& node, const std::string& what,
                                  Problems& problems);

}  // namespace ssla::policy_yaml

#endif  // SSLA_POLICY_YAML_H_
