// UTF-8 validity: the one decoder of byte sequences, used to reject rows with
// invalid required fields and to keep every output valid UTF-8.
#ifndef SSLA_UTF8_H_
#define SSLA_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ssla/base/unaligned.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ssla {

/// Length of the valid UTF-8 sequence starting at s[i] (1 for ASCII), or 0
/// when the bytes there are not valid UTF-8 (overlongs and surrogates included).
inline std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;  // no UTF-16 surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
  }
  return len;
}

/// True when `s` is valid UTF-8.
inline bool is_valid_utf8(std::string_view s) {
  // Most text is ASCII: eight bytes at a time while no byte has its top bit
  // set; a word that has one is decoded through (its last sequence may run
  // past it), and the words go on after it: a tweet with one emoji is
  // mostly words.
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  const std::size_t n = s.size();
  if (n >= 4 && n <= 16) {
    // Ids and author names, two of every row: ASCII in one test of two
    // overlapping words, before the loops.
    const std::uint64_t any = n >= 8 ? load_unaligned<std::uint64_t>(s.data()) |
                                           load_unaligned<std::uint64_t>(s.data() + n - 8)
                                     : load_short_tail(s.data(), n);
    if ((any & kHigh) == 0) return true;
  }
  std::size_t i = 0;
  for (;;) {
#if defined(__SSE2__)
    // Sixty-four at a time first, one test per four loads (whole JSON
    // records go through here), then sixteen up to the word that has one.
    for (; i + 64 <= n; i += 64) {
      const char* b = s.data() + i;
      const __m128i x = _mm_or_si128(
          _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b)),
                       _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + 16))),
          _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b + 32)),
                       _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + 48))));
      if (_mm_movemask_epi8(x) != 0) break;
    }
    for (; i + 16 <= n; i += 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      if (_mm_movemask_epi8(x) != 0) break;
    }
#endif
    for (; i + 8 <= n; i += 8) {
      if ((load_unaligned<std::uint64_t>(s.data() + i) & kHigh) != 0) break;
    }
    if (i + 8 > n) break;
    for (const std::size_t stop = i + 8; i < stop;) {
      const std::size_t len = utf8_sequence_length(s, i);
      if (len == 0) return false;
      i += len;
    }
  }
  // Fewer than eight bytes left. Four to seven (most ids and numeric user
  // ids) as two overlapping words of four, fewer byte by byte.
  std::uint64_t any = 0;
  if (n - i >= 4) {
    any = load_short_tail(s.data() + i, n - i);
  } else {
    for (std::size_t k = i; k < n; ++k) any |= static_cast<unsigned char>(s[k]);
  }
  if ((any & kHigh) == 0) return true;
  while (i < n) {
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

/// The UTF-8 of U+FFFD REPLACEMENT CHARACTER, which stands for every
/// invalid byte (and every NUL) in printed text.
inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

/// Length of the longest prefix of `s` that is valid UTF-8 without a NUL
/// byte (s.size() when all of it is).
inline std::size_t printable_utf8_prefix(std::string_view s) {
  // As is_valid_utf8(): words of eight ASCII bytes without a NUL, a word
  // with anything else decoded through, then words again.
  const std::size_t n = s.size();
  std::size_t i = 0;
  for (;;) {
#if defined(__SSE2__)
    // Sixteen at a time first: whole reports go through here.
    for (; i + 16 <= n; i += 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      if (_mm_movemask_epi8(_mm_or_si128(x, _mm_cmpeq_epi8(x, _mm_setzero_si128()))) != 0) break;
    }
#endif
    for (; i + 8 <= n; i += 8) {
      const std::uint64_t w = load_unaligned<std::uint64_t>(s.data() + i);
      // No byte with its top bit set, and no zero byte.
      if (zero_byte_bits(w) != 0 || (w & 0x8080808080808080ull) != 0) break;
    }
    if (i + 8 > n) break;
    for (const std::size_t stop = i + 8; i < stop;) {
      if (s[i] == '\0') return i;
      const std::size_t len = utf8_sequence_length(s, i);
      if (len == 0) return i;
      i += len;
    }
  }
  while (i < n) {
    if (s[i] == '\0') return i;
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) return i;
    i += len;
  }
  return i;
}

/// Appends `s` to `out` as printable UTF-8: valid sequences as they are,
/// each invalid byte and each NUL as U+FFFD. When `keep_tail` is set, an
/// incomplete but so far valid sequence at the very end is not appended;
/// its length is returned, so that a caller writing in pieces can prepend it
/// to the next piece (0 otherwise).
inline std::size_t append_printable_utf8(std::string_view s, std::string& out,
                                         bool keep_tail = false) {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t good = printable_utf8_prefix(s.substr(i));
    out.append(s.substr(i, good));
    i += good;
    if (i == s.size()) break;
    if (keep_tail && s[i] != '\0' && s.size() - i < 4) {
      // Would the rest be valid with more bytes? Then it is a cut sequence.
      const auto b0 = static_cast<unsigned char>(s[i]);
      const std::size_t need = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 ? 2 : 0;
      bool prefix = need > s.size() - i && b0 <= 0xF4;
      for (std::size_t k = i + 1; prefix && k < s.size(); ++k) {
        prefix = (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80;
      }
      if (prefix) return s.size() - i;
    }
    out.append(kReplacementCharacter);
    ++i;
  }
  return 0;
}

}  // namespace ssla

#endif  // SSLA_UTF8_H_
