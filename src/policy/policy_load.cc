// Reading and validating the YAML policy. Every problem is collected and
// reported at once, each as FILE:LINE:COLUMN: message.
#include "ssla/policy/policy_load.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "policy_calendar.h"
#include "policy_rules.h"
#include "policy_yaml.h"
#include "ssla/base/error.h"
#include "ssla/base/zone.h"
#include "ssla/policy/exempt.h"
#include "ssla/read/timestamp.h"

namespace ssla {

using policy_yaml::Problems;
using policy_yaml::check_map;
using policy_yaml::did_you_mean;
using policy_yaml::lower;
using policy_yaml::scalar;
using policy_yaml::scalar_list;
using policy_yaml::trim;
using policy_yaml::author_key;
using policy_yaml::duration_at;

namespace {

const std::vector<std::string> kCanonicalFields = {
    "id", "parent_id", "thread_id", "created_at", "author", "direction",
    "inbound", "channel", "account", "text", "tags", "agent"};

// A channel's `bio_limit`: 1 to 10000 characters, written in digits.
std::optional<int> parse_bio_limit(std::string_view text) {
  const std::string t = trim(text);
  if (t.empty() || t.size() > 5) return std::nullopt;
  int n = 0;
  for (const char ch : t) {
    if (ch < '0' || ch > '9') return std::nullopt;
    n = n * 10 + (ch - '0');
  }
  if (n < 1 || n > 10000) return std::nullopt;
  return n;
}

// Moves each channel's priority bits after those of the channels before it
// when all fit one mask (Policy::priority_bits_global).
void assign_priority_bits(Policy& policy) {
  std::vector<ChannelPolicy*> all;
  for (ChannelPolicy& c : policy.channels) all.push_back(&c);
  if (policy.default_channel) all.push_back(&*policy.default_channel);
  unsigned total = 0;
  for (const ChannelPolicy* c : all) total += c->priority_bits;
  policy.priority_bits_global = total <= kMaxPriorityRules;
  if (!policy.priority_bits_global) return;
  unsigned before = 0;
  for (ChannelPolicy* c : all) {
    for (EpisodeRule& rule : c->rules) rule.priority_bit += before;
    before += c->priority_bits;
  }
}

ChannelPolicy parse_channel(const std::string& name, const YAML::Node& node, Policy& policy,
                            Problems& problems) {
  ChannelPolicy c;
  c.name = name;
  const std::string what = "channel " + name;
  if (!check_map(node, what,
                 {"promise", "calendar", "first_response", "next_response", "goal", "exempt",
                  "owner", "priorities", "accounts", "bio_limit"},
                 problems)) {
    return c;
  }
  if (node["bio_limit"]) {
    if (const auto b = scalar(node["bio_limit"], what + " bio_limit", problems)) {
      c.bio_limit = parse_bio_limit(*b);
      if (!c.bio_limit) {
        problems.add(node["bio_limit"], what + ": bad bio_limit '" + *b +
                                            "' (a whole number of characters, 1 to 10000)");
      }
    }
  }
  if (node["promise"]) {
    if (const auto p = scalar(node["promise"], what + " promise", problems)) c.promise = trim(*p);
  }
  if (node["owner"]) {
    c.own_owner = policy_yaml::parse_owner(node["owner"], what + " owner", problems);
    if (c.own_owner) policy.has_owner = true;
  }
  if (node["calendar"]) {
    if (const auto cal = scalar(node["calendar"], what + " calendar", problems)) {
      c.calendar = trim(*cal);
      if (policy.find_calendar(c.calendar) == nullptr) {
        std::vector<std::string> names{std::string(kAlwaysOpenCalendar)};
        for (const CalendarSpec& s : policy.calendars) names.push_back(s.name);
        problems.add(node["calendar"], what + ": unknown calendar '" + c.calendar + "'" +
                                           did_you_mean(c.calendar, names));
      }
    }
  }
  if (node["first_response"]) {
    c.first_response = duration_at(node["first_response"], what + " first_response", problems)
                           .value_or(0);
  } else {
    problems.add(node, what + ": missing `first_response` (the response target)");
  }
  c.next_response = c.first_response;
  if (node["next_response"]) {
    c.next_response =
        duration_at(node["next_response"], what + " next_response", problems).value_or(0);
  }
  if (node["goal"]) {
    if (const auto g = scalar(node["goal"], what + " goal", problems)) {
      c.goal = policy_yaml::parse_goal_text(*g);
      if (!c.goal) {
        problems.add(node["goal"], what + ": bad goal '" + *g + "' (expected e.g. 90% or 0.9; "
                                                                "0 < goal <= 1)");
      }
    }
  }
  if (const YAML::Node ex = node["exempt"]) {
    if (check_map(ex, what + " exempt", {"tags", "authors", "words", "acknowledgements"},
                  problems)) {
      for (const std::string& t : scalar_list(ex["tags"], what + " exempt tags", problems)) {
        c.exempt.tags.push_back(lower(trim(t)));
      }
      for (const std::string& a : scalar_list(ex["authors"], what + " exempt authors", problems)) {
        c.exempt.authors.push_back(author_key(a));
      }
      for (const std::string& w : scalar_list(ex["words"], what + " exempt words", problems)) {
        if (trim(w).empty()) {
          problems.add(ex["words"], what + ": an exempt word may not be empty");
          continue;
        }
        c.exempt.words.push_back(lower(trim(w)));
      }
      for (const std::string& a :
           scalar_list(ex["acknowledgements"], what + " exempt acknowledgements", problems)) {
        c.exempt.acknowledgements_as_written.push_back(a);
        c.exempt.acknowledgements.push_back(normalize_acknowledgement(a));
      }
    }
  }
  policy_yaml::build_rules(c, node, policy, problems);
  return c;
}

void parse_input(const YAML::Node& node, InputSpec& input, Problems& problems) {
  if (!check_map(node, "input",
                 {"preset", "columns", "channel", "timezone", "timestamp_format", "delimiter"},
                 problems)) {
    return;
  }
  if (node["preset"]) {
    if (const auto p = scalar(node["preset"], "input preset", problems)) {
      input.preset = trim(*p);
      if (input.preset != "generic" && input.preset != "twcs") {
        problems.add(node["preset"], "input: unknown preset '" + *p + "' (expected generic or twcs)");
      }
    }
  }
  if (const YAML::Node cols = node["columns"]) {
    if (check_map(cols, "input columns", {}, problems)) {
      for (const auto& kv : cols) {
        const std::string field = kv.first.Scalar();
        if (std::find(kCanonicalFields.begin(), kCanonicalFields.end(), field) ==
            kCanonicalFields.end()) {
          problems.add(kv.first, "input columns: unknown field '" + field + "'" +
                                     did_you_mean(field, kCanonicalFields));
          continue;
        }
        if (const auto col = scalar(kv.second, "input columns " + field, problems)) {
          input.columns.emplace_back(field, *col);
        }
      }
    }
  }
  if (node["channel"]) {
    if (const auto c = scalar(node["channel"], "input channel", problems)) input.channel = trim(*c);
  }
  if (node["timezone"]) {
    if (const auto z = scalar(node["timezone"], "input timezone", problems)) {
      input.timezone = trim(*z);
      if (!Zone::find(input.timezone).valid()) {
        problems.add(node["timezone"], "input: unknown time zone '" + *z + "'");
      }
    }
  }
  if (node["timestamp_format"]) {
    if (const auto f = scalar(node["timestamp_format"], "input timestamp_format", problems)) {
      input.timestamp_format = *f;
      if (const std::string problem = check_timestamp_format(*f); !problem.empty()) {
        problems.add(node["timestamp_format"], "input timestamp_format: " + problem);
      }
    }
  }
  if (node["delimiter"]) {
    if (const auto d = scalar(node["delimiter"], "input delimiter", problems)) {
      input.delimiter = *d;
      if (*d != "," && *d != ";" && *d != "|" && *d != "tab" && *d != "\t") {
        problems.add(node["delimiter"], "input: unknown delimiter '" + *d +
                                            "' (expected \",\", \";\", \"tab\" or \"|\")");
      }
    }
  }
}

Policy parse_policy(const YAML::Node& root, const std::string& path, Problems& problems) {
  Policy policy;
  policy.path = path;
  if (!check_map(root, "policy",
                 {"version", "name", "timezone", "company", "calendars", "channels", "input",
                  "owner", "review"},
                 problems)) {
    return policy;
  }
  if (root["version"]) {
    const auto v = scalar(root["version"], "version", problems);
    if (v && trim(*v) != "1") problems.add(root["version"], "version: must be 1");
  }
  if (root["name"]) {
    if (const auto n = scalar(root["name"], "name", problems)) policy.name = trim(*n);
  }
  if (root["timezone"]) {
    if (const auto z = scalar(root["timezone"], "timezone", problems)) {
      policy.timezone = trim(*z);
      if (!Zone::find(policy.timezone).valid()) {
        problems.add(root["timezone"], "timezone: unknown time zone '" + *z + "'");
      }
    }
  }
  if (root["owner"]) {
    policy.owner = policy_yaml::parse_owner(root["owner"], "owner", problems);
    if (policy.owner) policy.has_owner = true;
  }
  if (const YAML::Node review = root["review"]) {
    policy.review = policy_yaml::parse_review(review, problems);
  }
  if (const YAML::Node company = root["company"]) {
    if (check_map(company, "company", {"accounts", "ignore_authors", "signatures"}, problems)) {
      policy.signatures = policy_yaml::parse_signatures(company["signatures"], problems);
      for (const std::string& a : scalar_list(company["accounts"], "company accounts", problems)) {
        policy.accounts.push_back(author_key(a));
      }
      for (const std::string& a :
           scalar_list(company["ignore_authors"], "company ignore_authors", problems)) {
        policy.ignore_authors.push_back(author_key(a));
      }
    }
  }
  if (const YAML::Node calendars = root["calendars"]) {
    if (check_map(calendars, "calendars", {}, problems)) {
      for (const auto& kv : calendars) {
        const std::string name = kv.first.Scalar();
        if (name == kAlwaysOpenCalendar) {
          problems.add(kv.first, "calendars: '24x7' is built in and cannot be redefined");
          continue;
        }
        policy.calendars.push_back(
            policy_yaml::parse_calendar(name, kv.second, policy.timezone, problems));
      }
    }
  }
  if (const YAML::Node channels = root["channels"]) {
    if (check_map(channels, "channels", {}, problems)) {
      std::vector<std::string> seen;
      for (const auto& kv : channels) {
        const std::string name = lower(trim(kv.first.Scalar()));
        if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
          problems.add(kv.first, "channels: '" + kv.first.Scalar() +
                                     "' is named twice (channel names ignore case)");
          continue;
        }
        seen.push_back(name);
        ChannelPolicy c = parse_channel(name, kv.second, policy, problems);
        if (name == "default") {
          policy.default_channel = std::move(c);
        } else {
          policy.channels.push_back(std::move(c));
        }
      }
    }
  }
  if (const YAML::Node input = root["input"]) parse_input(input, policy.input, problems);
  assign_priority_bits(policy);
  return policy;
}

}  // namespace

