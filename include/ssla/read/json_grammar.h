// RFC 8259's grammar, checked byte by byte: what a JSON record must be
// before its fields are read (spec 7: an invalid NDJSON line is a bad row, a
// JSON array that is not valid JSON as a whole is an unreadable file).
#ifndef SSLA_JSON_GRAMMAR_H_
#define SSLA_JSON_GRAMMAR_H_

#include <cstddef>
#include <string_view>
#include <vector>

namespace ssla {

/// The offset just past the number that starts at d[p] by RFC 8259's
/// grammar (`-`, no leading zero, a fraction and an exponent each with
/// digits), or std::string_view::npos when none starts there. Any size:
/// the grammar sets no bound, and the literal is what a field keeps.
std::size_t json_number_end(const char* d, std::size_t p, std::size_t n);

/// Empty when d[0, n) is one JSON value with only white space around it,
/// by RFC 8259's grammar; else what is wrong and at which byte ("bad number
/// at byte 12"). Bytes above ASCII in strings are taken as they are (the
/// caller checks UTF-8). `stack` is scratch, a byte per open array or
/// object: its memory is kept between calls.
std::string json_grammar_problem(const char* d, std::size_t n, std::vector<char>& stack);

}  // namespace ssla

#endif  // SSLA_JSON_GRAMMAR_H_
