#include "ssla/pod_vector.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

namespace ssla {

namespace {

constexpr std::size_t kPage = 4096;

std::size_t page_round(std::size_t bytes) { return (bytes + kPage - 1) & ~(kPage - 1); }

void* map_block(std::size_t bytes, bool filled) {
  const int populate = filled ? MAP_POPULATE : 0;
  void* p = mmap(nullptr, page_round(bytes), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | populate, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  return p;
}

}  // namespace

void* resize_block(void* p, std::size_t old_bytes, std::size_t new_bytes, std::size_t keep_bytes,
                   bool filled) {
  const bool was_mapped = p != nullptr && old_bytes >= kMappedBytes;
  const bool mapped = new_bytes >= kMappedBytes;
  if (new_bytes == 0) {
    if (was_mapped) {
      munmap(p, page_round(old_bytes));
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
  void* q = mapped ? map_block(new_bytes, filled) : std::malloc(new_bytes);
  if (q == nullptr) throw std::bad_alloc();
  if (keep_bytes > 0) std::memcpy(q, p, keep_bytes);
  resize_block(p, old_bytes, 0, 0);
  return q;
}

}  // namespace ssla
