// A growable array of trivially copyable records for the per-message tables.
//
// Why not std::vector: growing a vector allocates the new block and copies
// into it while the old one is alive, so a table of N records briefly needs
// about 2.5 N records of resident memory, and the copy touches every page
// again. PodVector keeps blocks of 1 MiB and more in their own memory
// mappings and grows them with mremap(), which moves page mappings without
// copying and without ever holding two copies; untouched capacity costs
// address space only. They are not offered for transparent huge pages: on
// the project's machine the kernel then compacts and zeroes 2 MiB pages on
// first touch, which made a 10 M-message report 20 % slower and its time
// vary twice as much (docs/performance.md).
#ifndef SSLA_POD_VECTOR_H_
#define SSLA_POD_VECTOR_H_

#include <cstddef>
#include <cstring>
#include <type_traits>
#include <utility>

namespace ssla {

/// Blocks of at least this many bytes are memory mappings of their own.
inline constexpr std::size_t kMappedBytes = std::size_t{1} << 20;

/// Resizes a block of `old_bytes` (0 for none) to `new_bytes`, keeping the
/// first `keep_bytes`: malloc'ed below kMappedBytes, mapped at or above it.
/// See keep_freed_tables() for the reuse of freed mappings.
/// With `filled` (the caller writes the whole block at once), a new mapping
/// has its pages faulted in by the kernel in one go rather than one page
/// fault at a time. Returns the new block (nullptr for new_bytes == 0);
/// throws std::bad_alloc.
void* resize_block(void* p, std::size_t old_bytes, std::size_t new_bytes, std::size_t keep_bytes,
                   bool filled = false);

/// From now on, resize_block() keeps the pages of freed mapped blocks for
/// the next blocks instead of unmapping them (until new pages are needed:
/// then as many cached bytes go back first). For the hand-over from a
/// stage's tables to the next stage's, which must allocate its large
/// tables as PodVectors (other allocations would not make room).
void keep_freed_tables();

/// Ends keep_freed_tables(): gives the kept pages back to the kernel.
void release_freed_tables();

/// With `on`, mappings of 16 MiB and more are given back to the kernel by
/// this thread and a short-lived second one, each freeing half of the pages
/// (a run's largest tables, at its end and between stages). Off by default;
/// for runs allowed two threads.
void give_back_on_two_threads(bool on);

/// Has the kernel fault in the pages of [p, p + bytes) of a mapped block in
/// one go (MADV_POPULATE_WRITE), rounded out to whole pages; a kernel
/// without it leaves them to be faulted in one at a time as before.
void populate_block(void* p, std::size_t bytes);

/// Contiguous array of T (trivially copyable). Owns its block; elements added
/// by push_back()/resize() are value-initialized or copied in. Pointers into
/// it are invalidated by growth, as with std::vector.
template <typename T>
class PodVector {
  static_assert(std::is_trivially_copyable_v<T>, "PodVector holds trivially copyable records");

 public:
  PodVector() = default;
  PodVector(const PodVector& other) { *this = other; }
  PodVector(PodVector&& other) noexcept { swap(other); }
  PodVector& operator=(const PodVector& other) {
    if (this != &other) {
      clear();
      reserve(other.size_);
      if (other.size_ > 0) std::memcpy(data_, other.data_, other.size_ * sizeof(T));
      size_ = other.size_;
    }
    return *this;
  }
  PodVector& operator=(PodVector&& other) noexcept {
    PodVector(std::move(other)).swap(*this);
    return *this;
  }
  ~PodVector() { resize_block(data_, capacity_ * sizeof(T), 0, 0); }

