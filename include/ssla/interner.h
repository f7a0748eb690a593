// String interning: each distinct string is stored once and named by a dense
// 32-bit id, so that messages hold integers instead of strings.
#ifndef SSLA_INTERNER_H_
#define SSLA_INTERNER_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "ssla/pod_vector.h"

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
  std::uint32_t intern(std::string_view s) { return intern(s, hash_bytes(s)); }
  /// intern() with `hash` == hash_bytes(s) already computed.
  std::uint32_t intern(std::string_view s, std::uint64_t hash);
  /// The id of `s`, or kNone when it was never interned.
  std::uint32_t find(std::string_view s) const;
  /// Hints the slot that intern(s)/find(s) will look at into the cache.
  void prefetch(std::string_view s) const { prefetch_hash(hash_bytes(s)); }
  /// prefetch() with `hash` == hash_bytes(s) already computed.
  void prefetch_hash(std::uint64_t hash) const {
    __builtin_prefetch(&slots_[(hash >> 32) & (slots_.size() - 1)]);
  }
  /// The string of an id returned by intern(); "" for kNone.
  std::string_view view(std::uint32_t id) const;
  /// Number of distinct strings.
  std::uint32_t size() const { return static_cast<std::uint32_t>(views_.size()); }

 private:
  void grow_table();
  std::string_view store(std::string_view s);
  /// The slot holding `s` (hash tag `tag`, inline_key() `key`), or the empty
  /// slot where it would go.
  std::size_t probe(std::string_view s, std::uint64_t tag, std::uint64_t key) const;

  // Open addressing. A slot holds the string's hash tag beside its id, and a
  // string of at most 7 bytes itself (with its length in the top byte), so
  // that finding a short string (most author keys: numeric user ids) reads
  // one slot and neither the view nor the bytes, each a cache miss at scale.
  struct Slot {
    std::uint64_t tag_id;  // hash tag << 32 | id, or kEmptySlot
    std::uint64_t key;     // inline_key() of the string
  };
  static constexpr std::uint64_t kEmptySlot = ~std::uint64_t{0};
  PodVector<std::string_view> views_;              // id -> bytes (into chunks_)
  PodVector<Slot> slots_;
  std::vector<std::unique_ptr<char[]>> chunks_;    // owned storage
  std::size_t chunk_used_ = 0;
  std::size_t chunk_size_ = 0;
};


}  // namespace ssla

#endif  // SSLA_INTERNER_H_
