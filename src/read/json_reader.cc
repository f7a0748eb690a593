#include "ssla/read/json_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "ssla/base/ascii.h"
#include "ssla/base/error.h"
#include "ssla/base/unaligned.h"
#include "ssla/base/utf8.h"
#include "ssla/read/json_grammar.h"

namespace ssla {

namespace {

using simdjson::ondemand::json_type;

std::string_view trim_token(std::string_view s) {
  while (!s.empty() && is_json_space(s.back())) s.remove_suffix(1);
  return s;
}

// The offset of the first quote, backslash or control byte (below 0x20) in
// [p, n), and with kStopAtHigh of the first byte above ASCII too, else n:
// sixteen bytes at a time where SSE2 is there.
template <bool kStopAtHigh>
std::size_t find_string_stop(const char* d, std::size_t p, std::size_t n) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control = _mm_set1_epi8(0x1f);
  // The text is padded (JsonObjectReader::read()): the last block is read
  // whole too, and a stop found past n is none.
  for (; p < n; p += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + p));
    const __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(x, control), x);  // x <= 0x1f, unsigned
    int mask = _mm_movemask_epi8(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)), low));
    if (kStopAtHigh) mask |= _mm_movemask_epi8(x);  // the top bit of each byte
    if (mask != 0) {
      const std::size_t stop =
          p + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
      return stop < n ? stop : n;
    }
  }
  return n;
#else
  for (; p < n; ++p) {
    const auto c = static_cast<unsigned char>(d[p]);
    if (c == '"' || c == '\\' || c < 0x20 || (kStopAtHigh && c >= 0x80)) return p;
  }
  return n;
#endif
}

// The value of the four hex digits at d[p, p + 4), or -1.
int hex4(const char* d, std::size_t p) {
  int code = 0;
  for (std::size_t i = p; i < p + 4; ++i) {
    const int v = hex_digit_value(d[i]);
    if (v < 0) return -1;
    code = code << 4 | v;
  }
  return code;
}

// Writes the character of the `\uXXXX` escape at d[p] (d[p, p + 2) is
// `\u`) to `o` as UTF-8 and returns the bytes of input it took: 6, or 12
// for a surrogate pair written as two escapes; 0 when the digits are not
// hex. A surrogate that is not half of a pair (RFC 8259 allows it: its
// grammar takes any four hex digits) is written as U+FFFD, as invalid UTF-8
// in a CSV field reads: one broken emoji in a text does not cost its
// message. The output is never longer than the escape.
std::size_t put_unicode_escape(const char* d, std::size_t p, std::size_t n, char*& o) {
  if (p + 6 > n) return 0;
  const int code = hex4(d, p + 2);
  if (code < 0) return 0;
  auto put = [&](std::uint32_t c) {
    if (c < 0x80) {
      *o++ = static_cast<char>(c);
    } else if (c < 0x800) {
      *o++ = static_cast<char>(0xc0 | c >> 6);
      *o++ = static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      *o++ = static_cast<char>(0xe0 | c >> 12);
      *o++ = static_cast<char>(0x80 | ((c >> 6) & 0x3f));
      *o++ = static_cast<char>(0x80 | (c & 0x3f));
    } else {
      *o++ = static_cast<char>(0xf0 | c >> 18);
      *o++ = static_cast<char>(0x80 | ((c >> 12) & 0x3f));
      *o++ = static_cast<char>(0x80 | ((c >> 6) & 0x3f));
      *o++ = static_cast<char>(0x80 | (c & 0x3f));
    }
  };
  if (code < 0xd800 || code > 0xdfff) {
    put(static_cast<std::uint32_t>(code));
    return 6;
  }
  if (code <= 0xdbff && p + 12 <= n && d[p + 6] == '\\' && d[p + 7] == 'u') {
    const int low = hex4(d, p + 8);
    if (low >= 0xdc00 && low <= 0xdfff) {
      put(0x10000 + (static_cast<std::uint32_t>(code - 0xd800) << 10) +
          static_cast<std::uint32_t>(low - 0xdc00));
      return 12;
    }
  }
  put(0xfffd);
  return 6;
}

