#include "ssla/base/interner.h"

#include <sys/mman.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ssla/base/id_table.h"
#include "ssla/base/key_map.h"
#include "ssla/base/pod_vector.h"
#include "ssla/base/unaligned.h"

namespace {

// Interns `strings` in order, checking each id against a map's count of the
// distinct strings before it, then finds every one again. Returns the map.
std::map<std::string, std::uint32_t> intern_against_map(ssla::Interner& in,
                                                        const std::vector<std::string>& strings) {
  std::map<std::string, std::uint32_t> expected;
  for (const std::string& s : strings) {
    const auto [it, added] = expected.emplace(s, static_cast<std::uint32_t>(expected.size()));
    CHECK(in.intern(s) == it->second);
  }
  REQUIRE(in.size() == expected.size());
  for (const auto& [s, id] : expected) {
    CHECK(in.find(s) == id);
    CHECK(in.view(id) == s);
  }
  return expected;
}

}  // namespace

TEST_CASE("Interning gives dense ids in order of first appearance", "[interner]") {
  ssla::Interner in;
  CHECK(in.intern("a") == 0);
  CHECK(in.intern("b") == 1);
  CHECK(in.intern("a") == 0);
  CHECK(in.intern("") == 2);
  CHECK(in.find("b") == 1);
  CHECK(in.find("c") == ssla::Interner::kNone);
  CHECK(in.view(1) == "b");
  CHECK(in.view(ssla::Interner::kNone).empty());
}

TEST_CASE("Interned views stay valid while the table grows", "[interner]") {
  ssla::Interner in;
  const std::string_view first = in.view(in.intern("first"));
  for (int i = 0; i < 100000; ++i) in.intern("id-" + std::to_string(i));
  CHECK(first == "first");
  CHECK(in.size() == 100001);
  CHECK(in.find("id-99999") == 100000);
  // A string larger than a storage chunk gets a chunk of its own.
  const std::string big(3 << 20, 'x');
  CHECK(in.view(in.intern(big)) == big);
}

TEST_CASE("Short strings kept in the slot tell apart every byte and every length",
          "[interner]") {
  // Strings of 0 to 9 bytes over an alphabet with a zero byte and a high
  // byte: those up to 7 bytes are compared inside the slot, longer ones by
  // their bytes. Each must get its own id, and find it again, against a map.
  ssla::Interner in;
  const std::string alphabet("a\0\xff", 3);
  std::mt19937 random(7);
  std::vector<std::string> strings;
  for (int round = 0; round < 40000; ++round) {
    std::string s(random() % 10, 'a');
    for (char& c : s) c = alphabet[random() % alphabet.size()];
    strings.push_back(s);
  }
  const auto expected = intern_against_map(in, strings);
  CHECK(in.find(std::string("a\0", 2)) == expected.at(std::string("a\0", 2)));
  CHECK(in.find("aaaaaaaaaaaa") == ssla::Interner::kNone);
}

TEST_CASE("Numbers found by value and strings found by hash keep apart and keep their ids",
          "[interner]") {
  // Numbers below the limit without leading zeros are found by value; with
  // a leading zero, a sign, more digits or another byte they are strings.
  // Each gets its own id in order of first appearance, against a map.
  CHECK(ssla::Interner::hash_of("0") == ssla::Interner::kDirect);
  CHECK(ssla::Interner::hash_of("9999999") == (9999999 | ssla::Interner::kDirect));
  for (const char* s : {"", "00", "01", "10000000", "-1", "+1", "1 ", "12a", "1.0"}) {
    INFO(s);
    CHECK((ssla::Interner::hash_of(s) & ssla::Interner::kDirect) == 0);
  }
  ssla::Interner in;
  CHECK(in.find("5") == ssla::Interner::kNone);  // before the first number
  std::mt19937 random(11);
  std::vector<std::string> strings;
  for (int round = 0; round < 60000; ++round) {
    std::string s;
    switch (random() % 6) {
      case 0: s = std::to_string(random() % 1000); break;          // small numbers, often again
      case 1: s = std::to_string(random() % 10000000); break;      // up to the limit
      case 2: s = std::to_string(9999990 + random() % 20); break;  // around it
      case 3: s = "0" + std::to_string(random() % 1000); break;    // leading zeros
      case 4: s = std::to_string(random() % 1000) + "x"; break;
      default: s = "u" + std::to_string(random() % 5000); break;
    }
    strings.push_back(s);
  }
  const auto expected = intern_against_map(in, strings);
  CHECK(in.find("9999999") == (expected.count("9999999") ? expected.at("9999999")
                                                         : ssla::Interner::kNone));
  ssla::Interner moved(std::move(in));
  CHECK(moved.find(expected.begin()->first) == expected.begin()->second);
}

