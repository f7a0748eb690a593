// The JSON array splitter (json_array_splitter.h): where each element of a
// streamed array begins and ends, a piece at a time.
#include "ssla/read/json_array_splitter.h"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "ssla/base/error.h"
#include "ssla/base/unaligned.h"

namespace ssla {

namespace {

bool is_json_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// The offset of the first quote or backslash in [p, n), else n: eight bytes
// at a time (the lowest flagged byte of the word test is always a true one).
std::size_t find_quote_or_backslash(const char* d, std::size_t p, std::size_t n) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  for (; p + 8 <= n; p += 8) {
    const std::uint64_t w = load_unaligned<std::uint64_t>(d + p);
    const std::uint64_t q = w ^ (kOnes * '"');
    const std::uint64_t b = w ^ (kOnes * '\\');
    const std::uint64_t hits = ((q - kOnes) & ~q & kHigh) | ((b - kOnes) & ~b & kHigh);
    if (hits != 0) return p + static_cast<std::size_t>(__builtin_ctzll(hits)) / 8;
  }
  for (; p < n; ++p) {
    if (d[p] == '"' || d[p] == '\\') return p;
  }
  return n;
}

// The offset of the first bracket or brace in [p, n), else n: eight bytes
// at a time. '[' and '{', ']' and '}' differ only in 0x20, so OR-ing it in
// folds each pair into one byte to look for.
std::size_t find_bracket(const char* d, std::size_t p, std::size_t n) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  for (; p + 8 <= n; p += 8) {
    const std::uint64_t folded = load_unaligned<std::uint64_t>(d + p) | (kOnes * 0x20);
    const std::uint64_t open = folded ^ (kOnes * '{');
    const std::uint64_t close = folded ^ (kOnes * '}');
    const std::uint64_t hits =
        ((open - kOnes) & ~open & kHigh) | ((close - kOnes) & ~close & kHigh);
    if (hits != 0) return p + static_cast<std::size_t>(__builtin_ctzll(hits)) / 8;
  }
  for (; p < n; ++p) {
    const char folded = static_cast<char>(d[p] | 0x20);
    if (folded == '{' || folded == '}') return p;
  }
  return n;
}

#if defined(__x86_64__) && defined(__GNUC__)
// find_bracket() 32 bytes at a time; the rest of [p, n) as it does.
__attribute__((target("avx2"))) std::size_t find_bracket_wide(const char* d, std::size_t p,
                                                              std::size_t n) {
  for (; p + 32 <= n; p += 32) {
    const __m256i folded = _mm256_or_si256(
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(d + p)), _mm256_set1_epi8(0x20));
    const __m256i hits = _mm256_or_si256(_mm256_cmpeq_epi8(folded, _mm256_set1_epi8('{')),
                                         _mm256_cmpeq_epi8(folded, _mm256_set1_epi8('}')));
    const auto mask = static_cast<unsigned>(_mm256_movemask_epi8(hits));
    if (mask != 0) return p + static_cast<std::size_t>(__builtin_ctz(mask));
  }
  return find_bracket(d, p, n);
}

// find_quote_or_backslash() 32 bytes at a time; the rest of [p, n) as it does.
__attribute__((target("avx2"))) std::size_t find_quote_or_backslash_wide(const char* d,
                                                                         std::size_t p,
                                                                         std::size_t n) {
  const __m256i quote = _mm256_set1_epi8('"');
  const __m256i backslash = _mm256_set1_epi8('\\');
  for (; p + 32 <= n; p += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(d + p));
    const auto hits = static_cast<unsigned>(_mm256_movemask_epi8(
        _mm256_or_si256(_mm256_cmpeq_epi8(v, quote), _mm256_cmpeq_epi8(v, backslash))));
    if (hits != 0) return p + static_cast<std::size_t>(__builtin_ctz(hits));
  }
  return find_quote_or_backslash(d, p, n);
}
// Bits of the bytes '"', '\\', '{', '}', '[' and ']' among the 32 at d.
__attribute__((target("avx2"))) std::uint64_t nesting_bits_32(const char* d) {
  const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(d));
  // '[' and '{', ']' and '}' differ only in 0x20: OR-ing it in folds them.
  const __m256i folded = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
  const __m256i hits =
      _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('"')),
                                      _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\'))),
                      _mm256_or_si256(_mm256_cmpeq_epi8(folded, _mm256_set1_epi8('{')),
                                      _mm256_cmpeq_epi8(folded, _mm256_set1_epi8('}'))));
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(hits));
}

// The same among the 64 at d.
__attribute__((target("avx2"))) std::uint64_t nesting_bits(const char* d) {
  return nesting_bits_32(d) | nesting_bits_32(d + 32) << 32;
}
#else
std::size_t find_bracket_wide(const char* d, std::size_t p, std::size_t n) {
  return find_bracket(d, p, n);
}
std::size_t find_quote_or_backslash_wide(const char* d, std::size_t p, std::size_t n) {
  return find_quote_or_backslash(d, p, n);
}
std::uint64_t nesting_bits(const char*) {
  return 0;
}
#endif

}  // namespace

std::size_t JsonArraySplitter::scan_nested(const char* d, std::size_t p, std::size_t n,
                                           bool& ended) {
  // Inside an object or array, only quotes, backslashes and brackets
  // matter: 64 bytes at a time, their bits visited in order.
  while (depth_ > 0 && p + 64 <= n) {
    std::uint64_t bits = nesting_bits(d + p);
    if (escape_) {  // the block's first byte is escaped by the last one before it
      bits &= ~std::uint64_t{1};
      escape_ = false;
    }
    while (bits != 0) {
      const int i = __builtin_ctzll(bits);
      bits &= bits - 1;
      const char c = d[p + static_cast<std::size_t>(i)];
      if (in_string_) {
        if (c == '"') {
          in_string_ = false;
        } else if (c == '\\') {
          if (i == 63) {
            escape_ = true;
          } else {
            bits &= ~(std::uint64_t{1} << (i + 1));
          }
        }
      } else if (c == '"') {
        in_string_ = true;
      } else if (c == '{' || c == '[') {
        ++depth_;
      } else if (c == '}' || c == ']') {
        if (--depth_ == 0) {
          ended = true;
          return p + static_cast<std::size_t>(i) + 1;
        }
      }
    }
    p += 64;
  }
  return p;
}

