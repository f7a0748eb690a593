// JSON strings and CSV cells written through a raw pointer, and the buffer
// they go to.
#include "ssla/render/record_text.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "ssla/base/unaligned.h"
#include "ssla/base/utf8.h"
#include "ssla/render/render.h"

namespace ssla {

char* RawBuffer::grow(char* p, std::size_t n) {
  const auto used = static_cast<std::size_t>(p - data_.get());
  const std::size_t capacity = std::max({capacity_ * 2, used + n, std::size_t{1} << 16});
  auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
  if (used > 0) std::memcpy(bigger.get(), data_.get(), used);
  data_ = std::move(bigger);
  capacity_ = capacity;
  return data_.get() + used;
}

namespace {

// Bytes a JSON string holds as they are: printable ASCII other than the
// quote and the backslash.
struct PlainJsonBytes {
  bool is[256];
  constexpr PlainJsonBytes() : is() {
    for (int b = 0x20; b < 0x80; ++b) is[b] = b != '"' && b != '\\';
  }
};
constexpr PlainJsonBytes kPlainJson;

#if defined(__SSE2__)
// A bit per byte of the 16 at `x` that a JSON string cannot hold as it is.
inline int json_special16(__m128i x) {
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control_max = _mm_set1_epi8(0x1f);
  // Unsigned x <= 0x1f: a control byte; the sign bit: a non-ASCII byte.
  const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(x, control_max), x);
  const __m128i special =
      _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));
  return _mm_movemask_epi8(special) | _mm_movemask_epi8(x);
}
#endif

// True when none of the eight bytes of w needs escaping in a JSON string:
// no byte below 0x20, none at or above 0x80, no quote, no backslash. Each
// test is exact for "some byte is" (zero_byte_bits() on w with the byte
// looked for cleared; for "below 0x20", the same test with 0x20 taken
// from each byte, exact once no byte has its top bit set).
inline bool plain_json_word(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  if ((w & kHigh) != 0) return false;
  if (((w - 0x20 * kOnes) & ~w & kHigh) != 0) return false;  // a byte below 0x20
  return zero_byte_bits(w ^ ('"' * kOnes)) == 0 && zero_byte_bits(w ^ ('\\' * kOnes)) == 0;
}

// Copies the 4 to 15 bytes [d, d + n) to p when none needs escaping (two
// overlapping words each way, never past either end) and returns true;
// else writes nothing and returns false.
inline bool put_short_plain(const char* d, std::size_t n, char*& p) {
  if (n >= 8) {
    const auto head = load_unaligned<std::uint64_t>(d);
    const auto tail = load_unaligned<std::uint64_t>(d + n - 8);
    if (!plain_json_word(head) || !plain_json_word(tail)) return false;
    std::memcpy(p, &head, 8);
    std::memcpy(p + n - 8, &tail, 8);
  } else {
    if (!plain_json_word(load_short_tail(d, n))) return false;
    std::memcpy(p, d, 4);
    std::memcpy(p + n - 4, d + n - 4, 4);
  }
  p += n;
  return true;
}

// Writes s[i], a byte kPlainJson refuses, escaped (or, for a valid UTF-8
// sequence, the sequence) at p; returns the index of the last byte used.
std::size_t put_json_special(std::string_view s, std::size_t i, char*& p) {
  const char c = s[i];
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x80) {
    // JSON must be valid UTF-8: pass valid sequences through, replace the rest.
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      p = put_bytes("\\ufffd", p);
      return i;
    }
    p = put_bytes(s.substr(i, len), p);
    return i + len - 1;
  }
  switch (c) {
    case '"':
      p = put_bytes("\\\"", p);
      break;
    case '\\':
      p = put_bytes("\\\\", p);
      break;
    case '\n':
      p = put_bytes("\\n", p);
      break;
    case '\r':
      p = put_bytes("\\r", p);
      break;
    case '\t':
      p = put_bytes("\\t", p);
      break;
    default: {
      constexpr char kHex[] = "0123456789abcdef";
      p = put_bytes("\\u00", p);
      *p++ = kHex[u >> 4];
      *p++ = kHex[u & 15u];
    }
  }
  return i;
}

// The first byte at or after `i` that makes a CSV cell quoted (`,` `"` CR
// LF), or the size. Sixteen bytes at a time where SSE2 is there: the
// excerpt, the longest cell, seldom has one.
std::size_t csv_special(std::string_view s, std::size_t i) {
  const char* d = s.data();
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i));
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, comma), _mm_cmpeq_epi8(x, quote)),
                     _mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, lf)));
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < s.size(); ++i) {
    if (d[i] == ',' || d[i] == '"' || d[i] == '\r' || d[i] == '\n') break;
  }
  return i;
}

}  // namespace

char* put_json_string(std::string_view s, char* p) {
  *p++ = '"';
  const char* d = s.data();
  const std::size_t n = s.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time are stored as they are, and kept up to the
  // first one that needs escaping: most of any text is plain. The store
  // stays within json_string_room(s), as 6 bytes a byte are allowed for.
  while (i + 16 <= n) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), x);
    const int mask = json_special16(x);
    if (mask == 0) {
      i += 16;
      p += 16;
      continue;
    }
    const auto plain = static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    p += plain;
    i = put_json_special(s, i + plain, p) + 1;
  }
#endif
  // What is left (all of a name or an id, the end of a text) is most often
  // plain: checked a word at a time.
  if (n - i >= 4 && n - i < 16 && put_short_plain(d + i, n - i, p)) {
    *p++ = '"';
    return p;
  }
  for (; i < n; ++i) {
    if (kPlainJson.is[static_cast<unsigned char>(d[i])]) {
      *p++ = d[i];
    } else {
      i = put_json_special(s, i, p);
    }
  }
  *p++ = '"';
  return p;
}

void append_json_string(std::string_view s, std::string& out) {
  const std::size_t old = out.size();
  out.resize(old + json_string_room(s));
  out.resize(static_cast<std::size_t>(put_json_string(s, out.data() + old) - out.data()));
}

char* put_csv_cell(std::string_view s, char* p) {
  // Values as written (RFC 4180): no spreadsheet-formula guard, which would
  // turn the id -1 into '-1 and the handle @AcmeHelp into '@AcmeHelp.
  if (csv_special(s, 0) == s.size()) return put_bytes(s, p);
  *p++ = '"';
  // Runs up to each quote are copied at once; the quote is doubled.
  for (std::size_t i = 0;;) {
    const std::size_t quote = std::min(s.find('"', i), s.size());
    p = put_bytes(s.substr(i, quote - i), p);
    if (quote == s.size()) break;
    p = put_bytes("\"\"", p);
    i = quote + 1;
  }
  *p++ = '"';
  return p;
}

void append_csv_cell(std::string_view s, std::string& out) {
  const std::size_t old = out.size();
  out.resize(old + csv_cell_room(s));
  out.resize(static_cast<std::size_t>(put_csv_cell(s, out.data() + old) - out.data()));
}

}  // namespace ssla
