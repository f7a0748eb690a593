#include "ssla/base/pod_vector.h"

#include <sys/mman.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <utility>

namespace ssla {

namespace {

constexpr std::size_t kPage = 4096;

std::size_t page_round(std::size_t bytes) { return (bytes + kPage - 1) & ~(kPage - 1); }

// Mappings this large go back to the kernel by two threads when asked
// (give_back_on_two_threads()): freeing pages costs about 80 µs a MiB on
// the project's machine, one thread at a time, and most of it is done at
// the end of a run or between stages, while the other core waits.
constexpr std::size_t kTwoThreadUnmapFrom = std::size_t{16} << 20;
std::atomic<bool> two_thread_unmap{false};

// Unmaps [p, p + bytes) (page-aligned). A large mapping's pages are freed
// in halves, one by a second thread, before the mapping goes (the kernel
// frees pages of one process on two cores at once under its read lock).
void unmap_block(void* p, std::size_t bytes) {
  if (bytes >= kTwoThreadUnmapFrom && two_thread_unmap.load(std::memory_order_relaxed)) {
    char* const c = static_cast<char*>(p);
    const std::size_t half = page_round(bytes / 2);
    try {
      std::thread second([c, half, bytes] { madvise(c + half, bytes - half, MADV_DONTNEED); });
      madvise(c, half, MADV_DONTNEED);
      second.join();
    } catch (const std::system_error&) {
      // No second thread: munmap() frees every page itself.
    }
  }
  munmap(p, bytes);
}

void* map_block(std::size_t bytes, bool filled) {
  const int populate = filled ? MAP_POPULATE : 0;
  void* p = mmap(nullptr, page_round(bytes), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | populate, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  return p;
}

// Freed mappings, kept for the tables of the next stage. The kernel hands
// out every new page zeroed, one fault at a time: on the project's machine
// that is 2 to 3 µs a page, and a stage's tables (a conversation pass
// writes 200 MB at 10 M messages) then cost more in faults than in work.
// Reusing the pages of the tables the previous stage freed costs nothing.
//
// Only between keep_freed_tables() and release_freed_tables(). Cached
// pages stay resident, so that the peak cannot rise: before new pages are
// mapped or a mapping grows, as many cached bytes are given back (and all
// of them when fewer are cached), and the stage that keeps them allocates
// its large tables as PodVectors only.
class MappingCache {
 public:
  // A cached block of exactly `bytes` (page-rounded, >= kMappedBytes), the
  // head of the smallest block that holds it; nullptr when none does.
  void* take(std::size_t bytes) {
    std::lock_guard lock(mutex_);
    const std::size_t i = smallest_holding(bytes);
    if (i == count_) return nullptr;
    Block& b = blocks_[i];
    char* p = b.p;
    const std::size_t rest = b.bytes - bytes;
    if (rest >= kMappedBytes) {  // the tail stays cached
      b.p += bytes;
      b.bytes = rest;
    } else {
      if (rest > 0) unmap_block(p + bytes, rest);
      remove(i);
    }
    return p;
  }

  // The largest cached block, now the caller's; {nullptr, 0} when none.
  std::pair<void*, std::size_t> take_largest() {
    std::lock_guard lock(mutex_);
    if (count_ == 0) return {nullptr, 0};
    std::size_t largest = 0;
    for (std::size_t i = 1; i < count_; ++i) {
      if (blocks_[i].bytes > blocks_[largest].bytes) largest = i;
    }
    const Block b = blocks_[largest];
    remove(largest);
    return {b.p, b.bytes};
  }

  // Keeps a freed mapping of `bytes` (page-rounded); unmaps it when not
  // keeping or when the cache is full.
  void give(void* p, std::size_t bytes) {
    std::lock_guard lock(mutex_);
    if (!keeping_ || count_ == kBlocks) {
      unmap_block(p, bytes);
      return;
    }
    blocks_[count_++] = Block{static_cast<char*>(p), bytes};
  }

  void keep(bool on) {
    std::lock_guard lock(mutex_);
    keeping_ = on;
  }

  // Unmaps cached blocks holding at least `bytes`: the smallest block that
  // does, or else all of them.
  void release(std::size_t bytes) {
    std::lock_guard lock(mutex_);
    if (const std::size_t i = smallest_holding(bytes); i < count_) {
      unmap_block(blocks_[i].p, blocks_[i].bytes);
      remove(i);
      return;
    }
    for (std::size_t i = 0; i < count_; ++i) unmap_block(blocks_[i].p, blocks_[i].bytes);
    count_ = 0;
  }

 private:
  struct Block {
    char* p;
    std::size_t bytes;
  };
  // The index of the smallest block of at least `bytes`; count_ when none.
  std::size_t smallest_holding(std::size_t bytes) const {
    std::size_t best = count_;
    for (std::size_t i = 0; i < count_; ++i) {
      if (blocks_[i].bytes >= bytes && (best == count_ || blocks_[i].bytes < blocks_[best].bytes)) {
        best = i;
      }
    }
    return best;
  }
  // Forgets block i (the last one takes its place).
  void remove(std::size_t i) { blocks_[i] = blocks_[--count_]; }

  static constexpr std::size_t kBlocks = 16;
  std::mutex mutex_;
  Block blocks_[kBlocks] = {};
  std::size_t count_ = 0;
  bool keeping_ = false;
};

// Never destroyed: tables may be freed during static destruction.
MappingCache& mapping_cache() {
  static MappingCache* cache = new MappingCache;
  return *cache;
}

// A new mapping of `bytes`: cached pages when a freed block holds it; else
// the largest freed block grown by the kernel (its pages reused, the rest
// new); else new pages. New pages come after as many cached bytes are
// given back.
void* new_mapping(std::size_t bytes, bool filled) {
  MappingCache& cache = mapping_cache();
  const std::size_t want = page_round(bytes);
  if (void* p = cache.take(want)) return p;
#if !defined(__SANITIZE_THREAD__)  // see resize_block: no mremap under it
  if (auto [p, have] = cache.take_largest(); p != nullptr) {
    cache.release(want - have);
    void* q = mremap(p, have, want, MREMAP_MAYMOVE);
    if (q == MAP_FAILED) {
      munmap(p, have);
      throw std::bad_alloc();
    }
    return q;
  }
#endif
  cache.release(want);
  return map_block(bytes, filled);
}

}  // namespace

void populate_block(void* p, std::size_t bytes) {
#if defined(MADV_POPULATE_WRITE)
  // EINVAL from a kernel before 5.14 leaves the pages to their faults.
  const std::uintptr_t at = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t begin = at & ~std::uintptr_t{kPage - 1};
  madvise(reinterpret_cast<void*>(begin), page_round(at + bytes) - begin, MADV_POPULATE_WRITE);
#else
  (void)p;
  (void)bytes;
#endif
}

void keep_freed_tables() { mapping_cache().keep(true); }

void give_back_on_two_threads(bool on) {
  two_thread_unmap.store(on, std::memory_order_relaxed);
}

void release_freed_tables() {
  mapping_cache().keep(false);
  mapping_cache().release(~std::size_t{0});
}

void* resize_block(void* p, std::size_t old_bytes, std::size_t new_bytes, std::size_t keep_bytes,
                   bool filled) {
  const bool was_mapped = p != nullptr && old_bytes >= kMappedBytes;
  const bool mapped = new_bytes >= kMappedBytes;
  if (new_bytes == 0) {
    if (was_mapped) {
      mapping_cache().give(p, page_round(old_bytes));
    } else {
      std::free(p);
    }
    return nullptr;
  }
#if defined(__SANITIZE_THREAD__)
  // ThreadSanitizer does not see mremap() move pages: a mapping another
  // thread later gets at the old address would look written by this one.
  // Under it, a grown or shrunk mapping is a new one (map, copy, unmap).
  constexpr bool kRemap = false;
#else
  constexpr bool kRemap = true;
#endif
  if (was_mapped && mapped && kRemap) {
    if (page_round(new_bytes) > page_round(old_bytes)) {
      // Growing: into cached pages when a freed block holds the new size
      // (copying costs less than faulting in the new part), else in place
      // or moved by the kernel, after as many cached bytes are given back.
      MappingCache& cache = mapping_cache();
      if (void* q = cache.take(page_round(new_bytes))) {
        std::memcpy(q, p, keep_bytes);
        cache.give(p, page_round(old_bytes));
        return q;
      }
      cache.release(page_round(new_bytes) - page_round(old_bytes));
    }
    void* q = mremap(p, page_round(old_bytes), page_round(new_bytes), MREMAP_MAYMOVE);
    if (q == MAP_FAILED) throw std::bad_alloc();
    return q;
  }
  if (!was_mapped && !mapped) {
    void* q = std::realloc(p, new_bytes);
    if (q == nullptr) throw std::bad_alloc();
    return q;
  }
  // Crossing the threshold (rare), or no mremap: a new block, then the old one goes.
  void* q = mapped ? new_mapping(new_bytes, filled) : std::malloc(new_bytes);
  if (q == nullptr) throw std::bad_alloc();
  if (keep_bytes > 0) std::memcpy(q, p, keep_bytes);
  resize_block(p, old_bytes, 0, 0);
  return q;
}

}  // namespace ssla
