// The JSON renderings: the report contract of spec 4.1 and the episode record.
#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "ssla/base/utf8.h"
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

// The end of the run of bytes from `i` that a JSON string holds as they
// are: printable ASCII other than the quote and the backslash. Sixteen
// bytes at a time where SSE2 is there.
std::size_t plain_json_run_end(std::string_view s, std::size_t i) {
  const char* d = s.data();
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control_max = _mm_set1_epi8(0x1f);
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i));
    // Unsigned x <= 0x1f: a control byte; the sign bit: a non-ASCII byte.
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(x, control_max), x);
    const __m128i special =
        _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));
    const int mask = _mm_movemask_epi8(special) | _mm_movemask_epi8(x);
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(d[i]);
    if (b < 0x20 || b >= 0x80 || b == '"' || b == '\\') break;
  }
  return i;
}

}  // namespace

void append_json_string(std::string_view s, std::string& out) {
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    // Runs of printable ASCII other than the quote and the backslash (most
    // of any text) are appended at once.
    const std::size_t plain = plain_json_run_end(s, i);
    out.append(s.data() + i, plain - i);
    if (plain == s.size()) break;
    i = plain;
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      // JSON must be valid UTF-8: pass valid sequences through, replace the rest.
      const std::size_t len = utf8_sequence_length(s, i);
      if (len == 0) {
        out += "\\ufffd";
      } else {
        out.append(s.substr(i, len));
        i += len - 1;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", u);
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_episode_json(const Audit& audit, const Episode& e, std::string& out) {
  const MessageTable& t = audit.read.table;
  // Ids and labels are built here, then escaped: no allocation once it has grown.
  thread_local std::string scratch;
  out += "{\"opened_by\": ";
  scratch.clear();
  t.ids.append_text(t.messages[e.opened_by].id, scratch);
  append_json_string(scratch, out);
  out += ", \"conversation\": ";
  scratch.clear();
  append_conversation_label(audit.read.table, audit.conversations, e.conversation, scratch);
  append_json_string(scratch, out);
  out += ", \"channel\": ";
  append_json_string(t.strings.view(e.channel), out);
  out += ", \"account\": ";
  append_json_string(t.strings.view(e.account), out);
  out += ", \"kind\": \"";
  out += kind_name(e.kind);
  out += "\", \"start\": ";
  append_instant_or_null(e.start, out);
  out += ", \"due\": ";
  append_instant_or_null(e.due, out);
  out += ", \"responded_by\": ";
  if (e.responded_by == Interner::kNone) {
    out += "null";
  } else {
    scratch.clear();
    t.ids.append_text(t.messages[e.responded_by].id, scratch);
    append_json_string(scratch, out);
  }
  out += ", \"responded_at\": ";
  append_instant_or_null(e.responded_at, out);
  out += ", \"target_seconds\": ";
  if (e.target < 0)
    out += "null";
  else
    append_seconds(e.target, out);
  out += ", \"business_seconds\": ";
  if (e.business < 0)
    out += "null";
  else
    append_seconds(e.business, out);
  out += ", \"calendar_seconds\": ";
  append_seconds(e.calendar, out);
  out += ", \"status\": \"";
  out += status_name(e.status);
  out += "\", \"priority\": ";
  append_json_string(audit.priority_of(e), out);
  out += ", \"responder\": ";
  if (e.responder == Interner::kNone) {
    out += "null";
  } else {
    append_json_string(t.strings.view(e.responder), out);
  }
  out += ", \"owner\": ";
  append_optional_string(audit.owner_of(e), out);
  out += ", \"customer\": ";
  append_json_string(t.strings.view(t.messages[e.opened_by].author_as_written), out);
  out += ", \"text\": ";
  append_json_string(t.excerpt(e.opened_by), out);
  out += '}';
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
  bool first = true;
  for (const Episode& e : audit.episodes.episodes) {
    if (!audit.listed_breach(e)) continue;
    s += first ? "\n    " : ",\n    ";
    first = false;
    append_episode_json(audit, e, s);
    if (s.size() > (1 << 16)) {
      out.write(s);
      s.clear();
    }
  }
  s += first ? "],\n" : "\n  ],\n";
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
