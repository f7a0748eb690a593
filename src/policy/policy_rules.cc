#include "policy_rules.h"

#include <algorithm>

#include "ssla/base/zone.h"
#include "ssla/policy/exempt.h"
#include "ssla/policy/signatures.h"

namespace ssla::policy_yaml {

namespace {

// `2026-09-15`: a valid civil date, as days since 1970-01-01.
std::optional<std::int64_t> parse_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  }
  const int year = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
  const unsigned month = static_cast<unsigned>((t[5] - '0') * 10 + (t[6] - '0'));
  const unsigned day = static_cast<unsigned>((t[8] - '0') * 10 + (t[9] - '0'));
  if (year < 1 || month < 1 || month > 12 || day < 1) return std::nullopt;
  const std::int64_t d = days_from_civil(year, month, day);
  const std::int64_t first_next =
      month == 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, month + 1, 1);
  if (d >= first_next) return std::nullopt;
  return d;
}

// `monthly`, `quarterly`, `half-yearly`, `yearly` or `N months` (1..36).
std::optional<int> parse_every(std::string_view text) {
  const std::string t = lower(trim(text));
  if (t == "monthly") return 1;
  if (t == "quarterly") return 3;
  if (t == "half-yearly") return 6;
  if (t == "yearly") return 12;
  const std::size_t space = t.find(' ');
  if (space == std::string::npos || space == 0 || space > 2) return std::nullopt;
  const std::string unit = t.substr(space + 1);
  if (unit != "month" && unit != "months") return std::nullopt;
  int n = 0;
  for (std::size_t i = 0; i < space; ++i) {
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
    n = n * 10 + (t[i] - '0');
  }
  if (n < 1 || n > 36) return std::nullopt;
  return n;
}

}  // namespace

std::optional<Goal> parse_goal_text(std::string_view text) {
  std::string t = trim(text);
  bool percent = false;
  if (!t.empty() && t.back() == '%') {
    percent = true;
    t.pop_back();
  }
  // Digits with at most one point. Zeros that do not change the value (a
  // fraction's trailing ones, the leading ones) are dropped, so that any
  // spelling of a goal reads; the rest must fit the exact fraction
  // num / 10^k in 64 bits (k <= 18 with the percent's two).
  const std::size_t point = t.find('.');
  std::string whole = t.substr(0, point);
  std::string fraction = point == std::string::npos ? "" : t.substr(point + 1);
  if (whole.empty() && fraction.empty()) return std::nullopt;
  for (const std::string* part : {&whole, &fraction}) {
    for (const char c : *part) {
      if (c < '0' || c > '9') return std::nullopt;
    }
  }
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  const std::size_t first = whole.find_first_not_of('0');
  whole = first == std::string::npos ? "" : whole.substr(first);
  const std::size_t scale = fraction.size() + (percent ? 2 : 0);
  if (scale > 18 || whole.size() + fraction.size() > 18) return std::nullopt;
  std::int64_t num = 0, den = 1;
  for (const char c : whole + fraction) num = num * 10 + (c - '0');
  for (std::size_t k = 0; k < scale; ++k) den *= 10;
  if (num <= 0 || num > den) return std::nullopt;
  return Goal{num, den};
}

std::optional<std::string> parse_owner(const YAML::Node& node, const std::string& what,
                                       Problems& problems) {
  const auto text = scalar(node, what, problems);
  if (!text) return std::nullopt;
  std::string owner = trim(*text);
  if (owner.empty() || node.IsNull()) {
    problems.add(node, what + ": must be a non-empty text (who answers for the SSLA)");
    return std::nullopt;
  }
  return owner;
}

std::optional<Review> parse_review(const YAML::Node& node, Problems& problems) {
  if (!check_map(node, "review", {"every", "last"}, problems)) return std::nullopt;
  Review review;
  bool ok = true;
  if (!node["every"]) {
    problems.add(node, "review: missing `every` (monthly, quarterly, half-yearly, yearly or "
                       "\"N months\")");
    ok = false;
  } else if (const auto e = scalar(node["every"], "review every", problems)) {
    if (const auto months = parse_every(*e)) {
      review.every_months = *months;
      review.every_as_written = trim(*e);
    } else {
      problems.add(node["every"], "review every: unknown period '" + *e +
                                      "' (expected monthly, quarterly, half-yearly, yearly or "
                                      "\"N months\" with N from 1 to 36)");
      ok = false;
    }
  } else {
    ok = false;
  }
  if (!node["last"]) {
    problems.add(node, "review: missing `last` (the local date of the last review, YYYY-MM-DD)");
    ok = false;
  } else if (const auto l = scalar(node["last"], "review last", problems)) {
    if (const auto day = parse_date(trim(*l))) {
      review.last_day = *day;
    } else {
      problems.add(node["last"], "review last: bad date '" + *l + "' (expected YYYY-MM-DD)");
      ok = false;
    }
  } else {
    ok = false;
  }
  if (!ok) return std::nullopt;
  review.next_day = add_months_clamped(review.last_day, review.every_months);
  return review;
}

