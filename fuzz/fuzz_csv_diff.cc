// libFuzzer harness, differential: the CSV scanner as the reader streams it
// (pieces of 1 to 64 bytes or 1 MiB, records straddling piece ends read
// again with more bytes, next_simple() for the common record) against a
// reference reader written here from spec 6.1 and 7 alone, a byte at a time.
// Any difference in records, fields or line numbers is a finding.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ssla/read/csv_reader.h"

namespace {

struct Record {
  std::uint64_t line = 0;
  std::vector<std::string> fields;
  bool operator==(const Record&) const = default;
};

// Spec 6.1 and 7: RFC 4180 with a BOM skipped at the start; a record ends at
// LF or CRLF outside quotes, a lone CR is data; text after a closing quote
// is appended to the field; an unclosed quote runs to the end of the input;
// a trailing delimiter at the end of the input makes one more empty field.
// Line numbers count LFs, quoted ones included. Beyond kMaxFields fields the
// scanner keeps the first kMaxFields and the last.
std::vector<Record> reference(std::string_view d, char delim) {
  std::vector<Record> out;
  std::size_t i = d.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  std::uint64_t line = 1;
  const std::size_t n = d.size();
  auto crlf = [&](std::size_t at) { return d[at] == '\r' && at + 1 < n && d[at + 1] == '\n'; };
  while (i < n) {
    Record r;
    r.line = line;
    for (;;) {
      std::string field;
      if (d[i] == '"') {
        ++i;
        bool open = true;
        while (open) {
          if (i >= n) break;  // never closed
          if (d[i] == '"') {
            if (i + 1 < n && d[i + 1] == '"') {
              field += '"';
              i += 2;
            } else {
              ++i;
              open = false;
            }
          } else {
            if (d[i] == '\n') ++line;
            field += d[i++];
          }
        }
        while (!open && i < n && d[i] != delim && d[i] != '\n' && !crlf(i)) field += d[i++];
      } else {
        while (i < n && d[i] != delim && d[i] != '\n') field += d[i++];
        if (i < n && d[i] == '\n' && !field.empty() && field.back() == '\r') field.pop_back();
      }
      r.fields.push_back(field);
      if (i >= n) break;
      if (d[i] == delim) {
        ++i;
        if (i >= n) {
          r.fields.emplace_back();
          break;
        }
        continue;
      }
      if (d[i] == '\r') ++i;
      if (i < n && d[i] == '\n') {
        ++i;
        ++line;
      }
      break;
    }
    if (r.fields.size() > ssla::CsvReader::kMaxFields + 1) {
      r.fields.erase(r.fields.begin() + ssla::CsvReader::kMaxFields, r.fields.end() - 1);
    }
    out.push_back(std::move(r));
  }
  return out;
}

// The reader's use of the scanner (csv_batches.cc, CsvParser::run) on pieces.
std::vector<Record> streamed(std::string_view d, char delim, std::size_t piece) {
  std::vector<Record> out;
  std::vector<std::string_view> fields;
  std::vector<std::string_view> values;
  std::vector<std::string_view*> slots;
  std::uint64_t line = 1;
  std::size_t start = 0;
  std::size_t want = piece;
  bool header = false;
  for (;;) {
    const std::size_t end = std::min(d.size(), start + want);
    const bool eof = end == d.size();
    const std::string_view view = d.substr(start, end - start);
    ssla::CsvReader reader(view, delim, line);
    std::size_t consumed = 0;
    for (;;) {
      if (header && reader.next_simple(slots.size(), slots.data())) {
        out.push_back({reader.line(), std::vector<std::string>(values.begin(), values.end())});
      } else if (reader.next(fields)) {
        if (!reader.terminated() && !eof) break;
        out.push_back({reader.line(), std::vector<std::string>(fields.begin(), fields.end())});
        if (!header && fields.size() <= ssla::CsvReader::kMaxFields) {  // else the file is refused
          header = true;
          values.assign(fields.size(), {});
          for (std::string_view& v : values) slots.push_back(&v);
        }
      } else {
        break;
      }
      consumed = reader.position();
      line = reader.next_line();
    }
    if (eof) return out;
    if (consumed == 0) {
      want *= 2;
      continue;
    }
    start += consumed;
    want = end - start + piece;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t knobs = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const char delim = (knobs & 0x80) != 0 ? ';' : ',';
  const std::size_t piece = (knobs & 0x40) != 0 ? std::size_t{1} << 20 : 1 + (knobs & 0x3F);
  if (streamed(text, delim, piece) != reference(text, delim)) __builtin_trap();
  return 0;
}
