// Unsigned numbers written as decimal text through a raw pointer: the
// writers of instants, durations and ids, many times a record.
#ifndef SSLA_DECIMAL_H_
#define SSLA_DECIMAL_H_

#include <cstdint>
#include <cstring>

namespace ssla {

namespace decimal_detail {

// "00" to "99": two digits a store.
struct TwoDigits {
  char text[200];
  constexpr TwoDigits() : text() {
    for (int v = 0; v < 100; ++v) {
      text[2 * v] = static_cast<char>('0' + v / 10);
      text[2 * v + 1] = static_cast<char>('0' + v % 10);
    }
  }
};
inline constexpr TwoDigits kTwoDigits;

inline constexpr std::uint64_t kPowersOfTen[20] = {1u,
                                                   10u,
                                                   100u,
                                                   1000u,
                                                   10000u,
                                                   100000u,
                                                   1000000u,
                                                   10000000u,
                                                   100000000u,
                                                   1000000000u,
                                                   10000000000u,
                                                   100000000000u,
                                                   1000000000000u,
                                                   10000000000000u,
                                                   100000000000000u,
                                                   1000000000000000u,
                                                   10000000000000000u,
                                                   100000000000000000u,
                                                   1000000000000000000u,
                                                   10000000000000000000u};

}  // namespace decimal_detail

/// Writes v (below 100) as two digits at p.
inline void put_two_digits(std::uint32_t v, char* p) {
  std::memcpy(p, decimal_detail::kTwoDigits.text + 2 * v, 2);
}

/// The number of decimal digits of v (1 for 0): from its bit length
/// (log10(2) is about 1233 / 4096), one more when it reaches the next power
/// of ten.
inline int decimal_digits(std::uint64_t v) {
  if (v < 10) return 1;
  const int bits = 64 - __builtin_clzll(v);
  const int below = bits * 1233 >> 12;  // digits of 2^(bits-1), less one at most
  return below + (v >= decimal_detail::kPowersOfTen[below] ? 1 : 0);
}

/// Writes v in decimal at p (room for 20 bytes); returns the end.
inline char* put_decimal(std::uint64_t v, char* p) {
  char* const end = p + decimal_digits(v);
  char* q = end;
  for (; v >= 100; v /= 100) {
    q -= 2;
    put_two_digits(static_cast<std::uint32_t>(v % 100), q);
  }
  if (v >= 10) {
    put_two_digits(static_cast<std::uint32_t>(v), q - 2);
  } else {
    q[-1] = static_cast<char>('0' + v);
  }
  return end;
}

}  // namespace ssla

#endif  // SSLA_DECIMAL_H_
