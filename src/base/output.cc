#include "ssla/base/output.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "ssla/base/error.h"
#include "ssla/base/utf8.h"

namespace ssla {

namespace {
constexpr std::size_t kFlushBytes = 1 << 16;

// The temporary file a signal must remove. A fixed buffer, since a handler
// may only call async-signal-safe functions (unlink, signal, raise) and read
// plain memory. One report is written at a time; a second temporary file
// (never made by the CLI) is still removed by its destructor.
char g_pending_tmp[PATH_MAX + 16];
std::atomic<bool> g_pending{false};

constexpr int kCleanupSignals[] = {SIGTERM, SIGHUP, SIGINT};

extern "C" void remove_pending_tmp(int sig) {
  if (g_pending.exchange(false)) ::unlink(g_pending_tmp);
  // Die of the same signal, so that the caller sees status 128 + sig.
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// Installs the handler for the signals that still have their default action
// (a program embedding the library keeps its own handlers; ours, once
// installed, is no longer the default).
void install_cleanup_handlers() {
  for (const int sig : kCleanupSignals) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) continue;
    struct sigaction act {};
    act.sa_handler = remove_pending_tmp;
    ::sigemptyset(&act.sa_mask);
    ::sigaction(sig, &act, nullptr);
  }
}

// Blocks the cleanup signals for the life of the object (while the pending
// name changes), so that a handler never sees half of it.
class SignalsBlocked {
 public:
  SignalsBlocked() {
    sigset_t set;
    ::sigemptyset(&set);
    for (const int sig : kCleanupSignals) ::sigaddset(&set, sig);
    ::pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalsBlocked() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

 private:
  sigset_t old_;
};

// True when the chain of symbolic links at `path` leads into /proc (as
// /dev/stdout does), where a "file" is a descriptor of this process.
bool links_into_proc(const std::string& path) {
  std::string at = path;
  for (int hop = 0; hop < 40; ++hop) {  // the kernel's limit on nested links
    char target[PATH_MAX];
    const ssize_t n = ::readlink(at.c_str(), target, sizeof target);
    if (n <= 0 || static_cast<std::size_t>(n) >= sizeof target) return false;
    std::string next(target, static_cast<std::size_t>(n));
    if (next.compare(0, 6, "/proc/") == 0) return true;
    if (next[0] != '/') {
      const auto slash = at.rfind('/');
      next = (slash == std::string::npos ? std::string() : at.substr(0, slash + 1)) + next;
    }
    at = std::move(next);
  }
  return false;
}

// A pipe's buffer is 64 KiB: a writer of hundreds of megabytes (episode
// records, the JSON report) then waits for its reader every 64 KiB, and
// the two trade places tens of thousands of times. 1 MiB, the most an
// unprivileged process may ask for by default, cuts that sixteen-fold. A
// refusal changes nothing but speed.
void widen_pipe(int fd) {
#if defined(F_SETPIPE_SZ)
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode)) ::fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#else
  (void)fd;
#endif
}
}  // namespace

