// The messages' text excerpts (the first ~100 bytes of a text, shown in
// breach lists and episode records), kept as cheaply as the input allows:
// a copy, or, for a large regular file, where the bytes are in the file.
#ifndef SSLA_EXCERPT_STORE_H_
#define SSLA_EXCERPT_STORE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ssla/base/pod_vector.h"

namespace ssla {

/// An offset that names no byte of an input file.
inline constexpr std::uint64_t kNotInFile = ~std::uint64_t{0};

/// One excerpt per message, in message order, 8 bytes each plus the bytes
/// of the copies. An excerpt is a copy kept here, or a reference to bytes
/// [at, at + size) of an input file, read back when it is asked for: a
/// listing of 10 million messages then keeps 8 bytes per message instead
/// of about 60 (docs/decisions.md, "Excerpts by reference").
/// Owns its copies and the descriptors of the files it refers to; move-only.
class ExcerptStore {
 public:
  /// The longest excerpt kept, in bytes (longer ones are cut).
  static constexpr std::size_t kMaxBytes = 127;

  ExcerptStore() = default;
  ExcerptStore(const ExcerptStore&) = delete;
  ExcerptStore& operator=(const ExcerptStore&) = delete;
  ExcerptStore(ExcerptStore&& other) noexcept;
  ExcerptStore& operator=(ExcerptStore&& other) noexcept;
  /// Closes the attached descriptors.
  ~ExcerptStore();

  /// The most files a store holds open: the rest keep copies, so that a
  /// run over thousands of large files never runs out of descriptors.
  static constexpr std::size_t kMaxAttached = 256;

  /// Lets add_reference() name input file `file` (an index into
  /// MessageTable::files), whose bytes are read back through `fd`, a
  /// descriptor of the regular file as it was read. Takes ownership of
  /// `fd` (closed now when the file cannot be referred to, or when
  /// kMaxAttached files are already). Returns whether references to the
  /// file are possible.
  bool attach(std::uint16_t file, int fd);
  /// True when add_reference() may name `file` at `at` for `size` bytes.
  bool can_refer(std::uint16_t file, std::uint64_t at, std::size_t size) const {
    return file < fds_.size() && fds_[file] >= 0 && at < kMaxOffset && size <= kMaxBytes;
  }

  /// Adds a copy of `s` (its first kMaxBytes) as the next message's excerpt.
  void add_copy(std::string_view s);
  /// Adds the next message's excerpt as a reference; can_refer() must hold.
  void add_reference(std::uint16_t file, std::uint64_t at, std::size_t size) {
    refs_.push_back(kInFile | std::uint64_t{file} << kFileShift |
                    std::uint64_t{size} << kSizeShift | at);
  }

  /// The excerpt of message `i`; "" past the end. A copy is valid as long
  /// as the store. A reference is read into a window of the calling
  /// thread and is valid until the thread's next view() of a reference;
  /// reads that come in file order share windows of 64 KiB, others read
  /// the excerpt alone. A file that changed since it was read gives the
  /// bytes there when they are read back (shorter, or "", once it shrank).
  std::string_view view(std::size_t i) const;
  /// Hints view(i) into the cache in two steps, a few views ahead: its
  /// entry, then (once that has arrived) its bytes when they are a copy (a
  /// reference is read when it is viewed).
  void prefetch_entry(std::size_t i) const {
    if (i < refs_.size()) __builtin_prefetch(&refs_[i]);
  }
  void prefetch_bytes(std::size_t i) const;
  /// Number of excerpts (messages added).
  std::size_t size() const { return refs_.size(); }
  /// True when some file was attached: excerpts may be references, and a
  /// listing of many is better read through an ExcerptBatch.
  bool may_refer() const { return serial_ != 0; }

