// `ssla episodes` (NDJSON or CSV, streaming) and `ssla check` (one verdict per group).
#include <fmt/format.h>

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "ssla/base/halves.h"
#include "ssla/base/prefetch.h"
#include "ssla/render/render.h"

namespace ssla {

namespace {

// Records are formatted into buffers of a few megabytes: a block of
// episodes (about 200 bytes of record each) at a time.
constexpr std::size_t kBlockEpisodes = 16384;
constexpr std::size_t kChunkBytes = kBlockEpisodes * 256;

// The first byte at or after `i` that makes a CSV cell quoted (`,` `"` CR
// LF), or the size. Sixteen bytes at a time where SSE2 is there: the
// excerpt, the longest cell, seldom has one.
std::size_t csv_special(std::string_view s, std::size_t i) {
  const char* d = s.data();
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i));
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, comma), _mm_cmpeq_epi8(x, quote)),
                     _mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, lf)));
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < s.size(); ++i) {
    if (d[i] == ',' || d[i] == '"' || d[i] == '\r' || d[i] == '\n') break;
  }
  return i;
}

// A record reads its messages, their ids, excerpt and author from tables
// in message order, while the episodes come in start order: in an export
// grouped by conversation, most of those reads miss the cache. Each read
// is asked for ahead, in stages: what a stage asks for tells the next one
// where to look.
constexpr int kPrefetchStages = 3;
constexpr std::size_t kPrefetchAhead[kPrefetchStages] = {24, 12, 6};

void prefetch_record(const Audit& audit, const Episode& e, int stage) {
  const MessageTable& t = audit.read.table;
  const std::uint32_t root = audit.conversations.root[e.conversation];
  switch (stage) {
    case 0:
      prefetch_line(&t.messages[e.opened_by]);
      if (e.responded_by != Interner::kNone) prefetch_line(&t.messages[e.responded_by]);
      prefetch_line(&audit.conversations.root[e.conversation]);
      t.excerpts.prefetch_bounds(e.opened_by);
      break;
    case 1: {
      const Message& m = t.messages[e.opened_by];
      t.ids.prefetch_text(m.id);
      t.strings.prefetch_entry(m.author_as_written);
      t.excerpts.prefetch_bytes(e.opened_by);
      if (e.responded_by != Interner::kNone) t.ids.prefetch_text(t.messages[e.responded_by].id);
      if (root != Interner::kNone) prefetch_line(&t.messages[root]);
      break;
    }
    default:
      t.strings.prefetch_bytes(t.messages[e.opened_by].author_as_written);
      if (root != Interner::kNone) t.ids.prefetch_text(t.messages[root].id);
      break;
  }
}

void append_instant_cell(Instant t, std::string& out) {
  if (t != kNoInstant) append_utc(t, out);
}

void append_episode_csv(const Audit& audit, const Episode& e, std::string& out) {
  const MessageTable& t = audit.read.table;
  // Ids and labels are built here, then quoted: no allocation once it has grown.
  thread_local std::string scratch;
  scratch.clear();
  t.ids.append_text(t.messages[e.opened_by].id, scratch);
  append_csv_cell(scratch, out);
  out += ',';
  scratch.clear();
  append_conversation_label(audit.read.table, audit.conversations, e.conversation, scratch);
  append_csv_cell(scratch, out);
  out += ',';
  append_csv_cell(t.strings.view(e.channel), out);
  out += ',';
  append_csv_cell(t.strings.view(e.account), out);
  out += ',';
  out += kind_name(e.kind);
  out += ',';
  append_instant_cell(e.start, out);
  out += ',';
  append_instant_cell(e.due, out);
  out += ',';
  if (e.responded_by != Interner::kNone) {
    scratch.clear();
    t.ids.append_text(t.messages[e.responded_by].id, scratch);
    append_csv_cell(scratch, out);
  }
  out += ',';
  append_instant_cell(e.responded_at, out);
  out += ',';
  if (e.target >= 0) append_seconds(e.target, out);
  out += ',';
  if (e.business >= 0) append_seconds(e.business, out);
  out += ',';
  append_seconds(e.calendar, out);
  out += ',';
  out += status_name(e.status);
  out += ',';
  append_csv_cell(audit.priority_of(e), out);
  out += ',';
  if (e.responder != Interner::kNone) append_csv_cell(t.strings.view(e.responder), out);
  out += ',';
  if (const auto& owner = audit.owner_of(e)) append_csv_cell(*owner, out);
  out += ',';
  append_csv_cell(t.strings.view(t.messages[e.opened_by].author_as_written), out);
  out += ',';
  append_csv_cell(t.excerpt(e.opened_by), out);
  out += "\n";
}

}  // namespace

