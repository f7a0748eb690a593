#include "ssla/audit/episodes.h"

#include <algorithm>
#include <vector>

#include "ssla/base/halves.h"
#include "ssla/base/prefetch.h"

namespace ssla {

namespace {

constexpr std::uint32_t kNone = Interner::kNone;

// An episode's place in report order (spec 7): no two are equal, as no
// message opens two episodes.
struct SortKey {
  Instant start;
  std::uint32_t opened_by;
  std::uint32_t index;  // into the list the key was made from
};

// A lambda, not a function: std::sort inlines it.
constexpr auto key_before = [](const SortKey& a, const SortKey& b) {
  if (a.start != b.start) return a.start < b.start;
  return a.opened_by < b.opened_by;
};

// The number of bits `x` needs.
int bits_of(std::uint64_t x) {
  return x == 0 ? 0 : 64 - __builtin_clzll(x);
}

// Sorts keys [begin, end) with key_before, using scratch[0, end - begin).
// A radix sort of one 64-bit number per key, the start's offset from the
// least start above the opener's bits (the order of key_before): stable
// passes of 11 bits from the least significant, their histograms counted
// in one read, a pass skipped when every key has the same digit. Starts a
// few months apart and the openers of 10 M messages fit in six passes,
// about a quarter of std::sort's time at a million keys; wider keys are
// left to std::sort.
void sort_keys(SortKey* begin, SortKey* end, SortKey* scratch) {
  const std::size_t n = static_cast<std::size_t>(end - begin);
  if (n < 2 || std::is_sorted(begin, end, key_before)) return;
  constexpr int kDigitBits = 11;
  constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
  Instant least = begin[0].start;
  Instant most = begin[0].start;
  std::uint32_t openers = 0;
  for (const SortKey* k = begin; k != end; ++k) {
    least = std::min(least, k->start);
    most = std::max(most, k->start);
    openers |= k->opened_by;
  }
  const int opener_bits = bits_of(openers);
  const int bits =
      opener_bits + bits_of(static_cast<std::uint64_t>(most) - static_cast<std::uint64_t>(least));
  if (n < 4096 || bits > 64) {
    std::sort(begin, end, key_before);
    return;
  }
  const int passes = (bits + kDigitBits - 1) / kDigitBits;
  auto number = [&](const SortKey& k) {
    return (static_cast<std::uint64_t>(k.start) - static_cast<std::uint64_t>(least))
               << opener_bits |
           k.opened_by;
  };
  std::vector<std::uint32_t> counts(static_cast<std::size_t>(passes) * kBuckets, 0);
  for (const SortKey* k = begin; k != end; ++k) {
    const std::uint64_t x = number(*k);
    for (int p = 0; p < passes; ++p) {
      ++counts[static_cast<std::size_t>(p) * kBuckets + ((x >> (p * kDigitBits)) & (kBuckets - 1))];
    }
  }
  SortKey* from = begin;
  SortKey* to = scratch;
  for (int p = 0; p < passes; ++p) {
    std::uint32_t* count = counts.data() + static_cast<std::size_t>(p) * kBuckets;
    const int shift = p * kDigitBits;
    if (count[(number(*from) >> shift) & (kBuckets - 1)] == n) continue;  // the order stays
    std::uint32_t at = 0;
    for (std::size_t b = 0; b < kBuckets; ++b) {
      const std::uint32_t c = count[b];
      count[b] = at;
      at += c;
    }
    for (std::size_t i = 0; i < n; ++i)
      to[count[(number(from[i]) >> shift) & (kBuckets - 1)]++] = from[i];
    std::swap(from, to);
  }
  if (from != begin) std::copy(from, from + n, begin);
}

// Spec 3.3 account fallback: the first outbound message of the conversation,
// ignored authors included, even one after the episode; its account when the
// input has an account column, else its author as written.
std::uint32_t fallback_account(const MessageTable& table, const Conversations& conversations,
                               std::uint32_t c) {
  for (std::uint32_t k = conversations.offsets[c]; k < conversations.offsets[c + 1]; ++k) {
    const std::uint32_t i = conversations.members[k];
    const Message& m = table.messages[i];
    if (m.direction != Direction::kOutbound) continue;
    return table.has_account_column ? table.account(i) : m.author_as_written;
  }
  return kNone;
}

}  // namespace

void find_episodes_in(const MessageTable& table, const Conversations& conversations,
                      std::size_t from, std::size_t to, EpisodeSet& out) {
  for (auto c = static_cast<std::uint32_t>(from); c < to; ++c) {
    std::uint32_t fallback = kNone;
    bool fallback_known = false;
    auto account_of = [&](std::uint32_t i) {
      const std::uint32_t account = table.account(i);
      if (account != kNone && !table.strings.view(account).empty()) return account;
      if (!fallback_known) {
        fallback = fallback_account(table, conversations, c);
        fallback_known = true;
      }
      return fallback;
    };

    bool open = false;
    bool first = true;
    const bool masks = table.has_priority_masks();
    for (std::uint32_t k = conversations.offsets[c]; k < conversations.offsets[c + 1]; ++k) {
      const std::uint32_t i = conversations.members[k];
      const Message& m = table.messages[i];
      if (m.direction == Direction::kInbound) {
        if (m.exempt != ExemptReason::kNone) {
          out.exempt.push_back(ExemptMessage{i, account_of(i)});
          continue;
        }
        if (open) {  // a follow-up joins the open episode
          // Its priority matches count (spec 8.2) when its mask holds the
          // episode's channel's rules: always when the bits are global,
          // else when it is of that channel.
          if (masks && (table.priority_masks_global || m.channel == out.episodes.back().channel)) {
            out.episodes.back().matched |= table.priority_mask(i);
          }
          continue;
        }
        Episode e;
        e.opened_by = i;
        e.conversation = c;
        e.channel = m.channel;
        e.account = account_of(i);
        e.kind = first ? EpisodeKind::kFirst : EpisodeKind::kNext;
        e.start = m.created_at;
        if (masks) e.matched = table.priority_mask(i);
        out.episodes.push_back(e);
        open = true;
        first = false;
      } else if (m.ignored_author) {
        continue;  // auto-replies never answer (counted by build_conversations)
      } else if (open) {
        Episode& e = out.episodes.back();
        e.responded_by = i;
        e.responded_at = m.created_at;
        const std::uint32_t signer = table.signed_by(i);
        e.responder = signer != kNone ? signer : m.author_as_written;
        open = false;
      }
    }
  }
}

EpisodeSet find_episodes(const MessageTable& table, const Conversations& conversations,
                         unsigned threads) {
  // Conversations are independent: two threads take half of the members
  // each, and the second half's episodes follow the first's, as in one pass.
  EpisodeSet first;
  EpisodeSet second;
  run_in_conversation_halves(conversations, threads, [&](std::size_t from, std::size_t to) {
    find_episodes_in(table, conversations, from, to, from == 0 ? first : second);
  });
  first.episodes.take_append(second.episodes);
  first.exempt.take_append(second.exempt);
  return first;
}

// Sorting 16-byte keys and then moving each 96-byte episode once, in place
// along the cycles of the permutation, is several times faster than sorting
// the episodes and needs no second array of them.
void sort_episodes(EpisodeSet& set, unsigned threads) {
  PodVector<Episode>& episodes = set.episodes;
  const std::size_t n = episodes.size();
  PodVector<SortKey> keys;
  keys.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    keys[i] = SortKey{episodes[i].start, episodes[i].opened_by, i};
  }
  if (std::is_sorted(keys.begin(), keys.end(), key_before)) return;
  if (threads >= 2 && n >= kSplitFrom) {
    // Each half sorted on its own thread, then merged: the order is the
    // same, as no two keys are equal (opened_by differs).
    const std::size_t middle = n / 2;
    PodVector<SortKey> merged;
    merged.resize_for_overwrite(n);
    run_in_halves(true, middle, n, [&](std::size_t from, std::size_t to) {
      sort_keys(keys.data() + from, keys.data() + to, merged.data() + from);
    });
    std::merge(keys.begin(), keys.begin() + middle, keys.begin() + middle, keys.end(),
               merged.begin(), key_before);
    keys = std::move(merged);
  } else {
    // In place: a radix sort's scratch array would raise the peak of a
    // one-thread listing by 16 bytes an episode.
    std::sort(keys.begin(), keys.end(), key_before);
  }
  // Position i receives episode src[i]. Each cycle is followed once, a
  // finished position marked by pointing it at itself. The cycle's next
  // positions are read kAhead steps before their episodes are moved, and
  // those episodes asked for then: the walk reads 4-byte entries (most in
  // the cache) and the moves no longer wait for each episode in turn.
  PodVector<std::uint32_t> src;
  src.resize(n);
  for (std::size_t i = 0; i < n; ++i) src[i] = keys[i].index;
  keys = PodVector<SortKey>();
  constexpr std::size_t kAhead = 16;
  std::uint32_t queue[kAhead];
  for (std::uint32_t i = 0; i < n; ++i) {
    if (src[i] == i) continue;
    const Episode first = episodes[i];
    std::size_t head = 0;
    std::size_t queued = 0;
    std::uint32_t ahead = i;  // the last position queued (i: none yet)
    bool closed = false;      // the walk came back to i
    auto feed = [&] {
      while (!closed && queued < kAhead) {
        const std::uint32_t next = src[ahead];
        if (next == i) {
          closed = true;
          break;
        }
        prefetch_line(&episodes[next]);
        prefetch_line(reinterpret_cast<const char*>(&episodes[next]) + sizeof(Episode) - 1);
        queue[(head + queued) % kAhead] = next;
        ++queued;
        ahead = next;
      }
    };
    feed();
    std::uint32_t at = i;
    for (;;) {
      src[at] = at;
      if (queued == 0) {  // src[at] was i
        episodes[at] = first;
        break;
      }
      const std::uint32_t from = queue[head];
      head = (head + 1) % kAhead;
      --queued;
      episodes[at] = episodes[from];
      at = from;
      feed();
    }
  }
}

