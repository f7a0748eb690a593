// Durations and local times as printed to people (render.h): the cells of
// every human table, written without a new string where a table has
// millions of them.
#include <fmt/format.h>

#include <charconv>

#include "ssla/render/render.h"

namespace ssla {

std::string short_duration(Millis d) {
  if (d < 0) return "-" + short_duration(-d);
  const std::int64_t s = d / kMillisPerSecond;
  if (s < 86400) return business_duration(d);
  return fmt::format("{}d {:02}h", s / 86400, (s / 3600) % 24);
}

namespace {

// Two decimal digits of `v` (below 100) at p.
void put2(char* p, unsigned v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

// The breach list's cells (three a row, twice) are written here digit by
// digit; years outside 0-9999 and offsets of 100 hours or more (no real
// zone has them) by fmt.
void assign_local_time(const Audit& audit, Instant t, std::size_t from, std::size_t size,
                       std::string& out) {
  const LocalTime l = audit.report_zone.to_local(t);
  const Millis offset = audit.report_zone.offset_at(t);
  const std::int64_t minutes = (offset < 0 ? -offset : offset) / kMillisPerMinute;
  if (l.year < 0 || l.year > 9999 || minutes / 60 >= 100) {
    out.assign(fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} {}{:02}:{:02}", l.year, l.month,
                           l.day, l.hour, l.minute, l.second, offset < 0 ? '-' : '+', minutes / 60,
                           minutes % 60)
                   .substr(from, size));
    return;
  }
  char b[] = "0000-00-00 00:00:00 +00:00";
  const auto year = static_cast<unsigned>(l.year);
  put2(b, year / 100);
  put2(b + 2, year % 100);
  put2(b + 5, l.month);
  put2(b + 8, l.day);
  put2(b + 11, l.hour);
  put2(b + 14, l.minute);
  put2(b + 17, l.second);
  b[20] = offset < 0 ? '-' : '+';
  put2(b + 21, static_cast<unsigned>(minutes / 60));
  put2(b + 24, static_cast<unsigned>(minutes % 60));
  out.assign(std::string_view(b, sizeof b - 1).substr(from, size));
}

std::string local_time_text(const Audit& audit, Instant t) {
  std::string text;
  assign_local_time(audit, t, 0, std::string::npos, text);
  return text;
}

void assign_business_duration(Millis d, std::string& out) {
  out.clear();
  if (d < 0) {
    out += '-';
    d = -d;
  }
  const std::int64_t s = d / kMillisPerSecond;
  char b[32];
  auto number = [&](std::int64_t v) {
    const auto r = std::to_chars(b, b + sizeof b, v);
    out.append(b, static_cast<std::size_t>(r.ptr - b));
  };
  auto two = [&](std::int64_t v) {
    put2(b, static_cast<unsigned>(v));
    out.append(b, 2);
  };
  if (s < 60) {
    number(s);
    out += 's';
  } else if (s < 3600) {
    number(s / 60);
    out += "m ";
    two(s % 60);
    out += 's';
  } else {
    number(s / 3600);
    out += "h ";
    two((s / 60) % 60);
    out += 'm';
  }
}

std::string business_duration(Millis d) {
  std::string text;
  assign_business_duration(d, text);
  return text;
}

}  // namespace ssla
