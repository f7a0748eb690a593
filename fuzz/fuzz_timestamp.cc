// libFuzzer harness: the timestamp parser, with and without an explicit
// format, in UTC and in a zone with DST. Checks that every instant read lies
// in years 0001-9999 and that its RFC 3339 text reads back as the same
// instant (spec 8.8: never print an instant that cannot be read back).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ssla/base/instant.h"
#include "ssla/base/zone.h"
#include "ssla/read/timestamp.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const ssla::Zone kZones[] = {ssla::Zone::find("UTC"), ssla::Zone::find("America/New_York"),
                                      ssla::Zone::find("Australia/Lord_Howe")};
  static const ssla::TimestampParser kUtc(kZones[0], "");
  const ssla::Zone& zone = kZones[data[0] % 3];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  // A line feed splits an explicit format from the text.
  std::string format;
  if (const auto nl = text.find('\n'); nl != std::string_view::npos && (data[0] & 4) != 0) {
    format = std::string(text.substr(0, nl));
    text.remove_prefix(nl + 1);
    if (!ssla::check_timestamp_format(format).empty()) return 0;
  }
  const ssla::TimestampParser parser(zone, format);
  const ssla::Instant t = parser.read(text);
  if (t == ssla::kNoInstant) return 0;
  if (!ssla::in_instant_range(t)) __builtin_trap();
  const std::string printed = ssla::format_utc(t);
  if (kUtc.read(printed) != t) __builtin_trap();
  return 0;
}
