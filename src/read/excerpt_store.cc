#include "ssla/read/excerpt_store.h"

#include <errno.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "ssla/base/bus_error_guard.h"
#include "ssla/base/halves.h"

namespace ssla {

namespace {

// Each store that attaches a file gets a serial number, so that a thread's
// window never serves the bytes of another store's file that happens to
// have the same descriptor number.
std::atomic<std::uint64_t> next_serial{1};

// Bytes read at once when excerpts are asked for in file order: the case of
// an export sorted by time, whose episodes are listed by start.
constexpr std::size_t kWideBytes = std::size_t{64} << 10;
// The most bytes of a file ExcerptBatch maps (or reads) at once: few
// enough mappings that their setting up is small against the copies; few
// enough pages that the two threads' windows add little to the peak
// resident memory (mapped pages count in it).
constexpr std::size_t kSweepBytes = std::size_t{8} << 20;
// A read this far past the window is still "in file order".
constexpr std::uint64_t kNearBytes = std::uint64_t{256} << 10;

// The bytes of one file a thread read last: [at, at + size).
struct Window {
  std::uint64_t serial = 0;
  std::uint16_t file = 0;
  std::uint64_t at = 0;
  std::size_t size = 0;
  std::unique_ptr<char[]> bytes;
};

thread_local Window window;

// pread() until `want` bytes, the end of the file or an error; returns how
// many bytes were read.
std::size_t read_at(int fd, char* dst, std::size_t want, std::uint64_t at) {
  std::size_t got = 0;
  while (got < want) {
    const ssize_t n = ::pread(fd, dst + got, want - got, static_cast<off_t>(at + got));
    if (n > 0) {
      got += static_cast<std::size_t>(n);
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  return got;
}

// False once the kernel has refused MADV_POPULATE_READ (before Linux 5.14):
// windows are then read with pread() without trying.
std::atomic<bool> mapping_works{true};

}  // namespace

ExcerptStore::ExcerptStore(ExcerptStore&& other) noexcept
    : refs_(std::move(other.refs_)),
      bytes_(std::move(other.bytes_)),
      fds_(std::move(other.fds_)),
      attached_(other.attached_),
      serial_(other.serial_) {
  other.fds_.clear();
  other.attached_ = 0;
  other.serial_ = 0;
}

ExcerptStore& ExcerptStore::operator=(ExcerptStore&& other) noexcept {
  if (this != &other) {
    close_all();
    refs_ = std::move(other.refs_);
    bytes_ = std::move(other.bytes_);
    fds_ = std::move(other.fds_);
    attached_ = other.attached_;
    serial_ = other.serial_;
    other.fds_.clear();
    other.attached_ = 0;
    other.serial_ = 0;
  }
  return *this;
}

ExcerptStore::~ExcerptStore() {
  close_all();
}

void ExcerptStore::close_all() {
  for (int fd : fds_) {
    if (fd >= 0) ::close(fd);
  }
  fds_.clear();
  attached_ = 0;
}

bool ExcerptStore::attach(std::uint16_t file, int fd) {
  if (fd < 0) return false;
  const bool replacing = file < fds_.size() && fds_[file] >= 0;
  if (file >= kMaxFiles || (!replacing && attached_ >= kMaxAttached)) {
    ::close(fd);
    return false;
  }
  if (serial_ == 0) serial_ = next_serial.fetch_add(1, std::memory_order_relaxed);
  if (fds_.size() <= file) fds_.resize(std::size_t{file} + 1, -1);
  if (fds_[file] >= 0) {
    ::close(fds_[file]);
  } else {
    ++attached_;
  }
  fds_[file] = fd;
  return true;
}

void ExcerptStore::add_copy(std::string_view s) {
  const std::size_t at = bytes_.size();
  if (s.empty()) {  // every company reply of a listing that shows none: no bytes to add
    refs_.push_back(at);
    return;
  }
  const std::size_t size = std::min(s.size(), kMaxBytes);
  bytes_.resize(at + size);
  if (size > 0) std::memcpy(bytes_.data() + at, s.data(), size);
  refs_.push_back(std::uint64_t{size} << kSizeShift | at);
}

std::string_view ExcerptStore::view(std::size_t i) const {
  if (i >= refs_.size()) return std::string_view();
  const std::uint64_t ref = refs_[i];
  if (in_file(ref)) return read_back(ref);
  return std::string_view(bytes_.data() + offset_of(ref), size_of(ref));
}

void ExcerptStore::prefetch_bytes(std::size_t i) const {
  if (i >= refs_.size()) return;
  const std::uint64_t ref = refs_[i];
  if (!in_file(ref)) __builtin_prefetch(bytes_.data() + offset_of(ref));
}

std::string_view ExcerptStore::read_back(std::uint64_t ref) const {
  const std::uint16_t file = file_of(ref);
  const std::size_t size = size_of(ref);
  const std::uint64_t at = offset_of(ref);
  Window& w = window;
  const bool same_file = w.serial == serial_ && w.file == file;
  if (same_file && at >= w.at && at + size <= w.at + w.size) {
    return std::string_view(w.bytes.get() + (at - w.at), size);
  }
  if (size == 0) return std::string_view();
  if (!w.bytes) w.bytes = std::make_unique<char[]>(kWideBytes);
  // In file order (just past the window): a wide read serves the next
  // excerpts too. Otherwise this excerpt alone: a wide read would cost more
  // than the one it saves.
  const bool in_order = same_file && at >= w.at && at < w.at + w.size + kNearBytes;
  const std::size_t want = in_order ? kWideBytes : size;
  w.serial = serial_;
  w.file = file;
  w.at = at;
  w.size = read_at(fds_[file], w.bytes.get(), want, at);
  return std::string_view(w.bytes.get(), std::min(size, w.size));
}

void ExcerptBatch::fetch(const ExcerptStore& store, const std::uint32_t* messages, std::size_t n,
                         bool split) {
  using S = ExcerptStore;
  store_bytes_ = store.bytes_.data();
  const std::size_t known = store.refs_.size();
  // The messages asked about, as a bit each: walked in message order, they
  // are in file order too (a file's messages refer to increasing offsets,
  // later files have higher numbers), so the references are read in the
  // order of the file and need no sort; a message asked about twice is read
  // once. A breach list of 1.4 M out of 10 M messages: a 1.25 MB map.
  asked_.assign((known + 63) / 64, 0);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t m = messages[k];
    if (m < known) asked_[m >> 6] |= std::uint64_t{1} << (m & 63);
  }
  // Per word of the map, the messages asked about before it (the rank of
  // its first bit); per message asked about, by rank, its slot, in one walk
  // (by_rank_ is sized for n, which bounds them; what lies past them is
  // never touched). Every slot and every byte of the copies is written
  // below (a text cut short by a file that shrank is viewed short): they
  // are not zeroed first.
  ranks_.resize_for_overwrite(asked_.size());
  by_rank_.resize_for_overwrite(n);
  wanted_.clear();
  std::uint32_t rank = 0;
  for (std::size_t w = 0; w < asked_.size(); ++w) {
    ranks_[w] = rank;
    for (std::uint64_t bits = asked_[w]; bits != 0; bits &= bits - 1, ++rank) {
      const std::size_t m = w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
      const std::uint64_t ref = store.refs_[m];
      const std::uint64_t size = S::size_of(ref);
      const std::uint64_t at = S::offset_of(ref);
      if (S::in_file(ref) && size > 0) {
        wanted_.push_back(Wanted{std::uint64_t{S::file_of(ref)} << S::kSizeShift | at, rank,
                                 static_cast<std::uint32_t>(size)});
        by_rank_[rank] = slot(kUnplaced, size, true);
      } else {
        by_rank_[rank] = slot(at, size, false);
      }
    }
  }
  // The copies are laid out in the order they are asked for, which is the
  // order a listing reads them in: its formatting then reads them one after
  // the other instead of all over the copies.
  // The ranks first (the map and its counts stay in the cache), then the
  // slots, which are all over by_rank_ (11 MB for 1.4 M), asked for a few
  // ahead of their use.
  rank_of_.resize_for_overwrite(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t m = messages[k];
    if (m >= known) {
      rank_of_[k] = kNoRank;
      continue;
    }
    const std::uint64_t below = asked_[m >> 6] & ((std::uint64_t{1} << (m & 63)) - 1);
    rank_of_[k] = ranks_[m >> 6] + static_cast<std::uint32_t>(__builtin_popcountll(below));
  }
  constexpr std::size_t kAhead = 16;
  auto ask = [&](std::size_t k) {
    if (k < n && rank_of_[k] != kNoRank) __builtin_prefetch(&by_rank_[rank_of_[k]]);
  };
  std::uint64_t copy_bytes = 0;
  for (std::size_t k = 0; k < n; ++k) {
    ask(k + kAhead);
    if (rank_of_[k] == kNoRank) continue;
    Slot& s = by_rank_[rank_of_[k]];
    if (s.copied && s.at == kUnplaced) {
      s.at = copy_bytes;
      copy_bytes += s.size;
    }
  }
  copies_.resize_for_overwrite(copy_bytes);
  // In pieces taken by whichever thread is free: in fixed halves, one ended
  // 40-50 ms after the other at 10 M messages, though each read as many of
  // the file's bytes.
  constexpr std::size_t kReadPieces = 16;
  run_in_shared_pieces(split && wanted_.size() >= kSplitFrom, wanted_.size(), kReadPieces,
                       [&](std::size_t from, std::size_t to) { read_wanted(store, from, to); });
  slots_.resize_for_overwrite(n);
  for (std::size_t k = 0; k < n; ++k) {
    ask(k + kAhead);
    slots_[k] = rank_of_[k] == kNoRank ? slot(0, 0, false) : by_rank_[rank_of_[k]];
  }
}

void ExcerptBatch::read_wanted(const ExcerptStore& store, std::size_t from, std::size_t to) {
  using S = ExcerptStore;
  std::unique_ptr<char[]> buffer;  // for windows read with pread(); made when first needed
  for (std::size_t i = from; i < to;) {
    // From this excerpt to the end of the last one of the same file that
    // fits in a sweep: one window for all of them, only as long as they
    // need (excerpts far apart get a window each). The file is in the top
    // bits of `where`: another file's excerpt is past any sweep. Walked in
    // message order, excerpts come in file order; any other order gets
    // more windows, never wrong bytes.
    const Wanted& first = wanted_[i];
    std::uint64_t end = first.where + first.size;
    std::size_t last = i + 1;
    for (; last < to; ++last) {
      const Wanted& next = wanted_[last];
      if (next.where < first.where || next.where + next.size - first.where > kSweepBytes) break;
      end = std::max<std::uint64_t>(end, next.where + next.size);
    }
    const int fd = store.fds_[first.where >> S::kSizeShift];
    const std::uint64_t at = S::offset_of(first.where);
    const auto size = static_cast<std::size_t>(end - first.where);
    if (!copy_mapped(fd, at, size, i, last)) {
      if (!buffer) buffer = std::make_unique_for_overwrite<char[]>(kSweepBytes);
      copy_window(buffer.get(), read_at(fd, buffer.get(), size, at), i, last);
    }
    i = last;
  }
}

void ExcerptBatch::copy_window(const char* window, std::size_t window_size, std::size_t from,
                               std::size_t to) {
  const std::uint64_t window_where = wanted_[from].where;
  // The excerpts are a few in each page, far apart for the processor's
  // own prefetching: each is asked for a few copies ahead.
  constexpr std::size_t kAhead = 8;
  for (std::size_t i = from; i < to; ++i) {
    if (i + kAhead < to) {
      const Wanted& ahead = wanted_[i + kAhead];
      const std::uint64_t offset = ahead.where - window_where;
      if (offset + ahead.size <= window_size) {
        __builtin_prefetch(window + offset);
        __builtin_prefetch(window + offset + ahead.size - 1);
      }
    }
    const Wanted& w = wanted_[i];
    const std::uint64_t offset = w.where - window_where;
    const std::uint64_t have = window_size > offset ? window_size - offset : 0;
    const auto size = static_cast<std::size_t>(std::min<std::uint64_t>(w.size, have));
    Slot& slot = by_rank_[w.slot];
    if (size > 0) std::memcpy(copies_.data() + slot.at, window + offset, size);
    slot.size = size;  // shorter when the file shrank since it was read
  }
}

bool ExcerptBatch::copy_mapped(int fd, std::uint64_t at, std::size_t size, std::size_t from,
                               std::size_t to) {
  // Mapped, the file's pages are not copied whole into a buffer first (as
  // pread() does): only the excerpts' bytes are read, about a tenth of a
  // breach list's window. Only whole windows within the file's size are
  // mapped: past it, a mapping reads zeros or faults.
  struct stat st;
  auto within_file = [&] {
    return ::fstat(fd, &st) == 0 && at + size <= static_cast<std::uint64_t>(st.st_size);
  };
  if (!mapping_works.load(std::memory_order_relaxed) || !bus_errors_catchable() || !within_file()) {
    return false;
  }
  static const auto kPage = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  const std::uint64_t page_at = at / kPage * kPage;
  const auto length = static_cast<std::size_t>(size + (at - page_at));
  void* mapping = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, static_cast<off_t>(page_at));
  if (mapping == MAP_FAILED) return false;
  // All pages at once (fewer faults), and an error instead of a bus error
  // for a page the file no longer has.
  bool copied = false;
#if defined(MADV_POPULATE_READ)
  if (::madvise(mapping, length, MADV_POPULATE_READ) == 0) {
    copied = copy_guarded(static_cast<const char*>(mapping) + (at - page_at), size, from, to);
  } else if (errno == EINVAL) {
    mapping_works.store(false, std::memory_order_relaxed);
  }
#else
  mapping_works.store(false, std::memory_order_relaxed);  // headers older than Linux 5.14's
#endif
  ::munmap(mapping, length);
  // Cut short during the copy, the window's last page read zeros past the
  // new end: read again.
  return copied && within_file();
}

bool ExcerptBatch::copy_guarded(const char* window, std::size_t size, std::size_t from,
                                std::size_t to) {
  struct Copy {
    ExcerptBatch* batch;
    const char* window;
    std::size_t size, from, to;
  } copy{this, window, size, from, to};
  return run_catching_bus_errors(
      [](void* context) {
        const Copy& c = *static_cast<const Copy*>(context);
        c.batch->copy_window(c.window, c.size, c.from, c.to);
      },
      &copy);
}

}  // namespace ssla
