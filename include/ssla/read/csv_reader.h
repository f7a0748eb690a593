// A quote-aware CSV scanner with the dialect of spec 6.1 and the malformed-
// input rules of spec 7 (read the way Python's csv module reads them).
#ifndef SSLA_CSV_READER_H_
#define SSLA_CSV_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ssla {

/// Splits a buffer into records of fields. Fields are views into the input
/// buffer when they need no unescaping, else into the reader's scratch
/// storage; either way they are valid until the next call to next().
class CsvReader {
 public:
  /// The most fields next() returns: a record with more returns this many
  /// plus one (its first kMaxFields and its last), so that a hostile header
  /// of millions of columns cannot take memory in proportion (a header over
  /// kMaxFields columns is an error; a longer data record is a bad row).
  static constexpr std::size_t kMaxFields = 10000;

  /// `data` must outlive the reader. `first_line` is the physical line
  /// number of data's first byte (when data is a later piece of a file read
  /// in pieces). Only when it is 1 is a leading UTF-8 byte-order mark
  /// skipped: a later piece may begin with any bytes.
  CsvReader(std::string_view data, char delimiter, std::uint64_t first_line = 1);

  /// Reads the next record into `fields` (at most kMaxFields + 1 of them);
  /// false at end of input. Records end
  /// at LF or CRLF outside quotes; a lone CR is data. A quote that never
  /// closes makes its field run to the end of the input.
  bool next(std::vector<std::string_view>& fields);

  /// next() for the common record, in one pass with no vector: exactly
  /// `count` fields, each unquoted or quoted without a doubled quote, the
  /// quoted ones closed right before the delimiter or the record end, the
  /// record ended by LF (or CRLF) within the data, and not every field
  /// empty. Then stores field c in *slots[c] (skipped when null), exactly as
  /// next() would have returned it, advances as next() would, and returns
  /// true. Otherwise returns false and changes nothing but the slots: call
  /// next() for the record.
  bool next_simple(std::size_t count, std::string_view* const* slots);

  /// Physical line (1-based) where the last record returned began.
  std::uint64_t line() const { return record_line_; }
  /// True when the last record returned ended with a line feed; false when it
  /// ran into the end of the data (and may be incomplete if more data follows).
  bool terminated() const { return terminated_; }
  /// Byte offset just after the last record returned, and the physical line there.
  std::size_t position() const { return pos_; }
  std::uint64_t next_line() const { return line_; }

 private:
  /// The next quote at or after `from` (the data's size when none): the end
  /// of a run of quoted text. Adds the line feeds before it to `lines`.
  std::size_t next_quote(std::size_t from, std::uint64_t& lines) const;

  std::string_view data_;
  std::size_t pos_ = 0;
  char delimiter_;
  std::uint64_t line_ = 1;         // physical line at pos_
  std::uint64_t record_line_ = 1;
  bool terminated_ = false;
  // A field of the current record that needed unescaping: its bytes in scratch_.
  struct Unescaped {
    std::size_t field;
    std::size_t offset;
    std::size_t length;
  };
  std::string scratch_;                // unescaped quoted fields of the current record
  std::vector<Unescaped> unescaped_;
};

/// The delimiter character of a `--delimiter` / `input.delimiter` value
/// (`,` `;` `tab` or a tab character, `|`); 0 when unknown.
char delimiter_from_name(std::string_view name);

}  // namespace ssla

#endif  // SSLA_CSV_READER_H_
