// `ssla episodes` (NDJSON or CSV, streaming) and `ssla check` (one verdict per group).
#include <fmt/format.h>

#include "ssla/render/render.h"

namespace ssla {

namespace {

// Records are formatted into one buffer and written a megabyte at a time.
constexpr std::size_t kChunkBytes = 1 << 20;

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
  const bool quote = formula || s.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out.append(s);
    return;
  }
  out += '"';
  if (formula) out += '\'';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void render_episodes(const Audit& audit, bool csv, Output& out) {
  std::string buf;
  buf.reserve(kChunkBytes + (64 << 10));
  if (csv) {
    buf += "opened_by,conversation,channel,account,kind,start,due,responded_by,responded_at,"
           "target_seconds,business_seconds,calendar_seconds,status,priority,responder,owner,"
           "customer,text\n";
  }
  for (const Episode& e : audit.episodes.episodes) {
    if (!audit.in_window(e)) continue;
    if (csv) {
      append_episode_csv(audit, e, buf);
    } else {
      append_episode_json(audit, e, buf);
      buf += '\n';
    }
    if (buf.size() >= kChunkBytes) {
      out.write(buf);
      buf.clear();
    }
  }
  out.write(buf);
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
                   pass ? "PASS" : "FAIL", key, attainment, pass ? "≥" : "<",
                   g.goal->value() * 100, g.measured);
  }
  if (audit.groups.empty()) buf += "INFO no episodes in the report window\n";
  out.write(buf);
  return all_pass;
}

}  // namespace ssla
