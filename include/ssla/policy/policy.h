// The policy model (spec section 2): what a company promises per channel.
// Produced by policy_load.h, read by every later stage. Plain data.
#ifndef SSLA_POLICY_H_
#define SSLA_POLICY_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssla/base/instant.h"

namespace ssla {

/// One open interval of a local date, in seconds from that date's local
/// midnight. 0 <= begin < end; end <= 86400 for same-day intervals (86400 is
/// `24:00`); an interval that crosses midnight has end > 86400 (`22:00-06:00`
/// is begin 79200, end 108000) and belongs to the date it starts on.
struct Interval {
  std::int32_t begin = 0;
  std::int32_t end = 0;
};

/// A day's open intervals, sorted by begin, not overlapping. Empty = closed.
using DaySchedule = std::vector<Interval>;

/// A holiday rule of a calendar. Dates are local civil dates stored as days
/// since 1970-01-01 (see zone.h days_from_civil).
struct Holiday {
  enum class Kind { kDate, kRange, kAnnual, kNthWeekday, kEaster };
  Kind kind = Kind::kDate;
  std::int64_t from_day = 0;  ///< kDate, kRange: first day (inclusive)
  std::int64_t to_day = 0;    ///< kDate, kRange: last day (inclusive); == from_day for kDate
  unsigned month = 0;         ///< kAnnual, kNthWeekday: 1..12
  unsigned day = 0;           ///< kAnnual: 1..31 (`02-29` only in leap years)
  unsigned weekday = 0;       ///< kNthWeekday: 0 = Sunday .. 6 = Saturday
  int nth = 0;                ///< kNthWeekday: 1..5 or -1..-5 (from the month's end)
  int easter_offset = 0;      ///< kEaster: days after Western Easter Sunday (-400..400)
};

/// A named business-hours calendar (spec 2, 2.1).
struct CalendarSpec {
  std::string name;
  std::string timezone = "UTC";        ///< IANA name; the policy's zone when the file gives none
  std::array<DaySchedule, 7> weekly;   ///< indexed by weekday, 0 = Sunday .. 6 = Saturday
  std::vector<Holiday> holidays;       ///< in file order
  std::map<std::int64_t, DaySchedule> overrides;  ///< local date (days since epoch) -> hours
  bool always_open = false;            ///< true only for the built-in `24x7`
};

/// The name of the built-in always-open calendar.
inline constexpr std::string_view kAlwaysOpenCalendar = "24x7";

/// A goal kept as the exact fraction the policy wrote (`95%` = 95/100,
/// `0.9` = 9/10), so that attainment >= goal compares exactly (spec 7).
struct Goal {
  std::int64_t numerator = 1;
  std::int64_t denominator = 1;
  /// The goal as a fraction in [0, 1] for display and JSON: the double
  /// nearest the fraction (divided in long double, which holds both 64-bit
  /// terms exactly, so that 33333333333333334 / 10^17 prints as written).
  double value() const {
    return static_cast<double>(static_cast<long double>(numerator) /
                               static_cast<long double>(denominator));
  }
  /// met / measured >= goal, compared as rationals. measured > 0.
  bool met_by(std::int64_t met, std::int64_t measured) const {
    return static_cast<__int128>(met) * denominator >= static_cast<__int128>(numerator) * measured;
  }
};

/// Inbound messages a channel does not answer (spec 3.4). All lists are
/// stored normalized by the loader: tags and words ASCII-lower-cased and
/// trimmed; authors lower-cased without a leading `@`; acknowledgements in
/// the normalized form of spec 3.4 (see exempt.h normalize_acknowledgement).
struct ExemptRule {
  std::vector<std::string> tags;
  std::vector<std::string> authors;
  std::vector<std::string> words;
  std::vector<std::string> acknowledgements;
  /// The phrases as written in the policy, for `publish` and `validate`.
  std::vector<std::string> acknowledgements_as_written;
  bool empty() const {
    return tags.empty() && authors.empty() && words.empty() && acknowledgements.empty();
  }
};

/// A priority rule of a channel or account entry (spec 8.1, 8.2): episodes
/// whose inbound messages match it get its targets.
struct PriorityRule {
  std::string name;            ///< as written, trimmed; never `normal` in any case
  std::uint16_t name_id = 0;   ///< index into Policy::priority_names (0 is `normal`)
  /// The match, stored normalized like an exempt rule (tags, words, authors;
  /// never acknowledgements).
  ExemptRule match;
  Millis first_response = 0;   ///< > 0
  Millis next_response = 0;    ///< > 0; the rule's first_response when not written
};

/// What an episode is measured by (spec 8.2): a channel's own keys, or the
/// channel's keys replaced key by key by one `accounts` entry. Built by the
/// loader, so that evaluation only picks one.
struct EpisodeRule {
  std::string account_key;     ///< the entry's key (author-normalized); empty for the channel's own
  std::string account_as_written;  ///< the entry's key as written (for `validate`)
  std::string calendar{kAlwaysOpenCalendar};  ///< a CalendarSpec name or `24x7`
  Millis first_response = 0;   ///< ms, > 0
  Millis next_response = 0;    ///< ms, > 0
  std::optional<Goal> goal;    ///< none: groups have goal and status null
  std::optional<std::string> owner;  ///< resolved: entry, else channel, else top-level owner
  std::vector<PriorityRule> priorities;  ///< in list order; the first match wins
  bool own_priorities = false;  ///< an accounts entry that sets `priorities` itself
  /// Where this rule's priorities start in a message's match mask (see
  /// Policy::priority_bits_global): rule k of `priorities` is bit
  /// priority_bit + k.
  unsigned priority_bit = 0;
};

/// Largest number of priority rules of one channel, its `accounts` entries'
/// lists included: a message's matches are one 64-bit mask.
inline constexpr std::size_t kMaxPriorityRules = 64;

/// What a company promises on one channel.
struct ChannelPolicy {
  std::string name;            ///< the key, ASCII-lower-cased; `default` for the fallback
  std::string promise;         ///< free text, may be empty
  std::string calendar{kAlwaysOpenCalendar};  ///< a CalendarSpec name or `24x7`
  Millis first_response = 0;   ///< target of `first` episodes, > 0
  Millis next_response = 0;    ///< target of `next` episodes, > 0 (defaults to first_response)
  std::optional<Goal> goal;    ///< none: groups have goal and status null
  ExemptRule exempt;
  std::optional<std::string> own_owner;  ///< the channel's `owner` as written, if any
  /// The channel's `bio_limit` (1..10000 characters), if written; publish
  /// otherwise uses the network's own limit (spec 8.1).
  std::optional<int> bio_limit;
  /// rules[0] is the channel's own rule (its keys above, its priorities, its
  /// owner or the top-level one); rules[1...] one per `accounts` entry, in
  /// file order, already merged with the channel's keys.
  std::vector<EpisodeRule> rules;
  /// The number of priority rules of all `rules` together (the bits a
  /// message's match mask uses; 0 when none has priorities).
  unsigned priority_bits = 0;

