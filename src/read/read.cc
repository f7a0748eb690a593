// The read stage: every input in command-line order, through its format's
// reader and the normalizer, into one MessageTable.
#include "ssla/read/read.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <ostream>

#include "csv_batches.h"
#include "json_batches.h"
#include "read_in_pieces.h"
#include "ssla/base/error.h"
#include "ssla/read/byte_source.h"
#include "ssla/read/column_map.h"
#include "ssla/read/csv_reader.h"
#include "ssla/read/json_reader.h"
#include "ssla/read/normalize.h"
#include "ssla/read/timestamp.h"

namespace ssla {

namespace {

using read_detail::Batch;
using read_detail::ChunkWorker;
using read_detail::CsvParser;
using read_detail::Emit;
using read_detail::FinishRows;
using read_detail::JsonChunk;
using read_detail::JsonParser;
using read_detail::JsonRowWorker;
using read_detail::read_in_pieces;
using read_detail::RunParser;

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

}  // namespace

ReadResult read_messages(const Policy& policy, const ReadOptions& options) {
  ReadResult result;
  MessageTable& table = result.table;
  // --map FILE:FIELD=COLUMN applies to one file (spec 7 precedence otherwise).
  const FieldSources sources =
      resolve_sources(policy.input, options.preset, maps_for_file(options.map, "", options.files));

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
  ctx.keep_reply_text = options.keep_reply_text;

  Normalizer normalizer(policy, table, result.quality, options.match_signatures);
  RowReporter reporter(options, result);
  if (options.files.size() > 0xffff) throw usage_error("too many input files (at most 65535)");

  for (const std::string& path : options.files) {
    const std::string name = path == "-" ? "<stdin>" : path;
    const FieldSources file_sources = resolve_sources(
        policy.input, options.preset, maps_for_file(options.map, path, options.files));
    FileSummary summary;
    summary.name = name;
    summary.preset = sources.preset;
    summary.delimiter = delimiter;
    ByteStream stream(path);
    summary.gzip = stream.gzip();
    if (stream.size_hint() > 0) {
      // Room for the rows a file of this size holds (a social export row
      // is rarely under 128 bytes): the message table only reserves address
      // space; the id index is sized once instead of being rehashed as it grows.
      const std::size_t rows = stream.size_hint() / 128;
      table.messages.reserve(table.messages.size() + rows);
      table.ids.reserve(table.ids.size() + rows);
    }
    // The first bytes decide the format of standard input; every format is
    // then read a piece at a time (JSON whole only with options.whole_json).
    InputBuffer input;
    const std::size_t head = std::clamp<std::size_t>(options.piece_bytes, 1, 1 << 16);
    input.reserve(head);
    while (input.size() < head && stream.read_into(input, head - input.size()) > 0) {
    }
    summary.format = format_of(path, options.input_format, input);
    const bool whole_json = summary.format != "csv" && options.whole_json;
    if (whole_json) stream.read_rest(input);
    ctx.file = static_cast<std::uint16_t>(table.files.size());
    table.files.push_back(name);

    // Large regular files keep their excerpts as references to their bytes.
    const bool refer = options.keep_text && stream.size_hint() > 0 &&
                       stream.size_hint() >= options.excerpts_by_reference_from &&
                       table.excerpts.attach(ctx.file, stream.duplicate_descriptor());
    auto span_of = [&](const InputBuffer& bytes, std::uint64_t at) {
      return refer ? InputSpan{bytes.data(), bytes.data() + bytes.size(), at} : InputSpan{};
    };

    // Counts a row, reports it when bad, commits it when good.
    std::string late_reason;
    auto take = [&](PreparedRow& row, const std::string* bad, const InputSpan& span) {
      ++summary.rows_read;
      ++result.quality.rows_read;
      if (bad == nullptr && row.deferred_time != nullptr) {
        normalizer.finisher().finish(row);  // done already, unless no thread got to it
        if (row.time_unreadable) {
          late_reason = time_problem(*row.deferred_time, row.created_text);
          bad = &late_reason;
        }
      }
      if (bad != nullptr) {
        reporter.bad(name, row.line, *bad, summary);
        return;
      }
      const std::uint64_t identical = result.quality.duplicates_identical;
      const std::uint64_t conflicting = result.quality.duplicates_conflicting;
      normalizer.commit(ctx, row, span);
      summary.duplicates_identical += result.quality.duplicates_identical - identical;
      summary.duplicates_conflicting += result.quality.duplicates_conflicting - conflicting;
      if (!normalizer.conflict().empty()) reporter.conflict(name, row.line, normalizer.conflict());
    };
    // The committing thread's chunk worker: the normalizer's finisher, and
    // for JSON its own parser.
    std::unique_ptr<ChunkWorker> committing;
    // Rows are committed a few behind the prefetch of the table slots they
    // will touch, so that the cache misses of the id and author tables
    // overlap; the prefetch needs the rows' keys, so the chunk after the
    // current one is finished first.
    constexpr std::size_t kAhead = 8;
    static_assert(kAhead <= Batch::kChunkRows);
    auto commit = [&](Batch& batch) {
      const std::size_t n = batch.rows.size();
      if (n == 0) return;
      batch.wait_finished(0, *committing);
      for (std::size_t k = 0; k < std::min(n, kAhead); ++k) normalizer.prefetch(batch.rows[k]);
      const InputSpan span = span_of(batch.bytes, batch.bytes_at);
      for (std::size_t c = 0; c < batch.chunks; ++c) {
        if (c + 1 < batch.chunks) batch.wait_finished(c + 1, *committing);
        std::size_t end = std::min(n, (c + 1) * Batch::kChunkRows);
        const JsonChunk* json = batch.spans.empty() ? nullptr : &batch.json_chunks[c];
        if (json != nullptr) {
          table.has_thread_column = table.has_thread_column || json->thread_column;
          table.has_account_column = table.has_account_column || json->account_column;
          end = std::min(end, json->fatal);
        }
        for (std::size_t k = c * Batch::kChunkRows; k < end; ++k) {
          if (k + kAhead < n) normalizer.prefetch(batch.rows[k + kAhead]);
          PreparedRow& row = batch.rows[k];
          take(row, row.bad >= 0 ? &batch.reasons[row.bad] : nullptr, span);
        }
        if (json != nullptr && json->fatal != SIZE_MAX) throw input_error(json->fatal_message);
      }
    };
    // CSV rows are prepared on the splitting thread, which has the more
    // work of the two (docs/performance.md): their timestamps are read by
    // whichever thread finishes them.
    ctx.defer_timestamps = summary.format == "csv";
    if (summary.format == "csv") {
      committing = std::make_unique<FinishRows>(normalizer.finisher());
      CsvParser parser(policy, file_sources, delimiter, options.piece_bytes, name, ctx);
      const RunParser run = [&](std::unique_ptr<Batch>& batch, const Emit& emit,
                                const std::atomic<bool>& stop) {
        parser.run(stream, batch, summary, table, emit, stop);
      };
      // The splitting thread's finisher lives as long as its worker.
      std::unique_ptr<RowFinisher> finisher;
      const auto worker = [&]() -> std::unique_ptr<ChunkWorker> {
        finisher = std::make_unique<RowFinisher>(policy, options.match_signatures);
        return std::make_unique<FinishRows>(*finisher);
      };
      read_in_pieces(input, options, run, worker, commit);
    } else if (!whole_json) {
      for (std::size_t f = 0; f < kFieldCount; ++f) {
        if (!file_sources.explicit_name[f].empty()) {
          summary.mapping.emplace_back(field_name(static_cast<Field>(f)),
                                       file_sources.explicit_name[f]);
        }
      }
      const bool array = summary.format == "json";
      committing = std::make_unique<JsonRowWorker>(policy, file_sources, ctx,
                                                   normalizer.finisher(), array, name);
      JsonParser parser(array, options.piece_bytes, name);
      const RunParser run = [&](std::unique_ptr<Batch>& batch, const Emit& emit,
                                const std::atomic<bool>& stop) { parser.run(stream, batch, emit, stop); };
      std::unique_ptr<RowFinisher> finisher;
      const auto worker = [&]() -> std::unique_ptr<ChunkWorker> {
        finisher = std::make_unique<RowFinisher>(policy, options.match_signatures);
        return std::make_unique<JsonRowWorker>(policy, file_sources, ctx, *finisher, array, name);
      };
      read_in_pieces(input, options, run, worker, commit);
    } else {
      for (std::size_t f = 0; f < kFieldCount; ++f) {
        if (!file_sources.explicit_name[f].empty()) {
          summary.mapping.emplace_back(field_name(static_cast<Field>(f)),
                                       file_sources.explicit_name[f]);
        }
      }
      RowPreparer preparer(policy);  // each row is committed before the next record
      auto sink = [&](const RawRecord& record, const std::string& bad) {
        PreparedRow row;
        row.line = record.line;
        if (!bad.empty()) {
          take(row, &bad, InputSpan{});
          return;
        }
        table.has_thread_column = table.has_thread_column || record.mapped[kFieldThreadId];
        table.has_account_column = table.has_account_column || record.mapped[kFieldAccount];
        const std::string reason = preparer.prepare(ctx, record, row);
        take(row, reason.empty() ? nullptr : &reason, span_of(input, 0));
      };
      if (summary.format == "json") {
        read_json_array(input, file_sources, name, sink);
      } else {
        read_ndjson(input, file_sources, name, sink);
      }
    }
    summary.bytes = stream.bytes_read();
    result.quality.rows_blank += summary.rows_blank;
    result.files.push_back(std::move(summary));
  }
  reporter.finish();
  if (normalizer.latest() != kNoInstant) result.latest = normalizer.latest();
  result.inbound = normalizer.inbound();
  // The tables freed from here on (the id index, the content hashes of
  // the normalizer) hold pages the conversations reuse: run_audit()
  // gives back the rest once they are built.
  keep_freed_tables();
  table.ids.drop_index();  // no id is added after reading; lookups fall back to a scan
  table.index_of_id.resize(table.ids.size(), Interner::kNone);
  return result;
}

}  // namespace ssla
