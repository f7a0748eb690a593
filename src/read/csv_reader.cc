#include "ssla/read/csv_reader.h"

#include <cstring>

#include "ssla/base/ascii.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ssla {

char delimiter_from_name(std::string_view name) {
  if (name == "," || name.empty()) return ',';
  if (name == ";") return ';';
  if (name == "|") return '|';
  if (name == "tab" || name == "\t") return '\t';
  return 0;
}

namespace {

// Offset of the first `a` or `b` in [d + from, d + n), or n. Sixteen bytes
// at a time where SSE2 is there (every x86-64): text fields are long.
std::size_t find_either(const char* d, std::size_t from, std::size_t n, char a, char b) {
  std::size_t i = from;
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a);
  const __m128i vb = _mm_set1_epi8(b);
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i));
    const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)));
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < n; ++i) {
    if (d[i] == a || d[i] == b) return i;
  }
  return n;
}

}  // namespace

CsvReader::CsvReader(std::string_view data, char delimiter, std::uint64_t first_line)
    : data_(data), delimiter_(delimiter), line_(first_line), record_line_(first_line) {
  // Only at the start of a file: a later piece may begin with any bytes.
  if (first_line == 1 && data_.size() >= 3 && std::memcmp(data_.data(), "\xEF\xBB\xBF", 3) == 0) {
    pos_ = 3;
  }
}

std::size_t CsvReader::next_quote(std::size_t from, std::uint64_t& lines) const {
  const char* d = data_.data();
  const std::size_t n = data_.size();
  std::size_t at = find_either(d, from, n, '"', '\n');
  while (at < n && d[at] == '\n') {
    ++lines;
    at = find_either(d, at + 1, n, '"', '\n');
  }
  return at;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  if (pos_ >= data_.size()) return false;
  record_line_ = line_;
  terminated_ = false;
  scratch_.clear();
  unescaped_.clear();
  const char* d = data_.data();
  const std::size_t n = data_.size();

  auto quote_from = [&](std::size_t from) { return next_quote(from, line_); };
  // True when a field ends at `at`: a delimiter, LF, CRLF, or the end of input.
  auto field_ends = [&](std::size_t at) {
    return at >= n || d[at] == delimiter_ || d[at] == '\n' ||
           (d[at] == '\r' && at + 1 < n && d[at + 1] == '\n');
  };

  for (;;) {
    // One field starts at pos_.
    if (pos_ < n && d[pos_] == '"') {
      ++pos_;
      const std::size_t start = pos_;
      // Most quoted fields hold no doubled quote and end at their closing
      // quote: they are views into the input.
      std::size_t stop = quote_from(pos_);
      pos_ = stop;
      if (pos_ >= n) {  // never closed: runs to the end of the input
        fields.emplace_back(d + start, n - start);
        break;
      }
      ++pos_;  // past the closing quote
      if (field_ends(pos_)) {
        fields.emplace_back(d + start, stop - start);
      } else {
        // A doubled quote, or text after the closing quote: unescape into
        // scratch; text after the closing quote up to the delimiter or the
        // record end is appended as it is (Python csv behaviour).
        const std::size_t from = scratch_.size();
        scratch_.append(d + start, stop - start);
        while (pos_ < n && d[pos_] == '"') {  // doubled quote: one quote, and the field goes on
          scratch_.push_back('"');
          stop = quote_from(pos_ + 1);
          scratch_.append(d + pos_ + 1, stop - pos_ - 1);
          pos_ = stop < n ? stop + 1 : n;  // past the closing quote; never closed: the end
        }
        for (; !field_ends(pos_); ++pos_) scratch_.push_back(d[pos_]);
        unescaped_.push_back({fields.size(), from, scratch_.size() - from});
        fields.emplace_back();  // set below, once scratch_ no longer moves
      }
    } else {
      // Unquoted: up to the delimiter, LF, or CRLF; quotes inside are data.
      const std::size_t start = pos_;
      pos_ = find_either(d, pos_, n, delimiter_, '\n');
      std::size_t end = pos_;
      if (pos_ < n && d[pos_] == '\n' && end > start && d[end - 1] == '\r') --end;
      fields.emplace_back(d + start, end - start);
    }
    // After a field: delimiter, record end, or end of input.
    if (pos_ >= n) break;
    if (d[pos_] == delimiter_) {
      ++pos_;
      if (fields.size() > kMaxFields) {
        // Past the bound the record is known to be bad: the last field is
        // dropped again, so that the vector stays bounded (the 10-million-
        // column header). Its scratch bytes stay; the record bounds them.
        if (!unescaped_.empty() && unescaped_.back().field + 1 == fields.size()) {
          unescaped_.pop_back();
        }
        fields.pop_back();
      }
      if (pos_ >= n) {  // a trailing delimiter at end of input: one more empty field
        fields.emplace_back(d + pos_, 0);
        break;
      }
      continue;
    }
    if (d[pos_] == '\r') ++pos_;  // CRLF after a quoted field
    if (pos_ < n && d[pos_] == '\n') {
      ++pos_;
      ++line_;
      terminated_ = true;
    }
    break;
  }
  for (const Unescaped& u : unescaped_) {
    fields[u.field] = std::string_view(scratch_.data() + u.offset, u.length);
  }
  return true;
}

bool CsvReader::next_simple(std::size_t count, std::string_view* const* slots) {
  const char* d = data_.data();
  const std::size_t n = data_.size();
  std::size_t p = pos_;
  std::uint64_t lines = 0;
  bool any = false;
  // Knowing which column is the last, each field's end is expected: a
  // delimiter, or the line feed after the last one. Anything else (fewer or
  // more fields, a doubled quote, text after a closing quote, the end of
  // the data) is left to next().
  for (std::size_t c = 0; c < count; ++c) {
    if (p >= n) return false;
    const bool last = c + 1 == count;
    std::size_t start, end;
    if (d[p] == '"') {
      start = p + 1;
      const std::size_t q = next_quote(start, lines);
      if (q + 1 >= n) return false;  // never closed, or closed at the very end
      end = q;
      p = q + 1;
      if (!last) {
        if (d[p] != delimiter_) return false;
      } else {
        if (d[p] == '\r' && p + 1 < n && d[p + 1] == '\n') ++p;
        if (d[p] != '\n') return false;
        ++lines;
      }
    } else {
      start = p;
      p = find_either(d, p, n, delimiter_, '\n');
      if (p >= n) return false;
      end = p;
      if (!last) {
        if (d[p] != delimiter_) return false;
      } else {
        if (d[p] != '\n') return false;
        if (end > start && d[end - 1] == '\r') --end;
        ++lines;
      }
    }
    ++p;  // past the delimiter or the line feed
    // A record is blank when every field is empty once trimmed (spec 7):
    // almost every record's first field starts with a byte above ' '.
    if (!any) any = !trim_ascii(std::string_view(d + start, end - start)).empty();
    if (slots[c] != nullptr) *slots[c] = std::string_view(d + start, end - start);
  }
  if (!any) return false;  // a blank record: next() and its caller count it
  record_line_ = line_;
  line_ += lines;
  pos_ = p;
  terminated_ = true;
  return true;
}

}  // namespace ssla
