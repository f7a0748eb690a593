#include "ssla/audit/suggest.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>

#include <date/tz.h>

#include "ssla/base/error.h"
#include "ssla/base/halves.h"
#include "ssla/base/pod_vector.h"
#include "ssla/policy/calendar.h"

namespace ssla {

namespace {

// True when, with target T minutes, the episodes meet `goal`.
bool meets(std::span<const Millis> answered, std::span<const Millis> unanswered,
           const Goal& goal, std::int64_t minutes) {
  const Millis t = minutes * kMillisPerMinute;
  const auto met = std::upper_bound(answered.begin(), answered.end(), t) - answered.begin();
  const auto pending = std::upper_bound(unanswered.begin(), unanswered.end(), t) -
                       unanswered.begin();
  const std::int64_t measured = static_cast<std::int64_t>(answered.size()) +
                                static_cast<std::int64_t>(unanswered.size()) - pending;
  return measured > 0 && goal.met_by(met, measured);
}

// The local weekday (0 = Monday) and hour of instant t in a zone, with the
// zone's offset kept for the span it holds: episodes of one export fall
// in a few dozen such spans, and a tz database lookup per episode would
// cost more than the rest of the figures together.
class LocalHour {
 public:
  explicit LocalHour(const Zone& zone) : tz_(zone.tz()) {}

  std::pair<unsigned, unsigned> of(Instant t) {
    if (tz_ != nullptr && (t < from_ || t >= to_)) refresh(t);
    const std::int64_t local = t + offset_;
    const std::int64_t day = floor_div(local, kMillisPerDay);
    const std::int64_t in_day = local - day * kMillisPerDay;
    // 1970-01-01 was a Thursday: weekday 3 counting from Monday.
    const auto weekday = static_cast<unsigned>(((day % 7) + 7 + 3) % 7);
    return {weekday, static_cast<unsigned>(in_day / kMillisPerHour)};
  }

 private:
  void refresh(Instant t) {
    using std::chrono::milliseconds;
    const date::sys_info info = tz_->get_info(date::sys_time<milliseconds>(milliseconds(t)));
    offset_ = std::chrono::duration_cast<milliseconds>(info.offset).count();
    from_ = std::chrono::duration_cast<milliseconds>(info.begin.time_since_epoch()).count();
    to_ = std::chrono::duration_cast<milliseconds>(info.end.time_since_epoch()).count();
  }

  const date::time_zone* tz_;
  Millis offset_ = 0;
  Instant from_ = 0, to_ = 0;
};

// One group's figures, as one half of the conversations gave them.
struct Figures {
  PodVector<Millis> answered;    // business ms of answered episodes
  PodVector<Millis> unanswered;  // business ms at as_of of unanswered ones
  PodVector<Millis> waits;       // calendar ms from a closed start to the next opening
  std::uint64_t closed = 0;
  std::array<std::array<HourCell, 24>, 7> demand{};

  void take(Figures& other) {
    answered.take_append(other.answered);
    unanswered.take_append(other.unanswered);
    waits.take_append(other.waits);
    closed += other.closed;
    for (std::size_t d = 0; d < 7; ++d) {
      for (std::size_t h = 0; h < 24; ++h) {
        demand[d][h].episodes += other.demand[d][h].episodes;
        demand[d][h].closed += other.demand[d][h].closed;
      }
    }
  }
};

// Collects each configured episode of the window beside its group, per
// half of the conversations, so that the two threads share nothing.
class Collector final : public EpisodeSink {
 public:
  Collector(const Window& window, const Zone& report_zone)
      : window_(window), halves_{Half(report_zone), Half(report_zone)} {}

  void add(unsigned half, const EpisodeSet& block, Aggregator& groups,
           const Evaluator& clocks) override {
    Half& h = halves_[half];
    for (const Episode& e : block.episodes) {
      if (e.status == Status::kUnconfigured || !window_.contains(e.start)) continue;
      const std::uint32_t ordinal = groups.ordinal_of(e);
      if (ordinal >= h.figures.size()) {
        h.figures.resize(ordinal + 1);
        h.keys.resize(ordinal + 1);
      }
      std::unique_ptr<Figures>& f = h.figures[ordinal];
      if (f == nullptr) {
        f = std::make_unique<Figures>();
        h.keys[ordinal] = groups.key_of(ordinal);
      }
      if (e.responded_at != kNoInstant) {
        f->answered.push_back(e.business);
      } else {
        f->unanswered.push_back(e.business);
      }
      if (h.calendar_rule != e.rule || h.calendar == nullptr) {
        h.calendar = clocks.calendar_of(e);
        h.calendar_rule = e.rule;
      }
      const std::optional<Instant> opening = h.calendar->next_opening(e.start);
      const bool closed = !opening || *opening != e.start;
      const auto [weekday, hour] = h.local.of(e.start);
      HourCell& cell = f->demand[weekday][hour];
      ++cell.episodes;
      if (closed) {
        ++cell.closed;
        ++f->closed;
        if (opening) f->waits.push_back(*opening - e.start);
      }
    }
  }

