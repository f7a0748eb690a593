#include "policy_yaml.h"

#include <algorithm>
#include <set>

#include "ssla/base/edit_distance.h"

namespace ssla::policy_yaml {

namespace {
// A policy has at most a few thousand nodes; an alias bomb has billions.
constexpr std::size_t kMaxVisits = 200000;

}  // namespace

void Problems::add(const YAML::Mark& mark, const std::string& message) {
  const int line = mark.line < 0 ? 1 : mark.line + 1;
  const int column = mark.column < 0 ? 1 : mark.column + 1;
  lines_.push_back(path_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                   message);
}

void Problems::add(const YAML::Node& at, const std::string& message) { add(at.Mark(), message); }

bool Problems::visit() { return ++visits_ <= kMaxVisits; }

std::string Problems::text() const {
  std::string out;
  for (const std::string& l : lines_) {
    if (!out.empty()) out += '\n';
    out += l;
  }
  return out;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::size_t best = std::string_view::npos;
  std::string best_word;
  const std::string w = lower(word);
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(w, lower(c));
    if (d < best) {
      best = d;
      best_word = c;
    }
  }
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  if (best_word.empty() || best > limit) return "";
  return " (did you mean '" + best_word + "'?)";
}

std::optional<std::string> scalar(const YAML::Node& node, std::string_view what,
                                  Problems& problems) {
  if (!node.IsScalar()) {
    problems.add(node, std::string(what) + ": expected a single value" +
                           (node.IsSequence() ? ", got a list" : node.IsMap() ? ", got a map" : ""));
    return std::nullopt;
  }
  return node.Scalar();
}

std::vector<std::string> scalar_list(const YAML::Node& node, std::string_view what,
                                     Problems& problems) {
  std::vector<std::string> out;
  if (!node.IsDefined() || node.IsNull()) return out;  // an absent key is an empty list
  // A single value is refused rather than read as a list of one: `accounts:
  // AcmeHelp, AcmeCare` would be one account named with a comma (spec 2:
  // a wrong type is an error).
  if (node.IsScalar()) {
    problems.add(node, std::string(what) + ": expected a list, e.g. [" + node.Scalar() + "]");
    return out;
  }
  if (!node.IsSequence()) {
    problems.add(node, std::string(what) + ": expected a list");
    return out;
  }
  for (const YAML::Node& item : node) {
    if (!problems.visit()) break;
    if (const auto s = scalar(item, what, problems)) out.push_back(*s);
  }
  return out;
}

bool check_map(const YAML::Node& node, std::string_view what,
               const std::vector<std::string_view>& allowed, Problems& problems) {
  if (!node.IsMap()) {
    problems.add(node, std::string(what) + ": expected a map of keys");
    return false;
  }
  std::set<std::string> seen;
  std::vector<std::string> candidates(allowed.begin(), allowed.end());
  for (const auto& kv : node) {
    if (!problems.visit()) return false;
    if (!kv.first.IsScalar()) {
      problems.add(kv.first, std::string(what) + ": keys must be plain text");
      continue;
    }
    const std::string& key = kv.first.Scalar();
    if (!seen.insert(key).second) {
      problems.add(kv.first, std::string(what) + ": duplicate key '" + key + "'");
    }
    if (!allowed.empty() &&
        std::find(allowed.begin(), allowed.end(), std::string_view(key)) == allowed.end()) {
      problems.add(kv.first, std::string(what) + ": unknown key '" + key + "'" +
                                 did_you_mean(key, candidates));
    }
  }
  return true;
}

std::string author_key(std::string_view s) {
  std::string t = trim(s);
  if (!t.empty() && t[0] == '@') t.erase(0, 1);
  return lower(t);
}

std::optional<Millis> duration_at(const YAML::Node& node, const std::string& what,
                                  Problems& problems) {
  const auto text = scalar(node, what, problems);
  if (!text) return std::nullopt;
  const auto d = parse_duration(trim(*text));
  if (!d) {
    problems.add(node, what + ": bad duration '" + *text +
                           "' (expected e.g. 90s, 15m, 4h, 1h30m, 1d or seconds; > 0)");
  }
  return d;
}

}  // namespace ssla::policy_yaml
