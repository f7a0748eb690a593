#include "ssla/base/zone.h"

#include <chrono>
#include <date/tz.h>

namespace ssla {

std::int64_t days_from_civil(int year, unsigned month, unsigned day) {
  // Howard Hinnant's days_from_civil algorithm, valid for the whole int range we use.
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_valid_date(int year, unsigned month, unsigned day) {
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const unsigned last = (month == 2 && leap) ? 29 : kDays[month - 1];
  return day <= last;
}

std::int64_t local_ms_from_fields(int year, unsigned month, unsigned day, unsigned hour,
                                  unsigned minute, unsigned second, unsigned millis) {
  return days_from_civil(year, month, day) * kMillisPerDay +
         static_cast<std::int64_t>(hour) * kMillisPerHour +
         static_cast<std::int64_t>(minute) * kMillisPerMinute +
         static_cast<std::int64_t>(second) * kMillisPerSecond + millis;
}

Zone Zone::find(std::string_view name) {
  Zone zone;
  zone.name_ = std::string(name);
  // Plain UTC needs no table look-up; it is also the hot default for input.
  if (name == "UTC" || name == "Etc/UTC" || name == "Z") return zone;
  // Files of the zoneinfo directory that are not IANA zone names: `localtime`
  // is the machine's own zone, so a policy naming it would mean different
  // hours on different machines.
  if (name == "localtime" || name == "posixrules") {
    zone.valid_ = false;
    return zone;
  }
  try {
    zone.tz_ = date::locate_zone(name);
  } catch (const std::exception&) {
    zone.valid_ = false;
  }
  return zone;
}

Millis Zone::offset_at(Instant t) const {
  if (tz_ == nullptr) return 0;
  const date::sys_seconds s{std::chrono::seconds{floor_div(t, kMillisPerSecond)}};
  return std::chrono::duration_cast<std::chrono::milliseconds>(tz_->get_info(s).offset).count();
}

LocalTime Zone::to_local(Instant t) const {
  const std::int64_t local = t + offset_at(t);
  const std::int64_t days = floor_div(local, kMillisPerDay);
  const std::int64_t rem = local - days * kMillisPerDay;
  const date::year_month_day ymd{date::sys_days{date::days{days}}};
  LocalTime out;
  out.year = static_cast<int>(ymd.year());
  out.month = static_cast<unsigned>(ymd.month());
  out.day = static_cast<unsigned>(ymd.day());
  out.hour = static_cast<unsigned>(rem / kMillisPerHour);
  out.minute = static_cast<unsigned>((rem / kMillisPerMinute) % 60);
  out.second = static_cast<unsigned>((rem / kMillisPerSecond) % 60);
  out.millis = static_cast<unsigned>(rem % kMillisPerSecond);
  out.weekday = date::weekday{date::sys_days{date::days{days}}}.c_encoding();
  return out;
}

Instant Zone::from_local(std::int64_t local_ms) const {
  if (tz_ == nullptr) return local_ms;
  const std::int64_t secs = floor_div(local_ms, kMillisPerSecond);
  const date::local_seconds ls{std::chrono::seconds{secs}};
  const date::local_info info = tz_->get_info(ls);
  // RFC 5545: for a skipped time `first` is the offset before the change, and
  // for a repeated time `first` is the earlier occurrence, so one rule serves
  // all three cases (unique, nonexistent, ambiguous).
  const Millis offset =
      std::chrono::duration_cast<std::chrono::milliseconds>(info.first.offset).count();
  return local_ms - offset;
}

}  // namespace ssla
