#include "ssla/audit/refusals.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "ssla/base/error.h"

namespace ssla {

void require_usable_rows(const ReadResult& read) {
  if (!read.table.messages.empty()) return;
  const DataQuality& q = read.quality;
  if (q.rows_read == 0) {
    throw input_error("no rows in the input: there is nothing to report on");
  }
  throw input_error(fmt::format(
      "no usable row: all {} rows read were rejected (see the reasons above); no report",
      q.rows_read));
}

bool has_outbound(const MessageTable& table) {
  for (const Message& m : table.messages) {
    if (m.direction == Direction::kOutbound) return true;
  }
  return false;
}

std::vector<std::pair<std::string, std::uint64_t>> likely_company_authors(
    const MessageTable& table, std::size_t limit) {
  // Per author key: replies to another author, and the message that first
  // showed the author (for its spelling and for ties).
  struct Count {
    std::uint64_t replies = 0;
    std::uint32_t first = 0;
  };
  std::unordered_map<std::uint32_t, Count> counts;
  for (std::uint32_t i = 0; i < table.messages.size(); ++i) {
    const Message& m = table.messages[i];
    if (m.parent == Interner::kNone || m.parent >= table.index_of_id.size()) continue;
    const std::uint32_t p = table.index_of_id[m.parent];
    if (p == Interner::kNone || table.messages[p].author == m.author) continue;
    auto [it, added] = counts.try_emplace(m.author, Count{0, i});
    ++it->second.replies;
  }
  std::vector<Count> order;
  order.reserve(counts.size());
  for (const auto& [author, count] : counts) order.push_back(count);
  std::sort(order.begin(), order.end(), [](const Count& a, const Count& b) {
    return a.replies != b.replies ? a.replies > b.replies : a.first < b.first;
  });
  if (order.size() > limit) order.resize(limit);
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (const Count& c : order) {
    out.emplace_back(table.strings.view(table.messages[c.first].author_as_written), c.replies);
  }
  return out;
}

std::string no_company_message_warning(
    const std::vector<std::pair<std::string, std::uint64_t>>& candidates,
    const std::string& policy_path) {
  std::string text =
      "ssla: warning: no company message found: every message reads as a customer's, so no "
      "episode can be answered\n";
  if (!candidates.empty()) {
    std::string names;
    for (const auto& [author, replies] : candidates) {
      names += fmt::format("{}{} ({} {})", names.empty() ? "" : ", ", author, replies,
                           replies == 1 ? "reply" : "replies");
    }
    text += "  the authors who most often reply to others: " + names + "\n";
  }
  return text + "  list the company's authors in company.accounts of " + policy_path + "\n";
}

std::string empty_window_note(const Audit& audit) {
  // Exempt messages alone make groups but no episode: the note is still due.
  if (audit.total.episodes != 0 || audit.first_start == kNoInstant) return "";
  auto local = [&](Instant t) {
    const LocalTime l = audit.report_zone.to_local(t);
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", l.year, l.month, l.day, l.hour, l.minute);
  };
  return fmt::format("ssla: note: the report window holds no episode; the input's episodes "
                     "start between {} and {} ({})\n",
                     local(audit.first_start), local(audit.last_start),
                     audit.report_zone.name());
}

}  // namespace ssla
