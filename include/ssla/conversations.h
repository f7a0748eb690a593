// Stage 3: conversations (spec 3.1, 3.2). Links replies to parents, breaks
// parent cycles, assigns each message to a conversation, and orders each
// conversation's messages.
#ifndef SSLA_CONVERSATIONS_H_
#define SSLA_CONVERSATIONS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "ssla/data_quality.h"
#include "ssla/instant.h"
#include "ssla/message.h"
#include "ssla/policy.h"

namespace ssla {

/// Conversations of a message table, as index lists into MessageTable::messages.
struct Conversations {
  /// Per conversation: its label (`ROOT_ID/customer` in reply mode, the
  /// thread id in thread mode), interned in `labels`.
  std::vector<std::uint32_t> label;
  /// Concatenated member lists, each conversation's members in spec 3.2
  /// order (created_at, reply depth, input order); `offsets` has one more
  /// entry than there are conversations.
  std::vector<std::uint32_t> members;
  std::vector<std::uint32_t> offsets;
  Interner labels;
  /// Reply depth of each message (0 for roots), after cycles are broken.
  std::vector<std::uint32_t> depth;

  std::size_t size() const { return label.size(); }
};

/// Builds the conversations of `table` (ids indexed) from the messages created
/// at or before `cutoff` (as_of; spec 7), and fills the link counters of
/// `quality` (orphan_replies, replies_before_parent, parent_cycles,
/// unlinked_outbound and automated_replies) over all messages.
Conversations build_conversations(const MessageTable& table, Instant cutoff,
                                  DataQuality& quality);

/// The printable label of conversation `c`: `ROOT_ID/customer` or the thread id.
std::string_view conversation_label(const Conversations& conversations, std::uint32_t c);

}  // namespace ssla

#endif  // SSLA_CONVERSATIONS_H_
