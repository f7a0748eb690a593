// Which column (CSV) or key path (JSON) feeds each canonical field (spec 5, 7).
#ifndef SSLA_COLUMN_MAP_H_
#define SSLA_COLUMN_MAP_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssla/policy/policy.h"

namespace ssla {

/// The canonical message fields of spec 1 (and `agent`, spec 8.3), in this
/// order everywhere.
enum Field : std::uint8_t {
  kFieldId, kFieldParentId, kFieldThreadId, kFieldCreatedAt, kFieldAuthor, kFieldDirection,
  kFieldInbound, kFieldChannel, kFieldAccount, kFieldText, kFieldTags, kFieldAgent, kFieldCount
};

/// `id`, `parent_id`, ... as written in policies and `--map`.
std::string_view field_name(Field f);
/// The field named `name`, or kFieldCount when unknown.
Field field_from_name(std::string_view name);

/// The mapping in force for one input, before looking at its header.
struct FieldSources {
  std::string preset;  ///< `generic` or `twcs`
  /// Per field: explicit column/path (from the twcs preset, input.columns or
  /// --map), empty when the generic aliases apply.
  std::array<std::string, kFieldCount> explicit_name;
  /// Per field: true when the explicit name must exist in a CSV header
  /// (input.columns / --map, and the twcs preset's required columns).
  std::array<bool, kFieldCount> required{};
  /// Per field: where the explicit name came from, for messages.
  std::array<std::string, kFieldCount> origin;
};

/// Applies the precedence of spec 7: preset (CLI over policy), then
/// input.columns, then --map (`FIELD=COLUMN` strings). Throws
/// Error(kExitUsage) for a malformed --map or an unknown field name.
FieldSources resolve_sources(const InputSpec& policy_input, const std::string& cli_preset,
                             const std::vector<std::string>& cli_map);

/// The --map values that apply to input `path`: those without a file, and
/// those written `FILE:FIELD=COLUMN` whose FILE is `path` (as given on the
/// command line), without it and after the others (so that they win);
/// `path` "" gives those without a file only.
/// Throws Error(kExitUsage) when a FILE is not among `files`.
std::vector<std::string> maps_for_file(const std::vector<std::string>& cli_map,
                                       const std::string& path,
                                       const std::vector<std::string>& files);

/// The generic preset's aliases of a field, in order (spec 5.1).
const std::vector<std::string_view>& generic_aliases(Field f);

/// Column index per field for a CSV header (-1 = unmapped). Header names are
/// trimmed and matched exactly, else ASCII case-insensitively. Throws
/// Error(kExitInput) naming the file when a column named by the preset,
/// input.columns or --map is missing, or when no column provides `id`,
/// `created_at` or `author` (spec 8.7: the message lists the header's
/// columns and the `--map FIELD=COLUMN` options that would likely fix it).
std::array<int, kFieldCount> map_header(const FieldSources& sources,
                                        const std::vector<std::string>& header,
                                        const std::string& file);

}  // namespace ssla

#endif  // SSLA_COLUMN_MAP_H_
