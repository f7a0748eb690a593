#include "ssla/base/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "ssla/base/error.h"

namespace ssla {

namespace {
constexpr std::size_t kFlushBytes = 1 << 16;
}  // namespace

Output::Output(const std::string& path) {
  if (path.empty() || path == "-") {
    terminal_ = ::isatty(1) != 0;
    return;
  }
  path_ = path;
  std::vector<char> tmpl(path.begin(), path.end());
  const char kSuffix[] = ".tmp.XXXXXX";
  tmpl.insert(tmpl.end(), kSuffix, kSuffix + sizeof(kSuffix));  // includes the NUL
  fd_ = ::mkstemp(tmpl.data());
  if (fd_ < 0) {
    throw input_error("cannot create output file " + path + ": " + std::strerror(errno));
  }
  tmp_path_ = tmpl.data();
}

Output::~Output() {
  if (!path_.empty() && !committed_) {
    ::close(fd_);
    ::unlink(tmp_path_.c_str());
  }
}

void Output::write(std::string_view bytes) {
  buffer_.append(bytes);
  if (buffer_.size() >= kFlushBytes) flush();
}

void Output::flush() {
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) throw BrokenPipe{};
      throw input_error(std::string("cannot write ") + (path_.empty() ? "standard output" : path_) +
                        ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void Output::commit() {
  flush();
  if (path_.empty()) return;
  // The file is complete before it gets its name: fsync, then rename.
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    ::unlink(tmp_path_.c_str());
    committed_ = true;
    throw input_error("cannot write " + path_ + ": " + std::strerror(errno));
  }
  // mkstemp creates 0600; give the report the usual permissions under umask.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(tmp_path_.c_str(), 0666 & ~mask);
  committed_ = true;
  if (std::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
    ::unlink(tmp_path_.c_str());
    throw input_error("cannot rename output to " + path_ + ": " + std::strerror(errno));
  }
}

}  // namespace ssla
