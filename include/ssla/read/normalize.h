// Turning raw records into Messages (spec 1.2, 1.3, 7), in three parts so
// that the read stage can run them on two cores:
//   prepare  - what depends on the record alone: trimming, checks,
//              direction, and timestamps unless deferred (the parsing thread);
//   finish   - what needs neither the shared tables nor input order: keys,
//              content hash, exempt reason, deferred timestamps (whichever
//              thread is idle);
//   commit   - what touches the shared tables, in input order: interning,
//              duplicates, appending the message (the committing thread).
#ifndef SSLA_NORMALIZE_H_
#define SSLA_NORMALIZE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ssla/audit/data_quality.h"
#include "ssla/base/ascii.h"
#include "ssla/base/halves.h"
#include "ssla/policy/exempt.h"
#include "ssla/policy/policy.h"
#include "ssla/policy/signatures.h"
#include "ssla/policy/word_set.h"
#include "ssla/read/column_map.h"
#include "ssla/read/message.h"
#include "ssla/read/timestamp.h"

namespace ssla {

/// One input record as read: a value per canonical field. Views point into
/// the reader's buffers and are valid only until the next record.
struct RawRecord {
  std::array<std::string_view, kFieldCount> value;
  /// Per field: the field has a source for this record (a mapped CSV column,
  /// or a JSON key/alias present and not null).
  std::array<bool, kFieldCount> mapped{};
  /// JSON only: tags given as an array (then `tags` holds them, untrimmed).
  bool tags_as_list = false;
  std::vector<std::string_view> tags;
  std::uint32_t line = 0;  ///< physical line (CSV, NDJSON) or element number (JSON array)
};

/// What varies per input file.
struct FileContext {
  std::uint16_t file = 0;        ///< index into MessageTable::files
  bool twcs = false;             ///< the twcs preset: `.0` ids, constant channel
  std::string constant_channel;  ///< for rows whose channel is empty or unmapped
  const TimestampParser* timestamps = nullptr;
  bool keep_text = true;        ///< store each message's excerpt (MessageTable::excerpts)
  bool keep_reply_text = true;  ///< with keep_text: company replies' excerpts too (else "")
  /// prepare() leaves reading created_at to finish() (PreparedRow::
  /// deferred_time): the work then goes to whichever thread is idle.
  bool defer_timestamps = false;
};

/// Append-only byte storage whose views never move (fixed chunks), reused
/// from batch to batch. Holds the fields a prepared row must keep beyond
/// its record: unescaped quoted fields and folded author keys.
class RowArena {
 public:
  /// A stable copy of `s`.
  std::string_view keep(std::string_view s);
  /// Forgets every copy (their views become invalid); keeps the memory.
  void reset();

 private:
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::size_t chunk_ = 0;  // chunk being filled
  std::size_t used_ = 0;   // bytes used in it
};

/// A record after prepare(): either a reason it is a bad row, or every value
/// commit() needs. Views are into the input bytes or a RowArena.
struct PreparedRow {
  std::uint32_t line = 0;  ///< as in RawRecord
  std::int32_t bad = -1;   ///< index of the reason in the batch, -1 when good
  Instant created_at = 0;  ///< UTC ms
  std::string_view id;     ///< trimmed, `.0` dropped (twcs)
  std::string_view parent;
  std::string_view thread;
  std::string_view author;      ///< trimmed, as written
  std::string_view author_key;  ///< without `@`, ASCII-lower-cased
  std::string_view channel;     ///< trimmed, as written, or the file's constant channel
  std::string_view account;
  std::string_view text;   ///< trimmed
  std::string_view tags;   ///< the tags value as written (split by RowFinisher)
  std::string_view agent;  ///< trimmed, as written (spec 8.3)
  /// Tags given as a JSON list (instead of `tags`): the record's own list,
  /// valid only until its next record, so such rows are committed at once.
  const std::vector<std::string_view>* tag_list = nullptr;
  /// Filled by RowFinisher::finish() (finished = true), on whichever thread
  /// gets to the row first: Interner::hash_of(author_key), the decimal values of id
  /// and parent (IdTable::decimal_value), the content hash (text and tags,
  /// for duplicates) and, for an inbound row, the exempt reason by its
  /// channel's policy.
  bool finished = false;
  /// With FileContext::defer_timestamps: created_at's text, read by
  /// finish() with this parser (the file's; it outlives the row) instead of
  /// by prepare(); null when prepare() read it. When finish() finds it
  /// unreadable it sets time_unreadable instead of the rest, and the row is
  /// a bad one with time_problem()'s reason.
  const TimestampParser* deferred_time = nullptr;
  std::string_view created_text;
  bool time_unreadable = false;
  std::uint64_t author_hash = 0;
  std::uint64_t id_decimal = 0;
  std::uint64_t parent_decimal = 0;
  std::uint64_t content = 0;
  ExemptReason exempt = ExemptReason::kNone;
  /// Outbound: the agent, else the signature's responder (a view into the
  /// text); empty when neither. Inbound, not exempt: the priority rules of
  /// its channel it matches (see MessageTable::priority_masks).
  std::string_view signer;
  std::uint64_t priority_mask = 0;
  Direction direction = Direction::kInbound;
  bool ignored_author = false;
};

/// Why `created` (non-empty) is not a readable timestamp for `timestamps`,
/// as prepare() words it; "" when it is readable.
std::string time_problem(const TimestampParser& timestamps, std::string_view created);

/// The first half: checks and parses one record. Holds scratch space, so
/// each thread uses its own.
// A cache line of its own: the CSV parser that holds the splitting thread's
// preparer lives on the committing thread's stack, beside locals that thread
// writes as it commits rows; sharing a line with one, each record's first
// read of the preparer's members waited for the other core (half of
// prepare()'s profile samples at that one load on an Intel Xeon).
class alignas(kCacheLine) RowPreparer {
 public:
  /// `policy` must outlive the preparer. `outlives_rows`: the preparer
  /// lives until every row it prepared is committed (the CSV parser's), so
  /// that a row may keep a view of its cached folded key instead of a copy.
  explicit RowPreparer(const Policy& policy, bool outlives_rows = false);

