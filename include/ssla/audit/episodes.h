// Stage 4: episodes (spec 3.3, 3.4). Walks each conversation in order and cuts
// it into episodes: opened by an unanswered, non-exempt inbound message,
// closed by the first company message not by an ignored author.
#ifndef SSLA_EPISODES_H_
#define SSLA_EPISODES_H_

#include <cstdint>
#include <vector>

#include "ssla/audit/conversations.h"
#include "ssla/base/instant.h"
#include "ssla/base/pod_vector.h"
#include "ssla/policy/policy.h"
#include "ssla/read/message.h"

namespace ssla {

enum class EpisodeKind : std::uint8_t { kFirst, kNext };

/// Evaluation outcome (spec 3.5).
enum class Status : std::uint8_t {
  kMet,
  kBreachedLate,
  kBreachedUnanswered,
  kPending,
  kUnconfigured
};

/// Episode::rule of an unconfigured episode.
inline constexpr std::uint32_t kNoRule = 0xffffffffu;

/// One episode. Structure is filled by find_episodes(); the evaluation
/// fields (due, target, business, status) by evaluate_episodes().
struct Episode {
  std::uint32_t opened_by = Interner::kNone;     ///< message index
  std::uint32_t responded_by = Interner::kNone;  ///< message index, kNone if unanswered
  std::uint32_t conversation = 0;                ///< index into Conversations
  std::uint32_t channel = Interner::kNone;       ///< the opening message's channel (strings id)
  std::uint32_t account = Interner::kNone;       ///< strings id, kNone = empty (spec 3.3)
  /// Who answered (spec 8.3), a strings id: the reply's agent, else its
  /// signature, else its author as written; kNone when unanswered.
  std::uint32_t responder = Interner::kNone;
  /// The rule the episode is measured by (channel entry with its account's
  /// replacements, spec 8.2), as its position in flat_rules() of the
  /// policy, set by the evaluation; kNoRule when unconfigured.
  std::uint32_t rule = kNoRule;
  /// The priority's index in Policy::priority_names (0 = `normal`), set by
  /// the evaluation.
  std::uint16_t priority = 0;
  EpisodeKind kind = EpisodeKind::kFirst;
  Status status = Status::kUnconfigured;
  Instant start = 0;                  ///< UTC ms: the opening message's created_at
  Instant responded_at = kNoInstant;  ///< UTC ms or kNoInstant
  Instant due = kNoInstant;  ///< UTC ms; kNoInstant when none (never opens again / unconfigured)
  union {
    /// Until the evaluation: the priority rules (bits of the channel's,
    /// see EpisodeRule::priority_bit) that the opener or an inbound,
    /// non-exempt message that joined matches. The evaluation reads them
    /// to choose the priority and keeps the target in their place: an
    /// episode is read as one or the other, never both (8 bytes an
    /// episode, at millions of episodes).
    std::uint64_t matched = 0;
    /// After the evaluation: ms; -1 when unconfigured.
    Millis target;
  };
  Millis business = -1;  ///< business ms to response or as_of; -1 when unconfigured
};
// Millions of episodes are sorted and moved: no padding between the fields.
static_assert(sizeof(Episode) == 72);

/// Wall-clock ms from the opening message to the response, or to `as_of`
/// when unanswered (spec 3.5's calendar time). Not stored: it follows from
/// the episode's instants.
inline Millis calendar_millis(const Episode& e, Instant as_of) {
  return (e.responded_at != kNoInstant ? e.responded_at : as_of) - e.start;
}

/// An exempt inbound message in a conversation, counted per group (spec 7).
struct ExemptMessage {
  std::uint32_t message = 0;                ///< message index
  std::uint32_t account = Interner::kNone;  ///< by the episode account rule
};

/// Everything the episode walk finds.
struct EpisodeSet {
  PodVector<Episode> episodes;      ///< in conversation order, or sorted by sort_episodes()
  PodVector<ExemptMessage> exempt;  ///< in conversation order
};

/// Walks every conversation (spec 3.3). Episodes come out in conversation
/// order; sort_episodes() puts them in report order.
/// With `threads` >= 2 the conversations are walked on two threads (the
/// result is the same).
EpisodeSet find_episodes(const MessageTable& table, const Conversations& conversations,
                         unsigned threads = 1);

/// The episodes and exempt messages of conversations [from, to), in
/// conversation order, appended to `out` (what find_episodes() does for a
/// block of conversations).
void find_episodes_in(const MessageTable& table, const Conversations& conversations,
                      std::size_t from, std::size_t to, EpisodeSet& out);

/// Sorts the episodes by start, then by the opening message's input order
/// (spec 7). With `threads` >= 2, two threads sort the keys' halves.
void sort_episodes(EpisodeSet& set, unsigned threads = 1);

/// The episodes of `first` and `second` together, in the order
/// sort_episodes() gives; both are emptied. For two lists kept on two
/// threads (a breach list): with `threads` >= 2 each list is sorted on its
/// own thread, and the two are merged from both ends at once into a new
/// array, instead of one thread moving every episode along the cycles of
/// the permutation. The new array and the lists coexist until it is full,
/// so it suits lists that are a fraction of all the episodes.
PodVector<Episode> sorted_union(PodVector<Episode>& first, PodVector<Episode>& second,
                                unsigned threads = 1);

/// `met`, `breached_late`, ... as printed.
std::string_view status_name(Status status);
/// `first` or `next`.
std::string_view kind_name(EpisodeKind kind);

}  // namespace ssla

#endif  // SSLA_EPISODES_H_
