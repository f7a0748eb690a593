#include "ssla/base/interner.h"

#include <sys/mman.h>

#include <cstring>
#include <new>

#include "ssla/base/ascii.h"
#include "ssla/base/unaligned.h"

namespace ssla {

namespace {

// Chunks of 1 MiB keep the number of allocations small; a string larger than
// a chunk gets a chunk of its own.
constexpr std::size_t kChunkBytes = 1 << 20;

std::uint64_t load8(const char* p) { return load_unaligned<std::uint64_t>(p); }
std::uint64_t load4(const char* p) { return load_unaligned<std::uint32_t>(p); }

// The 128-bit product of a and b, folded to 64 bits by xor of its halves:
// every input bit reaches the middle bits of the result in one multiply.
std::uint64_t fold_multiply(std::uint64_t a, std::uint64_t b) {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

// A string of up to 7 bytes as a number: its bytes in order from the lowest,
// its length in the top byte. Longer strings all get kLongKey (no length
// fits 0xff), and are compared byte by byte.
constexpr std::uint64_t kLongKey = ~std::uint64_t{0};
std::uint64_t inline_key(std::string_view s) {
  const char* p = s.data();
  const std::size_t n = s.size();
  if (n > 7) return kLongKey;
  std::uint64_t v = 0;
  if (n >= 4) {
    // Two overlapping words: the overlap holds the same bytes in both.
    v = load4(p) | load4(p + n - 4) << (8 * (n - 4));
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      v |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    }
  }
  return v | std::uint64_t{n} << 56;
}

constexpr std::uint64_t kA = 0x9e3779b97f4a7c15ull;
constexpr std::uint64_t kB = 0xc2b2ae3d27d4eb4full;
constexpr std::uint64_t kC = 0x165667b19e3779f9ull;
constexpr std::uint64_t kD = 0xd6e8feb86659fd93ull;

}  // namespace

std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed) {
  // Sixteen bytes per folded multiply, in three independent lanes over 48
  // bytes at a time so that the multiplies overlap (texts average about 110
  // bytes); the last 1 to 16 bytes are read as (possibly overlapping) words,
  // never a byte at a time, since author keys are short. Fast and good
  // enough for hash tables keyed by author names and for the content hash
  // of duplicate rows; never written anywhere.
  const char* p = s.data();
  const std::size_t n = s.size();
  std::uint64_t h = seed ^ fold_multiply(seed ^ kA, n ^ kB);
  std::uint64_t a = 0, b = 0;
  if (n <= 16) {
    if (n >= 8) {
      a = load8(p);
      b = load8(p + n - 8);
    } else if (n >= 4) {
      a = load4(p);
      b = load4(p + n - 4);
    } else if (n > 0) {
      const auto byte = [&](std::size_t i) {
        return static_cast<std::uint64_t>(static_cast<unsigned char>(p[i]));
      };
      a = byte(0) << 16 | byte(n / 2) << 8 | byte(n - 1);
    }
  } else {
    std::size_t left = n;
    if (left > 48) {
      std::uint64_t h1 = h, h2 = h;
      do {
        h = fold_multiply(load8(p) ^ kA, load8(p + 8) ^ h);
        h1 = fold_multiply(load8(p + 16) ^ kB, load8(p + 24) ^ h1);
        h2 = fold_multiply(load8(p + 32) ^ kC, load8(p + 40) ^ h2);
        p += 48;
        left -= 48;
      } while (left > 48);
      h ^= h1 ^ h2;
    }
    for (; left > 16; p += 16, left -= 16) h = fold_multiply(load8(p) ^ kA, load8(p + 8) ^ h);
    a = load8(p + left - 16);
    b = load8(p + left - 8);
  }
  return fold_multiply(kD ^ n, fold_multiply(a ^ kA, b ^ h));
}

Interner::Interner() { slots_.assign(1024, Slot{kEmptySlot, 0}); }
Interner::Interner(Interner&&) noexcept = default;
Interner& Interner::operator=(Interner&&) noexcept = default;
Interner::~Interner() = default;

