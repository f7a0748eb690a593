// Stage 6: the report window and groups (spec 3.6): counts, attainment,
// goal status and nearest-rank response-time statistics per group.
#ifndef SSLA_AGGREGATE_H_
#define SSLA_AGGREGATE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ssla/audit/episodes.h"
#include "ssla/audit/stats.h"
#include "ssla/base/instant.h"
#include "ssla/base/key_map.h"
#include "ssla/base/zone.h"
#include "ssla/policy/policy.h"
#include "ssla/read/message.h"

namespace ssla {

/// A `--by` key.
enum class GroupBy : std::uint8_t {
  kChannel, kAccount, kDay, kWeek, kMonth, kKind, kPriority, kResponder
};

/// `channel`, `account`, `day`, `week`, `month`, `kind`, `priority`, `responder`.
std::string_view group_by_name(GroupBy by);

/// The value a group key holds where it is null (spec 8.8: the kind,
/// priority and responder of an exempt message, the responder of an
/// unanswered episode). A byte that valid UTF-8 never holds, so that it
/// sorts after every string in byte order; renderers print `null` or `(none)`.
inline constexpr std::string_view kNullKey = "\xff";

/// True when a group key value is kNullKey.
inline bool is_null_key(std::string_view v) { return v == kNullKey; }

/// The report window: episodes (and exempt messages) whose start lies in
/// [from, to) in UTC ms; an absent bound is open.
struct Window {
  std::optional<Instant> from;
  std::optional<Instant> to;
  bool contains(Instant t) const { return (!from || t >= *from) && (!to || t < *to); }
};

/// One row of the report.
struct Group {
  std::vector<std::string> key;  ///< values in --by order (channel lower-case, account as written)
  std::uint64_t episodes = 0, measured = 0, met = 0, breached_late = 0, breached_unanswered = 0,
                pending = 0, unconfigured = 0, exempt_messages = 0;
  std::optional<double> attainment;  ///< met / measured; none when measured == 0
  std::optional<Goal> goal;          ///< only when channel is a --by key and the channel (or,
                                     ///< with account among the keys, its entry) has one
  std::optional<bool> pass;          ///< with goal: attainment >= goal, or measured == 0
  /// With channel among the keys: the resolved owner (spec 8.1, 8.4), none
  /// when no owner applies. Printed only when the policy sets some owner.
  std::optional<std::string> owner;
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
  /// The ordinal (0, 1, ... in order of first sight) of the group episode
  /// `e` belongs in, the group created empty when new, for callers that
  /// keep figures of their own beside each group (`suggest`). Ordinals are
  /// this aggregator's own and hold until merge() or finish().
  std::uint32_t ordinal_of(const Episode& e);
  /// The key values of the group of `ordinal` (see ordinal_of()).
  const std::vector<std::string>& key_of(std::uint32_t ordinal) const;

  /// Takes over everything `other` counted; `other` is left empty.
  void merge(Aggregator& other);
  /// The groups, sorted by key values in --by order (byte order). Empties
  /// the aggregator. With `threads` >= 2 the groups' statistics are taken
  /// on two threads (the result is the same). With `total`, fills it with
  /// the figures over every episode and exempt message counted (spec 8.4:
  /// no key, goal and status null).
  std::vector<Group> finish(unsigned threads = 1, Group* total = nullptr);

 private:
  struct Accumulator;
  // What a group key may be made of: an episode's, or an exempt message's
  // (exempt: its kind, priority and responder are null).
  struct Facets {
    std::uint32_t channel = Interner::kNone;
    std::uint32_t account = Interner::kNone;
    std::uint32_t responder = Interner::kNone;
    std::uint16_t priority = 0;
    std::uint8_t kind = 0;  // EpisodeKind
    bool exempt = false;
  };
  struct FacetHash {
    std::size_t operator()(const Facets& f) const;
  };
  struct FacetEqual {
    bool operator()(const Facets& a, const Facets& b) const;
  };
  Accumulator* group_of(const Facets& facets, Instant t);
  Accumulator* make_group(const Facets& facets, Instant t);

  const Policy& policy_;
  const MessageTable& table_;
  const Window& window_;
  const std::vector<GroupBy>& by_;
  const Zone& report_zone_;
  bool by_channel_ = false;
  bool by_account_ = false;
  bool by_period_ = false;  // a day, week or month key: a group is more than channel and account
  bool by_facet_ = false;   // a kind, priority or responder key (and no period)
  // With kind, priority or responder keys and no period: the group of each
  // combination of the keys' values seen (the values of other keys zeroed).
  std::unordered_map<Facets, Accumulator*, FacetHash, FacetEqual> of_facets_;
  // byte order of keys, in --by order; nodes never move
  std::map<std::vector<std::string>, std::unique_ptr<Accumulator>> groups_;
  // Without a period in the key, a group is settled by channel and account:
  // the group of each pair seen, so that most episodes cost one hash lookup
  // instead of building and comparing string keys.
  KeyMap<Accumulator*> of_pair_;
  // The key of each group in order of first sight (nodes of groups_ never move).
  std::vector<const std::vector<std::string>*> keys_by_ordinal_;
  std::vector<std::string> key_;  // scratch
};

/// Groups the episodes and exempt messages inside `window` by `by`, keys
/// computed in `report_zone` from the episode start (exempt messages: their
/// created_at). Groups come sorted by key values in --by order (byte order).
/// With `total`, fills it as Aggregator::finish() does.
std::vector<Group> aggregate(const Policy& policy, const MessageTable& table,
                             const EpisodeSet& set, const Window& window,
                             const std::vector<GroupBy>& by, const Zone& report_zone,
                             Group* total = nullptr);

/// `2026-11-02` (day), `2026-W45` (ISO week), `2026-11` (month) of instant t in zone.
std::string period_key(GroupBy by, Instant t, const Zone& zone);

}  // namespace ssla

#endif  // SSLA_AGGREGATE_H_
