// Stage 6: the report window and groups (spec 3.6): counts, attainment,
// goal status and nearest-rank response-time statistics per group.
#ifndef SSLA_AGGREGATE_H_
#define SSLA_AGGREGATE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ssla/audit/episodes.h"
#include "ssla/base/instant.h"
#include "ssla/base/key_map.h"
#include "ssla/read/message.h"
#include "ssla/policy/policy.h"
#include "ssla/base/zone.h"

namespace ssla {

/// A `--by` key.
enum class GroupBy : std::uint8_t { kChannel, kAccount, kDay, kWeek, kMonth };

/// `channel`, `account`, `day`, `week`, `month`.
std::string_view group_by_name(GroupBy by);

/// The report window: episodes (and exempt messages) whose start lies in
/// [from, to) in UTC ms; an absent bound is open.
struct Window {
  std::optional<Instant> from;
  std::optional<Instant> to;
  bool contains(Instant t) const { return (!from || t >= *from) && (!to || t < *to); }
};

/// Response-time statistics over answered episodes, in ms (spec 3.6, 7).
struct Stats {
  bool present = false;  ///< false when the group has no answered episode (all null)
  Millis p50 = 0, p90 = 0, p95 = 0, max = 0;
  double mean = 0;       ///< ms, not rounded
};

/// One row of the report.
struct Group {
  std::vector<std::string> key;  ///< values in --by order (channel lower-case, account as written)
  std::uint64_t episodes = 0, measured = 0, met = 0, breached_late = 0, breached_unanswered = 0,
                pending = 0, unconfigured = 0, exempt_messages = 0;
  std::optional<double> attainment;  ///< met / measured; none when measured == 0
  std::optional<Goal> goal;          ///< only when channel is a --by key and the channel has one
  std::optional<bool> pass;          ///< with goal: attainment >= goal, or measured == 0
  Stats business;                    ///< business ms of met + breached_late
  Stats calendar;                    ///< calendar ms of met + breached_late
};

/// Groups evaluated episodes and exempt messages as they come, a block at a
/// time: what aggregate() does in one go. Two aggregators fed disjoint
/// blocks (on two threads) and then merged give the same groups as one fed
/// everything, in any order. Holds each group's answered response times
/// (16 bytes per answered episode) until finish().
class Aggregator {
 public:
  /// Every argument must outlive the aggregator; see aggregate().
  Aggregator(const Policy& policy, const MessageTable& table, const Window& window,
             const std::vector<GroupBy>& by, const Zone& report_zone);
  Aggregator(const Aggregator&) = delete;
  Aggregator& operator=(const Aggregator&) = delete;
  ~Aggregator();

  /// Counts the episodes (already evaluated) and exempt messages of `set`.
  void add(const EpisodeSet& set);
  /// Takes over everything `other` counted; `other` is left empty.
  void merge(Aggregator& other);
  /// The groups, sorted by key values in --by order (byte order). Empties
  /// the aggregator. With `threads` >= 2 the groups' statistics are taken
  /// on two threads (the result is the same).
  std::vector<Group> finish(unsigned threads = 1);

 private:
  struct Accumulator;
  Accumulator* group_of(std::uint32_t channel, std::uint32_t account, Instant t);

  const Policy& policy_;
  const MessageTable& table_;
  const Window& window_;
  const std::vector<GroupBy>& by_;
  const Zone& report_zone_;
  bool by_channel_ = false;
  bool by_period_ = false;  // a day, week or month key: a group is more than channel and account
  // byte order of keys, in --by order; nodes never move
  std::map<std::vector<std::string>, std::unique_ptr<Accumulator>> groups_;
  // Without a period in the key, a group is settled by channel and account:
  // the group of each pair seen, so that most episodes cost one hash lookup
  // instead of building and comparing string keys.
  KeyMap<Accumulator*> of_pair_;
  std::vector<std::string> key_;  // scratch
};

/// Groups the episodes and exempt messages inside `window` by `by`, keys
/// computed in `report_zone` from the episode start (exempt messages: their
/// created_at). Groups come sorted by key values in --by order (byte order).
std::vector<Group> aggregate(const Policy& policy, const MessageTable& table,
                             const EpisodeSet& set, const Window& window,
                             const std::vector<GroupBy>& by, const Zone& report_zone);

/// Nearest-rank percentile (rank = ceil(n * pct / 100), 1-based) of sorted values.
Millis nearest_rank(const std::vector<Millis>& sorted, int pct);

/// Nearest-rank p50, p90, p95, max and the mean of `values` (ms, any
/// order); reorders them. Not present when `values` is empty.
Stats stats_of(PodVector<Millis>& values);

/// `2026-11-02` (day), `2026-W45` (ISO week), `2026-11` (month) of instant t in zone.
std::string period_key(GroupBy by, Instant t, const Zone& zone);

}  // namespace ssla

#endif  // SSLA_AGGREGATE_H_