// Writes the character of the escape at d[p] (a backslash) to `o` and
// returns the bytes of input it took (2, 6 or 12); 0 for an unknown escape
// or one cut short. The output is never longer than the escape.
std::size_t put_escape(const char* d, std::size_t p, std::size_t n, char*& o) {
  if (p + 1 >= n) return 0;
  char c = 0;
  switch (d[p + 1]) {
    case '"':
    case '\\':
    case '/':
      c = d[p + 1];
      break;
    case 'b':
      c = '\b';
      break;
    case 'f':
      c = '\f';
      break;
    case 'n':
      c = '\n';
      break;
    case 'r':
      c = '\r';
      break;
    case 't':
      c = '\t';
      break;
    case 'u':
      return put_unicode_escape(d, p, n, o);
    default:
      return 0;
  }
  *o++ = c;
  return 2;
}

// The text of the JSON string `raw` (quotes included, valid by RFC 8259's
// grammar) into `out`; false when it is not one. For the strings simdjson
// declines to unescape (a surrogate that is not half of a pair), which are
// rare: this is not a hot path.
bool unescape_json_string(std::string_view raw, std::string& out) {
  out.clear();
  if (raw.size() < 2 || raw.front() != '"') return false;
  const char* d = raw.data();
  const std::size_t n = raw.size();
  out.resize(n);
  char* const begin = out.data();
  char* o = begin;
  for (std::size_t p = 1; p < n;) {
    const char c = d[p];
    if (c == '"') {
      if (p + 1 != n) return false;
      out.resize(static_cast<std::size_t>(o - begin));
      return true;
    }
    if (c != '\\') {
      if (static_cast<unsigned char>(c) < 0x20) return false;
      *o++ = c;
      ++p;
      continue;
    }
    const std::size_t used = put_escape(d, p, n, o);
    if (used == 0) return false;
    p += used;
  }
  return false;
}

// The token of the key (quotes included) whose text starts at `text`: up
// to the quote simdjson found to end it, which the scan meets first.
std::string_view key_token(const char* text) {
  const char* p = text;
  while (*p != '"') p += *p == '\\' ? 2 : 1;
  return std::string_view(text - 1, static_cast<std::size_t>(p - text) + 2);
}

