#include "ssla/csv_reader.h"

#include <cstring>

namespace ssla {

char delimiter_from_name(std::string_view name) {
  if (name == "," || name.empty()) return ',';
  if (name == ";") return ';';
  if (name == "|") return '|';
  if (name == "tab" || name == "\t") return '\t';
  return 0;
}

CsvReader::CsvReader(std::string_view data, char delimiter, std::uint64_t first_line)
    : data_(data), delimiter_(delimiter), line_(first_line), record_line_(first_line) {
  if (data_.size() >= 3 && std::memcmp(data_.data(), "\xEF\xBB\xBF", 3) == 0) pos_ = 3;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  if (pos_ >= data_.size()) return false;
  record_line_ = line_;
  terminated_ = false;
  scratch_.clear();
  spans_.clear();
  in_scratch_.clear();
  const char* d = data_.data();
  const std::size_t n = data_.size();

  for (;;) {
    // One field starts at pos_.
    if (pos_ < n && d[pos_] == '"') {
      // Quoted: unescape into scratch; after the closing quote, text up to the
      // delimiter or record end is appended as it is (Python csv behaviour).
      ++pos_;
      const std::size_t start = scratch_.size();
      for (;;) {
        const char* q = static_cast<const char*>(std::memchr(d + pos_, '"', n - pos_));
        const std::size_t stop = q == nullptr ? n : static_cast<std::size_t>(q - d);
        for (std::size_t i = pos_; i < stop; ++i) line_ += d[i] == '\n';
        scratch_.append(d + pos_, stop - pos_);
        pos_ = stop;
        if (pos_ >= n) break;                 // never closed: runs to end of input
        ++pos_;                               // past the quote
        if (pos_ < n && d[pos_] == '"') {     // doubled quote
          scratch_.push_back('"');
          ++pos_;
          continue;
        }
        // Closed: literal text until the delimiter or the record end.
        while (pos_ < n && d[pos_] != delimiter_ && d[pos_] != '\n' &&
               !(d[pos_] == '\r' && pos_ + 1 < n && d[pos_ + 1] == '\n')) {
          scratch_.push_back(d[pos_]);
          ++pos_;
        }
        break;
      }
      spans_.emplace_back(start, scratch_.size() - start);
      in_scratch_.push_back(1);
    } else {
      // Unquoted: up to the delimiter, LF, or CRLF; quotes inside are data.
      const std::size_t start = pos_;
      while (pos_ < n && d[pos_] != delimiter_ && d[pos_] != '\n') ++pos_;
      std::size_t end = pos_;
      if (pos_ < n && d[pos_] == '\n' && end > start && d[end - 1] == '\r') --end;
      spans_.emplace_back(start, end - start);
      in_scratch_.push_back(0);
    }
    // After a field: delimiter, record end, or end of input.
    if (pos_ >= n) break;
    if (d[pos_] == delimiter_) {
      ++pos_;
      if (pos_ >= n) {  // a trailing delimiter at end of input: one more empty field
        spans_.emplace_back(pos_, 0);
        in_scratch_.push_back(0);
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
  fields.reserve(spans_.size());
  for (std::size_t i = 0; i < spans_.size(); ++i) {
    const auto [off, len] = spans_[i];
    fields.push_back(in_scratch_[i] ? std::string_view(scratch_.data() + off, len)
                                    : std::string_view(d + off, len));
  }
  return true;
}

}  // namespace ssla
