// The data-quality counters of spec 4.1 (`data_quality` in report JSON).
#ifndef SSLA_DATA_QUALITY_H_
#define SSLA_DATA_QUALITY_H_

#include <cstdint>
#include <string>
#include <vector>

namespace ssla {

/// Counters over all input (not only the report window).
struct DataQuality {
  // Filled by the read stage.
  std::uint64_t rows_read = 0;        ///< every record except all-empty ones
  std::uint64_t rows_rejected = 0;
  std::uint64_t rows_blank = 0;       ///< all-empty records (not part of rows_read)
  std::uint64_t duplicates_identical = 0;
  std::uint64_t duplicates_conflicting = 0;
  // Filled by the conversation and episode stages.
  std::uint64_t orphan_replies = 0;
  std::uint64_t unlinked_outbound = 0;
  std::uint64_t replies_before_parent = 0;
  std::uint64_t parent_cycles = 0;
  std::uint64_t automated_replies = 0;
  std::vector<std::string> unconfigured_channels;  ///< sorted, lower-case
};

}  // namespace ssla

#endif  // SSLA_DATA_QUALITY_H_
