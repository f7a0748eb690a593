// The excerpts of the messages that opened the listed episodes, for the
// renderers that print them one episode after another.
#ifndef SSLA_OPENER_TEXTS_H_
#define SSLA_OPENER_TEXTS_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include "ssla/audit/audit.h"
#include "ssla/base/pod_vector.h"
#include "ssla/read/excerpt_store.h"

namespace ssla {

/// The opening excerpts of Audit::episodes, in episode order. When the
/// excerpts may refer to an input file's bytes, those of a chunk of
/// episodes are fetched at once, in file order (ExcerptBatch): a chunk is
/// a twelfth of the messages' count of episodes (its copies take about 8
/// bytes per message read), or every episode when all the listed texts fit
/// in 16 bytes per message (a breach list, mostly). Otherwise each is the
/// table's own view. Only the episodes `listed` accepts are fetched.
class OpenerTexts {
 public:
  /// `audit` must outlive this.
  OpenerTexts(const Audit& audit, std::function<bool(const Episode&)> listed);

  /// Episodes per chunk: fetch() ranges start at multiples of it.
  std::size_t chunk() const { return chunk_; }
  /// Fetches the texts of episodes [begin, end) (at most chunk() of them),
  /// on two threads when the audit may use two; before text() from several
  /// threads, which then only read.
  void fetch(std::size_t begin, std::size_t end);
  /// The text of episode `i` of the last fetch(); "" when it is not listed.
  /// Valid until the next fetch() (or, without a batch, the calling
  /// thread's next excerpt, see MessageTable::excerpt()).
  std::string_view text(std::size_t i) const;
  /// For a single thread going through the episodes in order: fetches the
  /// chunk of episode `i` when it is not the last one fetched, then text(i).
  std::string_view next(std::size_t i);

  /// Goes through every episode a chunk at a time: fetch() of the chunk,
  /// then pair(a_begin, a_end, b_begin, b_end) over it, in order, with two
  /// consecutive ranges of at most `block` episodes for two threads to
  /// work on at once (the second empty unless `split`).
  template <typename Pair>
  void in_block_pairs(std::size_t block, bool split, const Pair& pair) {
    const std::size_t n = audit_.episodes.episodes.size();
    for (std::size_t begin = 0; begin < n; begin += chunk_) {
      const std::size_t end = std::min(n, begin + chunk_);
      fetch(begin, end);
      for (std::size_t i = begin; i < end;) {
        const std::size_t middle = std::min(end, i + block);
        const std::size_t next = split ? std::min(end, middle + block) : middle;
        pair(i, middle, middle, next);
        i = next;
      }
    }
  }

 private:
  const Audit& audit_;
  std::function<bool(const Episode&)> listed_;
  bool batched_;
  std::size_t chunk_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  PodVector<std::uint32_t> openers_;
  ExcerptBatch batch_;
};

}  // namespace ssla

#endif  // SSLA_OPENER_TEXTS_H_
