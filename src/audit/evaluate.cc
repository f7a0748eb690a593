#include "ssla/audit/evaluate.h"

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "ssla/base/halves.h"
#include "ssla/policy/calendar.h"

namespace ssla {

Evaluator::Evaluator(const Policy& policy, const MessageTable& table, Instant as_of,
                     const std::vector<bool>& used, Instant begin, Instant end, Instant hot)
    : table_(table), as_of_(as_of), slots_(used.size()) {
  std::map<std::string_view, const BusinessCalendar*> by_name;
  calendar_by_rule_.assign(flat_rules(policy).size(), nullptr);
  for (std::size_t slot = 0; slot < used.size(); ++slot) {
    if (!used[slot]) continue;
    const std::string_view channel =
        slot == 0 ? std::string_view() : table.strings.view(static_cast<std::uint32_t>(slot - 1));
    Clock& clock = clocks_.emplace_back();
    clock.slot = slot;
    clock.policy = policy.channel_for(channel);
    if (clock.policy == nullptr) continue;
    clock.rule_base = rule_base(policy, *clock.policy);
    for (std::size_t k = 0; k < clock.policy->rules.size(); ++k) {
      const EpisodeRule& rule = clock.policy->rules[k];
      auto it = by_name.find(rule.calendar);
      if (it == by_name.end()) {
        const CalendarSpec* spec = policy.find_calendar(rule.calendar);
        if (spec == nullptr) spec = &always_open_calendar();  // validation forbids this
        calendars_.push_back(std::make_unique<BusinessCalendar>(*spec, begin, end, hot));
        it = by_name.emplace(rule.calendar, calendars_.back().get()).first;
      }
      calendar_by_rule_[clock.rule_base + k] = it->second;
    }
  }
}

Evaluator::~Evaluator() = default;

const Evaluator::Clock& Evaluator::clock_of(std::size_t slot) const {
  static const Clock kUnused;
  auto it = std::lower_bound(clocks_.begin(), clocks_.end(), slot,
                             [](const Clock& c, std::size_t s) { return c.slot < s; });
  return it != clocks_.end() && it->slot == slot ? *it : kUnused;
}

void Evaluator::evaluate(Episode* first, Episode* last, std::vector<bool>& unconfigured) const {
  // Episodes mostly share their channel with the one before; their
  // accounts alternate among a few brands, whose rules are remembered,
  // direct-mapped by channel slot and account id (key 0: an empty entry).
  struct KnownRule {
    std::uint64_t key = 0;
    std::size_t index = 0;
  };
  std::array<KnownRule, 64> known{};
  const Clock* last_clock = nullptr;
  for (Episode* p = first; p != last; ++p) {
    Episode& e = *p;
    const std::size_t slot = slot_of(e.channel);
    if (last_clock == nullptr || last_clock->slot != slot) last_clock = &clock_of(slot);
    std::size_t rule_index = 0;
    if (last_clock->policy != nullptr && last_clock->policy->rules.size() > 1) {
      // Account ids and kNone fit in 32 bits, account + 1 in 33.
      const std::uint64_t key = std::uint64_t{slot} << 33 | (std::uint64_t{e.account} + 1);
      KnownRule& k = known[(e.account ^ slot * 7) % known.size()];
      if (k.key != key) {
        k.key = key;
        k.index =
            static_cast<std::size_t>(&last_clock->policy->rule_for(table_.strings.view(e.account)) -
                                     last_clock->policy->rules.data());
      }
      rule_index = k.index;
    }
    const Clock& clock = *last_clock;
    const bool answered = e.responded_at != kNoInstant;
    const Instant stop = answered ? e.responded_at : as_of_;
    if (clock.policy == nullptr) {
      e.status = Status::kUnconfigured;
      e.target = -1;
      e.rule = kNoRule;
      e.priority = 0;
      unconfigured[slot] = true;
      continue;
    }
    const EpisodeRule& rule = clock.policy->rules[rule_index];
    e.rule = clock.rule_base + static_cast<std::uint32_t>(rule_index);
    const BusinessCalendar& calendar = *calendar_by_rule_[e.rule];
    // Spec 8.2: the first rule of the list (in list order) that a message
    // of the episode matches, from this rule's bits of the channel's mask.
    const PriorityRule* priority = nullptr;
    if (e.matched != 0 && !rule.priorities.empty()) {
      const std::uint64_t bits = e.matched >> rule.priority_bit;
      const std::size_t n = rule.priorities.size();
      const std::uint64_t mine = n >= 64 ? bits : bits & ((std::uint64_t{1} << n) - 1);
      if (mine != 0) priority = &rule.priorities[static_cast<std::size_t>(__builtin_ctzll(mine))];
    }
    e.priority = priority != nullptr ? priority->name_id : 0;
    if (priority != nullptr) {
      e.target = e.kind == EpisodeKind::kFirst ? priority->first_response : priority->next_response;
    } else {
      e.target = e.kind == EpisodeKind::kFirst ? rule.first_response : rule.next_response;
    }
    const std::optional<Instant> due = calendar.due(e.start, e.target);
    e.due = due ? *due : kNoInstant;
    e.business = calendar.business(e.start, stop);
    if (answered) {
      e.status = (!due || e.responded_at <= *due) ? Status::kMet : Status::kBreachedLate;
    } else {
      e.status = (due && as_of_ > *due) ? Status::kBreachedUnanswered : Status::kPending;
    }
  }
}

std::vector<std::string> Evaluator::names(const std::vector<bool>& first,
                                          const std::vector<bool>& second) const {
  std::set<std::string> names;
  for (std::size_t slot = 0; slot < slots(); ++slot) {
    if (!first[slot] && !second[slot]) continue;
    names.insert(slot == 0 ? std::string()
                           : std::string(table_.strings.view(static_cast<std::uint32_t>(slot - 1))));
  }
  return std::vector<std::string>(names.begin(), names.end());
}

std::unique_ptr<Evaluator> clocks_for_inbound(const Policy& policy, const MessageTable& table,
                                              Instant as_of, const InboundSummary* inbound) {
  std::vector<bool> used(table.strings.size() + 1, false);
  Instant begin = as_of;
  if (inbound != nullptr) {
    if (inbound->earliest != kNoInstant) begin = std::min(begin, inbound->earliest);
    for (const std::uint32_t channel : inbound->channels) used[Evaluator::slot_of(channel)] = true;
  } else {
    std::uint32_t last_channel = Interner::kNone;
    bool any = false;
    for (const Message& m : table.messages) {
      if (m.direction != Direction::kInbound) continue;
      begin = std::min(begin, m.created_at);
      if (!any || m.channel != last_channel) {
        used[Evaluator::slot_of(m.channel)] = true;
        last_channel = m.channel;
        any = true;
      }
    }
  }
  // A span longer than the calendars' tables (a row dated 0001 or 9999):
  // the tables go where most of the inbound messages are.
  Instant hot = kNoInstant;
  if (as_of - begin > BusinessCalendar::kDenseDays * kMillisPerDay) {
    DensestStretch stretch(begin, as_of);
    for (const Message& m : table.messages) {
      if (m.direction == Direction::kInbound) stretch.add(m.created_at);
    }
    hot = stretch.start();
  }
  return std::make_unique<Evaluator>(policy, table, as_of, used, begin, as_of, hot);
}

void evaluate_episodes(const Policy& policy, const MessageTable& table, Instant as_of,
                       PodVector<Episode>& episodes, DataQuality& quality, unsigned threads) {
  if (episodes.empty()) return;
  // 1. One pass: the span every query falls in (from the earliest start to
  //    the latest of as_of and the responses) and the channels that open
  //    an episode.
  std::vector<bool> used(table.strings.size() + 1, false);
  Instant begin = episodes.front().start;
  Instant end = as_of;
  for (const Episode& e : episodes) {
    begin = std::min(begin, e.start);
    if (e.responded_at != kNoInstant) end = std::max(end, e.responded_at);
    used[Evaluator::slot_of(e.channel)] = true;
  }
  end = std::max(end, begin);

  // 2. The clock of every channel used, compiled once per calendar; its
  //    tables where most episodes start when the span is longer than them.
  Instant hot = kNoInstant;
  if (end - begin > BusinessCalendar::kDenseDays * kMillisPerDay) {
    DensestStretch stretch(begin, end);
    for (const Episode& e : episodes) stretch.add(e.start);
    hot = stretch.start();
  }
  const Evaluator evaluator(policy, table, as_of, used, begin, end, hot);

  // 3. Every episode against its clock: independent of the others. Each
  //    half marks the unconfigured channels it meets in its own flags.
  std::vector<bool> unconfigured[2] = {std::vector<bool>(evaluator.slots(), false),
                                       std::vector<bool>(evaluator.slots(), false)};
  const std::size_t n = episodes.size();
  run_in_halves(threads >= 2 && n >= kSplitFrom, n / 2, n, [&](std::size_t from, std::size_t to) {
    evaluator.evaluate(episodes.begin() + from, episodes.begin() + to,
                       unconfigured[from == 0 ? 0 : 1]);
  });
  quality.unconfigured_channels = evaluator.names(unconfigured[0], unconfigured[1]);
}

}  // namespace ssla
