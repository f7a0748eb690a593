// The figures behind the charts and summary tables of the HTML and Markdown
// reports (the totals, the previous period, the response-time distribution
// per channel, the trend, demand by weekday and hour, the worst breaches),
// taken from the evaluated episodes so that the renderers only format.
#ifndef SSLA_REPORT_FIGURES_H_
#define SSLA_REPORT_FIGURES_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ssla/audit/aggregate.h"
#include "ssla/base/instant.h"

namespace ssla {

struct Audit;

/// Counts and business response times over a set of episodes.
struct Tally {
  std::uint64_t episodes = 0, measured = 0, met = 0, breached_late = 0, breached_unanswered = 0,
                pending = 0, unconfigured = 0;
  std::uint64_t exempt_messages = 0;  ///< exempt messages created in the period
  std::optional<double> attainment;  ///< met / measured; none when measured == 0
  Stats business;                    ///< business ms of met + breached_late
};

/// Business response times of one channel's answered episodes, counted in
/// bins whose edges are multiples of the channel's first-response target.
struct ResponseHistogram {
  std::string channel;                ///< lower-case channel name
  Millis target = 0;                  ///< the channel's first-response target, ms
  std::vector<Millis> edges;          ///< inclusive upper bounds of the bins, ascending, ms
  std::vector<std::uint64_t> answered;  ///< edges.size() + 1 counts: the last is above edges.back()
  std::uint64_t unanswered = 0;       ///< breached unanswered
  std::uint64_t pending = 0;          ///< not yet due or answered
  std::uint64_t episodes = 0;         ///< every episode of the channel in the window
};

/// One period of the trend.
struct TrendPoint {
  std::string period;  ///< period_key() of the period, e.g. `2026-10-05` or `2026-W41`
  std::uint64_t episodes = 0, measured = 0, met = 0;
  std::optional<double> attainment;  ///< met / measured; none when measured == 0
};

/// A goal line of the trend chart: one per channel with a goal.
struct GoalLine {
  std::string channel;
  double goal = 0;  ///< fraction in [0, 1]
};

/// Episodes that started in one local weekday and hour.
struct DemandCell {
  std::uint32_t episodes = 0;
  std::uint32_t closed = 0;  ///< of which started while the channel's calendar was closed
  double open_share = 1;     ///< share of this weekday-hour's time the calendar was open
                             ///< over the weeks the window spans, 0..1
};

/// Demand of one channel by local weekday and hour of episode start, in
/// the report time zone.
struct Demand {
  std::string channel;
  std::string calendar;                          ///< the channel's calendar name
  std::array<std::array<DemandCell, 24>, 7> cells{};  ///< [0] = Monday .. [6] = Sunday
  std::uint64_t episodes = 0, closed = 0;
};

/// Everything the HTML and Markdown reports show beyond the groups.
struct ReportFigures {
  Tally total;                      ///< every episode of the window
  /// The period of the same length just before the window, when the window
  /// has both bounds and the input's episodes begin at or before its start.
  std::optional<Window> previous_window;
  std::optional<Tally> previous;    ///< set with previous_window
  std::optional<Instant> first_start, last_start;  ///< of the window's episodes, UTC ms
  std::vector<ResponseHistogram> response;  ///< configured channels, most episodes first
  GroupBy trend_by = GroupBy::kDay;         ///< kDay, kWeek or kMonth by the span shown
  std::vector<TrendPoint> trend;            ///< in period order, every period of the span
  /// Episodes of the window left out of the trend: without a lower window
  /// bound the trend starts at the earliest of the latest 99.5 % of starts,
  /// so that a few stray old messages do not stretch it over years.
  std::uint64_t trend_earlier = 0;
  std::vector<GoalLine> goals;              ///< channels of the window with a goal, by name
  std::vector<Demand> demand;               ///< configured channels, most episodes first
  std::vector<std::size_t> groups_by_volume;  ///< indexes into Audit::groups, most episodes first
  std::vector<std::uint32_t> worst_breaches;  ///< indexes into the episodes, most overdue first
  std::uint64_t breaches = 0;               ///< every listed breach of the window
};

/// Groups with fewer measured episodes than this are marked as small: one
/// episode moves their attainment by five points or more.
inline constexpr std::uint64_t kSmallGroup = 20;

/// The figures of a finished audit whose episodes are kept and evaluated
/// (AuditOptions::lists_episodes). `max_breaches` caps worst_breaches.
/// Throws Error(kExitUsage) when a channel's calendar has an unknown zone.
ReportFigures report_figures(const Audit& audit, std::size_t max_breaches = 50);

}  // namespace ssla

#endif  // SSLA_REPORT_FIGURES_H_
