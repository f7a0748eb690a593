// Stage 3: conversations (spec 3.1, 3.2). Links replies to parents, breaks
// parent cycles, assigns each message to a conversation, and orders each
// conversation's messages.
#ifndef SSLA_CONVERSATIONS_H_
#define SSLA_CONVERSATIONS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ssla/audit/data_quality.h"
#include "ssla/base/halves.h"
#include "ssla/base/instant.h"
#include "ssla/read/message.h"
#include "ssla/base/pod_vector.h"
#include "ssla/policy/policy.h"

namespace ssla {

/// Conversations of a message table, as index lists into MessageTable::messages.
/// Conversations are numbered by their first message in input order.
struct Conversations {
  /// Per conversation: the root message (reply mode), or kNone in thread mode.
  PodVector<std::uint32_t> root;
  /// Per conversation: the customer's author key (reply mode) or the thread
  /// id (thread mode), a MessageTable::strings id.
  PodVector<std::uint32_t> key;
  /// Concatenated member lists, each conversation's members in spec 3.2
  /// order (created_at, reply depth, input order); `offsets` has one more
  /// entry than there are conversations.
  PodVector<std::uint32_t> members;
  PodVector<std::uint32_t> offsets;

  std::size_t size() const { return root.size(); }
};

/// How build_conversations() numbers the conversations.
enum class Numbering {
  /// By their first message in input order (spec 3.2).
  kByFirstMessage,
  /// In any order, when that is faster (two threads for the usual export):
  /// for callers that use neither the numbers nor their order. Each message
  /// is in the same conversation, with the same members in the same order.
  /// The audit uses it for every output: a listing sorts its episodes by
  /// start and opener and names a conversation by its root or thread, never
  /// by its number.
  kAny,
};

/// Builds the conversations of `table` (ids indexed) from the messages created
/// at or before `cutoff` (as_of; spec 7), and fills the link counters of
/// `quality` (orphan_replies, replies_before_parent, parent_cycles,
/// unlinked_outbound and automated_replies) over all messages.
/// With `threads` >= 2 the member lists are sorted on two threads (the
/// result is the same), and with Numbering::kAny the usual export is also
/// numbered on two. `beside`, when given, is run once: on a second thread
/// while this one lays out the member lists (when `threads` >= 2), else
/// here before that; it must not touch what this function writes.
Conversations build_conversations(const MessageTable& table, Instant cutoff,
                                  DataQuality& quality, unsigned threads = 1,
                                  Numbering numbering = Numbering::kByFirstMessage,
                                  const std::function<void()>& beside = {});

/// Where to split the conversations between two threads: the first
/// conversation whose members lie past half of all members (0 when none).
std::size_t middle_conversation(const Conversations& conversations);

/// Runs work(from, to) over conversations [0, size()): the two halves of
/// middle_conversation() on this thread and a second one when `threads` >= 2
/// and there are members enough to pay for it, else all at once here. The
/// halves must touch disjoint data.
template <typename Work>
void run_in_conversation_halves(const Conversations& conversations, unsigned threads,
                                const Work& work) {
  const std::size_t n = conversations.size();
  const std::size_t middle = middle_conversation(conversations);
  run_in_halves(threads >= 2 && conversations.members.size() >= kSplitFrom && middle > 0 &&
                    middle < n,
                middle, n, work);
}

/// The printable label of conversation `c`: `ROOT_ID/customer` or the thread id.
std::string conversation_label(const MessageTable& table, const Conversations& conversations,
                               std::uint32_t c);
/// conversation_label() appended to `out` without allocating.
void append_conversation_label(const MessageTable& table, const Conversations& conversations,
                               std::uint32_t c, std::string& out);

}  // namespace ssla

#endif  // SSLA_CONVERSATIONS_H_
