// Time zones: the only place besides the calendar code where local time
// exists. Wraps the IANA database of Howard Hinnant's date (OS tzdata).
#ifndef SSLA_ZONE_H_
#define SSLA_ZONE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ssla/base/instant.h"

namespace date {
class time_zone;
}

namespace ssla {

/// A local wall-clock time as seconds-resolution fields plus milliseconds.
struct LocalTime {
  int year = 1970;
  unsigned month = 1;   ///< 1..12
  unsigned day = 1;     ///< 1..31
  unsigned hour = 0;    ///< 0..23
  unsigned minute = 0;  ///< 0..59
  unsigned second = 0;  ///< 0..59
  unsigned millis = 0;  ///< 0..999
  unsigned weekday = 4; ///< 0 = Sunday .. 6 = Saturday (as date::weekday::c_encoding)
};

/// An IANA zone (or UTC). Cheap to copy; the zone data is owned by the
/// process-wide tz database and lives until exit.
class Zone {
 public:
  /// UTC.
  Zone() = default;

  /// Looks `name` up (`Europe/Berlin`, `UTC`). Throws nothing; see valid().
  static Zone find(std::string_view name);

  /// False when find() did not know the name.
  bool valid() const { return valid_; }
  /// The name as given to find() (`UTC` for the default).
  const std::string& name() const { return name_; }

  /// Local wall-clock time of instant t in this zone.
  LocalTime to_local(Instant t) const;

  /// Local midnight-relative milliseconds to UTC, by RFC 5545: a local time
  /// skipped by a DST change is read with the offset in force before the
  /// change; a repeated local time is its first occurrence.
  /// `local_ms` counts milliseconds from 1970-01-01T00:00 local.
  Instant from_local(std::int64_t local_ms) const;

  /// The UTC offset in force at t, in milliseconds (local = utc + offset).
  Millis offset_at(Instant t) const;

  /// The underlying date zone, nullptr for plain UTC.
  const date::time_zone* tz() const { return tz_; }

 private:
  const date::time_zone* tz_ = nullptr;
  std::string name_ = "UTC";
  bool valid_ = true;
};

/// Milliseconds from 1970-01-01T00:00 for a local civil date and time, with no
/// zone applied (days_from_civil). Fields are assumed valid.
std::int64_t local_ms_from_fields(int year, unsigned month, unsigned day, unsigned hour,
                                  unsigned minute, unsigned second, unsigned millis);

/// True when year-month-day is a real date of the proleptic Gregorian calendar.
bool is_valid_date(int year, unsigned month, unsigned day);

/// Days since 1970-01-01 of a civil date (may be negative).
std::int64_t days_from_civil(int year, unsigned month, unsigned day);

}  // namespace ssla

#endif  // SSLA_ZONE_H_
