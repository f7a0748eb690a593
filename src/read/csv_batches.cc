// Splitting a CSV input into batches of prepared rows (csv_batches.h).
#include "csv_batches.h"

#include <algorithm>
#include <cstring>

#include "ssla/base/error.h"
#include "ssla/read/csv_reader.h"

namespace ssla::read_detail {

void CsvParser::run(ByteStream& stream, std::unique_ptr<Batch>& batch, FileSummary& summary,
                    MessageTable& table, const Emit& emit, const std::atomic<bool>& stop) {
  // The byte-order mark is skipped by the CsvReader of line 1 (once, even
  // when the first piece is read again with more bytes).
  InputBuffer* input = &batch->bytes;

  std::uint64_t line = 1;
  std::size_t want = piece_bytes_;
  bool eof = false;
  for (;;) {
    if (stop.load(std::memory_order_relaxed)) return;
    input = &batch->bytes;
    while (!eof && input->size() < want) {
      if (stream.read_into(*input, want - input->size()) == 0) eof = true;
    }
    batch->bytes_at = stream.bytes_read() - input->size();
    if (eof && !have_header_ && (input->size() == 0 || input->view() == "\xEF\xBB\xBF")) {
      throw input_error(file_ + ": empty file (a CSV export needs a header row)");
    }
    const std::string_view view = input->view();
    // A NUL byte anywhere, in any piece, makes the file binary (one rule
    // whatever the piece size; no NUL reaches a message or the report).
    // Every byte is looked at once more only when a long record straddles
    // pieces.
    if (const void* nul = std::memchr(view.data(), '\0', view.size())) {
      const std::size_t at = static_cast<const char*>(nul) - view.data();
      const std::uint64_t nul_line =
          line + static_cast<std::uint64_t>(std::count(view.data(), view.data() + at, '\n'));
      throw input_error(file_ + ":" + std::to_string(nul_line) +
                        ": a NUL byte: looks like a binary file, not CSV");
    }
    CsvReader reader(view, delimiter_, line);
    std::size_t consumed = 0;
    for (;;) {
      // Most records are simple (next_simple()) and go straight to their
      // fields' slots in record_; the others take the general scanner.
      if (have_header_ && simple_ && reader.next_simple(header_.size(), slots_.data())) {
        prepare(reader.line(), *batch, view);
      } else if (reader.next(fields_)) {
        // A record that runs into the end of the piece may continue in the next one.
        if (!reader.terminated() && !eof) break;
        handle(reader.line(), *batch, view, summary, table);
      } else {
        break;
      }
      consumed = reader.position();
      line = reader.next_line();
    }
    if (eof) {
      emit(batch);
      return;
    }
    if (consumed == 0) {  // no complete record in the piece: one very long record
      if (view.size() < kMaxRecordBytes) {
        want = std::min(want * 2, kMaxRecordBytes);
        continue;
      }
      // Longer than any export's record (an unclosed quote, or bytes with
      // no line feed): a bad row, and reading resumes after the next line
      // feed, so that memory stays bounded (spec 6.2).
      if (!have_header_) {
        throw input_error(file_ + ": the header is longer than " +
                          std::to_string(kMaxRecordBytes >> 20) + " MiB");
      }
      batch->bad(static_cast<std::uint32_t>(line),
                 "record longer than " + std::to_string(kMaxRecordBytes >> 20) +
                     " MiB (an unclosed quote?); skipped to the next line");
      line += static_cast<std::uint64_t>(std::count(view.begin(), view.end(), '\n'));
      batch->bytes.consume(batch->bytes.size());
      eof = skip_line(stream, batch->bytes);
      ++line;
      want = piece_bytes_;
      continue;
    }
    // The straddling record starts the next piece.
    leftover_.assign(view.substr(consumed));
    want = leftover_.size() + piece_bytes_;
    emit(batch);
    // The batch comes back holding its last piece's bytes: drop them
    // before making room (else a new block gets a copy of them), and keep
    // some slack, so that a slightly longer leftover next time does not
    // need a new block, whose pages would all fault in again.
    batch->bytes.consume(batch->bytes.size());
    batch->bytes.reserve(std::max(want, piece_bytes_ + kLeftoverSlack));
    batch->bytes.append(leftover_.data(), leftover_.size());
  }
}

void CsvParser::handle(std::uint64_t line, Batch& batch, std::string_view bytes,
                       FileSummary& summary, MessageTable& table) {
  if (!have_header_) {
    if (fields_.size() > CsvReader::kMaxFields) {
      throw input_error(file_ + ": the header has more than " +
                        std::to_string(CsvReader::kMaxFields) + " columns (the most ssla reads)");
    }
    for (std::string_view f : fields_) header_.emplace_back(trim_ascii(f));
    column_ = map_header(sources_, header_, file_);
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      if (column_[f] >= 0)
        summary.mapping.emplace_back(field_name(static_cast<Field>(f)), header_[column_[f]]);
      record_.mapped[f] = column_[f] >= 0;
    }
    table.has_thread_column = table.has_thread_column || column_[kFieldThreadId] >= 0;
    table.has_account_column = table.has_account_column || column_[kFieldAccount] >= 0;
    // Where next_simple() puts each column: the slot of the field read
    // from it. A column read for two fields would need two slots.
    slots_.assign(header_.size(), nullptr);
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      if (column_[f] < 0) continue;
      std::string_view*& slot = slots_[static_cast<std::size_t>(column_[f])];
      if (slot != nullptr) simple_ = false;
      slot = &record_.value[f];
    }
    have_header_ = true;
    return;
  }
  // Field values are trimmed (spec 7), so a record of spaces is as blank as
  // Excel's `,,,,` padding rows: neither read nor rejected.
  bool all_empty = true;
  for (std::string_view f : fields_) all_empty = all_empty && trim_ascii(f).empty();
  if (all_empty) {
    ++summary.rows_blank;
    return;
  }
  if (fields_.size() != header_.size()) {
    batch.bad(static_cast<std::uint32_t>(line),
              "expected " + std::to_string(header_.size()) + " fields, got " +
                  (fields_.size() > CsvReader::kMaxFields
                       ? "more than " + std::to_string(CsvReader::kMaxFields)
                       : std::to_string(fields_.size())));
    return;
  }
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    record_.value[f] = column_[f] >= 0 ? fields_[column_[f]] : std::string_view();
  }
  prepare(line, batch, bytes);
}

void CsvParser::prepare(std::uint64_t line, Batch& batch, std::string_view bytes) {
  record_.line = static_cast<std::uint32_t>(line);
  std::string reason = preparer_.prepare(ctx_, record_, batch.rows.append(), &batch.arena,
                                         bytes.data(), bytes.data() + bytes.size());
  if (!reason.empty()) {
    batch.rows.pop_back();
    batch.bad(record_.line, std::move(reason));
  }
}

bool CsvParser::skip_line(ByteStream& stream, InputBuffer& scratch) {
  for (;;) {
    if (stream.read_into(scratch, 1 << 16) == 0) return true;
    const std::string_view v = scratch.view();
    const std::size_t lf = v.find('\n');
    if (lf != std::string_view::npos) {
      scratch.consume(lf + 1);
      return false;
    }
    scratch.consume(v.size());
  }
}

}  // namespace ssla::read_detail
