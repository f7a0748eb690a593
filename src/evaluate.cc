#include "ssla/evaluate.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "ssla/calendar.h"
#include "ssla/halves.h"

namespace ssla {

namespace {

// What evaluation needs of one channel, looked up once per distinct channel.
struct ChannelClock {
  const ChannelPolicy* policy = nullptr;  // nullptr: unconfigured
  const BusinessCalendar* calendar = nullptr;
};

}  // namespace

void evaluate_episodes(const Policy& policy, const MessageTable& table, Instant as_of,
                       PodVector<Episode>& episodes, DataQuality& quality, unsigned threads) {
  if (episodes.empty()) return;
  // 1. One pass: the span every query falls in (from the earliest start to
  //    the latest of as_of and the responses) and the channels that open
  //    an episode. Slot 0 stands for the empty channel; ids shift by one.
  auto slot_of = [](const Episode& e) {
    return e.channel == Interner::kNone ? std::size_t{0} : std::size_t{e.channel} + 1;
  };
  std::vector<ChannelClock> clocks(table.strings.size() + 1);
  std::vector<bool> used(clocks.size(), false);
  Instant begin = episodes.front().start;
  Instant end = as_of;
  for (const Episode& e : episodes) {
    begin = std::min(begin, e.start);
    if (e.responded_at != kNoInstant) end = std::max(end, e.responded_at);
    used[slot_of(e)] = true;
  }
  end = std::max(end, begin);

  // 2. The clock of every channel used, compiled once per calendar.
  std::map<std::string, std::unique_ptr<BusinessCalendar>, std::less<>> calendars;
  std::set<std::string> unconfigured;
  for (std::size_t slot = 0; slot < clocks.size(); ++slot) {
    if (!used[slot]) continue;
    const std::string_view channel =
        slot == 0 ? std::string_view() : table.strings.view(static_cast<std::uint32_t>(slot - 1));
    ChannelClock& clock = clocks[slot];
    clock.policy = policy.channel_for(channel);
    if (clock.policy == nullptr) {
      unconfigured.insert(std::string(channel));
      continue;
    }
    auto it = calendars.find(clock.policy->calendar);
    if (it == calendars.end()) {
      const CalendarSpec* spec = policy.find_calendar(clock.policy->calendar);
      if (spec == nullptr) spec = &always_open_calendar();  // validation forbids this
      it = calendars
               .emplace(clock.policy->calendar, std::make_unique<BusinessCalendar>(*spec, begin, end))
               .first;
    }
    clock.calendar = it->second.get();
  }

  // 3. Every episode against its clock: independent of the others.
  auto evaluate_range = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k) {
      Episode& e = episodes[k];
      const ChannelClock& clock = clocks[slot_of(e)];
      const bool answered = e.responded_at != kNoInstant;
      const Instant stop = answered ? e.responded_at : as_of;
      e.calendar = stop - e.start;
      if (clock.policy == nullptr) {
        e.status = Status::kUnconfigured;
        continue;
      }
      e.target = e.kind == EpisodeKind::kFirst ? clock.policy->first_response
                                               : clock.policy->next_response;
      const std::optional<Instant> due = clock.calendar->due(e.start, e.target);
      e.due = due ? *due : kNoInstant;
      e.business = clock.calendar->business(e.start, stop);
      if (answered) {
        e.status = (!due || e.responded_at <= *due) ? Status::kMet : Status::kBreachedLate;
      } else {
        e.status = (due && as_of > *due) ? Status::kBreachedUnanswered : Status::kPending;
      }
    }
  };
  const std::size_t n = episodes.size();
  run_in_halves(threads >= 2 && n >= kSplitFrom, n / 2, n, evaluate_range);
  quality.unconfigured_channels.assign(unconfigured.begin(), unconfigured.end());
}

}  // namespace ssla
