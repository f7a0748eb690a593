#include "ssla/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "ssla/error.h"

namespace ssla {

namespace {

bool stdin_used = false;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

void read_fd(int fd, const std::string& name, InputBuffer& out) {
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw input_error(name + ": cannot read: " + std::strerror(errno));
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
}

InputBuffer gunzip(const std::string& path) {
  gzFile gz = gzopen(path.c_str(), "rb");
  if (gz == nullptr) throw input_error(path + ": cannot open: " + std::strerror(errno));
  gzbuffer(gz, 1 << 17);
  InputBuffer out;
  char buf[1 << 16];
  for (;;) {
    const int n = gzread(gz, buf, sizeof buf);
    if (n < 0) {
      int code = 0;
      const std::string why = gzerror(gz, &code);
      gzclose(gz);
      throw input_error(path + ": not a readable gzip file: " + why);
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  // gzread stops quietly at a truncated stream; gzclose/gzerror tell.
  int code = 0;
  const std::string why = gzerror(gz, &code);
  gzclose(gz);
  if (code != Z_OK && code != Z_STREAM_END) {
    throw input_error(path + ": not a readable gzip file: " + why);
  }
  return out;
}

}  // namespace

void InputBuffer::reserve(std::size_t n) {
  if (n + kInputPadding <= capacity_) return;
  std::unique_ptr<char[]> bigger(new char[n + kInputPadding]);  // uninitialized: filled by appends
  if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_);
  data_ = std::move(bigger);
  capacity_ = n + kInputPadding;
}

void InputBuffer::append(const char* bytes, std::size_t n) {
  if (size_ + n + kInputPadding > capacity_) {
    std::size_t cap = capacity_ == 0 ? (1 << 16) : capacity_;
    while (cap < size_ + n + kInputPadding) cap *= 2;
    reserve(cap - kInputPadding);
  }
  std::memcpy(data_.get() + size_, bytes, n);
  size_ += n;
  std::memset(data_.get() + size_, 0, kInputPadding);
}

void reset_stdin_guard() { stdin_used = false; }

InputBuffer read_input(const std::string& path, bool& gzip) {
  InputBuffer out;
  gzip = false;
  if (path == "-") {
    if (stdin_used) throw usage_error("standard input (-) can be read only once");
    stdin_used = true;
    read_fd(0, "<stdin>", out);
  } else {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw input_error(path + ": cannot open: " + std::strerror(errno));
    unsigned char magic[2] = {0, 0};
    const ssize_t got = ::pread(fd, magic, 2, 0);
    if (got < 0) {
      const int e = errno;
      ::close(fd);
      throw input_error(path + ": cannot read: " + std::strerror(e));
    }
    gzip = ends_with(path, ".gz") || (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b);
    if (gzip) {
      ::close(fd);
      return gunzip(path);
    }
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) out.reserve(static_cast<std::size_t>(st.st_size));
    try {
      read_fd(fd, path, out);
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
  }
  if (out.capacity() == 0) out.append("", 0);  // keep the padding even when empty
  return out;
}

}  // namespace ssla
