// Private to the renderers: the list of breaches under the human report
// (`report --breaches`, table or Markdown).
#ifndef SSLA_RENDER_BREACH_LIST_H_
#define SSLA_RENDER_BREACH_LIST_H_

#include "ssla/audit/audit.h"
#include "ssla/base/output.h"
#include "ssla/render/render.h"

namespace ssla {

/// Writes the window's breaches of `audit` (in report order) to `out` as an
/// aligned text table, or a Markdown one when `markdown`: id, channel,
/// account, customer, start, due, responded, business time waited and
/// overdue by, and the opening text. Unless `wide`: without the due, without
/// the account when no breach has one, times to the minute (without the
/// year when every episode and as_of fall in one year), and the text
/// cut so that the table fits options.width.
void write_breach_list(const Audit& audit, const RenderOptions& options, bool markdown, bool wide,
                       Output& out);

}  // namespace ssla

#endif  // SSLA_RENDER_BREACH_LIST_H_
