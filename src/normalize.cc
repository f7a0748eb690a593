#include "ssla/normalize.h"

#include "ssla/ascii.h"
#include "ssla/exempt.h"
#include "ssla/utf8.h"

namespace ssla {

namespace {

constexpr std::uint32_t kNone = Interner::kNone;


// Direction words of spec 1.2; -1 unknown, 0 inbound, 1 outbound.
int direction_word(std::string_view v) {
  for (const char* w : {"inbound", "in", "customer", "received"}) {
    if (equals_folded(v, w)) return 0;
  }
  for (const char* w : {"outbound", "out", "company", "brand", "sent"}) {
    if (equals_folded(v, w)) return 1;
  }
  return -1;
}

int inbound_word(std::string_view v) {
  for (const char* w : {"true", "1", "yes"}) {
    if (equals_folded(v, w)) return 0;
  }
  for (const char* w : {"false", "0", "no"}) {
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

}  // namespace

Normalizer::Normalizer(const Policy& policy, MessageTable& table, DataQuality& quality)
    : policy_(policy), table_(table), quality_(quality) {}

const ChannelPolicy* Normalizer::channel_policy(std::uint32_t channel) {
  const std::size_t slot = channel == kNone ? 0 : channel + 1;
  if (slot >= channel_known_.size()) {
    channel_known_.resize(slot + 1, false);
    channel_policy_.resize(slot + 1, nullptr);
  }
  if (!channel_known_[slot]) {
    channel_known_[slot] = true;
    channel_policy_[slot] = policy_.channel_for(table_.strings.view(channel));
  }
  return channel_policy_[slot];
}

std::string Normalizer::add(const FileContext& ctx, const RawRecord& r) {
  conflict_.clear();
  auto value = [&](Field f) { return r.mapped[f] ? trim_ascii(r.value[f]) : std::string_view(); };

  // Required fields: id, created_at, author, and a readable direction.
  std::string_view id = value(kFieldId);
  if (ctx.twcs) id = drop_point_zero(id);
  if (id.empty()) return "missing id";
  if (!is_valid_utf8(id)) return "invalid UTF-8 in id";
  const std::string_view created = value(kFieldCreatedAt);
  if (created.empty()) return "missing created_at";
  const std::optional<Instant> at = ctx.timestamps->parse(created);
  if (!at) return "unreadable timestamp '" + std::string(created.substr(0, 60)) + "'";
  const std::string_view author = value(kFieldAuthor);
  std::string_view author_key_view = author;
  if (!author_key_view.empty() && author_key_view[0] == '@') author_key_view.remove_prefix(1);
  if (author_key_view.empty()) return author.empty() ? "missing author" : "author is only '@'";
  if (!is_valid_utf8(author)) return "invalid UTF-8 in author";
  scratch_.assign(author_key_view);
  for (char& c : scratch_) c = fold_ascii(c);

  Direction direction;
  if (r.mapped[kFieldDirection]) {
    const std::string_view v = value(kFieldDirection);
    if (v.empty()) return "empty direction";
    const int d = direction_word(v);
    if (d < 0) return "unknown direction '" + std::string(v.substr(0, 40)) + "'";
    direction = d == 0 ? Direction::kInbound : Direction::kOutbound;
  } else if (r.mapped[kFieldInbound]) {
    const std::string_view v = value(kFieldInbound);
    if (v.empty()) return "empty inbound value";
    const int d = inbound_word(v);
    if (d < 0) return "unknown inbound value '" + std::string(v.substr(0, 40)) + "'";
    direction = d == 0 ? Direction::kInbound : Direction::kOutbound;
  } else {
    direction = policy_.is_company_author(scratch_) ? Direction::kOutbound : Direction::kInbound;
  }

  Message m;
  m.created_at = *at;
  m.direction = direction;
  m.author = table_.strings.intern(scratch_);
  m.author_as_written = table_.strings.intern(author);
  m.ignored_author = direction == Direction::kOutbound && policy_.is_ignored_author(scratch_);
  std::string_view parent = value(kFieldParentId);
  if (ctx.twcs) parent = drop_point_zero(parent);
  if (!parent.empty()) {
    m.parent = table_.ids.intern(parent);
    if (m.parent >= table_.index_of_id.size()) table_.index_of_id.resize(table_.ids.size(), kNone);
  }
  const std::string_view thread = value(kFieldThreadId);
  if (!thread.empty()) m.thread = table_.strings.intern(thread);
  std::string_view channel = value(kFieldChannel);
  if (channel.empty()) channel = ctx.constant_channel;
  if (!channel.empty()) {
    scratch_.assign(channel);
    for (char& c : scratch_) c = fold_ascii(c);
    m.channel = table_.strings.intern(scratch_);
  }
  const std::string_view account = value(kFieldAccount);
  if (!account.empty()) m.account = table_.strings.intern(account);
  const std::string_view text = value(kFieldText);

  tags_.clear();
  if (r.tags_as_list) {
    for (std::string_view t : r.tags) {
      t = trim_ascii(t);
      if (!t.empty()) tags_.push_back(t);
    }
  } else {
    split_tags(value(kFieldTags), tags_);
  }
  std::uint64_t content = hash_bytes(text);
  for (std::string_view t : tags_) content = hash_bytes(t, content ^ 0x7f4a7c15u);

  // Duplicates (spec 1.3): the first accepted row of an id wins.
  m.id = table_.ids.intern(id);
  PodVector<std::uint32_t>& index_of_id = table_.index_of_id;
  if (m.id >= index_of_id.size()) index_of_id.resize(table_.ids.size(), kNone);
  const std::uint32_t first = index_of_id[m.id];
  if (first != kNone) {
    const Message& f = table_.messages[first];
    const bool identical = f.created_at == m.created_at && f.direction == m.direction &&
                           f.author == m.author && f.parent == m.parent && f.thread == m.thread &&
                           f.channel == m.channel && f.account == m.account &&
                           content_hash_[first] == content;
    if (identical) {
      ++quality_.duplicates_identical;
    } else {
      ++quality_.duplicates_conflicting;
      conflict_.assign(id);
    }
    return "";
  }

  if (direction == Direction::kInbound) {
    if (const ChannelPolicy* cp = channel_policy(m.channel)) {
      m.exempt = exempt_reason(cp->exempt, table_.strings.view(m.author), text, tags_);
    }
  }
  if (ctx.keep_text) table_.excerpts.add(excerpt_of(text));
  index_of_id[m.id] = static_cast<std::uint32_t>(table_.messages.size());
  content_hash_.push_back(content);
  table_.messages.push_back(m);
  return "";
}

}  // namespace ssla
