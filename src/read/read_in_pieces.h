// Private to the read stage: a piece of one input with its rows, and how
// two threads pass pieces along (read_in_pieces()): one thread splits the
// input into batches (csv_batches, json_batches), the other commits them in
// order, and either finishes chunks of rows while it would otherwise wait.
#ifndef SSLA_READ_IN_PIECES_H_
#define SSLA_READ_IN_PIECES_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ssla/read/byte_source.h"
#include "ssla/read/normalize.h"
#include "ssla/read/read.h"

namespace ssla::read_detail {

/// The prepared rows of a batch. Batches are reused, and so are their rows:
/// append() hands back a slot as the last piece left it, which prepare()
/// then fills (every field a good row is read for, `finished` included),
/// instead of zeroing 216 bytes per row first.
class PreparedRows {
 public:
  std::size_t size() const { return size_; }
  PreparedRow& operator[](std::size_t k) { return slots_[k]; }
  PreparedRow& append() {
    if (size_ == slots_.size()) slots_.emplace_back();
    return slots_[size_++];
  }
  void push_back(const PreparedRow& row) { append() = row; }
  /// n rows, each as the last batch left it (the JSON workers fill them).
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

struct Batch;

/// What a thread does to a chunk of a batch's rows before they can be
/// committed, on whichever thread claims the chunk: finish CSV rows
/// (FinishRows); parse, prepare and finish JSON records (JsonRowWorker).
/// Each thread has its own.
class ChunkWorker {
 public:
  virtual ~ChunkWorker() = default;
  /// Works on rows [begin, end) of `batch`, its chunk number `chunk`.
  virtual void work(Batch& batch, std::size_t chunk, std::size_t begin, std::size_t end) = 0;
};

/// Where a JSON record is in its batch's bytes. size 0: a record longer than
/// kMaxJsonRecordBytes, whose bytes were dropped.
struct JsonSpan {
  std::uint32_t begin = 0;
  std::uint32_t size = 0;
  std::uint32_t line = 0;  // NDJSON line, or array element number
};

/// What the worker of one chunk of JSON records leaves for the committing thread.
struct JsonChunk {
  RowArena arena;                // unescaped strings of the chunk's rows
  bool thread_column = false;    // some record of the chunk has a thread id
  bool account_column = false;   // some record of the chunk has an account
  std::size_t fatal = SIZE_MAX;  // the first row that makes the input invalid, if any
  std::string fatal_message;
};

/// One piece of an input with its records prepared: what the parsing thread
/// hands to the committing thread. Owns the bytes the rows' views point into.
/// Its rows are worked on (ChunkWorker) in chunks, by whichever thread claims
/// a chunk first: the committing thread as it goes, and the parsing thread
/// instead of waiting when the queue is full. CSV rows are prepared by the
/// parsing thread and finished in chunks; JSON records are only found by the
/// parsing thread (spans) and parsed in chunks, the costly part of JSON.
struct Batch {
  /// Rows per chunk: the unit of work either thread claims.
  static constexpr std::size_t kChunkRows = 256;

  InputBuffer bytes;
  std::uint64_t bytes_at = 0;  // offset of bytes[0] in the input (after decompression)
  PreparedRows rows;
  std::vector<std::string> reasons;           // of the bad rows, by PreparedRow::bad
  RowArena arena;                             // copies the rows need beyond bytes
  std::size_t chunks = 0;                     // of kChunkRows rows; set by open_chunks()
  std::atomic<std::size_t> claimed{0};        // chunks handed out so far
  std::unique_ptr<std::atomic<bool>[]> done;  // per chunk: finished
  std::size_t done_capacity = 0;
  /// JSON only: the records, and per chunk what its worker found. A bad
  /// row's reason is reasons[its index]; a record that lists its tags gets
  /// the list (views kept) in tag_lists[its index].
  std::vector<JsonSpan> spans;
  std::vector<JsonChunk> json_chunks;
  std::vector<std::vector<std::string_view>> tag_lists;

  /// Adds a bad row: its line and why it was not read.
  void bad(std::uint32_t line, std::string reason) {
    PreparedRow row;
    row.line = line;
    row.bad = static_cast<std::int32_t>(reasons.size());
    reasons.push_back(std::move(reason));
    rows.push_back(row);
  }
  /// Empties the batch for reuse; its memory stays (faulted in already).
  void reset() {
    rows.clear();
    reasons.clear();
    arena.reset();
    chunks = 0;
    spans.clear();
  }
  /// Once the rows are all there, before the batch is shared.
  void open_chunks() {
    chunks = (rows.size() + kChunkRows - 1) / kChunkRows;
    if (done_capacity < chunks) {
      done = std::make_unique<std::atomic<bool>[]>(chunks);
      done_capacity = chunks;
    }
    for (std::size_t c = 0; c < chunks; ++c) done[c].store(false, std::memory_order_relaxed);
    claimed.store(0, std::memory_order_relaxed);
  }
  /// The next unclaimed chunk, now the caller's to finish; >= chunks when none is left.
  std::size_t claim() { return claimed.fetch_add(1, std::memory_order_relaxed); }
  /// Marks the chunk done even when finishing throws, so that nobody waits
  /// for it: the committing thread finishes whatever rows are left unfinished.
  void finish_chunk(std::size_t c, ChunkWorker& worker) {
    struct MarkDone {
      std::atomic<bool>& flag;
      ~MarkDone() { flag.store(true, std::memory_order_release); }
    } mark{done[c]};
    const std::size_t end = std::min(rows.size(), (c + 1) * kChunkRows);
    worker.work(*this, c, c * kChunkRows, end);
  }
  /// Returns once chunk `c` is finished, finishing unclaimed chunks meanwhile.
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

/// Takes each full batch from a splitter and gives back an empty one (the
/// same, when it was consumed on the spot).
using Emit = std::function<void(std::unique_ptr<Batch>&)>;

/// Splits one input into batches: the first batch (holding the input's first
/// bytes), where to emit them, and a flag that asks it to stop early.
using RunParser =
    std::function<void(std::unique_ptr<Batch>&, const Emit&, const std::atomic<bool>&)>;

/// Reads one input a piece at a time: `run` splits it into batches (CsvParser,
/// JsonParser) on this thread and the batches are committed in order as they
/// arrive (threads == 1), or it runs on a second thread while this one
/// commits (threads >= 2); `worker` makes a chunk worker for the splitting
/// thread. Both give the same table, counters and messages. `head` holds the
/// input's first bytes and is moved from. Rethrows the splitter's or the
/// commit's exception after both threads stopped.
void read_in_pieces(InputBuffer& head, const ReadOptions& options, const RunParser& run,
                    const std::function<std::unique_ptr<ChunkWorker>()>& worker,
                    const std::function<void(Batch&)>& commit);

}  // namespace ssla::read_detail

#endif  // SSLA_READ_IN_PIECES_H_
