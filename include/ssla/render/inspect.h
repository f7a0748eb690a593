// `ssla inspect`: what is in an export (spec 4).
#ifndef SSLA_INSPECT_H_
#define SSLA_INSPECT_H_

#include "ssla/audit/audit.h"
#include "ssla/base/output.h"

namespace ssla {

/// Writes the inspection of an audited input: per file the format, mapping
/// and row counts; over all files the time range (UTC and report zone),
/// counts by direction and channel, rejection reasons and the data_quality
/// counters. JSON carries the data_quality keys at the top level plus
/// `by_direction`, `by_channel`, `time_range`, `rejection_reasons` and
/// `files` (the only key that names the inputs). The text form's lines
/// wrap at `width` display columns (0: no limit).
void render_inspect(const Audit& audit, bool json, Output& out, std::size_t width = 0);

}  // namespace ssla

#endif  // SSLA_INSPECT_H_
