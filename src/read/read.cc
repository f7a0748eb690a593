// The read stage: every input in command-line order, through its format's
// reader and the normalizer, into one MessageTable.
#include "ssla/read/read.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <cstring>
#include <map>
#include <ostream>

#include "ssla/read/byte_source.h"
#include "ssla/read/column_map.h"
#include "ssla/read/csv_reader.h"
#include "ssla/base/error.h"
#include "ssla/read/json_array_splitter.h"
#include "ssla/read/json_reader.h"
#include "ssla/read/normalize.h"
#include "ssla/read/timestamp.h"

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

// The prepared rows of a batch. Batches are reused, and so are their rows:
// append() hands back a slot as the last piece left it, which prepare()
// then fills (every field a good row is read for, `finished` included),
// instead of zeroing 216 bytes per row first.
class PreparedRows {
 public:
  std::size_t size() const { return size_; }
  PreparedRow& operator[](std::size_t k) { return slots_[k]; }
  PreparedRow& append() {
    if (size_ == slots_.size()) slots_.emplace_back();
    return slots_[size_++];
  }
  void push_back(const PreparedRow& row) { append() = row; }
  // n rows, each as the last batch left it (the JSON workers fill them).
  void resize(std::size_t n) {
    if (slots_.size() < n) slots_.resize(n);
    size_ = n;
  }
  void pop_back() { --size_; }
  void clear() { size_ = 0; }

 private:
  std::vector<PreparedRow> slots_;
  std::size_t size_ = 0;  // slots in use
};

struct CsvBatch;

// What a thread does to a chunk of a batch's rows before they can be
// committed, on whichever thread claims the chunk: finish CSV rows
// (FinishRows); parse, prepare and finish JSON records (JsonRowWorker).
// Each thread has its own.
class ChunkWorker {
 public:
  virtual ~ChunkWorker() = default;
  /// Works on rows [begin, end) of `batch`, its chunk number `chunk`.
  virtual void work(CsvBatch& batch, std::size_t chunk, std::size_t begin, std::size_t end) = 0;
};

// Where a JSON record is in its batch's bytes. size 0: a record longer than
// kMaxJsonRecordBytes, whose bytes were dropped.
struct JsonSpan {
  std::uint32_t begin = 0;
  std::uint32_t size = 0;
  std::uint32_t line = 0;  // NDJSON line, or array element number
};

// What the worker of one chunk of JSON records leaves for the committing thread.
struct JsonChunk {
  RowArena arena;               // unescaped strings of the chunk's rows
  bool thread_column = false;   // some record of the chunk has a thread id
  bool account_column = false;  // some record of the chunk has an account
  std::size_t fatal = SIZE_MAX;  // the first row that makes the input invalid, if any
  std::string fatal_message;
};

// One piece of an input with its records prepared: what the parsing thread
// hands to the committing thread. Owns the bytes the rows' views point into.
// Its rows are worked on (ChunkWorker) in chunks, by whichever thread claims
// a chunk first: the committing thread as it goes, and the parsing thread
// instead of waiting when the queue is full. CSV rows are prepared by the
// parsing thread and finished in chunks; JSON records are only found by the
// parsing thread (spans) and parsed in chunks, the costly part of JSON.
struct CsvBatch {
  static constexpr std::size_t kChunkRows = 256;

  InputBuffer bytes;
  std::uint64_t bytes_at = 0;  // offset of bytes[0] in the input (after decompression)
  PreparedRows rows;
  std::vector<std::string> reasons;  // of the bad rows, by PreparedRow::bad
  RowArena arena;                    // copies the rows need beyond bytes
  std::size_t chunks = 0;            // of kChunkRows rows; set by open_chunks()
  std::atomic<std::size_t> claimed{0};  // chunks handed out so far
  std::unique_ptr<std::atomic<bool>[]> done;  // per chunk: finished
  std::size_t done_capacity = 0;
  // JSON only: the records, and per chunk what its worker found. A bad
  // row's reason is reasons[its index]; a record that lists its tags gets
  // the list (views kept) in tag_lists[its index].
  std::vector<JsonSpan> spans;
  std::vector<JsonChunk> json_chunks;
  std::vector<std::vector<std::string_view>> tag_lists;

