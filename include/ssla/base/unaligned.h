// Reading a machine word from bytes at any address, for hashing and for
// comparing short fixed-width fields a word at a time.
#ifndef SSLA_UNALIGNED_H_
#define SSLA_UNALIGNED_H_

#include <cstdint>
#include <cstring>
#include <string_view>

namespace ssla {

/// The sizeof(T) bytes at `p` as a T (host byte order); `p` needs no alignment.
template <typename T>
T load_unaligned(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

/// The 4 to 7 bytes [p, p + n) in one word: the first four in the low half,
/// the last four in the high half, overlapping. For checks of whether any
/// byte has some property, where a byte seen twice does not matter.
inline std::uint64_t load_short_tail(const char* p, std::size_t n) {
  return load_unaligned<std::uint32_t>(p) |
         std::uint64_t{load_unaligned<std::uint32_t>(p + n - 4)} << 32;
}

/// The top bit of each byte of `w` that is zero (the classic word-at-a-time
/// test): exact for the lowest such byte, while a borrow may also flag bytes
/// above it, so non-zero exactly when some byte is zero. XOR-ed with a byte
/// repeated first, it finds that byte.
inline std::uint64_t zero_byte_bits(std::uint64_t w) {
  return (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
}

/// a == b, for the short strings compared on every row (channel names,
/// author keys, JSON keys): up to 32 bytes as overlapping words, without a
/// call to memcmp. Always inlined: GCC 12 stopped inlining it once it grew
/// the 17-32 byte case, and a call per row cost about 2 % of a report.
__attribute__((always_inline)) inline bool same_bytes(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  if (n >= 8 && n <= 16) {
    return load_unaligned<std::uint64_t>(p) == load_unaligned<std::uint64_t>(q) &&
           load_unaligned<std::uint64_t>(p + n - 8) == load_unaligned<std::uint64_t>(q + n - 8);
  }
  if (n > 16 && n <= 32) {  // JSON keys such as in_response_to_tweet_id, without a call
    return load_unaligned<std::uint64_t>(p) == load_unaligned<std::uint64_t>(q) &&
           load_unaligned<std::uint64_t>(p + 8) == load_unaligned<std::uint64_t>(q + 8) &&
           load_unaligned<std::uint64_t>(p + (n > 24 ? 16 : n - 16)) ==
               load_unaligned<std::uint64_t>(q + (n > 24 ? 16 : n - 16)) &&
           load_unaligned<std::uint64_t>(p + n - 8) == load_unaligned<std::uint64_t>(q + n - 8);
  }
  if (n >= 4 && n < 8) {
    return load_unaligned<std::uint32_t>(p) == load_unaligned<std::uint32_t>(q) &&
           load_unaligned<std::uint32_t>(p + n - 4) == load_unaligned<std::uint32_t>(q + n - 4);
  }
  return a == b;
}

}  // namespace ssla

#endif  // SSLA_UNALIGNED_H_