// Fills one record from one object. Lower rank wins: a literal key beats a
// dotted path, an exact alias beats a case-insensitive one, earlier aliases
// beat later ones.
class ObjectCapture {
 public:
  explicit ObjectCapture(const FieldSources& sources) : sources_(sources) {
    // Explicitly mapped fields are always mapped: a missing key or null is empty.
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      explicit_mapped_[f] = !sources_.explicit_name[f].empty();
    }
  }

  simdjson::error_code capture(simdjson::ondemand::object object, RawRecord& record) {
    start(record);
    return walk(object, std::string_view(), 0, record);
  }

  /// Fills `record` from `text` when it is a flat object of scalars, read
  /// here without simdjson; false for anything else, which capture() then
  /// reads (and `record` is to be filled again). Takes only what simdjson
  /// accepts and reads alike: valid UTF-8; keys without escapes or control
  /// bytes, given as the bytes between their quotes; strings likewise, or
  /// with escapes, unescaped here (a lone surrogate as U+FFFD, as the walk
  /// does); numbers of the RFC 8259 grammar as their literal; true, false;
  /// null as absent; white space around, nothing after the object. Nested
  /// values, escaped keys and anything malformed are left to simdjson,
  /// whose messages name the problem. Export lines are almost all of this kind (one in twenty of
  /// the Kaggle Twitter sample's has a quote or line break in its text).
  bool capture_flat(std::string_view text, RawRecord& record) {
    const char* d = text.data();
    const std::size_t n = text.size();
    std::size_t p = skip_json_space(d, 0, n);
    if (p >= n || d[p] != '{') return false;
    // Bytes above ASCII can only be taken inside strings (anything else
    // there is not matched), so the record is checked for valid UTF-8 when
    // a string scan first meets one: most records are ASCII and never are.
    bool utf8_checked = false;
    auto string_stop = [&](std::size_t from) {
      if (utf8_checked) return find_string_stop<false>(d, from, n);
      std::size_t q = find_string_stop<true>(d, from, n);
      if (q < n && static_cast<unsigned char>(d[q]) >= 0x80) {
        if (!is_valid_utf8(text)) return n;  // not taken: simdjson says why
        utf8_checked = true;
        q = find_string_stop<false>(d, q, n);
      }
      return q;
    };
    start(record);
    p = skip_json_space(d, p + 1, n);
    if (p < n && d[p] == '}') return skip_json_space(d, p + 1, n) == n;
    unescaped_used_ = 0;
    for (std::size_t k = 0;; ++k) {
      if (p >= n || d[p] != '"') return false;
      // The key at this place in the last record is compared first: its
      // bytes were checked then, so a match followed by a quote is the key.
      const KeyPlan* plan = nullptr;
      std::size_t q = 0;
      if (k < layout_.size() && layout_[k] < plans_.size()) {
        const KeyPlan& guess = plans_[layout_[k]];
        const std::size_t size = guess.path.size();
        // The text is padded: 32 bytes past p are readable.
        if (p + 1 + size < n &&
            (guess.quoted_bits != 0 ? guess.quoted_at(d + p + 1)
                                    : d[p + 1 + size] == '"' &&
                                          std::memcmp(d + p + 1, guess.path.data(), size) == 0)) {
          plan = &guess;
          q = p + 1 + size;
        }
      }
      if (plan == nullptr) {
        q = string_stop(p + 1);
        if (q >= n || d[q] != '"') return false;
        plan = &plan_for(std::string_view(), std::string_view(d + p + 1, q - p - 1), 0);
        if (layout_.size() <= k) layout_.resize(k + 1);
        layout_[k] = plan == &scratch_plan_ ? SIZE_MAX : static_cast<std::size_t>(plan - plans_.data());
      }
      p = skip_json_space(d, q + 1, n);
      if (p >= n || d[p] != ':') return false;
      p = skip_json_space(d, p + 1, n);
      if (p >= n) return false;
      std::string_view value;
      bool null = false;
      auto literal = [&](std::string_view word) {
        if (text.compare(p, word.size(), word) != 0) return false;
        value = word;
        p += word.size();
        return true;
      };
      switch (d[p]) {
        case '"':
          q = string_stop(p + 1);
          if (q < n && d[q] == '\\') {
            if (!unescape(d, p + 1, q, n, string_stop, value, p)) return false;
            break;
          }
          if (q >= n || d[q] != '"') return false;
          value = std::string_view(d + p + 1, q - p - 1);
          p = q + 1;
          break;
        case 't':
          if (!literal("true")) return false;
          break;
        case 'f':
          if (!literal("false")) return false;
          break;
        case 'n':
          if (!literal("null")) return false;
          null = true;
          break;
        default:
          q = json_number_end(d, p, n);
          if (q == std::string_view::npos) return false;
          value = std::string_view(d + p, q - p);
          p = q;
          break;
      }
      // As walk(): null counts as absent; a scalar under a path that goes
      // on below it has nothing to descend into.
      if (!null) set_scalar(*plan, value, record);
      p = skip_json_space(d, p, n);
      if (p >= n) return false;
      if (d[p] == '}') return skip_json_space(d, p + 1, n) == n;
      if (d[p] != ',') return false;  // also a literal or number run on ("truex", "12ab")
      p = skip_json_space(d, p + 1, n);
    }
  }

 private:
  static constexpr int kUnset = 1 << 30;

  // A string value with escapes (spec: RFC 8259), `from` just past its
  // opening quote and `stop` at its first backslash, unescaped into
  // unescaped_: `value` views it, `end` is set past the closing quote.
  // The buffer has room for the whole record before its first string is
  // unescaped, so the views of its earlier strings stay valid (the output
  // of an escape is never longer than the escape). False for what simdjson
  // might read otherwise or reject: an unknown escape, a control byte, a
  // string that does not end.
  template <typename Stop>
  bool unescape(const char* d, std::size_t from, std::size_t stop, std::size_t n,
                const Stop& string_stop, std::string_view& value, std::size_t& end) {
    if (unescaped_used_ == 0 && unescaped_size_ < n) {
      unescaped_size_ = std::max(n, 2 * unescaped_size_);
      unescaped_ = std::make_unique<char[]>(unescaped_size_);
    }
    char* const out = unescaped_.get() + unescaped_used_;
    char* o = out;
    std::size_t p = from;
    for (;;) {
      std::memcpy(o, d + p, stop - p);
      o += stop - p;
      p = stop;
      if (p + 1 >= n) return false;
      if (d[p] == '"') break;
      if (d[p] != '\\') return false;  // a control byte
      const std::size_t used = put_escape(d, p, n, o);
      if (used == 0) return false;
      p += used;
      stop = string_stop(p);
    }
    value = std::string_view(out, static_cast<std::size_t>(o - out));
    unescaped_used_ += value.size();
    end = p + 1;
    return true;
  }

  // A string simdjson declined to unescape (a surrogate that is not half of
  // a pair) unescaped here into repaired_, which keeps it until the next
  // record; false when `raw` is no JSON string.
  bool repair(std::string_view raw, std::string_view& text) {
    std::string& out = repaired_.emplace_back();
    if (!unescape_json_string(raw, out)) return false;
    text = out;
    return true;
  }

  // Before a record's first key.
  void start(RawRecord& record) {
    if (!repaired_.empty()) repaired_.clear();  // clear() walks the deque's map even when empty
    rank_.fill(kUnset);
    record.mapped = explicit_mapped_;
    record.value.fill(std::string_view());
    record.tags.clear();
    record.tags_as_list = false;
  }

  simdjson::error_code walk(simdjson::ondemand::object object, std::string_view prefix, int depth,
                            RawRecord& record) {
    for (auto field : object) {
      std::string_view key;
      simdjson::ondemand::raw_json_string raw_key;
      if (auto e = field.key().get(raw_key)) return e;
      if (field.unescaped_key().get(key) != simdjson::SUCCESS &&
          !repair(key_token(raw_key.raw()), key)) {
        return simdjson::STRING_ERROR;
      }
      simdjson::ondemand::value value;
      if (auto e = field.value().get(value)) return e;
      const KeyPlan& plan = plan_for(prefix, key, depth);
      bool wants_tags = false;
      const int hits = take_wanted(plan, wants_tags);
      const bool descend = plan.descend;
      if (hits > 0) {
        json_type type;
        if (auto e = value.type().get(type)) return e;
        if (type == json_type::null) continue;  // null counts as absent
        std::string_view text;
        bool is_list = false;
        switch (type) {
          case json_type::string: {
            // Most strings have no escapes: then their text is the raw
            // token between its quotes, a view into the input that needs
            // no copy; the others are unescaped into the parser's buffer.
            const std::string_view raw = trim_token(value.raw_json_token());
            if (raw.size() >= 2 && raw.back() == '"' &&
                std::memchr(raw.data(), '\\', raw.size()) == nullptr) {
              text = raw.substr(1, raw.size() - 2);
            } else if (value.get_string().get(text) != simdjson::SUCCESS && !repair(raw, text)) {
              return simdjson::STRING_ERROR;
            }
            break;
          }
          case json_type::number:
            text = trim_token(value.raw_json_token());  // exact literal, also above 2^53
            break;
          case json_type::boolean: {
            bool b = false;
            if (auto e = value.get_bool().get(b)) return e;
            text = b ? "true" : "false";
            break;
          }
          case json_type::array:
            is_list = true;
            break;
          default:
            break;  // an object where a scalar is expected reads as empty
        }
        set_fields(hits, text, is_list, record);
        if (is_list && wants_tags) {
          simdjson::ondemand::array arr;
          if (auto e = value.get_array().get(arr)) return e;
          record.tags.clear();
          for (auto item : arr) {
            std::string_view t;
            if (item.get_string().get(t) == simdjson::SUCCESS ||
                repair(trim_token(item.raw_json_token()), t)) {
              record.tags.push_back(t);
            }
          }
        }
        continue;
      }
      if (descend) {
        json_type type;
        if (auto e = value.type().get(type)) return e;
        if (type == json_type::object) {
          simdjson::ondemand::object inner;
          if (auto e = value.get_object().get(inner)) return e;
          const std::string path = plan.path;  // plans_ may grow in the walk below
          if (auto e = walk(inner, path, depth + 1, record)) return e;
        }
      }
    }
    return simdjson::SUCCESS;
  }

  // What a key means, worked out once per distinct dotted path: the fields
  // it is a source for, with their ranks, and whether a mapped path goes
  // on below it.
  struct KeyPlan {
    std::string path;  // dotted, from the top of the record
    int depth = 0;
    std::vector<std::pair<int, int>> ranks;  // (field, rank)
    bool descend = false;
    // The path and a closing quote, for capture_flat()'s guess: compared
    // 32 bytes at a time with a bit per byte that counts (none when longer).
    alignas(16) char quoted[32] = {};
    std::uint32_t quoted_bits = 0;

    void set_quoted() {
      if (path.size() + 1 > sizeof quoted) return;
      std::memcpy(quoted, path.data(), path.size());
      quoted[path.size()] = '"';
      quoted_bits =
          path.size() + 1 == 32 ? ~std::uint32_t{0} : (std::uint32_t{1} << (path.size() + 1)) - 1;
    }
    // True when the 32 bytes at `at` start with the path and its closing
    // quote (quoted_bits != 0). Reads all 32 (the caller's text is padded).
    bool quoted_at(const char* at) const {
#if defined(__SSE2__)
      const auto eq = [&](int half) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + 16 * half));
        const __m128i y = _mm_load_si128(reinterpret_cast<const __m128i*>(quoted + 16 * half));
        return static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, y)));
      };
      return ((eq(0) | eq(1) << 16) & quoted_bits) == quoted_bits;
