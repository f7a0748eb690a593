#include "ssla/audit/conversations.h"

#include <algorithm>

#include "ssla/base/halves.h"
#include "ssla/base/key_map.h"

namespace ssla {

namespace {

constexpr std::uint32_t kNone = Interner::kNone;

// The reply forest of the messages selected by `included`: parent links with
// cycles broken (spec 3.1), and the depth, root and customer of every
// included message (kNone for the rest). Four 4-byte arrays per message.
struct ReplyTree {
  PodVector<std::uint32_t> parent;  // message index, kNone for roots
  PodVector<std::uint32_t> depth;
  PodVector<std::uint32_t> root;      // message index
  PodVector<std::uint32_t> customer;  // strings id of the customer's author key, or kNone
  std::uint64_t cycles = 0;
  bool parents_first = true;  // every link points to an earlier message
};

// Links each message to its parent among the included ones. A parent that is
// absent, or excluded by the cut-off, makes the message a root. With
// `counters`, also counts the links as given (spec 7: orphan replies and
// replies before their parent), on the same pass.
void link(const MessageTable& table, const std::vector<bool>& included, ReplyTree& tree,
          DataQuality* counters) {
  const std::size_t n = table.messages.size();
  tree.parent.assign(n, kNone);
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t pid = table.messages[i].parent;
    if (pid == kNone) continue;
    const std::uint32_t p = table.index_of_id[pid];
    if (counters != nullptr) {
      if (p == kNone) {
        ++counters->orphan_replies;
      } else if (table.messages[i].created_at < table.messages[p].created_at) {
        ++counters->replies_before_parent;
      }
    }
    if (p != kNone && included[i] && included[p]) {
      tree.parent[i] = p;
      tree.parents_first = tree.parents_first && p < i;
    }
  }
  // A cycle needs a link to a later message; exports mostly list a reply
  // after its parent, and then there is nothing to break.
  if (tree.parents_first) return;

  // Break cycles: walk up from every unvisited message, marking the walk;
  // meeting a message of the current walk closes a cycle, which is broken at
  // its member that comes first in input order (spec 3.1).
  PodVector<std::uint32_t> walk_of;
  walk_of.assign(n, kNone);
  std::vector<std::uint32_t> path;
  for (std::uint32_t start = 0; start < n; ++start) {
    if (!included[start] || walk_of[start] != kNone) continue;
    std::uint32_t v = start;
    while (v != kNone && walk_of[v] == kNone) {
      walk_of[v] = start;
      v = tree.parent[v];
    }
    if (v != kNone && walk_of[v] == start) {
      std::uint32_t first = v;
      for (std::uint32_t u = tree.parent[v]; u != v; u = tree.parent[u]) first = std::min(first, u);
      tree.parent[first] = kNone;
      ++tree.cycles;
    }
  }
}

// Depth, root and customer (spec 3.1: the author key of the nearest inbound
// message on the path to the root, itself included) of every included
// message. Walks up to the nearest message already done, then fills the
// path downwards: iterative, since reply chains can be very long.
void describe(const MessageTable& table, const std::vector<bool>& included, ReplyTree& tree) {
  const std::size_t n = table.messages.size();
  tree.depth.assign(n, kNone);
  tree.root.assign(n, kNone);
  tree.customer.assign(n, kNone);
  auto own_customer = [&](std::uint32_t i, std::uint32_t inherited) {
    const Message& m = table.messages[i];
    return m.direction == Direction::kInbound ? m.author : inherited;
  };
  if (tree.parents_first) {  // one pass in input order: a parent is done before its replies
    for (std::uint32_t i = 0; i < n; ++i) {
      if (!included[i]) continue;
      const std::uint32_t p = tree.parent[i];
      if (p == kNone) {
        tree.depth[i] = 0;
        tree.root[i] = i;
        tree.customer[i] = own_customer(i, kNone);
      } else {
        tree.depth[i] = tree.depth[p] + 1;
        tree.root[i] = tree.root[p];
        tree.customer[i] = own_customer(i, tree.customer[p]);
      }
    }
    return;
  }
  std::vector<std::uint32_t> path;
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
      tree.customer[v] = own_customer(v, kNone);
    }
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      const std::uint32_t p = tree.parent[*it];
      tree.depth[*it] = tree.depth[p] + 1;
      tree.root[*it] = tree.root[p];
      tree.customer[*it] = own_customer(*it, tree.customer[p]);
    }
  }
}

