#include "ssla/audit/compare.h"

#include <utility>

namespace ssla {

Comparison compare_audits(Audit a, Audit b) {
  Comparison c;
  c.a = std::move(a);
  c.b = std::move(b);
  // Both lists are sorted by key values in --by order (byte order): one
  // merge walk pairs equal keys and keeps the union in that order.
  const std::vector<Group>& ga = c.a.groups;
  const std::vector<Group>& gb = c.b.groups;
  std::size_t i = 0, j = 0;
  while (i < ga.size() || j < gb.size()) {
    CompareRow row;
    if (j == gb.size() || (i < ga.size() && ga[i].key < gb[j].key)) {
      row.a = &ga[i++];
    } else if (i == ga.size() || gb[j].key < ga[i].key) {
      row.b = &gb[j++];
    } else {
      row.a = &ga[i++];
      row.b = &gb[j++];
    }
    row.key = row.a != nullptr ? row.a->key : row.b->key;
    if (row.a != nullptr && row.b != nullptr && row.a->measured > 0 && row.b->measured > 0) {
      // met_b / measured_b - met_a / measured_a as one fraction of integers
      // (counts below 2^63 each; the products fit 128 bits).
      const auto ma = static_cast<__int128>(row.a->measured);
      const auto mb = static_cast<__int128>(row.b->measured);
      const __int128 num =
          static_cast<__int128>(row.b->met) * ma - static_cast<__int128>(row.a->met) * mb;
      row.attainment_diff =
          static_cast<double>(static_cast<long double>(num) / static_cast<long double>(ma * mb));
    }
    c.rows.push_back(std::move(row));
  }
  return c;
}

}  // namespace ssla
