// A growable array of trivially copyable records for the per-message tables.
//
// Why not std::vector: growing a vector allocates the new block and copies
// into it while the old one is alive, so a table of N records briefly needs
// about 2.5 N records of resident memory, and the copy touches every page
// again. PodVector grows with realloc(); glibc serves large blocks with mmap
// and grows them with mremap, which moves page mappings without copying and
// without ever holding two copies. Large blocks are also offered to the
// kernel for transparent huge pages, which cuts the page faults of a
// multi-gigabyte run by a large factor.
#ifndef SSLA_POD_VECTOR_H_
#define SSLA_POD_VECTOR_H_

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace ssla {

/// Asks the kernel for transparent huge pages over [p, p + bytes) when the
/// block is large enough to profit; harmless where unsupported.
void advise_huge_pages(void* p, std::size_t bytes);

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
  ~PodVector() { std::free(data_); }

  void swap(PodVector& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
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
    if (size_ == capacity_) grow(size_ + 1);
    data_[size_++] = value;
  }
  /// Makes room for `n` records without changing size().
  void reserve(std::size_t n) {
    if (n > capacity_) reallocate(n);
  }
  /// Grows (new records are T{}) or shrinks to `n` records.
  void resize(std::size_t n, const T& value = T{}) {
    if (n > capacity_) grow(n);
    for (std::size_t i = size_; i < n; ++i) data_[i] = value;
    size_ = n;
  }
  /// Sets the size to `n`, every record to `value`.
  void assign(std::size_t n, const T& value) {
    size_ = 0;
    resize(n, value);
  }
  /// Drops every record and returns the memory.
  void clear() {
    std::free(data_);
    data_ = nullptr;
    size_ = capacity_ = 0;
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
  void grow(std::size_t need) {
    std::size_t cap = capacity_ < 16 ? 16 : capacity_ + capacity_ / 2;
    if (cap < need) cap = need;
    reallocate(cap);
  }
  void reallocate(std::size_t cap) {
    void* p = std::realloc(data_, cap * sizeof(T));
    if (p == nullptr) throw std::bad_alloc();
    data_ = static_cast<T*>(p);
    capacity_ = cap;
    advise_huge_pages(data_, cap * sizeof(T));
  }

  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace ssla

#endif  // SSLA_POD_VECTOR_H_
