// The JSON renderings: the report contract of spec 4.1 and the episode record.
#include <fmt/format.h>

#include <algorithm>

#include "ssla/base/decimal.h"
#include "ssla/render/record_text.h"
#include "ssla/render/render.h"

namespace ssla {

namespace {

void append_instant_or_null(Instant t, std::string& out) {
  if (t == kNoInstant) {
    out += "null";
  } else {
    out += '"';
    append_utc(t, out);
    out += '"';
  }
}

void append_stats(const Stats& s, std::string& out) {
  if (!s.present) {
    out += R"({"p50": null, "p90": null, "p95": null, "max": null, "mean": null})";
    return;
  }
  fmt::format_to(std::back_inserter(out),
                 R"({{"p50": {}, "p90": {}, "p95": {}, "max": {}, "mean": {}}})",
                 format_seconds(s.p50), format_seconds(s.p90), format_seconds(s.p95),
                 format_seconds(s.max), s.mean / kMillisPerSecond);
}

void append_counter(std::string_view name, std::uint64_t v, std::string& out) {
  fmt::format_to(std::back_inserter(out), "\"{}\": {}", name, v);
}

void append_optional_string(const std::optional<std::string>& s, std::string& out) {
  if (s) {
    append_json_string(*s, out);
  } else {
    out += "null";
  }
}

// `2026-11-30`: a local date (days since 1970-01-01).
std::string date_text(std::int64_t day) {
  const LocalTime l = Zone().to_local(day * kMillisPerDay);
  return fmt::format("{:04}-{:02}-{:02}", l.year, l.month, l.day);
}

// The figures of a group or of the total, from "episodes" to the calendar
// statistics.
void append_figures(const Group& g, std::string& s) {
  append_counter("episodes", g.episodes, s);
  s += ", ";
  append_counter("measured", g.measured, s);
  s += ", ";
  append_counter("met", g.met, s);
  s += ", ";
  append_counter("breached_late", g.breached_late, s);
  s += ", ";
  append_counter("breached_unanswered", g.breached_unanswered, s);
  s += ", ";
  append_counter("pending", g.pending, s);
  s += ", ";
  append_counter("unconfigured", g.unconfigured, s);
  s += ", ";
  append_counter("exempt_messages", g.exempt_messages, s);
  s += ", \"attainment\": ";
  s += g.attainment ? fmt::format("{}", *g.attainment) : "null";
  s += ", \"goal\": ";
  s += g.goal ? fmt::format("{}", g.goal->value()) : "null";
  s += ", \"status\": ";
  s += g.pass ? (*g.pass ? "\"pass\"" : "\"fail\"") : "null";
  s += ",\n      \"business_seconds\": ";
  append_stats(g.business, s);
  s += ",\n      \"calendar_seconds\": ";
  append_stats(g.calendar, s);
}

}  // namespace

namespace {

// `"text"` of a JSON string, or null, at p with room for it.
char* put_instant_or_null(Instant t, char* p) {
  if (t == kNoInstant) return put_bytes("null", p);
  *p++ = '"';
  p = put_utc(t, p);
  *p++ = '"';
  return p;
}

}  // namespace

char* write_episode_json(const Audit& audit, const Episode& e, std::string_view text,
                         RawBuffer& out, char* p) {
  const MessageTable& t = audit.read.table;
  // Labels are built here, then escaped: no allocation once it has grown.
  thread_local std::string scratch;
  // Room for the fixed text, the instants, the numbers and decimal ids: the
  // names and texts ask for theirs.
  constexpr std::size_t kFixed = 512 + 3 * kUtcRoom + 3 * kSecondsRoom + 2 * kIdRoom;
  p = out.room(p, kFixed);
  p = put_bytes("{\"opened_by\": ", p);
  auto string = [&](std::string_view s) {
    p = out.room(p, json_string_room(s) + kFixed);
    p = put_json_string(s, p);
  };
  // A decimal id is a string of digits: nothing to escape, no copy made.
  auto id = [&](std::uint32_t message_id) {
    if (const std::uint64_t n = t.ids.decimal_of(message_id); n != IdTable::kNotDecimal) {
      *p++ = '"';
      p = put_decimal(n, p);
      *p++ = '"';
    } else {
      string(t.ids.stored_text(message_id));
    }
  };
  id(t.messages[e.opened_by].id);
  p = put_bytes(", \"conversation\": ", p);
  scratch.clear();
  append_conversation_label(audit.read.table, audit.conversations, e.conversation, scratch);
  string(scratch);
  p = put_bytes(", \"channel\": ", p);
  string(t.strings.view(e.channel));
  p = put_bytes(", \"account\": ", p);
  string(t.strings.view(e.account));
  p = put_bytes(", \"kind\": \"", p);
  p = put_bytes(kind_name(e.kind), p);
  p = put_bytes("\", \"start\": ", p);
  p = put_instant_or_null(e.start, p);
  p = put_bytes(", \"due\": ", p);
  p = put_instant_or_null(e.due, p);
  p = put_bytes(", \"responded_by\": ", p);
  if (e.responded_by == Interner::kNone) {
    p = put_bytes("null", p);
  } else {
    id(t.messages[e.responded_by].id);
  }
  p = put_bytes(", \"responded_at\": ", p);
  p = put_instant_or_null(e.responded_at, p);
  p = put_bytes(", \"target_seconds\": ", p);
  p = e.target < 0 ? put_bytes("null", p) : put_seconds(e.target, p);
  p = put_bytes(", \"business_seconds\": ", p);
  p = e.business < 0 ? put_bytes("null", p) : put_seconds(e.business, p);
  p = put_bytes(", \"calendar_seconds\": ", p);
  p = put_seconds(calendar_millis(e, audit.as_of), p);
  p = put_bytes(", \"status\": \"", p);
  p = put_bytes(status_name(e.status), p);
  p = put_bytes("\", \"priority\": ", p);
  string(audit.priority_of(e));
  p = put_bytes(", \"responder\": ", p);
  if (e.responder == Interner::kNone) {
    p = put_bytes("null", p);
  } else {
    string(t.strings.view(e.responder));
  }
  p = put_bytes(", \"owner\": ", p);
  if (const auto& owner = audit.owner_of(e)) {
    string(*owner);
  } else {
    p = put_bytes("null", p);
  }
  p = put_bytes(", \"customer\": ", p);
  string(t.strings.view(t.messages[e.opened_by].author_as_written));
  p = put_bytes(", \"text\": ", p);
  string(text);
  *p++ = '}';
  return p;
}

void append_episode_json(const Audit& audit, const Episode& e, std::string& out) {
  thread_local RawBuffer buffer;
  buffer.clear();
  buffer.finish(write_episode_json(audit, e, audit.read.table.excerpt(e.opened_by), buffer,
                                   buffer.end()));
  out += buffer.view();
}

void append_group_key_json(const std::vector<GroupBy>& by, const std::vector<std::string>& key,
                           std::string& out) {
  for (std::size_t k = 0; k < key.size(); ++k) {
    if (k > 0) out += ", ";
    append_json_string(group_by_name(by[k]), out);
    out += ": ";
    if (is_null_key(key[k])) {
      out += "null";
    } else {
      append_json_string(key[k], out);
    }
  }
}

void render_report_json(const Audit& audit, Output& out) {
  std::string s;
  s += "{\n  \"policy\": ";
  append_json_string(audit.policy->name, s);
  s += ",\n  \"as_of\": ";
  append_instant_or_null(audit.as_of, s);
  s += ",\n  \"window\": {\"from\": ";
  append_instant_or_null(audit.options.window.from.value_or(kNoInstant), s);
  s += ", \"to\": ";
  append_instant_or_null(audit.options.window.to.value_or(kNoInstant), s);
  s += "},\n  \"by\": [";
  for (std::size_t k = 0; k < audit.options.by.size(); ++k) {
    if (k > 0) s += ", ";
    append_json_string(group_by_name(audit.options.by[k]), s);
  }
  s += "],\n  \"groups\": [";
  for (std::size_t gi = 0; gi < audit.groups.size(); ++gi) {
    const Group& g = audit.groups[gi];
    s += gi == 0 ? "\n    {\"key\": {" : ",\n    {\"key\": {";
    append_group_key_json(audit.options.by, g.key, s);
    s += "}, ";
    append_figures(g, s);
    const bool by_channel = std::find(audit.options.by.begin(), audit.options.by.end(),
                                      GroupBy::kChannel) != audit.options.by.end();
    if (audit.policy->has_owner && by_channel) {
      s += ", \"owner\": ";
      append_optional_string(g.owner, s);
    }
    s += "}";
  }
  s += audit.groups.empty() ? "],\n  \"total\": {" : "\n  ],\n  \"total\": {";
  append_figures(audit.total, s);
  s += "},\n";
  if (audit.review) {
    s += "  \"review\": {\"last\": \"" + date_text(audit.review->last_day) + "\", \"next\": \"" +
         date_text(audit.review->next_day) +
         "\", \"overdue\": " + (audit.review->overdue ? "true" : "false") + "},\n";
  }
  s += "  \"breaches\": [";
  out.write(s);
  s.clear();
  const std::size_t breaches = write_episode_records(audit, RecordStyle::kJsonArrayItem, true, out);
  s += breaches == 0 ? "],\n" : "\n  ],\n";
  const DataQuality& q = audit.quality;
  s += "  \"data_quality\": {";
  append_counter("rows_read", q.rows_read, s);
  s += ", ";
  append_counter("rows_rejected", q.rows_rejected, s);
  s += ", ";
  append_counter("duplicates_identical", q.duplicates_identical, s);
  s += ", ";
  append_counter("duplicates_conflicting", q.duplicates_conflicting, s);
  s += ", ";
  append_counter("orphan_replies", q.orphan_replies, s);
  s += ", ";
  append_counter("unlinked_outbound", q.unlinked_outbound, s);
  s += ", ";
  append_counter("replies_before_parent", q.replies_before_parent, s);
  s += ", ";
  append_counter("parent_cycles", q.parent_cycles, s);
  s += ", ";
  append_counter("automated_replies", q.automated_replies, s);
  s += ", \"unconfigured_channels\": [";
  for (std::size_t i = 0; i < q.unconfigured_channels.size(); ++i) {
    if (i > 0) s += ", ";
    append_json_string(q.unconfigured_channels[i], s);
  }
  s += "]}\n}\n";
  out.write(s);
}

}  // namespace ssla
