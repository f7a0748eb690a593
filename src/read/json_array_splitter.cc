// The JSON array splitter (json_array_splitter.h): where each element of a
// streamed array begins and ends, a piece at a time.
#include "ssla/read/json_array_splitter.h"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "ssla/base/error.h"
#include "ssla/base/unaligned.h"
#include "ssla/read/json_reader.h"

namespace ssla {

namespace {

// The offset of the first byte in [p, n) that is kA or kB once OR-ed with
// kFold, else n: eight bytes at a time (the lowest flagged byte of the word
// test is always a true one). With kFold 0x20, '[' is found as '{' and ']'
// as '}': each pair differs only in that bit.
template <char kA, char kB, char kFold>
std::size_t first_of(const char* d, std::size_t p, std::size_t n) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  for (; p + 8 <= n; p += 8) {
    const std::uint64_t w = load_unaligned<std::uint64_t>(d + p) | (kOnes * kFold);
    const std::uint64_t hits = zero_byte_bits(w ^ (kOnes * static_cast<unsigned char>(kA))) |
                               zero_byte_bits(w ^ (kOnes * static_cast<unsigned char>(kB)));
    if (hits != 0) return p + static_cast<std::size_t>(__builtin_ctzll(hits)) / 8;
  }
  for (; p < n; ++p) {
    const char c = static_cast<char>(d[p] | kFold);
    if (c == kA || c == kB) return p;
  }
  return n;
}

#if defined(__x86_64__) && defined(__GNUC__)
// first_of() 32 bytes at a time; the rest of [p, n) as it does.
template <char kA, char kB, char kFold>
__attribute__((target("avx2"))) std::size_t first_of_wide(const char* d, std::size_t p,
                                                          std::size_t n) {
  for (; p + 32 <= n; p += 32) {
    const __m256i v = _mm256_or_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(d + p)),
                                      _mm256_set1_epi8(kFold));
    const auto hits = static_cast<unsigned>(_mm256_movemask_epi8(_mm256_or_si256(
        _mm256_cmpeq_epi8(v, _mm256_set1_epi8(kA)), _mm256_cmpeq_epi8(v, _mm256_set1_epi8(kB)))));
    if (hits != 0) return p + static_cast<std::size_t>(__builtin_ctz(hits));
  }
  return first_of<kA, kB, kFold>(d, p, n);
}
#else
template <char kA, char kB, char kFold>
std::size_t first_of_wide(const char* d, std::size_t p, std::size_t n) {
  return first_of<kA, kB, kFold>(d, p, n);
}
#endif

// What ends a run of a string's bytes; what opens or closes a nested value.
std::size_t find_quote_or_backslash(bool wide, const char* d, std::size_t p, std::size_t n) {
  return wide ? first_of_wide<'"', '\\', 0>(d, p, n) : first_of<'"', '\\', 0>(d, p, n);
}
std::size_t find_bracket(bool wide, const char* d, std::size_t p, std::size_t n) {
  return wide ? first_of_wide<'{', '}', 0x20>(d, p, n) : first_of<'{', '}', 0x20>(d, p, n);
}

#if defined(__x86_64__) && defined(__GNUC__)
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
  const std::size_t close = find_bracket(wide_, d, p + 1, n);
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
      p = skip_json_space(d, p, n);
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
            p = find_quote_or_backslash(wide_, d, p, n);
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