ReplyTree build_tree(const MessageTable& table, const std::vector<bool>& included,
                     DataQuality* counters) {
  ReplyTree tree;
  link(table, included, tree, counters);
  describe(table, included, tree);
  return tree;
}

// A new conversation under `root` (kNone in thread mode) for `key`; its number.
std::uint32_t open_conversation(Conversations& out, std::uint32_t root, std::uint32_t key) {
  out.root.push_back(root);
  out.key.push_back(key);
  return static_cast<std::uint32_t>(out.root.size() - 1);
}

// The conversations under roots, numbered in order of their first message.
// Most roots have one customer: its conversation is kept by the caller, per
// root (`first`); the others (a company post with many commenters) are
// found by (root << 32 | customer).
class RootConversations {
 public:
  // The conversation of `customer` under `root`, whose first conversation
  // is `first` (kNone: none yet); opened in `out` when new.
  std::uint32_t of(Conversations& out, std::uint32_t& first, std::uint32_t root,
                   std::uint32_t customer) {
    if (first == kNone) return first = open_conversation(out, root, customer);
    if (out.key[first] == customer) return first;
    return more_.find_or_add((std::uint64_t{root} << 32) | customer,
                             [&] { return open_conversation(out, root, customer); });
  }

 private:
  KeyMap<std::uint32_t> more_;
};

bool in_thread_mode(const MessageTable& table, std::uint32_t i) {
  return table.has_thread_column && table.thread(i) != kNone;
}

// Numbers the conversations of the included messages by their first member
// in input order; conv_of gets each message's conversation (kNone: none).
void number_conversations(const MessageTable& table, const std::vector<bool>& included,
                          const ReplyTree& tree, Conversations& out,
                          PodVector<std::uint32_t>& conv_of) {
  const std::size_t n = table.messages.size();
  conv_of.assign(n, kNone);
  // The first conversation seen under each root, and under each thread id; a
  // root with a second customer (a broadcast with many commenters) goes to
  // the map.
  PodVector<std::uint32_t> first_of_root;
  first_of_root.assign(n, kNone);
  PodVector<std::uint32_t> of_thread;
  if (table.has_thread_column) of_thread.assign(table.strings.size(), kNone);
  RootConversations under_root;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!included[i]) continue;
    std::uint32_t c;
    if (in_thread_mode(table, i)) {
      const std::uint32_t thread = table.thread(i);
      c = of_thread[thread];
      if (c == kNone) c = of_thread[thread] = open_conversation(out, kNone, thread);
    } else {
      const std::uint32_t customer = tree.customer[i];
      if (customer == kNone) continue;  // unlinked outbound
      const std::uint32_t r = tree.root[i];
      c = under_root.of(out, first_of_root[r], r, customer);
    }
    conv_of[i] = c;
  }
}

// One message's place in the reply forest, for the in-order pass below: its
// reply depth and customer (strings id, kNone when none), and for a reply
// its root (message index), for a root the first conversation opened under
// it. 12 bytes: the table of all of them fits in the pages of the id index
// the read freed (pod_vector.cc keeps them for reuse).
struct Node {
  std::uint32_t depth;
  std::uint32_t customer;
  std::uint32_t root_or_first;
};

// The state of the in-order pass below over a range of messages.
struct alignas(kCacheLine) InOrderPart {  // one per thread
  Conversations out;
  RootConversations under_root;
  std::uint64_t orphans = 0, before_parent = 0, unlinked = 0, automated = 0;
  // Second part of a split pass: its messages whose root lies in the first
  // part, in input order (their Node::depth is kDeferred until numbered).
  std::vector<std::uint32_t> deferred;
};

constexpr std::uint32_t kDeferred = kNone - 1;  // in Node::depth; no depth reaches it

