#include "ssla/read/normalize.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "ssla/base/ascii.h"
#include "ssla/base/unaligned.h"
#include "ssla/base/utf8.h"
#include "ssla/policy/exempt.h"

namespace ssla {

namespace {

constexpr std::uint32_t kNone = Interner::kNone;

// Direction words of spec 1.2; -1 unknown, 0 inbound, 1 outbound. Views,
// not C strings: the words are compared on every row.
int direction_word(std::string_view v) {
  using namespace std::string_view_literals;
  for (std::string_view w : {"inbound"sv, "in"sv, "customer"sv, "received"sv}) {
    if (equals_folded(v, w)) return 0;
  }
  for (std::string_view w : {"outbound"sv, "out"sv, "company"sv, "brand"sv, "sent"sv}) {
    if (equals_folded(v, w)) return 1;
  }
  return -1;
}

int inbound_word(std::string_view v) {
  using namespace std::string_view_literals;
  if (v == "True"sv) return 0;  // as every twcs row writes them
  if (v == "False"sv) return 1;
  for (std::string_view w : {"true"sv, "1"sv, "yes"sv}) {
    if (equals_folded(v, w)) return 0;
  }
  for (std::string_view w : {"false"sv, "0"sv, "no"sv}) {
    if (equals_folded(v, w)) return 1;
  }
  return -1;
}

// Re-saved twcs files write ids as floats: `123.0` is `123` (spec 5.2).
std::string_view drop_point_zero(std::string_view id) {
  if (id.size() > 2 && id.substr(id.size() - 2) == ".0") id.remove_suffix(2);
  return id;
}

void split_tags(std::string_view raw, std::vector<std::string_view>& out) {
  std::size_t start = 0;
  for (std::size_t i = 0; i <= raw.size(); ++i) {
    if (i == raw.size() || raw[i] == ',' || raw[i] == ';' || raw[i] == '|') {
      const std::string_view t = trim_ascii(raw.substr(start, i - start));
      if (!t.empty()) out.push_back(t);
      start = i + 1;
    }
  }
}

// The first kExcerptBytes bytes, cut back to a UTF-8 character boundary.
std::string_view excerpt_of(std::string_view text) {
  if (text.size() <= kExcerptBytes) return text;
  std::size_t cut = kExcerptBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

// A value equal names share, for the direct-mapped caches of names that
// recur row after row (company accounts as written, signers' initials):
// their bytes as one or two overlapping words (such names are 2 to 16
// bytes), mixed; longer names by their hash. The caches compare the bytes
// on a hit, so names that share a value only miss.
inline std::uint64_t name_key(std::string_view s) {
  const char* p = s.data();
  const std::size_t n = s.size();
  std::uint64_t v = 0;
  if (n > 16) {
    v = hash_bytes(s);
  } else if (n >= 8) {
    v = load_unaligned<std::uint64_t>(p) ^
        load_unaligned<std::uint64_t>(p + n - 8) * 0x9e3779b97f4a7c15ull;
  } else if (n >= 4) {
    v = load_short_tail(p, n);
  } else {
    std::memcpy(&v, p, n);
  }
  return (v ^ n) * 0xff51afd7ed558ccdull;
}

// What makes two rows of the same id identical beyond the table fields: the
// text and the tags.
std::uint64_t content_hash(std::string_view text, const std::vector<std::string_view>& tags) {
  std::uint64_t content = hash_bytes(text);
  for (std::string_view t : tags) content = hash_bytes(t, content ^ 0x7f4a7c15u);
  return content;
}

}  // namespace

std::string_view RowArena::keep(std::string_view s) {
  constexpr std::size_t kChunk = 1 << 20;
  if (s.empty()) return std::string_view();
  if (s.size() > kChunk) {  // a field longer than a chunk gets a chunk of its own
    chunks_.insert(chunks_.begin() + static_cast<std::ptrdiff_t>(chunk_),
                   std::unique_ptr<char[]>(new char[s.size()]));
    char* dst = chunks_[chunk_].get();
    std::memcpy(dst, s.data(), s.size());
    ++chunk_;  // the chunk being filled moves one up, with its fill level
    return std::string_view(dst, s.size());
  }
  if (chunks_.empty() || used_ + s.size() > kChunk) {
    if (!chunks_.empty()) ++chunk_;
    if (chunk_ == chunks_.size()) chunks_.push_back(std::unique_ptr<char[]>(new char[kChunk]));
    used_ = 0;
  }
  char* dst = chunks_[chunk_].get() + used_;
  std::memcpy(dst, s.data(), s.size());
  used_ += s.size();
  return std::string_view(dst, s.size());
}

void RowArena::reset() {
  chunk_ = 0;
  used_ = 0;
}

std::string time_problem(const TimestampParser& timestamps, std::string_view created) {
  if (timestamps.read(created) != kNoInstant) return "";
  const std::string shown(created.substr(0, 60));
  if (timestamps.read_unbounded(created) != kNoInstant) {
    return "timestamp '" + shown + "' outside years 0001-9999";
  }
  return "unreadable timestamp '" + shown + "'";
}

RowPreparer::RowPreparer(const Policy& policy, bool outlives_rows)
    : policy_(policy), outlives_rows_(outlives_rows) {
  for (const std::string& a : policy.ignore_authors) {
    ignored_sizes_ |= std::uint64_t{1} << std::min<std::size_t>(a.size(), 63);
  }
}

std::string RowPreparer::prepare(const FileContext& ctx, const RawRecord& r, PreparedRow& row,
                                 RowArena* arena, const char* keep_from, const char* keep_to) {
  auto value = [&](Field f) __attribute__((always_inline)) {
    return r.mapped[f] ? trim_ascii(r.value[f]) : std::string_view();
  };
  auto keep = [&](std::string_view v) {
    if (arena == nullptr || v.empty() || (v.data() >= keep_from && v.data() < keep_to)) return v;
    return arena->keep(v);
  };
  row.line = r.line;
  row.bad = -1;
  row.finished = false;  // the row may be a reused one (see PreparedRows in read_in_pieces.h)
  row.time_unreadable = false;

  // Required fields: id, created_at, author, and a readable direction.
  std::string_view id = value(kFieldId);
  if (ctx.twcs) id = drop_point_zero(id);
  if (id.empty()) return "missing id";
  if (!is_valid_utf8(id)) return "invalid UTF-8 in id";
  const std::string_view created = value(kFieldCreatedAt);
  if (created.empty()) return "missing created_at";
  Instant at = 0;
  if (ctx.defer_timestamps) {
    row.deferred_time = ctx.timestamps;
    row.created_text = keep(created);
  } else {
    row.deferred_time = nullptr;
    at = ctx.timestamps->read(created);
    if (at == kNoInstant) return time_problem(*ctx.timestamps, created);
  }
  // A later check's reason, unless the deferred timestamp is unreadable:
  // that one comes first, as when it is read here.
  auto fail = [&](std::string reason) {
    if (ctx.defer_timestamps) {
      std::string time = time_problem(*ctx.timestamps, created);
      if (!time.empty()) return time;
    }
    return reason;
  };
  const std::string_view author = value(kFieldAuthor);
  std::string_view author_key_view = author;
  if (!author_key_view.empty() && author_key_view[0] == '@') author_key_view.remove_prefix(1);
  if (author_key_view.empty())
    return fail(author.empty() ? "missing author" : "author is only '@'");
  if (!is_valid_utf8(author)) return fail("invalid UTF-8 in author");
  // The key is the author folded to lower case: a copy only when some byte
  // changes (most keys are numeric user ids or lower-case names).
  // A folded key from the cache is kept in the batch's arena unless this
  // preparer outlives the rows: those of the splitting thread's JSON worker
  // are committed after the worker is gone. Its hash comes with it.
  std::string_view key = author_key_view;
  bool key_cached = false;  // a view of folded_bytes_
  row.author_hash = 0;      // not known yet: RowFinisher::finish()
  if (has_ascii_upper(key)) {
    if (const Folded* folded = folded_key(key)) {
      key = folded->folded;
      key_cached = true;
      row.author_hash = folded->hash;
    } else {
      assign_lower_ascii(scratch_, author_key_view);
      key = scratch_;
    }
  }

  Direction direction;
  if (r.mapped[kFieldDirection]) {
    const std::string_view v = value(kFieldDirection);
    if (v.empty()) return fail("empty direction");
    const int d = direction_word(v);
    if (d < 0) return fail("unknown direction '" + std::string(v.substr(0, 40)) + "'");
    direction = d == 0 ? Direction::kInbound : Direction::kOutbound;
  } else if (r.mapped[kFieldInbound]) {
    const std::string_view v = value(kFieldInbound);
    if (v.empty()) return fail("empty inbound value");
    const int d = inbound_word(v);
    if (d < 0) return fail("unknown inbound value '" + std::string(v.substr(0, 40)) + "'");
    direction = d == 0 ? Direction::kInbound : Direction::kOutbound;
  } else {
    direction = policy_.is_company_author(key) ? Direction::kOutbound : Direction::kInbound;
  }

  // Spec 7: authors in ignore_authors are company authors (outbound),
  // whatever a direction or inbound column says of the row: an auto-reply
  // an export marks inbound must neither open an episode nor close one.
  row.ignored_author = (ignored_sizes_ >> std::min<std::size_t>(key.size(), 63) & 1) != 0 &&
                       policy_.is_ignored_author(key);
  if (row.ignored_author) direction = Direction::kOutbound;
  row.created_at = at;
  row.direction = direction;
  row.id = keep(id);
  // The key is usually the author as written (numeric user ids, lower-case
  // names): then it is the same view (Normalizer::commit() relies on it).
  // Without an arena it may be a view of scratch_, valid until the next record.
  // (The kept view is copied from a local, not read back from the row: a
  // 16-byte load of a view just stored as two words cannot be forwarded.)
  const std::string_view kept_author = keep(author);
  row.author = kept_author;
  row.author_key = key.data() == author.data() && key.size() == author.size() ? kept_author
                   : arena != nullptr && !(key_cached && outlives_rows_)      ? keep(key)
                                                                              : key;
  std::string_view parent = value(kFieldParentId);
  if (ctx.twcs) parent = drop_point_zero(parent);
  row.parent = keep(parent);
  row.thread = keep(value(kFieldThreadId));
  std::string_view channel = value(kFieldChannel);
  row.channel = channel.empty() ? std::string_view(ctx.constant_channel) : keep(channel);
  row.account = keep(value(kFieldAccount));
  // Text and tags stay views: RowFinisher::finish() hashes them and applies
  // the exempt rules on whichever thread is idle. A tag list (JSON) is only
  // referred to: its rows are committed before the next record.
  row.text = keep(value(kFieldText));
  row.tags = keep(value(kFieldTags));
  row.agent = r.mapped[kFieldAgent] ? keep(value(kFieldAgent)) : std::string_view();
  row.tag_list = r.tags_as_list ? &r.tags : nullptr;
  return "";
}

const RowPreparer::Folded* RowPreparer::folded_key(std::string_view key) {
  if (folded_.empty()) folded_.assign(kFoldedSlots, Folded{});
  Folded& slot = folded_[name_key(key) >> (64 - kFoldedBits)];
  if (same_bytes(slot.written, key)) return &slot;
  if (folded_kept_ + 2 * key.size() > kFoldedBytes) return nullptr;
  folded_kept_ += 2 * key.size();
  slot.written = folded_bytes_.keep(key);
  assign_lower_ascii(scratch_, key);
  slot.folded = folded_bytes_.keep(scratch_);
  slot.hash = Interner::hash_of(slot.folded);
  return &slot;
}

// From this many words in a channel's rules, they are looked for together.
constexpr std::size_t kSharedWordsFrom = 3;

RowFinisher::RowFinisher(const Policy& policy, bool match_signatures) : policy_(policy) {
  if (match_signatures && !policy.signatures.empty())
    signatures_ = std::make_unique<SignatureMatcher>(policy.signatures);
}

RowFinisher::~RowFinisher() = default;

const RowFinisher::ChannelMatchers* RowFinisher::matcher_for(const ChannelPolicy* channel) {
  if (channel == nullptr) {
    // A message of no configured channel may still join another channel's
    // episode, whose rules it is then matched against.
    if (!policy_.priority_bits_global || policy_.priority_mask_bits() == 0) return nullptr;
    channel = &no_channel_;
  }
  for (const auto& m : matchers_) {
    if (m->channel == channel) return m.get();
  }
  matchers_.push_back(std::make_unique<ChannelMatchers>(*channel, policy_));
  return matchers_.back().get();
}

RowFinisher::RuleMatcher::RuleMatcher(const ExemptRule& rule, WordSet& set)
    : matcher(rule),
      words_only(rule.tags.empty() && rule.authors.empty() && rule.acknowledgements.empty()),
      words_unless_tagged(rule.authors.empty() && rule.acknowledgements.empty()) {
  for (const std::string& w : rule.words) words |= set.add(w);
}

RowFinisher::ChannelMatchers::ChannelMatchers(const ChannelPolicy& own, const Policy& policy)
    : channel(&own), exempt(own.exempt, words) {
  // In bit order (Policy::priority_bits_global): channels in file order,
  // `default` last.
  auto add_rules = [&](const ChannelPolicy& c) {
    for (const EpisodeRule& rule : c.rules) {
      for (const PriorityRule& p : rule.priorities) priorities.emplace_back(p.match, words);
    }
  };
  if (policy.priority_bits_global) {
    for (const ChannelPolicy& c : policy.channels) add_rules(c);
    if (policy.default_channel) add_rules(*policy.default_channel);
  } else {
    add_rules(own);
  }
  shared = !words.full() && words.size() >= kSharedWordsFrom;
  untagged_by_words = shared;
  for (const RuleMatcher& p : priorities) {
    priority_words.push_back(p.words);
    untagged_by_words = untagged_by_words && p.words_unless_tagged;
  }
}

void RowFinisher::finish(PreparedRow& row) {
  if (row.bad >= 0 || row.finished) return;
  if (row.deferred_time != nullptr) {
    row.created_at = row.deferred_time->read(row.created_text);
    if (row.created_at == kNoInstant) {
      row.time_unreadable = true;  // a bad row: nothing else is needed
      row.finished = true;
      return;
    }
  }
  // 0 unless prepare() found the key in its cache (a hash that is 0 is
  // computed again: harmless).
  if (row.author_hash == 0) row.author_hash = Interner::hash_of(row.author_key);
  row.id_decimal = IdTable::decimal_value(row.id);
  row.parent_decimal =
      row.parent.empty() ? IdTable::kNotDecimal : IdTable::decimal_value(row.parent);
  tags_.clear();
  if (row.tag_list != nullptr) {
    for (std::string_view t : *row.tag_list) {
      t = trim_ascii(t);
      if (!t.empty()) tags_.push_back(t);
    }
  } else {
    split_tags(row.tags, tags_);
  }
  row.content = content_hash(row.text, tags_);
  // Spec 8.8: the agent is ignored on inbound messages, duplicates (1.3) included.
  if (!row.agent.empty() && row.direction == Direction::kOutbound) {
    row.content = hash_bytes(row.agent, row.content ^ 0x5bd1e995u);
  }
  row.exempt = ExemptReason::kNone;
  row.signer = std::string_view();
  row.priority_mask = 0;
  if (row.direction == Direction::kOutbound) {
    // Spec 8.3: the agent, else the first signature that gives a name.
    if (!row.agent.empty()) {
      row.signer = row.agent;
    } else if (signatures_ != nullptr) {
      row.signer = signatures_->responder(row.text);
    }
  } else {
    // The policy of the row's channel, named case-insensitively; most rows
    // repeat the previous row's channel.
    if (!have_last_ || !same_bytes(row.channel, last_channel_)) {
      last_channel_.assign(row.channel);
      assign_lower_ascii(scratch_, row.channel);
      last_matcher_ = matcher_for(policy_.channel_for(scratch_));
      have_last_ = true;
    }
    if (const ChannelMatchers* m = last_matcher_; m != nullptr) {
      // One pass over the text for the words of every rule, when shared.
      const std::uint64_t found = m->shared ? m->words.find(row.text) : 0;
      auto reason = [&](const RuleMatcher& r) {
        if (!m->shared) return r.matcher.reason(row.author_key, row.text, tags_);
        const bool word = (found & r.words) != 0;
        // A rule of words alone is answered by the pass.
        if (r.words_only) return word ? ExemptReason::kWord : ExemptReason::kNone;
        return r.matcher.reason_given_words(row.author_key, row.text, tags_, word);
      };
      row.exempt = reason(m->exempt);
      // The rules of every account entry are tried: the episode's account
      // may be known only from a later reply (spec 3.3).
      if (row.exempt == ExemptReason::kNone) {
        if (m->untagged_by_words && tags_.empty()) {
          // Most rows: no tags, so the pass's words alone decide each rule.
          std::uint64_t mask = 0;
          for (std::size_t k = 0; k < m->priority_words.size(); ++k) {
            mask |= std::uint64_t{(found & m->priority_words[k]) != 0} << k;
          }
          row.priority_mask = mask;
        } else {
          for (std::size_t k = 0; k < m->priorities.size(); ++k) {
            if (reason(m->priorities[k]) != ExemptReason::kNone) {
              row.priority_mask |= std::uint64_t{1} << k;
            }
          }
        }
      }
    }
  }
  row.finished = true;
}

Normalizer::Normalizer(const Policy& policy, MessageTable& table, DataQuality& quality,
                       bool match_signatures)
    : table_(table), quality_(quality), finisher_(policy, match_signatures) {
  wide_masks_ = policy.priority_mask_bits() > 8;
  table_.priority_masks_global = policy.priority_bits_global;
}

std::uint32_t Normalizer::intern_channel(std::string_view channel) {
  if (channel.empty()) return kNone;
  if (last_channel_id_ != kNone && same_bytes(channel, last_channel_)) return last_channel_id_;
  last_channel_.assign(channel);
  assign_lower_ascii(scratch_, channel);
  last_channel_id_ = table_.strings.intern(scratch_);
  return last_channel_id_;
}

std::uint32_t Normalizer::intern_known(KnownNames& names, std::string_view name,
                                       std::uint64_t hash) {
  KnownName& slot = names[(hash * 0x9e3779b97f4a7c15ull) >> (64 - kKnownNameBits)];
  if (slot.id != Interner::kNone && same_bytes(name, slot.text)) return slot.id;
  slot.id = table_.strings.intern(name);
  slot.text = table_.strings.view(slot.id);
  return slot.id;
}

namespace {

// Grows the index of ids to hold `ids` of them, with room for a few
// thousand more: most rows add one or two ids, and a resize() call per id
// cost more than the slots. read_messages() cuts it to the ids' number.
void grow_index(PodVector<std::uint32_t>& index_of_id, std::size_t ids) {
  constexpr std::size_t kSlack = 4096;
  index_of_id.resize(ids + kSlack, Interner::kNone);
}

// Fills a side array with `none` up to record `index` (exclusive), for the
// rows before the first that had a value; most rows find it there already.
template <typename T>
void fill_to(PodVector<T>& column, std::size_t index, std::type_identity_t<T> none) {
  if (column.size() < index) column.resize(index, none);
}

}  // namespace

void Normalizer::prefetch(PreparedRow& row) {
  if (row.bad >= 0) return;
  finisher_.finish(row);
  table_.ids.prefetch_decimal(row.id_decimal);
  table_.ids.prefetch_recent(row.parent_decimal);
  table_.strings.prefetch_hash(row.author_hash);
}

void Normalizer::commit(const FileContext& ctx, PreparedRow& row, const InputSpan& span) {
  conflict_.clear();
  finisher_.finish(row);
  Message m;
  m.created_at = row.created_at;
  m.direction = row.direction;
  m.author = table_.strings.intern(row.author_key, row.author_hash);
  // The key is a view of the author itself whenever they are equal (prepare()).
  const bool key_is_author =
      row.author.data() == row.author_key.data() && row.author.size() == row.author_key.size();
  m.author_as_written =
      key_is_author ? m.author : intern_known(as_written_, row.author, row.author_hash);
  m.ignored_author = row.ignored_author;
  PodVector<std::uint32_t>& index_of_id = table_.index_of_id;
  if (!row.parent.empty()) {
    m.parent = table_.ids.intern(row.parent, row.parent_decimal);
    if (m.parent >= index_of_id.size()) grow_index(index_of_id, table_.ids.size());
  }
  const std::uint32_t thread = row.thread.empty() ? kNone : table_.strings.intern(row.thread);
  m.channel = intern_channel(row.channel);
  const std::uint32_t account = row.account.empty() ? kNone : table_.strings.intern(row.account);

  // Duplicates (spec 1.3): the first accepted row of an id wins.
  m.id = table_.ids.intern(row.id, row.id_decimal);
  if (m.id >= index_of_id.size()) grow_index(index_of_id, table_.ids.size());
  const std::uint32_t first = index_of_id[m.id];
  if (first != kNone) {
    const Message& f = table_.messages[first];
    const bool identical = f.created_at == m.created_at && f.direction == m.direction &&
                           f.author == m.author && f.parent == m.parent &&
                           table_.thread(first) == thread && f.channel == m.channel &&
                           table_.account(first) == account && content_hash_[first] == row.content;
    if (identical) {
      ++quality_.duplicates_identical;
    } else {
      ++quality_.duplicates_conflicting;
      conflict_.assign(row.id);
    }
    return;
  }
  m.exempt = row.exempt;
  if (ctx.keep_text) {
    const bool keep = ctx.keep_reply_text || m.direction == Direction::kInbound;
    const std::string_view excerpt = keep ? excerpt_of(row.text) : std::string_view();
    // Text with escapes was unescaped into an arena: only a view into the
    // input has the file's bytes.
    const bool in_span = span.at != kNotInFile && !excerpt.empty() &&
                         excerpt.data() >= span.begin && excerpt.data() + excerpt.size() <= span.end;
    const std::uint64_t at = in_span ? span.at + static_cast<std::uint64_t>(excerpt.data() - span.begin)
                                     : kNotInFile;
    if (in_span && table_.excerpts.can_refer(ctx.file, at, excerpt.size())) {
      table_.excerpts.add_reference(ctx.file, at, excerpt.size());
    } else {
      table_.excerpts.add_copy(excerpt);
    }
  }
  const auto index = static_cast<std::uint32_t>(table_.messages.size());
  index_of_id[m.id] = index;
  content_hash_.push_back(row.content);
  table_.messages.push_back(m);
  if (latest_ == kNoInstant || m.created_at > latest_) latest_ = m.created_at;
  if (m.direction == Direction::kInbound) {
    if (inbound_.earliest == kNoInstant || m.created_at < inbound_.earliest) {
      inbound_.earliest = m.created_at;
    }
    // Most rows repeat the channel of the one before.
    if (m.channel != last_inbound_channel_ || inbound_.channels.empty()) {
      last_inbound_channel_ = m.channel;
      if (std::find(inbound_.channels.begin(), inbound_.channels.end(), m.channel) ==
          inbound_.channels.end()) {
        inbound_.channels.push_back(m.channel);
      }
    }
  }
  // The side arrays start at the first row that has a value.
  if (thread != kNone || !table_.threads.empty()) {
    fill_to(table_.threads, index, kNone);
    table_.threads.push_back(thread);
  }
  if (account != kNone || !table_.accounts.empty()) {
    fill_to(table_.accounts, index, kNone);
    table_.accounts.push_back(account);
  }
  if (!row.signer.empty() || !table_.signers.empty()) {
    fill_to(table_.signers, index, kNone);
    table_.signers.push_back(
        row.signer.empty() ? kNone : intern_known(signers_, row.signer, name_key(row.signer)));
  }
  if (row.priority_mask != 0 || table_.has_priority_masks()) {
    if (wide_masks_) {
      fill_to(table_.wide_priority_masks, index, 0);
      table_.wide_priority_masks.push_back(row.priority_mask);
    } else {
      fill_to(table_.priority_masks, index, 0);
      table_.priority_masks.push_back(static_cast<std::uint8_t>(row.priority_mask));
    }
  }
}

}  // namespace ssla
