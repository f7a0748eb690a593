// String interning: each distinct string is stored once and named by a dense
// 32-bit id, so that messages hold integers instead of strings.
#ifndef SSLA_INTERNER_H_
#define SSLA_INTERNER_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "ssla/base/pod_vector.h"
#include "ssla/base/prefetch.h"

namespace ssla {

/// 64-bit hash of the bytes (folded multiplies), used by the interner and
/// duplicate detection; never written anywhere, so it may change.
std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed = 0xcbf29ce484222325ull);

/// Maps strings to dense ids 0, 1, 2, ... in order of first appearance.
/// The interner owns the bytes; views it returns stay valid for its lifetime
/// (storage is kept in fixed chunks that never move).
class Interner {
 public:
  /// Id meaning "no string" in compact records.
  static constexpr std::uint32_t kNone = 0xffffffffu;

  Interner();
  Interner(Interner&&) noexcept;
  Interner& operator=(Interner&&) noexcept;
  ~Interner();

  /// The id of `s`, adding it when new. The empty string is an ordinary string.
  std::uint32_t intern(std::string_view s) { return intern(s, hash_of(s)); }
  /// intern() with `hash` == hash_of(s) already computed.
  std::uint32_t intern(std::string_view s, std::uint64_t hash);
  /// The id of `s`, or kNone when it was never interned.
  std::uint32_t find(std::string_view s) const;
  /// Where the interner looks `s` up: for a decimal number below
  /// kDirectLimit written without leading zeros (most author keys of social
  /// exports are numeric user ids), its value with kDirect set; for any
  /// other string, hash_bytes(s) without that bit.
  static std::uint64_t hash_of(std::string_view s);
  /// Hints what intern(s)/find(s) will look at into the cache, `hash` ==
  /// hash_of(s).
  void prefetch_hash(std::uint64_t hash) const {
    if ((hash & kDirect) == 0) {
      prefetch_line(&slots_[(hash >> 32) & (slots_.size() - 1)]);
    } else if (direct_ != nullptr) {
      prefetch_line(&direct_[hash & ~kDirect]);
    }
  }
  /// The string of an id returned by intern(); "" for kNone.
  std::string_view view(std::uint32_t id) const;
  /// Hints view(id) into the cache: first its entry, then (once the
  /// entry has arrived) its bytes.
  void prefetch_entry(std::uint32_t id) const {
    if (id < views_.size()) prefetch_line(&views_[id]);
  }
  void prefetch_bytes(std::uint32_t id) const {
    if (id < views_.size()) prefetch_line(views_[id].data());
  }
  /// Number of distinct strings.
  std::uint32_t size() const { return static_cast<std::uint32_t>(views_.size()); }

  /// Numbers below this (up to 7 digits) are found by value, not by hash.
  static constexpr std::uint64_t kDirectLimit = 10'000'000;
  /// The bit of hash_of() that marks a number found by value.
  static constexpr std::uint64_t kDirect = std::uint64_t{1} << 63;

 private:
  struct Unmap {
    void operator()(std::uint32_t* p) const;
  };
  void grow_table();
  std::string_view store(std::string_view s);
  /// The slot holding `s` (hash tag `tag`, inline_key() `key`), or the empty
  /// slot where it would go.
  std::size_t probe(std::string_view s, std::uint64_t tag, std::uint64_t key) const;

  // Open addressing, for every string but the numbers in direct_. A slot
  // holds the string's hash tag beside its id, and a string of at most 7
  // bytes itself (with its length in the top byte), so that finding a short
  // string (a short name) reads one slot and neither the view nor the bytes,
  // each a cache miss at scale.
  struct Slot {
    std::uint64_t tag_id;  // hash tag << 32 | id, or kEmptySlot
    std::uint64_t key;     // inline_key() of the string
  };
  static constexpr std::uint64_t kEmptySlot = ~std::uint64_t{0};
  PodVector<std::string_view> views_;  // id -> bytes (into chunks_)
  PodVector<Slot> slots_;
  // Numeric strings by value: id + 1, 0 for none. One mapping of
  // kDirectLimit entries (40 MB of address space), made at the first
  // number, in 2 MiB pages where the kernel gives them (see intern());
  // only the pages written hold memory (the Kaggle file's customer ids are
  // below 830,000: about 3 MB). No numeric string below the limit is ever
  // in slots_.
  std::unique_ptr<std::uint32_t[], Unmap> direct_;
  std::vector<std::unique_ptr<char[]>> chunks_;  // owned storage
  std::size_t chunk_used_ = 0;
  std::size_t chunk_size_ = 0;
};

}  // namespace ssla

#endif  // SSLA_INTERNER_H_
