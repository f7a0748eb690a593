// Append-only storage of short texts (message excerpts): no hashing and no
// de-duplication, since almost every text is different.
#ifndef SSLA_TEXT_ARENA_H_
#define SSLA_TEXT_ARENA_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "ssla/base/pod_vector.h"
#include "ssla/base/prefetch.h"

namespace ssla {

/// Texts numbered 0, 1, 2, ... in the order they were added. Owns the bytes.
class TextArena {
 public:
  /// Id meaning "no text".
  static constexpr std::uint32_t kNone = 0xffffffffu;

  /// Stores `s` and returns its id.
  std::uint32_t add(std::string_view s) {
    const std::size_t at = bytes_.size();
    bytes_.resize(at + s.size());
    if (!s.empty()) std::memcpy(bytes_.data() + at, s.data(), s.size());
    ends_.push_back(bytes_.size());
    return static_cast<std::uint32_t>(ends_.size() - 1);
  }
  /// The text of `id`; "" for kNone. Valid until the next add().
  std::string_view view(std::uint32_t id) const {
    if (id == kNone) return std::string_view();
    const std::size_t begin = id == 0 ? 0 : ends_[id - 1];
    return std::string_view(bytes_.data() + begin, ends_[id] - begin);
  }
  /// Hints view(id) into the cache: first its bounds, then (once they have
  /// arrived) its bytes.
  void prefetch_bounds(std::uint32_t id) const {
    if (id < ends_.size()) prefetch_line(&ends_[id]);
  }
  void prefetch_bytes(std::uint32_t id) const {
    if (id < ends_.size()) prefetch_line(view(id).data());
  }
  /// Number of texts.
  std::size_t size() const { return ends_.size(); }

 private:
  PodVector<char> bytes_;          // all texts, back to back
  PodVector<std::uint64_t> ends_;  // end offset of each text in bytes_
};

}  // namespace ssla

#endif  // SSLA_TEXT_ARENA_H_