TEST_CASE("PodVector keeps its records when it grows past a mapping and shrinks back",
          "[base][pod_vector]") {
  ssla::PodVector<std::uint64_t> v;
  // 1 MiB of records crosses from malloc to a mapping of its own; 4 M
  // records (32 MiB) are grown several times by mremap.
  for (std::uint64_t i = 0; i < (std::uint64_t{1} << 22); ++i) v.push_back(i * 7);
  REQUIRE(v.size() == (std::size_t{1} << 22));
  bool same = true;
  for (std::uint64_t i = 0; i < v.size(); ++i) same = same && v[i] == i * 7;
  CHECK(same);
  ssla::PodVector<std::uint64_t> copy(v);
  v.resize(100);
  v.shrink_to_fit();  // back below the mapping threshold
  CHECK(v.size() == 100);
  CHECK(v[99] == 99 * 7);
  CHECK(copy.size() == (std::size_t{1} << 22));
  CHECK(copy[(std::size_t{1} << 22) - 1] == ((std::uint64_t{1} << 22) - 1) * 7);
  v.clear();
  CHECK(v.empty());
  v.assign(3, 5);
  CHECK((v[0] == 5 && v[2] == 5));
}

TEST_CASE("PodVector take_append moves every record over in order and empties the source",
          "[base][pod_vector]") {
  // Sources below one piece, of exactly one piece, and of several pieces
  // (a piece is 1 MiB: 131073 records of 8 bytes).
  for (const std::size_t n : {std::size_t{0}, std::size_t{3}, std::size_t{131073},
                              std::size_t{131074}, std::size_t{400000}}) {
    ssla::PodVector<std::uint64_t> into;
    ssla::PodVector<std::uint64_t> from;
    for (std::uint64_t i = 0; i < 1000; ++i) into.push_back(i);
    for (std::uint64_t i = 0; i < n; ++i) from.push_back(1000 + i);
    into.take_append(from);
    CHECK(from.empty());
    REQUIRE(into.size() == 1000 + n);
    bool in_order = true;
    for (std::uint64_t i = 0; i < into.size(); ++i) in_order = in_order && into[i] == i;
    CHECK(in_order);
  }
}

TEST_CASE("PodVector agrees with std::vector through any mix of growing, shrinking and swapping",
          "[base][pod_vector][property]") {
  // Sizes on both sides of a mapping (1 MiB: 131072 records of 8 bytes),
  // exact page multiples among them: a record written past the capacity
  // would land outside the mapping, a record lost in a move or a copy
  // would differ from the model.
  std::mt19937 rng(20261205);
  ssla::PodVector<std::uint64_t> a;
  ssla::PodVector<std::uint64_t> b;
  std::vector<std::uint64_t> ma;
  std::vector<std::uint64_t> mb;
  auto size_near_a_boundary = [&]() -> std::size_t {
    const std::size_t base[] = {0, 512, 131072, 262144, 393216};
    const std::size_t at = base[rng() % 5];
    const std::size_t offset = rng() % 1500;
    return rng() % 2 == 0 ? at + offset : (at > offset ? at - offset : 0);
  };
  std::uint64_t next = 1;
  for (int op = 0; op < 400; ++op) {
    switch (rng() % 9) {
      case 0:
      case 1: {  // push_back up to the next boundary
        const std::size_t target = size_near_a_boundary();
        while (a.size() < target) {
          a.push_back(next);
          ma.push_back(next++);
        }
        break;
      }
      case 2: {
        const std::size_t n = size_near_a_boundary();
        a.resize(n, next);
        ma.resize(n, next++);
        break;
      }
      case 3: {
        const std::size_t n = size_near_a_boundary();
        const std::size_t old = a.size();
        a.resize_for_overwrite(n);
        ma.resize(n);
        for (std::size_t i = old; i < n; ++i) a[i] = ma[i] = next++;
        break;
      }
      case 4:
        a.shrink_to_fit();
        break;
      case 5:
        a.reserve(size_near_a_boundary());
        break;
      case 6:
        a.swap(b);
        ma.swap(mb);
        break;
      case 7:
        a.take_append(b);
        ma.insert(ma.end(), mb.begin(), mb.end());
        mb.clear();
        break;
      default:
        if (rng() % 2 == 0) {
          b = a;
          mb = ma;
        } else {
          a.clear();
          ma.clear();
        }
        break;
    }
    REQUIRE(a.size() == ma.size());
    REQUIRE(b.size() == mb.size());
    CHECK(std::equal(a.begin(), a.end(), ma.begin()));
    CHECK(std::equal(b.begin(), b.end(), mb.begin()));
  }
}

