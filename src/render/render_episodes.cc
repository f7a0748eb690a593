// `ssla episodes` (NDJSON or CSV, streaming) and `ssla check` (one verdict per group).
#include <fmt/format.h>

#include <algorithm>

#include "ssla/base/decimal.h"
#include "ssla/base/halves.h"
#include "ssla/base/prefetch.h"
#include "ssla/base/utf8.h"
#include "ssla/render/opener_texts.h"
#include "ssla/render/record_text.h"
#include "ssla/render/render.h"

namespace ssla {

namespace {

// Records are formatted into buffers of a few megabytes: a block of
// episodes (about 200 bytes of record each) at a time.
constexpr std::size_t kBlockEpisodes = 16384;

// A record reads its messages, their ids, excerpt and author from tables
// in message order, while the episodes come in start order: in an export
// grouped by conversation, most of those reads miss the cache. Each read
// is asked for ahead, in stages: what a stage asks for tells the next one
// where to look.
constexpr int kPrefetchStages = 3;
constexpr std::size_t kPrefetchAhead[kPrefetchStages] = {24, 12, 6};

void prefetch_record(const Audit& audit, const Episode& e, int stage) {
  const MessageTable& t = audit.read.table;
  // The conversation's root is read only from stage 1 on: stage 0 asks for
  // it (read there, it would wait for memory every record).
  auto root = [&] { return audit.conversations.root[e.conversation]; };
  switch (stage) {
    case 0:
      prefetch_line(&t.messages[e.opened_by]);
      if (e.responded_by != Interner::kNone) prefetch_line(&t.messages[e.responded_by]);
      prefetch_line(&audit.conversations.root[e.conversation]);
      prefetch_line(&audit.conversations.key[e.conversation]);
      // Texts that may be references come from an ExcerptBatch, in order.
      if (!t.excerpts.may_refer()) t.excerpts.prefetch_entry(e.opened_by);
      break;
    case 1: {
      const Message& m = t.messages[e.opened_by];
      t.ids.prefetch_text(m.id);
      t.strings.prefetch_entry(m.author_as_written);
      t.strings.prefetch_entry(audit.conversations.key[e.conversation]);
      if (!t.excerpts.may_refer()) t.excerpts.prefetch_bytes(e.opened_by);
      if (e.responded_by != Interner::kNone) t.ids.prefetch_text(t.messages[e.responded_by].id);
      if (const std::uint32_t r = root(); r != Interner::kNone) prefetch_line(&t.messages[r]);
      break;
    }
    default:
      t.strings.prefetch_bytes(t.messages[e.opened_by].author_as_written);
      t.strings.prefetch_bytes(audit.conversations.key[e.conversation]);
      if (const std::uint32_t r = root(); r != Interner::kNone)
        t.ids.prefetch_text(t.messages[r].id);
      break;
  }
}

char* put_instant_cell(Instant t, char* p) {
  return t == kNoInstant ? p : put_utc(t, p);
}

char* write_episode_csv(const Audit& audit, const Episode& e, std::string_view text, RawBuffer& out,
                        char* p) {
  const MessageTable& t = audit.read.table;
  // Labels are built here, then quoted: no allocation once it has grown.
  thread_local std::string scratch;
  // Room for the commas, labels, instants, numbers and decimal ids: cells
  // ask for theirs.
  constexpr std::size_t kFixed = 256 + 3 * kUtcRoom + 3 * kSecondsRoom + 2 * kIdRoom;
  p = out.room(p, kFixed);
  auto cell = [&](std::string_view s) {
    p = out.room(p, csv_cell_room(s) + kFixed);
    p = put_csv_cell(s, p);
  };
  // A decimal id is a cell of digits: never quoted, no copy made.
  auto id = [&](std::uint32_t message_id) {
    if (const std::uint64_t n = t.ids.decimal_of(message_id); n != IdTable::kNotDecimal) {
      p = put_decimal(n, p);
    } else {
      cell(t.ids.stored_text(message_id));
    }
  };
  id(t.messages[e.opened_by].id);
  *p++ = ',';
  scratch.clear();
  append_conversation_label(audit.read.table, audit.conversations, e.conversation, scratch);
  cell(scratch);
  *p++ = ',';
  cell(t.strings.view(e.channel));
  *p++ = ',';
  cell(t.strings.view(e.account));
  *p++ = ',';
  p = put_bytes(kind_name(e.kind), p);
  *p++ = ',';
  p = put_instant_cell(e.start, p);
  *p++ = ',';
  p = put_instant_cell(e.due, p);
  *p++ = ',';
  if (e.responded_by != Interner::kNone) id(t.messages[e.responded_by].id);
  *p++ = ',';
  p = put_instant_cell(e.responded_at, p);
  *p++ = ',';
  if (e.target >= 0) p = put_seconds(e.target, p);
  *p++ = ',';
  if (e.business >= 0) p = put_seconds(e.business, p);
  *p++ = ',';
  p = put_seconds(calendar_millis(e, audit.as_of), p);
  *p++ = ',';
  p = put_bytes(status_name(e.status), p);
  *p++ = ',';
  cell(audit.priority_of(e));
  *p++ = ',';
  if (e.responder != Interner::kNone) cell(t.strings.view(e.responder));
  *p++ = ',';
  if (const auto& owner = audit.owner_of(e)) cell(*owner);
  *p++ = ',';
  cell(t.strings.view(t.messages[e.opened_by].author_as_written));
  *p++ = ',';
  cell(text);
  *p++ = '\n';
  return p;
}

}  // namespace

std::size_t write_episode_records(const Audit& audit, RecordStyle style, bool breaches_only,
                                  Output& out) {
  // Records are formatted a block of episodes at a time, two blocks at once
  // on two threads when the audit may use two, and written in order: the
  // formatting, not the writing, is what takes the time.
  const auto& episodes = audit.episodes.episodes;
  auto listed = [&](const Episode& e) {
    return breaches_only ? audit.listed_breach(e) : audit.in_window(e);
  };
  // Texts that refer to a file's bytes are fetched a chunk at a time,
  // before the chunk's blocks are formatted.
  OpenerTexts texts(audit, listed);

  // Each CSV block is also checked for printable UTF-8 on the thread that
  // formatted it, so that the writing thread need not (Output::write_printable).
  // JSON records are printable as written: every string in them went through
  // put_json_string(), which escapes controls and NUL and replaces invalid
  // sequences; the rest is ASCII.
  // What each thread formats into; the count is kept in a local until the
  // block ends (a count written through a reference went to memory, in the
  // cache line of the other thread's, for every record).
  struct alignas(kCacheLine) Part {
    RawBuffer buf;
    std::size_t count = 0;
    bool printable = false;
  };
  auto format = [&](std::size_t from, std::size_t to, Part& part) {
    RawBuffer& buf = part.buf;
    std::size_t count = 0;
    char* p = buf.end();
    for (std::size_t i = from; i < to; ++i) {
      for (int stage = 0; stage < kPrefetchStages; ++stage) {
        if (i + kPrefetchAhead[stage] < to) {
          prefetch_record(audit, episodes[i + kPrefetchAhead[stage]], stage);
        }
      }
      const Episode& e = episodes[i];
      if (!listed(e)) continue;
      ++count;
      const std::string_view text = texts.text(i);
      switch (style) {
        case RecordStyle::kCsv:
          p = write_episode_csv(audit, e, text, buf, p);
          break;
        case RecordStyle::kNdjson:
          p = write_episode_json(audit, e, text, buf, p);
          *p++ = '\n';  // within the record's fixed room
          break;
        case RecordStyle::kJsonArrayItem:
          p = put_bytes(",\n    ", buf.room(p, 8));
          p = write_episode_json(audit, e, text, buf, p);
          break;
      }
    }
    buf.finish(p);
    part.count = count;
    part.printable = style != RecordStyle::kCsv || printable_utf8_prefix(buf.view()) == buf.size();
  };
  const bool split = audit.options.threads >= 2 && episodes.size() >= kSplitFrom;
  Part parts[2];
  std::size_t written = 0;
  auto write = [&](const Part& part) {
    std::string_view bytes = part.buf.view();
    // The first item of a JSON array has no comma before it.
    if (style == RecordStyle::kJsonArrayItem && written == 0 && part.count > 0) {
      bytes.remove_prefix(1);
    }
    if (part.printable) {
      out.write_printable(bytes);
    } else {
      out.write(bytes);
    }
    written += part.count;
  };
  texts.in_block_pairs(kBlockEpisodes, split,
                       [&](std::size_t a, std::size_t a_end, std::size_t b, std::size_t b_end) {
                         parts[0].buf.clear();
                         parts[1].buf.clear();
                         parts[1].count = 0;
                         parts[1].printable = false;
                         run_beside(
                             b < b_end, [&] { format(a, a_end, parts[0]); },
                             [&] { format(b, b_end, parts[1]); });
                         write(parts[0]);
                         write(parts[1]);
                       });
  return written;
}

const std::string_view kEpisodeCsvHeader =
    "opened_by,conversation,channel,account,kind,start,due,responded_by,responded_at,"
    "target_seconds,business_seconds,calendar_seconds,status,priority,responder,owner,"
    "customer,text\n";

void append_episode_csv(const Audit& audit, const Episode& e, std::string& out) {
  thread_local RawBuffer buffer;
  buffer.clear();
  buffer.finish(
      write_episode_csv(audit, e, audit.read.table.excerpt(e.opened_by), buffer, buffer.end()));
  out += buffer.view();
}

void render_episodes(const Audit& audit, bool csv, Output& out) {
  if (csv) out.write(kEpisodeCsvHeader);
  write_episode_records(audit, csv ? RecordStyle::kCsv : RecordStyle::kNdjson, false, out);
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
