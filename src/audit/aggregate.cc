#include "ssla/audit/aggregate.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <span>
#include <vector>

#include "ssla/base/halves.h"
#include "ssla/base/utf8.h"

namespace ssla {

std::string_view group_by_name(GroupBy by) {
  switch (by) {
    case GroupBy::kChannel:
      return "channel";
    case GroupBy::kAccount:
      return "account";
    case GroupBy::kDay:
      return "day";
    case GroupBy::kWeek:
      return "week";
    case GroupBy::kMonth:
      return "month";
    case GroupBy::kKind:
      return "kind";
    case GroupBy::kPriority:
      return "priority";
    case GroupBy::kResponder:
      return "responder";
  }
  return "channel";
}

std::string period_key(GroupBy by, Instant t, const Zone& zone) {
  const LocalTime l = zone.to_local(t);
  switch (by) {
    case GroupBy::kDay:
      return fmt::format("{:04}-{:02}-{:02}", l.year, l.month, l.day);
    case GroupBy::kMonth:
      return fmt::format("{:04}-{:02}", l.year, l.month);
    case GroupBy::kWeek: {
      // ISO 8601: the week belongs to the year of its Thursday.
      const std::int64_t day = days_from_civil(l.year, l.month, l.day);
      const int iso_weekday = l.weekday == 0 ? 7 : static_cast<int>(l.weekday);  // Mon=1..Sun=7
      const std::int64_t thursday = day - iso_weekday + 4;
      const LocalTime th = Zone().to_local(thursday * kMillisPerDay);
      const std::int64_t jan1 = days_from_civil(th.year, 1, 1);
      const std::int64_t week = (thursday - jan1) / 7 + 1;
      return fmt::format("{:04}-W{:02}", th.year, week);
    }
    default:
      return std::string();
  }
}

struct Aggregator::Accumulator {
  Group group;
  std::uint32_t ordinal = 0;   // see ordinal_of()
  PodVector<Millis> business;  // grows without copying: millions of values at scale
  PodVector<Millis> calendar;
  // The values of another aggregator merged into this one, joined to the
  // above by finish() on the thread that takes the group's statistics.
  PodVector<Millis> merged_business;
  PodVector<Millis> merged_calendar;