 private:
  // refs_[i]: bit 63 set for a reference; bits 48-62 its file; bits 41-47
  // the size; bits 0-40 the offset into the file, or into bytes_ for a copy.
  static constexpr std::uint64_t kInFile = std::uint64_t{1} << 63;
  static constexpr int kFileShift = 48;
  static constexpr int kSizeShift = 41;
  static constexpr std::uint64_t kMaxOffset = std::uint64_t{1} << kSizeShift;  // 2 TiB
  static constexpr std::size_t kMaxFiles = std::size_t{1} << (63 - kFileShift);
  // The fields of a refs_ entry.
  static bool in_file(std::uint64_t ref) { return (ref & kInFile) != 0; }
  static std::uint16_t file_of(std::uint64_t ref) {
    return static_cast<std::uint16_t>((ref >> kFileShift) & (kMaxFiles - 1));
  }
  static std::size_t size_of(std::uint64_t ref) { return (ref >> kSizeShift) & kMaxBytes; }
  static std::uint64_t offset_of(std::uint64_t ref) { return ref & (kMaxOffset - 1); }

  friend class ExcerptBatch;
  std::string_view read_back(std::uint64_t ref) const;
  void close_all();

  PodVector<std::uint64_t> refs_;
  PodVector<char> bytes_;     // the copies, back to back
  std::vector<int> fds_;      // by input file; -1 when not attached
  std::size_t attached_ = 0;  // descriptors held in fds_
  std::uint64_t serial_ = 0;  // names this store's files to the threads' windows
};

/// The excerpts of a list of messages, fetched at once: the references are
/// read in file order, each file's needed bytes in a single pass, instead of
/// one read each. Listing the episodes of an export that is not in time
/// order asks for excerpts all over the file; read one at a time, that is a
/// system call per record. Owns copies of the referenced excerpts; copies
/// in the store are viewed where they are.
class ExcerptBatch {
 public:
  /// Fetches the excerpts of messages[0..n) (message indexes) from `store`,
  /// replacing the previous batch; with `split`, on two threads. The store
  /// must outlive the views.
  void fetch(const ExcerptStore& store, const std::uint32_t* messages, std::size_t n, bool split);
  /// The excerpt of messages[k] of the last fetch(); valid until the next.
  std::string_view view(std::size_t k) const {
    const Slot& s = slots_[k];
    return std::string_view((s.copied ? copies_.data() : store_bytes_) + s.at, s.size);
  }

 private:
  struct Slot {
    std::uint64_t at : 56;  // into copies_, or into the store's copies
    std::uint64_t size : 7;
    std::uint64_t copied : 1;
  };
  static Slot slot(std::uint64_t at, std::uint64_t size, bool copied) {
    Slot s;
    s.at = at;
    s.size = size;
    s.copied = copied;
    return s;
  }
  // A reference to read: where, and which slot of by_rank_ gets it.
  struct Wanted {
    std::uint64_t where;  // file << 41 | offset, the order of reading
    std::uint32_t slot;
    std::uint32_t size;
  };
  /// Reads wanted_[from, to) into their slots: a window of the file at a
  /// time, mapped, or read with pread() when it cannot be.
  void read_wanted(const ExcerptStore& store, std::size_t from, std::size_t to);
  /// Copies wanted_[from, to) out of `window`, the file's bytes from
  /// wanted_[from]'s offset on, of which `window_size` are there.
  void copy_window(const char* window, std::size_t window_size, std::size_t from, std::size_t to);
  /// copy_window() of `size` bytes of file `fd` at offset `at`, mapped;
  /// false, with the slots to be written again, when the window could not
  /// be mapped or the file was cut short under it.
  bool copy_mapped(int fd, std::uint64_t at, std::size_t size, std::size_t from, std::size_t to);
  /// copy_window() that returns false instead of dying of a bus error
  /// (run_catching_bus_errors()).
  bool copy_guarded(const char* window, std::size_t size, std::size_t from, std::size_t to);

  static constexpr std::uint64_t kUnplaced = (std::uint64_t{1} << 56) - 1;  // Slot::at not yet set
  static constexpr std::uint32_t kNoRank = ~std::uint32_t{0};  // a message the store lacks

  PodVector<Slot> slots_;             // by position in the fetch's list
  PodVector<std::uint64_t> asked_;    // a bit per message of the store
  PodVector<std::uint32_t> ranks_;    // per word of asked_: bits set before it
  PodVector<Slot> by_rank_;           // per message asked about, in message order
  PodVector<std::uint32_t> rank_of_;  // by position in the fetch's list
  PodVector<Wanted> wanted_;
  PodVector<char> copies_;
  const char* store_bytes_ = nullptr;
};

}  // namespace ssla

#endif  // SSLA_EXCERPT_STORE_H_
