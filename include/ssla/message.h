// The normalized message table: the output of the read stage and the input of
// every later stage. Compact records of integers; strings are interned once.
#ifndef SSLA_MESSAGE_H_
#define SSLA_MESSAGE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ssla/instant.h"
#include "ssla/interner.h"
#include "ssla/text_arena.h"

namespace ssla {

enum class Direction : std::uint8_t { kInbound = 0, kOutbound = 1 };

/// Why an inbound message needs no answer (spec 3.4); kNone when it does.
enum class ExemptReason : std::uint8_t { kNone = 0, kTag, kAuthor, kWord, kAcknowledgement };

/// One accepted, de-duplicated input row. All string fields are ids into the
/// table's interners; Interner::kNone means empty/absent.
struct Message {
  Instant created_at = 0;               ///< UTC ms
  std::uint32_t id = Interner::kNone;     ///< into MessageTable::ids
  std::uint32_t parent = Interner::kNone; ///< into MessageTable::ids (may name no message)
  std::uint32_t thread = Interner::kNone; ///< into MessageTable::strings; kNone = empty
  std::uint32_t author = Interner::kNone; ///< author key: ASCII-lower-cased, no leading `@`
  std::uint32_t author_as_written = Interner::kNone;  ///< trimmed, as in the file
  std::uint32_t channel = Interner::kNone;  ///< ASCII-lower-cased; kNone = empty
  std::uint32_t account = Interner::kNone;  ///< as written (trimmed); kNone = empty
  std::uint32_t excerpt = Interner::kNone;  ///< into MessageTable::excerpts; first ~100 bytes of text
  std::uint32_t line = 0;                   ///< physical line (CSV) or element number (JSON), 1-based
  std::uint16_t file = 0;                   ///< index into MessageTable::files
  Direction direction = Direction::kInbound;
  ExemptReason exempt = ExemptReason::kNone;  ///< by the policy of its own channel
  bool ignored_author = false;              ///< outbound by a `company.ignore_authors` author
};

/// All messages of a run, in input order (files in command-line order, rows in
/// file order): a message's index is its input order.
struct MessageTable {
  std::vector<Message> messages;
  Interner ids;        ///< message ids and parent ids (exact text)
  Interner strings;    ///< authors, channels, accounts, thread ids
  TextArena excerpts;  ///< short text excerpts (for breach lists and explain)
  std::vector<std::string> files;  ///< display names of the inputs (`-` shown as `<stdin>`)
  bool has_thread_column = false;   ///< some file mapped a thread_id column (thread mode)
  bool has_account_column = false;  ///< some file mapped an account column

  /// message index of each id in `ids` (Interner::kNone when the id names no
  /// accepted message). Filled by index_ids().
  std::vector<std::uint32_t> index_of_id;
  /// Fills index_of_id. Call once after reading.
  void index_ids();
};

/// Longest excerpt kept per message, in bytes (cut at a UTF-8 boundary).
inline constexpr std::size_t kExcerptBytes = 100;

}  // namespace ssla

#endif  // SSLA_MESSAGE_H_