Policy load_policy_text(std::string_view text, const std::string& path) {
  if (text.size() > kMaxPolicyBytes) {
    throw usage_error(path + ": policy file is larger than " +
                      std::to_string(kMaxPolicyBytes >> 20) + " MiB");
  }
  Problems problems(path);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    std::string message = "YAML syntax error: " + e.msg;
    // yaml-cpp refuses a \u escape of half a UTF-16 surrogate pair
    // ("\ud83d\udc4d", as JSON writes an emoji), naming it in decimal.
    constexpr std::string_view kInvalid = "invalid unicode: ";
    long code = -1;
    if (e.msg.rfind(kInvalid, 0) == 0) {
      code = std::strtol(e.msg.c_str() + kInvalid.size(), nullptr, 10);
    }
    if (code >= 0xD800 && code <= 0xDFFF) {
      message +=
          " (half of a UTF-16 surrogate pair: write the character itself, or one 8-digit "
          "escape such as \\U0001F44D)";
    }
    problems.add(e.mark, message);
    throw Error(kExitUsage, problems.text());
  } catch (const YAML::Exception& e) {
    throw Error(kExitUsage, path + ": cannot read the policy: " + e.msg);
  }
  if (!root || root.IsNull()) {
    problems.add(YAML::Mark(), "the policy is empty");
    throw Error(kExitUsage, problems.text());
  }
  Policy policy = parse_policy(root, path, problems);
  if (!problems.visit()) {
    problems.add(YAML::Mark(), "the policy is too large when its aliases are expanded");
  }
  if (!problems.empty()) throw Error(kExitUsage, problems.text());
  return policy;
}

Policy load_policy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw usage_error(path + ": cannot open the policy file");
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxPolicyBytes) {
      throw usage_error(path + ": policy file is larger than " +
                        std::to_string(kMaxPolicyBytes >> 20) + " MiB");
    }
  }
  return load_policy_text(text, path);
}

Policy empty_policy() { return Policy{}; }

std::optional<Goal> goal_from_text(std::string_view text) {
  return policy_yaml::parse_goal_text(text);
}

}  // namespace ssla