  void bad(std::uint32_t line, std::string reason) {
    PreparedRow row;
    row.line = line;
    row.bad = static_cast<std::int32_t>(reasons.size());
    reasons.push_back(std::move(reason));
    rows.push_back(row);
  }
  void reset() {
    rows.clear();
    reasons.clear();
    arena.reset();
    chunks = 0;
    spans.clear();
  }
  // Once the rows are all there, before the batch is shared.
  void open_chunks() {
    chunks = (rows.size() + kChunkRows - 1) / kChunkRows;
    if (done_capacity < chunks) {
      done = std::make_unique<std::atomic<bool>[]>(chunks);
      done_capacity = chunks;
    }
    for (std::size_t c = 0; c < chunks; ++c) done[c].store(false, std::memory_order_relaxed);
    claimed.store(0, std::memory_order_relaxed);
  }
  // The next unclaimed chunk, now the caller's to finish; >= chunks when none is left.
  std::size_t claim() { return claimed.fetch_add(1, std::memory_order_relaxed); }
  // Marks the chunk done even when finishing throws, so that nobody waits
  // for it: the committing thread finishes whatever rows are left unfinished.
  void finish_chunk(std::size_t c, ChunkWorker& worker) {
    struct MarkDone {
      std::atomic<bool>& flag;
      ~MarkDone() { flag.store(true, std::memory_order_release); }
    } mark{done[c]};
    const std::size_t end = std::min(rows.size(), (c + 1) * kChunkRows);
    worker.work(*this, c, c * kChunkRows, end);
  }
  // Returns once chunk `c` is finished, finishing unclaimed chunks meanwhile.
  void wait_finished(std::size_t c, ChunkWorker& worker) {
    while (!done[c].load(std::memory_order_acquire)) {
      const std::size_t mine = claim();
      if (mine < chunks) {
        finish_chunk(mine, worker);
      } else {
        std::this_thread::yield();  // the other thread is on it: a chunk is short
      }
    }
  }
};

// Finishes CSV rows (RowFinisher) with the finisher of the thread it belongs to.
class FinishRows : public ChunkWorker {
 public:
  explicit FinishRows(RowFinisher& finisher) : finisher_(finisher) {}
  void work(CsvBatch& batch, std::size_t, std::size_t begin, std::size_t end) override {
    for (std::size_t k = begin; k < end; ++k) finisher_.finish(batch.rows[k]);
  }

 private:
  RowFinisher& finisher_;
};

// Splits a CSV input into batches of prepared rows, a piece at a time: only
// the pieces in flight and the record that straddles a piece end are in
// memory, never the whole file. `emit` takes each full batch and gives back
// an empty one (the same, when it was consumed on the spot).
class CsvParser {
 public:
  using Emit = std::function<void(std::unique_ptr<CsvBatch>&)>;

  CsvParser(const Policy& policy, const FieldSources& sources, char delimiter,
            std::size_t piece_bytes, const std::string& file, const FileContext& ctx)
      : preparer_(policy), sources_(sources), delimiter_(delimiter),
        piece_bytes_(std::max<std::size_t>(piece_bytes, 1)), file_(file), ctx_(ctx) {}

