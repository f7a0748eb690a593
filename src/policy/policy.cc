#include "ssla/policy/policy.h"

#include <algorithm>

#include "ssla/base/ascii.h"
#include "ssla/base/zone.h"

namespace ssla {

const CalendarSpec& always_open_calendar() {
  static const CalendarSpec kSpec = [] {
    CalendarSpec spec;
    spec.name = std::string(kAlwaysOpenCalendar);
    spec.always_open = true;
    for (DaySchedule& day : spec.weekly) day.push_back(Interval{0, 86400});
    return spec;
  }();
  return kSpec;
}

const CalendarSpec* Policy::find_calendar(std::string_view name) const {
  if (name == kAlwaysOpenCalendar) return &always_open_calendar();
  for (const CalendarSpec& c : calendars) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const ChannelPolicy* Policy::channel_for(std::string_view channel) const {
  for (const ChannelPolicy& c : channels) {
    if (c.name == channel) return &c;
  }
  return default_channel ? &*default_channel : nullptr;
}

const EpisodeRule& ChannelPolicy::rule_for(std::string_view account) const {
  if (rules.size() > 1) {
    account = trim_ascii(account);
    if (!account.empty() && account.front() == '@') account.remove_prefix(1);
    for (std::size_t r = 1; r < rules.size(); ++r) {
      if (equals_folded(account, rules[r].account_key)) return rules[r];
    }
  }
  return rules.front();
}

EpisodeRule channel_own_rule(const ChannelPolicy& channel,
                             const std::optional<std::string>& top_owner) {
  EpisodeRule own;
  own.calendar = channel.calendar;
  own.first_response = channel.first_response;
  own.next_response = channel.next_response;
  own.goal = channel.goal;
  own.owner = channel.own_owner ? channel.own_owner : top_owner;
  return own;
}

std::int64_t add_months_clamped(std::int64_t day, int months) {
  const LocalTime l = Zone().to_local(day * kMillisPerDay);
  const std::int64_t index = static_cast<std::int64_t>(l.year) * 12 + (l.month - 1) + months;
  const int year = static_cast<int>(index / 12);
  const unsigned month = static_cast<unsigned>(index % 12) + 1;
  const std::int64_t first = days_from_civil(year, month, 1);
  const std::int64_t next_first =
      month == 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, month + 1, 1);
  const std::int64_t last_of_month = next_first - 1 - first + 1;  // days in the month
  return first + std::min<std::int64_t>(l.day, last_of_month) - 1;
}

unsigned Policy::priority_mask_bits() const {
  unsigned total = 0;
  unsigned most = 0;
  auto count = [&](const ChannelPolicy& c) {
    total += c.priority_bits;
    most = std::max(most, c.priority_bits);
  };
  for (const ChannelPolicy& c : channels) count(c);
  if (default_channel) count(*default_channel);
  return priority_bits_global ? total : most;
}

bool Policy::is_company_author(std::string_view author_key) const {
  return std::find(accounts.begin(), accounts.end(), author_key) != accounts.end() ||
         is_ignored_author(author_key);
}

bool Policy::is_ignored_author(std::string_view author_key) const {
  return std::find(ignore_authors.begin(), ignore_authors.end(), author_key) !=
         ignore_authors.end();
}

std::vector<const EpisodeRule*> flat_rules(const Policy& policy) {
  std::vector<const EpisodeRule*> out;
  for (const ChannelPolicy& c : policy.channels) {
    for (const EpisodeRule& r : c.rules) out.push_back(&r);
  }
  if (policy.default_channel) {
    for (const EpisodeRule& r : policy.default_channel->rules) out.push_back(&r);
  }
  return out;
}

std::uint32_t rule_base(const Policy& policy, const ChannelPolicy& channel) {
  std::size_t base = 0;
  for (const ChannelPolicy& c : policy.channels) {
    if (&c == &channel) return static_cast<std::uint32_t>(base);
    base += c.rules.size();
  }
  return static_cast<std::uint32_t>(base);  // the default channel, listed last
}

}  // namespace ssla
