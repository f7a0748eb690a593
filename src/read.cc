// The read stage: every input in command-line order, through its format's
// reader and the normalizer, into one MessageTable.
#include "ssla/read.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <ostream>

#include "ssla/byte_source.h"
#include "ssla/column_map.h"
#include "ssla/csv_reader.h"
#include "ssla/error.h"
#include "ssla/json_reader.h"
#include "ssla/normalize.h"
#include "ssla/timestamp.h"

namespace ssla {

namespace {

// csv | json | ndjson for one input (spec 4, 7).
std::string format_of(const std::string& path, const std::string& forced, const InputBuffer& data) {
  if (!forced.empty()) return forced;
  if (path == "-") {
    std::string_view bytes = data.view();
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);  // a byte-order mark
    for (char c : bytes) {
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
      return c == '[' ? "json" : c == '{' ? "ndjson" : "csv";
    }
    return "csv";
  }
  std::string_view name = path;
  if (name.ends_with(".gz")) name.remove_suffix(3);
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.ends_with(".csv")) return "csv";
  if (lower.ends_with(".json")) return "json";
  if (lower.ends_with(".ndjson") || lower.ends_with(".jsonl")) return "ndjson";
  throw input_error(path + ": unknown file type (expected .csv, .json, .ndjson or .jsonl, "
                    "optionally .gz; or give --input-format)");
}

// Reads and reports bad rows for one run.
class RowReporter {
 public:
  RowReporter(const ReadOptions& options, ReadResult& result) : options_(options), result_(result) {}

  void bad(const std::string& file, std::uint32_t line, const std::string& reason,
           FileSummary& summary) {
    ++result_.quality.rows_rejected;
    ++summary.rows_rejected;
    ++reasons_[reason_kind(reason)];
    const std::string text = file + ":" + std::to_string(line) + ": " + reason;
    if (options_.strict) throw input_error(text + " (--strict)");
    if (printed_ < options_.max_row_messages && options_.diagnostics != nullptr) {
      *options_.diagnostics << text << "\n";
    } else if (printed_ == options_.max_row_messages && options_.diagnostics != nullptr) {
      *options_.diagnostics << "(further bad rows are counted but not shown)\n";
    }
    ++printed_;
  }

  void conflict(const std::string& file, std::uint32_t line, const std::string& id) {
    if (conflicts_ < options_.max_row_messages && options_.diagnostics != nullptr) {
      *options_.diagnostics << file << ":" << line << ": warning: id " << id
                            << " was seen before with different values; keeping the first row\n";
    }
    ++conflicts_;
  }

  void finish() {
    std::vector<std::pair<std::string, std::uint64_t>> v(reasons_.begin(), reasons_.end());
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    result_.rejection_reasons = std::move(v);
  }

 private:
  // The reason without the quoted value, so that counts group by kind.
  static std::string reason_kind(const std::string& reason) {
    const auto q = reason.find(" '");
    return q == std::string::npos ? reason : reason.substr(0, q);
  }

  const ReadOptions& options_;
  ReadResult& result_;
  std::size_t printed_ = 0;
  std::size_t conflicts_ = 0;
  std::map<std::string, std::uint64_t> reasons_;
};

// Reads CSV records from `input` (which holds the first bytes already) and
// the rest of `stream`, a piece at a time: only the current piece and the
// record that straddles its end are in memory, never the whole file.
void read_csv(ByteStream& stream, InputBuffer& input, const FieldSources& sources, char delimiter,
              std::size_t piece_bytes, const std::string& file, FileSummary& summary,
              MessageTable& table,
              const std::function<void(const RawRecord&, const std::string&)>& sink) {
  if (std::memchr(input.data(), '\0', std::min<std::size_t>(input.size(), 4096)) != nullptr) {
    throw input_error(file + ": looks like a binary file, not CSV");
  }
  if (input.view().substr(0, 3) == "\xEF\xBB\xBF") input.consume(3);  // byte-order mark

  std::vector<std::string_view> fields;
  std::vector<std::string> header;
  std::array<int, kFieldCount> column{};
  RawRecord record;
  bool have_header = false;
  auto handle = [&](std::uint64_t line) {
    if (!have_header) {
      for (std::string_view f : fields) header.emplace_back(trim_ascii(f));
      column = map_header(sources, header, file);
      for (std::size_t f = 0; f < kFieldCount; ++f) {
        if (column[f] >= 0) summary.mapping.emplace_back(field_name(static_cast<Field>(f)), header[column[f]]);
        record.mapped[f] = column[f] >= 0;
      }
      table.has_thread_column = table.has_thread_column || column[kFieldThreadId] >= 0;
      table.has_account_column = table.has_account_column || column[kFieldAccount] >= 0;
      have_header = true;
      return;
    }
    record.line = static_cast<std::uint32_t>(line);
    bool all_empty = true;
    for (std::string_view f : fields) all_empty = all_empty && f.empty();
    if (all_empty) {
      ++summary.rows_blank;  // Excel padding rows: neither read nor rejected
      return;
    }
    if (fields.size() != header.size()) {
      sink(record, "expected " + std::to_string(header.size()) + " fields, got " +
                       std::to_string(fields.size()));
      return;
    }
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      record.value[f] = column[f] >= 0 ? fields[column[f]] : std::string_view();
    }
    sink(record, "");
  };

  std::uint64_t line = 1;
  std::size_t want = std::max<std::size_t>(piece_bytes, 1);
  bool eof = false;
  for (;;) {
    while (!eof && input.size() < want) {
      if (stream.read_into(input, want - input.size()) == 0) eof = true;
    }
    if (eof && input.size() == 0 && !have_header) {
      throw input_error(file + ": empty file (a CSV export needs a header row)");
    }
    CsvReader reader(input.view(), delimiter, line);
    std::size_t consumed = 0;
    while (reader.next(fields)) {
      // A record that runs into the end of the piece may continue in the next one.
      if (!reader.terminated() && !eof) break;
      handle(reader.line());
      consumed = reader.position();
      line = reader.next_line();
    }
    if (eof) break;
    // No complete record in the piece: it is one very long record; read more.
    want = consumed == 0 ? want * 2 : input.size() - consumed + piece_bytes;
    input.consume(consumed);
  }
}

}  // namespace

