// Two threads passing pieces of one input: the splitting thread fills
// batches, the committing thread takes them in order (read_in_pieces.h).
#include "read_in_pieces.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>

namespace ssla::read_detail {

namespace {

// A queue of batches between the two threads, at most `limit` long. close()
// ends it (with the producer's error, if any).
class BatchQueue {
 public:
  explicit BatchQueue(std::size_t limit) : limit_(limit) {}

  // False when the queue was cancelled (the consumer gave up). While the
  // queue is full, works on chunks of queued batches with `worker`
  // (newest batch first: the consumer gets to it last) instead of waiting.
  bool push(std::unique_ptr<Batch> batch, ChunkWorker& worker) {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (cancelled_) return false;
      if (queue_.size() < limit_) break;
      Batch* target = nullptr;
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
  std::unique_ptr<Batch> pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || !queue_.empty(); });
    if (queue_.empty()) return nullptr;
    std::unique_ptr<Batch> batch = std::move(queue_.front());
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
  std::deque<std::unique_ptr<Batch>> queue_;
  std::size_t limit_;
  bool closed_ = false;
  bool cancelled_ = false;
  std::exception_ptr error_;
};

// Batches handed back by the committing thread for reuse (their memory is
// already faulted in).
class BatchPool {
 public:
  std::unique_ptr<Batch> take() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) return std::make_unique<Batch>();
    std::unique_ptr<Batch> batch = std::move(free_.back());
    free_.pop_back();
    return batch;
  }
  void give(std::unique_ptr<Batch> batch) {
    batch->reset();
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(batch));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<Batch>> free_;
};

}  // namespace

void read_in_pieces(InputBuffer& head, const ReadOptions& options, const RunParser& run,
                    const std::function<std::unique_ptr<ChunkWorker>()>& worker,
                    const std::function<void(Batch&)>& commit) {
  auto first = std::make_unique<Batch>();
  first->bytes = std::move(head);
  std::atomic<bool> stop{false};
  if (options.threads < 2) {
    const Emit emit = [&](std::unique_ptr<Batch>& batch) {
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
      const Emit emit = [&](std::unique_ptr<Batch>& batch) {
        batch->open_chunks();
        std::unique_ptr<Batch> next = pool.take();
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
  std::unique_ptr<Batch> batch;
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

}  // namespace ssla::read_detail