std::vector<std::string> parse_signatures(const YAML::Node& node, Problems& problems) {
  std::vector<std::string> out;
  if (!node.IsDefined() || node.IsNull()) return out;
  if (!node.IsSequence()) {
    problems.add(node, "company signatures: expected a list of regular expressions");
    return out;
  }
  for (const YAML::Node& item : node) {
    if (!problems.visit()) break;
    const auto e = scalar(item, "company signatures", problems);
    if (!e) continue;
    if (e->empty()) {
      problems.add(item, "company signatures: an expression may not be empty");
      continue;
    }
    const std::string error = signature_error(*e);
    if (!error.empty()) {
      // RE2 runs in linear time, so it has no lookaround and no backreferences.
      const bool unsupported = e->find("(?=") != std::string::npos ||
                               e->find("(?!") != std::string::npos ||
                               e->find("(?<") != std::string::npos ||
                               error.find("escape") != std::string::npos;
      problems.add(item, "company signatures: '" + *e + "' is not a valid RE2 expression: " +
                             error +
                             (unsupported ? " (lookaround and backreferences are not supported)"
                                          : ""));
      continue;
    }
    out.push_back(*e);
  }
  return out;
}

std::vector<PriorityRule> parse_priorities(const YAML::Node& node, const std::string& what,
                                           Problems& problems) {
  std::vector<PriorityRule> out;
  if (!node.IsDefined() || node.IsNull()) return out;
  if (!node.IsSequence()) {
    problems.add(node, what + " priorities: expected a list of rules (name, match, "
                              "first_response, next_response)");
    return out;
  }
  std::vector<std::string> folded;
  for (const YAML::Node& item : node) {
    if (!problems.visit()) break;
    const std::string rw = what + " priority";
    if (!check_map(item, rw, {"name", "match", "first_response", "next_response"}, problems)) {
      continue;
    }
    PriorityRule rule;
    bool ok = true;
    if (!item["name"]) {
      problems.add(item, rw + ": missing `name`");
      ok = false;
    } else if (const auto n = scalar(item["name"], rw + " name", problems)) {
      rule.name = trim(*n);
      const std::string key = lower(rule.name);
      if (rule.name.empty() || item["name"].IsNull()) {
        problems.add(item["name"], rw + ": the name may not be empty");
        ok = false;
      } else if (key == "normal") {
        problems.add(item["name"], rw + ": 'normal' is reserved for episodes no rule matches");
        ok = false;
      } else if (std::find(folded.begin(), folded.end(), key) != folded.end()) {
        problems.add(item["name"], rw + ": '" + rule.name +
                                       "' is named twice in this list (names ignore case)");
        ok = false;
      } else {
        folded.push_back(key);
      }
    } else {
      ok = false;
    }
    const std::string named = rule.name.empty() ? rw : rw + " " + rule.name;
    if (!item["match"]) {
      problems.add(item, named + ": missing `match` (tags, words or authors)");
      ok = false;
    } else if (check_map(item["match"], named + " match", {"tags", "words", "authors"},
                         problems)) {
      const YAML::Node m = item["match"];
      for (const std::string& t : scalar_list(m["tags"], named + " match tags", problems)) {
        if (!trim(t).empty()) rule.match.tags.push_back(lower(trim(t)));
      }
      for (const std::string& w : scalar_list(m["words"], named + " match words", problems)) {
        if (!trim(w).empty()) rule.match.words.push_back(lower(trim(w)));
      }
      for (const std::string& a : scalar_list(m["authors"], named + " match authors", problems)) {
        if (!author_key(a).empty()) rule.match.authors.push_back(author_key(a));
      }
      if (rule.match.empty()) {
        problems.add(item["match"], named + " match: needs at least one non-empty list among "
                                            "tags, words, authors");
        ok = false;
      }
    } else {
      ok = false;
    }
    if (!item["first_response"]) {
      problems.add(item, named + ": missing `first_response` (the rule's target)");
      ok = false;
    } else if (const auto d = duration_at(item["first_response"], named + " first_response",
                                          problems)) {
      rule.first_response = *d;
    } else {
      ok = false;
    }
    rule.next_response = rule.first_response;
    if (item["next_response"]) {
      if (const auto d = duration_at(item["next_response"], named + " next_response", problems)) {
        rule.next_response = *d;
      } else {
        ok = false;
      }
    }
    if (ok) out.push_back(std::move(rule));
  }
  return out;
}

