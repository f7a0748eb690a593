#include "ssla/policy/word_set.h"

#include <algorithm>
#include <cstring>

#include "ssla/base/ascii.h"
#include "ssla/base/cpu.h"
#include "ssla/policy/exempt.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define SSLA_WORD_SET_AVX2 1
#endif

namespace ssla {

namespace {

struct WordBytes {
  bool is[256];
  constexpr WordBytes() : is() {
    for (int b = 0; b < 256; ++b) is[b] = is_word_byte(static_cast<unsigned char>(b));
  }
};
constexpr WordBytes kWordBytes;

#if defined(__SSE2__)
// A bit per byte of the 16 at `d`: set for a word byte.
__m128i load16(const char* d) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(d));
}

unsigned word_mask16(const char* d) {
  const __m128i x = load16(d);
  // Unsigned x - lo <= span, as min(x - lo, span) == x - lo.
  auto within = [](__m128i v, char lo, char span) {
    const __m128i shifted = _mm_sub_epi8(v, _mm_set1_epi8(lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(shifted, _mm_set1_epi8(span)), shifted);
  };
  const __m128i letter = within(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 25);
  const __m128i digit = within(x, '0', 9);
  const __m128i underscore = _mm_cmpeq_epi8(x, _mm_set1_epi8('_'));
  const int ascii = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), underscore));
  // The sign bit is set for every byte of a non-ASCII character.
  return static_cast<unsigned>(ascii | _mm_movemask_epi8(x));
}
#endif

#if defined(SSLA_WORD_SET_AVX2)
// The nibble tables, loaded once per text.
struct WideTables {
  __m256i lo[3];
  __m256i hi[3];
};

__attribute__((target("avx2"))) inline WideTables wide_tables(const std::uint8_t (*t)[2][32]) {
  WideTables w;
  for (int j = 0; j < 3; ++j) {
    w.lo[j] = _mm256_load_si256(reinterpret_cast<const __m256i*>(t[j][0]));
    w.hi[j] = _mm256_load_si256(reinterpret_cast<const __m256i*>(t[j][1]));
  }
  return w;
}

// The buckets byte j of each of the 32 starts at `p` allows.
__attribute__((target("avx2"), always_inline)) inline __m256i wide_byte(const char* p, int j,
                                                                        const WideTables& w) {
  const __m256i low = _mm256_set1_epi8(0x0f);
  const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + j));
  const __m256i by_lo = _mm256_shuffle_epi8(w.lo[j], _mm256_and_si256(x, low));
  const __m256i by_hi =
      _mm256_shuffle_epi8(w.hi[j], _mm256_and_si256(_mm256_srli_epi16(x, 4), low));
  return _mm256_and_si256(by_lo, by_hi);
}

// A bit per candidate start among the 32 at `p`: the starts whose bytes
// j = 0, 1, 2 all pass the nibble tables of one bucket. Reads p[0, 34).
__attribute__((target("avx2"), always_inline)) inline unsigned wide_candidates(
    const char* p, const WideTables& w) {
  const __m256i all = _mm256_and_si256(_mm256_and_si256(wide_byte(p, 0, w), wide_byte(p, 1, w)),
                                       wide_byte(p, 2, w));
  const __m256i none = _mm256_cmpeq_epi8(all, _mm256_setzero_si256());
  return ~static_cast<unsigned>(_mm256_movemask_epi8(none));
}
#endif

}  // namespace

