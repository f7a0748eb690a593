// ASCII helpers that read eight bytes at a time, against byte-by-byte
// references.
#include <catch2/catch.hpp>

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