  /// Fills `row` from `record`. On a bad row, returns the reason (and `row`
  /// is to be ignored); else "". With an arena, every view that does not
  /// point into [keep_from, keep_to) is copied into it, so that `row`
  /// outlives the record; without one, `row` lives until the next call.
  /// Sets every field a good row is read for and marks it not finished, so
  /// `row` may be one left over from an earlier record.
  std::string prepare(const FileContext& ctx, const RawRecord& record, PreparedRow& row,
                      RowArena* arena = nullptr, const char* keep_from = nullptr,
                      const char* keep_to = nullptr);

 private:
  /// The ASCII-lower-cased form of `key` (which has an upper-case letter)
  /// and its Interner::hash_of(), valid as long as the preparer (rows keep a
  /// copy of the key in their batch's arena, as they do the scratch_ key,
  /// unless the preparer outlives them); null when the cache is full.
  struct Folded;
  const Folded* folded_key(std::string_view key);

  const Policy& policy_;
  bool outlives_rows_ = false;
  // Bit min(size, 63) is set for the size of each ignore_authors key: every
  // record's author is tested, and most have no ignored author's size.
  std::uint64_t ignored_sizes_ = 0;
  std::string scratch_;  // the folded author key of the current record
  // Authors written with capitals (brands: AppleSupport) recur on every
  // reply: their folded keys are cached, direct-mapped by the bytes of the
  // key as written. Entries point into folded_bytes_, which is never reset,
  // so a key returned stays valid after its slot is taken by another author.
  struct Folded {
    std::string_view written;
    std::string_view folded;
    std::uint64_t hash = 0;  // Interner::hash_of(folded)
  };
  static constexpr int kFoldedBits = 10;
  static constexpr std::size_t kFoldedSlots = std::size_t{1} << kFoldedBits;
  static constexpr std::size_t kFoldedBytes = std::size_t{1} << 20;  // then no more are cached
  std::vector<Folded> folded_;
  RowArena folded_bytes_;
  std::size_t folded_kept_ = 0;  // bytes in folded_bytes_
};

/// The part of a row's work that needs neither the shared tables nor input
/// order: keys, content hash, exempt rules. Runs on either thread of a CSV
/// read, whichever is idle; the result is the same. Holds scratch space, so
/// each thread uses its own. A cache line of its own, as RowPreparer.
class alignas(kCacheLine) RowFinisher {
 public:
  /// `policy` must outlive the finisher. Compiles the policy's signatures
  /// when `match_signatures` (ReadOptions::match_signatures); without it,
  /// no row gets a signer.
  RowFinisher(const Policy& policy, bool match_signatures);
  ~RowFinisher();

  /// Fills the finished part of a good row (see PreparedRow::finished).
  void finish(PreparedRow& row);