  /// The rule for an account (as written; compared after author
  /// normalization); rules[0] when no entry has that key.
  const EpisodeRule& rule_for(std::string_view account) const;
};

/// The rule of a channel's own keys (no priorities): its calendar, targets
/// and goal, and its owner, else `top_owner`. What ChannelPolicy::rules[0]
/// starts from; code that builds a ChannelPolicy by hand adds it itself.
EpisodeRule channel_own_rule(const ChannelPolicy& channel,
                             const std::optional<std::string>& top_owner);

/// How often the SSLA is reviewed and when it last was (spec 8.1).
struct Review {
  int every_months = 3;         ///< 1..36
  std::string every_as_written;  ///< `quarterly`, `"5 months"`, ...
  std::int64_t last_day = 0;    ///< local date, days since 1970-01-01
  std::int64_t next_day = 0;    ///< last_day plus every_months, the day clamped to the month's end
};

/// The date `months` calendar months after local date `day` (days since
/// 1970-01-01), a day past the month's end clamped to its last day
/// (2026-08-31 + 3 months = 2026-11-30).
std::int64_t add_months_clamped(std::int64_t day, int months);

/// How to read exports (the policy's `input` section). Empty strings mean
/// "not given"; CLI flags override each entry.
struct InputSpec {
  std::string preset;            ///< `generic` | `twcs` | empty
  std::vector<std::pair<std::string, std::string>> columns;  ///< canonical field -> column/path
  std::string channel;           ///< constant channel for rows without one
  std::string timezone;          ///< zone of timestamps without an offset
  std::string timestamp_format;  ///< strftime-style override of detection
  std::string delimiter;         ///< `,` `;` `tab` `|` (as written; `\t` also accepted)
};

/// A whole validated policy.
struct Policy {
  std::string path;                   ///< file it was read from (for messages); empty if none
  std::string name;                   ///< the policy's `name`, may be empty
  std::string timezone = "UTC";       ///< report time zone
  std::vector<std::string> accounts;  ///< company authors, lower-cased, without `@`
  std::vector<std::string> ignore_authors;  ///< lower-cased, without `@`
  std::vector<CalendarSpec> calendars;      ///< user calendars in file order
  std::vector<ChannelPolicy> channels;      ///< in file order, without `default`
  std::optional<ChannelPolicy> default_channel;
  InputSpec input;
  std::optional<std::string> owner;   ///< top-level `owner` (spec 8.1)
  std::optional<Review> review;       ///< `review`, when given
  std::vector<std::string> signatures;  ///< `company.signatures`, RE2 syntax, as written
  /// Every distinct priority name as written; [0] is `normal`. Episodes and
  /// groups name their priority by index.
  std::vector<std::string> priority_names{"normal"};
  /// True when the priority rules of every channel (`default` last, in file
  /// order otherwise) fit one 64-bit mask together: EpisodeRule::priority_bit
  /// then counts across channels, and each inbound message is matched
  /// against every channel's rules, so that a follow-up on another channel
  /// than its episode's adds its matches (spec 8.2). Else each channel's
  /// rules have bits of their own and such a follow-up adds none.
  bool priority_bits_global = false;
  /// True when some channel or entry sets an owner or the policy does: JSON
  /// groups then carry `owner`.
  bool has_owner = false;

