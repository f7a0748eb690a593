// Reading JSON (an array of objects) and NDJSON / JSON Lines with simdjson's
// On-Demand API into RawRecords (spec 7: dotted paths, literal keys first,
// numbers keep their literal text, aliases resolved per record). The read
// stage streams both formats a piece at a time: it splits the pieces into
// records (lines, or array elements found by JsonArraySplitter in
// json_array_splitter.h) and parses each record on its own with a
// JsonObjectReader. read_json_array() and read_ndjson() read a whole buffer
// at once; they are the reference the streamed reading is tested against.
#ifndef SSLA_JSON_READER_H_
#define SSLA_JSON_READER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

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

/// True for the four bytes RFC 8259 allows between tokens. Tested from
/// above first: most bytes tested (a quote, a colon, a comma) are past a
/// space, and one comparison settles them.
inline bool is_json_space(char c) {
  return static_cast<unsigned char>(c) <= 0x20 && (c == ' ' || c == '\n' || c == '\r' || c == '\t');
}

/// The offset of the first byte at or after p in d[0, n) that is not JSON
/// white space (n when none is).
inline std::size_t skip_json_space(const char* d, std::size_t p, std::size_t n) {
  while (p < n && is_json_space(d[p])) ++p;
  return p;
}

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
  /// A flat object of scalars (most export lines; escaped strings too, but
  /// for escaped surrogates) is read without simdjson, to the same record;
  /// anything else goes to simdjson.
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

}  // namespace ssla

#endif  // SSLA_JSON_READER_H_
