// The normalized message table: the output of the read stage and the input of
// every later stage. Compact records of integers; strings are interned once.
#ifndef SSLA_MESSAGE_H_
#define SSLA_MESSAGE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ssla/base/id_table.h"
#include "ssla/base/instant.h"
#include "ssla/base/interner.h"
#include "ssla/base/pod_vector.h"
#include "ssla/read/excerpt_store.h"

namespace ssla {

enum class Direction : std::uint8_t { kInbound = 0, kOutbound = 1 };

/// Why an inbound message needs no answer (spec 3.4); kNone when it does.
enum class ExemptReason : std::uint8_t { kNone = 0, kTag, kAuthor, kWord, kAcknowledgement };

/// One accepted, de-duplicated input row: 32 bytes. All string fields are ids
/// into the table's interners; Interner::kNone means empty/absent.
struct Message {
  Instant created_at = 0;               ///< UTC ms
  std::uint32_t id = Interner::kNone;     ///< into MessageTable::ids
  std::uint32_t parent = Interner::kNone; ///< into MessageTable::ids (may name no message)
  std::uint32_t author = Interner::kNone; ///< author key: ASCII-lower-cased, no leading `@`
  std::uint32_t author_as_written = Interner::kNone;  ///< trimmed, as in the file
  std::uint32_t channel = Interner::kNone;  ///< ASCII-lower-cased; kNone = empty
  Direction direction = Direction::kInbound;
  ExemptReason exempt = ExemptReason::kNone;  ///< by the policy of its own channel
  bool ignored_author = false;              ///< outbound by a `company.ignore_authors` author
};

/// What a pass over a table's inbound messages finds, kept while reading
/// instead (see clocks_for_inbound()).
struct InboundSummary {
  Instant earliest = kNoInstant;        ///< UTC ms, of the inbound messages; kNoInstant: none
  std::vector<std::uint32_t> channels;  ///< their Message::channel values, each once
};

/// All messages of a run, in input order (files in command-line order, rows in
/// file order): a message's index is its input order.
struct MessageTable {
  PodVector<Message> messages;
  IdTable ids;         ///< message ids and parent ids (exact text)
  Interner strings;    ///< authors, channels, accounts, thread ids
  /// Short text excerpts, one per message in message order, when the read
  /// kept them (ReadOptions::keep_text); empty otherwise. A company reply's
  /// is "" unless ReadOptions::keep_reply_text.
  ExcerptStore excerpts;
  std::vector<std::string> files;  ///< display names of the inputs (`-` shown as `<stdin>`)
  bool has_thread_column = false;   ///< some file mapped a thread_id column (thread mode)
  bool has_account_column = false;  ///< some file mapped an account column

  /// Message index of each id in `ids` (Interner::kNone when the id names no
  /// accepted message, such as a parent that is not in the input). Filled
  /// while reading: the first accepted row of an id.
  PodVector<std::uint32_t> index_of_id;

  /// Per message, a MessageTable::strings id (kNone = empty): the thread id
  /// and the account as written (trimmed). Most exports have neither column,
  /// so each array is empty until some row has a value; use thread()/account().
  PodVector<std::uint32_t> threads;
  PodVector<std::uint32_t> accounts;
  std::uint32_t thread(std::uint32_t i) const { return i < threads.size() ? threads[i] : Interner::kNone; }
  std::uint32_t account(std::uint32_t i) const { return i < accounts.size() ? accounts[i] : Interner::kNone; }

  /// Per outbound message, who wrote it when the row tells (spec 8.3): its
  /// `agent`, else what company.signatures give from its text, as a strings
  /// id (kNone: neither; the responder is then the author as written).
  /// Empty until some row has one; use signed_by().
  PodVector<std::uint32_t> signers;
  std::uint32_t signed_by(std::uint32_t i) const { return i < signers.size() ? signers[i] : Interner::kNone; }

  /// Per inbound message, the priority rules it matches (bit k: rule k
  /// counted over every channel's rules, or over its own channel's only;
  /// see priority_masks_global and EpisodeRule::priority_bit). A byte a
  /// message when the mask needs at most eight bits (then
  /// wide_priority_masks stays empty), else eight bytes (then
  /// priority_masks stays empty): a fifth of a table's bytes at 10 M
  /// messages would otherwise hold zeros. Both are empty until some row
  /// matches a rule; use priority_mask() and has_priority_masks().
  PodVector<std::uint8_t> priority_masks;
  PodVector<std::uint64_t> wide_priority_masks;
  /// The masks' bits are the rules of every channel (Policy::priority_bits_global),
  /// not those of the message's own channel alone.
  bool priority_masks_global = false;
  bool has_priority_masks() const {
    return !priority_masks.empty() || !wide_priority_masks.empty();
  }
  std::uint64_t priority_mask(std::uint32_t i) const {
    if (i < priority_masks.size()) return priority_masks[i];
    return i < wide_priority_masks.size() ? wide_priority_masks[i] : 0;
  }

  /// The excerpt of message `i` (its first ~100 bytes of text); "" when the
  /// text was not kept or was empty. Valid until the calling thread's next
  /// excerpt() (see ExcerptStore::view()): use it before asking for another.
  std::string_view excerpt(std::uint32_t i) const { return excerpts.view(i); }
};

/// Longest excerpt kept per message, in bytes (cut at a UTF-8 boundary).
inline constexpr std::size_t kExcerptBytes = 100;

}  // namespace ssla

#endif  // SSLA_MESSAGE_H_