TEST_CASE("Freed tables' pages are reused while kept, and grown tables keep their records",
          "[base][pod_vector]") {
  // resize_for_overwrite() leaves the records as the memory was: a fresh
  // mapping is zeroed by the kernel, reused pages hold the old records.
  constexpr std::size_t kBig = std::size_t{1} << 20;  // 8 MiB of 8-byte records
  auto stale = [](std::size_t n) {
    ssla::PodVector<std::uint64_t> t;
    t.resize_for_overwrite(n);
    return t[0] == 7 && t[n - 1] == 7;
  };
  {
    ssla::PodVector<std::uint64_t> freed;
    freed.assign(kBig, 7);
  }
  CHECK_FALSE(stale(kBig / 2));  // not kept: given back at once

  ssla::keep_freed_tables();
  {
    ssla::PodVector<std::uint64_t> freed;
    freed.assign(kBig, 7);
  }
  CHECK(stale(kBig / 2));  // the head of the freed table, then freed again itself
  {
    // Larger than any kept block: the largest grown, its pages reused
    // (not under ThreadSanitizer, which does not follow mremap()).
    ssla::PodVector<std::uint64_t> bigger;
    bigger.resize_for_overwrite(2 * kBig);
#if !defined(__SANITIZE_THREAD__)
    CHECK(bigger[0] == 7);
#endif
    bigger.assign(2 * kBig, 7);
  }
  // Growing into kept pages copies the records over.
  ssla::PodVector<std::uint64_t> grown;
  grown.assign(kBig / 4, 3);
  grown.resize(kBig / 2, 3);
  CHECK((grown[0] == 3 && grown[kBig / 4] == 3 && grown[kBig / 2 - 1] == 3));
  grown.clear();
  ssla::release_freed_tables();
  CHECK_FALSE(stale(kBig / 2));  // given back: new pages
}

TEST_CASE("Tables given back on two threads leave no mapping and their neighbours intact",
          "[base][pod_vector]") {
  // Three tables of 24 MiB, mapped one after another (most likely side by
  // side); the middle one is freed with its pages given back by two threads.
  constexpr std::size_t kRecords = std::size_t{3} << 20;
  ssla::PodVector<std::uint64_t> before, middle, after;
  before.assign(kRecords, 1);
  middle.assign(kRecords, 2);
  after.assign(kRecords, 3);
  void* const gone = middle.data();
  const std::size_t gone_bytes = kRecords * sizeof(std::uint64_t);
  ssla::give_back_on_two_threads(true);
  middle = ssla::PodVector<std::uint64_t>();
  ssla::give_back_on_two_threads(false);
  // mincore() fails with ENOMEM on an address range that is not mapped.
  std::vector<unsigned char> resident(gone_bytes / 4096 + 1);
  errno = 0;
  CHECK(mincore(gone, gone_bytes, resident.data()) == -1);
  CHECK(errno == ENOMEM);
  auto all = [](const ssla::PodVector<std::uint64_t>& t, std::uint64_t v) {
    return std::all_of(t.begin(), t.end(), [v](std::uint64_t x) { return x == v; });
  };
  CHECK(all(before, 1));
  CHECK(all(after, 3));
}

