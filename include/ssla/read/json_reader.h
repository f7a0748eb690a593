// Reading JSON (an array of objects) and NDJSON / JSON Lines with simdjson's
// On-Demand API into RawRecords (spec 7: dotted paths, literal keys first,
// numbers keep their literal text, aliases resolved per record). The read
// stage streams both formats a piece at a time: it splits the pieces into
// records (lines, or array elements found by JsonArraySplitter) and parses
// each record on its own with a JsonObjectReader. read_json_array() and
// read_ndjson() read a whole buffer at once; they are the reference the
// streamed reading is tested against.
#ifndef SSLA_JSON_READER_H_
#define SSLA_JSON_READER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "ssla/base/cpu.h"
#include "ssla/read/byte_source.h"
#include "ssla/read/column_map.h"
#include "ssla/read/normalize.h"

namespace ssla {

/// Called once per record; `bad` is non-empty when the element or line is a
/// bad row (not an object, invalid JSON), and then the record is not filled.
using RecordSink = std::function<void(const RawRecord& record, const std::string& bad)>;

/// Reads a JSON array of objects. Throws Error(kExitInput) naming `file` when
/// the document is not valid JSON as a whole or not an array.
void read_json_array(const InputBuffer& input, const FieldSources& sources,
                     const std::string& file, const RecordSink& sink);

/// Reads NDJSON: one object per line; blank lines are ignored; an invalid
/// line is a bad row.
void read_ndjson(const InputBuffer& input, const FieldSources& sources, const std::string& file,
                 const RecordSink& sink);

/// A record longer than this many bytes (an NDJSON line, an array element)
/// is a bad row and is skipped without being held: an endless line (a gzip
/// bomb of zeros, a stream without line feeds) cannot grow memory.
inline constexpr std::size_t kMaxJsonRecordBytes = std::size_t{16} << 20;

/// Parses one JSON object at a time (an NDJSON line, an array element) into
/// a RawRecord. Holds a simdjson parser and scratch space: one per thread.
class JsonObjectReader {
 public:
  /// `sources` must outlive the reader.
  explicit JsonObjectReader(const FieldSources& sources);
  ~JsonObjectReader();
  JsonObjectReader(const JsonObjectReader&) = delete;
  JsonObjectReader& operator=(const JsonObjectReader&) = delete;

  enum class Outcome : std::uint8_t {
    kObject,     ///< `record` is filled
    kNotObject,  ///< valid JSON, but not an object
    kInvalid,    ///< not valid JSON; problem() says why
  };
  /// Reads the JSON text `text`, after which at least kInputPadding bytes
  /// must be readable. The record's views point into `text`, or (strings
  /// with escapes, booleans) into this reader, valid until the next call.
  /// A flat object of scalars without escapes (most export lines) is read
  /// without simdjson, to the same record; anything else goes to simdjson.
  /// `record.line` is left as it is.
  Outcome read(std::string_view text, RawRecord& record);
  /// simdjson's message for the last kInvalid outcome.
  const std::string& problem() const { return problem_; }
  /// Reads every record with simdjson, also the flat objects of scalars
  /// that read() otherwise reads by itself: for the tests that compare the two.
  void use_simdjson_only() { flat_ = false; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string problem_;
  bool flat_ = true;  // flat objects of scalars are read without simdjson
};

/// Finds where the elements of one JSON array begin and end, given the
/// array's text a piece at a time, without parsing them: only the nesting
/// depth and whether the scan is inside a string are kept between pieces.
/// Positions are offsets into the caller's current buffer.
class JsonArraySplitter {
 public:
  enum class Step : std::uint8_t {
    kElement,   ///< an element is at [begin, end)
    kNeedMore,  ///< the buffer ends inside an element or before the next one
    kEnd,       ///< the array and the text after it (only white space) are done
  };
  /// Scans `bytes` (the whole current buffer) on from where the last call
  /// stopped. Throws Error(kExitInput) naming `file` when the text is not an
  /// array (after an optional byte-order mark) or has text after it. With
  /// `eof`, an unfinished array is such an error instead of kNeedMore.
  Step next(std::string_view bytes, bool eof, const std::string& file, std::size_t& begin,
            std::size_t& end);
  /// Where the element being scanned starts (the bytes to keep when the
  /// buffer is refilled); the scan position when between elements.
  std::size_t keep_from() const { return in_element_ ? start_ : scan_; }
  /// The caller dropped the first `n` bytes of its buffer (n <= keep_from(),
  /// or any n while skipping).
  void dropped(std::size_t n);
  /// The element being scanned is too long: its bytes may be dropped from
  /// now on while the scan goes on to its end, which next() then reports
  /// as an element with begin == end.
  void skip_element() { skipping_ = true; }
  bool skipping() const { return skipping_; }
  /// Scans strings 8 bytes at a time and nested values a byte at a time, as
  /// on a processor without AVX2 (where it has AVX2, strings 32 bytes at a
  /// time and nested values 64): for the tests that compare the two.
  void use_narrow_scan() { wide_ = false; }

 private:
  /// From p inside a nested value of the element (depth_ > 0), 64 bytes at
  /// a time while they last: returns where it stopped, with `ended` set
  /// when the element's closing bracket was the last byte taken.
  std::size_t scan_nested(const char* d, std::size_t p, std::size_t n, bool& ended);

  enum class State : std::uint8_t { kStart, kFirst, kBefore, kInside, kAfter, kDone };
  State state_ = State::kStart;
  bool in_element_ = false;
  bool in_string_ = false;
  bool escape_ = false;   // the last byte scanned in a string was a backslash
  bool skipping_ = false;
  bool bom_checked_ = false;
  bool wide_ = has_avx2();  // strings scanned 32 bytes at a time, nested values 64
  std::size_t depth_ = 0;  // of brackets and braces inside the element
  std::size_t scan_ = 0;   // next byte to look at
  std::size_t start_ = 0;  // of the element being scanned
};

}  // namespace ssla

#endif  // SSLA_JSON_READER_H_
