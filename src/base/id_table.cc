#include "ssla/base/id_table.h"

#include "ssla/base/ascii.h"
#include "ssla/base/decimal.h"

namespace ssla {

namespace {

// No key: neither a canonical decimal nor a known text id.
constexpr std::uint64_t kNoKey = IdTable::kNotDecimal;

}  // namespace

// At most 18 digits, so that the value stays below 2^63 (kTextBit).
std::uint64_t IdTable::decimal_value(std::string_view s) {
  static_assert(kNotDecimal == kNotCanonicalDecimal);
  return canonical_decimal(s, 18);
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

std::uint32_t IdTable::find_ascending(std::uint64_t key) const {
  // The last position whose key is at most `key`: searched from the end in
  // growing steps (recent ids first), then by halves within the last step.
  const std::size_t n = ascending_.size();
  if (n == 0) return kNone;
  auto key_at = [&](std::size_t j) { return keys_[ascending_[j]]; };
  std::size_t high = n;  // keys at [high, n) are above `key`
  std::size_t step = 1;
  std::size_t low = 0;   // the answer is in [low, high)
  while (step <= high) {
    const std::size_t j = high - step;
    if (key_at(j) <= key) {
      low = j;
      break;
    }
    high = j;
    step *= 2;
  }
  while (high - low > 1) {
    const std::size_t mid = low + (high - low) / 2;
    if (key_at(mid) <= key) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return high > low && key_at(low) == key ? ascending_[low] : kNone;
}

std::uint32_t IdTable::lookup(std::uint64_t key) const {
  if (key > max_key_ || keys_.empty()) return kNone;
  if (hashed_ > 0) {
    const std::uint64_t slot = slots_[probe(key)];
    if (slot != kEmptySlot) return static_cast<std::uint32_t>(slot);
  }
  return find_ascending(key);
}

std::uint32_t IdTable::add(std::uint64_t key) {
  const auto id = static_cast<std::uint32_t>(keys_.size());
  const bool above_all = keys_.empty() || key > max_key_;
  keys_.push_back(key);  // before the table may grow: growing reads the keys
  if (above_all) {
    ascending_.push_back(id);
    max_key_ = key;
  } else {
    if (slots_.empty()) make_slots(9);
    slots_[probe(key)] = (fingerprint(mix(key)) << 32) | id;
    ++hashed_;
    // Linear probing stays short up to a load of about 3/4.
    if (hashed_ * 4 > slots_.size() * 3) make_slots(slot_bits_ + 1);
  }
  return id;
}

std::uint32_t IdTable::intern(std::string_view s, std::uint64_t decimal) {
  if (!indexed_) build_index();
  const std::uint64_t key = decimal != kNotDecimal ? decimal : (kTextBit | texts_.intern(s));
  Recent* recent = recent_.empty() ? nullptr : &recent_[key & (kRecent - 1)];
  if (recent != nullptr && recent->key == key) return static_cast<std::uint32_t>(recent->id);
  std::uint32_t id = lookup(key);
  if (id == kNone) id = add(key);
  if (recent != nullptr) *recent = Recent{key, id};
  return id;
}

void IdTable::reserve(std::size_t n) {
  if (!indexed_) build_index();
  keys_.reserve(n);  // address space only: pages come as ids are added
  ascending_.reserve(n);
  // Only a table far larger than the cache of recent ids gains from one.
  if (n >= 16 * kRecent && recent_.empty()) recent_.assign(kRecent, Recent{kEmptySlot, 0});
}

void IdTable::make_slots(int bits) {
  // A table of 2^bits slots with the hashed keys put back in.
  PodVector<std::uint64_t> bigger;
  bigger.assign(std::size_t{1} << bits, kEmptySlot);
  const std::size_t mask = bigger.size() - 1;
  for (const std::uint64_t slot : slots_) {
    if (slot == kEmptySlot) continue;
    const std::uint64_t key = keys_[static_cast<std::uint32_t>(slot)];
    std::size_t i = home(key, bits);
    while (bigger[i] != kEmptySlot) i = (i + 1) & mask;
    bigger[i] = slot;
  }
  slot_bits_ = bits;
  slots_.swap(bigger);
}

void IdTable::build_index() {  // adding again after drop_index()
  indexed_ = true;
  PodVector<std::uint64_t> keys;
  keys.swap(keys_);
  for (const std::uint64_t key : keys) add(key);
}

std::uint32_t IdTable::find(std::string_view s) const {
  const std::uint64_t key = key_if_known(s);
  if (key == kNoKey) return kNone;
  if (!indexed_) {
    for (std::uint32_t id = 0; id < keys_.size(); ++id) {
      if (keys_[id] == key) return id;
    }
    return kNone;
  }
  return lookup(key);
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
  // A key above all others is new and looked up nowhere; others are first
  // looked for among the hashed keys.
  if (key == kNotDecimal || key > max_key_ || hashed_ == 0) return;
  __builtin_prefetch(&slots_[home(key, slot_bits_)]);
}

std::string IdTable::text(std::uint32_t id) const {
  if (id == kNone) return std::string();
  const std::uint64_t key = keys_[id];
  if ((key & kTextBit) != 0) return std::string(texts_.view(static_cast<std::uint32_t>(key)));
  return std::to_string(key);
}

void IdTable::append_text(std::uint32_t id, std::string& out) const {
  if (id == kNone) return;
  const std::uint64_t key = keys_[id];
  if ((key & kTextBit) != 0) {
    out += texts_.view(static_cast<std::uint32_t>(key));
    return;
  }
  char buf[20];
  out.append(buf, static_cast<std::size_t>(put_decimal(key, buf) - buf));
}

void IdTable::drop_index() {
  slots_.clear();
  ascending_.clear();
  recent_.clear();
  hashed_ = 0;
  slot_bits_ = 0;
  max_key_ = 0;
  indexed_ = false;
}

}  // namespace ssla