  // Both halves' figures, by key.
  std::map<std::vector<std::string>, std::unique_ptr<Figures>> finish() {
    std::map<std::vector<std::string>, std::unique_ptr<Figures>> out;
    for (Half& h : halves_) {
      for (std::size_t k = 0; k < h.figures.size(); ++k) {
        if (h.figures[k] == nullptr) continue;
        std::unique_ptr<Figures>& slot = out[h.keys[k]];
        if (slot == nullptr) {
          slot = std::move(h.figures[k]);
        } else {
          slot->take(*h.figures[k]);
        }
      }
    }
    return out;
  }

 private:
  struct alignas(kCacheLine) Half {
    explicit Half(const Zone& zone) : local(zone) {}
    std::vector<std::unique_ptr<Figures>> figures;  // by the half's aggregator ordinal
    std::vector<std::vector<std::string>> keys;
    LocalHour local;
    std::uint32_t calendar_rule = kNoRule;  // the rule of `calendar` (Episode::rule)
    const BusinessCalendar* calendar = nullptr;
  };

  const Window& window_;
  Half halves_[2];
};

// The suggestion of one group from its figures; sorts the figures' values.
void suggest_group(Figures& f, SuggestGroup& g) {
  std::sort(f.answered.begin(), f.answered.end());
  std::sort(f.unanswered.begin(), f.unanswered.end());
  const std::span<const Millis> a(f.answered.data(), f.answered.size());
  const std::span<const Millis> u(f.unanswered.data(), f.unanswered.size());
  g.kept_minutes = kept_target_minutes(a, u, g.goal);
  for (std::size_t i = 0; i < kTradeOffGoals.size(); ++i) {
    g.trade_off[i] = kept_target_minutes(a, u, kTradeOffGoals[i]);
  }
  g.closed_starts = f.closed;
  g.closed_share = static_cast<double>(f.closed) / static_cast<double>(g.episodes);
  if (!f.waits.empty()) {
    const std::size_t n = f.waits.size();
    const std::size_t rank = (n * 50 + 99) / 100;  // nearest rank, >= 1
    std::nth_element(f.waits.begin(), f.waits.begin() + (rank - 1), f.waits.end());
    g.closed_wait_p50 = f.waits[rank - 1];
  }
  g.demand = f.demand;
}

}  // namespace

std::optional<std::int64_t> kept_target_minutes(std::span<const Millis> answered,
                                                std::span<const Millis> unanswered,
                                                const Goal& goal) {
  if (!meets(answered, unanswered, goal, kMaxKeptMinutes)) return std::nullopt;
  std::int64_t lo = 1, hi = kMaxKeptMinutes;  // hi meets the goal
  while (lo < hi) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    if (meets(answered, unanswered, goal, mid)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

Suggestion run_suggest(const Policy& policy, ReadResult read, AuditOptions options,
                       std::optional<Goal> goal) {
  if (std::find(options.by.begin(), options.by.end(), GroupBy::kChannel) == options.by.end()) {
    throw usage_error("suggest: --by must include channel (a kept target needs the channel's "
                      "calendar and targets)");
  }
  Suggestion s;
  const Zone zone = Zone::find(policy.timezone);
  Collector collector(options.window, zone);
  options.lists_episodes = false;
  options.sink = &collector;
  s.audit = run_audit(policy, std::move(read), options);
  s.audit.options.sink = nullptr;
  auto figures = collector.finish();

  // The report's groups give the order, the goal and the figures under the
  // current targets; groups without a configured episode are left out.
  std::vector<std::pair<const Group*, Figures*>> listed;
  for (const Group& group : s.audit.groups) {
    auto it = figures.find(group.key);
    if (it != figures.end()) listed.emplace_back(&group, it->second.get());
  }
  s.groups.resize(listed.size());
  // Each group depends on its own values alone: two threads take a half.
  std::size_t values = 0;
  for (const auto& [group, f] : listed) values += f->answered.size() + f->unanswered.size();
  run_in_halves(options.threads >= 2 && values >= kSplitFrom, listed.size() / 2, listed.size(),
                [&](std::size_t from, std::size_t to) {
                  for (std::size_t k = from; k < to; ++k) {
                    const Group& group = *listed[k].first;
                    SuggestGroup& g = s.groups[k];
                    g.key = group.key;
                    g.episodes = group.episodes - group.unconfigured;
                    g.measured = group.measured;
                    g.met = group.met;
                    g.attainment = group.attainment;
                    g.goal = goal ? *goal : group.goal.value_or(kDefaultSuggestGoal);
                    suggest_group(*listed[k].second, g);
                  }
                });
  return s;
}

}  // namespace ssla
