// `ssla suggest` (spec 8.6): what the team's own history says it could
// promise. Per group: the kept target (the smallest whole number of minutes
// the history would have met at the goal), the share of customers who wrote
// while the calendar was closed and their median wait until it opened, and
// the demand by local weekday and hour.
#ifndef SSLA_SUGGEST_H_
#define SSLA_SUGGEST_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ssla/audit/audit.h"
#include "ssla/base/instant.h"
#include "ssla/policy/policy.h"

namespace ssla {

/// The largest target searched, in minutes: 365 days (spec 8.8).
inline constexpr std::int64_t kMaxKeptMinutes = 525'600;

/// The goals whose kept targets the table shows beside the group's own.
inline constexpr std::array<Goal, 3> kTradeOffGoals = {Goal{80, 100}, Goal{90, 100},
                                                       Goal{95, 100}};

/// The goal of groups that have none and no `--goal` (spec 8.6).
inline constexpr Goal kDefaultSuggestGoal{90, 100};

/// The smallest whole number of minutes T in [1, kMaxKeptMinutes] such
/// that, with target T for every episode, met / measured >= goal (exactly),
/// where an answered episode is met iff its business time is at most T and
/// an unanswered one is breached iff its business time at as_of exceeds T
/// (else pending, not measured). `answered` and `unanswered` hold business
/// ms and are sorted ascending. nullopt when no T reaches the goal.
/// Attainment only grows with T (met grows, measured shrinks, and with no
/// answered episode met is 0), so this is a binary search over T with
/// counts by binary search in the sorted values.
std::optional<std::int64_t> kept_target_minutes(std::span<const Millis> answered,
                                                std::span<const Millis> unanswered,
                                                const Goal& goal);

/// One cell of the demand by hour: episodes that started in that local
/// hour, and how many of them while their calendar was closed.
struct HourCell {
  std::uint64_t episodes = 0;
  std::uint64_t closed = 0;
};

/// The suggestion for one group (only groups with a configured episode).
struct SuggestGroup {
  std::vector<std::string> key;  ///< values in --by order, as in the report
  std::uint64_t episodes = 0;    ///< configured episodes of the window
  std::uint64_t measured = 0;    ///< under the current targets
  std::uint64_t met = 0;         ///< under the current targets
  std::optional<double> attainment;  ///< met / measured; none when measured == 0
  Goal goal;                     ///< the G used: --goal, else the group's, else 90 %
  std::optional<std::int64_t> kept_minutes;  ///< T at `goal`; none when never reached
  /// T at each of kTradeOffGoals, in that order.
  std::array<std::optional<std::int64_t>, kTradeOffGoals.size()> trade_off;
  std::uint64_t closed_starts = 0;  ///< starts outside their calendar's open hours
  double closed_share = 0;          ///< closed_starts / episodes, unrounded
  /// Median (nearest rank) calendar ms from a closed start to the next
  /// opening; none when no closed start has one.
  std::optional<Millis> closed_wait_p50;
  /// [weekday][hour] of the start in the report time zone; weekday 0 is
  /// Monday, 6 Sunday.
  std::array<std::array<HourCell, 24>, 7> demand{};
};

/// The whole `suggest` result; the Audit it was drawn from carries the
/// policy, as_of, window and --by.
struct Suggestion {
  Audit audit;  ///< the report run (groups only) the figures come from
  std::vector<SuggestGroup> groups;  ///< sorted like the report's groups
};

/// Runs the report pipeline on `read` (groups only, `options.lists_episodes`
/// and `options.sink` are set here) and draws the suggestion from it. `goal`
/// replaces every group's goal when set. Throws Error(kExitUsage) when
/// `options.by` lacks `channel` (spec 8.8).
Suggestion run_suggest(const Policy& policy, ReadResult read, AuditOptions options,
                       std::optional<Goal> goal);

}  // namespace ssla

#endif  // SSLA_SUGGEST_H_
