#include "ssla/interner.h"

#include <cstring>

namespace ssla {

namespace {
// Chunks of 1 MiB keep the number of allocations small; a string larger than
// a chunk gets a chunk of its own.
constexpr std::size_t kChunkBytes = 1 << 20;
}  // namespace

std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed) {
  // FNV-1a over 8-byte words, then a final mix; fast and good enough for
  // hash tables keyed by ids and author names.
  std::uint64_t h = seed ^ (s.size() * 0x9e3779b97f4a7c15ull);
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0x100000001b3ull;
    h ^= h >> 29;
  }
  for (; i < s.size(); ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 0x100000001b3ull;
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ull;
  h ^= h >> 32;
  return h;
}

Interner::Interner() { slots_.assign(1024, kNone); }
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

std::uint32_t Interner::find(std::string_view s) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash_bytes(s) & mask;; i = (i + 1) & mask) {
    const std::uint32_t id = slots_[i];
    if (id == kNone) return kNone;
    if (views_[id] == s) return id;
  }
}

std::uint32_t Interner::intern(std::string_view s) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash_bytes(s) & mask;
  for (;; i = (i + 1) & mask) {
    const std::uint32_t id = slots_[i];
    if (id == kNone) break;
    if (views_[id] == s) return id;
  }
  const auto id = static_cast<std::uint32_t>(views_.size());
  views_.push_back(store(s));
  slots_[i] = id;
  // Keep the load factor at or below one half.
  if (views_.size() * 2 > slots_.size()) grow_table();
  return id;
}

void Interner::grow_table() {
  std::vector<std::uint32_t> bigger(slots_.size() * 2, kNone);
  const std::size_t mask = bigger.size() - 1;
  for (std::uint32_t id = 0; id < views_.size(); ++id) {
    std::size_t i = hash_bytes(views_[id]) & mask;
    while (bigger[i] != kNone) i = (i + 1) & mask;
    bigger[i] = id;
  }
  slots_.swap(bigger);
}

std::string_view Interner::view(std::uint32_t id) const {
  return id == kNone ? std::string_view() : views_[id];
}

std::size_t Interner::memory_bytes() const {
  std::size_t chunk_bytes = 0;
  for (std::size_t i = 0; i < chunks_.size(); ++i) chunk_bytes += kChunkBytes;
  return chunk_bytes + views_.capacity() * sizeof(std::string_view) +
         slots_.capacity() * sizeof(std::uint32_t);
}

}  // namespace ssla
