#include "ssla/id_table.h"

namespace ssla {

namespace {

// No key: neither a canonical decimal nor a known text id.
constexpr std::uint64_t kNoKey = IdTable::kNotDecimal;

}  // namespace

// At most 18 digits, so that the value stays below 2^63 (kTextBit).
std::uint64_t IdTable::decimal_value(std::string_view s) {
  if (s.empty() || s.size() > 18 || (s[0] == '0' && s.size() > 1)) return kNotDecimal;
  std::uint64_t v = 0;
  for (char c : s) {
    const unsigned d = static_cast<unsigned char>(c) - '0';
    if (d > 9) return kNotDecimal;
    v = v * 10 + d;
  }
  return v;
}

namespace {

// Multiplicative hashing: the middle bits of the mixed key are the
// fingerprint kept beside the dense id.
std::uint64_t mix(std::uint64_t key) { return key * 0x9e3779b97f4a7c15ull; }
std::uint64_t fingerprint(std::uint64_t mixed) { return (mixed >> 16) & 0xffffffffu; }

// The first slot to look at for `key` in a table of 2^bits slots: keys that
// differ only in their last three bits share a group of eight slots (one
// cache line), at the place their last bits give. Exports list ids mostly
// in increasing order and replies near their parents, so consecutive rows
// then touch the same line instead of a random one each; the groups
// themselves are spread by the hash of the remaining bits.
std::size_t home(std::uint64_t key, int bits) {
  const std::uint64_t group = mix(key >> 3) >> (64 - bits);
  return static_cast<std::size_t>((group & ~std::uint64_t{7}) | (key & 7));
}

}  // namespace

std::uint64_t IdTable::key_if_known(std::string_view s) const {
  const std::uint64_t v = decimal_value(s);
  if (v != kNotDecimal) return v;
  const std::uint32_t t = texts_.find(s);
  return t == Interner::kNone ? kNoKey : (kTextBit | t);
}

void IdTable::intern_setup() {  // first id, or adding again after drop_index()
  slot_bits_ = 9;
  while ((std::size_t{3} << slot_bits_) < keys_.size() * 4 + 4) ++slot_bits_;
  grow_slots();
}

std::size_t IdTable::probe(std::uint64_t key) const {
  const std::uint64_t h = mix(key);
  const std::uint64_t print = fingerprint(h);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = home(key, slot_bits_);; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (slot == kEmptySlot) return i;
    if ((slot >> 32) == print && keys_[static_cast<std::uint32_t>(slot)] == key) return i;
  }
}

std::uint32_t IdTable::intern(std::string_view s, std::uint64_t decimal) {
  if (slots_.empty()) intern_setup();
  const std::uint64_t key = decimal != kNotDecimal ? decimal : (kTextBit | texts_.intern(s));
  Recent* recent = recent_.empty() ? nullptr : &recent_[key & (kRecent - 1)];
  if (recent != nullptr && recent->key == key) return static_cast<std::uint32_t>(recent->id);
  const std::size_t i = probe(key);
  if (slots_[i] != kEmptySlot) {
    const auto id = static_cast<std::uint32_t>(slots_[i]);
    if (recent != nullptr) *recent = Recent{key, id};
    return id;
  }
  const auto id = static_cast<std::uint32_t>(keys_.size());
  if (recent != nullptr) *recent = Recent{key, id};
  keys_.push_back(key);
  slots_[i] = (fingerprint(mix(key)) << 32) | id;
  // Linear probing stays short up to a load of about 3/4.
  if (keys_.size() * 4 > slots_.size() * 3) grow_slots();
  return id;
}

void IdTable::reserve(std::size_t n) {
  if (slots_.empty()) intern_setup();
  // Only a table far larger than the cache of recent ids gains from one.
  if (n >= 16 * kRecent && recent_.empty()) recent_.assign(kRecent, Recent{kEmptySlot, 0});
  if (n * 4 <= slots_.size() * 3) return;
  while ((std::size_t{3} << slot_bits_) < n * 4) ++slot_bits_;
  --slot_bits_;  // grow_slots() adds one
  grow_slots();
}

void IdTable::grow_slots() {
  ++slot_bits_;
  PodVector<std::uint64_t> bigger;
  bigger.assign(std::size_t{1} << slot_bits_, kEmptySlot);
  const std::size_t mask = bigger.size() - 1;
  for (std::uint32_t id = 0; id < keys_.size(); ++id) {
    const std::uint64_t key = keys_[id];
    std::size_t i = home(key, slot_bits_);
    while (bigger[i] != kEmptySlot) i = (i + 1) & mask;
    bigger[i] = (fingerprint(mix(key)) << 32) | id;
  }
  slots_.swap(bigger);
}

std::uint32_t IdTable::find(std::string_view s) const {
  const std::uint64_t key = key_if_known(s);
  if (key == kNoKey) return kNone;
  if (slots_.empty()) {
    for (std::uint32_t id = 0; id < keys_.size(); ++id) {
      if (keys_[id] == key) return id;
    }
    return kNone;
  }
  const std::uint64_t slot = slots_[probe(key)];
  return slot == kEmptySlot ? kNone : static_cast<std::uint32_t>(slot);
}

void IdTable::prefetch_recent(std::uint64_t key) const {
  if (key == kNotDecimal) return;
  if (recent_.empty()) {
    prefetch_decimal(key);
  } else {
    __builtin_prefetch(&recent_[key & (kRecent - 1)]);
  }
}

void IdTable::prefetch_decimal(std::uint64_t key) const {
  if (key == kNotDecimal || slots_.empty()) return;
  __builtin_prefetch(&slots_[home(key, slot_bits_)]);
}

std::string IdTable::text(std::uint32_t id) const {
  if (id == kNone) return std::string();
  const std::uint64_t key = keys_[id];
  if ((key & kTextBit) != 0) return std::string(texts_.view(static_cast<std::uint32_t>(key)));
  return std::to_string(key);
}

void IdTable::drop_index() {
  slots_.clear();
  recent_.clear();
  slot_bits_ = 0;
}

}  // namespace ssla
