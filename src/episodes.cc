#include "ssla/episodes.h"

#include <algorithm>

namespace ssla {

namespace {

constexpr std::uint32_t kNone = Interner::kNone;

// Spec 3.3 account fallback: the first outbound message of the conversation,
// ignored authors included, even one after the episode; its account when the
// input has an account column, else its author as written.
std::uint32_t fallback_account(const MessageTable& table, const Conversations& conversations,
                               std::uint32_t c) {
  for (std::uint32_t k = conversations.offsets[c]; k < conversations.offsets[c + 1]; ++k) {
    const Message& m = table.messages[conversations.members[k]];
    if (m.direction != Direction::kOutbound) continue;
    return table.has_account_column ? m.account : m.author_as_written;
  }
  return kNone;
}

}  // namespace

EpisodeSet find_episodes(const MessageTable& table, const Conversations& conversations) {
  EpisodeSet out;
  for (std::uint32_t c = 0; c < conversations.size(); ++c) {
    std::uint32_t fallback = kNone;
    bool fallback_known = false;
    auto account_of = [&](const Message& m) {
      if (m.account != kNone && !table.strings.view(m.account).empty()) return m.account;
      if (!fallback_known) {
        fallback = fallback_account(table, conversations, c);
        fallback_known = true;
      }
      return fallback;
    };

    bool open = false;
    bool first = true;
    for (std::uint32_t k = conversations.offsets[c]; k < conversations.offsets[c + 1]; ++k) {
      const std::uint32_t i = conversations.members[k];
      const Message& m = table.messages[i];
      if (m.direction == Direction::kInbound) {
        if (m.exempt != ExemptReason::kNone) {
          out.exempt.push_back(ExemptMessage{i, account_of(m)});
          continue;
        }
        if (open) continue;  // a follow-up joins the open episode
        Episode e;
        e.opened_by = i;
        e.conversation = c;
        e.channel = m.channel;
        e.account = account_of(m);
        e.kind = first ? EpisodeKind::kFirst : EpisodeKind::kNext;
        e.start = m.created_at;
        out.episodes.push_back(e);
        open = true;
        first = false;
      } else if (m.ignored_author) {
        continue;  // auto-replies never answer (counted by build_conversations)
      } else if (open) {
        Episode& e = out.episodes.back();
        e.responded_by = i;
        e.responded_at = m.created_at;
        open = false;
      }
    }
  }
  std::sort(out.episodes.begin(), out.episodes.end(), [](const Episode& a, const Episode& b) {
    if (a.start != b.start) return a.start < b.start;
    return a.opened_by < b.opened_by;
  });
  return out;
}

std::string_view status_name(Status status) {
  switch (status) {
    case Status::kMet: return "met";
    case Status::kBreachedLate: return "breached_late";
    case Status::kBreachedUnanswered: return "breached_unanswered";
    case Status::kPending: return "pending";
    case Status::kUnconfigured: return "unconfigured";
  }
  return "unconfigured";
}

std::string_view kind_name(EpisodeKind kind) {
  return kind == EpisodeKind::kFirst ? "first" : "next";
}

}  // namespace ssla