  /// The bits a message's match mask may use: the total of all channels'
  /// rules with priority_bits_global, else the most of one channel.
  unsigned priority_mask_bits() const;

  /// The calendar named `name` (the built-in `24x7` included); nullptr if none.
  const CalendarSpec* find_calendar(std::string_view name) const;
  /// The policy of a lower-cased channel name: listed, else `default`, else nullptr.
  const ChannelPolicy* channel_for(std::string_view channel) const;
  /// True when the lower-cased author key is a company account or ignored author.
  bool is_company_author(std::string_view author_key) const;
  /// True when the lower-cased author key is in ignore_authors.
  bool is_ignored_author(std::string_view author_key) const;
};

/// The built-in `24x7` calendar.
const CalendarSpec& always_open_calendar();

/// Every channel's rules in one list: the listed channels' in file order,
/// then `default`'s; a channel's rule k is at rule_base(policy, channel) + k.
/// Episodes name their rule by this position (Episode::rule), 4 bytes
/// instead of a pointer. The pointers are into `policy`.
std::vector<const EpisodeRule*> flat_rules(const Policy& policy);
/// Where `channel` (one of policy's channels, or its default) starts in
/// flat_rules(policy).
std::uint32_t rule_base(const Policy& policy, const ChannelPolicy& channel);

}  // namespace ssla

#endif  // SSLA_POLICY_H_
