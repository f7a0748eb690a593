// Private to the read stage: a JSON input (NDJSON lines, or the elements of
// one array) split into batches of records, a piece at a time (JsonParser),
// and the chunk worker that parses, prepares and finishes them
// (JsonRowWorker).
#ifndef SSLA_JSON_BATCHES_H_
#define SSLA_JSON_BATCHES_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "read_in_pieces.h"
#include "ssla/read/byte_source.h"
#include "ssla/read/column_map.h"
#include "ssla/read/json_array_splitter.h"
#include "ssla/read/json_reader.h"
#include "ssla/read/normalize.h"

namespace ssla::read_detail {

/// Parses, prepares and finishes the JSON records of a chunk, on the thread
/// the worker belongs to (its own simdjson parser, preparer and finisher).
class JsonRowWorker : public ChunkWorker {
 public:
  /// `sources`, `ctx`, `finisher` and `file` must outlive the worker.
  JsonRowWorker(const Policy& policy, const FieldSources& sources, const FileContext& ctx,
                RowFinisher& finisher, bool array, const std::string& file)
      : reader_(sources),
        preparer_(policy),
        ctx_(ctx),
        finisher_(finisher),
        array_(array),
        file_(file) {}

  void work(Batch& batch, std::size_t chunk, std::size_t begin, std::size_t end) override;

 private:
  JsonObjectReader reader_;
  RowPreparer preparer_;
  const FileContext& ctx_;
  RowFinisher& finisher_;
  bool array_;
  const std::string& file_;
  RawRecord record_;
};

/// Splits a JSON input (NDJSON lines, or the elements of one array) into
/// batches of records, a piece at a time, like CsvParser: only the pieces in
/// flight and the record that straddles a piece end are in memory. The
/// records are parsed by the chunks' workers (JsonRowWorker). A record longer
/// than kMaxJsonRecordBytes is dropped as it is read and becomes a bad row.
class JsonParser {
 public:
  /// `file` (the input's display name) must outlive the parser.
  JsonParser(bool array, std::size_t piece_bytes, const std::string& file)
      : array_(array), piece_bytes_(std::max<std::size_t>(piece_bytes, 1)), file_(file) {}

  /// Reads `stream`, whose first bytes are already in `batch->bytes`.
  void run(ByteStream& stream, std::unique_ptr<Batch>& batch, const Emit& emit,
           const std::atomic<bool>& stop);

 private:
  static constexpr std::size_t kLeftoverSlack = 64 << 10;  // bytes

  /// Adds the record at [begin, begin + size) of the batch's bytes, found at
  /// `line`; one longer than kMaxJsonRecordBytes gets an empty span (a bad row).
  void add(Batch& batch, std::size_t begin, std::size_t size, std::uint64_t line);

  /// The rows, reasons and chunk states of the spans found, before the batch is shared.
  static void close(Batch& batch);

  /// Adds the complete lines of the batch's bytes as spans; returns how many
  /// leading bytes the next piece does not need.
  std::size_t split_lines(Batch& batch, bool eof);

  /// Adds the line [p, e) unless it is blank.
  void line(Batch& batch, const char* d, std::size_t p, std::size_t e);

  /// Adds the complete elements of the array as spans; returns how many
  /// leading bytes the next piece does not need.
  std::size_t split_array(Batch& batch, bool eof);

  bool array_;
  std::size_t piece_bytes_;
  const std::string& file_;
  std::string leftover_;
  // NDJSON
  std::uint64_t line_ = 1;    // of the line that starts the kept bytes
  std::size_t searched_ = 0;  // bytes of the kept line already searched for a line feed
  bool skipping_ = false;     // dropping the rest of a line too long to keep
  // JSON array
  JsonArraySplitter splitter_;
  std::uint64_t element_ = 0;
};

}  // namespace ssla::read_detail

#endif  // SSLA_JSON_BATCHES_H_
