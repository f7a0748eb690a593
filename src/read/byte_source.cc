#include "ssla/read/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "ssla/base/error.h"

namespace ssla {

namespace {

bool stdin_used = false;

}  // namespace

ByteStream::ByteStream(const std::string& path) : name_(path == "-" ? "<stdin>" : path) {
  if (path == "-") {
    if (stdin_used) throw usage_error("standard input (-) can be read only once");
    stdin_used = true;
    // Through zlib, which reads a gzip stream (magic bytes 1f 8b) and passes
    // anything else through unchanged (spec 7, v2); a copy of the
    // descriptor, since zlib closes the one it is given.
    const int fd = ::dup(0);
    gz_ = fd < 0 ? nullptr : gzdopen(fd, "rb");
    if (gz_ == nullptr) {
      if (fd >= 0) ::close(fd);
      fd_ = 0;
      return;
    }
    gzbuffer(static_cast<gzFile>(gz_), 1 << 17);
    gzip_ = gzdirect(static_cast<gzFile>(gz_)) == 0;  // looks at the first bytes
    return;
  }
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw input_error(path + ": cannot open: " + std::strerror(errno));
  struct stat st;
  if (::fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    throw input_error(path + ": cannot read: is a directory");
  }
  unsigned char magic[2] = {0, 0};
  const ssize_t got = ::pread(fd_, magic, 2, 0);
  if (std::string_view(path).ends_with(".gz") || (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)) {
    // zlib takes over the descriptor (and closes it).
    gz_ = gzdopen(fd_, "rb");
    if (gz_ == nullptr) {
      ::close(fd_);
      fd_ = -1;
      throw input_error(path + ": cannot open as gzip");
    }
    fd_ = -1;
    gzip_ = true;
    gzbuffer(static_cast<gzFile>(gz_), 1 << 17);
    return;
  }
  if (S_ISREG(st.st_mode)) size_hint_ = static_cast<std::size_t>(st.st_size);
}

ByteStream::~ByteStream() {
  if (gz_ != nullptr) gzclose(static_cast<gzFile>(gz_));
  if (fd_ > 0) ::close(fd_);
}

int ByteStream::duplicate_descriptor() const {
  if (gz_ != nullptr || fd_ <= 0 || size_hint_ == 0) return -1;
  return ::fcntl(fd_, F_DUPFD_CLOEXEC, 0);
}

std::size_t ByteStream::read(char* dst, std::size_t n) {
  if (gz_ != nullptr) {
    const auto gz = static_cast<gzFile>(gz_);
    const int got = gzread(gz, dst, static_cast<unsigned>(std::min<std::size_t>(n, 1 << 30)));
    int code = Z_OK;
    const char* why = gzerror(gz, &code);
    if (got < 0 || (code != Z_OK && code != Z_STREAM_END)) {
      throw input_error(name_ + ": not a readable gzip file: " + why);
    }
    bytes_read_ += static_cast<std::uint64_t>(got);
    return static_cast<std::size_t>(got);
  }
  for (;;) {
    const ssize_t got = ::read(fd_, dst, n);
    if (got >= 0) {
      bytes_read_ += static_cast<std::uint64_t>(got);
      return static_cast<std::size_t>(got);
    }
    if (errno != EINTR) throw input_error(name_ + ": cannot read: " + std::strerror(errno));
  }
}

std::size_t ByteStream::read_into(InputBuffer& buffer, std::size_t n) {
  std::size_t room = buffer.capacity() - std::min(buffer.capacity(), buffer.size() + kInputPadding);
  if (room < std::min<std::size_t>(n, 1 << 16)) {
    // Grow geometrically so that reading in pieces stays linear; a buffer
    // reserved to the exact file size is used to its end first.
    buffer.reserve(std::max(buffer.size() + n, 2 * buffer.capacity()));
    room = buffer.capacity() - buffer.size() - kInputPadding;
  }
  const std::size_t got = read(buffer.tail(), std::min(n, room));
  buffer.commit(got);
  return got;
}

void InputBuffer::reserve(std::size_t n) {
  if (n + kInputPadding <= capacity_) return;
  const std::size_t cap = n + kInputPadding;
  std::unique_ptr<char[]> bigger(new char[cap]);  // uninitialized: filled by appends
  if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_);
  data_ = std::move(bigger);
  capacity_ = cap;
}

void InputBuffer::commit(std::size_t n) {
  size_ += n;
  std::memset(data_.get() + size_, 0, kInputPadding);
}

void InputBuffer::consume(std::size_t n) {
  if (data_ == nullptr) return;  // nothing allocated, nothing held
  std::memmove(data_.get(), data_.get() + n, size_ - n);
  size_ -= n;
  std::memset(data_.get() + size_, 0, kInputPadding);
}

void InputBuffer::append(const char* bytes, std::size_t n) {
  if (size_ + n + kInputPadding > capacity_) reserve(std::max(size_ + n, 2 * capacity_));
  std::memcpy(data_.get() + size_, bytes, n);
  commit(n);
}

void reset_stdin_guard() { stdin_used = false; }

void ByteStream::read_rest(InputBuffer& buffer) {
  // A regular file is read into one exact allocation; then a small read
  // confirms the end (the file may have grown), appending whatever comes.
  if (size_hint_ > bytes_read_) {
    const std::size_t left = size_hint_ - static_cast<std::size_t>(bytes_read_);
    buffer.reserve(buffer.size() + left);
    for (std::size_t want = left; want > 0;) {
      const std::size_t got = read_into(buffer, want);
      if (got == 0) break;
      want -= std::min(want, got);
    }
  }
  char more[1 << 16];
  for (std::size_t got; (got = read(more, sizeof more)) > 0;) buffer.append(more, got);
}

}  // namespace ssla
