#include "ssla/read/json_grammar.h"

#include <algorithm>
#include <string>

#include "ssla/base/ascii.h"
#include "ssla/read/json_reader.h"

namespace ssla {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_hex(char c) {
  return hex_digit_value(c) >= 0;
}

// The offset past the string whose opening quote is d[p], or npos: no
// control byte inside, each backslash one of RFC 8259's escapes.
std::size_t string_end(const char* d, std::size_t p, std::size_t n) {
  for (++p; p < n; ++p) {
    const auto c = static_cast<unsigned char>(d[p]);
    if (c == '"') return p + 1;
    if (c < 0x20) return std::string_view::npos;
    if (c != '\\') continue;
    if (++p >= n) return std::string_view::npos;
    switch (d[p]) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        break;
      case 'u':
        if (p + 4 >= n || !is_hex(d[p + 1]) || !is_hex(d[p + 2]) || !is_hex(d[p + 3]) ||
            !is_hex(d[p + 4])) {
          return std::string_view::npos;
        }
        p += 4;
        break;
      default:
        return std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::size_t json_number_end(const char* d, std::size_t p, std::size_t n) {
  if (p < n && d[p] == '-') ++p;
  if (p >= n || !is_digit(d[p])) return std::string_view::npos;
  if (d[p] == '0') {
    ++p;
  } else {
    while (p < n && is_digit(d[p])) ++p;
  }
  if (p < n && d[p] == '.') {
    ++p;
    if (p >= n || !is_digit(d[p])) return std::string_view::npos;
    while (p < n && is_digit(d[p])) ++p;
  }
  if (p < n && (d[p] == 'e' || d[p] == 'E')) {
    ++p;
    if (p < n && (d[p] == '+' || d[p] == '-')) ++p;
    if (p >= n || !is_digit(d[p])) return std::string_view::npos;
    while (p < n && is_digit(d[p])) ++p;
  }
  return p;
}

std::string json_grammar_problem(const char* d, std::size_t n, std::vector<char>& stack) {
  stack.clear();
  auto at = [](std::string_view what, std::size_t p) {
    return std::string(what) + " at byte " + std::to_string(p + 1);
  };
  std::size_t p = skip_json_space(d, 0, n);
  // One value is read at the top of each turn (a key first inside an
  // object), then what may follow it: a comma, the end of its containers,
  // or, with none open, the end of the text. No recursion: a line of a
  // million `[` costs a million bytes of stack, not of call frames.
  bool want_key = false;
  for (;;) {
    if (p >= n) return at("unexpected end", p);
    if (want_key) {
      if (d[p] != '"') return at("expected a key", p);
      const std::size_t q = string_end(d, p, n);
      if (q == std::string_view::npos) return at("bad string", p);
      p = skip_json_space(d, q, n);
      if (p >= n || d[p] != ':') return at("expected ':'", p);
      p = skip_json_space(d, p + 1, n);
      want_key = false;
      continue;
    }
    const char c = d[p];
    if (c == '{' || c == '[') {
      const std::size_t q = skip_json_space(d, p + 1, n);
      if (q < n && d[q] == (c == '{' ? '}' : ']')) {
        p = q + 1;  // empty: a whole value
      } else {
        stack.push_back(c);
        p = q;
        want_key = c == '{';
        continue;
      }
    } else if (c == '"') {
      const std::size_t q = string_end(d, p, n);
      if (q == std::string_view::npos) return at("bad string", p);
      p = q;
    } else if (c == 't' || c == 'f' || c == 'n') {
      const std::string_view word = c == 't' ? "true" : c == 'f' ? "false" : "null";
      if (std::string_view(d + p, std::min(word.size(), n - p)) != word) {
        return at("bad literal", p);
      }
      p += word.size();
    } else {
      const std::size_t q = json_number_end(d, p, n);
      if (q == std::string_view::npos) return at("bad number", p);
      p = q;
    }
    // After a value: close what ends here, then a comma or the end.
    for (;;) {
      p = skip_json_space(d, p, n);
      if (stack.empty()) return p == n ? std::string() : at("text after the value", p);
      if (p >= n) return at("unexpected end", p);
      const char close = stack.back() == '{' ? '}' : ']';
      if (d[p] == close) {
        stack.pop_back();
        ++p;
        continue;
      }
      if (d[p] != ',') return at("expected ',' or '" + std::string(1, close) + "'", p);
      p = skip_json_space(d, p + 1, n);
      want_key = stack.back() == '{';
      break;
    }
  }
}

}  // namespace ssla
