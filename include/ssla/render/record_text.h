// The bytes of records written through a raw pointer: JSON strings, CSV
// cells, and the buffer that holds them. A record's writer asks for room
// once per field instead of growing a string at every append: the episode
// writers format millions of records.
#ifndef SSLA_RECORD_TEXT_H_
#define SSLA_RECORD_TEXT_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace ssla {

/// A growable byte buffer written through a raw pointer `p` into it:
/// room(p, n) makes sure that n bytes may be written at p (moving the bytes
/// when it grows, so the pointer it returns is the one to go on with), and
/// finish(p) marks where the data ends. Owns its bytes; not thread-safe.
class RawBuffer {
 public:
  /// Where the next bytes go: the end of what finish() last kept (the
  /// start after clear()).
  char* end() { return data_.get() + size_; }
  /// `p` (or where its bytes moved) with at least n bytes of room after it.
  char* room(char* p, std::size_t n) {
    if (static_cast<std::size_t>(data_.get() + capacity_ - p) >= n) return p;
    return grow(p, n);
  }
  /// The data ends at p.
  void finish(char* p) { size_ = static_cast<std::size_t>(p - data_.get()); }
  /// Forgets the data; keeps the memory.
  void clear() { size_ = 0; }
  /// The data so far.
  std::string_view view() const { return std::string_view(data_.get(), size_); }
  std::size_t size() const { return size_; }

 private:
  char* grow(char* p, std::size_t n);
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// Room put_json_string() needs for `s`: quotes, and six bytes for a byte
/// at most (`\u001f`, `\ufffd` for a byte of invalid UTF-8).
inline std::size_t json_string_room(std::string_view s) {
  return 2 + 6 * s.size();
}
/// `s` as a JSON string literal (quotes included) at p; returns the end.
char* put_json_string(std::string_view s, char* p);

/// Room put_csv_cell() needs for `s`: quotes, every quote doubled.
inline std::size_t csv_cell_room(std::string_view s) {
  return 2 + 2 * s.size();
}
/// `s` as one CSV cell at p (see append_csv_cell()); returns the end.
char* put_csv_cell(std::string_view s, char* p);

/// Room a decimal id takes at most in a record: 20 digits and two quotes.
constexpr std::size_t kIdRoom = 22;

/// Copies `s` to p; returns the end.
inline char* put_bytes(std::string_view s, char* p) {
  if (!s.empty()) __builtin_memcpy(p, s.data(), s.size());
  return p + s.size();
}

}  // namespace ssla

#endif  // SSLA_RECORD_TEXT_H_