  // Reads `stream`, whose first bytes are already in `batch->bytes`. Sets the
  // mapping and flags of `summary` and `table` from the header before the
  // first batch is emitted, and counts summary.rows_blank (members that the
  // committing thread does not touch).
  void run(ByteStream& stream, std::unique_ptr<CsvBatch>& batch, FileSummary& summary,
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

 private:
  void handle(std::uint64_t line, CsvBatch& batch, std::string_view bytes, FileSummary& summary,
              MessageTable& table) {
    if (!have_header_) {
      if (fields_.size() > CsvReader::kMaxFields) {
        throw input_error(file_ + ": the header has more than " +
                          std::to_string(CsvReader::kMaxFields) + " columns (the most ssla reads)");
      }
      for (std::string_view f : fields_) header_.emplace_back(trim_ascii(f));
      column_ = map_header(sources_, header_, file_);
      for (std::size_t f = 0; f < kFieldCount; ++f) {
        if (column_[f] >= 0) summary.mapping.emplace_back(field_name(static_cast<Field>(f)), header_[column_[f]]);
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
    bool all_empty = true;
    for (std::string_view f : fields_) all_empty = all_empty && f.empty();
    if (all_empty) {
      ++summary.rows_blank;  // Excel padding rows: neither read nor rejected
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

  // Prepares record_, whose values are set, as the batch's next row.
  void prepare(std::uint64_t line, CsvBatch& batch, std::string_view bytes) {
    record_.line = static_cast<std::uint32_t>(line);
    std::string reason = preparer_.prepare(ctx_, record_, batch.rows.append(), &batch.arena,
                                           bytes.data(), bytes.data() + bytes.size());
    if (!reason.empty()) {
      batch.rows.pop_back();
      batch.bad(record_.line, std::move(reason));
    }
  }

  static constexpr std::size_t kLeftoverSlack = 64 << 10;  // bytes
  /// The longest CSV record read (bytes, line breaks in quotes included).
  static constexpr std::size_t kMaxRecordBytes = std::size_t{16} << 20;

  // Reads and drops bytes up to and including the next line feed, into
  // `scratch` (emptied); what follows it stays there. True at end of input.
  static bool skip_line(ByteStream& stream, InputBuffer& scratch) {
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

// A queue of batches between the two threads, at most `limit` long. close()
// ends it (with the producer's error, if any).
class BatchQueue {
 public:
  explicit BatchQueue(std::size_t limit) : limit_(limit) {}

  // False when the queue was cancelled (the consumer gave up). While the
  // queue is full, works on chunks of queued batches with `worker`
  // (newest batch first: the consumer gets to it last) instead of waiting.
  bool push(std::unique_ptr<CsvBatch> batch, ChunkWorker& worker) {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (cancelled_) return false;
      if (queue_.size() < limit_) break;
      CsvBatch* target = nullptr;
      std::size_t chunk = 0;
      // Claimed under the lock: a batch still queued cannot be released
      // before the chunk is marked done.
      for (auto it = queue_.rbegin(); it != queue_.rend() && target == nullptr; ++it) {
        chunk = (*it)->claim();
        if (chunk < (*it)->chunks) target = it->get();
      }
      if (target == nullptr) {
        changed_.wait(lock);
        continue;
      }
      lock.unlock();
      target->finish_chunk(chunk, worker);
      lock.lock();
    }
    queue_.push_back(std::move(batch));
    changed_.notify_all();
    return true;
  }
  // The next batch, or null once the queue is closed and empty.
  std::unique_ptr<CsvBatch> pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || !queue_.empty(); });
    if (queue_.empty()) return nullptr;
    std::unique_ptr<CsvBatch> batch = std::move(queue_.front());
    queue_.pop_front();
    changed_.notify_all();
    return batch;
  }
  void close(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    closed_ = true;
    error_ = std::move(error);
    changed_.notify_all();
  }
  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    changed_.notify_all();
  }
  std::exception_ptr error() {
    std::lock_guard lock(mutex_);
    return error_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<CsvBatch>> queue_;
  std::size_t limit_;
  bool closed_ = false;
  bool cancelled_ = false;
  std::exception_ptr error_;
};

// Batches handed back by the committing thread for reuse (their memory is
// already faulted in).
class BatchPool {
 public:
  std::unique_ptr<CsvBatch> take() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) return std::make_unique<CsvBatch>();
    std::unique_ptr<CsvBatch> batch = std::move(free_.back());
    free_.pop_back();
    return batch;
  }
  void give(std::unique_ptr<CsvBatch> batch) {
    batch->reset();
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(batch));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<CsvBatch>> free_;
};

// Parses, prepares and finishes the JSON records of a chunk, on the thread
// the worker belongs to (its own simdjson parser, preparer and finisher).
class JsonRowWorker : public ChunkWorker {
 public:
  JsonRowWorker(const Policy& policy, const FieldSources& sources, const FileContext& ctx,
                RowFinisher& finisher, bool array, const std::string& file)
      : reader_(sources), preparer_(policy), ctx_(ctx), finisher_(finisher), array_(array),
        file_(file) {}

