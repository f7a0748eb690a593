// `ssla compare` (spec 8.6, 8.8): the same exports reported under two
// policies, group by group, with the difference B - A.
#ifndef SSLA_COMPARE_H_
#define SSLA_COMPARE_H_

#include <optional>
#include <string>
#include <vector>

#include "ssla/audit/audit.h"

namespace ssla {

/// One row of the comparison: the group of that key under each policy,
/// nullptr on a side without it.
struct CompareRow {
  std::vector<std::string> key;  ///< values in --by order
  const Group* a = nullptr;      ///< into Comparison::a.groups
  const Group* b = nullptr;      ///< into Comparison::b.groups
  /// B's attainment less A's, from the exact counts (met / measured on each
  /// side) and rounded once, so that 8/10 - 9/10 is -0.1; none unless both
  /// sides have an attainment.
  std::optional<double> attainment_diff;
};

/// Both reports and their groups paired by key. Movable only as a whole
/// (rows point into the audits' groups, which a move keeps in place).
struct Comparison {
  Audit a;  ///< the report under the first policy
  Audit b;  ///< the report under the second policy
  std::vector<CompareRow> rows;  ///< the union of keys, sorted like report groups
};

/// Pairs the groups of two finished reports by key (both made with the
/// same --by) over the union of their keys, in report order.
Comparison compare_audits(Audit a, Audit b);

}  // namespace ssla

#endif  // SSLA_COMPARE_H_
