// Private to the read stage: a CSV input split into batches of prepared
// rows, a piece at a time (CsvParser), and the chunk worker that finishes
// them (FinishRows).
#ifndef SSLA_CSV_BATCHES_H_
#define SSLA_CSV_BATCHES_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "read_in_pieces.h"
#include "ssla/read/byte_source.h"
#include "ssla/read/column_map.h"
#include "ssla/read/message.h"
#include "ssla/read/normalize.h"
#include "ssla/read/read.h"

namespace ssla::read_detail {

/// Finishes CSV rows (RowFinisher) with the finisher of the thread it belongs to.
class FinishRows : public ChunkWorker {
 public:
  explicit FinishRows(RowFinisher& finisher) : finisher_(finisher) {}
  void work(Batch& batch, std::size_t, std::size_t begin, std::size_t end) override {
    for (std::size_t k = begin; k < end; ++k) finisher_.finish(batch.rows[k]);
  }

 private:
  RowFinisher& finisher_;
};

/// Splits a CSV input into batches of prepared rows, a piece at a time: only
/// the pieces in flight and the record that straddles a piece end are in
/// memory, never the whole file. Each full batch goes to `emit` (Emit).
class CsvParser {
 public:
  /// `sources`, `file` (the input's display name) and `ctx` must outlive the parser.
  CsvParser(const Policy& policy, const FieldSources& sources, char delimiter,
            std::size_t piece_bytes, const std::string& file, const FileContext& ctx)
      : preparer_(policy, true),  // the parser lives until its batches are committed
        sources_(sources),
        delimiter_(delimiter),
        piece_bytes_(std::max<std::size_t>(piece_bytes, 1)),
        file_(file),
        ctx_(ctx) {}

  /// Reads `stream`, whose first bytes are already in `batch->bytes`. Sets the
  /// mapping and flags of `summary` and `table` from the header before the
  /// first batch is emitted, and counts summary.rows_blank (members that the
  /// committing thread does not touch).
  void run(ByteStream& stream, std::unique_ptr<Batch>& batch, FileSummary& summary,
           MessageTable& table, const Emit& emit, const std::atomic<bool>& stop);

 private:
  void handle(std::uint64_t line, Batch& batch, std::string_view bytes, FileSummary& summary,
              MessageTable& table);

  /// Prepares record_, whose values are set, as the batch's next row.
  void prepare(std::uint64_t line, Batch& batch, std::string_view bytes);

  static constexpr std::size_t kLeftoverSlack = 64 << 10;  // bytes
  /// The longest CSV record read (bytes, line breaks in quotes included).
  static constexpr std::size_t kMaxRecordBytes = std::size_t{16} << 20;

  /// Reads and drops bytes up to and including the next line feed, into
  /// `scratch` (emptied); what follows it stays there. True at end of input.
  static bool skip_line(ByteStream& stream, InputBuffer& scratch);

  RowPreparer preparer_;
  const FieldSources& sources_;
  char delimiter_;
  std::size_t piece_bytes_;
  const std::string& file_;
  const FileContext& ctx_;
  std::vector<std::string_view> fields_;
  std::vector<std::string> header_;
  std::array<int, kFieldCount> column_{};
  RawRecord record_;
  std::vector<std::string_view*> slots_;  // per column: its field's value in record_, or null
  bool simple_ = true;                    // next_simple() may be used
  bool have_header_ = false;
  std::string leftover_;
};

}  // namespace ssla::read_detail

#endif  // SSLA_CSV_BATCHES_H_
