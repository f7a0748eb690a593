// Where a report goes: standard output, or a file that appears whole or not
// at all (temporary file in the same directory, then rename).
#ifndef SSLA_OUTPUT_H_
#define SSLA_OUTPUT_H_

#include <string>
#include <string_view>

namespace ssla {

/// Thrown when standard output is a closed pipe (`ssla episodes | head`);
/// main turns it into a quiet exit with status 0.
struct BrokenPipe {};

/// A buffered byte sink. Writes to stdout when path is empty or `-`; else to
/// `PATH.tmp.XXXXXX`, renamed to PATH by commit(). Destroying an uncommitted
/// file output removes the temporary file, so a failed run leaves nothing.
class Output {
 public:
  explicit Output(const std::string& path);
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output();

  /// Appends bytes; flushes when the buffer is large. Throws BrokenPipe on
  /// EPIPE and Error(kExitInput) on other write errors.
  void write(std::string_view bytes);
  /// Flushes, and for a file output fsyncs and renames it into place.
  void commit();
  /// True when writing to a terminal (colour and alignment decisions).
  bool is_terminal() const { return terminal_; }

 private:
  void flush();

  std::string path_;      // final path; empty for stdout
  std::string tmp_path_;  // temporary file while writing
  int fd_ = 1;
  bool terminal_ = false;
  bool committed_ = false;
  std::string buffer_;
};

}  // namespace ssla

#endif  // SSLA_OUTPUT_H_