std::uint64_t WordSet::add(std::string_view word) {
  if (word.empty()) return 0;
  for (std::size_t i = 0; i < words_.size(); ++i) {
    if (words_[i] == word) return std::uint64_t{1} << i;
  }
  if (words_.size() == kMaxWords) {
    full_ = true;
    return 0;
  }
  const auto index = static_cast<std::uint8_t>(words_.size());
  words_.emplace_back(word);
  Pattern pattern;
  pattern.size = word.size();
  for (std::size_t k = 0; k < word.size() && k < 16; ++k) {
    const char f = fold_ascii(word[k]);
    pattern.bytes[k] = f;
    pattern.fold[k] = f >= 'a' && f <= 'z' ? 0x20 : 0;
  }
  pattern.mask = word.size() >= 16 ? 0xffffu : (1u << word.size()) - 1;
  patterns_.push_back(pattern);
  const auto first = static_cast<unsigned char>(word.front());
  const auto last = static_cast<unsigned char>(word.back());
  if (is_word_byte(first) && is_word_byte(last) && word.size() - 1 <= kMaxSpan) {
    const auto folded = static_cast<unsigned char>(fold_ascii(word.front()));
    by_first_[folded].push_back(index);
    starts_word_[folded] = true;
    Probe probe;
    auto fill = [](char* bytes, char* fold, char c) {
      const char f = fold_ascii(c);
      std::memset(bytes, f, 16);
      std::memset(fold, f >= 'a' && f <= 'z' ? 0x20 : 0, 16);
    };
    fill(probe.first, probe.first_fold, word.front());
    fill(probe.last, probe.last_fold, word.back());
    probe.span = word.size() - 1;
    max_span_ = std::max(max_span_, probe.span);
    probes_.push_back(probe);
    // The word's first three bytes, both cases of a letter; past its end any byte.
    const auto bucket = static_cast<std::uint8_t>(1u << (index % 8));
    for (std::size_t j = 0; j < 3; ++j) {
      std::uint8_t(&lo)[32] = nibbles_[j][0];
      std::uint8_t(&hi)[32] = nibbles_[j][1];
      auto allow = [&](unsigned char b) {
        for (const std::size_t lane : {std::size_t{0}, std::size_t{16}}) {
          lo[lane + (b & 15u)] |= bucket;
          hi[lane + (b >> 4)] |= bucket;
        }
      };
      if (j >= word.size()) {
        for (unsigned b = 0; b < 256; b += 17) allow(static_cast<unsigned char>(b));
        continue;
      }
      const auto f = static_cast<unsigned char>(fold_ascii(word[j]));
      allow(f);
      if (f >= 'a' && f <= 'z') allow(static_cast<unsigned char>(f - 0x20));
    }
    wide_ = has_avx2();
  } else {
    odd_.push_back(index);
  }
  return std::uint64_t{1} << index;
}

std::uint64_t WordSet::find(std::string_view text) const {
  std::uint64_t found = 0;
  if (words_.empty()) return found;
  const char* d = text.data();
  const std::size_t size = text.size();
  auto try_start = [&](std::size_t at) { this->try_start(d, size, at, found); };
  if (wide_) {
    scan_wide(d, size, found);
  } else {
#if defined(__SSE2__)
    if (probes_.size() <= kMaxProbes) {
      // The starts where some word's first and last bytes are, sixteen at a
      // time; the few left are checked one by one. `p` holds the block's
      // bytes and max_span_ more.
      auto pair_mask = [](const char* p, const Probe& w) {
        const __m128i a =
            _mm_cmpeq_epi8(_mm_or_si128(load16(p), load16(w.first_fold)), load16(w.first));
        const __m128i b =
            _mm_cmpeq_epi8(_mm_or_si128(load16(p + w.span), load16(w.last_fold)), load16(w.last));
        return _mm_and_si128(a, b);
      };
      auto check = [&](unsigned candidates, std::size_t base) {
        for (; candidates != 0; candidates &= candidates - 1) {
          const std::size_t at = base + static_cast<std::size_t>(__builtin_ctz(candidates));
          if (at == 0 || !kWordBytes.is[static_cast<unsigned char>(d[at - 1])]) try_start(at);
        }
      };
      auto block = [&](const char* p, std::size_t base) {
        __m128i any = _mm_setzero_si128();
        for (const Probe& w : probes_) any = _mm_or_si128(any, pair_mask(p, w));
        check(static_cast<unsigned>(_mm_movemask_epi8(any)), base);
      };
      std::size_t i = 0;
      for (; i + 16 + max_span_ <= size; i += 16) block(d + i, i);
      if (i < size && i > 0) {
        // The starts left, from i on, word by word, as far as each word's
        // span lets its loads reach: whole blocks, then one block ending at
        // the text's end without the starts already seen (before b, at most
        // sixteen bytes back).
        for (const Probe& w : probes_) {
          std::size_t b = i;
          for (; b + 16 + w.span <= size; b += 16) {
            check(static_cast<unsigned>(_mm_movemask_epi8(pair_mask(d + b, w))), b);
          }
          if (b + w.span < size) {
            const std::size_t base = size - w.span - 16;
            const unsigned keep = (0xffffu << (b - base)) & 0xffffu;
            check(static_cast<unsigned>(_mm_movemask_epi8(pair_mask(d + base, w))) & keep, base);
          }
        }
      } else if (i < size) {
        // A text too short for one block: a copy padded with zeros (no word's
        // first or last byte), so that every load stays in bounds.
        char tail[16 + kMaxSpan + 16 + kMaxSpan] = {};
        std::memcpy(tail, d, size);
        for (std::size_t at = 0; at < size; at += 16) block(tail + at, at);
      }
    } else {
      // Many words: every start of a run of word bytes is tried. Runs start
      // where a word byte follows a non-word byte (or the text's start):
      // mask & ~(mask << 1), carrying the last bit of the previous block.
      unsigned carry = 0;
      auto block = [&](const char* p, std::size_t base) {
        const unsigned mask = word_mask16(p);
        unsigned starts = mask & ~((mask << 1) | carry);
        carry = (mask >> 15) & 1u;
        for (; starts != 0; starts &= starts - 1) {
          try_start(base + static_cast<std::size_t>(__builtin_ctz(starts)));
        }
      };
      std::size_t i = 0;
      for (; i + 16 <= size; i += 16) block(d + i, i);
      if (i < size) {
        char tail[16] = {};
        std::memcpy(tail, d + i, size - i);
        block(tail, i);
      }
    }
#else
    bool in_word = false;
    for (std::size_t i = 0; i < size; ++i) {
      const bool w = kWordBytes.is[static_cast<unsigned char>(d[i])];
      if (w && !in_word) try_start(i);
      in_word = w;
    }
#endif
  }
  for (const std::uint8_t i : odd_) {
    if (contains_whole_word(text, words_[i])) found |= std::uint64_t{1} << i;
  }
  return found;
}