  void work(CsvBatch& batch, std::size_t chunk, std::size_t begin, std::size_t end) override {
    JsonChunk& state = batch.json_chunks[chunk];
    state.arena.reset();
    state.thread_column = false;
    state.account_column = false;
    state.fatal = SIZE_MAX;
    const char* from = batch.bytes.data();
    const char* to = from + batch.bytes.size();
    for (std::size_t k = begin; k < end; ++k) {
      const JsonSpan& span = batch.spans[k];
      PreparedRow& row = batch.rows[k];
      row.line = span.line;
      auto bad = [&](std::string reason) {
        row.bad = static_cast<std::int32_t>(k);
        batch.reasons[k] = std::move(reason);
      };
      if (span.size == 0) {
        bad((array_ ? "array element longer than " : "line longer than ") +
            std::to_string(kMaxJsonRecordBytes >> 20) + " MiB");
        continue;
      }
      record_.line = span.line;
      const auto outcome = reader_.read(std::string_view(from + span.begin, span.size), record_);
      if (outcome == JsonObjectReader::Outcome::kNotObject) {
        bad(array_ ? "array element is not an object" : "line is not a JSON object");
        continue;
      }
      if (outcome == JsonObjectReader::Outcome::kInvalid) {
        if (array_) {  // the whole input is invalid: fatal once the rows before are committed
          if (state.fatal == SIZE_MAX) {
            state.fatal = k;
            state.fatal_message = file_ + ": not a valid JSON array of objects: " + reader_.problem();
          }
          bad("");
        } else {
          bad("invalid JSON: " + reader_.problem());
        }
        continue;
      }
      state.thread_column = state.thread_column || record_.mapped[kFieldThreadId];
      state.account_column = state.account_column || record_.mapped[kFieldAccount];
      std::string reason = preparer_.prepare(ctx_, record_, row, &state.arena, from, to);
      if (!reason.empty()) {
        bad(std::move(reason));
        continue;
      }
      if (row.tag_list != nullptr) {  // the record's list lives until its next record: copy it
        std::vector<std::string_view>& list = batch.tag_lists[k];
        list.clear();
        for (std::string_view t : record_.tags) {
          list.push_back(t.empty() || (t.data() >= from && t.data() < to) ? t : state.arena.keep(t));
        }
        row.tag_list = &list;
      }
      finisher_.finish(row);
    }
  }

 private:
  JsonObjectReader reader_;
  RowPreparer preparer_;
  const FileContext& ctx_;
  RowFinisher& finisher_;
  bool array_;
  const std::string& file_;
  RawRecord record_;
};

// Splits a JSON input (NDJSON lines, or the elements of one array) into
// batches of records, a piece at a time, like CsvParser: only the pieces in
// flight and the record that straddles a piece end are in memory. The
// records are parsed by the chunks' workers (JsonRowWorker). A record longer
// than kMaxJsonRecordBytes is dropped as it is read and becomes a bad row.
class JsonParser {
 public:
  using Emit = std::function<void(std::unique_ptr<CsvBatch>&)>;

  JsonParser(bool array, std::size_t piece_bytes, const std::string& file)
      : array_(array), piece_bytes_(std::max<std::size_t>(piece_bytes, 1)), file_(file) {}

  // Reads `stream`, whose first bytes are already in `batch->bytes`.
  void run(ByteStream& stream, std::unique_ptr<CsvBatch>& batch, const Emit& emit,
           const std::atomic<bool>& stop) {
    std::size_t want = piece_bytes_;
    bool eof = false;
    for (;;) {
      if (stop.load(std::memory_order_relaxed)) return;
      InputBuffer& input = batch->bytes;
      while (!eof && input.size() < want) {
        if (stream.read_into(input, want - input.size()) == 0) eof = true;
      }
      batch->bytes_at = stream.bytes_read() - input.size();
      const std::size_t keep = array_ ? split_array(*batch, eof) : split_lines(*batch, eof);
      if (eof) {
        close(*batch);
        emit(batch);
        return;
      }
      if (batch->spans.empty()) {
        // No record ended in this piece: read on into the same buffer.
        input.consume(keep);
        want = input.size() + piece_bytes_;
        continue;
      }
      leftover_.assign(input.view().substr(keep));
      close(*batch);
      emit(batch);
      // As in CsvParser: drop the returned batch's bytes before making room.
      want = leftover_.size() + piece_bytes_;
      batch->bytes.consume(batch->bytes.size());
      batch->bytes.reserve(std::max(want, piece_bytes_ + kLeftoverSlack));
      batch->bytes.append(leftover_.data(), leftover_.size());
    }
  }