#else
      return std::memcmp(at, quoted, path.size() + 1) == 0;
#endif
    }
  };

  // The fields `plan` is a source for that have no better source yet, into
  // wanted_ (their number returned) with their ranks in want_rank_.
  int take_wanted(const KeyPlan& plan, bool& wants_tags) {
    int hits = 0;
    for (const auto& [f, rank] : plan.ranks) {
      if (rank < rank_[f]) {
        wanted_[hits++] = f;
        want_rank_[f] = rank;
        wants_tags = wants_tags || f == kFieldTags;
      }
    }
    return hits;
  }

  // take_wanted() then set_fields() for a scalar, in one pass and without
  // their lists: a scalar's type needs no look before its fields are set.
  // (A plan names each field once, so a field set here is not met again.)
  void set_scalar(const KeyPlan& plan, std::string_view text, RawRecord& record) {
    for (const auto& [f, rank] : plan.ranks) {
      if (rank < rank_[f]) set_field(f, rank, text, false, record);
    }
  }

  // Gives the first `hits` fields of wanted_ their value (none for a list).
  void set_fields(int hits, std::string_view text, bool is_list, RawRecord& record) {
    for (int i = 0; i < hits; ++i) {
      const int f = wanted_[i];
      set_field(f, want_rank_[f], text, is_list, record);
    }
  }

  // Field f's value from a source of `rank` (none for a list: its items go
  // to record.tags).
  void set_field(int f, int rank, std::string_view text, bool is_list, RawRecord& record) {
    rank_[f] = rank;
    record.mapped[f] = true;
    record.value[f] = is_list ? std::string_view() : text;
    if (f == kFieldTags) record.tags_as_list = is_list;
  }

  // The plan of `key` under `prefix`. Records of an export repeat their keys
  // in the same order, so the plan after the last one found is tried first.
  const KeyPlan& plan_for(std::string_view prefix, std::string_view key, int depth) {
    std::string_view path = key;  // the dotted path; at the top, the key itself
    if (!prefix.empty()) {
      path_.assign(prefix);
      path_ += '.';
      path_ += key;
      path = path_;
    }
    const std::size_t n = plans_.size();
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t k = next_ + i < n ? next_ + i : next_ + i - n;
      if (plans_[k].depth == depth && same_bytes(plans_[k].path, path)) {
        next_ = k + 1 < n ? k + 1 : 0;
        return plans_[k];
      }
    }
    KeyPlan plan;
    plan.path = path;
    plan.depth = depth;
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      const std::string& name = sources_.explicit_name[f];
      int rank = kUnset;
      if (!name.empty()) {
        // Spec 7: a name matches exactly, else ASCII case-insensitively;
        // within each, as a literal key before a dotted path.
        if (name == path) {
          rank = depth == 0 ? 0 : 1;
        } else if (equals_folded(name, path)) {
          rank = depth == 0 ? 2 : 3;
        } else if (name.size() > path.size() && name[path.size()] == '.' &&
                   equals_folded(std::string_view(name).substr(0, path.size()), path)) {
          plan.descend = true;
        }
      } else if (depth == 0 && sources_.preset != "twcs") {
        const auto& aliases = generic_aliases(static_cast<Field>(f));
        for (std::size_t a = 0; a < aliases.size() && rank == kUnset; ++a) {
          if (key == aliases[a]) rank = static_cast<int>(2 * a);
          else if (equals_folded(key, aliases[a])) rank = static_cast<int>(2 * a + 1);
        }
      }
      if (rank != kUnset) plan.ranks.emplace_back(static_cast<int>(f), rank);
    }
    // Records with keys of their own (ids as keys) would grow the plans
    // without end: past a bound, a plan is worked out each time.
    if (plans_.size() >= kMaxPlans) {
      scratch_plan_ = std::move(plan);
      return scratch_plan_;
    }
    plan.set_quoted();
    plans_.push_back(std::move(plan));
    next_ = 0;
    return plans_.back();
  }

  static constexpr std::size_t kMaxPlans = 256;

  const FieldSources& sources_;
  std::array<bool, kFieldCount> explicit_mapped_{};  // what start() sets record.mapped to
  std::vector<KeyPlan> plans_;
  std::size_t next_ = 0;  // the plan tried first
  KeyPlan scratch_plan_;
  std::array<int, kFieldCount> rank_{};
  std::array<int, kFieldCount> want_rank_{};
  std::array<int, kFieldCount> wanted_{};
  std::string path_;
  // capture_flat(): per key place of the last record read there, the index
  // of its key's plan (a plan at the top, whose path is the key), or SIZE_MAX.
  std::vector<std::size_t> layout_;
  // repair()'s strings: a deque, so that a string's place never moves.
  std::deque<std::string> repaired_;
  // capture_flat(): the record's unescaped strings, back to back.
  std::unique_ptr<char[]> unescaped_;
  std::size_t unescaped_size_ = 0;
  std::size_t unescaped_used_ = 0;
};