// Describes message i, whose parent p (kNone: none) is described, and puts
// it in its conversation, opened in part.out when new.
inline void number_one(const MessageTable& table, std::uint32_t i, std::uint32_t p,
                       PodVector<Node>& nodes, PodVector<std::uint32_t>& conv_of,
                       InOrderPart& part) {
  const Message& m = table.messages[i];
  Node& me = nodes[i];
  std::uint32_t r;  // the root
  if (p == kNone) {
    r = i;
    me.depth = 0;
    me.root_or_first = kNone;  // no conversation yet
    me.customer = m.direction == Direction::kInbound ? m.author : kNone;
  } else {
    const Node& up = nodes[p];
    r = up.depth == 0 ? p : up.root_or_first;
    me.depth = up.depth + 1;
    me.root_or_first = r;
    me.customer = m.direction == Direction::kInbound ? m.author : up.customer;
  }
  if (me.customer == kNone) {
    ++part.unlinked;
    conv_of[i] = kNone;
    return;
  }
  if (m.ignored_author) ++part.automated;
  conv_of[i] = part.under_root.of(part.out, nodes[r].root_or_first, r, me.customer);
}

// The usual export in one pass: no thread ids, every reply listed after its
// parent (then no cycle is possible and a parent is done before its
// replies), nothing after the cut-off. Links, describes and numbers each
// message of [from, to) as build_tree() and number_conversations() would,
// reading its parent's record once. With `defer`, a message whose parent
// lies before `from` (or is deferred) goes to part.deferred instead of
// being described. False for any other input.
bool number_range(const MessageTable& table, Instant cutoff, std::uint32_t from, std::uint32_t to,
                  bool defer, PodVector<Node>& nodes, PodVector<std::uint32_t>& conv_of,
                  InOrderPart& part) {
  for (std::uint32_t i = from; i < to; ++i) {
    const Message& m = table.messages[i];
    if (m.created_at > cutoff) return false;
    std::uint32_t p = kNone;
    if (m.parent != kNone) {
      p = table.index_of_id[m.parent];
      if (p == kNone) {
        ++part.orphans;
      } else if (p >= i) {
        return false;
      } else if (m.created_at < table.messages[p].created_at) {
        ++part.before_parent;
      }
    }
    if (defer && p != kNone && (p < from || nodes[p].depth == kDeferred)) {
      nodes[i].depth = kDeferred;
      part.deferred.push_back(i);
      continue;
    }
    number_one(table, i, p, nodes, conv_of, part);
  }
  return true;
}

// number_range() over all messages, in two parts on two threads when
// `split`: the second part's conversations are numbered after the first's,
// then the conversations of its deferred messages (under roots of the first
// part) are found or opened, in input order, after both. Each message ends
// in the same conversation as in one pass, with the same members; only the
// numbers of the conversations differ. Returns false, with `quality`
// untouched, for an input the pass cannot number: the caller then takes the
// general path.
bool number_in_order(const MessageTable& table, Instant cutoff, bool split, DataQuality& quality,
                     Conversations& out, PodVector<std::uint32_t>& conv_of,
                     PodVector<Node>& nodes) {
  if (table.has_thread_column) return false;
  const auto n = static_cast<std::uint32_t>(table.messages.size());
  nodes.resize_for_overwrite(n);  // every record is written at its turn
  conv_of.resize_for_overwrite(n);
  InOrderPart parts[2];
  bool ok[2] = {true, true};
  const std::uint32_t middle = n / 2;
  run_in_halves(split && n >= kSplitFrom, middle, n, [&](std::size_t from, std::size_t to) {
    const int k = from == 0 ? 0 : 1;
    ok[k] = number_range(table, cutoff, static_cast<std::uint32_t>(from),
                         static_cast<std::uint32_t>(to), k == 1, nodes, conv_of, parts[k]);
  });
  if (!ok[0] || !ok[1]) return false;

  InOrderPart& first = parts[0];
  InOrderPart& second = parts[1];
  if (!second.out.root.empty()) {
    // The second part's conversations follow the first's: their lists are
    // joined on one thread while the other renumbers the second part's
    // messages.
    const auto offset = static_cast<std::uint32_t>(first.out.root.size());
    run_beside(
        split && n >= kSplitFrom,
        [&] {
          first.out.root.take_append(second.out.root);
          first.out.key.take_append(second.out.key);
        },
        [&] {
          for (std::uint32_t i = middle; i < n; ++i) {
            if (nodes[i].depth != kDeferred && conv_of[i] != kNone) conv_of[i] += offset;
          }
        });
  }
  // The deferred messages, in input order (their parents are done by then),
  // under the first part's roots: their conversations are found there, or
  // opened after all others.
  for (const std::uint32_t i : second.deferred) {
    number_one(table, i, table.index_of_id[table.messages[i].parent], nodes, conv_of, first);
  }
  for (const InOrderPart& part : parts) {
    quality.orphan_replies += part.orphans;
    quality.replies_before_parent += part.before_parent;
    quality.unlinked_outbound += part.unlinked;
    quality.automated_replies += part.automated;
  }
  out = std::move(first.out);
  return true;
}

