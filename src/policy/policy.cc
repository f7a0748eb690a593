#include "ssla/policy/policy.h"

#include <algorithm>

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

bool Policy::is_company_author(std::string_view author_key) const {
  return std::find(accounts.begin(), accounts.end(), author_key) != accounts.end() ||
         is_ignored_author(author_key);
}

bool Policy::is_ignored_author(std::string_view author_key) const {
  return std::find(ignore_authors.begin(), ignore_authors.end(), author_key) !=
         ignore_authors.end();
}

}  // namespace ssla