TEST_CASE("A growing table's pages are faulted in a quarter MiB ahead of its records, no more",
          "[base][pod_vector]") {
  // 32 MiB of address space, none of it touched: reserve() maps only.
  constexpr std::size_t kRecords = std::size_t{4} << 20;
  ssla::PodVector<std::uint64_t> t;
  t.reserve(kRecords);
  for (std::uint64_t i = 0; i < 10; ++i) t.push_back(i);
  auto resident = [&](std::size_t byte_offset) {
    unsigned char in = 0;
    void* page = reinterpret_cast<void*>(
        reinterpret_cast<std::uintptr_t>(reinterpret_cast<char*>(t.data()) + byte_offset) &
        ~std::uintptr_t{4095});
    REQUIRE(mincore(page, 4096, &in) == 0);
    return (in & 1) != 0;
  };
  CHECK(resident(0));
  CHECK(resident(200 << 10));      // ahead of the records, asked for in one go
  CHECK_FALSE(resident(8 << 20));  // far ahead: still address space only
  for (std::uint64_t i = 10; i < kRecords; ++i) t.push_back(i);
  CHECK(t[kRecords - 1] == kRecords - 1);
  CHECK(t[12345] == 12345);
}

TEST_CASE("KeyMap agrees with a plain map for pairs of ids, shifted keys and all ones",
          "[base][key_map]") {
  ssla::KeyMap<std::uint32_t> map;
  std::map<std::uint64_t, std::uint32_t> expected;
  std::vector<std::uint64_t> keys = {~std::uint64_t{0}, 0, 1};
  for (std::uint64_t r = 0; r < 300; ++r) {
    for (std::uint64_t c = 0; c < 40; c += 3) keys.push_back(r << 32 | c);  // (root, customer)
  }
  for (int i = 0; i < 2000; ++i) keys.push_back(std::uint64_t{1} << (i % 64) | (i / 64));
  std::mt19937 random(20261202);
  for (int i = 0; i < 5000; ++i) keys.push_back(keys[random() % keys.size()]);
  bool same = true;
  for (const std::uint64_t k : keys) {
    const auto next = static_cast<std::uint32_t>(expected.size());
    const std::uint32_t want = expected.emplace(k, next).first->second;
    same = same && map.find_or_add(k, [&] { return next; }) == want;
  }
  CHECK(same);
  bool found = true;
  for (const auto& [k, v] : expected) found = found && map.find(k) != nullptr && *map.find(k) == v;
  CHECK(found);
  CHECK(map.find(std::uint64_t{12345} << 32 | 7) == nullptr);
  map.clear();
  CHECK(map.find(0) == nullptr);
  CHECK(map.find(~std::uint64_t{0}) == nullptr);
}

TEST_CASE("IdTable keeps decimal ids as numbers and other ids as text", "[base][ids]") {
  ssla::IdTable ids;
  const std::uint32_t a = ids.intern("123");
  const std::uint32_t b = ids.intern("0123");  // not canonical: a different id, kept as text
  const std::uint32_t c = ids.intern("m-1");
  const std::uint32_t big = ids.intern("99999999999999999999");  // more than 18 digits
  CHECK(ids.intern("123") == a);
  CHECK(a != b);
  CHECK(ids.text(a) == "123");
  CHECK(ids.text(b) == "0123");
  CHECK(ids.text(c) == "m-1");
  CHECK(ids.text(big) == "99999999999999999999");
  // What a writer prints without a copy: the number, or the stored text.
  CHECK(ids.decimal_of(a) == 123);
  CHECK(ids.stored_text(a).empty());
  for (const std::uint32_t text_id : {b, c, big}) {
    CHECK(ids.decimal_of(text_id) == ssla::IdTable::kNotDecimal);
    CHECK(ids.stored_text(text_id) == ids.text(text_id));
  }
  CHECK(ids.decimal_of(ssla::IdTable::kNone) == ssla::IdTable::kNotDecimal);
  CHECK(ids.stored_text(ssla::IdTable::kNone).empty());
  CHECK(ids.find("0123") == b);
  CHECK(ids.find("124") == ssla::IdTable::kNone);
  ids.drop_index();
  CHECK(ids.find("m-1") == c);  // a scan without the index
  CHECK(ids.find("123") == a);
  CHECK(ids.intern("77") == 4);  // adding again rebuilds the index
  CHECK(ids.intern("0123") == b);
}