 private:
  static constexpr std::size_t kLeftoverSlack = 64 << 10;  // bytes

  void add(CsvBatch& batch, std::size_t begin, std::size_t size, std::uint64_t line) {
    JsonSpan span;
    span.line = static_cast<std::uint32_t>(line);
    if (size <= kMaxJsonRecordBytes) {
      span.begin = static_cast<std::uint32_t>(begin);
      span.size = static_cast<std::uint32_t>(size);
    }
    batch.spans.push_back(span);
  }

  // The rows, reasons and chunk states of the spans found, before the batch is shared.
  static void close(CsvBatch& batch) {
    const std::size_t n = batch.spans.size();
    batch.rows.resize(n);
    batch.reasons.clear();
    batch.reasons.resize(n);
    if (batch.tag_lists.size() < n) batch.tag_lists.resize(n);
    const std::size_t chunks = (n + CsvBatch::kChunkRows - 1) / CsvBatch::kChunkRows;
    if (batch.json_chunks.size() < chunks) batch.json_chunks.resize(chunks);
  }

  // Adds the complete lines of the batch's bytes as spans; returns how many
  // leading bytes the next piece does not need.
  std::size_t split_lines(CsvBatch& batch, bool eof) {
    const std::string_view view = batch.bytes.view();
    const char* d = view.data();
    const std::size_t n = view.size();
    std::size_t p = 0;  // start of the current line
    for (;;) {
      if (skipping_) {  // the rest of a line too long to keep
        const void* nl = std::memchr(d + p, '\n', n - p);
        if (nl == nullptr) return n;
        p = static_cast<std::size_t>(static_cast<const char*>(nl) - d) + 1;
        skipping_ = false;
        ++line_;
        continue;
      }
      const std::size_t from = std::max(p, searched_);
      const void* nl = from < n ? std::memchr(d + from, '\n', n - from) : nullptr;
      if (nl == nullptr) {
        if (eof) {
          line(batch, d, p, n);
          searched_ = 0;
          return n;
        }
        if (n - p > kMaxJsonRecordBytes) {
          add(batch, 0, n - p, line_);  // too long: a bad row, and its bytes go
          skipping_ = true;
          searched_ = 0;
          return n;
        }
        searched_ = n - p;  // relative to the kept bytes
        return p;
      }
      const std::size_t e = static_cast<std::size_t>(static_cast<const char*>(nl) - d);
      line(batch, d, p, e);
      ++line_;
      p = e + 1;
      searched_ = 0;
    }
  }

  // Adds the line [p, e) unless it is blank.
  void line(CsvBatch& batch, const char* d, std::size_t p, std::size_t e) {
    if (e - p > kMaxJsonRecordBytes) {
      add(batch, 0, e - p, line_);
      return;
    }
    std::size_t b = p;
    while (b < e && (d[b] == ' ' || d[b] == '\t' || d[b] == '\r')) ++b;
    if (b == e) return;  // blank lines are ignored
    if (line_ == 1 && e - b >= 3 && std::memcmp(d + b, "\xEF\xBB\xBF", 3) == 0) b += 3;
    add(batch, b, e - b, line_);
  }

  // Adds the complete elements of the array as spans; returns how many
  // leading bytes the next piece does not need.
  std::size_t split_array(CsvBatch& batch, bool eof) {
    const std::string_view view = batch.bytes.view();
    for (;;) {
      std::size_t begin = 0;
      std::size_t end = 0;
      const JsonArraySplitter::Step step = splitter_.next(view, eof, file_, begin, end);
      if (step == JsonArraySplitter::Step::kElement) {
        ++element_;
        add(batch, begin, begin == end ? kMaxJsonRecordBytes + 1 : end - begin, element_);
        continue;
      }
      if (step == JsonArraySplitter::Step::kEnd) return view.size();
      std::size_t keep = splitter_.skipping() ? view.size() : splitter_.keep_from();
      if (!splitter_.skipping() && view.size() - keep > kMaxJsonRecordBytes) {
        splitter_.skip_element();
        keep = view.size();
      }
      splitter_.dropped(keep);
      return keep;
    }
  }

