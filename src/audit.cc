#include "ssla/audit.h"

#include <algorithm>

#include "ssla/error.h"
#include "ssla/evaluate.h"

namespace ssla {

Audit run_audit(const Policy& policy, ReadResult read, const AuditOptions& options) {
  Audit audit;
  audit.policy = &policy;
  audit.options = options;
  audit.report_zone = Zone::find(policy.timezone);
  if (!audit.report_zone.valid()) throw usage_error("unknown time zone " + policy.timezone);
  audit.read = std::move(read);
  audit.quality = audit.read.quality;
  const MessageTable& table = audit.read.table;

  // 1. as_of: --as-of, else the latest created_at of the accepted rows, so
  //    that the same files always give the same report.
  if (options.as_of) {
    audit.as_of = *options.as_of;
  } else {
    audit.as_of = 0;
    for (const Message& m : table.messages) audit.as_of = std::max(audit.as_of, m.created_at);
  }

  // 2. Conversations from the messages up to as_of; link counters over all.
  audit.conversations = build_conversations(table, audit.as_of, audit.quality, options.threads);
  if (!options.lists_episodes) {
    audit.read.table.ids = IdTable();
    audit.read.table.index_of_id.clear();
  }

  // 3. Episodes: walk each conversation.
  audit.episodes = find_episodes(table, audit.conversations, options.threads);
  if (options.lists_episodes) {
    sort_episodes(audit.episodes);
  } else {
    audit.conversations.members.clear();
    audit.conversations.offsets.clear();
  }

  // 4. Evaluate every episode against its channel's clock.
  evaluate_episodes(policy, table, audit.as_of, audit.episodes.episodes, audit.quality,
                    options.threads);

  // 5. Aggregate the window into groups.
  audit.groups = aggregate(policy, table, audit.episodes, options.window, options.by,
                           audit.report_zone);
  return audit;
}

}  // namespace ssla