  void swap(PodVector& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
    std::swap(populated_, other.populated_);
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  T& front() { return data_[0]; }
  const T& front() const { return data_[0]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }

  void push_back(const T& value) {
    if (size_ >= populated_) make_room(size_ + 1);
    data_[size_++] = value;
  }
  /// Appends the records of `other` (which must not be *this) and empties
  /// it, returning its memory a piece at a time as the records are copied
  /// (last piece first): the records never exist twice, beyond one piece.
  void take_append(PodVector& other) {
    const std::size_t n = other.size_;
    if (n == 0) return;
    reserve(size_ + n);
    const std::size_t piece = kMappedBytes / sizeof(T) + 1;
    for (std::size_t left = n; left > 0;) {
      const std::size_t from = left > piece ? left - piece : 0;
      std::memcpy(data_ + size_ + from, other.data_ + from, (left - from) * sizeof(T));
      left = from;
      other.size_ = left;
      other.shrink_to_fit();
    }
    size_ += n;
  }
  /// Makes room for `n` records without changing size().
  void reserve(std::size_t n) {
    if (n > capacity_) reallocate(n);
  }
  /// Grows (new records are T{}) or shrinks to `n` records.
  void resize(std::size_t n, const T& value = T{}) {
    const std::size_t old = size_;
    if (n > populated_) make_room(n);
    resize_for_overwrite(n);
    for (std::size_t i = old; i < n; ++i) data_[i] = value;
  }
  /// Sets the size to `n` without writing the records: for a table the
  /// caller fills completely before reading any of it.
  void resize_for_overwrite(std::size_t n) {
    if (n > capacity_) {
      if (capacity_ == 0) {
        reallocate(n, true);  // a new table filled at once: exactly n, every page written
      } else {
        grow(n);
      }
    }
    size_ = n;
  }
  /// Sets the size to `n`, every record to `value`.
  void assign(std::size_t n, const T& value) {
    size_ = 0;
    resize(n, value);
  }
  /// Drops every record and returns the memory.
  void clear() {
    resize_block(data_, capacity_ * sizeof(T), 0, 0);
    data_ = nullptr;
    size_ = capacity_ = populated_ = 0;
  }
  /// Returns unused capacity to the allocator.
  void shrink_to_fit() {
    if (size_ == 0) {
      clear();
    } else if (capacity_ > size_) {
      reallocate(size_);
    }
  }

 private:
  // A growing mapped table's pages are faulted in a quarter MiB ahead of
  // its records in one call, instead of one trap per page as records reach
  // them (a third of a page fault's cost in a VM). A quarter MiB, not more:
  // the call holds the address space's lock, which the other thread's
  // mremap() then waits for (1 MiB made NDJSON reads slower).
  static constexpr std::size_t kAheadRecords = (kMappedBytes / 4) / sizeof(T) + 1;
  // Room for `need` records; for a mapped block, pages populated up to
  // `need` records and kAheadRecords more, as far as the capacity goes.
  void make_room(std::size_t need) {
    if (need > capacity_) grow(need);
    if (capacity_ * sizeof(T) < kMappedBytes) {
      populated_ = capacity_;  // malloc'ed: the allocator's pages
      return;
    }
    const std::size_t from = populated_ > size_ ? populated_ : size_;
    std::size_t to = need + kAheadRecords;
    if (to > capacity_) to = capacity_;
    if (to > from) populate_block(data_ + from, (to - from) * sizeof(T));
    populated_ = to;
  }
  void grow(std::size_t need) {
    std::size_t cap = capacity_ < 16 ? 16 : capacity_ + capacity_ / 2;
    if (cap < need) cap = need;
    reallocate(cap);
  }
  void reallocate(std::size_t cap, bool filled = false) {
    data_ = static_cast<T*>(
        resize_block(data_, capacity_ * sizeof(T), cap * sizeof(T), size_ * sizeof(T), filled));
    capacity_ = cap;
    // The records kept are resident; what lies past them may not be.
    populated_ = filled ? cap : (size_ < cap ? size_ : cap);
  }

  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  std::size_t populated_ = 0;  // records [0, populated_) have their pages faulted in
};

}  // namespace ssla

#endif  // SSLA_POD_VECTOR_H_
