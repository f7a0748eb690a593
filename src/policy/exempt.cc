#include "ssla/policy/exempt.h"

#include <algorithm>

#include "ssla/base/ascii.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ssla {

namespace {

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

// The end of the token at `i`: the first ASCII whitespace byte at or after
// it, or size. Sixteen bytes at a time where SSE2 is there: mentions and
// links are a dozen bytes or more, and a byte loop mispredicts at its end.
std::size_t token_end(std::string_view text, std::size_t i) {
  const std::size_t size = text.size();
  const char* d = text.data();
#if defined(__SSE2__)
  const __m128i blank = _mm_set1_epi8(' ');
  const __m128i tab = _mm_set1_epi8('\t');
  const __m128i four = _mm_set1_epi8(4);
  for (; i + 16 <= size; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i));
    // \t \n \v \f \r are 9 to 13: x - 9 <= 4, unsigned.
    const __m128i below = _mm_sub_epi8(x, tab);
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(below, four), below);
    const int mask = _mm_movemask_epi8(_mm_or_si128(control, _mm_cmpeq_epi8(x, blank)));
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (i < size && !kAck.space[static_cast<unsigned char>(d[i])]) ++i;
  return i;
}

// True when the token starting `rest` (non-empty) is a mention or a link:
// they carry no words of the customer's own. The prefixes are matched as
// written in the spec (lower case), before case folding.
inline bool is_mention_or_link(std::string_view rest) {
  return rest.front() == '@' || rest.starts_with("http://") || rest.starts_with("https://");
}

// Normalizes `text` (see normalize_acknowledgement) into out[0, limit + 1)
// and returns its length, giving up (npos) as soon as the result would be
// longer than `limit` bytes or would hold a byte that `allowed` does not
// (null: every byte): an acknowledgement is a short phrase, most texts are
// longer than any of them, and most have a letter none of them has.
std::size_t normalize_into(std::string_view text, std::size_t limit, char* out,
                           const bool* allowed) {
  const std::size_t size = text.size();
  std::size_t n = 0;
  std::size_t i = 0;
  for (;;) {
    while (i < size && kAck.space[static_cast<unsigned char>(text[i])]) ++i;
    if (i >= size) break;
    if (is_mention_or_link(text.substr(i))) {
      i = token_end(text, i);
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
      if (mapped != ' ' &&
          (n >= limit || (allowed != nullptr && !allowed[static_cast<unsigned char>(mapped)]))) {
        return std::string_view::npos;
      }
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

// True when normalize_into(text, limit, out, allowed) is known to give up
// from the text's last words alone: a word that is not a mention or a link
// and has a byte `allowed` does not take. Looked for from the end, at most
// four words back (mentions and links at the end are passed over), so that
// most texts are settled by their last word instead of being normalized
// from the start. False says nothing.
bool ends_with_other_words(std::string_view text, const bool* allowed) {
  const char* d = text.data();
  std::size_t end = text.size();
  for (int words = 0; words < 4; ++words) {
    while (end > 0 && kAck.space[static_cast<unsigned char>(d[end - 1])]) --end;
    if (end == 0) return false;
    std::size_t begin = end;
    while (begin > 0 && !kAck.space[static_cast<unsigned char>(d[begin - 1])]) --begin;
    const std::string_view word = text.substr(begin, end - begin);
    end = begin;
    if (is_mention_or_link(word)) continue;
    for (const char c : word) {
      const char mapped = kAck.mapped[static_cast<unsigned char>(c)];
      if (mapped != ' ' && !allowed[static_cast<unsigned char>(mapped)]) return true;
    }
    return false;
  }
  return false;
}

// The first i in [from, last) with fold_ascii(d[i]) == first and
// fold_ascii(d[i + span]) == final, or last; last + span must not pass the
// end of d. Sixteen candidate starts at a time where SSE2 is there: OR 0x20
// folds every upper-case letter (and maps a few other bytes onto letters,
// which the exact check then drops). Testing a word's last letter beside
// its first leaves few candidates even for a common first letter.
std::size_t find_folded_pair(const char* d, std::size_t from, std::size_t last, char first,
                             char final, std::size_t span) {
  std::size_t i = from;
  auto matches = [&](std::size_t at) {
    return fold_ascii(d[at]) == first && fold_ascii(d[at + span]) == final;
  };
#if defined(__SSE2__)
  auto fold_of = [](char c) { return _mm_set1_epi8(c >= 'a' && c <= 'z' ? 0x20 : 0); };
  const __m128i want_first = _mm_set1_epi8(first);
  const __m128i want_final = _mm_set1_epi8(final);
  const __m128i fold_first = fold_of(first);
  const __m128i fold_final = fold_of(final);
  // The first match among the starts [base, base + 16) that `keep` (a bit
  // per start) leaves, or last.
  auto scan_block = [&](std::size_t base, int keep) {
    const __m128i x =
        _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(d + base)), fold_first);
    const __m128i y = _mm_or_si128(
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + base + span)), fold_final);
    int mask = _mm_movemask_epi8(
                   _mm_and_si128(_mm_cmpeq_epi8(x, want_first), _mm_cmpeq_epi8(y, want_final))) &
               keep;
    for (; mask != 0; mask &= mask - 1) {
      const std::size_t at =
          base + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
      if (matches(at)) return at;
    }
    return last;
  };
  for (; i + 16 <= last; i += 16) {
    if (const std::size_t at = scan_block(i, 0xffff); at < last) return at;
  }
  // The last starts: one block ending at `last`, without those before i.
  if (i < last && last >= 16) return scan_block(last - 16, 0xffff << (i - (last - 16)));
