#include "ssla/read/timestamp.h"

#include <array>

#include "ssla/base/ascii.h"
#include "ssla/base/unaligned.h"

namespace ssla {

namespace {

// Cursor over the text being parsed.
struct Cursor {
  std::string_view s;
  std::size_t pos = 0;

  bool done() const { return pos >= s.size(); }
  char peek() const { return done() ? '\0' : s[pos]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos;
    return true;
  }
  // Exactly n digits.
  bool fixed(std::size_t n, unsigned& out) {
    if (pos + n > s.size()) return false;
    unsigned v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = s[pos + i];
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    pos += n;
    out = v;
    return true;
  }
  // Between lo and hi digits.
  bool between(std::size_t lo, std::size_t hi, unsigned& out) {
    std::size_t n = 0;
    unsigned v = 0;
    while (n < hi && pos + n < s.size() && s[pos + n] >= '0' && s[pos + n] <= '9') {
      v = v * 10 + static_cast<unsigned>(s[pos + n] - '0');
      ++n;
    }
    if (n < lo) return false;
    pos += n;
    out = v;
    return true;
  }
  void skip_spaces() {
    while (peek() == ' ') ++pos;
  }
};

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 7> kWeekdays = {"sun", "mon", "tue", "wed",
                                                       "thu", "fri", "sat"};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Three-letter English month or weekday name; returns the index or -1.
template <std::size_t N>
int name_index(Cursor& c, const std::array<std::string_view, N>& names) {
  if (c.pos + 3 > c.s.size()) return -1;
  for (std::size_t i = 0; i < N; ++i) {
    const std::string_view n = names[i];
    if (lower(c.s[c.pos]) == n[0] && lower(c.s[c.pos + 1]) == n[1] &&
        lower(c.s[c.pos + 2]) == n[2]) {
      c.pos += 3;
      return static_cast<int>(i);
    }
  }
  return -1;
}

// An offset: Z, ±hh:mm, ±hhmm or ±hh. Returns ms to add to UTC to get local.
bool parse_offset(Cursor& c, Millis& offset) {
  if (c.eat('Z') || c.eat('z')) {
    offset = 0;
    return true;
  }
  const char sign = c.peek();
  if (sign != '+' && sign != '-') return false;
  ++c.pos;
  unsigned h = 0, m = 0;
  if (!c.fixed(2, h)) return false;
  if (!c.done()) {
    c.eat(':');
    if (!c.fixed(2, m)) return false;
  }
  if (h > 23 || m > 59) return false;
  offset = (sign == '-' ? -1 : 1) *
           (static_cast<Millis>(h) * kMillisPerHour + static_cast<Millis>(m) * kMillisPerMinute);
  return true;
}

bool valid_time(unsigned hour, unsigned minute, unsigned second) {
  return hour <= 23 && minute <= 59 && second <= 59;
}

bool valid_fields(int year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                  unsigned second) {
  return is_valid_date(year, month, day) && valid_time(hour, minute, second);
}

// The three letters at p, ASCII-lower-cased, packed into an integer.
std::uint32_t packed_name(const char* p) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(lower(p[0]))) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(lower(p[1]))) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(lower(p[2]))) << 16;
}

constexpr std::uint32_t pack(const char* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16;
}

template <std::size_t N>
constexpr std::array<std::uint32_t, N> packed_names(const std::array<std::string_view, N>& names) {
  std::array<std::uint32_t, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = pack(names[i].data());
  return out;
}

constexpr std::array<std::uint32_t, 12> kPackedMonths = packed_names(kMonths);
constexpr std::array<std::uint32_t, 7> kPackedWeekdays = packed_names(kWeekdays);

template <std::size_t N>
int packed_index(std::uint32_t packed, const std::array<std::uint32_t, N>& names) {
  for (std::size_t i = 0; i < N; ++i) {
    if (packed == names[i]) return static_cast<int>(i);
  }
  return -1;
}

// The value of n decimal digits at p, or -1 when one is not a digit.
int digits_at(const char* p, int n) {
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const unsigned d = static_cast<unsigned char>(p[i]) - '0';
    if (d > 9) return -1;
    v = v * 10 + static_cast<int>(d);
  }
  return v;
}

// What parse_twitter_fixed() made of a text.
enum class FixedLayout { kRead, kInvalid, kOther };