PodVector<Episode> sorted_union(PodVector<Episode>& first, PodVector<Episode>& second,
                                unsigned threads) {
  const PodVector<Episode>* lists[2] = {&first, &second};
  const std::size_t n = first.size() + second.size();
  const bool split = threads >= 2 && n >= kSplitFrom;
  PodVector<SortKey> keys[2];
  run_in_halves(split, 1, 2, [&](std::size_t from, std::size_t to) {
    for (std::size_t h = from; h < to; ++h) {
      const PodVector<Episode>& list = *lists[h];
      keys[h].resize_for_overwrite(list.size());
      for (std::uint32_t i = 0; i < list.size(); ++i) {
        keys[h][i] = SortKey{list[i].start, list[i].opened_by, i};
      }
      PodVector<SortKey> scratch;
      scratch.resize_for_overwrite(list.size());
      sort_keys(keys[h].data(), keys[h].data() + list.size(), scratch.data());
    }
  });
  // The front thread writes the n / 2 first episodes of the order, taking
  // the lesser head of the two lists; the back thread the others, taking
  // the greater tail. Keys are unique, so the two meet exactly. Each reads
  // its lists' episodes a few keys ahead of moving them (they are all over
  // the lists).
  PodVector<Episode> out;
  out.resize_for_overwrite(n);
  const PodVector<SortKey>& a = keys[0];
  const PodVector<SortKey>& b = keys[1];
  const std::size_t front = split ? n / 2 : n;
  constexpr std::size_t kAhead = 8;
  auto ask = [](const PodVector<Episode>& list, const PodVector<SortKey>& k, std::size_t i) {
    if (i < k.size()) {
      prefetch_line(&list[k[i].index]);
      prefetch_line(reinterpret_cast<const char*>(&list[k[i].index]) + sizeof(Episode) - 1);
    }
  };
  run_beside(
      split,
      [&] {
        std::size_t i = 0;
        std::size_t j = 0;
        for (std::size_t o = 0; o < front; ++o) {
          if (j == b.size() || (i < a.size() && key_before(a[i], b[j]))) {
            ask(first, a, i + kAhead);
            out[o] = first[a[i++].index];
          } else {
            ask(second, b, j + kAhead);
            out[o] = second[b[j++].index];
          }
        }
      },
      [&] {
        std::size_t i = a.size();
        std::size_t j = b.size();
        for (std::size_t o = n; o > front; --o) {
          if (j == 0 || (i > 0 && key_before(b[j - 1], a[i - 1]))) {
            --i;
            if (i >= kAhead) ask(first, a, i - kAhead);
            out[o - 1] = first[a[i].index];
          } else {
            --j;
            if (j >= kAhead) ask(second, b, j - kAhead);
            out[o - 1] = second[b[j].index];
          }
        }
      });
  first = PodVector<Episode>();
  second = PodVector<Episode>();
  return out;
}

std::string_view status_name(Status status) {
  switch (status) {
    case Status::kMet:
      return "met";
    case Status::kBreachedLate:
      return "breached_late";
    case Status::kBreachedUnanswered:
      return "breached_unanswered";
    case Status::kPending:
      return "pending";
    case Status::kUnconfigured:
      return "unconfigured";
  }
  return "unconfigured";
}

std::string_view kind_name(EpisodeKind kind) {
  return kind == EpisodeKind::kFirst ? "first" : "next";
}

}  // namespace ssla
