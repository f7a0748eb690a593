// Reading JSON (an array of objects) and NDJSON / JSON Lines with simdjson's
// On-Demand API into RawRecords (spec 7: dotted paths, literal keys first,
// numbers keep their literal text, aliases resolved per record).
#ifndef SSLA_JSON_READER_H_
#define SSLA_JSON_READER_H_

#include <functional>
#include <string>

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

}  // namespace ssla

#endif  // SSLA_JSON_READER_H_
