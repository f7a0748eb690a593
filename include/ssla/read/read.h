// The read stage: exports (CSV, JSON, NDJSON; gzip; stdin) to the normalized
// MessageTable (spec 1, 5, 6, 7 "Reading input").
#ifndef SSLA_READ_H_
#define SSLA_READ_H_

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ssla/audit/data_quality.h"
#include "ssla/read/message.h"
#include "ssla/policy/policy.h"

namespace ssla {

/// How to read the inputs: the CLI's view. Empty strings mean "not given on
/// the command line"; the policy's `input` section then applies, then defaults.
struct ReadOptions {
  std::vector<std::string> files;   ///< paths in command-line order; `-` = standard input
  std::string preset;               ///< --preset: `generic` | `twcs`
  std::vector<std::string> map;     ///< --map values `FIELD=COLUMN`, in order
  std::string channel;              ///< --channel
  std::string input_tz;             ///< --input-tz
  std::string timestamp_format;     ///< --timestamp-format
  std::string delimiter;            ///< --delimiter (`,` `;` `tab` `|`)
  std::string input_format;         ///< --input-format: `csv` | `json` | `ndjson`
  bool strict = false;              ///< --strict: first bad row is fatal (status 3)
  std::size_t max_row_messages = 10;  ///< bad rows printed before going quiet
  std::ostream* diagnostics = nullptr;  ///< where `FILE:LINE: reason` lines go (stderr); may be null
  /// Keep each message's text excerpt (breach lists, episode records,
  /// explain); a plain report needs none, which saves about half its memory.
  bool keep_text = true;
  /// With keep_text: keep the company replies' excerpts too (`explain`
  /// shows every message of a conversation). The other listings print only
  /// the customer message that opened an episode, so the replies' texts,
  /// about half of the excerpts' bytes, are left out.
  bool keep_reply_text = true;
  /// Match the policy's signatures against company replies to name their
  /// responders (spec 8.3). An output that names no responder (no
  /// `--by responder`, no episode records) turns it off: RE2 on every reply
  /// is the costliest part of section 8. Off, replies carry no signer and
  /// an episode's responder is its reply's agent or author, never shown.
  bool match_signatures = true;
  /// With keep_text: a regular uncompressed file of at least this many bytes
  /// keeps its excerpts as references to its bytes, read back when they are
  /// printed (ExcerptStore), instead of copies; 8 bytes per message instead
  /// of about 60. Smaller files, `.gz` and standard input keep copies.
  std::uint64_t excerpts_by_reference_from = std::uint64_t{64} << 20;
  std::size_t piece_bytes = 1 << 20;  ///< inputs are read this many bytes at a time (tests use tiny pieces)
  /// 2 or more: inputs are split into records (and CSV records parsed) on a
  /// second thread while this one commits the rows in input order; JSON
  /// records are parsed by either thread. The result is the same either way.
  unsigned threads = 1;
  /// JSON and NDJSON are read whole and parsed as one document instead of a
  /// piece at a time: the reference the streamed reading is tested against.
  bool whole_json = false;
};

/// What was read from one input file, for `inspect`.
struct FileSummary {
  std::string name;        ///< as shown in messages (`<stdin>` for `-`)
  std::string format;      ///< `csv` | `json` | `ndjson`
  bool gzip = false;
  std::string preset;      ///< the preset in force
  char delimiter = ',';    ///< CSV only
  /// canonical field -> the column (CSV) or key/path (JSON) it was read from,
  /// in canonical field order; fields not mapped are absent.
  std::vector<std::pair<std::string, std::string>> mapping;
  std::uint64_t rows_read = 0;
  std::uint64_t rows_rejected = 0;
  std::uint64_t rows_blank = 0;
  std::uint64_t duplicates_identical = 0;
  std::uint64_t duplicates_conflicting = 0;
  std::uint64_t bytes = 0;  ///< bytes of (decompressed) input
};

/// Everything the read stage produces.
struct ReadResult {
  MessageTable table;               ///< accepted unique messages, ids indexed
  std::vector<FileSummary> files;   ///< one per input, in order
  DataQuality quality;              ///< read-stage counters filled (rows_*, duplicates_*)
  /// The latest created_at of the messages (UTC ms), when read_messages()
  /// made the table; unset for a table made by other means.
  std::optional<Instant> latest;
  /// The inbound messages' earliest created_at and channels, when
  /// read_messages() made the table; unset for a table made by other means.
  std::optional<InboundSummary> inbound;
  /// Rejection reasons with their counts (`unreadable timestamp` -> 3), most
  /// frequent first, for `inspect`.
  std::vector<std::pair<std::string, std::uint64_t>> rejection_reasons;
};

/// Reads every input in order. Per-row problems are counted and the first
/// `max_row_messages` written as `FILE:LINE: reason` to diagnostics; conflicting
/// duplicates get a warning naming the id. Throws Error(kExitInput) for an
/// unreadable or wrongly formatted file, a missing mapped column, or (strict)
/// the first bad row; Error(kExitUsage) for bad option values.
ReadResult read_messages(const Policy& policy, const ReadOptions& options);

}  // namespace ssla

#endif  // SSLA_READ_H_