std::string_view Interner::store(std::string_view s) {
  if (s.empty()) return std::string_view();
  if (s.size() > kChunkBytes / 4) {
    chunks_.push_back(std::unique_ptr<char[]>(new char[s.size()]));
    std::memcpy(chunks_.back().get(), s.data(), s.size());
    return std::string_view(chunks_.back().get(), s.size());
  }
  if (chunks_.empty() || chunk_used_ + s.size() > chunk_size_) {
    chunks_.push_back(std::unique_ptr<char[]>(new char[kChunkBytes]));  // no zeroing
    chunk_used_ = 0;
    chunk_size_ = kChunkBytes;
  }
  char* dst = chunks_.back().get() + chunk_used_;
  std::memcpy(dst, s.data(), s.size());
  chunk_used_ += s.size();
  return std::string_view(dst, s.size());
}

std::uint64_t Interner::hash_of(std::string_view s) {
  // Up to 7 digits: below 10^7 == kDirectLimit.
  if (const std::uint64_t v = canonical_decimal(s, 7); v != kNotCanonicalDecimal) {
    return v | kDirect;
  }
  return hash_bytes(s) & ~kDirect;
}

void Interner::Unmap::operator()(std::uint32_t* p) const {
  munmap(p, kDirectLimit * sizeof(std::uint32_t));
}

// A slot holds the upper 32 bits of the string's hash (its tag) beside its
// id, so that most probes that do not match are settled without touching the
// string. The slot index also comes from the tag, so growing the table needs
// no string to be hashed again.
std::size_t Interner::probe(std::string_view s, std::uint64_t tag, std::uint64_t key) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = tag & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.tag_id == kEmptySlot) return i;
    if ((slot.tag_id >> 32) == tag && slot.key == key &&
        (key != kLongKey || same_bytes(views_[static_cast<std::uint32_t>(slot.tag_id)], s))) {
      return i;
    }
  }
}

std::uint32_t Interner::find(std::string_view s) const {
  const std::uint64_t hash = hash_of(s);
  if ((hash & kDirect) != 0) {
    return direct_ == nullptr ? kNone : direct_[hash & ~kDirect] - 1;  // 0 - 1 == kNone
  }
  const std::uint64_t tag = hash >> 32;
  const Slot& slot = slots_[probe(s, tag, inline_key(s))];
  return slot.tag_id == kEmptySlot ? kNone : static_cast<std::uint32_t>(slot.tag_id);
}

std::uint32_t Interner::intern(std::string_view s, std::uint64_t hash) {
  if ((hash & kDirect) != 0) {
    if (direct_ == nullptr) {
      // Untouched pages read as zero and hold no memory. Lookups land
      // anywhere in the values in use (customers' ids): with 4 KiB pages
      // nearly every one missed the TLB, and the prefetch of the next rows'
      // entries waited for the page walk. Transparent huge pages are asked
      // for this mapping alone: at most 20 of 2 MiB (docs/performance.md
      // has why the tables in general do without them).
      const std::size_t bytes = kDirectLimit * sizeof(std::uint32_t);
      void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (p == MAP_FAILED) throw std::bad_alloc();
      madvise(p, bytes, MADV_HUGEPAGE);  // a hint: without it, 4 KiB pages
      direct_.reset(static_cast<std::uint32_t*>(p));
    }
    std::uint32_t& entry = direct_[hash & ~kDirect];
    if (entry != 0) return entry - 1;
    const auto id = static_cast<std::uint32_t>(views_.size());
    views_.push_back(store(s));
    entry = id + 1;
    return id;
  }
  const std::uint64_t tag = hash >> 32;
  const std::uint64_t key = inline_key(s);
  const std::size_t i = probe(s, tag, key);
  if (slots_[i].tag_id != kEmptySlot) return static_cast<std::uint32_t>(slots_[i].tag_id);
  const auto id = static_cast<std::uint32_t>(views_.size());
  views_.push_back(store(s));
  slots_[i] = Slot{(tag << 32) | id, key};
  // Linear probing with tags stays short up to a load of about 3/4.
  if (views_.size() * 4 > slots_.size() * 3) grow_table();
  return id;
}

void Interner::grow_table() {
  PodVector<Slot> bigger;
  bigger.assign(slots_.size() * 2, Slot{kEmptySlot, 0});
  const std::size_t mask = bigger.size() - 1;
  for (const Slot& slot : slots_) {
    if (slot.tag_id == kEmptySlot) continue;
    std::size_t i = (slot.tag_id >> 32) & mask;
    while (bigger[i].tag_id != kEmptySlot) i = (i + 1) & mask;
    bigger[i] = slot;
  }
  slots_.swap(bigger);
}

std::string_view Interner::view(std::uint32_t id) const {
  return id == kNone ? std::string_view() : views_[id];
}

}  // namespace ssla