  bool array_;
  std::size_t piece_bytes_;
  const std::string& file_;
  std::string leftover_;
  // NDJSON
  std::uint64_t line_ = 1;      // of the line that starts the kept bytes
  std::size_t searched_ = 0;    // bytes of the kept line already searched for a line feed
  bool skipping_ = false;       // dropping the rest of a line too long to keep
  // JSON array
  JsonArraySplitter splitter_;
  std::uint64_t element_ = 0;
};

// Reads one input a piece at a time: `run` splits it into batches (CsvParser,
// JsonParser) on this thread and the batches are committed in order as they
// arrive (threads == 1), or it runs on a second thread while this one
// commits (threads >= 2); `worker` makes a chunk worker for the splitting
// thread. Both give the same table, counters and messages.
using RunParser = std::function<void(std::unique_ptr<CsvBatch>&, const CsvParser::Emit&,
                                     const std::atomic<bool>&)>;
void read_in_pieces(InputBuffer& head, const ReadOptions& options, const RunParser& run,
                    const std::function<std::unique_ptr<ChunkWorker>()>& worker,
                    const std::function<void(CsvBatch&)>& commit) {
  auto first = std::make_unique<CsvBatch>();
  first->bytes = std::move(head);
  std::atomic<bool> stop{false};
  if (options.threads < 2) {
    const CsvParser::Emit emit = [&](std::unique_ptr<CsvBatch>& batch) {
      batch->open_chunks();
      commit(*batch);
      batch->reset();
    };
    run(first, emit, stop);
    return;
  }

  // A few pieces in flight absorb the moments when one side stalls.
  BatchQueue queue(4);
  BatchPool pool;
  std::thread parsing([&] {
    std::exception_ptr error;
    try {
      const std::unique_ptr<ChunkWorker> mine = worker();
      const CsvParser::Emit emit = [&](std::unique_ptr<CsvBatch>& batch) {
        batch->open_chunks();
        std::unique_ptr<CsvBatch> next = pool.take();
        if (!queue.push(std::move(batch), *mine)) stop = true;
        batch = std::move(next);
      };
      run(first, emit, stop);
    } catch (...) {
      error = std::current_exception();
    }
    queue.close(error);
  });
  // Outside the try: the parsing thread may still be finishing a chunk of
  // the batch being committed when a commit throws, so it goes after the join.
  std::unique_ptr<CsvBatch> batch;
  try {
    while ((batch = queue.pop())) {
      commit(*batch);
      pool.give(std::move(batch));
    }
  } catch (...) {
    stop = true;
    queue.cancel();
    parsing.join();
    throw;
  }
  parsing.join();
  if (std::exception_ptr error = queue.error()) std::rethrow_exception(error);
}

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
    static_assert(kAhead <= CsvBatch::kChunkRows);
    auto commit = [&](CsvBatch& batch) {
      const std::size_t n = batch.rows.size();
      if (n == 0) return;
      batch.wait_finished(0, *committing);
      for (std::size_t k = 0; k < std::min(n, kAhead); ++k) normalizer.prefetch(batch.rows[k]);
      const InputSpan span = span_of(batch.bytes, batch.bytes_at);
      for (std::size_t c = 0; c < batch.chunks; ++c) {
        if (c + 1 < batch.chunks) batch.wait_finished(c + 1, *committing);
        std::size_t end = std::min(n, (c + 1) * CsvBatch::kChunkRows);
        const JsonChunk* json = batch.spans.empty() ? nullptr : &batch.json_chunks[c];
        if (json != nullptr) {
          table.has_thread_column = table.has_thread_column || json->thread_column;
          table.has_account_column = table.has_account_column || json->account_column;
          end = std::min(end, json->fatal);
        }
        for (std::size_t k = c * CsvBatch::kChunkRows; k < end; ++k) {
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
      const RunParser run = [&](std::unique_ptr<CsvBatch>& batch, const CsvParser::Emit& emit,
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
      const RunParser run = [&](std::unique_ptr<CsvBatch>& batch, const CsvParser::Emit& emit,
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
