// ASCII helpers that read eight bytes at a time, against byte-by-byte
// references.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "ssla/base/ascii.h"

namespace {

bool upper_reference(const std::string& s) {
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') return true;
  }
  return false;
}

std::string lower_reference(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = ssla::fold_ascii(c);
  return out;
}

std::string trim_reference(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && ssla::is_space_ascii(s[b])) ++b;
  while (e > b && ssla::is_space_ascii(s[e - 1])) --e;
  return s.substr(b, e - b);
}

}  // namespace

TEST_CASE("Capital letters are found and folded at any place, beside any other byte", "[ascii]") {
  // Every byte value in every position of strings of 1 to 20 bytes, the
  // other bytes being letters just outside 'A'..'Z' or high bytes.
  std::size_t mismatches = 0;
  for (const char filler : {'@', '[', 'a', '\xC1', '\xDA', '\x7F'}) {
    for (std::size_t n = 1; n <= 20; ++n) {
      for (std::size_t at = 0; at < n; ++at) {
        for (int b = 0; b < 256; ++b) {
          std::string s(n, filler);
          s[at] = static_cast<char>(b);
          if (ssla::has_ascii_upper(s) != upper_reference(s)) ++mismatches;
          if (ssla::lower_ascii(s) != lower_reference(s)) ++mismatches;
        }
      }
    }
  }
  CHECK(mismatches == 0);
  CHECK_FALSE(ssla::has_ascii_upper(""));
  CHECK(ssla::has_ascii_upper("applesupporT"));
}

TEST_CASE("Trimming drops ASCII whitespace only, at both ends", "[ascii]") {
  std::size_t mismatches = 0;
  for (int first = 0; first < 256; ++first) {
    for (int last = 0; last < 256; ++last) {
      const std::string s = std::string(1, static_cast<char>(first)) + "x y" +
                            std::string(1, static_cast<char>(last));
      if (std::string(ssla::trim_ascii(s)) != trim_reference(s)) ++mismatches;
    }
  }
  CHECK(mismatches == 0);
  CHECK(ssla::trim_ascii(" \t\r\n") == "");
  CHECK(ssla::trim_ascii("") == "");
}

TEST_CASE("Canonical decimals are read alike at every length, and nothing else is one",
          "[ascii]") {
  // A digit at a time, as the spec's "canonical decimal" reads.
  auto reference = [](std::string_view s, std::size_t max_digits) {
    if (s.empty() || s.size() > max_digits || (s[0] == '0' && s.size() > 1)) {
      return ssla::kNotCanonicalDecimal;
    }
    std::uint64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return ssla::kNotCanonicalDecimal;
      v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
  };
  // Digits mostly, and the bytes beside them ('/' and ':'), letters, a
  // space, a high byte, and the bytes that differ from a digit only in
  // their high nibble or only past 9 in their low one.
  const std::string alphabet = std::string("0123456789012345678901234567890123456789/: a\xB5") +
                               "\x10\x19\x20\x29\x3A\x3F\x40\x49\x70\x79\xF0\xF9";
  std::mt19937 rng(20261205);
  bool all = true;
  for (int round = 0; round < 400000; ++round) {
    const std::size_t length = rng() % 21;
    std::string s;
    for (std::size_t k = 0; k < length; ++k) s += alphabet[rng() % alphabet.size()];
    for (std::size_t max_digits : {std::size_t{7}, std::size_t{8}, std::size_t{18}}) {
      const bool same = ssla::canonical_decimal(s, max_digits) == reference(s, max_digits);
      if (!same) UNSCOPED_INFO("'" << s << "' max " << max_digits);
      all = all && same;
    }
  }
  CHECK(all);
  CHECK(ssla::canonical_decimal("12345678", 8) == 12345678);
  CHECK(ssla::canonical_decimal("99999999", 18) == 99999999);
  CHECK(ssla::canonical_decimal("1000", 7) == 1000);
  CHECK(ssla::canonical_decimal("0123", 7) == ssla::kNotCanonicalDecimal);
}
