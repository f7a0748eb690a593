// Stage 5: evaluation (spec 3.5). Gives every episode its target, due,
// status, and business and calendar time.
#ifndef SSLA_EVALUATE_H_
#define SSLA_EVALUATE_H_

#include <memory>
#include <string>
#include <vector>

#include "ssla/policy/calendar.h"
#include "ssla/audit/data_quality.h"
#include "ssla/audit/episodes.h"
#include "ssla/base/instant.h"
#include "ssla/read/message.h"
#include "ssla/policy/policy.h"

namespace ssla {

/// The clock of every channel that may open an episode, compiled once, and
/// the evaluation of episodes against it. Const after construction: several
/// threads may evaluate at once.
class Evaluator {
 public:
  /// Compiles a clock for each channel whose slot is set in `used` (slot 0
  /// is the empty channel, slot c + 1 the channel of strings id c), each
  /// calendar once, for queries in [begin, end] (UTC ms; begin at or before
  /// every episode start, end at or after as_of and every response).
  /// `hot` is where most starts lie when the span is longer than a
  /// calendar's tables (BusinessCalendar, DensestStretch), else kNoInstant.
  /// `policy` and `table` must outlive the evaluator. Throws Error
  /// (kExitUsage) when a calendar's time zone is unknown.
  Evaluator(const Policy& policy, const MessageTable& table, Instant as_of,
            const std::vector<bool>& used, Instant begin, Instant end, Instant hot = kNoInstant);
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;
  ~Evaluator();

  /// Gives episodes [first, last) their rule (by channel and account),
  /// priority, target, due, status, business and calendar time. Sets unconfigured[slot] for each episode whose channel
  /// has no policy (`unconfigured` has slots() entries).
  void evaluate(Episode* first, Episode* last, std::vector<bool>& unconfigured) const;

  /// The calendar evaluated episode `e` was measured on (its rule's, spec
  /// 8.2); nullptr when it is unconfigured.
  const BusinessCalendar* calendar_of(const Episode& e) const {
    return e.rule < calendar_by_rule_.size() ? calendar_by_rule_[e.rule] : nullptr;
  }

  /// The number of channel slots (the size of `used` given to the constructor).
  std::size_t slots() const { return slots_; }
  /// The slot of an episode's channel.
  static std::size_t slot_of(std::uint32_t channel) {
    return channel == Interner::kNone ? std::size_t{0} : std::size_t{channel} + 1;
  }
  /// The channel names of the slots set in either of two threads'
  /// `unconfigured` flags, sorted.
  std::vector<std::string> names(const std::vector<bool>& first,
                                 const std::vector<bool>& second) const;

 private:
  struct Clock {
    std::size_t slot = 0;
    const ChannelPolicy* policy = nullptr;  // nullptr: unconfigured
    // Where the channel's rules start in flat_rules(), so in calendar_by_rule_.
    std::uint32_t rule_base = 0;
  };
  /// The clock of a slot; one without a policy for a slot that was not used.
  const Clock& clock_of(std::size_t slot) const;

  const MessageTable& table_;
  Instant as_of_;
  std::size_t slots_;
  // The used slots only, in slot order: slots are strings ids, and most
  // strings are authors, so a table by slot would cost 24 bytes per author.
  std::vector<Clock> clocks_;
  std::vector<std::unique_ptr<BusinessCalendar>> calendars_;
  // By Episode::rule: the compiled calendar of each rule of a used channel,
  // null for the rules of the others.
  std::vector<const BusinessCalendar*> calendar_by_rule_;
};

/// The evaluator a report of `table`'s conversations at `as_of` (UTC ms)
/// needs: a clock for the channel of every inbound message (only those
/// open episodes), for the span from the earliest of them to as_of (every
/// response in a conversation lies at or before as_of). Reads the messages
/// and the strings only. Throws as the Evaluator constructor does. With
/// `inbound` (the summary read_messages() kept of this table), the messages
/// are not read at all unless their span is longer than the calendars'
/// tables.
std::unique_ptr<Evaluator> clocks_for_inbound(const Policy& policy, const MessageTable& table,
                                              Instant as_of,
                                              const InboundSummary* inbound = nullptr);

/// Evaluates `episodes` in place against the policy at `as_of` (UTC ms).
/// Each calendar is compiled once for the span the episodes need. Fills
/// quality.unconfigured_channels (sorted). Throws Error(kExitUsage) when a
/// calendar's time zone is unknown. With `threads` >= 2 the episodes are
/// split between two threads; each episode's result does not depend on the
/// others, so the output is the same.
void evaluate_episodes(const Policy& policy, const MessageTable& table, Instant as_of,
                       PodVector<Episode>& episodes, DataQuality& quality,
                       unsigned threads = 1);

}  // namespace ssla

#endif  // SSLA_EVALUATE_H_