#endif
  for (; i < last; ++i) {
    if (matches(i)) return i;
  }
  return last;
}

}  // namespace

std::string normalize_acknowledgement(std::string_view text) {
  std::string out(text.size() + 1, '\0');
  out.resize(normalize_into(text, text.size(), out.data(), nullptr));
  return out;
}

bool contains_whole_word(std::string_view text, std::string_view word) {
  if (word.empty() || word.size() > text.size()) return false;
  const std::size_t last = text.size() - word.size() + 1;  // candidate starts are below it
  const std::size_t span = word.size() - 1;
  for (std::size_t i = 0;; ++i) {
    i = find_folded_pair(text.data(), i, last, word[0], word[span], span);
    if (i >= last) return false;
    if (i > 0 && is_word_byte(static_cast<unsigned char>(text[i - 1]))) continue;
    const std::size_t end = i + word.size();
    if (end < text.size() && is_word_byte(static_cast<unsigned char>(text[end]))) continue;
    if (equals_folded(text.substr(i, word.size()), word)) return true;
  }
  return false;
}

ExemptMatcher::ExemptMatcher(const ExemptRule& rule) : rule_(&rule) {
  for (const std::string& a : rule.acknowledgements) {
    longest_ = std::max(longest_, a.size());
    for (char c : a) in_acknowledgement_[static_cast<unsigned char>(c)] = true;
  }
}

ExemptReason ExemptMatcher::reason(std::string_view author_key, std::string_view text,
                                   const std::vector<std::string_view>& tags) const {
  return decide(author_key, text, tags, nullptr);
}

ExemptReason ExemptMatcher::reason_given_words(std::string_view author_key, std::string_view text,
                                               const std::vector<std::string_view>& tags,
                                               bool word_found) const {
  return decide(author_key, text, tags, &word_found);
}

ExemptReason ExemptMatcher::decide(std::string_view author_key, std::string_view text,
                                   const std::vector<std::string_view>& tags,
                                   const bool* word_found) const {
  const ExemptRule& rule = *rule_;
  if (rule.empty()) return ExemptReason::kNone;
  for (std::string_view tag : tags) {
    for (const std::string& t : rule.tags) {
      if (equals_folded(tag, t)) return ExemptReason::kTag;
    }
  }
  for (const std::string& a : rule.authors) {
    if (equals_folded(author_key, a)) return ExemptReason::kAuthor;
  }
  if (word_found != nullptr) {
    if (*word_found) return ExemptReason::kWord;
  } else {
    for (const std::string& w : rule.words) {
      if (contains_whole_word(text, w)) return ExemptReason::kWord;
    }
  }
  if (!rule.acknowledgements.empty()) {
    thread_local std::string buffer;  // reused: no allocation per message
    if (buffer.size() < longest_ + 2) buffer.resize(longest_ + 2);
    if (ends_with_other_words(text, in_acknowledgement_.data())) return ExemptReason::kNone;
    const std::size_t n = normalize_into(text, longest_, buffer.data(), in_acknowledgement_.data());
    if (n != std::string_view::npos) {
      const std::string_view normalized(buffer.data(), n);
      for (const std::string& a : rule.acknowledgements) {
        if (a == normalized) return ExemptReason::kAcknowledgement;
      }
    }
  }
  return ExemptReason::kNone;
}

ExemptReason exempt_reason(const ExemptRule& rule, std::string_view author_key,
                           std::string_view text, const std::vector<std::string_view>& tags) {
  return ExemptMatcher(rule).reason(author_key, text, tags);
}

std::string_view exempt_reason_name(ExemptReason reason) {
  switch (reason) {
    case ExemptReason::kNone:
      return "none";
    case ExemptReason::kTag:
      return "tag";
    case ExemptReason::kAuthor:
      return "author";
    case ExemptReason::kWord:
      return "word";
    case ExemptReason::kAcknowledgement:
      return "acknowledgement";
  }
  return "none";
}

}  // namespace ssla
