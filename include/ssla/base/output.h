// Where a report goes: standard output, or a file that appears whole or not
// at all (temporary file in the same directory, then rename), or a device or
// FIFO written in place.
#ifndef SSLA_OUTPUT_H_
#define SSLA_OUTPUT_H_

#include <string>
#include <string_view>

namespace ssla {

/// Thrown when standard output is a closed pipe (`ssla episodes | head`);
/// main turns it into a quiet exit with status 0.
struct BrokenPipe {};

/// A buffered byte sink. Writes to stdout when path is empty or `-`.
/// A regular file (or a path that does not exist yet) is written to
/// `PATH.tmp.XXXXXX` and renamed to PATH by commit(); destroying an
/// uncommitted file output removes the temporary file, so a failed run leaves
/// nothing, and SIGTERM, SIGHUP or SIGINT while it exists remove it too and
/// exit with status 128 + the signal number. A symbolic link is followed:
/// its final target is replaced the same way and the link stays a link.
/// Anything else (a character device such as /dev/null, a FIFO, a socket, or
/// a link into /proc such as /dev/stdout) is opened and written in place, and
/// its write errors (`/dev/full`) are reported.
class Output {
 public:
  explicit Output(const std::string& path);
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output();

  /// Appends bytes; flushes when the buffer is large. What reaches the
  /// file is valid UTF-8 without NUL: invalid bytes and NULs become U+FFFD. Throws BrokenPipe on
  /// EPIPE and Error(kExitInput) on other write errors.
  void write(std::string_view bytes);
  /// write() for bytes the caller found to be printable UTF-8 without a
  /// NUL (printable_utf8_prefix(bytes) == bytes.size()): a large piece then
  /// goes out without being checked again or copied.
  void write_printable(std::string_view bytes);
  /// Flushes, and for a file output fsyncs and renames it into place.
  void commit();
  /// True when writing to a terminal (colour and alignment decisions).
  bool is_terminal() const { return terminal_; }

 private:
  /// Writes the buffer out as printable UTF-8 (see flush() in output.cc);
  /// unless `last`, a multi-byte sequence cut at the buffer's end stays.
  void flush(bool last = false);
  /// Writes `bytes` to the descriptor, all of them (EINTR retried); throws
  /// BrokenPipe on EPIPE, an input error naming the output otherwise.
  void write_all(std::string_view bytes);
  /// Tells the signal handler the temporary file no longer needs removing.
  void disarm();

  std::string path_;      // final path (a link's target); empty for stdout
  std::string tmp_path_;  // temporary file while writing; empty when in place
  int fd_ = 1;
  bool terminal_ = false;
  bool committed_ = false;
  bool armed_ = false;  // the signal handler knows tmp_path_
  std::string buffer_;
  std::string clean_;  // scratch for a buffer that needed replacements
};

}  // namespace ssla

#endif  // SSLA_OUTPUT_H_