// Fills out.offsets and out.members from conv_of, each conversation's
// members in input order: the members of the messages before `middle` and
// from it are counted per conversation, then placed, each half on its own
// thread when `split` (else middle is n and the second half is empty). A
// conversation's first-half members go before its second-half ones, as one
// pass in input order places them. `beside` (if any) runs on the second
// thread, when `two_threads`, while this one turns the counts into
// offsets. The two count arrays are the offsets and a fill array.
void place_members(const PodVector<std::uint32_t>& conv_of, bool split, bool two_threads,
                   const std::function<void()>& beside, Conversations& out) {
  const std::size_t n = conv_of.size();
  const std::size_t conversations = out.root.size();
  const std::size_t middle = split ? n / 2 : n;
  // first[c + 1] and out.offsets[c + 1]: conversation c's members among
  // messages [0, middle) and [middle, n).
  PodVector<std::uint32_t> first;
  auto count = [&](PodVector<std::uint32_t>& counts, std::size_t from, std::size_t to) {
    counts.assign(conversations + 1, 0);
    for (std::size_t i = from; i < to; ++i) {
      if (conv_of[i] != kNone) ++counts[conv_of[i] + 1];
    }
  };
  run_beside(
      split, [&] { count(first, 0, middle); }, [&] { count(out.offsets, middle, n); });
  // Then first[c] is where conversation c's first-half members go, and
  // out.offsets[c + 1] where its second-half ones do; once they are placed,
  // out.offsets[c + 1] is where conversation c + 1 starts.
  run_beside(
      two_threads && beside,
      [&] {
        std::uint32_t at = 0;
        for (std::size_t c = 0; c < conversations; ++c) {
          const std::uint32_t in_first = first[c + 1];
          const std::uint32_t in_second = out.offsets[c + 1];
          first[c] = at;
          out.offsets[c + 1] = at + in_first;
          at += in_first + in_second;
        }
        out.offsets[0] = 0;
        out.members.resize(at);
      },
      [&] {
        if (beside) beside();
      });
  // fill[conv_of[i] + shift] is where message i goes.
  auto place = [&](PodVector<std::uint32_t>& fill, std::uint32_t shift, std::size_t from,
                   std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      if (conv_of[i] != kNone) {
        out.members[fill[conv_of[i] + shift]++] = static_cast<std::uint32_t>(i);
      }
    }
  };
  run_beside(
      split, [&] { place(first, 0, 0, middle); }, [&] { place(out.offsets, 1, middle, n); });
}

