#include "ssla/render/inspect.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "ssla/render/render.h"
#include "ssla/render/text_grid.h"

namespace ssla {

namespace {

struct Counts {
  std::uint64_t inbound = 0, outbound = 0;
  std::map<std::string, std::uint64_t> by_channel;  // byte order of channel names
  Instant first = kNoInstant, last = kNoInstant;
};

Counts count(const MessageTable& t) {
  Counts c;
  for (const Message& m : t.messages) {
    (m.direction == Direction::kInbound ? c.inbound : c.outbound)++;
    ++c.by_channel[std::string(t.strings.view(m.channel))];
    if (c.first == kNoInstant || m.created_at < c.first) c.first = m.created_at;
    if (c.last == kNoInstant || m.created_at > c.last) c.last = m.created_at;
  }
  return c;
}

// `"name": count` pairs of a JSON object's body, in the container's order.
template <typename Pairs>
void append_counts(const Pairs& pairs, std::string& s) {
  bool first = true;
  for (const auto& [name, n] : pairs) {
    if (!first) s += ", ";
    first = false;
    append_json_string(name, s);
    fmt::format_to(std::back_inserter(s), ": {}", n);
  }
}

std::string delimiter_name(char d) {
  switch (d) {
    case ',': return "comma";
    case ';': return "semicolon";
    case '\t': return "tab";
    case '|': return "pipe";
  }
  return std::string(1, d);
}

}  // namespace

void render_inspect(const Audit& audit, bool json, Output& out, std::size_t width) {
  const ReadResult& read = audit.read;
  const Counts c = count(read.table);
  const DataQuality& q = audit.quality;
  std::string s;
  if (json) {
    s += "{\n";
    fmt::format_to(std::back_inserter(s),
                   "  \"rows_read\": {}, \"rows_rejected\": {}, \"rows_blank\": {},\n"
                   "  \"duplicates_identical\": {}, \"duplicates_conflicting\": {},\n"
                   "  \"orphan_replies\": {}, \"unlinked_outbound\": {}, \"replies_before_parent\": {},\n"
                   "  \"parent_cycles\": {}, \"automated_replies\": {},\n",
                   q.rows_read, q.rows_rejected, q.rows_blank, q.duplicates_identical,
                   q.duplicates_conflicting, q.orphan_replies, q.unlinked_outbound,
                   q.replies_before_parent, q.parent_cycles, q.automated_replies);
    s += "  \"unconfigured_channels\": [";
    for (std::size_t i = 0; i < q.unconfigured_channels.size(); ++i) {
      if (i > 0) s += ", ";
      append_json_string(q.unconfigured_channels[i], s);
    }
    fmt::format_to(std::back_inserter(s),
                   "],\n  \"messages\": {},\n  \"by_direction\": {{\"inbound\": {}, \"outbound\": {}}},\n"
                   "  \"by_channel\": {{",
                   read.table.messages.size(), c.inbound, c.outbound);
    append_counts(c.by_channel, s);
    s += "},\n  \"time_range\": ";
    if (c.first == kNoInstant) {
      s += "null";
    } else {
      fmt::format_to(std::back_inserter(s), "{{\"first\": \"{}\", \"last\": \"{}\"}}",
                     format_utc(c.first), format_utc(c.last));
    }
    s += ",\n  \"rejection_reasons\": {";
    append_counts(read.rejection_reasons, s);
    s += "},\n  \"files\": [";
    for (std::size_t i = 0; i < read.files.size(); ++i) {
      const FileSummary& f = read.files[i];
      s += i == 0 ? "\n    {\"name\": " : ",\n    {\"name\": ";
      append_json_string(f.name, s);
      fmt::format_to(std::back_inserter(s),
                     ", \"format\": \"{}\", \"gzip\": {}, \"preset\": \"{}\", \"bytes\": {}, "
                     "\"rows_read\": {}, \"rows_rejected\": {}, \"rows_blank\": {}, "
                     "\"duplicates_identical\": {}, \"duplicates_conflicting\": {}, \"mapping\": {{",
                     f.format, f.gzip ? "true" : "false", f.preset, f.bytes, f.rows_read,
                     f.rows_rejected, f.rows_blank, f.duplicates_identical,
                     f.duplicates_conflicting);
      for (std::size_t k = 0; k < f.mapping.size(); ++k) {
        if (k > 0) s += ", ";
        append_json_string(f.mapping[k].first, s);
        s += ": ";
        append_json_string(f.mapping[k].second, s);
      }
      s += "}}";
    }
    s += read.files.empty() ? "]\n}\n" : "\n  ]\n}\n";
    out.write(s);
    return;
  }

  for (const FileSummary& f : read.files) {
    fmt::format_to(std::back_inserter(s), "{}\n  format {}{}, preset {}{}, {} bytes\n", f.name,
                   f.format, f.gzip ? " (gzip)" : "", f.preset,
                   f.format == "csv" ? ", delimiter " + delimiter_name(f.delimiter) : "", f.bytes);
    s += "  mapping:";
    if (f.mapping.empty()) s += " (generic aliases, resolved per record)";
    for (const auto& [field, column] : f.mapping) s += fmt::format(" {}←\"{}\"", field, column);
    // One file's rows are the totals below: said once.
    if (read.files.size() > 1) {
      fmt::format_to(std::back_inserter(s),
                     "\n  rows read {}, rejected {}, blank {}; duplicates {} identical, {} "
                     "conflicting",
                     f.rows_read, f.rows_rejected, f.rows_blank, f.duplicates_identical,
                     f.duplicates_conflicting);
    }
    s += "\n\n";
  }
  fmt::format_to(std::back_inserter(s), "messages: {} accepted and unique (inbound {}, outbound {})\n",
                 read.table.messages.size(), c.inbound, c.outbound);
  // In the report zone, once; UTC when there is no policy (or it says UTC).
  if (c.first != kNoInstant && audit.report_zone.name() == "UTC") {
    fmt::format_to(std::back_inserter(s), "time range: {} to {} (UTC)\n", format_utc(c.first),
                   format_utc(c.last));
  } else if (c.first != kNoInstant) {
    fmt::format_to(std::back_inserter(s), "time range: {} to {} ({})\n",
                   local_time_text(audit, c.first), local_time_text(audit, c.last),
                   audit.report_zone.name());
  }
  s += "by channel:";
  for (const auto& [channel, n] : c.by_channel) {
    s += fmt::format(" {} {};", channel.empty() ? "(none)" : channel, n);
  }
  if (!c.by_channel.empty()) s.pop_back();
  s += "\n";
  fmt::format_to(std::back_inserter(s),
                 "rows: read {}, rejected {}, blank {}; duplicates {} identical, {} conflicting\n"
                 "links: orphan replies {}, replies before parent {}, parent cycles {}, "
                 "unlinked company messages {}, automated replies {}\n",
                 q.rows_read, q.rows_rejected, q.rows_blank, q.duplicates_identical,
                 q.duplicates_conflicting, q.orphan_replies, q.replies_before_parent,
                 q.parent_cycles, q.unlinked_outbound, q.automated_replies);
  if (!read.rejection_reasons.empty()) {
    s += "rejected rows by reason:\n";
    for (const auto& [reason, n] : read.rejection_reasons) {
      s += fmt::format("  {:>8}  {}\n", n, reason);
    }
  }
  const bool has_policy = !audit.policy->path.empty();  // inspect runs without one
  if (has_policy && !q.unconfigured_channels.empty()) {
    std::string list;
    for (const std::string& ch : q.unconfigured_channels) list += (list.empty() ? "" : ", ") + (ch.empty() ? "(none)" : ch);
    s += "channels without a policy: " + list + "\n";
  }
  out.write(wrap_prose_lines(s, width));
}

}  // namespace ssla
