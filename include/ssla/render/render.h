// Stage 7: rendering a finished Audit. Renderers format; they never recompute.
#ifndef SSLA_RENDER_H_
#define SSLA_RENDER_H_

#include <string>
#include <string_view>

#include "ssla/audit/audit.h"
#include "ssla/audit/pending.h"
#include "ssla/base/output.h"

namespace ssla {

class RawBuffer;

/// `report --format`.
enum class ReportFormat { kTable, kMarkdown, kCsv, kJson, kHtml };

/// How `report` renders.
struct RenderOptions {
  ReportFormat format = ReportFormat::kTable;
  bool breaches = false;  ///< --breaches: list breached episodes (always in json)
  bool color = false;     ///< ANSI colour (table only; the CLI decides: terminal and no NO_COLOR)
  /// --wide: the table shows every column (late and unanswered apart, p95,
  /// max, calendar times) instead of those an analyst reads first.
  bool wide = false;
  /// Display columns the default table should fit in (the terminal's width,
  /// else 100); columns read last are dropped to fit. 0 = no limit.
  std::size_t width = 100;
};

/// The report in the chosen format (render_table.cc, render_json.cc, render_csv.cc,
/// render_html.cc).
void render_report(const Audit& audit, const RenderOptions& options, Output& out);

/// Whether render_report() with `options` lists episodes (breach lists, with
/// message texts), so that the pipeline can skip storing texts and sorting
/// episodes when it does not.
bool report_lists_episodes(const RenderOptions& options);

/// Whether the episodes render_report() lists with `options` are the
/// window's breaches and no others (AuditOptions::breaches_only).
bool report_lists_breaches_only(const RenderOptions& options);
/// True when render_report() names responders whatever the grouping: the
/// JSON report's breach records carry one (AuditArgs::shows_responders).
bool report_shows_responders(const RenderOptions& options);

/// Report JSON (spec 4.1 contract, docs/report-json.md).
void render_report_json(const Audit& audit, Output& out);
/// Aligned text table, or markdown when `markdown`.
void render_report_table(const Audit& audit, const RenderOptions& options, bool markdown,
                         Output& out);
/// One CSV row per group; cells a spreadsheet would run are neutralised.
void render_report_csv(const Audit& audit, Output& out);
/// One self-contained HTML file with charts (render_html.cc, html_charts.cc):
/// header, headline figures, charts, groups with a total line, the worst
/// breaches (all with options.breaches), data quality. Uses audit.figures.
void render_report_html(const Audit& audit, const RenderOptions& options, Output& out);
/// The sections of the HTML report without charts, as Markdown
/// (render_markdown.cc). Uses audit.figures.
void render_report_markdown(const Audit& audit, const RenderOptions& options, Output& out);

/// `episodes`: every episode in the window, streaming, as NDJSON or CSV.
void render_episodes(const Audit& audit, bool csv, Output& out);

/// How write_episode_records() writes a record: a line of NDJSON, a CSV
/// row, or an item of a JSON array (`,\n    ` before each record but the
/// first, which gets `\n    `).
enum class RecordStyle { kNdjson, kCsv, kJsonArrayItem };
/// The records of audit.episodes in the window (with `breaches_only`, the
/// listed breaches) in order, written to `out`; returns how many. A block
/// of episodes is formatted at a time, two at once on two threads when
/// audit.options.threads >= 2.
std::size_t write_episode_records(const Audit& audit, RecordStyle style, bool breaches_only,
                                  Output& out);

/// `check`: one line per group (`PASS twitter 93.1% ≥ 90.0% (1203 measured)`).
/// Returns false when a group with a goal fails.
bool render_check(const Audit& audit, Output& out);

/// `explain --id ID`: the conversation of that message and its episodes'
/// clocks, in plain words, in lines of at most `width` display columns where
/// they can break (0: no limit). Throws Error(kExitInput) when no message has
/// that id.
void render_explain(const Audit& audit, std::string_view id, std::size_t width, Output& out);

/// One episode as a JSON object (the spec's episode record), appended to `out`.
void append_episode_json(const Audit& audit, const Episode& e, std::string& out);
/// The header of episode records as CSV (spec 4.1), its line feed included.
extern const std::string_view kEpisodeCsvHeader;
/// One episode as a CSV record under kEpisodeCsvHeader, its line feed
/// included, appended to `out`.
void append_episode_csv(const Audit& audit, const Episode& e, std::string& out);
/// The same written at p in `out` (see RawBuffer::room()), with `text` as
/// the opening message's excerpt (MessageTable::excerpt(), or an
/// ExcerptBatch's copy); returns the end, with room for a few more bytes
/// after it.
char* write_episode_json(const Audit& audit, const Episode& e, std::string_view text,
                         RawBuffer& out, char* p);

/// `s` as a JSON string literal (quotes included), appended to `out`.
void append_json_string(std::string_view s, std::string& out);
/// A group's key values as the members of a JSON object, `"channel":
/// "twitter", "responder": null`, named by `by` (a null key value is `null`).
void append_group_key_json(const std::vector<GroupBy>& by, const std::vector<std::string>& key,
                           std::string& out);

/// `s` as one CSV cell appended to `out`, the value as written: quoted when
/// it holds `,` `"` or a line break, its quotes doubled (RFC 4180).
void append_csv_cell(std::string_view s, std::string& out);

/// A calendar duration as printed to people: like business_duration() under
/// a day, `3d 04h` from a day on.
std::string short_duration(Millis d);

/// A business duration as printed to people (spec 8.4): hours and minutes,
/// never days, since a business day is not 24 hours: `36h 00m`, `12m 30s`, `45s`.
std::string business_duration(Millis d);
/// business_duration(d) into `out` (replacing it), without a new string:
/// for tables of millions of cells.
void assign_business_duration(Millis d, std::string& out);

/// `pending --format`.
enum class PendingFormat { kTable, kNdjson, kCsv };

/// `pending`: the queue (see pending_queue()) as a table (due, business
/// time left, who is waiting), NDJSON (episode records plus
/// `remaining_seconds`; nothing when empty) or CSV. The table is narrowed
/// to `width` display columns (0: no limit) when it is wider.
void render_pending(const Audit& audit, const std::vector<PendingEntry>& queue,
                    PendingFormat format, std::size_t width, Output& out);

/// Instant t as local time in the report zone: `2026-11-02 09:15 EST`-like
/// (`YYYY-MM-DD HH:MM:SS` plus the UTC offset).
std::string local_time_text(const Audit& audit, Instant t);
/// Bytes [from, from + size) of local_time_text(audit, t) into `out`
/// (replacing it), without a new string: for tables of millions of cells.
void assign_local_time(const Audit& audit, Instant t, std::size_t from, std::size_t size,
                       std::string& out);

}  // namespace ssla

#endif  // SSLA_RENDER_H_
