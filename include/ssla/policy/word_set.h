// The whole words of several exempt and priority rules (spec 3.4, 8.2),
// looked for in one pass over a message's text instead of one pass a word:
// a channel with section 8 priority rules asks about half a dozen words of
// every customer message.
#ifndef SSLA_WORD_SET_H_
#define SSLA_WORD_SET_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ssla {

/// A set of up to kMaxWords distinct words, each with a bit of a 64-bit
/// mask. find() answers, for every word at once, what contains_whole_word()
/// answers for it alone. Const after the last add(): several threads may
/// call find() at once.
class WordSet {
 public:
  static constexpr std::size_t kMaxWords = 64;

  /// The bit of `word` (lower-cased, as the policy keeps words), adding it
  /// when it is new; the same word always gets the same bit. 0 for an empty
  /// word (it never occurs) and for a new word past kMaxWords (see full()).
  std::uint64_t add(std::string_view word);

  /// True once a word was refused for want of bits: the caller must then
  /// look for its words one at a time.
  bool full() const { return full_; }

  /// True when no word was added.
  bool empty() const { return words_.empty(); }
  /// The number of words added.
  std::size_t size() const { return words_.size(); }

  /// The bits of the words that occur whole in `text`: bounded on both
  /// sides by the text's ends or by non-word bytes, ASCII case folded.
  std::uint64_t find(std::string_view text) const;

  /// True when find() filters starts by each word's first three bytes,
  /// thirty-two at a time (a processor with AVX2); else it probes each
  /// word's first and last byte sixteen at a time.
  bool wide() const { return wide_; }
  /// Makes find() use the sixteen-byte probes even where AVX2 is present,
  /// so that tests cover both scans on one machine. Call after the last add().
  void use_narrow_scan() { wide_ = false; }

 private:
  /// Sets the bits of the words that occur whole at `at` into `found`;
  /// `at` starts a run of word bytes of the text d[0, size).
  void try_start(const char* d, std::size_t size, std::size_t at, std::uint64_t& found) const;
  /// The scan of find() with the three-byte filter (AVX2 only).
  void scan_wide(const char* d, std::size_t size, std::uint64_t& found) const;

  // Word i folded, for comparing up to sixteen bytes at once: a text's
  // bytes with `fold` or'ed in (a letter's case bit) equal `bytes` over
  // the bits of `mask`.
  struct Pattern {
    alignas(16) char bytes[16] = {};
    alignas(16) char fold[16] = {};
    unsigned mask = 0;
    std::size_t size = 0;
  };

  // A word whose first and last bytes are word bytes can only start where a
  // run of word bytes starts: find() visits those starts, and tries the
  // words that begin with the start's folded byte. Other words (`#sale`,
  // `:)`) are looked for one at a time.
  std::vector<std::string> words_;                       // bit i is words_[i]
  std::vector<Pattern> patterns_;                        // patterns_[i] is words_[i]
  std::array<std::vector<std::uint8_t>, 256> by_first_;  // folded first byte -> word indices
  std::array<bool, 256> starts_word_{};                  // by_first_[b] is not empty
  std::vector<std::uint8_t> odd_;                        // indices of the other words
  // Sixteen candidate starts at a time are filtered by each word's first
  // and last byte (as contains_whole_word() does for one word), while there
  // are at most kMaxProbes words: a few words filter most starts out.
  struct Probe {
    alignas(16) char first[16];       // the folded first byte, sixteen times
    alignas(16) char first_fold[16];  // 0x20 when it is a letter, else 0
    alignas(16) char last[16];
    alignas(16) char last_fold[16];
    std::size_t span = 0;  // bytes from the first to the last
  };
  static constexpr std::size_t kMaxProbes = 16;
  static constexpr std::size_t kMaxSpan = 64;  // longer words are looked for alone
  std::vector<Probe> probes_;
  std::size_t max_span_ = 0;  // of the probes
  // The three-byte filter (Langdale's "Teddy" of Hyperscan, in its simplest
  // form): for byte j of a start (j = 0, 1, 2), a table by low nibble and
  // one by high nibble give a bit per bucket of words whose byte j may be
  // that byte (both ASCII cases; any byte past a short word's end); a start
  // is a candidate when the three agree on some bucket. Word i is in
  // bucket i % 8. Each table is repeated in both 16-byte lanes.
  alignas(32) std::uint8_t nibbles_[3][2][32] = {};
  bool wide_ = false;
  bool full_ = false;
};

}  // namespace ssla

#endif  // SSLA_WORD_SET_H_
