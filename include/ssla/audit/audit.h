// The whole pipeline after reading: conversations -> episodes -> evaluate ->
// aggregate. Renderers take the finished Audit and never recompute.
#ifndef SSLA_AUDIT_H_
#define SSLA_AUDIT_H_

#include <optional>
#include <vector>

#include "ssla/audit/aggregate.h"
#include "ssla/audit/conversations.h"
#include "ssla/audit/data_quality.h"
#include "ssla/audit/episodes.h"
#include "ssla/audit/evaluate.h"
#include "ssla/audit/report_figures.h"
#include "ssla/base/zone.h"
#include "ssla/policy/policy.h"
#include "ssla/read/read.h"

namespace ssla {

/// Sees every block of evaluated episodes of a groups-only run (see
/// AuditOptions::sink), for figures the groups do not hold (`suggest`).
class EpisodeSink {
 public:
  virtual ~EpisodeSink() = default;
  /// Called on the thread of `half` (0 or 1; the two halves may run at
  /// once, each one block at a time) after `groups`, that half's
  /// aggregator, has counted `block`; `clocks` measured it. Episodes
  /// outside the window are in the block too.
  virtual void add(unsigned half, const EpisodeSet& block, Aggregator& groups,
                   const Evaluator& clocks) = 0;
};

/// What the report asks for (already validated and resolved to instants).
struct AuditOptions {
  std::optional<Instant> as_of;                ///< --as-of; default: latest created_at read
  Window window;                               ///< --from/--to/--month
  std::vector<GroupBy> by{GroupBy::kChannel};  ///< --by
  /// The output lists episodes or messages (breach lists, episode records,
  /// explain, inspect). When false, only group figures are wanted, which do
  /// not depend on episode order or message ids: the episodes stay unsorted
  /// (the sort is the most expensive step after reading) and the ids,
  /// their index and the conversation member lists are freed as soon as the
  /// pipeline is done with them, which lowers the peak memory.
  bool lists_episodes = true;
  /// Cores the stages after reading may use (1 or 2); results are the same.
  unsigned threads = 1;
  /// With lists_episodes: the output lists the window's breaches and no
  /// other episode (the JSON report, a table with --breaches). The
  /// episodes are then found, evaluated and counted a block at a time as
  /// for groups only, and only the breaches are kept and sorted:
  /// Audit::episodes holds just those. Not with figures.
  bool breaches_only = false;
  /// Not owned; when set, lists_episodes must be false: it sees each block.
  EpisodeSink* sink = nullptr;
  /// Take the figures of the HTML and Markdown reports (report_figures());
  /// needs lists_episodes.
  bool figures = false;
  /// With lists_episodes and not breaches_only: Audit::episodes are put in
  /// report order (by start, then opener). False when the output lists no
  /// episode in that order (the HTML and Markdown reports without
  /// --breaches show the most overdue breaches only, in an order of their
  /// own): the sort, several seconds at 10 M messages, is then skipped.
  bool report_order = true;
  /// Keep what looks a message up by its id after the episodes are found
  /// (MessageTable::index_of_id, the conversations' member lists), as
  /// `explain` needs; other listings free it before they print.
  bool looks_up_messages = false;
  /// The current local date in the report time zone (days since
  /// 1970-01-01), for the policy's review (spec 8.1); the CLI sets it from
  /// the clock or SSLA_TODAY when the policy has a review.
  std::optional<std::int64_t> today;
};

/// Where the policy's review stands (spec 8.1, 8.4).
struct ReviewState {
  std::int64_t last_day = 0;  ///< local date, days since 1970-01-01
  std::int64_t next_day = 0;  ///< local date
  bool overdue = false;       ///< today is after next_day
};

/// Everything a report shows. Owns the message table.
struct Audit {
  const Policy* policy = nullptr;  ///< not owned; outlives the Audit
  /// flat_rules(*policy): the rule of an episode by Episode::rule.
  std::vector<const EpisodeRule*> rules;
  ReadResult read;
  Conversations conversations;
  EpisodeSet episodes;  ///< all episodes (the window applies in groups and renderers);
                        ///< sorted unless options.lists_episodes is false; only the
                        ///< window's breaches with options.breaches_only
  std::vector<Group> groups;
  Group total;                           ///< over every episode and exempt message of the window
  std::optional<ReviewState> review;     ///< when the policy has `review` and options.today is set
  DataQuality quality;                   ///< over all input
  std::optional<ReportFigures> figures;  ///< when options.figures
  Instant as_of = 0;                     ///< UTC ms
  /// The earliest and latest start of every episode, in the window or not
  /// (UTC ms; kNoInstant when there is none): what a window that holds no
  /// episode missed (spec 8.7).
  Instant first_start = kNoInstant;
  Instant last_start = kNoInstant;
  AuditOptions options;
  Zone report_zone;

  /// The episode's priority as printed (`normal` when no rule matched).
  std::string_view priority_of(const Episode& e) const {
    return policy->priority_names[e.priority];
  }
  /// The episode's owner (spec 8.1): its rule's, or the top-level owner for
  /// an unconfigured episode; none when no owner applies.
  const std::optional<std::string>& owner_of(const Episode& e) const {
    return e.rule != kNoRule ? rules[e.rule]->owner : policy->owner;
  }
  /// True when episode e's start lies in the report window.
  bool in_window(const Episode& e) const { return options.window.contains(e.start); }
  /// True when e belongs in a breaches list: in the window and breached.
  bool listed_breach(const Episode& e) const {
    return in_window(e) &&
           (e.status == Status::kBreachedLate || e.status == Status::kBreachedUnanswered);
  }
};

/// Stages 3 to 5 for a report that shows groups only: the episodes of each
/// block of conversations are found, evaluated with `evaluator` (see
/// clocks_for_inbound()) and counted, then dropped, so that they never all
/// exist at once (the same groups as aggregate() over evaluate_episodes()
/// over find_episodes()). Fills quality.unconfigured_channels. With
/// `threads` >= 2, each of two threads takes half of the conversations and
/// the two groupings are merged. When `total` is given, it receives the
/// group of every episode of the window; when `span` is given, it receives the
/// earliest and latest start of all episodes (kNoInstant when none).
std::vector<Group> groups_in_blocks(const Policy& policy, const MessageTable& table,
                                    const Conversations& conversations, const Evaluator& evaluator,
                                    const Window& window, const std::vector<GroupBy>& by,
                                    const Zone& report_zone, DataQuality& quality,
                                    unsigned threads = 1, Group* total = nullptr,
                                    std::pair<Instant, Instant>* span = nullptr,
                                    EpisodeSink* sink = nullptr);

/// Runs the stages after reading, in order. Throws Error(kExitUsage) for a
/// calendar with an unknown zone.
Audit run_audit(const Policy& policy, ReadResult read, const AuditOptions& options);

}  // namespace ssla

#endif  // SSLA_AUDIT_H_