void append_csv_cell(std::string_view s, std::string& out) {
  const bool formula = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@');
  if (!formula && csv_special(s, 0) == s.size()) {
    out.append(s);
    return;
  }
  out += '"';
  if (formula) out += '\'';
  // Runs up to each quote are copied at once; the quote is doubled.
  for (std::size_t i = 0;;) {
    const std::size_t quote = std::min(s.find('"', i), s.size());
    out.append(s.data() + i, quote - i);
    if (quote == s.size()) break;
    out += "\"\"";
    i = quote + 1;
  }
  out += '"';
}

void render_episodes(const Audit& audit, bool csv, Output& out) {
  if (csv) {
    out.write(
        "opened_by,conversation,channel,account,kind,start,due,responded_by,responded_at,"
        "target_seconds,business_seconds,calendar_seconds,status,priority,responder,owner,"
        "customer,text\n");
  }
  // Records are formatted a block of episodes at a time, two blocks at once
  // on two threads when the audit may use two, and written in order: the
  // formatting, not the writing, is what takes the time.
  const auto& episodes = audit.episodes.episodes;
  auto format = [&](std::size_t from, std::size_t to, std::string& buf) {
    for (std::size_t i = from; i < to; ++i) {
      for (int stage = 0; stage < kPrefetchStages; ++stage) {
        if (i + kPrefetchAhead[stage] < to) {
          prefetch_record(audit, episodes[i + kPrefetchAhead[stage]], stage);
        }
      }
      const Episode& e = episodes[i];
      if (!audit.in_window(e)) continue;
      if (csv) {
        append_episode_csv(audit, e, buf);
      } else {
        append_episode_json(audit, e, buf);
        buf += '\n';
      }
    }
  };
  const bool split = audit.options.threads >= 2 && episodes.size() >= kSplitFrom;
  std::string first;
  std::string second;
  first.reserve(kChunkBytes);
  if (split) second.reserve(kChunkBytes);
  for (std::size_t i = 0; i < episodes.size();) {
    const std::size_t middle = std::min(episodes.size(), i + kBlockEpisodes);
    const std::size_t end = split ? std::min(episodes.size(), middle + kBlockEpisodes) : middle;
    first.clear();
    second.clear();
    run_beside(
        middle < end, [&] { format(i, middle, first); }, [&] { format(middle, end, second); });
    out.write(first);
    out.write(second);
    i = end;
  }
}

bool render_check(const Audit& audit, Output& out) {
  bool all_pass = true;
  std::string buf;
  for (const Group& g : audit.groups) {
    std::string key;
    for (std::size_t k = 0; k < g.key.size(); ++k) {
      if (k > 0) key += ' ';
      key += g.key[k].empty() || is_null_key(g.key[k]) ? "(none)" : g.key[k];
    }
    const std::string attainment =
        g.attainment ? fmt::format("{:.1f}%", *g.attainment * 100) : std::string("n/a");
    if (!g.goal) {
      fmt::format_to(std::back_inserter(buf), "INFO {} {} (no goal; {} measured)\n", key,
                     attainment, g.measured);
      continue;
    }
    const bool pass = g.pass.value_or(true);
    all_pass = all_pass && pass;
    fmt::format_to(std::back_inserter(buf), "{} {} {} {} {:.1f}% ({} measured)\n",
                   pass ? "PASS" : "FAIL", key, attainment, pass ? "≥" : "<", g.goal->value() * 100,
                   g.measured);
  }
  if (audit.groups.empty()) buf += "INFO no episodes in the report window\n";
  out.write(buf);
  return all_pass;
}

}  // namespace ssla