bool JsonArraySplitter::ends_its_line(const char* d, std::size_t& p, std::size_t n) const {
  // Exports put one object a line. An object whose first bracket or brace
  // after its '{' is a '}' followed on its line by nothing but blanks and
  // one comma ends there, if the text is valid JSON: a string holding that
  // '}' would have to close before the line feed (valid JSON has none in
  // a string), and nothing else was opened in between. Anything else is
  // scanned; text that is not valid JSON fails in the element's parser.
  if (d[p] != '{') return false;
  const std::size_t close = wide_ ? find_bracket_wide(d, p + 1, n) : find_bracket(d, p + 1, n);
  if (close >= n || d[close] != '}') return false;
  std::size_t q = close + 1;
  auto skip_blanks = [&] {
    while (q < n && (d[q] == ' ' || d[q] == '\t' || d[q] == '\r')) ++q;
  };
  skip_blanks();
  if (q < n && d[q] == ',') {
    ++q;
    skip_blanks();
  }
  if (q >= n || d[q] != '\n') return false;
  p = close + 1;
  return true;
}

void JsonArraySplitter::dropped(std::size_t n) {
  scan_ -= n;
  if (in_element_ && !skipping_) start_ -= n;
}

JsonArraySplitter::Step JsonArraySplitter::next(std::string_view bytes, bool eof,
                                                const std::string& file, std::size_t& begin,
                                                std::size_t& end) {
  auto fail = [&](const char* why) {
    throw input_error(file + ": not a valid JSON array of objects: " + why);
  };
  const char* d = bytes.data();
  const std::size_t n = bytes.size();
  std::size_t p = scan_;
  // Stops for more bytes, or fails at the end of the input.
  auto more = [&](const char* why) {
    if (eof) fail(why);
    scan_ = p;
    return Step::kNeedMore;
  };
  for (;;) {
    if (state_ != State::kInside) {
      while (p < n && is_json_space(d[p])) ++p;
    }
    switch (state_) {
      case State::kStart:
        if (!bom_checked_) {  // a byte-order mark at the very start is skipped
          if (n < 3 && !eof && std::string_view("\xEF\xBB\xBF").starts_with(bytes)) {
            return more("the input is empty");
          }
          bom_checked_ = true;
          if (n >= 3 && std::memcmp(d, "\xEF\xBB\xBF", 3) == 0) p = 3;
          continue;
        }
        if (p == n) return more("the input is empty");
        if (d[p] != '[') fail("it does not start with '['");
        ++p;
        state_ = State::kFirst;
        continue;
      case State::kFirst:
      case State::kBefore:
        if (p == n) return more("the array is not closed");
        if (d[p] == ']') {
          if (state_ == State::kBefore) fail("a value is missing after a comma");
          ++p;
          state_ = State::kDone;
          continue;
        }
        start_ = p;
        in_element_ = true;
        in_string_ = false;
        escape_ = false;
        depth_ = 0;
        state_ = State::kInside;
        continue;
      case State::kAfter:
        if (p == n) return more("the array is not closed");
        if (d[p] == ',') {
          state_ = State::kBefore;
        } else if (d[p] == ']') {
          state_ = State::kDone;
        } else {
          fail("expected ',' or ']' after an element");
        }
        ++p;
        continue;
      case State::kDone:
        if (p == n) {
          if (eof) return Step::kEnd;
          scan_ = p;
          return Step::kNeedMore;
        }
        fail("text follows the array");
        break;
      case State::kInside: {
        // Scans to the end of the element: a closing bracket back at depth
        // zero, the closing quote of a string, or the byte after a scalar.
        bool ended = lines_ && p == start_ && !skipping_ && ends_its_line(d, p, n);
        while (!ended) {
          if (wide_ && depth_ > 0 && p + 64 <= n) {
            p = scan_nested(d, p, n, ended);
            if (ended) break;
          }
          if (in_string_) {
            if (escape_) {
              if (p == n) break;
              ++p;
              escape_ = false;
            }
            p = wide_ ? find_quote_or_backslash_wide(d, p, n) : find_quote_or_backslash(d, p, n);
            if (p == n) break;
            if (d[p] == '\\') {
              escape_ = true;
            } else {
              in_string_ = false;
              ended = depth_ == 0;
            }
            ++p;
            continue;
          }
          if (p == n) break;
          const char c = d[p];
          if (c == '"') {
            in_string_ = true;
          } else if (c == '{' || c == '[') {
            ++depth_;
          } else if (c == '}' || c == ']') {
            if (depth_ == 0) break;  // ends a scalar (or an empty element: an error below)
            ended = --depth_ == 0;
          } else if (depth_ == 0 && (c == ',' || is_json_space(c))) {
            break;  // ends a scalar
          }
          ++p;
        }
        if (!ended && p == n && !(eof && depth_ == 0 && !in_string_)) {
          return more("the array is not closed");
        }
        if (!skipping_ && p == start_) fail("a value is missing");
        begin = skipping_ ? p : start_;
        end = p;
        in_element_ = false;
        skipping_ = false;
        state_ = State::kAfter;
        scan_ = p;
        return Step::kElement;
      }
    }
  }
}

}  // namespace ssla
