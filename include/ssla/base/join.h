// Lists of names written as prose or as enumerations in messages and reports.
#ifndef SSLA_BASE_JOIN_H_
#define SSLA_BASE_JOIN_H_

#include <string>
#include <string_view>
#include <vector>

namespace ssla {

/// `items` joined by `sep`, the last two by `last_sep`: join_list({"a", "b",
/// "c"}, ", ", " and ") is "a, b and c"; one item alone, itself; none, "".
inline std::string join_list(const std::vector<std::string>& items, std::string_view sep,
                             std::string_view last_sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? last_sep : sep;
    out += items[i];
  }
  return out;
}

}  // namespace ssla

#endif  // SSLA_BASE_JOIN_H_
