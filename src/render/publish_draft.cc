#include "ssla/render/publish_draft.h"

#include <fmt/format.h>

#include "ssla/render/render_suggest.h"

namespace ssla {

ReadablePromise round_promise(std::int64_t kept_minutes, Millis business_day_ms) {
  for (const std::int64_t step : {15, 30, 60, 120, 240}) {
    if (kept_minutes <= step) return {step, 0};
  }
  const Millis kept = kept_minutes * kMillisPerMinute;
  const Millis day = business_day_ms > 0 ? business_day_ms : kMillisPerDay;
  return {0, (kept + day - 1) / day};
}

Millis business_day_of(const CalendarSpec& spec) {
  if (spec.always_open) return kMillisPerDay;
  Millis open = 0;
  int days = 0;
  for (const DaySchedule& day : spec.weekly) {
    if (day.empty()) continue;
    ++days;
    for (const Interval& iv : day) open += Millis{iv.end - iv.begin} * kMillisPerSecond;
  }
  return days == 0 ? kMillisPerDay : open / days;
}

std::map<std::string, std::string> draft_response_words(const Policy& policy,
                                                        const Suggestion& suggestion,
                                                        std::string& notes) {
  std::map<std::string, std::string> words;
  for (const ChannelPolicy& c : policy.channels) {
    const SuggestGroup* group = nullptr;
    for (const SuggestGroup& g : suggestion.groups) {
      if (g.key.size() == 1 && g.key[0] == c.name) group = &g;
    }
    if (group == nullptr) {
      notes += fmt::format("  {}: no configured episode in the data; the policy's target stays\n",
                           c.name);
      continue;
    }
    const std::string goal = fmt::format("{:g}%", group->goal.value() * 100);
    if (!group->kept_minutes) {
      notes += fmt::format("  {}: no target up to 365 days reaches {}; the policy's target stays\n",
                           c.name, goal);
      continue;
    }
    const CalendarSpec* cal = policy.find_calendar(c.calendar);
    const bool always = cal == nullptr || cal->always_open;
    const ReadablePromise p =
        round_promise(*group->kept_minutes, cal == nullptr ? kMillisPerDay : business_day_of(*cal));
    std::string text;
    if (p.minutes > 0) {
      text = p.minutes < 60 ? fmt::format("{} minutes", p.minutes)
                            : fmt::format("{} hour{}", p.minutes / 60, p.minutes == 60 ? "" : "s");
    } else {
      text = fmt::format("{} {}day{}", p.business_days, always ? "" : "business ",
                         p.business_days == 1 ? "" : "s");
    }
    notes += fmt::format("  {}: kept target {} at {} over {} episodes -> {}\n", c.name,
                         minutes_text(*group->kept_minutes), goal, group->episodes, text);
    words[c.name] = std::move(text);
  }
  return words;
}

}  // namespace ssla