// Always inlined: in scan_wide() it must be compiled as AVX code (below).
__attribute__((always_inline)) inline void WordSet::try_start(const char* d, std::size_t size,
                                                              std::size_t at,
                                                              std::uint64_t& found) const {
  const auto folded = static_cast<unsigned char>(fold_ascii(d[at]));
  if (!starts_word_[folded]) return;
  for (const std::uint8_t i : by_first_[folded]) {
    const Pattern& w = patterns_[i];
    const std::size_t end = at + w.size;
    if (end > size) continue;
    if (end < size && kWordBytes.is[static_cast<unsigned char>(d[end])]) continue;
#if defined(__SSE2__)
    if (w.size <= 16 && at + 16 <= size) {
      // Sixteen bytes at once: a letter's case bit set, then compared.
      const __m128i x = _mm_or_si128(load16(d + at), load16(w.fold));
      const unsigned same =
          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, load16(w.bytes))));
      if ((same & w.mask) == w.mask) found |= std::uint64_t{1} << i;
      continue;
    }
#endif
    if (equals_folded(std::string_view(d + at, w.size), words_[i])) found |= std::uint64_t{1} << i;
  }
}

#if defined(SSLA_WORD_SET_AVX2)
__attribute__((target("avx2"))) void WordSet::scan_wide(const char* d, std::size_t size,
                                                        std::uint64_t& found) const {
  // Candidates that start a run of word bytes are tried (the byte before is
  // a non-word byte or the text's start). The check and try_start() are
  // inlined, so compiled with this function's AVX encoding: called out of
  // line, they ran SSE instructions while the tables' 256-bit registers
  // were live, and on Intel processors each such call paid the switch
  // between the two register states, about 115 ns a word start whose
  // first bytes pass the filter (two thirds of the pass's time on the
  // generated benchmark texts; bench/word_set_bench, docs/performance.md).
  auto check = [&](unsigned candidates, std::size_t base) __attribute__((always_inline)) {
    for (; candidates != 0; candidates &= candidates - 1) {
      const std::size_t at = base + static_cast<std::size_t>(__builtin_ctz(candidates));
      if (at == 0 || !kWordBytes.is[static_cast<unsigned char>(d[at - 1])]) {
        try_start(d, size, at, found);
      }
    }
  };
  const WideTables tables = wide_tables(nibbles_);
  std::size_t i = 0;
  for (; i + 34 <= size; i += 32) check(wide_candidates(d + i, tables), i);
  if (i >= size) return;
  if (size >= 34) {
    // The starts left but the last two: one block ending with the text,
    // without the starts already seen; then the last two one by one.
    const std::size_t base = size - 34;
    check(static_cast<unsigned>(wide_candidates(d + base, tables) &
                                (~std::uint64_t{0} << (i - base))),
          base);
    for (std::size_t at = std::max(i, size - 2); at < size; ++at) check(1u, at);
    return;
  }
  // A text shorter than a block: a copy padded with zeros, so that every
  // load stays in bounds; padding gives no start.
  char tail[34 + 34] = {};
  std::memcpy(tail, d, size);
  unsigned c = wide_candidates(tail, tables);
  if (size < 32) c &= (1u << size) - 1;
  check(c, 0);
  if (size > 32) check(wide_candidates(tail + 32, tables) & ((1u << (size - 32)) - 1), 32);
}
#else
void WordSet::scan_wide(const char*, std::size_t, std::uint64_t&) const {}
#endif

}  // namespace ssla
