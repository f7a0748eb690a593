// How far apart two names are, for "did you mean" hints: unknown policy
// keys, commands and options, and the --map hint for a missing column.
#ifndef SSLA_EDIT_DISTANCE_H_
#define SSLA_EDIT_DISTANCE_H_

#include <cstddef>
#include <string_view>

namespace ssla {

/// The Levenshtein distance of a and b: the fewest single-byte insertions,
/// deletions and substitutions that turn one into the other (bytes compared
/// as they are; fold first to ignore case). O(|a| * |b|) time.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace ssla

#endif  // SSLA_EDIT_DISTANCE_H_
