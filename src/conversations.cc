#include "ssla/conversations.h"

#include <algorithm>
#include <numeric>
#include <string>

namespace ssla {

namespace {

constexpr std::uint32_t kNone = Interner::kNone;

// The reply tree of the messages selected by `included`: parent links with
// cycles broken (spec 3.1), depth and root of every included message.
struct ReplyTree {
  std::vector<std::uint32_t> parent;  // message index, kNone for roots
  std::vector<std::uint32_t> depth;
  std::vector<std::uint32_t> root;
  std::uint64_t cycles = 0;
};

// Links each message to its parent among the included ones. A parent that is
// absent, or excluded by the cut-off, makes the message a root.
ReplyTree link(const MessageTable& table, const std::vector<bool>& included) {
  const std::size_t n = table.messages.size();
  ReplyTree tree;
  tree.parent.assign(n, kNone);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!included[i]) continue;
    const std::uint32_t pid = table.messages[i].parent;
    if (pid == kNone) continue;
    const std::uint32_t p = table.index_of_id[pid];
    if (p != kNone && included[p]) tree.parent[i] = p;
  }

  // Break cycles: walk up from every unvisited message, marking the walk;
  // meeting a message of the current walk closes a cycle, which is broken at
  // its member that comes first in input order (spec 3.1).
  std::vector<std::uint32_t> walk_of(n, kNone);
  std::vector<std::uint32_t> path;
  for (std::uint32_t start = 0; start < n; ++start) {
    if (!included[start] || walk_of[start] != kNone) continue;
    path.clear();
    std::uint32_t v = start;
    while (v != kNone && walk_of[v] == kNone) {
      walk_of[v] = start;
      path.push_back(v);
      v = tree.parent[v];
    }
    if (v != kNone && walk_of[v] == start) {
      std::uint32_t first = v;
      for (std::uint32_t u = tree.parent[v]; u != v; u = tree.parent[u]) first = std::min(first, u);
      tree.parent[first] = kNone;
      ++tree.cycles;
    }
  }

  // Depth and root, computed iteratively (reply chains can be very long).
  tree.depth.assign(n, kNone);
  tree.root.assign(n, kNone);
  for (std::uint32_t start = 0; start < n; ++start) {
    if (!included[start] || tree.depth[start] != kNone) continue;
    path.clear();
    std::uint32_t v = start;
    while (tree.depth[v] == kNone && tree.parent[v] != kNone) {
      path.push_back(v);
      v = tree.parent[v];
    }
    if (tree.depth[v] == kNone) {  // v is a root not seen before
      tree.depth[v] = 0;
      tree.root[v] = v;
    }
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      const std::uint32_t p = tree.parent[*it];
      tree.depth[*it] = tree.depth[p] + 1;
      tree.root[*it] = tree.root[p];
    }
  }
  return tree;
}

// The customer of each included message (spec 3.1): the author key of the
// nearest inbound message on the path to the root, itself included; kNone
// when there is none. Computed in depth order so that parents come first.
std::vector<std::uint32_t> customers(const MessageTable& table, const ReplyTree& tree,
                                     const std::vector<bool>& included) {
  const std::size_t n = table.messages.size();
  // Messages bucketed by depth (a counting sort: depths are small integers).
  std::vector<std::uint32_t> start_of_depth;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!included[i]) continue;
    if (tree.depth[i] + 2 > start_of_depth.size()) start_of_depth.resize(tree.depth[i] + 2, 0);
    ++start_of_depth[tree.depth[i] + 1];
  }
  for (std::size_t d = 1; d < start_of_depth.size(); ++d) start_of_depth[d] += start_of_depth[d - 1];
  std::vector<std::uint32_t> order(start_of_depth.empty() ? 0 : start_of_depth.back());
  for (std::uint32_t i = 0; i < n; ++i) {
    if (included[i]) order[start_of_depth[tree.depth[i]]++] = i;
  }
  std::vector<std::uint32_t> customer(n, kNone);
  for (std::uint32_t i : order) {
    const Message& m = table.messages[i];
    if (m.direction == Direction::kInbound) {
      customer[i] = m.author;
    } else if (tree.parent[i] != kNone) {
      customer[i] = customer[tree.parent[i]];
    }
  }
  return customer;
}