// Fills out.offsets and out.members from conv_of (then freed): each
// conversation's members in spec 3.2 order. depth(i) is message i's reply
// depth.
template <typename Depth>
void order_members(const MessageTable& table, PodVector<std::uint32_t>& conv_of, const Depth& depth,
                   unsigned threads, const std::function<void()>& beside, Conversations& out) {
  place_members(conv_of, threads >= 2 && conv_of.size() >= kSplitFrom, threads >= 2, beside, out);
  conv_of.clear();
  // Spec 3.2 order: created_at, then reply depth, then input order (members
  // are already in input order, so a stable sort keeps it for ties). Most
  // conversations are a handful of messages, often in order already:
  // insertion sort (stable) for those, without the buffer stable_sort takes.
  auto before = [&](std::uint32_t a, std::uint32_t b) {
    const Instant ta = table.messages[a].created_at;
    const Instant tb = table.messages[b].created_at;
    if (ta != tb) return ta < tb;
    return depth(a) < depth(b);
  };
  auto sort_range = [&](std::size_t from, std::size_t to) {
    for (std::size_t c = from; c < to; ++c) {
      std::uint32_t* first = out.members.begin() + out.offsets[c];
      std::uint32_t* last = out.members.begin() + out.offsets[c + 1];
      if (last - first > 32) {
        std::stable_sort(first, last, before);
        continue;
      }
      for (std::uint32_t* i = first + 1; i < last; ++i) {
        const std::uint32_t v = *i;
        std::uint32_t* j = i;
        for (; j > first && before(v, *(j - 1)); --j) *j = *(j - 1);
        *j = v;
      }
    }
  };
  // Conversations are sorted independently of each other (disjoint ranges
  // of `members`): two threads take half of the members each.
  run_in_conversation_halves(out, threads, sort_range);
}

}  // namespace

Conversations build_conversations(const MessageTable& table, Instant cutoff, DataQuality& quality,
                                  unsigned threads, Numbering numbering,
                                  const std::function<void()>& beside) {
  const std::size_t n = table.messages.size();
  {
    Conversations out;
    PodVector<std::uint32_t> conv_of;
    PodVector<Node> nodes;
    const bool split = threads >= 2 && numbering == Numbering::kAny;
    if (number_in_order(table, cutoff, split, quality, out, conv_of, nodes)) {
      order_members(
          table, conv_of, [&](std::uint32_t i) { return nodes[i].depth; }, threads, beside, out);
      return out;
    }
  }

  // The link counters are over the parent links as given (spec 7: before
  // cycles are broken, over all rows even when --as-of leaves some out of
  // conversations): counted while linking all messages.
  std::vector<bool> included(n, true);
  ReplyTree tree = build_tree(table, included, &quality);
  quality.parent_cycles += tree.cycles;
  for (std::uint32_t i = 0; i < n; ++i) {
    const Message& m = table.messages[i];
    if (!in_thread_mode(table, i) && tree.customer[i] == kNone) {
      ++quality.unlinked_outbound;
    } else if (m.ignored_author) {
      ++quality.automated_replies;  // spec 7: ignored-author messages inside conversations
    }
  }

  // Conversations from the messages up to the cut-off, as if the export ended there.
  bool all_included = true;
  for (std::uint32_t i = 0; i < n; ++i) {
    included[i] = table.messages[i].created_at <= cutoff;
    all_included = all_included && included[i];
  }
  if (!all_included) tree = build_tree(table, included, nullptr);
  tree.parent.clear();

  Conversations out;
  PodVector<std::uint32_t> conv_of;
  number_conversations(table, included, tree, out, conv_of);
  tree.root.clear();
  tree.customer.clear();

  order_members(
      table, conv_of, [&](std::uint32_t i) { return tree.depth[i]; }, threads, beside, out);
  return out;
}

std::size_t middle_conversation(const Conversations& conversations) {
  const PodVector<std::uint32_t>& offsets = conversations.offsets;
  if (offsets.empty()) return 0;
  return static_cast<std::size_t>(
      std::upper_bound(offsets.begin(), offsets.end(), offsets[offsets.size() - 1] / 2) -
      offsets.begin() - 1);
}

void append_conversation_label(const MessageTable& table, const Conversations& conversations,
                               std::uint32_t c, std::string& out) {
  const std::uint32_t root = conversations.root[c];
  if (root != kNone) {
    table.ids.append_text(table.messages[root].id, out);
    out += '/';
  }
  out += table.strings.view(conversations.key[c]);
}

std::string conversation_label(const MessageTable& table, const Conversations& conversations,
                               std::uint32_t c) {
  const std::uint32_t root = conversations.root[c];
  const std::string_view key = table.strings.view(conversations.key[c]);
  if (root == kNone) return std::string(key);
  std::string label = table.ids.text(table.messages[root].id);
  label += '/';
  label += key;
  return label;
}

}  // namespace ssla