ReadResult read_messages(const Policy& policy, const ReadOptions& options) {
  ReadResult result;
  MessageTable& table = result.table;
  const FieldSources sources = resolve_sources(policy.input, options.preset, options.map);

  const std::string zone_name = !options.input_tz.empty() ? options.input_tz
                                : !policy.input.timezone.empty() ? policy.input.timezone
                                                                 : "UTC";
  const Zone zone = Zone::find(zone_name);
  if (!zone.valid()) throw usage_error("--input-tz: unknown time zone '" + zone_name + "'");
  const std::string format = !options.timestamp_format.empty() ? options.timestamp_format
                                                               : policy.input.timestamp_format;
  if (const std::string problem = check_timestamp_format(format); !problem.empty()) {
    throw usage_error("timestamp format '" + format + "': " + problem);
  }
  const TimestampParser timestamps(zone, format);
  const std::string delimiter_name =
      !options.delimiter.empty() ? options.delimiter : policy.input.delimiter;
  const char delimiter = delimiter_from_name(delimiter_name);
  if (delimiter == 0) throw usage_error("unknown delimiter '" + delimiter_name + "'");

  FileContext ctx;
  ctx.twcs = sources.preset == "twcs";
  ctx.constant_channel = !options.channel.empty() ? options.channel
                         : ctx.twcs              ? "twitter"
                                                 : policy.input.channel;
  ctx.timestamps = &timestamps;
  ctx.keep_text = options.keep_text;

  Normalizer normalizer(policy, table, result.quality);
  RowReporter reporter(options, result);
  if (options.files.size() > 0xffff) throw usage_error("too many input files (at most 65535)");

  for (const std::string& path : options.files) {
    const std::string name = path == "-" ? "<stdin>" : path;
    FileSummary summary;
    summary.name = name;
    summary.preset = sources.preset;
    summary.delimiter = delimiter;
    ByteStream stream(path);
    summary.gzip = stream.gzip();
    // The first bytes decide the format of standard input; CSV is then read a
    // piece at a time, JSON whole (simdjson parses a document at once).
    InputBuffer input;
    const std::size_t head = std::clamp<std::size_t>(options.piece_bytes, 1, 1 << 16);
    input.reserve(head);
    while (input.size() < head && stream.read_into(input, head - input.size()) > 0) {
    }
    summary.format = format_of(path, options.input_format, input);
    if (summary.format != "csv") stream.read_rest(input);
    ctx.file = static_cast<std::uint16_t>(table.files.size());
    table.files.push_back(name);

    auto sink = [&](const RawRecord& record, const std::string& bad) {
      ++summary.rows_read;
      ++result.quality.rows_read;
      if (!bad.empty()) {
        reporter.bad(name, record.line, bad, summary);
        return;
      }
      if (summary.format != "csv") {
        table.has_thread_column = table.has_thread_column || record.mapped[kFieldThreadId];
        table.has_account_column = table.has_account_column || record.mapped[kFieldAccount];
      }
      const std::uint64_t identical = result.quality.duplicates_identical;
      const std::uint64_t conflicting = result.quality.duplicates_conflicting;
      const std::string reason = normalizer.add(ctx, record);
      if (!reason.empty()) {
        reporter.bad(name, record.line, reason, summary);
        return;
      }
      summary.duplicates_identical += result.quality.duplicates_identical - identical;
      summary.duplicates_conflicting += result.quality.duplicates_conflicting - conflicting;
      if (!normalizer.conflict().empty()) reporter.conflict(name, record.line, normalizer.conflict());
    };
    if (summary.format == "csv") {
      read_csv(stream, input, sources, delimiter, options.piece_bytes, name, summary, table, sink);
    } else {
      for (std::size_t f = 0; f < kFieldCount; ++f) {
        if (!sources.explicit_name[f].empty()) {
          summary.mapping.emplace_back(field_name(static_cast<Field>(f)), sources.explicit_name[f]);
        }
      }
      if (summary.format == "json") {
        read_json_array(input, sources, name, sink);
      } else {
        read_ndjson(input, sources, name, sink);
      }
    }
    summary.bytes = stream.bytes_read();
    result.quality.rows_blank += summary.rows_blank;
    result.files.push_back(std::move(summary));
  }
  reporter.finish();
  table.ids.drop_index();  // no id is added after reading; lookups fall back to a scan
  table.index_of_id.resize(table.ids.size(), Interner::kNone);
  return result;
}

}  // namespace ssla
