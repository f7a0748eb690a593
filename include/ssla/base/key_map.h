// A map from 64-bit keys to small values, for lookups made once per message
// or episode: open addressing in one array, where a node-based map spends
// its time on allocation, division and pointer chasing.
#ifndef SSLA_KEY_MAP_H_
#define SSLA_KEY_MAP_H_

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "ssla/base/pod_vector.h"

namespace ssla {

/// Maps any 64-bit key to a V (trivially copyable). A pointer find()
/// returns is valid until the next find_or_add(), which may grow the map.
template <typename V>
class KeyMap {
  static_assert(std::is_trivially_copyable_v<V>, "KeyMap holds trivially copyable values");

 public:
  KeyMap() { slots_.assign(kFirstSize, Slot{kEmpty, V{}}); }

  /// The value of `key`, or nullptr when it has none.
  const V* find(std::uint64_t key) const {
    if (key == kEmpty) return has_empty_key_ ? &empty_key_value_ : nullptr;
    const Slot& slot = slots_[place(key)];
    return slot.key == key ? &slot.value : nullptr;
  }

  /// The value of `key`, set to make() first when it has none.
  template <typename Make>
  V find_or_add(std::uint64_t key, const Make& make) {
    if (key == kEmpty) {
      if (!has_empty_key_) {
        empty_key_value_ = make();
        has_empty_key_ = true;
      }
      return empty_key_value_;
    }
    const std::size_t i = place(key);
    if (slots_[i].key == key) return slots_[i].value;
    const V value = make();
    slots_[i] = Slot{key, value};
    // Linear probing stays short up to a load of about 3/4.
    if (++size_ * 4 > slots_.size() * 3) grow();
    return value;
  }

  /// Forgets every key.
  void clear() {
    slots_.assign(kFirstSize, Slot{kEmpty, V{}});
    size_ = 0;
    has_empty_key_ = false;
  }

 private:
  struct Slot {
    std::uint64_t key;
    V value;
  };
  // Marks an empty slot; the key with this value is kept beside the slots.
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  static constexpr std::size_t kFirstSize = 64;

  // The slot of `key`, or the empty slot where it goes. The multiply
  // spreads keys that differ in any bit (pairs of small ids, shifted).
  std::size_t place(std::uint64_t key) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ull) >> 20) & mask;
    while (slots_[i].key != kEmpty && slots_[i].key != key) i = (i + 1) & mask;
    return i;
  }
  void grow() {
    PodVector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, Slot{kEmpty, V{}});
    for (const Slot& slot : old) {
      if (slot.key != kEmpty) slots_[place(slot.key)] = slot;
    }
  }

  PodVector<Slot> slots_;
  std::size_t size_ = 0;
  bool has_empty_key_ = false;
  V empty_key_value_{};
};

}  // namespace ssla

#endif  // SSLA_KEY_MAP_H_
