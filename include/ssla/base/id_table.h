// Message ids: each distinct id named by a dense 32-bit number, stored in
// 8 bytes. Exports from social platforms use decimal ids (tweet ids), which
// are kept as the number itself, so the table holds no id text at all;
// other ids are interned as text.
#ifndef SSLA_ID_TABLE_H_
#define SSLA_ID_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ssla/base/interner.h"
#include "ssla/base/pod_vector.h"
#include "ssla/base/prefetch.h"

namespace ssla {

/// Maps id strings to dense ids 0, 1, 2, ... in order of first appearance.
/// `123` and `0123` are different ids (ids are exact text); only decimal
/// strings that print back identically are stored as numbers.
class IdTable {
 public:
  /// Id meaning "no id" in compact records.
  static constexpr std::uint32_t kNone = Interner::kNone;

  /// The dense id of `s`, adding it when new. Needs the lookup index (see
  /// drop_index()).
  std::uint32_t intern(std::string_view s) { return intern(s, decimal_value(s)); }
  /// intern() with `decimal` == decimal_value(s) already computed.
  std::uint32_t intern(std::string_view s, std::uint64_t decimal);
  /// The number a canonical decimal id (no sign, no leading zero, at most 18
  /// digits) stands for, else kNotDecimal.
  static std::uint64_t decimal_value(std::string_view s);
  static constexpr std::uint64_t kNotDecimal = ~std::uint64_t{0};
  /// The dense id of `s`, or kNone when it was never interned. Fast while the
  /// index exists; a linear scan after drop_index().
  std::uint32_t find(std::string_view s) const;
  /// Hints where intern(s) will look first into the cache (for decimal
  /// ids; others are interned as text first and are not hinted).
  void prefetch(std::string_view s) const { prefetch_decimal(decimal_value(s)); }
  /// prefetch() with decimal_value(s) already computed.
  void prefetch_decimal(std::uint64_t decimal) const;
  /// prefetch_decimal() for an id most likely interned not long ago (a
  /// parent id): hints where intern() looks first for such ids.
  void prefetch_recent(std::uint64_t decimal) const;
  /// The text of a dense id; "" for kNone.
  std::string text(std::uint32_t id) const;
  /// Hints text(id) into the cache (its key; a non-decimal id's bytes are
  /// not asked for).
  void prefetch_text(std::uint32_t id) const {
    if (id < keys_.size()) prefetch_line(&keys_[id]);
  }
  /// text() appended to `out` without allocating.
  void append_text(std::uint32_t id, std::string& out) const;
  /// The number a decimal id stands for (decimal_value() of its text); for
  /// an id kept as text, and for kNone, kNotDecimal. With stored_text(), lets
  /// a writer print an id without a copy of its text.
  std::uint64_t decimal_of(std::uint32_t id) const {
    if (id == kNone) return kNotDecimal;
    const std::uint64_t key = keys_[id];
    return (key & kTextBit) != 0 ? kNotDecimal : key;
  }
  /// The text of an id kept as text, viewed in the table (valid as long as
  /// the table); "" for a decimal id and for kNone.
  std::string_view stored_text(std::uint32_t id) const {
    if (id == kNone) return std::string_view();
    const std::uint64_t key = keys_[id];
    return (key & kTextBit) != 0 ? texts_.view(static_cast<std::uint32_t>(key))
                                 : std::string_view();
  }
  /// Number of distinct ids.
  std::uint32_t size() const { return static_cast<std::uint32_t>(keys_.size()); }
  /// Prepares for `n` ids in all: address space for them, and for a large
  /// table the cache of recent ids.
  void reserve(std::size_t n);
  /// Frees the lookup index once no more ids will be added (after reading):
  /// 4 to 17 bytes per id.
  void drop_index();

 private:
  // A key is the decimal value of a numeric id (below 10^18), or kTextBit |
  // the id's number in texts_.
  static constexpr std::uint64_t kTextBit = std::uint64_t{1} << 63;
  static constexpr std::uint64_t kEmptySlot = ~std::uint64_t{0};
  std::uint64_t key_if_known(std::string_view s) const;
  // The dense id of `key`, or kNone (the index must exist).
  std::uint32_t lookup(std::uint64_t key) const;
  // The id of `key` among the ascending ones, or kNone.
  std::uint32_t find_ascending(std::uint64_t key) const;
  // The slot holding `key`, or the empty slot where it would go.
  std::size_t probe(std::uint64_t key) const;
  // Adds a key known to be new; returns its id.
  std::uint32_t add(std::uint64_t key);
  // Makes the hash table 2^bits slots, with the hashed keys in it.
  void make_slots(int bits);
  void build_index();  // from keys_, after drop_index()

  PodVector<std::uint64_t> keys_;  // dense id -> key
  // The index has two parts. Exports mostly list ids in increasing order:
  // a key above every key before it is new without looking anywhere, and
  // is only appended here (ids in increasing order of their keys), where a
  // search from the end finds it again, among recent ones first. The other
  // keys go to an open-addressing table (fingerprint << 32 | dense id)
  // whose size follows their number only.
  PodVector<std::uint32_t> ascending_;
  PodVector<std::uint64_t> slots_;
  std::size_t hashed_ = 0;  // keys in slots_
  int slot_bits_ = 0;
  std::uint64_t max_key_ = 0;  // the largest key so far (when keys_ is not empty)
  bool indexed_ = true;        // false after drop_index()
  // For large tables (see reserve()): the id last interned for each value of
  // key & (kRecent - 1). Replies name parents mostly a few thousand rows
  // back and ids mostly increase, so a parent is usually found here, in a
  // 1 MiB table, before any search.
  static constexpr std::size_t kRecent = std::size_t{1} << 16;
  struct Recent {
    std::uint64_t key;
    std::uint64_t id;
  };
  PodVector<Recent> recent_;
  Interner texts_;  // ids that are not canonical decimals
};

}  // namespace ssla

#endif  // SSLA_ID_TABLE_H_