 private:
  const Policy& policy_;
  std::vector<std::string_view> tags_;  // scratch: the row's tags
  std::string last_channel_;            // the channel of the previous row, as written
  // A channel's exempt matcher and the matchers of its priority rules in
  // bit order (see EpisodeRule::priority_bit), made at its first row.
  // An exempt or priority rule, and its bits of its channel's word set.
  struct RuleMatcher {
    RuleMatcher(const ExemptRule& rule, WordSet& words);
    ExemptMatcher matcher;
    std::uint64_t words = 0;
    bool words_only = false;  // no tags, authors or phrases: the words decide
    bool words_unless_tagged = false;  // no authors or phrases: for a row without tags too
  };
  struct ChannelMatchers {
    /// `channel`'s exempt rule; the priority rules of `channel`, or of every
    /// channel of `policy` with Policy::priority_bits_global.
    ChannelMatchers(const ChannelPolicy& channel, const Policy& policy);
    const ChannelPolicy* channel;
    // The words of the exempt rule and of every priority rule.
    WordSet words;
    // They are looked for in one pass (not one pass a word): they fit in
    // the set's mask and are at least kSharedWordsFrom.
    bool shared = false;
    RuleMatcher exempt;
    std::vector<RuleMatcher> priorities;  // in priority-bit order
    // With `shared` and no priority rule naming authors: for a row without
    // tags, priority rule k matches exactly when a word of
    // priority_words[k] was found (decide() would look at nothing else).
    // The bits are those of `priorities`, kept in one array of their own:
    // a RuleMatcher is 288 bytes.
    bool untagged_by_words = false;
    std::vector<std::uint64_t> priority_words;
  };
  /// The matchers of `channel`, made at its first row; for no channel (an
  /// unconfigured one), those of no_channel_ when the priority bits are
  /// global and some channel has rules, else null.
  const ChannelMatchers* matcher_for(const ChannelPolicy* channel);
  ChannelPolicy no_channel_;  // no exempt rule and no priorities of its own
  std::vector<std::unique_ptr<ChannelMatchers>> matchers_;
  const ChannelMatchers* last_matcher_ = nullptr;  // of the previous row's channel; null: none
  std::unique_ptr<SignatureMatcher> signatures_;   // null when the policy has none
  bool have_last_ = false;
  std::string scratch_;  // the folded channel
};

/// Where a batch of rows' views into the input are in the file: bytes
/// [begin, end) are the file's bytes from offset `at` (kNotInFile: the
/// input is not a file the excerpts may refer to).
struct InputSpan {
  const char* begin = nullptr;
  const char* end = nullptr;
  std::uint64_t at = kNotInFile;
};

/// The second half: adds prepared rows to a MessageTable, in input order.
class Normalizer {
 public:
  /// `policy`, `table` and `quality` must outlive the normalizer.
  /// `match_signatures` as for RowFinisher.
  Normalizer(const Policy& policy, MessageTable& table, DataQuality& quality,
             bool match_signatures);

  /// Adds a good prepared row, or counts it as a duplicate (the first row of
  /// an id wins). A conflicting duplicate is reported through conflict().
  /// Finishes the row first if no other thread did. An excerpt whose bytes
  /// are in `span` of a file attached to MessageTable::excerpts is kept as
  /// a reference to them, others as a copy.
  void commit(const FileContext& ctx, PreparedRow& row, const InputSpan& span = {});
  /// Hints the table slots that committing `row` will touch into the cache;
  /// called a few rows ahead of commit(). Finishes the row first if no other
  /// thread did.
  void prefetch(PreparedRow& row);

  /// After commit(): the id of a conflicting duplicate just seen, else "".
  const std::string& conflict() const { return conflict_; }
  /// The latest created_at of the messages added so far (UTC ms); kNoInstant
  /// before the first.
  Instant latest() const { return latest_; }
  /// The inbound messages added so far: their earliest created_at and channels.
  const InboundSummary& inbound() const { return inbound_; }
  /// The committing thread's finisher, for the chunks of a batch it
  /// finishes itself (see RowFinisher).
  RowFinisher& finisher() { return finisher_; }

 private:
  std::uint32_t intern_channel(std::string_view channel);
  /// A name's id, by a cache of recent names indexed by `hash` (any value
  /// that equal names share): most rows repeat a few names. On a miss the
  /// name is interned and takes the slot.
  struct KnownName {
    std::string_view text;  // the interner's copy
    std::uint32_t id = Interner::kNone;
  };
  static constexpr int kKnownNameBits = 8;
  using KnownNames = std::array<KnownName, std::size_t{1} << kKnownNameBits>;
  std::uint32_t intern_known(KnownNames& names, std::string_view name, std::uint64_t hash);

  MessageTable& table_;
  DataQuality& quality_;
  PodVector<std::uint64_t> content_hash_;  // per message: text + tags, for duplicates
  std::string last_channel_;               // most rows repeat the previous channel
  std::uint32_t last_channel_id_ = Interner::kNone;
  // Names as written whose key differs (company accounts written with
  // capitals), by the key's hash; signers (spec 8.3), by their bytes.
  KnownNames as_written_{};
  KnownNames signers_{};
  std::string scratch_;   // scratch for folded strings
  RowFinisher finisher_;  // the committing thread's
  std::string conflict_;
  Instant latest_ = kNoInstant;
  InboundSummary inbound_;
  std::uint32_t last_inbound_channel_ = Interner::kNone;  // the channel inbound_ saw last
  bool wide_masks_ = false;  // some channel has more than 8 priority rules
};

}  // namespace ssla

#endif  // SSLA_NORMALIZE_H_
