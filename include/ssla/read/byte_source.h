// Getting an input's bytes: a file, a gzip file, or standard input.
#ifndef SSLA_BYTE_SOURCE_H_
#define SSLA_BYTE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ssla {

/// Extra zero bytes kept after the data so that simdjson may read past the end.
inline constexpr std::size_t kInputPadding = 64;

/// The whole (decompressed) content of one input, owned, followed by
/// kInputPadding zero bytes.
class InputBuffer {
 public:
  InputBuffer() = default;
  /// The bytes, without padding; valid as long as the buffer lives.
  std::string_view view() const { return std::string_view(data_.get(), size_); }
  std::size_t size() const { return size_; }
  /// Bytes allocated (size + padding), for simdjson.
  std::size_t capacity() const { return capacity_; }
  const char* data() const { return data_.get(); }

  /// Appends bytes, growing geometrically.
  void append(const char* bytes, std::size_t n);
  /// Makes room for `n` bytes in all (plus padding), so that appends up to
  /// that size do not reallocate.
  void reserve(std::size_t n);
  /// Writable space after the data: reserve(size() + n) first. Call
  /// commit(k) after writing k bytes there.
  char* tail() { return data_.get() + size_; }
  /// Counts `n` bytes written at tail() as data and restores the padding.
  void commit(std::size_t n);
  /// Drops the first `n` bytes (moving the rest to the front).
  void consume(std::size_t n);

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// A source of bytes read front to back: a file, a gzip file (by `.gz` or the
/// gzip magic bytes), or standard input (`-`, gunzipped when it starts with
/// the magic bytes).
class ByteStream {
 public:
  /// Opens `path`. Throws Error(kExitInput) naming the file when it cannot be
  /// opened, and Error(kExitUsage) when standard input is named twice.
  explicit ByteStream(const std::string& path);
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;
  ~ByteStream();

  /// Reads up to `n` bytes into `dst`; 0 only at the end. Throws
  /// Error(kExitInput) on a read error or a corrupt gzip stream.
  std::size_t read(char* dst, std::size_t n);
  /// Appends up to `n` more bytes to `buffer`; returns how many (0 at the end).
  std::size_t read_into(InputBuffer& buffer, std::size_t n);
  /// True when the bytes are being decompressed.
  bool gzip() const { return gzip_; }
  /// The file size for a regular uncompressed file, else 0 (a reservation hint).
  std::size_t size_hint() const { return size_hint_; }
  /// A new descriptor (close-on-exec) of a regular uncompressed file, for
  /// reading its bytes again by offset; -1 for any other input.
  int duplicate_descriptor() const;
  /// Bytes read so far (after decompression).
  std::uint64_t bytes_read() const { return bytes_read_; }
  /// Appends everything not read yet to `buffer`, in one exact allocation
  /// when the size is known.
  void read_rest(InputBuffer& buffer);

 private:
  std::string name_;
  bool gzip_ = false;  // the bytes are gunzipped (zlib also reads plain standard input)
  int fd_ = -1;
  void* gz_ = nullptr;  // gzFile, kept opaque so that zlib.h stays out of this header
  std::size_t size_hint_ = 0;
  std::uint64_t bytes_read_ = 0;
};

/// Forgets that standard input was read (for tests that read several times).
void reset_stdin_guard();

}  // namespace ssla

#endif  // SSLA_BYTE_SOURCE_H_
