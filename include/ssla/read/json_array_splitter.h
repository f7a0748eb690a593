// Finding the elements of a JSON array streamed a piece at a time, without
// parsing them (the read stage then parses each with a JsonObjectReader).
#ifndef SSLA_JSON_ARRAY_SPLITTER_H_
#define SSLA_JSON_ARRAY_SPLITTER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ssla/base/cpu.h"

namespace ssla {

/// Finds where the elements of one JSON array begin and end, given the
/// array's text a piece at a time, without parsing them: only the nesting
/// depth and whether the scan is inside a string are kept between pieces.
/// Positions are offsets into the caller's current buffer.
class JsonArraySplitter {
 public:
  enum class Step : std::uint8_t {
    kElement,   ///< an element is at [begin, end)
    kNeedMore,  ///< the buffer ends inside an element or before the next one
    kEnd,       ///< the array and the text after it (only white space) are done
  };
  /// Scans `bytes` (the whole current buffer) on from where the last call
  /// stopped. Throws Error(kExitInput) naming `file` when the text is not an
  /// array (after an optional byte-order mark) or has text after it. With
  /// `eof`, an unfinished array is such an error instead of kNeedMore.
  Step next(std::string_view bytes, bool eof, const std::string& file, std::size_t& begin,
            std::size_t& end);
  /// Where the element being scanned starts (the bytes to keep when the
  /// buffer is refilled); the scan position when between elements.
  std::size_t keep_from() const { return in_element_ ? start_ : scan_; }
  /// The caller dropped the first `n` bytes of its buffer (n <= keep_from(),
  /// or any n while skipping).
  void dropped(std::size_t n);
  /// The element being scanned is too long: its bytes may be dropped from
  /// now on while the scan goes on to its end, which next() then reports
  /// as an element with begin == end.
  void skip_element() { skipping_ = true; }
  bool skipping() const { return skipping_; }
  /// Scans strings 8 bytes at a time and nested values a byte at a time, as
  /// on a processor without AVX2 (where it has AVX2, strings 32 bytes at a
  /// time and nested values 64): for the tests that compare the two.
  void use_narrow_scan() { wide_ = false; }
  /// Scans every element, as for objects that do not end on their line
  /// (see ends_its_line()): for the tests that compare the two.
  void scan_every_element() { lines_ = false; }

 private:
  /// From p inside a nested value of the element (depth_ > 0), 64 bytes at
  /// a time while they last: returns where it stopped, with `ended` set
  /// when the element's closing bracket was the last byte taken.
  std::size_t scan_nested(const char* d, std::size_t p, std::size_t n, bool& ended);
  /// True when the element starting at p is an object that ends on its
  /// line as only valid JSON can (see the definition): p is then past it.
  bool ends_its_line(const char* d, std::size_t& p, std::size_t n) const;

  enum class State : std::uint8_t { kStart, kFirst, kBefore, kInside, kAfter, kDone };
  State state_ = State::kStart;
  bool in_element_ = false;
  bool in_string_ = false;
  bool escape_ = false;  // the last byte scanned in a string was a backslash
  bool skipping_ = false;
  bool bom_checked_ = false;
  bool wide_ = has_avx2();  // strings scanned 32 bytes at a time, nested values 64
  bool lines_ = true;       // objects that end on their line are taken whole
  std::size_t depth_ = 0;   // of brackets and braces inside the element
  std::size_t scan_ = 0;    // next byte to look at
  std::size_t start_ = 0;   // of the element being scanned
};

}  // namespace ssla

#endif  // SSLA_JSON_ARRAY_SPLITTER_H_