TEST_CASE("IdTable gives the ids of a plain map for runs, strides and snowflake ids",
          "[base][ids]") {
  // Key patterns that place many keys in the same group of slots, or none
  // in most groups: consecutive ids, multiples of 8 and of 64, Twitter
  // snowflake ids (sequence bits mostly zero), text ids; with repeats, and
  // past several growths of the table.
  std::vector<std::string> keys;
  for (std::uint64_t i = 1; i <= 20000; ++i) keys.push_back(std::to_string(i));
  for (std::uint64_t i = 1; i <= 20000; ++i) keys.push_back(std::to_string(1000000 + i * 8));
  // Mostly increasing, as twcs exports list them: some pairs swapped, and
  // a reply's parent named a few ids before its own row (then that id
  // comes below the largest key so far).
  for (std::uint64_t i = 1; i <= 20000; ++i) {
    const std::uint64_t id = 3000000 + i;
    if (i % 7 == 0) keys.push_back(std::to_string(id + 3));
    keys.push_back(std::to_string(i % 11 == 0 ? id + 1 : i % 11 == 1 && i > 1 ? id - 1 : id));
  }
  const std::size_t in_order = keys.size();
  for (std::uint64_t i = 1; i <= 20000; ++i) keys.push_back(std::to_string(5000000 + i * 64));
  for (std::uint64_t i = 1; i <= 20000; ++i) {
    keys.push_back(std::to_string((std::uint64_t{1500000000000} + i * 37) << 22));
  }
  for (int i = 0; i < 5000; ++i) keys.push_back("dm-" + std::to_string(i));
  std::mt19937 random(20261202);
  for (int i = 0; i < 50000; ++i) keys.push_back(keys[random() % keys.size()]);
  std::shuffle(keys.begin() + static_cast<std::ptrdiff_t>(in_order), keys.end(), random);

  // Reserved for a large input as well: then ids interned not long ago are
  // looked up in a cache of recent ids first, which must agree with the map
  // for keys that share its places (multiples of its size) too.
  for (int i = 1; i <= 3000; ++i) keys.push_back(std::to_string(i * 65536));
  for (int i = 0; i < 3000; ++i) keys.push_back(std::to_string((2999 - i) * 65536 + 65536));
  const bool large = GENERATE(false, true);
  ssla::IdTable ids;
  if (large) ids.reserve(std::size_t{1} << 21);
  std::map<std::string, std::uint32_t> expected;
  bool same = true;
  for (const std::string& k : keys) {
    const auto next = static_cast<std::uint32_t>(expected.size());
    const std::uint32_t want = expected.emplace(k, next).first->second;
    same = same && ids.intern(k) == want;
  }
  CHECK(same);
  REQUIRE(ids.size() == expected.size());
  bool found = true;
  for (const auto& [k, id] : expected) found = found && ids.find(k) == id && ids.text(id) == k;
  CHECK(found);
  CHECK(ids.find("4") == expected.at("4"));
  CHECK(ids.find("20001") == ssla::IdTable::kNone);

  // Without the index, then with it built again for more ids.
  ids.drop_index();
  CHECK(ids.find("3000007") == expected.at("3000007"));
  for (const char* k : {"1", "3000010", "99999999", "dm-x", "2"}) {
    const auto next = static_cast<std::uint32_t>(expected.size());
    const std::uint32_t want = expected.emplace(k, next).first->second;
    CHECK(ids.intern(k) == want);
  }
  found = true;
  for (const auto& [k, id] : expected) found = found && ids.find(k) == id;
  CHECK(found);
}

TEST_CASE("hash_bytes and same_bytes see every byte of strings of every length",
          "[base][interner]") {
  // Changing any one byte of a string of 0 to 150 bytes changes its hash
  // (the last bytes are read as overlapping words, longer strings in lanes
  // of 48 bytes) and makes it unequal by same_bytes (overlapping words up to
  // 32 bytes); equal strings agree.
  bool every_byte = true;
  bool same = true;
  for (std::size_t n = 0; n <= 150; ++n) {
    std::string s(n, 'a');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7) % 26);
    const std::uint64_t h = ssla::hash_bytes(s);
    const std::string copy = s;
    every_byte = every_byte && ssla::hash_bytes(copy) == h;
    same = same && ssla::same_bytes(s, copy) && !ssla::same_bytes(s, s + "x");
    for (std::size_t i = 0; i < n; ++i) {
      std::string t = s;
      t[i] = static_cast<char>(t[i] ^ 0x01);
      every_byte = every_byte && ssla::hash_bytes(t) != h;
      same = same && !ssla::same_bytes(s, t);
    }
    every_byte = every_byte && ssla::hash_bytes(s + '\0') != h;  // the length counts
  }
  CHECK(every_byte);
  CHECK(same);
}
