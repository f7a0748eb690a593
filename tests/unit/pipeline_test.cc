// Conversations, episodes, evaluation and groups on hand-built message tables.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ssla/audit/audit.h"
#include "ssla/audit/evaluate.h"
#include "ssla/audit/refusals.h"
#include "ssla/base/halves.h"
#include "ssla/base/utf8.h"
#include "ssla/policy/policy_load.h"
#include "ssla/read/read.h"
#include "ssla/render/render.h"

namespace {

using ssla::Direction;
using ssla::Instant;
using ssla::Message;

constexpr Instant kMinute = ssla::kMillisPerMinute;
constexpr Instant kT0 = 1767603600000;  // 2026-01-05T09:00:00Z, a Monday

// Builds a ReadResult message by message, as the read stage would.
struct TableBuilder {
  ssla::ReadResult result;

  TableBuilder& add(const std::string& id, const std::string& parent, Instant at,
                    const std::string& author, Direction dir,
                    const std::string& channel = "twitter") {
    ssla::MessageTable& t = result.table;
    Message m;
    m.id = t.ids.intern(id);
    if (!parent.empty()) m.parent = t.ids.intern(parent);
    m.created_at = at;
    std::string key = author;
    if (!key.empty() && key[0] == '@') key.erase(0, 1);
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    m.author = t.strings.intern(key);
    m.author_as_written = t.strings.intern(author);
    m.channel = t.strings.intern(channel);
    m.direction = dir;
    t.index_of_id.resize(t.ids.size(), ssla::Interner::kNone);
    t.index_of_id[m.id] = static_cast<std::uint32_t>(t.messages.size());
    t.messages.push_back(m);
    return *this;
  }
  TableBuilder& in(const std::string& id, const std::string& parent, Instant at,
                   const std::string& author) {
    return add(id, parent, at, author, Direction::kInbound);
  }
  TableBuilder& out(const std::string& id, const std::string& parent, Instant at,
                    const std::string& author = "AcmeHelp") {
    return add(id, parent, at, author, Direction::kOutbound);
  }
  ssla::ReadResult done() { return std::move(result); }
};

ssla::Policy twitter_policy(ssla::Millis first, ssla::Millis next) {
  ssla::Policy p;
  p.name = "test";
  ssla::ChannelPolicy c;
  c.name = "twitter";
  c.first_response = first;
  c.next_response = next;
  c.goal = ssla::Goal{95, 100};
  c.rules.push_back(ssla::channel_own_rule(c, p.owner));
  p.channels.push_back(c);
  p.accounts = {"acmehelp"};
  return p;
}

std::string label_of(const ssla::Audit& a, const ssla::Episode& e) {
  return std::string(ssla::conversation_label(a.read.table, a.conversations, e.conversation));
}

std::string id_of(const ssla::Audit& a, std::uint32_t message) {
  return std::string(a.read.table.ids.text(a.read.table.messages[message].id));
}

// Business hours in New York, one account: due times and business durations
// differ from calendar ones.
// What `write` puts through an Output (a file at `path`, as the command
// line's is), read back; the file is removed.
template <typename Write>
std::string through_output(const std::string& path, const Write& write) {
  {
    ssla::Output out(path);
    write(out);
    out.commit();
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(path.c_str());
  return bytes;
}

const char* const kOfficeHours =
    "version: 1\ncalendars:\n  office:\n    timezone: America/New_York\n    hours:\n"
    "      mon-fri: \"09:00-17:00\"\nchannels:\n  twitter:\n    calendar: office\n"
    "    first_response: 1h\ncompany:\n  accounts: [AcmeHelp]\n";

// 120,000 questions, two in three answered, whose starts are not in input
// order (a multiplicative shuffle over 51 days): sorting them does work (in
// halves on two threads, then a merge), and their records fill more than
// one block.
ssla::ReadResult shuffled_questions() {
  TableBuilder b;
  for (int i = 0; i < 120000; ++i) {
    const std::string q = "q" + std::to_string(i);
    const Instant at =
        kT0 + static_cast<Instant>((i * 7919) % 120000) * 37 * ssla::kMillisPerSecond;
    b.in(q, "", at, "cust" + std::to_string(i % 5000));
    if (i % 3 != 0) b.out("a" + std::to_string(i), q, at + (i % 17) * 11 * kMinute);
  }
  return b.done();
}

}  // namespace

TEST_CASE("Each commenter under a company post has a conversation of their own",
          "[conversations]") {
  TableBuilder b;
  b.out("post", "", kT0)
      .in("c1", "post", kT0 + 1 * kMinute, "jane")
      .in("c2", "post", kT0 + 2 * kMinute, "@Bob")
      .out("r1", "c1", kT0 + 3 * kMinute);
  const ssla::Policy policy = twitter_policy(30 * kMinute, 30 * kMinute);
  const ssla::Audit a = ssla::run_audit(policy, b.done(), {});
  REQUIRE(a.episodes.episodes.size() == 2);
  CHECK(label_of(a, a.episodes.episodes[0]) == "post/jane");
  CHECK(label_of(a, a.episodes.episodes[1]) == "post/bob");
  CHECK(a.episodes.episodes[0].status == ssla::Status::kMet);
  CHECK(a.quality.unlinked_outbound == 1);  // the post itself
}

TEST_CASE("A parent cycle is broken at its first message in input order", "[conversations]") {
  TableBuilder b;
  b.in("a", "c", kT0, "jane")
      .in("b", "a", kT0 + kMinute, "jane")
      .in("c", "b", kT0 + 2 * kMinute, "jane");
  const ssla::Policy policy = twitter_policy(30 * kMinute, 30 * kMinute);
  const ssla::Audit a = ssla::run_audit(policy, b.done(), {});
  CHECK(a.quality.parent_cycles == 1);
  CHECK(a.quality.replies_before_parent == 1);  // a (t0) replies to c (t0+2m)
  REQUIRE(a.episodes.episodes.size() == 1);
  CHECK(label_of(a, a.episodes.episodes[0]) == "a/jane");
}

TEST_CASE("Replies listed before their parents build the same conversations", "[conversations]") {
  struct Row {
    const char* id;
    const char* parent;
    int minute;
    const char* author;
    Direction dir;
  };
  const Row rows[] = {{"post", "", 0, "AcmeHelp", Direction::kOutbound},
                      {"c1", "post", 1, "jane", Direction::kInbound},
                      {"c2", "post", 2, "bob", Direction::kInbound},
                      {"r1", "c1", 3, "AcmeHelp", Direction::kOutbound},
                      {"c3", "r1", 50, "jane", Direction::kInbound},
                      {"r3", "c3", 120, "AcmeHelp", Direction::kOutbound}};
  // One line per episode: conversation, status, the answering message.
  auto summary = [&rows](bool reversed) {
    TableBuilder b;
    for (std::size_t k = 0; k < std::size(rows); ++k) {
      const Row& r = rows[reversed ? std::size(rows) - 1 - k : k];
      b.add(r.id, r.parent, kT0 + r.minute * kMinute, r.author, r.dir);
    }
    const ssla::Policy policy = twitter_policy(30 * kMinute, 30 * kMinute);
    const ssla::Audit a = ssla::run_audit(policy, b.done(), {});
    std::vector<std::string> lines;
    for (const ssla::Episode& e : a.episodes.episodes) {
      lines.push_back(label_of(a, e) + " " + std::to_string(static_cast<int>(e.status)) + " " +
                      (e.responded_by == ssla::Interner::kNone ? "-" : id_of(a, e.responded_by)));
    }
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  const std::vector<std::string> forward = summary(false);
  CHECK(forward == std::vector<std::string>{"post/bob 2 -", "post/jane 0 r1", "post/jane 1 r3"});
  CHECK(summary(true) == forward);
}

TEST_CASE("A reply without a thread id does not join its threaded parent's conversation",
          "[conversations]") {
  TableBuilder b;
  b.in("q", "", kT0, "jane").out("a", "q", kT0 + kMinute).in("f", "a", kT0 + 2 * kMinute, "jane");
  ssla::ReadResult r = b.done();
  // Only the first message has a thread id: it is in thread mode, the others in reply mode.
  r.table.has_thread_column = true;
  r.table.threads.push_back(r.table.strings.intern("T1"));
  const ssla::Policy policy = twitter_policy(30 * kMinute, 30 * kMinute);
  const ssla::Audit a = ssla::run_audit(policy, std::move(r), {});
  REQUIRE(a.conversations.size() == 2);
  CHECK(ssla::conversation_label(a.read.table, a.conversations, 0) == "T1");
  CHECK(ssla::conversation_label(a.read.table, a.conversations, 1) == "q/jane");
}

TEST_CASE("Ties in time are ordered by reply depth, then input order", "[conversations]") {
  // The reply comes first in the file but has the same second as its parent.
  TableBuilder b;
  b.out("r", "q", kT0, "AcmeHelp").in("q", "", kT0, "jane");
  const ssla::Policy policy = twitter_policy(30 * kMinute, 30 * kMinute);
  const ssla::Audit a = ssla::run_audit(policy, b.done(), {});
  REQUIRE(a.episodes.episodes.size() == 1);
  CHECK(id_of(a, a.episodes.episodes[0].responded_by) == "r");
  CHECK(ssla::calendar_millis(a.episodes.episodes[0], a.as_of) == 0);
}

TEST_CASE("Follow-ups join the open episode; a later question opens a next episode", "[episodes]") {
  TableBuilder b;
  b.in("q1", "", kT0, "jane")
      .in("q2", "q1", kT0 + 5 * kMinute, "jane")
      .out("a1", "q2", kT0 + 20 * kMinute)
      .in("q3", "a1", kT0 + 60 * kMinute, "jane")
      .out("a2", "q3", kT0 + 80 * kMinute);
  const ssla::Policy policy = twitter_policy(30 * kMinute, 15 * kMinute);
  const ssla::Audit a = ssla::run_audit(policy, b.done(), {});
  REQUIRE(a.episodes.episodes.size() == 2);
  const ssla::Episode& first = a.episodes.episodes[0];
  const ssla::Episode& next = a.episodes.episodes[1];
  CHECK(first.kind == ssla::EpisodeKind::kFirst);
  CHECK(first.status == ssla::Status::kMet);
  CHECK(next.kind == ssla::EpisodeKind::kNext);
  CHECK(next.target == 15 * kMinute);
  CHECK(next.status == ssla::Status::kBreachedLate);
  CHECK(first.account == a.read.table.strings.find("AcmeHelp"));
}

TEST_CASE("Ignored authors never answer and are counted as automated replies", "[episodes]") {
  TableBuilder b;
  b.in("q", "", kT0, "jane")
      .out("bot", "q", kT0 + kMinute, "AcmeBot")
      .out("a", "bot", kT0 + 90 * kMinute);
  ssla::ReadResult r = b.done();
  r.table.messages[1].ignored_author = true;
  ssla::Policy policy = twitter_policy(60 * kMinute, 60 * kMinute);
  policy.ignore_authors = {"acmebot"};
  const ssla::Audit a = ssla::run_audit(policy, std::move(r), {});
  REQUIRE(a.episodes.episodes.size() == 1);
  CHECK(id_of(a, a.episodes.episodes[0].responded_by) == "a");
  CHECK(a.quality.automated_replies == 1);
  // The account fallback takes the first outbound message, ignored authors included.
  CHECK(a.read.table.strings.view(a.episodes.episodes[0].account) == "AcmeBot");
}

TEST_CASE("Pending until as_of passes the due, then breached", "[evaluate]") {
  TableBuilder b;
  b.in("q", "", kT0, "jane");
  const ssla::Policy policy = twitter_policy(30 * kMinute, 30 * kMinute);
  ssla::AuditOptions at_due;
  at_due.as_of = kT0 + 30 * kMinute;
  CHECK(ssla::run_audit(policy, b.done(), at_due).episodes.episodes[0].status ==
        ssla::Status::kPending);
  TableBuilder b2;
  b2.in("q", "", kT0, "jane");
  ssla::AuditOptions after_due;
  after_due.as_of = kT0 + 30 * kMinute + 1;
  CHECK(ssla::run_audit(policy, b2.done(), after_due).episodes.episodes[0].status ==
        ssla::Status::kBreachedUnanswered);
}

TEST_CASE("Messages after --as-of are left out, counters still see them", "[evaluate]") {
  TableBuilder b;
  b.in("q", "", kT0, "jane")
      .out("a", "q", kT0 + 10 * kMinute)
      .out("x", "missing", kT0 + 20 * kMinute);
  const ssla::Policy policy = twitter_policy(30 * kMinute, 30 * kMinute);
  ssla::AuditOptions o;
  o.as_of = kT0 + 5 * kMinute;
  const ssla::Audit a = ssla::run_audit(policy, b.done(), o);
  REQUIRE(a.episodes.episodes.size() == 1);
  CHECK(a.episodes.episodes[0].status == ssla::Status::kPending);
  CHECK(a.quality.orphan_replies == 1);
  CHECK(a.quality.unlinked_outbound == 1);
}

TEST_CASE("Unlisted channels without a default are unconfigured", "[evaluate]") {
  TableBuilder b;
  b.add("q", "", kT0, "jane", Direction::kInbound, "myspace");
  const ssla::Policy policy = twitter_policy(30 * kMinute, 30 * kMinute);
  const ssla::Audit a = ssla::run_audit(policy, b.done(), {});
  REQUIRE(a.episodes.episodes.size() == 1);
  CHECK(a.episodes.episodes[0].status == ssla::Status::kUnconfigured);
  CHECK(a.episodes.episodes[0].target == -1);
  CHECK(a.quality.unconfigured_channels == std::vector<std::string>{"myspace"});
  REQUIRE(a.groups.size() == 1);
  CHECK_FALSE(a.groups[0].goal);
  CHECK_FALSE(a.groups[0].pass);
}

TEST_CASE("Goals compare exactly: 19 of 20 meets 95%", "[aggregate]") {
  TableBuilder b;
  for (int i = 0; i < 20; ++i) {
    const std::string q = "q" + std::to_string(i);
    b.in(q, "", kT0 + i * kMinute, "c" + std::to_string(i));
    b.out("a" + std::to_string(i), q, kT0 + i * kMinute + (i == 0 ? 90 : 5) * kMinute);
  }
  const ssla::Policy policy = twitter_policy(30 * kMinute, 30 * kMinute);
  const ssla::Audit a = ssla::run_audit(policy, b.done(), {});
  REQUIRE(a.groups.size() == 1);
  const ssla::Group& g = a.groups[0];
  CHECK(g.met == 19);
  CHECK(g.measured == 20);
  REQUIRE(g.pass);
  CHECK(*g.pass);
  // Nearest rank over 20 values: p50 = 10th, p95 = 19th, max = 20th.
  CHECK(g.business.p50 == 5 * kMinute);
  CHECK(g.business.p95 == 5 * kMinute);
  CHECK(g.business.max == 90 * kMinute);
}

TEST_CASE("Nearest rank uses ceil(N*n/100)", "[aggregate]") {
  const std::vector<ssla::Millis> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  CHECK(ssla::nearest_rank(v, 50) == 6);
  CHECK(ssla::nearest_rank(v, 90) == 10);
  CHECK(ssla::nearest_rank(v, 95) == 11);
  CHECK(ssla::nearest_rank({7}, 50) == 7);
}

TEST_CASE("Period keys use the report zone and ISO weeks", "[aggregate]") {
  const ssla::Zone utc;
  const ssla::Zone ny = ssla::Zone::find("America/New_York");
  const Instant t = 1767225600000;  // 2026-01-01T00:00:00Z
  CHECK(ssla::period_key(ssla::GroupBy::kDay, t, utc) == "2026-01-01");
  CHECK(ssla::period_key(ssla::GroupBy::kDay, t, ny) == "2025-12-31");
  CHECK(ssla::period_key(ssla::GroupBy::kMonth, t, ny) == "2025-12");
  CHECK(ssla::period_key(ssla::GroupBy::kWeek, t, utc) == "2026-W01");              // Thursday
  CHECK(ssla::period_key(ssla::GroupBy::kWeek, 1798675200000, utc) == "2026-W53");  // 2026-12-31
  CHECK(ssla::period_key(ssla::GroupBy::kWeek, 1830297600000, utc) ==
        "2027-W52");  // 2028-01-01 Sat
}

TEST_CASE("The window selects episodes by start; replies after it still answer", "[aggregate]") {
  TableBuilder b;
  b.in("q", "", kT0, "jane")
      .out("a", "q", kT0 + 600 * kMinute)
      .in("q2", "", kT0 - 600 * kMinute, "bob");
  const ssla::Policy policy = twitter_policy(30 * kMinute, 30 * kMinute);
  ssla::AuditOptions o;
  o.window.from = kT0;
  o.window.to = kT0 + kMinute;
  const ssla::Audit a = ssla::run_audit(policy, b.done(), o);
  REQUIRE(a.groups.size() == 1);
  CHECK(a.groups[0].episodes == 1);
  CHECK(a.groups[0].breached_late == 1);
}

TEST_CASE("CSV cells hold values as written, quoted only for delimiters, quotes and line breaks",
          "[render]") {
  std::string s;
  ssla::append_csv_cell("=SUM(A1)", s);
  s += ',';
  ssla::append_csv_cell("@AcmeHelp", s);
  s += ',';
  ssla::append_csv_cell("-1", s);
  s += ',';
  ssla::append_csv_cell("plain", s);
  s += ',';
  ssla::append_csv_cell("a,\"b\"", s);
  s += ',';
  ssla::append_csv_cell("x\ry", s);  // a bare CR is quoted too
  CHECK(s == "=SUM(A1),@AcmeHelp,-1,plain,\"a,\"\"b\"\"\",\"x\ry\"");
}

TEST_CASE("JSON strings are escaped and kept valid UTF-8", "[render]") {
  std::string s;
  ssla::append_json_string("a\"b\\\n\x01 é \xff", s);
  CHECK(s == "\"a\\\"b\\\\\\n\\u0001 é \\ufffd\"");
}

TEST_CASE("CSV cells and JSON strings match a byte-at-a-time reading of their rules",
          "[render][property]") {
  // The writers scan sixteen bytes at a time; these references do not.
  auto slow_csv = [](const std::string& v) {
    bool quote = false;
    for (char c : v) quote = quote || c == ',' || c == '"' || c == '\r' || c == '\n';
    if (!quote) return v;
    std::string out = "\"";
    for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  auto slow_json_plain = [](const std::string& v) {
    for (char c : v) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\') return false;
    }
    return true;
  };
  // JSON escaping read literally, for this alphabet's bytes: \xc3 then a
  // continuation byte is é; any other byte of 0x80 or more is not UTF-8.
  auto slow_json = [](const std::string& v) {
    std::string out = "\"";
    for (std::size_t i = 0; i < v.size(); ++i) {
      const auto u = static_cast<unsigned char>(v[i]);
      if (u == 0xc3 && i + 1 < v.size() && (static_cast<unsigned char>(v[i + 1]) & 0xc0) == 0x80) {
        out += v.substr(i, 2);
        ++i;
      } else if (u >= 0x80) {
        out += "\\ufffd";
      } else if (v[i] == '"') {
        out += "\\\"";
      } else if (v[i] == '\\') {
        out += "\\\\";
      } else if (v[i] == '\n') {
        out += "\\n";
      } else if (v[i] == '\r') {
        out += "\\r";
      } else if (v[i] == '\t') {
        out += "\\t";
      } else if (u < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", u);
        out += buf;
      } else {
        out += v[i];
      }
    }
    return out + "\"";
  };
  const std::string alphabet = "ab ,\"\r\n=+-@\\\x01\t\xc3\xa9\xff";
  std::mt19937 rng(4242);
  for (int round = 0; round < 20000; ++round) {
    std::string v(rng() % 70, ' ');
    for (char& c : v) c = alphabet[rng() % alphabet.size()];
    if (round % 3 == 0) {
      for (char& c : v) c = (c == ',' || c == '"' || c == '\r' || c == '\n') ? 'x' : c;
    }
    std::string csv;
    ssla::append_csv_cell(v, csv);
    INFO("value '" << v << "'");
    CHECK(csv == slow_csv(v));
    std::string json;
    ssla::append_json_string(v, json);
    if (slow_json_plain(v)) CHECK(json == "\"" + v + "\"");
    CHECK(json == slow_json(v));
    // Printable as written: episode records in JSON skip the output's check.
    CHECK(ssla::printable_utf8_prefix(json) == json.size());
    // Whatever was escaped, no raw control byte and no raw quote inside.
    for (std::size_t i = 1; i + 1 < json.size(); ++i) {
      CHECK(static_cast<unsigned char>(json[i]) >= 0x20);
      if (json[i] == '"') CHECK(json[i - 1] == '\\');
    }
  }
}

TEST_CASE("JSON strings of every length escape a byte at every place", "[render]") {
  // Short strings and the ends of long ones are checked a word at a time;
  // a byte to escape (or a valid UTF-8 pair, kept) at each place of each
  // length up to 40 must be found wherever the words overlap.
  const std::vector<std::pair<std::string, std::string>> specials = {
      {"\"", "\\\""},   {"\\", "\\\\"},      {"\x01", "\\u0001"},      {"\x1f", "\\u001f"},
      {"\x7f", "\x7f"}, {"\xff", "\\ufffd"}, {"\xc3\xa9", "\xc3\xa9"}, {" ", " "}};
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string plain;
    for (std::size_t i = 0; i < n; ++i) plain += static_cast<char>('a' + i % 26);
    std::string json;
    ssla::append_json_string(plain, json);
    REQUIRE(json == "\"" + plain + "\"");
    for (std::size_t at = 0; at < n; ++at) {
      for (const auto& [raw, escaped] : specials) {
        const std::string v = plain.substr(0, at) + raw + plain.substr(at + 1);
        const std::string want = "\"" + plain.substr(0, at) + escaped + plain.substr(at + 1) + "\"";
        std::string got;
        ssla::append_json_string(v, got);
        INFO("length " << n << ", at " << at << ", byte "
                       << static_cast<int>(static_cast<unsigned char>(raw[0])));
        REQUIRE(got == want);
      }
    }
  }
}

TEST_CASE("JSON strings of any bytes are printable UTF-8 as written", "[render][property]") {
  // JSON episode records go out without the output's UTF-8 check: this is
  // what allows it. Any byte, and the sequences that look like UTF-8 but are
  // not (overlong, surrogate, past U+10FFFF, cut short).
  const std::vector<std::string> pieces = {
      "\xc0\xaf",         "\xed\xa0\x80", "\xf4\x90\x80\x80",   "\xe2\x82",
      "\xf0\x9f\x98\x80", "\xe2\x80\x8b", std::string(1, '\0'), "\xc2\x85"};
  std::mt19937 rng(20261206);
  for (int round = 0; round < 20000; ++round) {
    std::string v;
    const std::size_t n = rng() % 80;
    while (v.size() < n) {
      if (rng() % 4 == 0) {
        v += pieces[rng() % pieces.size()];
      } else {
        v += static_cast<char>(rng() % 256);
      }
    }
    std::string json;
    ssla::append_json_string(v, json);
    INFO("round " << round);
    REQUIRE(ssla::printable_utf8_prefix(json) == json.size());
  }
}

TEST_CASE(
    "Episode records sorted and formatted on two threads are those of one thread, byte "
    "for byte",
    "[render][threads]") {
  const ssla::Policy parsed = ssla::load_policy_text(kOfficeHours, "records-threads.yaml");
  auto records = [&](unsigned threads, bool csv) {
    ssla::AuditOptions options;
    options.threads = threads;
    const ssla::Audit a = ssla::run_audit(parsed, shuffled_questions(), options);
    return through_output("records-threads-" + std::to_string(threads) + ".out",
                          [&](ssla::Output& out) { ssla::render_episodes(a, csv, out); });
  };
  for (const bool csv : {false, true}) {
    const std::string one = records(1, csv);
    CHECK(std::count(one.begin(), one.end(), '\n') >= 120000);
    CHECK(records(2, csv) == one);
  }
}

TEST_CASE(
    "A run that keeps only the window's breaches lists those of a full run, with the same "
    "groups",
    "[audit][threads]") {
  const ssla::Policy parsed = ssla::load_policy_text(kOfficeHours, "breaches-only.yaml");
  auto run = [&](unsigned threads, bool breaches_only) {
    ssla::AuditOptions options;
    options.threads = threads;
    options.breaches_only = breaches_only;
    options.window.from = kT0 + 5 * ssla::kMillisPerDay;
    options.window.to = kT0 + 40 * ssla::kMillisPerDay;
    const ssla::Audit a = ssla::run_audit(parsed, shuffled_questions(), options);
    std::vector<std::string> rows;
    for (const ssla::Episode& e : a.episodes.episodes) {
      if (!a.listed_breach(e)) continue;
      rows.push_back(std::to_string(e.opened_by) + " " + std::to_string(e.start) + " " +
                     std::to_string(e.business) + " " + std::string(ssla::status_name(e.status)));
    }
    std::string groups;
    for (const ssla::Group& g : a.groups) {
      groups += std::to_string(g.episodes) + "/" + std::to_string(g.met) + "/" +
                std::to_string(g.breached_late) + "/" + std::to_string(g.breached_unanswered) +
                "/" + std::to_string(g.business.p90) + ";";
    }
    groups += std::to_string(a.total.episodes) + " " + std::to_string(a.first_start) + " " +
              std::to_string(a.last_start);
    return std::make_pair(rows, groups);
  };
  const auto full = run(1, false);
  REQUIRE(full.first.size() > 1000);
  CHECK(run(1, true) == full);
  CHECK(run(2, true) == full);
}

TEST_CASE("Episodes evaluated on two threads match one thread, in either order",
          "[evaluate][threads]") {
  // Enough episodes for the split to happen, on a business-hours calendar
  // so that due times and business durations differ from calendar ones.
  const ssla::Policy parsed = ssla::load_policy_text(
      "version: 1\ncalendars:\n  office:\n    timezone: America/New_York\n    hours:\n"
      "      mon-fri: \"09:00-17:00\"\nchannels:\n  twitter:\n    calendar: office\n"
      "    first_response: 1h\n    next_response: 30m\ncompany:\n  accounts: [AcmeHelp]\n",
      "evaluate-threads.yaml");
  auto build = [] {
    TableBuilder b;
    for (int i = 0; i < 120000; ++i) {
      const std::string q = "q" + std::to_string(i);
      const Instant at = kT0 + static_cast<Instant>(i) * 37 * ssla::kMillisPerSecond;
      b.in(q, "", at, "cust" + std::to_string(i % 5000));
      if (i % 4 != 0) b.out("a" + std::to_string(i), q, at + (i % 17) * 11 * kMinute);
    }
    return b.done();
  };
  auto run = [&](unsigned threads, bool lists) {
    ssla::AuditOptions options;
    options.threads = threads;
    options.lists_episodes = lists;
    const ssla::Audit a = ssla::run_audit(parsed, build(), options);
    std::vector<std::string> rows;
    for (const ssla::Episode& e : a.episodes.episodes) {
      rows.push_back(std::to_string(e.opened_by) + " " + std::to_string(e.due) + " " +
                     std::to_string(e.business) + " " + std::to_string(ssla::calendar_millis(e, a.as_of)) + " " +
                     std::string(ssla::status_name(e.status)));
    }
    // The order they come in: sorted when listed, else conversation order,
    // which the episodes found on two threads must keep.
    rows.push_back(lists ? "sorted" : "conversation order");
    std::string groups;
    for (const ssla::Group& g : a.groups) {
      groups += std::to_string(g.met) + "/" + std::to_string(g.breached_late) + "/" +
                std::to_string(g.business.p50) + "/" + std::to_string(g.business.p90) + "/" +
                std::to_string(g.calendar.mean) + ";";
    }
    return std::make_pair(rows, groups);
  };
  const auto one = run(1, true);
  REQUIRE(one.first.size() == 120001);
  CHECK(run(2, true) == one);
  // Without a listing, the episodes are counted a block at a time and not
  // kept: the same groups, on one thread or two.
  const auto blocks = run(1, false);
  CHECK(blocks.first == std::vector<std::string>{"conversation order"});
  CHECK(blocks.second == one.second);
  CHECK(run(2, false) == blocks);
}

TEST_CASE("Groups counted a block at a time equal groups over all episodes",
          "[aggregate][threads]") {
  // Three channels (one on business hours, one always open, one without a
  // policy), exempt questions, follow-ups, a window and a day key: every
  // figure of every group and the link counters, on one thread and two (enough
  // messages for the conversation pass to be split), against the listing path.
  const ssla::Policy parsed = ssla::load_policy_text(
      "version: 1\ncalendars:\n  office:\n    timezone: America/New_York\n    hours:\n"
      "      mon-fri: \"09:00-17:00\"\nchannels:\n  twitter:\n    calendar: office\n"
      "    first_response: 1h\n    next_response: 30m\n    goal: 80%\n"
      "  facebook:\n    first_response: 2h\ncompany:\n  accounts: [AcmeHelp]\n",
      "blocks.yaml");
  auto build = [] {
    TableBuilder b;
    const char* channels[] = {"twitter", "facebook", "email"};
    for (int i = 0; i < 60000; ++i) {
      const std::string q = "q" + std::to_string(i);
      const std::string channel = channels[i % 3];
      const Instant at = kT0 + static_cast<Instant>(i) * 53 * ssla::kMillisPerSecond;
      b.add(q, "", at, "cust" + std::to_string(i % 7000), Direction::kInbound, channel);
      if (i % 11 == 0) b.result.table.messages.back().exempt = ssla::ExemptReason::kWord;
      if (i % 5 == 0) {
        b.add("f" + std::to_string(i), q, at + 3 * kMinute, "cust" + std::to_string(i % 7000),
              Direction::kInbound, channel);
      }
      if (i % 4 != 0) {
        b.add("a" + std::to_string(i), q, at + (i % 23) * 13 * kMinute,
              i % 2 == 0 ? "AcmeHelp" : "AcmeCare", Direction::kOutbound, channel);
      }
    }
    return b.done();
  };
  auto run = [&](unsigned threads, bool lists) {
    ssla::AuditOptions options;
    options.threads = threads;
    options.lists_episodes = lists;
    options.by = {ssla::GroupBy::kChannel, ssla::GroupBy::kAccount, ssla::GroupBy::kDay};
    options.window.from = kT0 + 2 * ssla::kMillisPerHour;
    options.window.to = kT0 + 30 * ssla::kMillisPerDay;
    const ssla::Audit a = ssla::run_audit(parsed, build(), options);
    std::string out;
    for (const ssla::Group& g : a.groups) {
      for (const std::string& k : g.key) out += k + "|";
      for (std::uint64_t v : {g.episodes, g.measured, g.met, g.breached_late, g.breached_unanswered,
                              g.pending, g.unconfigured, g.exempt_messages}) {
        out += std::to_string(v) + " ";
      }
      out += (g.pass ? (*g.pass ? "pass " : "fail ") : "- ");
      for (const ssla::Stats* s : {&g.business, &g.calendar}) {
        out += s->present ? std::to_string(s->p50) + " " + std::to_string(s->p90) + " " +
                                std::to_string(s->p95) + " " + std::to_string(s->max) + " " +
                                std::to_string(s->mean) + " "
                          : "none ";
      }
      out += "\n";
    }
    for (const std::string& c : a.quality.unconfigured_channels) out += "unconfigured " + c + "\n";
    for (std::uint64_t v : {a.quality.orphan_replies, a.quality.replies_before_parent,
                            a.quality.unlinked_outbound, a.quality.automated_replies}) {
      out += std::to_string(v) + " ";
    }
    return out;
  };
  const std::string listed = run(1, true);
  REQUIRE(listed.find("unconfigured email") != std::string::npos);
  REQUIRE(listed.find("twitter|AcmeCare|") != std::string::npos);
  CHECK(run(1, false) == listed);
  CHECK(run(2, false) == listed);
}

TEST_CASE(
    "Conversations of an export in reply order match a walk up every reply chain, in "
    "either numbering",
    "[conversations]") {
  // Random reply forests listed parents first (the usual export): company
  // posts with commenters, long chains, orphans, ignored authors, replies
  // timed before their parents and ties in time. The reference walks up from
  // every message to find its root, its customer (the nearest inbound
  // author, itself included) and its depth, then groups by root and customer.
  std::mt19937 random(11);
  for (const int size : {300, 120000}) {
    TableBuilder b;
    std::vector<int> parent_of;  // input index of the parent, -1 for none or absent
    for (int i = 0; i < size; ++i) {
      const bool reply = i > 0 && random() % 4 != 0;
      const int parent = reply ? static_cast<int>(random() % i) : -1;
      const bool orphan = !reply && random() % 10 == 0;
      const bool inbound = random() % 2 == 0;
      const Instant at = kT0 + static_cast<Instant>(random() % 50) * kMinute;
      const std::string id = "m" + std::to_string(i);
      const std::string parent_id = reply ? "m" + std::to_string(parent) : orphan ? "gone" : "";
      b.add(id, parent_id, at, inbound ? "cust" + std::to_string(random() % 40) : "AcmeHelp",
            inbound ? Direction::kInbound : Direction::kOutbound);
      if (!inbound && random() % 8 == 0) b.result.table.messages.back().ignored_author = true;
      parent_of.push_back(parent);
    }
    ssla::ReadResult read = b.done();
    const ssla::MessageTable& t = read.table;

    std::map<std::pair<int, std::uint32_t>, std::vector<int>> by_key;
    std::vector<std::pair<int, std::uint32_t>> key_order;
    std::vector<int> depth(size);
    ssla::DataQuality expected;
    for (int i = 0; i < size; ++i) {
      const Message& m = t.messages[i];
      if (m.parent != ssla::Interner::kNone) {
        if (parent_of[i] < 0) {
          ++expected.orphan_replies;
        } else if (m.created_at < t.messages[parent_of[i]].created_at) {
          ++expected.replies_before_parent;
        }
      }
      int root = i;
      std::uint32_t customer = ssla::Interner::kNone;
      for (int v = i;; v = parent_of[v]) {
        if (customer == ssla::Interner::kNone && t.messages[v].direction == Direction::kInbound) {
          customer = t.messages[v].author;
        }
        root = v;
        if (parent_of[v] < 0) break;
        ++depth[i];
      }
      if (customer == ssla::Interner::kNone) {
        ++expected.unlinked_outbound;
        continue;
      }
      if (m.ignored_author) ++expected.automated_replies;
      auto [it, added] = by_key.try_emplace({root, customer});
      if (added) key_order.push_back({root, customer});
      it->second.push_back(i);
    }

    // In any numbering (on two threads, the usual export is numbered in two
    // parts, and replies in the second part to roots in the first are
    // deferred, chains of them too: parents here are anywhere before their
    // replies), the conversations are the same; by first message, in order.
    using ssla::Numbering;
    for (const auto& [threads, numbering] :
         {std::pair{1u, Numbering::kByFirstMessage}, std::pair{2u, Numbering::kByFirstMessage},
          std::pair{1u, Numbering::kAny}, std::pair{2u, Numbering::kAny}}) {
      INFO("threads " << threads << ", any numbering " << (numbering == Numbering::kAny));
      ssla::DataQuality quality;
      int beside_runs = 0;
      const ssla::Conversations c = ssla::build_conversations(
          t, kT0 + 60 * kMinute, quality, threads, numbering, [&] { ++beside_runs; });
      CHECK(beside_runs == 1);
      REQUIRE(c.size() == key_order.size());
      std::vector<std::pair<int, std::uint32_t>> order = key_order;
      if (numbering == Numbering::kAny) {
        for (std::size_t k = 0; k < c.size(); ++k) {
          order[k] = {static_cast<int>(c.root[k]), c.key[k]};
          REQUIRE(by_key.count(order[k]) == 1);
        }
        std::vector<std::pair<int, std::uint32_t>> distinct = order;
        std::sort(distinct.begin(), distinct.end());
        REQUIRE(std::adjacent_find(distinct.begin(), distinct.end()) == distinct.end());
      }
      for (std::size_t k = 0; k < c.size(); ++k) {
        std::vector<int> want = by_key[order[k]];
        std::stable_sort(want.begin(), want.end(), [&](int x, int y) {
          if (t.messages[x].created_at != t.messages[y].created_at) {
            return t.messages[x].created_at < t.messages[y].created_at;
          }
          return depth[x] < depth[y];
        });
        const std::vector<int> got(c.members.begin() + c.offsets[k],
                                   c.members.begin() + c.offsets[k + 1]);
        REQUIRE(got == want);
        CHECK(c.root[k] == static_cast<std::uint32_t>(order[k].first));
        CHECK(c.key[k] == order[k].second);
      }
      CHECK(quality.orphan_replies == expected.orphan_replies);
      CHECK(quality.replies_before_parent == expected.replies_before_parent);
      CHECK(quality.unlinked_outbound == expected.unlinked_outbound);
      CHECK(quality.automated_replies == expected.automated_replies);
      CHECK(quality.parent_cycles == 0);
    }
  }
}

TEST_CASE("An account's rule is the entry of the episode's own channel when channels alternate",
          "[evaluate][rules]") {
  // The same account has entries in both channels, at different places in
  // their lists; episodes alternate between the channels and accounts.
  const ssla::Policy policy = ssla::load_policy_text(
      "version: 1\ncalendars:\n  always:\n    timezone: UTC\n    hours:\n"
      "      mon-sun: \"00:00-24:00\"\nchannels:\n"
      "  twitter:\n    calendar: always\n    first_response: 1h\n    accounts:\n"
      "      Other: { first_response: 5m }\n      AcmeHelp: { first_response: 10m }\n"
      "  facebook:\n    calendar: always\n    first_response: 2h\n    accounts:\n"
      "      AcmeHelp: { first_response: 20m }\n      Other: { first_response: 30m }\n",
      "alternating.yaml");
  TableBuilder b;
  // The channels' ids 64 apart: an account's rules of both share a slot of
  // the evaluation's small table of known rules.
  ssla::Interner& strings = b.result.table.strings;
  strings.intern("cust");
  const std::uint32_t twitter = strings.intern("twitter");
  for (int k = 0; k < 63; ++k) strings.intern("filler" + std::to_string(k));
  REQUIRE(strings.intern("facebook") == twitter + 64);
  b.add("q1", "", kT0, "cust", Direction::kInbound, "twitter");
  b.add("q2", "", kT0, "cust", Direction::kInbound, "facebook");
  ssla::ReadResult read = b.done();
  ssla::MessageTable& t = read.table;
  const std::uint32_t channels[2] = {t.strings.intern("twitter"), t.strings.intern("facebook")};
  const std::uint32_t accounts[3] = {t.strings.intern("AcmeHelp"), t.strings.intern("Other"),
                                     ssla::Interner::kNone};
  const ssla::Millis want[2][3] = {{10 * kMinute, 5 * kMinute, 60 * kMinute},
                                   {20 * kMinute, 30 * kMinute, 120 * kMinute}};
  std::vector<ssla::Episode> episodes;
  for (int k = 0; k < 60; ++k) {
    ssla::Episode e;
    e.channel = channels[k % 2];
    e.account = accounts[(k / 2) % 3];
    e.start = kT0;
    episodes.push_back(e);
  }
  const auto evaluator = ssla::clocks_for_inbound(policy, t, kT0 + 600 * kMinute);
  std::vector<bool> unconfigured(evaluator->slots(), false);
  evaluator->evaluate(episodes.data(), episodes.data() + episodes.size(), unconfigured);
  for (int k = 0; k < 60; ++k) {
    INFO("episode " << k);
    CHECK(episodes[k].target == want[k % 2][(k / 2) % 3]);
  }
}

TEST_CASE("Group statistics taken on two threads equal those taken on one",
          "[aggregate][threads]") {
  // Enough answered episodes for finish() to split the groups between two
  // threads, in groups of very different sizes.
  ssla::MessageTable table;
  const std::uint32_t channel = table.strings.intern("twitter");
  std::vector<std::uint32_t> accounts;
  for (int a = 0; a < 9; ++a) accounts.push_back(table.strings.intern("acct" + std::to_string(a)));
  ssla::EpisodeSet set;
  std::mt19937 random(5);
  for (int k = 0; k < 260000; ++k) {
    ssla::Episode e;
    e.channel = channel;
    e.account = accounts[(k % 7 == 0) ? 0 : random() % accounts.size()];
    e.start = kT0 + k;
    e.status = random() % 5 == 0 ? ssla::Status::kBreachedLate : ssla::Status::kMet;
    e.business = static_cast<ssla::Millis>(random() % 100000);
    e.responded_at = e.start + e.business + static_cast<ssla::Millis>(random() % 1000);
    set.episodes.push_back(e);
  }
  const ssla::Policy policy = twitter_policy(30 * kMinute, 30 * kMinute);
  const std::vector<ssla::GroupBy> by{ssla::GroupBy::kChannel, ssla::GroupBy::kAccount};
  const ssla::Window window;
  auto figures = [&](unsigned threads) {
    ssla::Aggregator aggregator(policy, table, window, by, ssla::Zone());
    aggregator.add(set);
    std::string out;
    for (const ssla::Group& g : aggregator.finish(threads)) {
      out += g.key[1] + " " + std::to_string(g.met) + " " + std::to_string(g.business.p50) + " " +
             std::to_string(g.business.p90) + " " + std::to_string(g.business.p95) + " " +
             std::to_string(g.business.max) + " " + std::to_string(g.business.mean) + " " +
             std::to_string(g.calendar.p90) + " " + std::to_string(g.calendar.mean) + "\n";
    }
    return out;
  };
  const std::string one = figures(1);
  REQUIRE(one.find("acct8 ") != std::string::npos);
  CHECK(figures(2) == one);
}

TEST_CASE("An error on the second thread reaches the caller instead of ending the process",
          "[threads]") {
  int main_runs = 0;
  auto fail = [] { throw std::runtime_error("second"); };
  for (bool split : {false, true}) {
    main_runs = 0;
    CHECK_THROWS_WITH(ssla::run_beside(
                          split, [&] { ++main_runs; }, fail),
                      "second");
  }
  CHECK(main_runs == 1);  // with a second thread, the first one still ran to the end
  CHECK_THROWS_WITH(ssla::run_in_halves(true, 1, 2,
                                        [](std::size_t from, std::size_t) {
                                          if (from == 1) throw std::runtime_error("second half");
                                        }),
                    "second half");
  std::vector<int> seen(2, 0);
  ssla::run_in_halves(true, 1, 2, [&](std::size_t from, std::size_t) { seen[from] = 1; });
  CHECK(seen == std::vector<int>{1, 1});
}

TEST_CASE("Work in shared pieces covers every item once, on one thread or two", "[threads]") {
  for (const bool split : {false, true}) {
    for (const std::size_t end : {0, 1, 15, 16, 17, 1000, 100003}) {
      for (const std::size_t pieces : {1, 2, 16, 40}) {
        std::vector<std::atomic<int>> seen(end);
        std::atomic<int> calls{0};
        ssla::run_in_shared_pieces(split, end, pieces, [&](std::size_t from, std::size_t to) {
          ++calls;
          for (std::size_t i = from; i < to; ++i) ++seen[i];
        });
        INFO("split " << split << ", " << end << " items, " << pieces << " pieces");
        CHECK(calls == (split && pieces >= 2 ? static_cast<int>(pieces) : 1));
        CHECK(std::all_of(seen.begin(), seen.end(),
                          [](const std::atomic<int>& n) { return n == 1; }));
      }
    }
  }
  CHECK_THROWS_WITH(ssla::run_in_shared_pieces(true, 100, 16,
                                               [](std::size_t from, std::size_t) {
                                                 if (from >= 50)
                                                   throw std::runtime_error("a piece");
                                               }),
                    "a piece");
}

TEST_CASE("A window without episodes names the period the input's episodes cover",
          "[audit][refuse]") {
  const ssla::Policy policy = twitter_policy(60 * kMinute, 60 * kMinute);
  for (const bool lists : {true, false}) {
    for (const unsigned threads : {1u, 2u}) {
      TableBuilder b;
      b.in("a", "", kT0 + 5 * kMinute, "jane").out("r", "a", kT0 + 10 * kMinute);
      b.in("c", "", kT0 + 90 * kMinute, "kim");
      b.in("d", "", kT0 + 30 * kMinute, "lee");
      ssla::AuditOptions o;
      o.lists_episodes = lists;
      o.threads = threads;
      o.window.from = kT0 + 1000 * kMinute;  // after every message
      const ssla::Audit a = ssla::run_audit(policy, b.done(), o);
      CHECK(a.groups.empty());
      CHECK(a.first_start == kT0 + 5 * kMinute);
      CHECK(a.last_start == kT0 + 90 * kMinute);
      CHECK(ssla::empty_window_note(a) ==
            "ssla: note: the report window holds no episode; the input's episodes start "
            "between 2026-01-05 09:05 and 2026-01-05 10:30 (UTC)\n");
    }
  }
}

TEST_CASE("Sorting episodes moves each one to its place by start, then opener", "[episodes]") {
  std::mt19937 rng(20261205);
  for (const std::size_t n : {0u, 1u, 2u, 17u, 1000u, 70000u, 130000u}) {  // 130000: two threads
    for (const unsigned threads : {1u, 2u}) {
      ssla::EpisodeSet set;
      for (std::size_t i = 0; i < n; ++i) {
        ssla::Episode e;
        e.start = static_cast<ssla::Instant>(rng() % 50);  // many equal starts
        e.opened_by = static_cast<std::uint32_t>(i);       // a unique tie-break
        e.conversation = static_cast<std::uint32_t>(rng());
        e.business = static_cast<ssla::Millis>(i) * 7;  // follows the episode
        set.episodes.push_back(e);
      }
      // Shuffled so that the order to restore has long and short cycles.
      std::shuffle(set.episodes.begin(), set.episodes.end(), rng);
      ssla::sort_episodes(set, threads);
      REQUIRE(set.episodes.size() == n);
      std::vector<bool> seen(n, false);
      for (std::size_t i = 0; i < n; ++i) {
        const ssla::Episode& e = set.episodes[i];
        INFO("n " << n << " threads " << threads << " at " << i);
        REQUIRE(e.business == static_cast<ssla::Millis>(e.opened_by) * 7);
        REQUIRE_FALSE(seen[e.opened_by]);
        seen[e.opened_by] = true;
        if (i > 0) {
          const ssla::Episode& p = set.episodes[i - 1];
          REQUIRE((p.start < e.start || (p.start == e.start && p.opened_by < e.opened_by)));
        }
      }
    }
  }
}

TEST_CASE("Table cells of local times and business durations read as fmt writes them", "[render]") {
  // The reference: the format strings the cells were written with before
  // they were written digit by digit.
  auto local = [](const ssla::Zone& zone, ssla::Instant t) {
    const ssla::LocalTime l = zone.to_local(t);
    const ssla::Millis offset = zone.offset_at(t);
    const std::int64_t minutes = (offset < 0 ? -offset : offset) / ssla::kMillisPerMinute;
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} {}{:02}:{:02}", l.year, l.month, l.day,
                       l.hour, l.minute, l.second, offset < 0 ? '-' : '+', minutes / 60,
                       minutes % 60);
  };
  auto duration = [](ssla::Millis d, auto& self) -> std::string {
    if (d < 0) return "-" + self(-d, self);
    const std::int64_t s = d / ssla::kMillisPerSecond;
    if (s < 60) return fmt::format("{}s", s);
    if (s < 3600) return fmt::format("{}m {:02}s", s / 60, s % 60);
    return fmt::format("{}h {:02}m", s / 3600, (s / 60) % 60);
  };
  std::mt19937_64 rng(20261205);
  // Zones west and east of UTC, with half and quarter hours, and UTC.
  for (const char* name : {"UTC", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu",
                           "America/St_Johns", "Australia/Lord_Howe"}) {
    ssla::Audit audit;
    audit.report_zone = ssla::Zone::find(name);
    REQUIRE(audit.report_zone.valid());
    std::string cell;
    for (int i = 0; i < 20000; ++i) {
      // Mostly the years of exports, now and then any year from 1 to 9999,
      // and past 9999 in UTC (fmt writes those).
      const std::uint64_t r = rng();
      ssla::Instant t = 1'400'000'000'000 + static_cast<ssla::Instant>(r % 500'000'000'000);
      if (i % 10 == 0) {
        t = -62'000'000'000'000 + static_cast<ssla::Instant>(r % 315'000'000'000'000);
      }
      if (i % 1000 == 1 && std::string(name) == "UTC") {
        t = 253'402'300'800'000 + static_cast<ssla::Instant>(r % 1'000'000'000);
      }
      const std::string want = local(audit.report_zone, t);
      INFO(name << " at " << t);
      CHECK(ssla::local_time_text(audit, t) == want);
      ssla::assign_local_time(audit, t, 5, 11, cell);
      CHECK(cell == want.substr(5, 11));
      ssla::assign_local_time(audit, t, 0, 16, cell);
      CHECK(cell == want.substr(0, 16));
    }
  }
  std::string cell = "left over";
  for (int i = 0; i < 20000; ++i) {
    const auto r = static_cast<std::int64_t>(rng() >> 1);
    // Seconds, minutes, hours and very long spans, both signs.
    const std::int64_t spans[] = {60'000, 3'600'000, 86'400'000'000, 4'000'000'000'000'000'000};
    ssla::Millis d = r % spans[i % 4];
    if (i % 3 == 0) d = -d;
    INFO("duration " << d);
    ssla::assign_business_duration(d, cell);
    CHECK(cell == duration(d, duration));
    CHECK(ssla::business_duration(d) == cell);
  }
}

TEST_CASE("Two lists of episodes come out as one in report order, merged from both ends",
          "[episodes]") {
  std::mt19937 rng(20261206);
  // 150000 and up: two threads, lists of unequal lengths, one of them empty.
  const std::pair<std::size_t, std::size_t> sizes[] = {
      {0, 0}, {1, 0}, {0, 1}, {3, 5}, {1000, 17}, {90000, 60000}, {150000, 0}, {7, 160000}};
  // Starts 50 ms apart at most (many equal), years apart (a wide radix
  // sort), and anywhere in 64 bits (too wide for it).
  const auto spreads = {std::uint64_t{50}, std::uint64_t{1} << 40, std::uint64_t{0}};
  for (const std::uint64_t spread : spreads) {
    for (const auto& [na, nb] : sizes) {
      for (const unsigned threads : {1u, 2u}) {
        ssla::PodVector<ssla::Episode> lists[2];
        std::uint32_t opener = 0;
        for (std::size_t i = 0; i < na + nb; ++i) {
          ssla::Episode e;
          const std::uint64_t r = std::uint64_t{rng()} << 32 | rng();
          e.start = static_cast<ssla::Instant>(spread == 0 ? r : r % spread);
          e.opened_by = opener++;                                   // a unique tie-break
          e.business = static_cast<ssla::Millis>(e.opened_by) * 7;  // follows the episode
          lists[i < na ? 0 : 1].push_back(e);
        }
        std::shuffle(lists[0].begin(), lists[0].end(), rng);
        std::shuffle(lists[1].begin(), lists[1].end(), rng);
        const ssla::PodVector<ssla::Episode> out = ssla::sorted_union(lists[0], lists[1], threads);
        CHECK(lists[0].empty());
        CHECK(lists[1].empty());
        REQUIRE(out.size() == na + nb);
        std::vector<bool> seen(na + nb, false);
        for (std::size_t i = 0; i < out.size(); ++i) {
          const ssla::Episode& e = out[i];
          INFO("sizes " << na << "+" << nb << " spread " << spread << " threads " << threads
                        << " at " << i);
          REQUIRE(e.business == static_cast<ssla::Millis>(e.opened_by) * 7);
          REQUIRE_FALSE(seen[e.opened_by]);
          seen[e.opened_by] = true;
          if (i > 0) {
            const ssla::Episode& p = out[i - 1];
            REQUIRE((p.start < e.start || (p.start == e.start && p.opened_by < e.opened_by)));
          }
        }
      }
    }
  }
}

TEST_CASE("Episode records and breach lists are the same with excerpts copied or read back from "
          "the file",
          "[render][excerpts]") {
  // Questions out of time order (so that records ask for texts all over
  // the file), texts with doubled quotes and line breaks (kept as copies)
  // among plain ones (references), some longer than an excerpt.
  std::string csv = "id,parent_id,created_at,author,text\n";
  for (int i = 0; i < 30000; ++i) {
    const Instant t = kT0 + static_cast<Instant>((i * 7919) % 30000) * 41 * ssla::kMillisPerSecond;
    const std::string id = std::to_string(2 * i);
    std::string text = "question " + id + (i % 4 == 0 ? std::string(150, 'x') : "");
    if (i % 7 == 0) text = "\"a \"\"quoted\"\"\nquestion " + id + "\"";
    csv += id + ",," + ssla::format_utc(t) + ",cust" + std::to_string(i % 977) + "," + text + "\n";
    if (i % 3 != 0) {
      csv += std::to_string(2 * i + 1) + "," + id + "," + ssla::format_utc(t + (i % 5) * 3600000) +
             ",AcmeHelp,answer\n";
    }
  }
  const std::string path = "excerpts-by-reference.csv";
  std::ofstream(path, std::ios::binary) << csv;
  const ssla::Policy parsed = ssla::load_policy_text(kOfficeHours, "excerpts.yaml");
  auto output = [&](std::uint64_t reference_from, unsigned threads) {
    ssla::ReadOptions read;
    read.files = {path};
    read.keep_reply_text = false;
    read.channel = "twitter";
    read.excerpts_by_reference_from = reference_from;
    ssla::AuditOptions options;
    options.threads = threads;
    options.figures = true;  // the HTML and Markdown reports'
    const ssla::Audit a = ssla::run_audit(parsed, ssla::read_messages(parsed, read), options);
    return through_output("excerpts-by-reference.out", [&](ssla::Output& out) {
      ssla::render_episodes(a, false, out);
      ssla::render_episodes(a, true, out);
      ssla::RenderOptions report;
      report.breaches = true;
      for (const auto format : {ssla::ReportFormat::kTable, ssla::ReportFormat::kJson,
                                ssla::ReportFormat::kHtml, ssla::ReportFormat::kMarkdown}) {
        report.format = format;
        ssla::render_report(a, report, out);
      }
    });
  };
  const std::string copies = output(UINT64_MAX, 1);
  REQUIRE(copies.find("a \\\"quoted\\\"\\nquestion") != std::string::npos);
  REQUIRE(copies.find("question 8xxxx") != std::string::npos);
  REQUIRE(copies.find("<td class=\"text\">question ") != std::string::npos);  // breaches listed
  CHECK(output(0, 1) == copies);
  CHECK(output(0, 2) == copies);
  std::remove(path.c_str());
}

TEST_CASE("A breach table of over a hundred thousand breaches is the same on one thread and two",
          "[render]") {
  // Enough unanswered questions for each pass of the table to split them
  // between two threads; the widest customer, the widest text and the only
  // accounts come late, in the second thread's part, and the texts mix
  // ASCII, accents, wide characters and lengths on both sides of the cut.
  std::string csv = "id,parent_id,created_at,author,account,text\n";
  const int n = 110000;
  for (int i = 0; i < n; ++i) {
    // Shuffled in time, but for the last ten: after all the others.
    const Instant t = kT0 + static_cast<Instant>(i >= n - 10 ? n + i : (i * 7919) % n) * 17 *
                                ssla::kMillisPerSecond;
    const std::string id = std::to_string(i);
    std::string text = "question " + id;
    if (i % 5 == 1) text += " caf\xC3\xA9 " + std::string(static_cast<std::size_t>(i % 70), 'x');
    if (i % 11 == 2) text += " \xE4\xBD\xA0\xE5\xA5\xBD \xF0\x9F\x91\x8D";
    if (i == n - 3) text += std::string(90, 'w');
    const std::string customer =
        i == n - 5 ? "a-customer-with-a-very-long-name" : "cust" + std::to_string(i % 977);
    const std::string account = i >= n - 10 ? "AcmeHelp" : "";
    csv += id + ",," + ssla::format_utc(t) + "," + customer + "," + account + "," + text + "\n";
  }
  // A last question a week later: every other one is overdue by then.
  csv += "last,," +
         ssla::format_utc(kT0 + 2 * n * 17 * ssla::kMillisPerSecond + 7 * ssla::kMillisPerDay) +
         ",late,,question\n";
  const std::string path = "breach-table-threads.csv";
  std::ofstream(path, std::ios::binary) << csv;
  const ssla::Policy parsed = ssla::load_policy_text(kOfficeHours, "breach-table.yaml");
  auto output = [&](unsigned threads) {
    ssla::ReadOptions read;
    read.files = {path};
    read.channel = "twitter";
    ssla::AuditOptions options;
    options.threads = threads;
    options.breaches_only = true;
    const ssla::Audit a = ssla::run_audit(parsed, ssla::read_messages(parsed, read), options);
    REQUIRE(a.episodes.episodes.size() >= ssla::kSplitFrom);
    std::vector<std::string> renders;
    ssla::RenderOptions report;
    report.breaches = true;
    report.format = ssla::ReportFormat::kTable;
    for (const bool wide : {false, true}) {
      report.wide = wide;
      renders.push_back(through_output("breach-table-threads.out", [&](ssla::Output& out) {
        ssla::render_report(a, report, out);
      }));
    }
    return renders;
  };
  const std::vector<std::string> one = output(1);
  for (const std::string& render : one) {
    REQUIRE(render.find("AcmeHelp") != std::string::npos);  // the account column is shown
    REQUIRE(render.find("a-customer-with-a-very-long-name") != std::string::npos);
  }
  CHECK(output(2) == one);
  std::remove(path.c_str());
}

TEST_CASE(
    "The HTML and Markdown reports show the same most overdue breaches, episodes sorted or not",
    "[render][aggregate]") {
  // Questions out of time order, many of them over a weekend and never
  // answered: their overdue times tie, and the report order decides.
  std::string csv = "id,parent_id,created_at,author,text\n";
  for (int i = 0; i < 3000; ++i) {
    // Friday 2026-01-09 from 16:00 to Monday 09:00 New York, minute by minute, shuffled.
    const Instant t = kT0 + 4 * ssla::kMillisPerDay + 12 * 60 * kMinute +
                      static_cast<Instant>((i * 7919) % 3000) * kMinute;
    const std::string id = std::to_string(2 * i);
    csv += id + ",," + ssla::format_utc(t) + ",cust" + std::to_string(i % 97) + ",question " + id +
           "\n";
    if (i % 5 == 0) {
      csv += std::to_string(2 * i + 1) + "," + id + "," + ssla::format_utc(t + 90 * kMinute) +
             ",AcmeHelp,answer\n";
    }
  }
  const std::string path = "report-order.csv";
  std::ofstream(path, std::ios::binary) << csv;
  const ssla::Policy parsed = ssla::load_policy_text(kOfficeHours, "report-order.yaml");
  auto output = [&](bool report_order, unsigned threads) {
    ssla::ReadOptions read;
    read.files = {path};
    read.channel = "twitter";
    ssla::AuditOptions options;
    options.threads = threads;
    options.figures = true;
    options.report_order = report_order;
    options.as_of = kT0 + 14 * ssla::kMillisPerDay;
    const ssla::Audit a = ssla::run_audit(parsed, ssla::read_messages(parsed, read), options);
    return through_output("report-order.out", [&](ssla::Output& out) {
      ssla::RenderOptions report;
      for (const auto format : {ssla::ReportFormat::kHtml, ssla::ReportFormat::kMarkdown}) {
        report.format = format;
        ssla::render_report(a, report, out);
      }
    });
  };
  const std::string sorted = output(true, 1);
  REQUIRE(sorted.find("most overdue of") != std::string::npos);  // more than are shown
  CHECK(output(false, 1) == sorted);
  CHECK(output(false, 2) == sorted);
  std::remove(path.c_str());
}
