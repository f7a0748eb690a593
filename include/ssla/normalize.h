// Turning raw records into Messages (spec 1.2, 1.3, 7): trimming, direction,
// author and channel folding, timestamps, exempt rules, duplicates.
#ifndef SSLA_NORMALIZE_H_
#define SSLA_NORMALIZE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ssla/ascii.h"
#include "ssla/column_map.h"
#include "ssla/data_quality.h"
#include "ssla/message.h"
#include "ssla/policy.h"
#include "ssla/timestamp.h"

namespace ssla {

/// One input record as read: a value per canonical field. Views point into
/// the reader's buffers and are valid only until the next record.
struct RawRecord {
  std::array<std::string_view, kFieldCount> value;
  /// Per field: the field has a source for this record (a mapped CSV column,
  /// or a JSON key/alias present and not null).
  std::array<bool, kFieldCount> mapped{};
  /// JSON only: tags given as an array (then `tags` holds them, untrimmed).
  bool tags_as_list = false;
  std::vector<std::string_view> tags;
  std::uint32_t line = 0;  ///< physical line (CSV, NDJSON) or element number (JSON array)
};

/// What varies per input file.
struct FileContext {
  std::uint16_t file = 0;          ///< index into MessageTable::files
  bool twcs = false;               ///< the twcs preset: `.0` ids, constant channel
  std::string constant_channel;    ///< for rows whose channel is empty or unmapped
  const TimestampParser* timestamps = nullptr;
  bool keep_text = true;           ///< store each message's excerpt (MessageTable::excerpts)
};

/// Accepts or rejects records into a MessageTable, in input order.
class Normalizer {
 public:
  /// `policy`, `table` and `quality` must outlive the normalizer.
  Normalizer(const Policy& policy, MessageTable& table, DataQuality& quality);

  /// Normalizes one record. Returns "" when the record was accepted or
  /// dropped as an identical duplicate; else the reason it is a bad row.
  /// A conflicting duplicate is accepted-and-dropped too, and reported
  /// through conflict() (first row wins).
  std::string add(const FileContext& ctx, const RawRecord& record);

  /// After add(): the id of a conflicting duplicate just seen, else "".
  const std::string& conflict() const { return conflict_; }

 private:
  const ChannelPolicy* channel_policy(std::uint32_t channel);

  const Policy& policy_;
  MessageTable& table_;
  DataQuality& quality_;
  PodVector<std::uint64_t> content_hash_;       // per message: text + tags, for duplicates
  std::vector<const ChannelPolicy*> channel_policy_;  // per strings id (+1), cached
  std::vector<bool> channel_known_;
  std::vector<std::string_view> tags_;          // scratch
  std::string scratch_;                         // scratch for folded strings
  std::string conflict_;
};



}  // namespace ssla

#endif  // SSLA_NORMALIZE_H_
