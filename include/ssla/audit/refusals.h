// Spec 8.7, refusing to mislead: the checks that stop a run, or warn, when a
// report would look valid and say something false (no usable row, no
// company message, a window that misses the data).
#ifndef SSLA_REFUSALS_H_
#define SSLA_REFUSALS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ssla/audit/audit.h"
#include "ssla/read/message.h"
#include "ssla/read/read.h"

namespace ssla {

/// Throws Error(kExitInput) when the read kept no message (every row
/// rejected, or no row at all): a report of nothing would read like a clean
/// month. Call after read_messages(), which has already printed the first
/// ten reasons.
void require_usable_rows(const ReadResult& read);

/// True when some message of the table is outbound (a company message).
bool has_outbound(const MessageTable& table);

/// The authors (as first written) who most often reply to a message of
/// another author, with how many such replies, most first (ties by first
/// appearance), at most `limit`: the likely company accounts when none is
/// configured. Needs the table's index_of_id, so call it before run_audit().
std::vector<std::pair<std::string, std::uint64_t>> likely_company_authors(
    const MessageTable& table, std::size_t limit = 5);

/// The warning of spec 8.7 for input without an outbound message: a line
/// starting `ssla: warning: no company message found`, then indented lines
/// naming the candidates and what to do with them in `company.accounts` of
/// `policy_path`. Ends with a newline.
std::string no_company_message_warning(
    const std::vector<std::pair<std::string, std::uint64_t>>& candidates,
    const std::string& policy_path);

/// When the report window holds no episode but the input does: a line for
/// standard error naming the period the input's episodes cover (first and
/// last start, in the report time zone). Empty otherwise.
std::string empty_window_note(const Audit& audit);

}  // namespace ssla

#endif  // SSLA_REFUSALS_H_
