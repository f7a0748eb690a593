#include "ssla/exempt.h"

#include "ssla/ascii.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ssla {

namespace {

constexpr bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Spec 3.4: letters, digits, `_`, and every byte of a non-ASCII character.
bool is_word_byte(unsigned char c) { return is_ascii_alnum(c) || c == '_' || c >= 0x80; }

// Byte classes of acknowledgement normalization, as tables: whitespace ends
// a token; otherwise a byte maps to its lower-case letter or digit, to a
// space (other ASCII), or to itself (bytes of non-ASCII characters).
struct AckTables {
  bool space[256];
  char mapped[256];
  constexpr AckTables() : space(), mapped() {
    for (int b = 0; b < 256; ++b) {
      const auto u = static_cast<unsigned char>(b);
      space[b] = is_space_ascii(static_cast<char>(u));
      mapped[b] = (u < 0x80 && !is_ascii_alnum(u)) ? ' ' : fold_ascii(static_cast<char>(u));
    }
  }
};
constexpr AckTables kAck;

// Normalizes `text` (see normalize_acknowledgement) into out[0, limit + 1)
// and returns its length, giving up (npos) as soon as the result would be
// longer than `limit` bytes: an acknowledgement is a short phrase, and most
// texts are longer than any of them.
std::size_t normalize_into(std::string_view text, std::size_t limit, char* out) {
  const std::size_t size = text.size();
  std::size_t n = 0;
  std::size_t i = 0;
  for (;;) {
    while (i < size && kAck.space[static_cast<unsigned char>(text[i])]) ++i;
    if (i >= size) break;
    // Mentions and links carry no words of the customer's own. The prefixes
    // are matched as written in the spec (lower case), before case folding.
    const std::string_view rest = text.substr(i);
    if (rest.front() == '@' || rest.starts_with("http://") || rest.starts_with("https://")) {
      while (i < size && !kAck.space[static_cast<unsigned char>(text[i])]) ++i;
      continue;
    }
    for (; i < size; ++i) {
      const auto u = static_cast<unsigned char>(text[i]);
      if (kAck.space[u]) break;
      const char mapped = kAck.mapped[u];
      // Collapse runs of spaces while building.
      if (mapped == ' ' && (n == 0 || out[n - 1] == ' ')) continue;
      // A trailing space may still be trimmed (hence room for limit + 1), so
      // only a letter past the limit settles it.
      if (n >= limit && mapped != ' ') return std::string_view::npos;
      out[n++] = mapped;
    }
    if (n > 0 && out[n - 1] != ' ') {
      if (n > limit) return std::string_view::npos;
      out[n++] = ' ';
    }
  }
  while (n > 0 && out[n - 1] == ' ') --n;
  return n;
}

// The first i >= from with fold_ascii(d[i]) == first, or n. Sixteen bytes at
// a time where SSE2 is there: OR 0x20 folds every upper-case letter (and
// maps a few other bytes onto letters, which the exact check then drops).
std::size_t find_folded(const char* d, std::size_t from, std::size_t n, char first) {
  std::size_t i = from;
#if defined(__SSE2__)
  const bool letter = first >= 'a' && first <= 'z';
  const __m128i want = _mm_set1_epi8(first);
  const __m128i fold = _mm_set1_epi8(letter ? 0x20 : 0);
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i)), fold);
    int mask = _mm_movemask_epi8(_mm_cmpeq_epi8(x, want));
    while (mask != 0) {
      const std::size_t at = i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
      if (fold_ascii(d[at]) == first) return at;
      mask &= mask - 1;
    }
  }
#endif
  for (; i < n; ++i) {
    if (fold_ascii(d[i]) == first) return i;
  }
  return n;
}

}  // namespace

std::string normalize_acknowledgement(std::string_view text) {
  std::string out(text.size() + 1, '\0');
  out.resize(normalize_into(text, text.size(), out.data()));
  return out;
}

bool contains_whole_word(std::string_view text, std::string_view word) {
  if (word.empty() || word.size() > text.size()) return false;
  const std::size_t last = text.size() - word.size() + 1;  // candidate starts are below it
  for (std::size_t i = 0;; ++i) {
    i = find_folded(text.data(), i, last, word[0]);
    if (i >= last) return false;
    if (i > 0 && is_word_byte(static_cast<unsigned char>(text[i - 1]))) continue;
    const std::size_t end = i + word.size();
    if (end < text.size() && is_word_byte(static_cast<unsigned char>(text[end]))) continue;
    if (equals_folded(text.substr(i, word.size()), word)) return true;
  }
  return false;
}

ExemptReason exempt_reason(const ExemptRule& rule, std::string_view author_key,
                           std::string_view text, const std::vector<std::string_view>& tags) {
  if (rule.empty()) return ExemptReason::kNone;
  for (std::string_view tag : tags) {
    for (const std::string& t : rule.tags) {
      if (equals_folded(tag, t)) return ExemptReason::kTag;
    }
  }
  for (const std::string& a : rule.authors) {
    if (equals_folded(author_key, a)) return ExemptReason::kAuthor;
  }
  for (const std::string& w : rule.words) {
    if (contains_whole_word(text, w)) return ExemptReason::kWord;
  }
  if (!rule.acknowledgements.empty()) {
    std::size_t longest = 0;
    for (const std::string& a : rule.acknowledgements) longest = std::max(longest, a.size());
    thread_local std::string buffer;  // reused: no allocation per message
    if (buffer.size() < longest + 2) buffer.resize(longest + 2);
    const std::size_t n = normalize_into(text, longest, buffer.data());
    if (n != std::string_view::npos) {
      const std::string_view normalized(buffer.data(), n);
      for (const std::string& a : rule.acknowledgements) {
        if (a == normalized) return ExemptReason::kAcknowledgement;
      }
    }
  }
  return ExemptReason::kNone;
}

std::string_view exempt_reason_name(ExemptReason reason) {
  switch (reason) {
    case ExemptReason::kNone: return "none";
    case ExemptReason::kTag: return "tag";
    case ExemptReason::kAuthor: return "author";
    case ExemptReason::kWord: return "word";
    case ExemptReason::kAcknowledgement: return "acknowledgement";
  }
  return "none";
}

}  // namespace ssla