void build_rules(ChannelPolicy& channel, const YAML::Node& channel_node, Policy& policy,
                 Problems& problems) {
  const std::string what = "channel " + channel.name;
  EpisodeRule own = channel_own_rule(channel, policy.owner);
  if (channel_node.IsMap() && channel_node["priorities"]) {
    own.priorities = parse_priorities(channel_node["priorities"], what, problems);
  }
  channel.rules.push_back(own);
  const bool wrote_next = channel_node.IsMap() && channel_node["next_response"];

  const YAML::Node accounts = channel_node.IsMap() ? channel_node["accounts"] : YAML::Node();
  if (accounts && !accounts.IsNull() && check_map(accounts, what + " accounts", {}, problems)) {
    std::vector<std::string> keys;
    for (const auto& kv : accounts) {
      if (!problems.visit()) break;
      const std::string written = trim(kv.first.Scalar());
      const std::string key = author_key(written);
      const std::string ew = what + " account " + written;
      if (key.empty()) {
        problems.add(kv.first, what + " accounts: an account name may not be empty");
        continue;
      }
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) {
        problems.add(kv.first, what + " accounts: '" + written +
                                   "' is named twice (account names compare like authors: "
                                   "case and a leading @ ignored)");
        continue;
      }
      keys.push_back(key);
      EpisodeRule rule = own;
      rule.account_key = key;
      rule.account_as_written = written;
      const YAML::Node entry = kv.second;
      if (entry.IsNull()) {
        channel.rules.push_back(std::move(rule));
        continue;
      }
      if (!check_map(entry, ew,
                     {"calendar", "first_response", "next_response", "goal", "owner",
                      "priorities"},
                     problems)) {
        continue;
      }
      if (entry["calendar"]) {
        if (const auto cal = scalar(entry["calendar"], ew + " calendar", problems)) {
          rule.calendar = trim(*cal);
          if (policy.find_calendar(rule.calendar) == nullptr) {
            std::vector<std::string> names{std::string(kAlwaysOpenCalendar)};
            for (const CalendarSpec& s : policy.calendars) names.push_back(s.name);
            problems.add(entry["calendar"], ew + ": unknown calendar '" + rule.calendar + "'" +
                                                did_you_mean(rule.calendar, names));
          }
        }
      }
      if (entry["first_response"]) {
        rule.first_response =
            duration_at(entry["first_response"], ew + " first_response", problems).value_or(0);
        // Merged key by key, then the default: next_response is the merged
        // first_response unless the channel or the entry writes one.
        if (!wrote_next) rule.next_response = rule.first_response;
      }
      if (entry["next_response"]) {
        rule.next_response =
            duration_at(entry["next_response"], ew + " next_response", problems).value_or(0);
      }
      if (entry["goal"]) {
        if (const auto g = scalar(entry["goal"], ew + " goal", problems)) {
          rule.goal = parse_goal_text(*g);
          if (!rule.goal) {
            problems.add(entry["goal"], ew + ": bad goal '" + *g +
                                            "' (expected e.g. 90% or 0.9; 0 < goal <= 1)");
          }
        }
      }
      if (entry["owner"]) {
        if (auto o = parse_owner(entry["owner"], ew + " owner", problems)) {
          rule.owner = std::move(o);
          policy.has_owner = true;
        }
      }
      if (entry["priorities"]) {
        rule.priorities = parse_priorities(entry["priorities"], ew, problems);
        rule.own_priorities = true;
      }
      channel.rules.push_back(std::move(rule));
    }
  }

  // Priority bits: each rule's list after the one before; names by index.
  unsigned bit = 0;
  for (EpisodeRule& rule : channel.rules) {
    rule.priority_bit = bit;
    bit += static_cast<unsigned>(rule.priorities.size());
    for (PriorityRule& p : rule.priorities) {
      auto it = std::find(policy.priority_names.begin(), policy.priority_names.end(), p.name);
      if (it == policy.priority_names.end()) {
        policy.priority_names.push_back(p.name);
        it = policy.priority_names.end() - 1;
      }
      p.name_id = static_cast<std::uint16_t>(it - policy.priority_names.begin());
    }
  }
  channel.priority_bits = bit;
  if (bit > kMaxPriorityRules) {
    problems.add(channel_node, what + ": " + std::to_string(bit) +
                                   " priority rules with its accounts entries; at most " +
                                   std::to_string(kMaxPriorityRules) + " are supported");
  }
}

}  // namespace ssla::policy_yaml