  // Moves `from` into `to`: by swapping when `to` is empty, else appended.
  static void take(PodVector<Millis>& to, PodVector<Millis>& from) {
    if (to.empty()) {
      to.swap(from);
    } else {
      to.take_append(from);
    }
  }
};

Aggregator::Aggregator(const Policy& policy, const MessageTable& table, const Window& window,
                       const std::vector<GroupBy>& by, const Zone& report_zone)
    : policy_(policy),
      table_(table),
      window_(window),
      by_(by),
      report_zone_(report_zone),
      key_(by.size()) {
  by_channel_ = std::find(by.begin(), by.end(), GroupBy::kChannel) != by.end();
  by_account_ = std::find(by.begin(), by.end(), GroupBy::kAccount) != by.end();
  by_period_ = std::any_of(by.begin(), by.end(), [](GroupBy b) {
    return b == GroupBy::kDay || b == GroupBy::kWeek || b == GroupBy::kMonth;
  });
  by_facet_ = !by_period_ && std::any_of(by.begin(), by.end(), [](GroupBy b) {
    return b == GroupBy::kKind || b == GroupBy::kPriority || b == GroupBy::kResponder;
  });
}

std::size_t Aggregator::FacetHash::operator()(const Facets& f) const {
  std::uint64_t h = (std::uint64_t{f.channel} << 32) ^ f.account;
  h = h * 0x9e3779b97f4a7c15ull ^
      ((std::uint64_t{f.responder} << 24) ^ (std::uint64_t{f.priority} << 8) ^ f.kind ^
       (f.exempt ? 0x80 : 0));
  return static_cast<std::size_t>(h * 0xff51afd7ed558ccdull >> 17);
}

bool Aggregator::FacetEqual::operator()(const Facets& a, const Facets& b) const {
  return a.channel == b.channel && a.account == b.account && a.responder == b.responder &&
         a.priority == b.priority && a.kind == b.kind && a.exempt == b.exempt;
}

Aggregator::~Aggregator() = default;

namespace {

// A text key value (channel, account, responder) as it prints: valid UTF-8
// as written, each invalid byte or NUL as U+FFFD, as every renderer prints
// it. Values that print alike are then one group, and a value of the single
// byte 0xFF (an optional field holding it) is not taken for kNullKey.
void set_text_key(std::string& key, std::string_view v) {
  key.clear();
  append_printable_utf8(v, key);
}

}  // namespace

Aggregator::Accumulator* Aggregator::make_group(const Facets& f, Instant t) {
  for (std::size_t k = 0; k < by_.size(); ++k) {
    switch (by_[k]) {
      case GroupBy::kChannel:
        set_text_key(key_[k], table_.strings.view(f.channel));
        break;
      case GroupBy::kAccount:
        set_text_key(key_[k], table_.strings.view(f.account));
        break;
      case GroupBy::kKind:
        key_[k] = f.exempt ? kNullKey : kind_name(static_cast<EpisodeKind>(f.kind));
        break;
      case GroupBy::kPriority:
        key_[k] = f.exempt ? kNullKey : std::string_view(policy_.priority_names[f.priority]);
        break;
      case GroupBy::kResponder:
        if (f.exempt || f.responder == Interner::kNone) {
          key_[k] = kNullKey;
        } else {
          set_text_key(key_[k], table_.strings.view(f.responder));
        }
        break;
      default:
        key_[k] = period_key(by_[k], t, report_zone_);
        break;
    }
  }
  std::unique_ptr<Accumulator>& slot = groups_[key_];
  if (slot == nullptr) {
    slot = std::make_unique<Accumulator>();
    slot->ordinal = static_cast<std::uint32_t>(keys_by_ordinal_.size());
    keys_by_ordinal_.push_back(&groups_.find(key_)->first);
    // Goal and owner depend on the key alone (channel, and account when it
    // is a key): spec 8.4.
    if (by_channel_) {
      const ChannelPolicy* cp = policy_.channel_for(table_.strings.view(f.channel));
      if (cp != nullptr) {
        const EpisodeRule& rule =
            by_account_ ? cp->rule_for(table_.strings.view(f.account)) : cp->rules.front();
        slot->group.goal = rule.goal;
        slot->group.owner = rule.owner;
      } else {
        slot->group.owner = policy_.owner;
      }
    }
  }
  return slot.get();
}

Aggregator::Accumulator* Aggregator::group_of(const Facets& f, Instant t) {
  if (by_facet_) {
    // Only the values of keys in --by tell groups apart.
    Facets key;
    for (GroupBy b : by_) {
      switch (b) {
        case GroupBy::kChannel:
          key.channel = f.channel;
          break;
        case GroupBy::kAccount:
          key.account = f.account;
          break;
        case GroupBy::kKind:
          key.kind = f.exempt ? 0 : f.kind;
          key.exempt = f.exempt;
          break;
        case GroupBy::kPriority:
          key.priority = f.exempt ? 0 : f.priority;
          key.exempt = f.exempt;
          break;
        case GroupBy::kResponder:
          key.responder = f.exempt ? Interner::kNone : f.responder;
          break;
        default:
          break;
      }
    }
    auto it = of_facets_.find(key);
    if (it != of_facets_.end()) return it->second;
    Accumulator* acc = make_group(f, t);
    of_facets_.emplace(key, acc);
    return acc;
  }
  const std::uint64_t pair = (std::uint64_t{f.channel} << 32) | f.account;
  if (!by_period_) {
    if (Accumulator* const* known = of_pair_.find(pair)) return *known;
  }
  Accumulator* acc = make_group(f, t);
  if (!by_period_) of_pair_.find_or_add(pair, [&] { return acc; });
  return acc;
}

void Aggregator::add(const EpisodeSet& set) {
  for (const Episode& e : set.episodes) {
    if (!window_.contains(e.start)) continue;
    Facets f;
    f.channel = e.channel;
    f.account = e.account;
    f.responder = e.responder;
    f.priority = e.priority;
    f.kind = static_cast<std::uint8_t>(e.kind);
    Accumulator* acc = group_of(f, e.start);
    Group& g = acc->group;
    ++g.episodes;
    switch (e.status) {
      case Status::kMet:
        ++g.met;
        break;
      case Status::kBreachedLate:
        ++g.breached_late;
        break;
      case Status::kBreachedUnanswered:
        ++g.breached_unanswered;
        break;
      case Status::kPending:
        ++g.pending;
        break;
      case Status::kUnconfigured:
        ++g.unconfigured;
        break;
    }
    if (e.status == Status::kMet || e.status == Status::kBreachedLate) {
      acc->business.push_back(e.business);
      acc->calendar.push_back(e.responded_at - e.start);  // answered: calendar_millis()
    }
  }
  for (const ExemptMessage& x : set.exempt) {
    const Message& m = table_.messages[x.message];
    if (!window_.contains(m.created_at)) continue;
    Facets f;
    f.channel = m.channel;
    f.account = x.account;
    f.exempt = true;
    ++group_of(f, m.created_at)->group.exempt_messages;
  }
}

std::uint32_t Aggregator::ordinal_of(const Episode& e) {
  Facets f;  // as add() takes them
  f.channel = e.channel;
  f.account = e.account;
  f.responder = e.responder;
  f.priority = e.priority;
  f.kind = static_cast<std::uint8_t>(e.kind);
  return group_of(f, e.start)->ordinal;
}

const std::vector<std::string>& Aggregator::key_of(std::uint32_t ordinal) const {
  return *keys_by_ordinal_[ordinal];
}

void Aggregator::merge(Aggregator& other) {
  for (auto& [key, theirs] : other.groups_) {
    std::unique_ptr<Accumulator>& mine = groups_[key];
    if (mine == nullptr) {  // the goal came with it: it depends on the key alone
      mine = std::move(theirs);
      continue;
    }
    Group& g = mine->group;
    const Group& t = theirs->group;
    g.episodes += t.episodes;
    g.met += t.met;
    g.breached_late += t.breached_late;
    g.breached_unanswered += t.breached_unanswered;
    g.pending += t.pending;
    g.unconfigured += t.unconfigured;
    g.exempt_messages += t.exempt_messages;
    // Statistics are by selection and an exact sum: the order of values
    // does not matter, nor which array holds them (finish() reads both).
    Accumulator::take(mine->merged_business, theirs->business);
    Accumulator::take(mine->merged_calendar, theirs->calendar);
    Accumulator::take(mine->merged_business, theirs->merged_business);
    Accumulator::take(mine->merged_calendar, theirs->merged_calendar);
  }
  other.groups_.clear();
  other.of_pair_.clear();
  other.keys_by_ordinal_.clear();
  keys_by_ordinal_.clear();
  other.of_facets_.clear();
}

std::vector<Group> Aggregator::finish(unsigned threads, Group* total) {
  std::vector<Accumulator*> accumulators;
  accumulators.reserve(groups_.size());
  for (auto& [k, acc] : groups_) accumulators.push_back(acc.get());
  // A group's values are in two arrays (its own, and those merged from
  // another aggregator); the total's are every group's (each episode is in
  // one group). The statistics read them where they are, so that the
  // total's need no copy and run beside the groups'.
  auto parts_of = [](const PodVector<Millis>& a, const PodVector<Millis>& b) {
    return std::array<std::span<const Millis>, 2>{std::span<const Millis>(a.data(), a.size()),
                                                  std::span<const Millis>(b.data(), b.size())};
  };
  const bool whole = total != nullptr && accumulators.size() > 1;
  std::vector<std::span<const Millis>> all_business;
  std::vector<std::span<const Millis>> all_calendar;
  if (whole) {
    for (const Accumulator* acc : accumulators) {
      for (const auto& part : parts_of(acc->business, acc->merged_business)) {
        if (!part.empty()) all_business.push_back(part);
      }
      for (const auto& part : parts_of(acc->calendar, acc->merged_calendar)) {
        if (!part.empty()) all_calendar.push_back(part);
      }
    }
  }
  // The statistics of each group depend on its values alone, and every
  // episode has a business and a calendar time: one thread takes the
  // total's business times and every group's calendar times, the other the
  // reverse. As many values each, and one set of each kind: business times
  // cost more (mostly 0, outside hours), and halves of the groups were
  // uneven (a few large ones).
  std::size_t values = 0;
  for (const Accumulator* acc : accumulators) {
    values += acc->business.size() + acc->merged_business.size();
  }
  Stats total_business;
  Stats total_calendar;
  run_beside(
      threads >= 2 && values >= kSplitFrom,
      [&] {
        if (whole) total_business = stats_of_parts(all_business);
        for (Accumulator* acc : accumulators) {
          acc->group.calendar = stats_of_parts(parts_of(acc->calendar, acc->merged_calendar));
        }
      },
      [&] {
        if (whole) total_calendar = stats_of_parts(all_calendar);
        for (Accumulator* acc : accumulators) {
          acc->group.business = stats_of_parts(parts_of(acc->business, acc->merged_business));
        }
      });
  std::vector<Group> out;
  out.reserve(groups_.size());
  for (auto& [k, acc] : groups_) {
    Group& g = acc->group;
    g.key = k;
    g.measured = g.met + g.breached_late + g.breached_unanswered;
    if (g.measured > 0) g.attainment = static_cast<double>(g.met) / static_cast<double>(g.measured);
    if (g.goal) {
      g.pass = g.measured == 0 || g.goal->met_by(static_cast<std::int64_t>(g.met),
                                                 static_cast<std::int64_t>(g.measured));
    }
    out.push_back(std::move(g));
  }
  groups_.clear();
  of_pair_.clear();
  keys_by_ordinal_.clear();
  of_facets_.clear();
  if (total != nullptr) {
    Group t;
    for (const Group& g : out) {
      t.episodes += g.episodes;
      t.met += g.met;
      t.breached_late += g.breached_late;
      t.breached_unanswered += g.breached_unanswered;
      t.pending += g.pending;
      t.unconfigured += g.unconfigured;
      t.exempt_messages += g.exempt_messages;
    }
    t.measured = t.met + t.breached_late + t.breached_unanswered;
    if (t.measured > 0) t.attainment = static_cast<double>(t.met) / static_cast<double>(t.measured);
    if (out.size() == 1) {
      t.business = out.front().business;
      t.calendar = out.front().calendar;
    } else {
      t.business = total_business;
      t.calendar = total_calendar;
    }
    *total = std::move(t);
  }
  return out;
}

std::vector<Group> aggregate(const Policy& policy, const MessageTable& table, const EpisodeSet& set,
                             const Window& window, const std::vector<GroupBy>& by,
                             const Zone& report_zone, Group* total) {
  Aggregator aggregator(policy, table, window, by, report_zone);
  aggregator.add(set);
  return aggregator.finish(1, total);
}

}  // namespace ssla
