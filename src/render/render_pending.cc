// `ssla pending`: the live queue as a table, NDJSON or CSV.
#include <fmt/format.h>

#include <algorithm>

#include "ssla/render/render.h"
#include "ssla/render/text_grid.h"

namespace ssla {

namespace {

void append_remaining(const PendingEntry& p, std::string& out) {
  if (p.remaining) {
    out += format_seconds(*p.remaining);
  } else {
    out += "null";
  }
}

// Narrows `grid` to `width` display columns (0: no limit), as a terminal
// of that width shows it: first the columns whose cells are all the same
// (channel, priority, owner: a queue is often one channel's, of one team),
// which are said once in `note` instead; then `since` (the due and the time
// left tell the urgency). A table that fits is left as it is.
void fit_pending(TextGrid& grid, std::size_t width, std::string& note) {
  if (width == 0 || grid.text_width() <= width) return;
  for (const char* name : {"owner", "priority", "channel"}) {
    if (grid.text_width() <= width) return;
    const std::size_t c = grid.column(name);
    const bool same = std::all_of(grid.rows.begin(), grid.rows.end(),
                                  [&](const auto& row) { return row[c] == grid.rows[0][c]; });
    if (!same) continue;
    note_every_row(note, name, grid.rows[0][c]);
    grid.drop_column(c);
  }
  if (grid.text_width() > width) grid.drop_column(grid.column("since"));
}

}  // namespace

void render_pending(const Audit& audit, const std::vector<PendingEntry>& queue,
                    PendingFormat format, std::size_t width, Output& out) {
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
      const std::string title =
          fmt::format("{} pending as of {} · zone {}", queue.size(),
                      local_time_text(audit, audit.as_of), audit.report_zone.name());
      s += join_or_break(title, "left = business time to due", width) + "\n\n";
      TextGrid grid;
      grid.header = {"due",      "left",  "channel", "account", "priority",
                     "customer", "since", "id",      "owner"};
      grid.right = {false, true, false, false, false, false, false, false, false};
      for (const PendingEntry& p : queue) {
        const Episode& e = *p.episode;
        const Message& m = t.messages[e.opened_by];
        const auto& owner = audit.owner_of(e);
        grid.rows.push_back(
            {e.due == kNoInstant ? "none" : local_time_text(audit, e.due).substr(0, 16),
             p.remaining ? business_duration(*p.remaining) : "-",
             std::string(t.strings.view(e.channel)),
             e.account == Interner::kNone ? "(none)" : std::string(t.strings.view(e.account)),
             std::string(audit.priority_of(e)), std::string(t.strings.view(m.author_as_written)),
             local_time_text(audit, e.start).substr(0, 16), std::string(t.ids.text(m.id)),
             owner ? *owner : "-"});
      }
      std::string note;
      fit_pending(grid, width, note);
      grid.render(false, s);
      if (!note.empty()) s += "\n" + wrap_words(note, width) + "\n";
      break;
    }
  }
  out.write(s);
}

}  // namespace ssla
