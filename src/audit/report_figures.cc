#include "ssla/audit/report_figures.h"

#include <algorithm>
#include <map>
#include <memory>

#include "ssla/audit/audit.h"
#include "ssla/policy/calendar.h"

namespace ssla {

namespace {

bool answered(Status s) { return s == Status::kMet || s == Status::kBreachedLate; }

// Counts one episode into a tally; its business time joins `business` when
// it was answered.
void count(const Episode& e, Tally& t, PodVector<Millis>& business) {
  ++t.episodes;
  switch (e.status) {
    case Status::kMet: ++t.met; break;
    case Status::kBreachedLate: ++t.breached_late; break;
    case Status::kBreachedUnanswered: ++t.breached_unanswered; break;
    case Status::kPending: ++t.pending; break;
    case Status::kUnconfigured: ++t.unconfigured; return;
  }
  if (e.status != Status::kPending) ++t.measured;
  if (answered(e.status)) business.push_back(e.business);
}

// The exempt messages created in `w`.
std::uint64_t exempt_in(const Audit& audit, const Window& w) {
  std::uint64_t n = 0;
  for (const ExemptMessage& x : audit.episodes.exempt) {
    n += w.contains(audit.read.table.messages[x.message].created_at);
  }
  return n;
}

void finish(Tally& t, PodVector<Millis>& business) {
  if (t.measured > 0) t.attainment = static_cast<double>(t.met) / static_cast<double>(t.measured);
  t.business = stats_of(business);
}

// Monday = 0 .. Sunday = 6 from LocalTime::weekday (Sunday = 0).
unsigned monday_first(unsigned weekday) { return (weekday + 6) % 7; }

// The trend's period by the span of days it covers: days up to two months,
// ISO weeks up to two years, months beyond.
GroupBy trend_period(Millis span) {
  if (span <= 62 * kMillisPerDay) return GroupBy::kDay;
  if (span <= 730 * kMillisPerDay) return GroupBy::kWeek;
  return GroupBy::kMonth;
}

// Per channel with a policy: its index in the figures' lists.
struct ChannelSlot {
  const ChannelPolicy* policy = nullptr;
  std::size_t index = 0;
};

// The share of each local weekday-hour that `calendar` is open over
// [begin, end), an hour at a time (at most two years of hours: beyond that
// the weekly pattern is taken from the first two years).
void open_shares(const BusinessCalendar& calendar, const Zone& zone, Instant begin, Instant end,
                 Demand& d) {
  std::array<std::array<Millis, 24>, 7> open{}, total{};
  begin -= ((begin % kMillisPerHour) + kMillisPerHour) % kMillisPerHour;
  end = std::min(end, begin + 730 * kMillisPerDay);
  for (Instant t = begin; t < end; t += kMillisPerHour) {
    const LocalTime l = zone.to_local(t);
    const unsigned w = monday_first(l.weekday);
    open[w][l.hour] += calendar.business(t, t + kMillisPerHour);
    total[w][l.hour] += kMillisPerHour;
  }
  for (unsigned w = 0; w < 7; ++w) {
    for (unsigned h = 0; h < 24; ++h) {
      if (total[w][h] > 0) {
        d.cells[w][h].open_share = static_cast<double>(open[w][h]) / total[w][h];
      }
    }
  }
}

}  // namespace

ReportFigures report_figures(const Audit& audit, std::size_t max_breaches) {
  ReportFigures f;
  const Policy& policy = *audit.policy;
  const MessageTable& table = audit.read.table;
  const Window& window = audit.options.window;
  const PodVector<Episode>& episodes = audit.episodes.episodes;

  // 1. The total, first and last start, channels, breaches.
  PodVector<Millis> business;
  std::map<std::uint32_t, ChannelSlot> channels;  // strings id -> slot
  std::vector<std::pair<Millis, std::uint32_t>> overdue;  // (overdue ms, episode index)
  std::optional<Instant> earliest;  // of every episode, in the window or not
  for (std::size_t i = 0; i < episodes.size(); ++i) {
    const Episode& e = episodes[i];
    earliest = std::min(earliest.value_or(e.start), e.start);
    if (!audit.in_window(e)) continue;
    count(e, f.total, business);
    f.first_start = std::min(f.first_start.value_or(e.start), e.start);
    f.last_start = std::max(f.last_start.value_or(e.start), e.start);
    if (audit.listed_breach(e)) overdue.emplace_back(e.business - e.target, i);
    if (!channels.count(e.channel)) {
      ChannelSlot slot;
      slot.policy = policy.channel_for(table.strings.view(e.channel));
      channels.emplace(e.channel, slot);
    }
  }
  finish(f.total, business);
  f.total.exempt_messages = exempt_in(audit, window);
  f.breaches = overdue.size();

  // 2. The worst breaches: most overdue first, then in report order (by
  //    start, then opener: the episodes themselves may be unsorted, see
  //    AuditOptions::report_order).
  const std::size_t keep = std::min(max_breaches, overdue.size());
  std::partial_sort(overdue.begin(), overdue.begin() + keep, overdue.end(),
                    [&](const auto& a, const auto& b) {
                      if (a.first != b.first) return a.first > b.first;
                      const Episode& x = episodes[a.second];
                      const Episode& y = episodes[b.second];
                      if (x.start != y.start) return x.start < y.start;
                      return x.opened_by < y.opened_by;
                    });
  for (std::size_t i = 0; i < keep; ++i) f.worst_breaches.push_back(overdue[i].second);
  overdue = {};

  // 3. The previous period of the same length, when the input reaches back
  //    to its start.
  std::optional<Instant> prev_from;
  if (window.from && window.to) {
    // Whole local days (a --month or dates): as many local days before, so
    // that a daylight-saving change does not shift the start off midnight.
    const Zone& zone = audit.report_zone;
    const LocalTime a = zone.to_local(*window.from), b = zone.to_local(*window.to);
    const bool midnights = a.hour == 0 && a.minute == 0 && a.second == 0 && a.millis == 0 &&
                           b.hour == 0 && b.minute == 0 && b.second == 0 && b.millis == 0;
    if (midnights) {
      const std::int64_t first = days_from_civil(a.year, a.month, a.day);
      const std::int64_t days = days_from_civil(b.year, b.month, b.day) - first;
      prev_from = zone.from_local((first - days) * kMillisPerDay);
    } else {
      prev_from = *window.from - (*window.to - *window.from);
    }
  }
  if (prev_from && earliest && *earliest <= *prev_from) {
    Window prev{*prev_from, *window.from};
    Tally t;
    PodVector<Millis> values;
    for (const Episode& e : episodes) {
      if (prev.contains(e.start)) count(e, t, values);
    }
    finish(t, values);
    t.exempt_messages = exempt_in(audit, prev);
    f.previous_window = prev;
    f.previous = t;
  }

  // Groups by volume, most episodes first (ties in report order).
  f.groups_by_volume.resize(audit.groups.size());
  for (std::size_t i = 0; i < audit.groups.size(); ++i) f.groups_by_volume[i] = i;
  std::stable_sort(f.groups_by_volume.begin(), f.groups_by_volume.end(),
                   [&](std::size_t a, std::size_t b) {
                     return audit.groups[a].episodes > audit.groups[b].episodes;
                   });

  if (!f.first_start) return f;  // no episode in the window: nothing to chart

  // 4. Channels with a policy, by name; goal lines.
  std::vector<std::uint32_t> configured;
  for (auto& [id, slot] : channels) {
    if (slot.policy != nullptr) configured.push_back(id);
  }
  std::sort(configured.begin(), configured.end(), [&](std::uint32_t a, std::uint32_t b) {
    return table.strings.view(a) < table.strings.view(b);
  });
  for (std::uint32_t id : configured) {
    ChannelSlot& slot = channels[id];
    slot.index = f.response.size();
    ResponseHistogram h;
    h.channel = std::string(table.strings.view(id));
    h.target = slot.policy->first_response;
    for (Millis m : {h.target / 4, h.target / 2, h.target, 2 * h.target, 4 * h.target,
                     8 * h.target}) {
      h.edges.push_back(m);
    }
    h.answered.assign(h.edges.size() + 1, 0);
    f.response.push_back(std::move(h));
    Demand d;
    d.channel = f.response.back().channel;
    d.calendar = slot.policy->calendar;
    f.demand.push_back(std::move(d));
    if (slot.policy->goal) f.goals.push_back({f.response.back().channel, slot.policy->goal->value()});
  }

  // 5. The span shown: the window when it has both bounds, else from the
  //    first to the last start. Without a lower bound the trend leaves out
  //    the earliest 0.5 % of starts (a twcs export has a few tweets from
  //    years before the rest).
  const Instant span_from = window.from.value_or(*f.first_start);
  const Instant span_to = window.to.value_or(*f.last_start + 1);
  Instant trend_from = span_from;
  if (!window.from) {
    std::vector<Instant> starts;
    starts.reserve(f.total.episodes);
    for (const Episode& e : episodes) {
      if (audit.in_window(e)) starts.push_back(e.start);
    }
    const std::size_t cut = starts.size() / 200;
    std::nth_element(starts.begin(), starts.begin() + cut, starts.end());
    trend_from = starts[cut];
  }
  f.trend_by = trend_period(span_to - trend_from);

  // One calendar per channel, compiled for the span.
  std::map<std::string, std::unique_ptr<BusinessCalendar>> calendars;
  std::vector<const BusinessCalendar*> calendar_of(f.demand.size(), nullptr);
  for (std::size_t c = 0; c < f.demand.size(); ++c) {
    std::unique_ptr<BusinessCalendar>& cal = calendars[f.demand[c].calendar];
    if (cal == nullptr) {
      const CalendarSpec* spec = policy.find_calendar(f.demand[c].calendar);
      if (spec == nullptr) continue;
      cal = std::make_unique<BusinessCalendar>(*spec, span_from, span_to);
    }
    calendar_of[c] = cal.get();
  }

  // 6. Histograms, demand and trend, one pass over the window's episodes.
  std::map<std::string, TrendPoint> trend;
  for (const Episode& e : episodes) {
    if (!audit.in_window(e)) continue;
    if (e.start < trend_from) {
      ++f.trend_earlier;
    } else {
      TrendPoint& p = trend[period_key(f.trend_by, e.start, audit.report_zone)];
      ++p.episodes;
      if (e.status == Status::kMet) ++p.met;
      if (e.status != Status::kPending && e.status != Status::kUnconfigured) ++p.measured;
    }

    const ChannelSlot& slot = channels[e.channel];
    if (slot.policy == nullptr) continue;
    ResponseHistogram& h = f.response[slot.index];
    ++h.episodes;
    if (answered(e.status)) {
      const auto bin = std::lower_bound(h.edges.begin(), h.edges.end(), e.business);
      ++h.answered[static_cast<std::size_t>(bin - h.edges.begin())];
    } else if (e.status == Status::kBreachedUnanswered) {
      ++h.unanswered;
    } else if (e.status == Status::kPending) {
      ++h.pending;
    }
    Demand& d = f.demand[slot.index];
    const LocalTime l = audit.report_zone.to_local(e.start);
    DemandCell& cell = d.cells[monday_first(l.weekday)][l.hour];
    ++cell.episodes;
    ++d.episodes;
    const BusinessCalendar* cal = calendar_of[slot.index];
    if (cal != nullptr && !cal->is_open(e.start)) {
      ++cell.closed;
      ++d.closed;
    }
  }
  for (std::size_t c = 0; c < f.demand.size(); ++c) {
    if (calendar_of[c] != nullptr) {
      open_shares(*calendar_of[c], audit.report_zone, span_from, span_to, f.demand[c]);
    }
  }

  // Every period of the span, empty ones too (up to twenty years of them).
  if (span_to - trend_from <= 20 * 366 * kMillisPerDay) {
    for (Instant t = trend_from; t < span_to; t += kMillisPerDay) {
      trend.try_emplace(period_key(f.trend_by, t, audit.report_zone));
    }
  }
  for (auto& [key, p] : trend) {
    p.period = key;
    if (p.measured > 0) p.attainment = static_cast<double>(p.met) / static_cast<double>(p.measured);
    f.trend.push_back(std::move(p));
  }

  // 7. Busiest channels first.
  std::vector<std::size_t> order(f.response.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return f.response[a].episodes > f.response[b].episodes;
  });
  std::vector<ResponseHistogram> response;
  std::vector<Demand> demand;
  for (std::size_t i : order) {
    response.push_back(std::move(f.response[i]));
    demand.push_back(std::move(f.demand[i]));
  }
  f.response = std::move(response);
  f.demand = std::move(demand);

  return f;
}

}  // namespace ssla