bool in_thread_mode(const MessageTable& table, const Message& m) {
  return table.has_thread_column && m.thread != kNone;
}

}  // namespace

Conversations build_conversations(const MessageTable& table, Instant cutoff,
                                  DataQuality& quality) {
  const std::size_t n = table.messages.size();
  std::vector<bool> all(n, true);

  // Counters over the parent links as given (spec 7: before cycles are broken,
  // over all rows even when --as-of leaves some out of conversations).
  for (const Message& m : table.messages) {
    if (m.parent == kNone) continue;
    const std::uint32_t p = table.index_of_id[m.parent];
    if (p == kNone) {
      ++quality.orphan_replies;
    } else if (m.created_at < table.messages[p].created_at) {
      ++quality.replies_before_parent;
    }
  }
  ReplyTree full = link(table, all);
  quality.parent_cycles += full.cycles;
  {
    const std::vector<std::uint32_t> customer = customers(table, full, all);
    for (std::uint32_t i = 0; i < n; ++i) {
      const bool in_conversation = in_thread_mode(table, table.messages[i]) || customer[i] != kNone;
      if (!in_conversation) {
        ++quality.unlinked_outbound;
      } else if (table.messages[i].ignored_author) {
        ++quality.automated_replies;  // spec 7: ignored-author messages inside conversations
      }
    }
  }

  // Conversations from the messages up to the cut-off, as if the export ended there.
  std::vector<bool> included(n);
  bool all_included = true;
  for (std::uint32_t i = 0; i < n; ++i) {
    included[i] = table.messages[i].created_at <= cutoff;
    all_included = all_included && included[i];
  }
  ReplyTree tree = all_included ? std::move(full) : link(table, included);
  const std::vector<std::uint32_t> customer = customers(table, tree, included);

  // Assign each message a conversation label; conversations are numbered by
  // the first message (in input order) that belongs to them.
  Conversations out;
  std::vector<std::uint32_t> conv_of(n, kNone);
  std::vector<std::uint32_t> count;
  std::string label;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!included[i]) continue;
    const Message& m = table.messages[i];
    if (in_thread_mode(table, m)) {
      label.assign("\x01");  // thread labels and reply labels never collide
      label.append(table.strings.view(m.thread));
    } else {
      if (customer[i] == kNone) continue;  // unlinked outbound
      label.assign(table.ids.view(table.messages[tree.root[i]].id));
      label.push_back('/');
      label.append(table.strings.view(customer[i]));
    }
    const std::uint32_t c = out.labels.intern(label);
    if (c == count.size()) count.push_back(0);
    ++count[c];
    conv_of[i] = c;
  }
  const std::size_t conversations = count.size();
  out.label.resize(conversations);
  for (std::uint32_t c = 0; c < conversations; ++c) out.label[c] = c;
  out.offsets.assign(conversations + 1, 0);
  for (std::size_t c = 0; c < conversations; ++c) out.offsets[c + 1] = out.offsets[c] + count[c];
  out.members.resize(out.offsets[conversations]);
  std::vector<std::uint32_t> fill(out.offsets.begin(), out.offsets.end() - 1);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (conv_of[i] != kNone) out.members[fill[conv_of[i]]++] = i;
  }
  // Spec 3.2 order: created_at, then reply depth, then input order (members
  // are already in input order, so a stable sort keeps it for ties).
  for (std::size_t c = 0; c < conversations; ++c) {
    std::stable_sort(out.members.begin() + out.offsets[c], out.members.begin() + out.offsets[c + 1],
                     [&](std::uint32_t a, std::uint32_t b) {
                       const Instant ta = table.messages[a].created_at;
                       const Instant tb = table.messages[b].created_at;
                       if (ta != tb) return ta < tb;
                       return tree.depth[a] < tree.depth[b];
                     });
  }
  out.depth = std::move(tree.depth);
  return out;
}

/// The printable label of conversation c (without the thread-mode marker).
std::string_view conversation_label(const Conversations& conversations, std::uint32_t c) {
  std::string_view s = conversations.labels.view(conversations.label[c]);
  if (!s.empty() && s.front() == '\x01') s.remove_prefix(1);
  return s;
}

}  // namespace ssla