std::string json_problem(simdjson::error_code e) { return simdjson::error_message(e); }

}  // namespace

void read_json_array(const InputBuffer& input, const FieldSources& sources,
                     const std::string& file, const RecordSink& sink) {
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  auto fail = [&](simdjson::error_code e) {
    throw input_error(file + ": not a valid JSON array of objects: " + json_problem(e));
  };
  // A UTF-8 byte-order mark (Excel and some Windows tools write one) is skipped.
  const std::size_t skip =
      input.size() >= 3 && std::memcmp(input.data(), "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  // The grammar first: the walk below reads only the values it visits.
  std::vector<char> stack;
  if (const std::string problem =
          json_grammar_problem(input.data() + skip, input.size() - skip, stack);
      !problem.empty()) {
    throw input_error(file + ": not a valid JSON array of objects: " + problem);
  }
  if (auto e = parser.iterate(input.data() + skip, input.size() - skip, input.capacity() - skip)
                   .get(doc)) {
    fail(e);
  }
  simdjson::ondemand::array array;
  if (auto e = doc.get_array().get(array)) fail(e);
  ObjectCapture capture(sources);
  RawRecord record;
  std::uint32_t index = 0;
  for (auto element : array) {
    ++index;
    record.line = index;
    simdjson::ondemand::value value;
    if (auto e = element.get(value)) fail(e);
    json_type type;
    if (auto e = value.type().get(type)) fail(e);
    if (type != json_type::object) {
      // The array iterator skips the unread value by itself.
      sink(record, "array element is not an object");
      continue;
    }
    simdjson::ondemand::object object;
    if (auto e = value.get_object().get(object)) fail(e);
    if (auto e = capture.capture(object, record)) fail(e);
    sink(record, "");
  }
}

void read_ndjson(const InputBuffer& input, const FieldSources& sources, const std::string& file,
                 const RecordSink& sink) {
  (void)file;
  simdjson::ondemand::parser parser;
  std::vector<char> stack;  // json_grammar_problem()'s
  ObjectCapture capture(sources);
  RawRecord record;
  const char* data = input.data();
  const std::size_t size = input.size();
  std::size_t pos = 0;
  std::uint32_t line = 0;
  while (pos < size) {
    ++line;
    const char* nl = static_cast<const char*>(std::memchr(data + pos, '\n', size - pos));
    const std::size_t end = nl == nullptr ? size : static_cast<std::size_t>(nl - data);
    std::size_t b = pos;
    while (b < end && (data[b] == ' ' || data[b] == '\t' || data[b] == '\r')) ++b;
    const std::size_t start = pos;
    pos = end + 1;
    if (b == end) continue;  // blank lines are ignored
    if (line == 1 && end - b >= 3 && std::memcmp(data + b, "\xEF\xBB\xBF", 3) == 0) b += 3;
    (void)start;
    record.line = line;
    if (data[b] != '{') {  // as the streamed reading says it
      sink(record, "line is not a JSON object");
      continue;
    }
    if (const std::string problem = json_grammar_problem(data + b, end - b, stack);
        !problem.empty()) {
      sink(record, "invalid JSON: " + problem);
      continue;
    }
    simdjson::ondemand::document doc;
    // The rest of the buffer (and its padding) follows the line, as simdjson requires.
    auto e = parser.iterate(data + b, end - b, input.capacity() - b).get(doc);
    simdjson::ondemand::object object;
    if (!e) e = doc.get_object().get(object);
    if (!e) e = capture.capture(object, record);
    if (e) {
      sink(record, e == simdjson::INCORRECT_TYPE ? std::string("line is not a JSON object")
                                                  : "invalid JSON: " + json_problem(e));
      continue;
    }
    sink(record, "");
  }
}

struct JsonObjectReader::Impl {
  explicit Impl(const FieldSources& sources) : capture(sources) {}
  simdjson::ondemand::parser parser;
  std::vector<char> stack;  // json_grammar_problem()'s, kept between records
  ObjectCapture capture;
};

JsonObjectReader::JsonObjectReader(const FieldSources& sources)
    : impl_(std::make_unique<Impl>(sources)) {}

JsonObjectReader::~JsonObjectReader() = default;

JsonObjectReader::Outcome JsonObjectReader::read(std::string_view text, RawRecord& record) {
  // The flat reading takes only records that are valid as a whole.
  if (flat_ && impl_->capture.capture_flat(text, record)) return Outcome::kObject;
  // The grammar first: the walk reads only the values it visits, so a bad
  // number under a key no field reads, or text after the object, would
  // pass it.
  problem_ = json_grammar_problem(text.data(), text.size(), impl_->stack);
  if (!problem_.empty()) return Outcome::kInvalid;
  simdjson::ondemand::document doc;
  auto e = impl_->parser.iterate(text.data(), text.size(), text.size() + kInputPadding).get(doc);
  simdjson::ondemand::object object;
  if (!e) e = doc.get_object().get(object);
  if (!e) e = impl_->capture.capture(object, record);
  if (!e) return Outcome::kObject;
  if (e == simdjson::INCORRECT_TYPE) return Outcome::kNotObject;
  problem_ = json_problem(e);
  return Outcome::kInvalid;
}

}  // namespace ssla
