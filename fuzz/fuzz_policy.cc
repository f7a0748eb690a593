// libFuzzer harness: the policy loader and validation, then every calendar
// it accepts compiled over a short span and asked a few questions.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ssla/base/error.h"
#include "ssla/policy/calendar.h"
#include "ssla/policy/policy_load.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const ssla::Policy policy = ssla::load_policy_text(text, "fuzz.yaml");
    const ssla::Instant begin = 1509487847000;  // 2017-10-31T22:10:47Z
    for (const ssla::CalendarSpec& spec : policy.calendars) {
      const ssla::BusinessCalendar calendar(spec, begin, begin + 40 * ssla::kMillisPerDay);
      for (int i = 0; i < 4; ++i) {
        const ssla::Instant a = begin + i * 7 * ssla::kMillisPerDay + i * 3600001;
        const ssla::Instant b = a + (i + 1) * 86400007;
        const ssla::Millis open = calendar.business(a, b);
        if (open < 0 || open > b - a) __builtin_trap();
        const auto due = calendar.due(a, (i + 1) * ssla::kMillisPerHour);
        if (due && calendar.business(a, *due) != (i + 1) * ssla::kMillisPerHour) __builtin_trap();
      }
    }
  } catch (const ssla::Error&) {
  }
  return 0;
}
