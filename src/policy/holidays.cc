#include "ssla/policy/holidays.h"

#include <algorithm>
#include <limits>

#include "ssla/base/zone.h"

namespace ssla {

namespace {

struct CivilDate {
  int year;
  unsigned month;
  unsigned day;
};

// Inverse of days_from_civil (Howard Hinnant's civil_from_days).
CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

// 0 = Sunday .. 6 = Saturday; 1970-01-01 was a Thursday.
unsigned weekday_of(std::int64_t day) {
  return static_cast<unsigned>(((day % 7) + 7 + 4) % 7);
}

unsigned days_in_month(int year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return (month == 2 && leap) ? 29 : kDays[month - 1];
}

// Years 0 to 10000: the range of instants (spec 8.8) and a year either side.
constexpr int kEasterYears = 10001;

// The schedule of a closed date, shared by both schedule_of().
const DaySchedule kClosed;

bool rule_matches(const Holiday& h, std::int64_t day) {
  switch (h.kind) {
    case Holiday::Kind::kDate:
    case Holiday::Kind::kRange:
      return day >= h.from_day && day <= h.to_day;
    case Holiday::Kind::kAnnual: {
      const CivilDate c = civil_from_days(day);
      return c.month == h.month && c.day == h.day;
    }
    case Holiday::Kind::kNthWeekday: {
      const CivilDate c = civil_from_days(day);
      if (c.month != h.month || weekday_of(day) != h.weekday) return false;
      if (h.nth > 0) return static_cast<int>((c.day - 1) / 7 + 1) == h.nth;
      return static_cast<int>((days_in_month(c.year, c.month) - c.day) / 7 + 1) == -h.nth;
    }
    case Holiday::Kind::kEaster: {
      // The holiday is `offset` days after the Easter of whatever year that
      // Easter falls in, so the rule can land in a neighbouring year.
      const std::int64_t easter = day - h.easter_offset;
      return easter_sunday(civil_from_days(easter).year) == easter;
    }
  }
  return false;
}

}  // namespace

std::int64_t easter_sunday(int year) {
  // Anonymous Gregorian computus (Meeus/Jones/Butcher).
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = ((h + l - 7 * m + 114) % 31) + 1;
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

HolidayIndex::HolidayIndex(const CalendarSpec& spec)
    : annual_(12 * 32, false), nth_(12 * 7 * 11, false), easter_(801, false) {
  for (const Holiday& h : spec.holidays) {
    switch (h.kind) {
      case Holiday::Kind::kDate:
      case Holiday::Kind::kRange:
        if (h.from_day <= h.to_day) dated_.emplace_back(h.from_day, h.to_day);
        break;
      case Holiday::Kind::kAnnual:
        if (h.month >= 1 && h.month <= 12 && h.day < 32) {
          annual_[(h.month - 1) * 32 + h.day] = true;
          annual_any_ = true;
        }
        break;
      case Holiday::Kind::kNthWeekday:
        if (h.month >= 1 && h.month <= 12 && h.weekday < 7 && h.nth >= -5 && h.nth <= 5) {
          nth_[((h.month - 1) * 7 + h.weekday) * 11 + static_cast<unsigned>(h.nth + 5)] = true;
          nth_any_ = true;
        }
        break;
      case Holiday::Kind::kEaster:
        if (h.easter_offset >= -400 && h.easter_offset <= 400) {
          easter_[static_cast<std::size_t>(h.easter_offset + 400)] = true;
          easter_any_ = true;
        }
        break;
    }
  }
  if (easter_any_) {
    easter_days_.resize(kEasterYears);
    for (int y = 0; y < kEasterYears; ++y)
      easter_days_[static_cast<std::size_t>(y)] = static_cast<std::int32_t>(easter_sunday(y));
  }
  std::sort(dated_.begin(), dated_.end());
  std::size_t kept = 0;
  for (const auto& r : dated_) {
    if (kept > 0 && r.first <= dated_[kept - 1].second + 1) {
      dated_[kept - 1].second = std::max(dated_[kept - 1].second, r.second);
    } else {
      dated_[kept++] = r;
    }
  }
  dated_.resize(kept);
}

bool HolidayIndex::dated_between(std::int64_t from_day, std::int64_t to_day) const {
  // The first range ending at or after from_day; it touches when it starts by to_day.
  const auto it = std::lower_bound(
      dated_.begin(), dated_.end(), from_day,
      [](const std::pair<std::int64_t, std::int64_t>& r, std::int64_t d) { return r.second < d; });
  return it != dated_.end() && it->first <= to_day;
}

bool HolidayIndex::contains(std::int64_t day) const {
  if (!dated_.empty() && dated_between(day, day)) return true;
  if (!annual_any_ && !nth_any_ && !easter_any_) return false;
  const CivilDate c = civil_from_days(day);
  if (annual_any_ && annual_[(c.month - 1) * 32 + c.day]) return true;
  if (nth_any_) {
    const unsigned wd = weekday_of(day);
    const std::size_t base = ((c.month - 1) * 7 + wd) * 11;
    const int from_start = static_cast<int>((c.day - 1) / 7 + 1);
    const int from_end = static_cast<int>((days_in_month(c.year, c.month) - c.day) / 7 + 1);
    if (nth_[base + static_cast<unsigned>(from_start + 5)] ||
        nth_[base + static_cast<unsigned>(5 - from_end)]) {
      return true;
    }
  }
  if (easter_any_) {
    // Offsets lie within +-400 days, so only the Easters of the year before,
    // this year and the next can be `offset` days before `day`.
    for (int y = c.year - 1; y <= c.year + 1; ++y) {
      const std::int64_t easter = y >= 0 && y < kEasterYears
                                      ? std::int64_t{easter_days_[static_cast<std::size_t>(y)]}
                                      : easter_sunday(y);
      const std::int64_t offset = day - easter;
      if (offset >= -400 && offset <= 400 && easter_[static_cast<std::size_t>(offset + 400)]) {
        return true;
      }
    }
  }
  return false;
}

bool is_holiday(const CalendarSpec& spec, std::int64_t day) {
  for (const Holiday& h : spec.holidays) {
    if (rule_matches(h, day)) return true;
  }
  return false;
}

std::vector<std::int64_t> holiday_dates(const CalendarSpec& spec, std::int64_t from_day,
                                        std::int64_t to_day) {
  const HolidayIndex index(spec);
  std::vector<std::int64_t> out;
  for (std::int64_t d = from_day; d <= to_day; ++d) {
    if (index.contains(d)) out.push_back(d);
  }
  return out;
}

const DaySchedule& schedule_of(const CalendarSpec& spec, std::int64_t day) {
  const auto it = spec.overrides.find(day);
  if (it != spec.overrides.end()) return it->second;
  if (is_holiday(spec, day)) return kClosed;
  return spec.weekly[weekday_of(day)];
}

const DaySchedule& schedule_of(const CalendarSpec& spec, const HolidayIndex& index,
                               std::int64_t day) {
  if (!spec.overrides.empty()) {
    const auto it = spec.overrides.find(day);
    if (it != spec.overrides.end()) return it->second;
  }
  if (index.contains(day)) return kClosed;
  return spec.weekly[weekday_of(day)];
}

std::int64_t last_dated_day(const CalendarSpec& spec) {
  std::int64_t last = std::numeric_limits<std::int64_t>::min();
  for (const Holiday& h : spec.holidays) {
    if (h.kind == Holiday::Kind::kDate || h.kind == Holiday::Kind::kRange) {
      last = std::max(last, h.to_day);
    }
  }
  if (!spec.overrides.empty()) last = std::max(last, spec.overrides.rbegin()->first);
  return last;
}

}  // namespace ssla
