// `ssla pending`: the live queue as a table, NDJSON or CSV.
#include <fmt/format.h>

#include "ssla/render/render.h"

namespace ssla {

namespace {

void append_remaining(const PendingEntry& p, std::string& out) {
  if (p.remaining) {
    out += format_seconds(*p.remaining);
  } else {
    out += "null";
  }
}

}  // namespace

void render_pending(const Audit& audit, const std::vector<PendingEntry>& queue,
                    PendingFormat format, Output& out) {
  const MessageTable& t = audit.read.table;
  std::string s;
  switch (format) {
    case PendingFormat::kNdjson:
      for (const PendingEntry& p : queue) {
        append_episode_json(audit, *p.episode, s);
        s.pop_back();  // the record's closing brace: remaining_seconds goes inside
        s += ", \"remaining_seconds\": ";
        append_remaining(p, s);
        s += "}\n";
      }
      break;
    case PendingFormat::kCsv:
      // The episode record's columns (as `episodes --format csv`), then
      // remaining_seconds: spec 8.5's "an episode record plus".
      s += kEpisodeCsvHeader.substr(0, kEpisodeCsvHeader.size() - 1);
      s += ",remaining_seconds\n";
      for (const PendingEntry& p : queue) {
        append_episode_csv(audit, *p.episode, s);
        s.back() = ',';  // the record's line feed
        if (p.remaining) s += format_seconds(*p.remaining);
        s += '\n';
      }
      break;
    case PendingFormat::kTable: {
      if (queue.empty()) {
        s += fmt::format("No pending episode as of {}.\n", local_time_text(audit, audit.as_of));
        break;
      }
      s += fmt::format("{} pending as of {} · zone {} · left = business time to due\n\n",
                       queue.size(),
                       local_time_text(audit, audit.as_of), audit.report_zone.name());
      std::vector<std::vector<std::string>> rows;
      rows.push_back({"due", "left", "channel", "account", "priority", "customer", "since", "id",
                      "owner"});
      for (const PendingEntry& p : queue) {
        const Episode& e = *p.episode;
        const Message& m = t.messages[e.opened_by];
        const auto& owner = audit.owner_of(e);
        rows.push_back({e.due == kNoInstant ? "none" : local_time_text(audit, e.due).substr(0, 16),
                        p.remaining ? business_duration(*p.remaining) : "-",
                        std::string(t.strings.view(e.channel)),
                        e.account == Interner::kNone ? "(none)"
                                                     : std::string(t.strings.view(e.account)),
                        std::string(audit.priority_of(e)),
                        std::string(t.strings.view(m.author_as_written)),
                        local_time_text(audit, e.start).substr(0, 16),
                        std::string(t.ids.text(m.id)), owner ? *owner : "-"});
      }
      s += text_table(rows, {false, true, false, false, false, false, false, false, false});
      break;
    }
  }
  out.write(s);
}

}  // namespace ssla
