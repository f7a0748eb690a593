// `ssla explain --id ID`: the conversation around one message as a timeline,
// and each episode's clock, in plain words.
#include <fmt/format.h>

#include "ssla/base/error.h"
#include "ssla/policy/calendar.h"
#include "ssla/policy/exempt.h"
#include "ssla/render/render.h"
#include "ssla/render/text_grid.h"

namespace ssla {

namespace {

constexpr std::uint32_t kNone = Interner::kNone;

std::uint32_t conversation_of(const Conversations& conv, std::uint32_t message) {
  for (std::uint32_t c = 0; c < conv.size(); ++c) {
    for (std::uint32_t k = conv.offsets[c]; k < conv.offsets[c + 1]; ++k) {
      if (conv.members[k] == message) return c;
    }
  }
  return kNone;
}

std::string message_note(const Audit& audit, const Message& m) {
  const Policy& policy = *audit.policy;
  const MessageTable& t = audit.read.table;
  if (m.direction == Direction::kOutbound) {
    if (m.ignored_author) return "ignored: automated author, never counts as a response";
    return "company response";
  }
  if (m.exempt != ExemptReason::kNone) {
    return fmt::format("exempt ({} rule of channel {}): needs no answer",
                       exempt_reason_name(m.exempt), t.strings.view(m.channel));
  }
  if (policy.channel_for(t.strings.view(m.channel)) == nullptr) {
    return "customer message; channel has no policy (unconfigured)";
  }
  return "customer message";
}

void explain_episode(const Audit& audit, const Episode& e, std::string& s) {
  const Policy& policy = *audit.policy;
  const MessageTable& t = audit.read.table;
  fmt::format_to(std::back_inserter(s), "\nEpisode opened by {} ({} response), channel {}:\n",
                 t.ids.text(t.messages[e.opened_by].id), kind_name(e.kind),
                 t.strings.view(e.channel).empty() ? "(none)" : t.strings.view(e.channel));
  const ChannelPolicy* cp = policy.channel_for(t.strings.view(e.channel));
  if (cp == nullptr) {
    s += "  The channel has no policy and no default: the episode is unconfigured, never "
         "measured.\n";
    return;
  }
  const CalendarSpec* spec = policy.find_calendar(cp->calendar);
  if (spec == nullptr) spec = &always_open_calendar();
  const Instant stop = e.responded_at != kNoInstant ? e.responded_at : audit.as_of;
  fmt::format_to(std::back_inserter(s),
                 "  Target {} of business time on calendar {} ({}).\n  Started {} ({}).\n",
                 format_human(e.target), spec->name, spec->timezone,
                 local_time_text(audit, e.start), format_utc(e.start));
  if (e.due == kNoInstant) {
    s += "  The calendar never opens again: there is no due and the episode cannot breach.\n";
  } else {
    fmt::format_to(std::back_inserter(s), "  Due {} ({}).\n", local_time_text(audit, e.due),
                   format_utc(e.due));
  }
  const BusinessCalendar calendar(*spec, e.start, std::max(stop, e.start));
  const std::size_t kShown = 20;
  const auto intervals = calendar.open_intervals(e.start, stop, kShown);
  fmt::format_to(std::back_inserter(s), "  Open time counted until {}:\n",
                 e.responded_at != kNoInstant ? "the response" : "as_of");
  for (std::size_t i = 0; i < intervals.size() && i < kShown; ++i) {
    fmt::format_to(std::back_inserter(s), "    {} to {}  ({})\n",
                   local_time_text(audit, intervals[i].first),
                   local_time_text(audit, intervals[i].second),
                   format_human(intervals[i].second - intervals[i].first));
  }
  if (intervals.size() > kShown) s += "    ... and more open intervals\n";
  if (intervals.empty()) s += "    (none: the calendar was closed the whole time)\n";
  fmt::format_to(std::back_inserter(s), "  Business time {}, calendar time {}.\n",
                 format_human(e.business), format_human(calendar_millis(e, audit.as_of)));
  switch (e.status) {
    case Status::kMet:
      fmt::format_to(std::back_inserter(s), "  Status met: answered by {} at {}, within target.\n",
                     t.ids.text(t.messages[e.responded_by].id), local_time_text(audit, e.responded_at));
      break;
    case Status::kBreachedLate:
      fmt::format_to(std::back_inserter(s),
                     "  Status breached_late: answered by {} at {}, {} of business time past "
                     "the target.\n",
                     t.ids.text(t.messages[e.responded_by].id),
                     local_time_text(audit, e.responded_at), format_human(e.business - e.target));
      break;
    case Status::kBreachedUnanswered:
      fmt::format_to(std::back_inserter(s),
                     "  Status breached_unanswered: no response by as_of {}, which is after the "
                     "due.\n",
                     local_time_text(audit, audit.as_of));
      break;
    case Status::kPending:
      fmt::format_to(std::back_inserter(s),
                     "  Status pending: no response yet, but as_of {} is not after the due.\n",
                     local_time_text(audit, audit.as_of));
      break;
    case Status::kUnconfigured: break;
  }
}

}  // namespace

void render_explain(const Audit& audit, std::string_view id, std::size_t width, Output& out) {
  const MessageTable& t = audit.read.table;
  const std::uint32_t id_index = t.ids.find(id);
  const std::uint32_t message = id_index == kNone ? kNone : t.index_of_id[id_index];
  if (message == kNone) {
    throw input_error(fmt::format("no message with id '{}' in the input", id));
  }
  std::string s;
  const std::uint32_t c = conversation_of(audit.conversations, message);
  if (c == kNone) {
    const Message& m = t.messages[message];
    if (m.created_at > audit.as_of) {
      fmt::format_to(std::back_inserter(s), "Message {} was created after as_of ({}), so it is "
                     "left out of every conversation.\n", id, format_utc(audit.as_of));
    } else {
      fmt::format_to(std::back_inserter(s),
                     "Message {} belongs to no conversation: it is a company message with no "
                     "customer message above it in its reply chain (counted as unlinked_outbound).\n",
                     id);
    }
    out.write(s);
    return;
  }
  fmt::format_to(std::back_inserter(s), "Conversation {} ({} messages), times in {}:\n\n",
                 conversation_label(audit.read.table, audit.conversations, c),
                 audit.conversations.offsets[c + 1] - audit.conversations.offsets[c],
                 audit.report_zone.name());
  for (std::uint32_t k = audit.conversations.offsets[c]; k < audit.conversations.offsets[c + 1];
       ++k) {
    const std::uint32_t i = audit.conversations.members[k];
    const Message& m = t.messages[i];
    std::string excerpt(t.excerpt(i));
    for (char& ch : excerpt) {
      if (ch == '\n' || ch == '\r') ch = ' ';
    }
    std::string line = fmt::format(
        "{} {} {} ({}) {} {}", i == message ? "▶" : " ", local_time_text(audit, m.created_at),
        format_utc(m.created_at), t.ids.text(m.id),
        m.direction == Direction::kInbound ? "in " : "out", t.strings.view(m.author_as_written));
    if (m.parent != kNone) {
      // Narrower than the line: the parent goes under it, with the note.
      line = join_or_break(line, fmt::format("replying to {}", t.ids.text(m.parent)), width, " ",
                           "\n    ");
    }
    fmt::format_to(std::back_inserter(s), "{}\n    {}\n    \"{}\"\n", line, message_note(audit, m),
                   excerpt);
  }
  bool any = false;
  for (const Episode& e : audit.episodes.episodes) {
    if (e.conversation != c) continue;
    explain_episode(audit, e, s);
    any = true;
  }
  if (!any) s += "\nNo episode: nothing in this conversation waited for an answer.\n";
  out.write(wrap_prose_lines(s, width));
}

}  // namespace ssla