Output::Output(const std::string& path) {
  if (path.empty() || path == "-") {
    terminal_ = ::isatty(1) != 0;
    widen_pipe(1);
    return;
  }
  // A symbolic link is followed to its final target, which is replaced; the
  // link itself stays (spec 6.2 speaks of the report's file, not of links).
  // Devices, FIFOs, sockets and anything reached through /proc (/dev/stdout,
  // /dev/fd/N) are written in place: renaming a file over them would replace
  // the device node, and their data cannot be "whole or not at all" anyway.
  path_ = path;
  bool in_place = false;
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    in_place = path.compare(0, 6, "/proc/") == 0 || links_into_proc(path);
    if (!in_place && ::stat(path.c_str(), &st) != 0) {
      throw input_error("cannot write " + path + ": a symbolic link to a missing file");
    }
    if (!in_place) {
      char* real = ::realpath(path.c_str(), nullptr);
      if (real == nullptr) throw input_error("cannot write " + path + ": " + std::strerror(errno));
      path_ = real;
      std::free(real);
    }
  }
  if (!in_place && ::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) throw input_error("cannot write " + path + ": a directory");
    in_place = true;
  }
  if (in_place) {
    // O_APPEND keeps a shell's `>>` behind /dev/stdout intact.
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);
    if (fd_ < 0) throw input_error("cannot open output " + path + ": " + std::strerror(errno));
    terminal_ = ::isatty(fd_) != 0;
    widen_pipe(fd_);
    return;
  }
  install_cleanup_handlers();
  std::vector<char> tmpl(path_.begin(), path_.end());
  const char kSuffix[] = ".tmp.XXXXXX";
  tmpl.insert(tmpl.end(), kSuffix, kSuffix + sizeof(kSuffix));  // includes the NUL
  {
    const SignalsBlocked blocked;
    fd_ = ::mkostemp(tmpl.data(), O_CLOEXEC);
    if (fd_ < 0) {
      throw input_error("cannot create output file " + path + ": " + std::strerror(errno));
    }
    tmp_path_ = tmpl.data();
    if (tmp_path_.size() < sizeof(g_pending_tmp) && !g_pending.load()) {
      std::memcpy(g_pending_tmp, tmp_path_.c_str(), tmp_path_.size() + 1);
      g_pending.store(true);
      armed_ = true;
    }
  }
}

Output::~Output() {
  if (path_.empty() || committed_) return;
  ::close(fd_);
  if (!tmp_path_.empty()) {
    const SignalsBlocked blocked;
    ::unlink(tmp_path_.c_str());
    disarm();
  }
}

void Output::disarm() {
  if (armed_) g_pending.store(false);
  armed_ = false;
}

void Output::write(std::string_view bytes) {
  buffer_.append(bytes);
  if (buffer_.size() >= kFlushBytes) flush();
}

void Output::write_printable(std::string_view bytes) {
  // A large piece (records are formatted a few megabytes at a time) goes
  // out without a copy when nothing waits before it.
  if (buffer_.empty() && bytes.size() >= kFlushBytes) {
    write_all(bytes);
    return;
  }
  write(bytes);
}

void Output::write_all(std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) throw BrokenPipe{};
      throw input_error(std::string("cannot write ") + (path_.empty() ? "standard output" : path_) +
                        ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
}

void Output::flush(bool last) {
  // Every report is valid UTF-8 with no NUL byte, whatever the input held
  // (invalid bytes and NULs become U+FFFD), in every format: one check here
  // instead of one per renderer. A sequence cut by the flush boundary waits
  // for the next flush.
  std::string_view bytes = buffer_;
  std::size_t tail = 0;
  if (printable_utf8_prefix(bytes) != bytes.size()) {
    clean_.clear();
    tail = append_printable_utf8(bytes, clean_, !last);
    clean_.swap(buffer_);
    buffer_.append(clean_.data() + clean_.size() - tail, tail);  // the cut sequence, at the end
    bytes = std::string_view(buffer_).substr(0, buffer_.size() - tail);
  }
  write_all(bytes);
  buffer_.erase(0, bytes.size());
}

void Output::commit() {
  flush(true);
  if (path_.empty()) return;
  if (tmp_path_.empty()) {
    // Written in place: only the close can still report an error.
    committed_ = true;
    if (::close(fd_) != 0) throw input_error("cannot write " + path_ + ": " + std::strerror(errno));
    return;
  }
  const SignalsBlocked blocked;
  // The file is complete before it gets its name: fsync, then rename.
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    ::unlink(tmp_path_.c_str());
    committed_ = true;
    disarm();
    throw input_error("cannot write " + path_ + ": " + std::strerror(errno));
  }
  // mkstemp creates 0600; give the report the usual permissions under umask.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(tmp_path_.c_str(), 0666 & ~mask);
  committed_ = true;
  const bool renamed = std::rename(tmp_path_.c_str(), path_.c_str()) == 0;
  const int error = errno;
  if (!renamed) ::unlink(tmp_path_.c_str());
  disarm();
  if (!renamed) throw input_error("cannot rename output to " + path_ + ": " + std::strerror(error));
}

}  // namespace ssla
