#include "ssla/policy/word_set.h"

#include <algorithm>
#include <cstring>

#include "ssla/base/ascii.h"
#include "ssla/policy/exempt.h"

#if defined(__SSE2__)
#include <emmintrin.h>
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
  // The words that may start at `at`, the start of a run of word bytes.
  auto try_start = [&](std::size_t at) {
    const auto folded = static_cast<unsigned char>(fold_ascii(d[at]));
    if (!starts_word_[folded]) return;
    for (const std::uint8_t i : by_first_[folded]) {
      const std::string& w = words_[i];
      const std::size_t end = at + w.size();
      if (end > size) continue;
      if (end < size && kWordBytes.is[static_cast<unsigned char>(d[end])]) continue;
      if (equals_folded(std::string_view(d + at, w.size()), w)) found |= std::uint64_t{1} << i;
    }
  };
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
  for (const std::uint8_t i : odd_) {
    if (contains_whole_word(text, words_[i])) found |= std::uint64_t{1} << i;
  }
  return found;
}

}  // namespace ssla