// The exact layout every Twitter export uses (`Tue Oct 31 22:10:47 +0000
// 2017`, 30 bytes), read at fixed places into `at`: kOther when the text has
// another layout, which the general reader then handles. Accepts exactly
// what the general reader accepts for this layout. (A status and an out
// parameter, not a nested optional: the optional's flag byte, stored and
// then read back as part of a wider word, stalled every call.)
FixedLayout parse_twitter_fixed(std::string_view text, Instant& at) {
  const char* p = text.data();
  if (text.size() != 30 || p[3] != ' ' || p[7] != ' ' || p[10] != ' ' || p[13] != ':' ||
      p[16] != ':' || p[19] != ' ' || p[25] != ' ' || (p[20] != '+' && p[20] != '-') ||
      p[8] == ' ') {
    return FixedLayout::kOther;
  }
  // Exports hold a few hundred days at most, and rows jump between them
  // (a thread's messages are listed together, threads are not in time
  // order: a third of the rows of a twcs export start another day). The
  // date, offset and year bytes of recent texts with a valid date are kept
  // in a small table of this thread, by a hash of those bytes; when the
  // bytes match, only the time of day is read.
  struct SameDay {
    std::uint64_t head = 0;   // bytes 0-7: weekday, month
    std::uint64_t tail = 0;   // bytes 19-26: offset
    std::uint32_t day = 0;    // bytes 7-10: day of month
    std::uint32_t year = 0;   // bytes 26-29
    Instant midnight = 0;     // UTC ms of the local midnight starting that day
    bool known = false;
  };
  constexpr int kDayBits = 7;
  thread_local SameDay days[1 << kDayBits];
  const auto head = load_unaligned<std::uint64_t>(p), tail = load_unaligned<std::uint64_t>(p + 19);
  const auto day_bytes = load_unaligned<std::uint32_t>(p + 7);
  const auto year_bytes = load_unaligned<std::uint32_t>(p + 26);
  const std::uint64_t mixed =
      (head ^ (tail * 0x9e3779b97f4a7c15ull) ^ (std::uint64_t{day_bytes} << 32 | year_bytes)) *
      0xff51afd7ed558ccdull;
  SameDay& entry = days[mixed >> (64 - kDayBits)];
  if (!entry.known || head != entry.head || day_bytes != entry.day || tail != entry.tail ||
      year_bytes != entry.year) {
    const int month = packed_index(packed_name(p + 4), kPackedMonths);
    const int day = digits_at(p + 8, 2), off_h = digits_at(p + 21, 2),
              off_m = digits_at(p + 23, 2), year = digits_at(p + 26, 4);
    if (packed_index(packed_name(p), kPackedWeekdays) < 0 || month < 0 || day < 0 || off_h < 0 ||
        off_m < 0 || year < 0 || off_h > 23 || off_m > 59 ||
        !is_valid_date(year, static_cast<unsigned>(month + 1), static_cast<unsigned>(day))) {
      return FixedLayout::kInvalid;
    }
    const Millis offset = (p[20] == '-' ? -1 : 1) * (static_cast<Millis>(off_h) * kMillisPerHour +
                                                     static_cast<Millis>(off_m) * kMillisPerMinute);
    entry = SameDay{head, tail, day_bytes, year_bytes,
                    local_ms_from_fields(year, static_cast<unsigned>(month + 1),
                                         static_cast<unsigned>(day), 0, 0, 0, 0) -
                        offset,
                    true};
  }
  // `HH:MM:SS` as one word (bytes in memory order, little-endian): the
  // colons (checked above) made digits, then every byte a digit, then the
  // three pairs' values at once (each byte times ten plus the next: at most
  // 99, no carry).
  constexpr std::uint64_t kColons = 0x0000ff0000ff0000ull;
  constexpr std::uint64_t kZeros = 0x3030303030303030ull;
  const std::uint64_t clock =
      (load_unaligned<std::uint64_t>(p + 11) & ~kColons) | (kZeros & kColons);
  if (!ascii_digits_in_word(clock)) return FixedLayout::kInvalid;
  const std::uint64_t d = clock - kZeros;
  const std::uint64_t pairs = d * 10 + (d >> 8);
  const auto hour = static_cast<unsigned>(pairs & 0xff);
  const auto minute = static_cast<unsigned>((pairs >> 24) & 0xff);
  const auto second = static_cast<unsigned>((pairs >> 48) & 0xff);
  if (!valid_time(hour, minute, second)) return FixedLayout::kInvalid;
  at = entry.midnight + hour * kMillisPerHour + minute * kMillisPerMinute + second * kMillisPerSecond;
  return FixedLayout::kRead;
}

}  // namespace

Instant TimestampParser::read_unbounded(std::string_view text) const {
  if (text.empty()) return kNoInstant;
  if (!format_.empty()) return parse_format(text).value_or(kNoInstant);
  // Twitter's fixed layout first: every row of a twcs export has it, and no
  // epoch or ISO text has its layout (a space at [3]).
  Instant at = 0;
  switch (parse_twitter_fixed(text, at)) {
    case FixedLayout::kRead:
      return at;
    case FixedLayout::kInvalid:
      return kNoInstant;
    case FixedLayout::kOther:
      break;
  }
  return parse_detected(text).value_or(kNoInstant);
}

std::optional<Instant> TimestampParser::parse_detected(std::string_view text) const {
  // Unix epoch: only digits (no sign, no fraction). 11 or fewer digits are
  // seconds, 12 or more milliseconds.
  bool digits = true;
  for (char c : text) {
    if (c < '0' || c > '9') {
      digits = false;
      break;
    }
  }
  if (digits) {
    if (text.size() > 18) return std::nullopt;
    Instant v = 0;
    for (char c : text) v = v * 10 + (c - '0');
    return text.size() <= 11 ? v * kMillisPerSecond : v;
  }
  if (text.size() >= 10 && text[4] == '-') return parse_iso(text);
  return parse_twitter(text);
}

