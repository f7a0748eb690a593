// Append-only storage of short texts (message excerpts): no hashing and no
// de-duplication, since almost every text is different.
#ifndef SSLA_TEXT_ARENA_H_
#define SSLA_TEXT_ARENA_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ssla {

/// Texts numbered 0, 1, 2, ... in the order they were added. Owns the bytes.
class TextArena {
 public:
  /// Id meaning "no text".
  static constexpr std::uint32_t kNone = 0xffffffffu;

  /// Stores `s` and returns its id.
  std::uint32_t add(std::string_view s) {
    bytes_.append(s);
    ends_.push_back(bytes_.size());
    return static_cast<std::uint32_t>(ends_.size() - 1);
  }
  /// The text of `id`; "" for kNone. Valid until the next add().
  std::string_view view(std::uint32_t id) const {
    if (id == kNone) return std::string_view();
    const std::size_t begin = id == 0 ? 0 : ends_[id - 1];
    return std::string_view(bytes_).substr(begin, ends_[id] - begin);
  }
  /// Number of texts.
  std::size_t size() const { return ends_.size(); }

 private:
  std::string bytes_;               // all texts, back to back
  std::vector<std::size_t> ends_;   // end offset of each text in bytes_
};

}  // namespace ssla

#endif  // SSLA_TEXT_ARENA_H_
