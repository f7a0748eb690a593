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
    c.rows.push_back(std::move(row));
  }
  return c;
}

}  // namespace ssla
