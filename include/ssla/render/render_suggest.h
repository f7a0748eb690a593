// Rendering `suggest` and `compare` results. Renderers format; they never
// recompute.
#ifndef SSLA_RENDER_SUGGEST_H_
#define SSLA_RENDER_SUGGEST_H_

#include <optional>
#include <string>

#include "ssla/audit/compare.h"
#include "ssla/audit/suggest.h"
#include "ssla/base/output.h"

namespace ssla {

/// `suggest --format json` (spec 8.8): per group the figures under the
/// current targets, the kept target, the closed share and the demand by hour.
void render_suggest_json(const Suggestion& s, Output& out);

/// `suggest --format table`: one row per group with attainment now, the kept
/// target at the goal and at 80/90/95 %, and the closed share; narrowed to
/// `width` display columns (0: no limit) by leaving the closed share and its
/// wait out when it is wider.
void render_suggest_table(const Suggestion& s, std::size_t width, Output& out);

/// `compare --format json` (spec 8.8).
void render_compare_json(const Comparison& c, Output& out);

/// `compare --format table` or `markdown`: both policies' figures side by
/// side with the difference B - A. In the table form, a policy's line wider
/// than `width` display columns (0: no limit) puts its as_of on the next.
void render_compare_table(const Comparison& c, bool markdown, std::size_t width, Output& out);

/// A business duration of whole minutes as people read it: `45m`,
/// `1h 30m`, `36h 00m` (never days: a business day is not 24 hours).
std::string minutes_text(std::int64_t minutes);

}  // namespace ssla

#endif  // SSLA_RENDER_SUGGEST_H_
