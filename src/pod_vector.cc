#include "ssla/pod_vector.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

namespace ssla {

namespace {

constexpr std::size_t kPage = 4096;
constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;

std::size_t page_round(std::size_t bytes) { return (bytes + kPage - 1) & ~(kPage - 1); }

// Offers a large mapping to the kernel for transparent huge pages (used for
// its whole 2 MiB pages); harmless where unsupported. The advice covers the
// whole mapping: advising part of it would split it into several areas,
// which mremap() cannot grow.
void advise_huge_pages(void* p, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
  if (bytes >= 4 * kHugePage) madvise(p, bytes, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

void* map_block(std::size_t bytes) {
  void* p = mmap(nullptr, page_round(bytes), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                 -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  advise_huge_pages(p, page_round(bytes));
  return p;
}

}  // namespace

void* resize_block(void* p, std::size_t old_bytes, std::size_t new_bytes, std::size_t keep_bytes) {
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
    return q;  // the advice moves with the mapping
  }
  if (!was_mapped && !mapped) {
    void* q = std::realloc(p, new_bytes);
    if (q == nullptr) throw std::bad_alloc();
    return q;
  }
  // Crossing the threshold (rare), or no mremap: a new block, then the old one goes.
  void* q = mapped ? map_block(new_bytes) : std::malloc(new_bytes);
  if (q == nullptr) throw std::bad_alloc();
  if (keep_bytes > 0) std::memcpy(q, p, keep_bytes);
  resize_block(p, old_bytes, 0, 0);
  return q;
}

}  // namespace ssla