std::optional<Instant> TimestampParser::parse_iso(std::string_view text) const {
  Cursor c{text};
  unsigned year, month, day, hour = 0, minute = 0, second = 0, millis = 0;
  if (!c.fixed(4, year) || !c.eat('-') || !c.fixed(2, month) || !c.eat('-') || !c.fixed(2, day)) {
    return std::nullopt;
  }
  if (!c.done()) {
    const char sep = c.peek();
    if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;
    ++c.pos;
    if (!c.fixed(2, hour) || !c.eat(':') || !c.fixed(2, minute)) return std::nullopt;
    if (c.eat(':')) {
      if (!c.fixed(2, second)) return std::nullopt;
      if (c.peek() == '.' || c.peek() == ',') {
        ++c.pos;
        std::size_t n = 0;
        while (!c.done() && c.peek() >= '0' && c.peek() <= '9') {
          if (n < 3) millis = millis * 10 + static_cast<unsigned>(c.peek() - '0');
          ++n;
          ++c.pos;
        }
        if (n == 0) return std::nullopt;
        for (std::size_t k = n; k < 3; ++k) millis *= 10;  // finer digits are truncated
      }
    }
  }
  if (!valid_fields(static_cast<int>(year), month, day, hour, minute, second)) return std::nullopt;
  const std::int64_t local =
      local_ms_from_fields(static_cast<int>(year), month, day, hour, minute, second, millis);
  c.skip_spaces();
  if (c.done()) return zone_.from_local(local);
  Millis offset = 0;
  if (!parse_offset(c, offset) || !c.done()) return std::nullopt;
  return local - offset;
}

std::optional<Instant> TimestampParser::parse_twitter(std::string_view text) const {
  // `Tue Oct 31 22:10:47 +0000 2017`; the weekday is not checked.
  // parse() has tried the fixed layout already.
  Cursor c{text};
  if (name_index(c, kWeekdays) < 0 || !c.eat(' ')) return std::nullopt;
  const int month = name_index(c, kMonths);
  unsigned day, hour, minute, second, year;
  Millis offset = 0;
  if (month < 0 || !c.eat(' ') || !c.between(1, 2, day) || !c.eat(' ') || !c.fixed(2, hour) ||
      !c.eat(':') || !c.fixed(2, minute) || !c.eat(':') || !c.fixed(2, second) || !c.eat(' ') ||
      !parse_offset(c, offset) || !c.eat(' ') || !c.fixed(4, year) || !c.done()) {
    return std::nullopt;
  }
  const auto m = static_cast<unsigned>(month + 1);
  if (!valid_fields(static_cast<int>(year), m, day, hour, minute, second)) return std::nullopt;
  return local_ms_from_fields(static_cast<int>(year), m, day, hour, minute, second, 0) - offset;
}

std::optional<Instant> TimestampParser::parse_format(std::string_view text) const {
  Cursor c{text};
  unsigned year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  bool has_offset = false;
  Millis offset = 0;
  for (std::size_t i = 0; i < format_.size(); ++i) {
    const char f = format_[i];
    if (f != '%' || i + 1 == format_.size()) {
      if (f == ' ') {
        if (c.peek() != ' ') return std::nullopt;
        c.skip_spaces();
      } else if (!c.eat(f)) {
        return std::nullopt;
      }
      continue;
    }
    const char conv = format_[++i];
    bool ok = true;
    switch (conv) {
      case 'Y': ok = c.fixed(4, year); break;
      case 'm': ok = c.between(1, 2, month); break;
      case 'd': ok = c.between(1, 2, day); break;
      case 'H': ok = c.between(1, 2, hour); break;
      case 'M': ok = c.between(1, 2, minute); break;
      case 'S': ok = c.between(1, 2, second); break;
      case 'z': ok = parse_offset(c, offset); has_offset = true; break;
      case 'a': ok = name_index(c, kWeekdays) >= 0; break;
      case 'b': {
        const int m = name_index(c, kMonths);
        ok = m >= 0;
        month = static_cast<unsigned>(m + 1);
        break;
      }
      case '%': ok = c.eat('%'); break;
      default: ok = false;
    }
    if (!ok) return std::nullopt;
  }
  if (!c.done()) return std::nullopt;
  if (!valid_fields(static_cast<int>(year), month, day, hour, minute, second)) return std::nullopt;
  const std::int64_t local =
      local_ms_from_fields(static_cast<int>(year), month, day, hour, minute, second, 0);
  return has_offset ? local - offset : zone_.from_local(local);
}

std::string check_timestamp_format(std::string_view format) {
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    if (i + 1 == format.size()) return "a lone % at the end";
    const char conv = format[++i];
    if (std::strchr("YmdHMSzab%", conv) == nullptr) {
      return std::string("unsupported conversion %") + conv +
             " (supported: %Y %m %d %H %M %S %z %a %b %%)";
    }
  }
  return "";
}

}  // namespace ssla
