#include "ssla/audit/audit.h"

#include <algorithm>

#include "ssla/audit/evaluate.h"
#include "ssla/base/error.h"
#include "ssla/base/halves.h"
#include "ssla/base/pod_vector.h"

namespace ssla {

namespace {

// Keeps the episodes a breach list shows (Audit::listed_breach()), from each
// block of a groups-only run (each half into its own list: the halves may
// run at once).
class KeepBreaches : public EpisodeSink {
 public:
  /// `audit` (its window) must outlive the sink.
  explicit KeepBreaches(const Audit& audit) : audit_(audit) {}

  void add(unsigned half, const EpisodeSet& block, Aggregator&, const Evaluator&) override {
    for (const Episode& e : block.episodes) {
      if (audit_.listed_breach(e)) kept_[half].list.push_back(e);
    }
  }

  /// Both halves' breaches in report order (sorted_union()).
  PodVector<Episode> take(unsigned threads) {
    return sorted_union(kept_[0].list, kept_[1].list, threads);
  }

 private:
  const Audit& audit_;
  struct alignas(kCacheLine) Kept {  // each thread's appends
    PodVector<Episode> list;
  };
  Kept kept_[2];
};

// Once the episodes are found, only `explain` looks messages up by id:
// the other listings give the lookup's memory back before they sort and print.
void free_lookup(Audit& audit) {
  if (audit.options.looks_up_messages) return;
  audit.read.table.index_of_id.clear();
  audit.conversations.members.clear();
  audit.conversations.offsets.clear();
}

}  // namespace

Audit run_audit(const Policy& policy, ReadResult read, const AuditOptions& options) {
  Audit audit;
  audit.policy = &policy;
  audit.rules = flat_rules(policy);
  audit.options = options;
  audit.report_zone = Zone::find(policy.timezone);
  if (!audit.report_zone.valid()) throw usage_error("unknown time zone " + policy.timezone);
  audit.read = std::move(read);
  audit.quality = audit.read.quality;
  const MessageTable& table = audit.read.table;
  // The tables freed from here on (between stages, and at the end) are the
  // largest of the run: allowed two threads, their pages go back on two.
  give_back_on_two_threads(options.threads > 1);
  // Kept by the read: the clocks need no pass over the messages.
  const InboundSummary* inbound = audit.read.inbound ? &*audit.read.inbound : nullptr;
  if (policy.review && options.today) {
    audit.review = ReviewState{policy.review->last_day, policy.review->next_day,
                               *options.today > policy.review->next_day};
  }

  // 1. as_of: --as-of, else the latest created_at of the accepted rows, so
  //    that the same files always give the same report.
  if (options.as_of) {
    audit.as_of = *options.as_of;
  } else if (audit.read.latest) {
    audit.as_of = *audit.read.latest;  // kept while reading: no pass over the messages
  } else {
    audit.as_of = table.messages.empty() ? 0 : table.messages[0].created_at;
    for (const Message& m : table.messages) audit.as_of = std::max(audit.as_of, m.created_at);
  }

  // 2. Conversations from the messages up to as_of; link counters over all.
  //    Linking needs the index of ids, not their texts: those only name
  //    messages in listings.
  // The conversations' tables take the pages of the tables the read freed
  // (see resize_block()); the rest go back before the later stages
  // allocate by other means.
  // A report that lists breaches only compiles its clocks on the second
  // thread while the conversations are laid out, as the groups-only one does.
  std::unique_ptr<Evaluator> breach_clocks;
  if (options.lists_episodes) {
    std::function<void()> beside;
    if (options.breaches_only) {
      beside = [&] { breach_clocks = clocks_for_inbound(policy, table, audit.as_of, inbound); };
    }
    // Listings show no conversation number: the numbering may be split in two.
    audit.conversations = build_conversations(table, audit.as_of, audit.quality, options.threads,
                                              Numbering::kAny, beside);
    release_freed_tables();
  } else {
    // Only the groups are wanted. The clocks need neither conversations
    // nor ids: they are compiled on the second thread while this one lays
    // out the conversations' member lists. The ids go first, so that the
    // conversations' tables take their place instead of raising the peak.
    // The groups depend on which messages share a conversation, not on the
    // conversations' numbers.
    audit.read.table.ids = IdTable();
    std::unique_ptr<Evaluator> evaluator;
    audit.conversations = build_conversations(
        table, audit.as_of, audit.quality, options.threads, Numbering::kAny,
        [&] { evaluator = clocks_for_inbound(policy, table, audit.as_of, inbound); });
    audit.read.table.index_of_id.clear();
    release_freed_tables();

    // 3-5 in blocks.
    std::pair<Instant, Instant> span;
    audit.groups = groups_in_blocks(policy, table, audit.conversations, *evaluator, options.window,
                                    options.by, audit.report_zone, audit.quality, options.threads,
                                    &audit.total, &span, options.sink);
    audit.first_start = span.first;
    audit.last_start = span.second;
    audit.conversations.members.clear();
    audit.conversations.offsets.clear();
    return audit;
  }

  if (options.breaches_only) {
    // 3-5 in blocks, as for groups only, keeping the window's breaches:
    // they are all the output lists, and most episodes are not breaches.
    if (breach_clocks == nullptr) {
      breach_clocks = clocks_for_inbound(policy, table, audit.as_of, inbound);
    }
    const Evaluator* evaluator = breach_clocks.get();
    KeepBreaches keep(audit);
    std::pair<Instant, Instant> span;
    audit.groups = groups_in_blocks(policy, table, audit.conversations, *evaluator, options.window,
                                    options.by, audit.report_zone, audit.quality, options.threads,
                                    &audit.total, &span, &keep);
    audit.first_start = span.first;
    audit.last_start = span.second;
    free_lookup(audit);
    audit.episodes.episodes = keep.take(options.threads);
    return audit;
  }

  // 3. Episodes: walk each conversation.
  audit.episodes = find_episodes(table, audit.conversations, options.threads);
  free_lookup(audit);
  if (options.report_order) {
    sort_episodes(audit.episodes, options.threads);
    if (!audit.episodes.episodes.empty()) {
      audit.first_start = audit.episodes.episodes.front().start;
      audit.last_start = audit.episodes.episodes.back().start;
    }
  } else if (!audit.episodes.episodes.empty()) {
    audit.first_start = audit.last_start = audit.episodes.episodes.front().start;
    for (const Episode& e : audit.episodes.episodes) {
      audit.first_start = std::min(audit.first_start, e.start);
      audit.last_start = std::max(audit.last_start, e.start);
    }
  }

  // 4. Evaluate every episode against its channel's clock.
  evaluate_episodes(policy, table, audit.as_of, audit.episodes.episodes, audit.quality,
                    options.threads);

  // 5. Aggregate the window into groups.
  audit.groups = aggregate(policy, table, audit.episodes, options.window, options.by,
                           audit.report_zone, &audit.total);

  // 6. The charts' and summaries' figures of the HTML and Markdown reports.
  if (options.figures) audit.figures = report_figures(audit);
  return audit;
}

std::vector<Group> groups_in_blocks(const Policy& policy, const MessageTable& table,
                                    const Conversations& conversations, const Evaluator& evaluator,
                                    const Window& window, const std::vector<GroupBy>& by,
                                    const Zone& report_zone, DataQuality& quality, unsigned threads,
                                    Group* total, std::pair<Instant, Instant>* span,
                                    EpisodeSink* sink) {
  // Each half of the conversations: episodes of a block of conversations,
  // evaluated and counted while they are in the cache, then the next block
  // in the same memory.
  struct alignas(kCacheLine) Half {
    Aggregator aggregator;
    std::vector<bool> unconfigured;
    Instant first = kNoInstant;  // earliest and latest episode start
    Instant last = kNoInstant;
  };
  Half halves[2] = {{Aggregator(policy, table, window, by, report_zone),
                     std::vector<bool>(evaluator.slots(), false)},
                    {Aggregator(policy, table, window, by, report_zone),
                     std::vector<bool>(evaluator.slots(), false)}};
  constexpr std::size_t kBlock = 2048;  // conversations: about 150 KB of episodes
  run_in_conversation_halves(conversations, threads, [&](std::size_t from, std::size_t to) {
    Half& half = halves[from == 0 ? 0 : 1];
    EpisodeSet block;
    for (std::size_t c = from; c < to; c += kBlock) {
      block.episodes.resize(0);
      block.exempt.resize(0);
      find_episodes_in(table, conversations, c, std::min(to, c + kBlock), block);
      for (const Episode& e : block.episodes) {
        if (half.first == kNoInstant || e.start < half.first) half.first = e.start;
        if (half.last == kNoInstant || e.start > half.last) half.last = e.start;
      }
      evaluator.evaluate(block.episodes.begin(), block.episodes.end(), half.unconfigured);
      half.aggregator.add(block);
      if (sink != nullptr) sink->add(from == 0 ? 0 : 1, block, half.aggregator, evaluator);
    }
  });
  if (span != nullptr) {
    *span = {halves[0].first, halves[0].last};
    if (span->first == kNoInstant ||
        (halves[1].first != kNoInstant && halves[1].first < span->first)) {
      span->first = halves[1].first;
    }
    span->second = std::max(halves[0].last, halves[1].last);  // kNoInstant is the least value
  }
  halves[0].aggregator.merge(halves[1].aggregator);
  quality.unconfigured_channels = evaluator.names(halves[0].unconfigured, halves[1].unconfigured);
  return halves[0].aggregator.finish(threads, total);
}

}  // namespace ssla
