// The read stage on small files that reproduce the quirks of real exports.
#include "ssla/read/read.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "scratch_files.h"
#include "ssla/audit/audit.h"
#include "ssla/base/ascii.h"
#include "ssla/base/bus_error_guard.h"
#include "ssla/base/error.h"
#include "ssla/base/zone.h"
#include "ssla/policy/policy_load.h"
#include "ssla/read/byte_source.h"
#include "ssla/read/csv_reader.h"
#include "ssla/read/excerpt_store.h"
#include "ssla/read/timestamp.h"
#include "ssla/render/inspect.h"

namespace fs = std::filesystem;

namespace {

using ssla_test::scratch;
using ssla_test::write;

std::string write_gz(const std::string& name, const std::string& bytes) {
  const std::string path = (scratch() / name).string();
  gzFile gz = gzopen(path.c_str(), "wb");
  gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(gz);
  return path;
}

ssla::ReadResult read(const std::vector<std::string>& files, ssla::ReadOptions options = {},
                      const ssla::Policy& policy = ssla::Policy{}) {
  options.files = files;
  return ssla::read_messages(policy, options);
}

std::string inspect_json(ssla::ReadResult r) {
  static const ssla::Policy policy;
  const ssla::Audit audit = ssla::run_audit(policy, std::move(r), {});
  const fs::path out = scratch() / "inspect.json";
  {
    ssla::Output o(out.string());
    ssla::render_inspect(audit, true, o);
    o.commit();
  }
  std::ifstream in(out);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  return text.substr(0, text.find("\"files\""));  // the file list names the inputs
}

std::vector<std::vector<std::string>> split_csv(const std::string& data, char delim = ',') {
  ssla::CsvReader reader(data, delim);
  std::vector<std::string_view> fields;
  std::vector<std::vector<std::string>> rows;
  while (reader.next(fields)) rows.emplace_back(fields.begin(), fields.end());
  return rows;
}

const char* const kTwcs =
    "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
    "1.0,115712,True,Tue Oct 31 22:10:47 +0000 2017,\"@sprintcare is\nthe worst\",2,\n"
    "2,sprintcare,FALSE,Tue Oct 31 22:14:10 +0000 2017,@115712 DM us,\"3,4\",1.0\n"
    "3,115712,true,Tue Oct 31 22:16:48 +0000 2017,I did\rStill waiting,,2.0\n";

}  // namespace

TEST_CASE("CSV: quoted line breaks, doubled quotes, CRLF and lone CR", "[read][csv]") {
  const auto rows = split_csv("a,b\r\n\"x\ny\",\"say \"\"hi\"\"\"\r\nlone\rcr,z\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1][0] == "x\ny");
  CHECK(rows[1][1] == "say \"hi\"");
  CHECK(rows[2][0] == "lone\rcr");
  CHECK(rows[2][1] == "z");
}

TEST_CASE("CSV: plain and unescaped quoted fields mix in one record", "[read][csv]") {
  const auto rows = split_csv("a,b,c,d,e\n\"p\",\"x\"\"y\",\"q\nr\",\"s\"t,\"\"\n");
  REQUIRE(rows.size() == 2);
  REQUIRE(rows[1].size() == 5);
  CHECK(rows[1][0] == "p");
  CHECK(rows[1][1] == "x\"y");
  CHECK(rows[1][2] == "q\nr");
  CHECK(rows[1][3] == "st");
  CHECK(rows[1][4] == "");
}

TEST_CASE("CSV: malformed quotes are read the way Python's csv module reads them", "[read][csv]") {
  const auto rows = split_csv("a,b\n\"ab\"cd,e\nx,\"never closed\ny,z\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1][0] == "abcd");  // text after the closing quote is appended
  CHECK(rows[2][1] == "never closed\ny,z\n");  // runs to the end of the input
}

TEST_CASE("CSV: physical line numbers point at a record's first line", "[read][csv]") {
  ssla::CsvReader reader("h\n\"a\nb\nc\"\nd\n", ',');
  std::vector<std::string_view> f;
  REQUIRE(reader.next(f));
  REQUIRE(reader.next(f));
  CHECK(reader.line() == 2);
  REQUIRE(reader.next(f));
  CHECK(reader.line() == 5);
}

TEST_CASE("CSV: the one-pass reading of simple records agrees with the general one",
          "[read][csv]") {
  // Random inputs over the bytes that matter to the scanner, read twice: by
  // next() alone, and by next_simple() with next() for the records it
  // declines. Both must see the same records, fields (by address), lines
  // and positions; next_simple() must take every record built to be simple.
  // Every sixth round has long fields and more records, so that records
  // span several of next_simple()'s 64-byte windows, far from the end.
  std::mt19937 rng(20261202);
  const std::string alphabet = "ab ,\"\n\r";
  std::size_t simple_taken = 0, simple_built = 0, declined = 0;
  for (int round = 0; round < 20000; ++round) {
    const std::size_t count = 1 + rng() % 4;
    std::string data;
    const bool built = round % 2 == 0;
    const bool long_fields = round % 6 == 0;
    const int records = long_fields ? 10 : 3;
    if (built) {  // records that are simple by construction
      for (int r = 0; r < records; ++r) {
        for (std::size_t c = 0; c < count; ++c) {
          if (c > 0) data += ',';
          const bool quoted = rng() % 2 == 0;
          std::string text;
          for (std::size_t k = rng() % (long_fields ? 150 : 5); k > 0; --k) {
            text += quoted ? "ab ,\n\r"[rng() % 6] : "ab "[rng() % 3];
          }
          if (c == 0 && ssla::trim_ascii(text).empty()) text += "a";  // not a blank record
          data += quoted ? "\"" + text + "\"" : text;
        }
        data += rng() % 2 == 0 ? "\n" : "\r\n";
      }
    } else {
      for (std::size_t k = rng() % 24; k > 0; --k) data += alphabet[rng() % alphabet.size()];
    }
    ssla::CsvReader general(data, ',');
    ssla::CsvReader simple(data, ',');
    std::vector<std::string_view> expected, fields;
    std::vector<std::string_view> slot(count);
    std::vector<std::string_view*> slots;
    for (auto& v : slot) slots.push_back(&v);
    while (general.next(expected)) {
      const std::size_t position = simple.position();
      const std::uint64_t line = simple.next_line();
      if (simple.next_simple(count, slots.data())) {
        ++simple_taken;
        REQUIRE(expected.size() == count);
        for (std::size_t c = 0; c < count; ++c) {
          REQUIRE(slot[c].data() == expected[c].data());
          REQUIRE(slot[c].size() == expected[c].size());
        }
        REQUIRE(general.terminated());
        // A blank record (every field empty once trimmed) is left to next(),
        // whose caller counts it.
        REQUIRE(std::any_of(slot.begin(), slot.end(),
                            [](std::string_view v) { return !ssla::trim_ascii(v).empty(); }));
      } else {
        ++declined;
        REQUIRE(simple.position() == position);  // nothing moved
        REQUIRE(simple.next_line() == line);
        REQUIRE(!built);
        REQUIRE(simple.next(fields));
        REQUIRE(fields == expected);
      }
      REQUIRE(simple.position() == general.position());
      REQUIRE(simple.line() == general.line());
      REQUIRE(simple.next_line() == general.next_line());
    }
    if (built) simple_built += static_cast<std::size_t>(records);
    REQUIRE(simple.position() == data.size());
  }
  CHECK(simple_taken >= simple_built);
  CHECK(declined > 0);
}

TEST_CASE("twcs: multi-line text, bare CR, .0 ids and Excel booleans", "[read][twcs]") {
  ssla::ReadOptions o;
  o.preset = "twcs";
  const ssla::ReadResult r = read({write("twcs.csv", kTwcs)}, o);
  REQUIRE(r.table.messages.size() == 3);
  CHECK(r.quality.rows_rejected == 0);
  const ssla::MessageTable& t = r.table;
  CHECK(t.ids.text(t.messages[0].id) == "1");
  CHECK(t.ids.text(t.messages[1].parent) == "1");
  CHECK(t.messages[1].direction == ssla::Direction::kOutbound);
  CHECK(t.messages[2].direction == ssla::Direction::kInbound);
  CHECK(t.strings.view(t.messages[0].channel) == "twitter");
  CHECK(t.excerpt(0) == "@sprintcare is\nthe worst");
  CHECK(t.messages[0].created_at == 1509487847000);
}

TEST_CASE("Excel habits: BOM, CRLF, padding rows are neither read nor rejected", "[read][csv]") {
  const std::string csv = "\xEF\xBB\xBFid,created_at,author\r\n"
                          "m1,2026-01-05T10:00:00Z,jane\r\n,,\r\n,,\r\n";
  const ssla::ReadResult r = read({write("excel.csv", csv)});
  CHECK(r.table.messages.size() == 1);
  CHECK(r.quality.rows_read == 1);
  CHECK(r.quality.rows_blank == 2);
  CHECK(r.quality.rows_rejected == 0);
}

TEST_CASE("A record of spaces is blank like Excel's padding: values are trimmed", "[read][csv]") {
  // Spec 7: field values are trimmed of surrounding whitespace, so " , , "
  // is a record whose fields are all empty. A single space in a field
  // among others is not (the record is read, and rejected for its id).
  const std::string csv =
      "id,created_at,author\n"
      "m1,2026-01-05T10:00:00Z,jane\n"
      " , ,\t\n"
      "\" \",\"\",  \r\n"
      " ,2026-01-05T10:00:00Z,jane\n";
  for (unsigned threads : {1u, 2u}) {
    ssla::ReadOptions options;
    options.threads = threads;
    const ssla::ReadResult r = read({write("spaces.csv", csv)}, options);
    CHECK(r.table.messages.size() == 1);
    CHECK(r.quality.rows_read == 2);
    CHECK(r.quality.rows_blank == 2);
    CHECK(r.quality.rows_rejected == 1);
  }
}

TEST_CASE("An ignored author is the company's whatever a direction or inbound column says",
          "[read][direction]") {
  // Spec 7: authors in ignore_authors are company authors (outbound).
  ssla::Policy policy;
  policy.accounts = {"acmehelp"};
  policy.ignore_authors = {"acmebot"};
  const std::string by_direction = write("ignored-direction.csv",
                                         "id,created_at,author,direction\n"
                                         "1,2026-01-05T10:00:00Z,@AcmeBot,inbound\n"
                                         "2,2026-01-05T10:01:00Z,kim,inbound\n"
                                         "3,2026-01-05T10:02:00Z,AcmeHelp,outbound\n");
  const std::string by_inbound = write("ignored-inbound.csv",
                                       "id,created_at,author,inbound\n"
                                       "1,2026-01-05T10:00:00Z,acmebot,TRUE\n"
                                       "2,2026-01-05T10:01:00Z,kim,TRUE\n"
                                       "3,2026-01-05T10:02:00Z,AcmeHelp,FALSE\n");
  for (const std::string& file : {by_direction, by_inbound}) {
    INFO(file);
    const ssla::ReadResult r = read({file}, {}, policy);
    REQUIRE(r.table.messages.size() == 3);
    CHECK(r.table.messages[0].direction == ssla::Direction::kOutbound);
    CHECK(r.table.messages[0].ignored_author);
    CHECK(r.table.messages[1].direction == ssla::Direction::kInbound);
    CHECK_FALSE(r.table.messages[1].ignored_author);
    CHECK(r.table.messages[2].direction == ssla::Direction::kOutbound);
    CHECK_FALSE(r.table.messages[2].ignored_author);
  }
}

TEST_CASE("The agent of an inbound message is ignored, also when duplicates are compared",
          "[read][duplicates]") {
  // Spec 8.8: agent is "compared as written for duplicates (1.3), and ignored
  // on inbound messages". Rows 1 differ only in the agent of a customer's
  // message: identical. Rows 2, a company reply, differ in its agent's case:
  // conflicting.
  ssla::Policy policy;
  policy.accounts = {"acmehelp"};
  const std::string csv =
      "id,created_at,author,agent\n"
      "1,2026-01-05T10:00:00Z,kim,\n"
      "1,2026-01-05T10:00:00Z,kim,Zed\n"
      "2,2026-01-05T10:05:00Z,AcmeHelp,Zed\n"
      "2,2026-01-05T10:05:00Z,AcmeHelp,zed\n";
  const ssla::ReadResult r = read({write("agents.csv", csv)}, {}, policy);
  CHECK(r.table.messages.size() == 2);
  CHECK(r.quality.duplicates_identical == 1);
  CHECK(r.quality.duplicates_conflicting == 1);
}

TEST_CASE("The same messages from CSV, JSON, NDJSON, gzip and stdin inspect the same",
          "[read][formats]") {
  const std::string csv =
      "id,parent_id,created_at,author,channel,text,tags\n"
      "1,,2026-01-05T10:00:00Z,jane,Twitter,\"Hello, \"\"world\"\"\",a;b\n"
      "2,1,2026-01-05T10:05:00+01:00,@AcmeHelp,twitter,Hi,\n"
      "1,,2026-01-05T10:00:00Z,jane,Twitter,\"Hello, \"\"world\"\"\",a;b\n";
  const std::string json =
      R"([{"id": 1, "created_at": "2026-01-05T10:00:00Z", "author": "jane", "channel": "Twitter", "text": "Hello, \"world\"", "tags": ["a", "b"]},
{"id": "2", "parent_id": 1, "created_at": "2026-01-05T10:05:00+01:00", "author": "@AcmeHelp", "channel": "twitter", "text": "Hi"},
{"id": 1, "created_at": "2026-01-05T10:00:00Z", "author": "jane", "channel": "Twitter", "text": "Hello, \"world\"", "tags": "a;b"}])";
  std::string ndjson = json.substr(1, json.size() - 2);
  for (std::size_t i = 0; (i = ndjson.find("},\n", i)) != std::string::npos;) ndjson.replace(i, 3, "}\n");
  ssla::Policy policy;
  policy.accounts = {"acmehelp"};
  const std::string expected = inspect_json(read({write("m.csv", csv)}, {}, policy));
  CHECK_THAT(expected, Catch::Contains("\"duplicates_identical\": 1"));
  CHECK(inspect_json(read({write("m.json", json)}, {}, policy)) == expected);
  CHECK(inspect_json(read({write("m.ndjson", ndjson)}, {}, policy)) == expected);
  CHECK(inspect_json(read({write_gz("m.csv.gz", csv)}, {}, policy)) == expected);
  CHECK(inspect_json(read({write_gz("n.ndjson.gz", ndjson)}, {}, policy)) == expected);
  // Standard input, format sniffed from the first byte.
  const int saved = ::dup(0);
  const int fd = ::open(write("stdin.ndjson", ndjson).c_str(), O_RDONLY);
  ::dup2(fd, 0);
  ::close(fd);
  ssla::reset_stdin_guard();
  const std::string from_stdin = inspect_json(read({"-"}, {}, policy));
  ::dup2(saved, 0);
  ::close(saved);
  CHECK(from_stdin == expected);
}

TEST_CASE("The read keeps the inbound messages' earliest time and channels as a pass finds them",
          "[read][audit]") {
  // Inbound rows out of time order on three channels (one empty), replies
  // between them, and a conflicting duplicate dated before all: it is not
  // a message, so it moves nothing.
  std::string csv = "id,parent_id,created_at,author,channel,text,direction\n";
  for (int i = 0; i < 300; ++i) {
    const char* channel = i % 3 == 0 ? "Twitter" : i % 3 == 1 ? "facebook" : "";
    const int minute = 59 - (i % 60);
    csv += std::to_string(2 * i + 1) + ",,2026-01-05T10:" + (minute < 10 ? "0" : "") +
           std::to_string(minute) + ":00Z,c" + std::to_string(i) + "," + channel +
           ",help,inbound\n";
    csv += std::to_string(2 * i + 2) + "," + std::to_string(2 * i + 1) +
           ",2026-01-04T09:00:00Z,acme," + channel + ",on it,outbound\n";
  }
  csv += "7,,2025-12-31T00:00:00Z,someone,whatsapp,other text,inbound\n";
  for (const unsigned threads : {1u, 2u}) {
    ssla::ReadOptions options;
    options.threads = threads;
    options.piece_bytes = 512;  // many pieces: both threads finish rows
    const ssla::ReadResult r = read({write("inbound.csv", csv)}, options);
    REQUIRE(r.inbound.has_value());
    const ssla::MessageTable& t = r.table;
    ssla::Instant earliest = ssla::kNoInstant;
    std::vector<std::uint32_t> channels;
    for (const ssla::Message& m : t.messages) {
      if (m.direction != ssla::Direction::kInbound) continue;
      if (earliest == ssla::kNoInstant || m.created_at < earliest) earliest = m.created_at;
      if (std::find(channels.begin(), channels.end(), m.channel) == channels.end()) {
        channels.push_back(m.channel);
      }
    }
    CHECK(r.quality.duplicates_conflicting == 1);
    CHECK(r.inbound->earliest == earliest);
    CHECK(r.inbound->earliest ==
          ssla::days_from_civil(2026, 1, 5) * ssla::kMillisPerDay + 10 * ssla::kMillisPerHour);
    std::vector<std::uint32_t> kept = r.inbound->channels;
    std::sort(kept.begin(), kept.end());
    std::sort(channels.begin(), channels.end());
    CHECK(channels.size() == 3);
    CHECK(kept == channels);
  }
}

TEST_CASE("Priority rules are matched by their words and by their tags when words are shared",
          "[read][priority]") {
  // Four words in the channel's rules: one pass looks for all of them, and
  // without a rule naming authors its bits decide untagged rows alone. A
  // rule with tags matches a tagged row with none of its words; a rule with
  // authors makes every rule be asked about every row.
  const std::string rules =
      "version: 1\ncalendars:\n  office:\n    timezone: UTC\n    hours:\n"
      "      mon-fri: \"09:00-17:00\"\nchannels:\n  twitter:\n    calendar: office\n"
      "    first_response: 1h\n    exempt: { words: [unsubscribe] }\n    priorities:\n"
      "      - { name: urgent, match: { words: [outage, asap] }, first_response: 30m }\n"
      "      - { name: vip, match: { words: [ten years], tags: [vip] }, first_response: 45m }\n";
  const std::string with_authors =
      rules + "      - { name: known, match: { authors: [jane] }, first_response: 50m }\n";
  const std::string csv =
      "id,created_at,author,direction,text,tags,channel\n"
      "1,2026-01-05T10:00:00Z,c1,inbound,is there an outage,,twitter\n"
      "2,2026-01-05T10:01:00Z,c2,inbound,hello,VIP,twitter\n"
      "3,2026-01-05T10:02:00Z,c3,inbound,ten years a customer,other,twitter\n"
      "4,2026-01-05T10:03:00Z,c4,inbound,plain question,,twitter\n"
      "5,2026-01-05T10:04:00Z,jane,inbound,another question,,twitter\n"
      "6,2026-01-05T10:05:00Z,c6,inbound,asap please,vip,twitter\n";
  for (const bool authors : {false, true}) {
    const ssla::Policy policy =
        ssla::load_policy_text(authors ? with_authors : rules, "priorities.yaml");
    for (const unsigned threads : {1u, 2u}) {
      INFO("authors rule " << authors << ", threads " << threads);
      ssla::ReadOptions options;
      options.threads = threads;
      const ssla::ReadResult r = read({write("priorities.csv", csv)}, options, policy);
      const ssla::MessageTable& t = r.table;
      REQUIRE(t.messages.size() == 6);
      CHECK(t.priority_mask(0) == 1u);  // urgent, by a word
      CHECK(t.priority_mask(1) == 2u);  // vip, by its tag alone
      CHECK(t.priority_mask(2) == 2u);  // vip, by its words
      CHECK(t.priority_mask(3) == 0u);
      CHECK(t.priority_mask(4) == (authors ? 4u : 0u));  // known, by its author
      CHECK(t.priority_mask(5) == 3u);  // urgent by a word, vip by its tag
    }
  }
}

TEST_CASE("A follow-up on another channel than its episode's adds its priority matches",
          "[read][priority]") {
  // Spec 8.2: any inbound, non-exempt message that joined the episode. The
  // thread mixes channels; the rules are twitter's, the word is in a
  // facebook follow-up; a message of a channel the policy does not list
  // joins the second thread.
  const ssla::Policy policy = ssla::load_policy_text(
      "company: { accounts: [AcmeHelp] }\nchannels:\n  twitter:\n    first_response: 1h\n"
      "    priorities: [ { name: urgent, match: { words: [outage] }, first_response: 15m } ]\n"
      "  facebook:\n    first_response: 3h\n"
      "    priorities: [ { name: angry, match: { words: [refund] }, first_response: 2h } ]\n",
      "mixed.yaml");
  CHECK(policy.priority_bits_global);
  const std::string csv =
      "id,thread_id,created_at,author,channel,text\n"
      "d1,D,2026-01-05T08:00:00Z,cu4,twitter,hello\n"
      "d2,D,2026-01-05T08:05:00Z,cu4,facebook,outage and a refund\n"
      "dr,D,2026-01-05T08:20:00Z,AcmeHelp,twitter,hi\n"
      "e1,E,2026-01-05T09:00:00Z,cu5,twitter,hello\n"
      "e2,E,2026-01-05T09:05:00Z,cu5,mastodon,outage\n"
      "er,E,2026-01-05T09:10:00Z,AcmeHelp,twitter,hi\n";
  for (const unsigned threads : {1u, 2u}) {
    INFO("threads " << threads);
    ssla::ReadOptions options;
    options.threads = threads;
    const ssla::Audit a =
        ssla::run_audit(policy, read({write("mixed.csv", csv)}, options, policy), {});
    REQUIRE(a.episodes.episodes.size() == 2);
    // twitter's rule, not facebook's: the episode's channel decides the rules.
    CHECK(a.priority_of(a.episodes.episodes[0]) == "urgent");
    CHECK(a.episodes.episodes[0].target == 15 * 60000);
    CHECK(a.priority_of(a.episodes.episodes[1]) == "urgent");
  }
}

TEST_CASE("JSON: exact ids above 2^53, nested paths, literal dotted keys first", "[read][json]") {
  const std::string ndjson =
      R"({"id": 12345678901234567890, "user": {"name": "Jane"}, "time": 1767607200, "from.id": "lit", "from": {"id": "nested"}})"
      "\n";
  ssla::ReadOptions o;
  o.map = {"author=from.id"};
  const ssla::ReadResult r = read({write("ids.ndjson", ndjson)}, o);
  REQUIRE(r.table.messages.size() == 1);
  CHECK(r.table.ids.text(r.table.messages[0].id) == "12345678901234567890");
  CHECK(r.table.strings.view(r.table.messages[0].author_as_written) == "lit");
  CHECK(r.table.messages[0].created_at == 1767607200000);
  ssla::ReadOptions nested;
  nested.map = {"author=user.name"};
  const ssla::ReadResult n = read({write("nested.ndjson", ndjson)}, nested);
  CHECK(n.table.strings.view(n.table.messages[0].author_as_written) == "Jane");
}

TEST_CASE("JSON keys are matched as unescaped text, short or long, escaped or not",
          "[read][json]") {
  // "auth\u006fr" is "author"; a key of 70 bytes is read past the padding's
  // reach; a key with an escaped quote is not the key before the quote.
  const std::string long_key(70, 'k');
  const std::string ndjson =
      R"({"id": "1", "created_at": "2026-01-05T10:00:00Z", "auth\u006fr": "kim", ")" + long_key +
      R"(": 1, "te\"xt": "not the text", "text": "hello"})" "\n" +
      R"({"id": "2", "created_at": "2026-01-05T10:00:00Z", "author": "lee", "te\u0078t": "hi"})" "\n";
  for (const unsigned threads : {1u, 2u}) {
    ssla::ReadOptions o;
    o.threads = threads;
    const ssla::ReadResult r = read({write("keys.ndjson", ndjson)}, o);
    REQUIRE(r.table.messages.size() == 2);
    CHECK(r.table.strings.view(r.table.messages[0].author_as_written) == "kim");
    CHECK(r.table.excerpt(0) == "hello");
    CHECK(r.table.strings.view(r.table.messages[1].author_as_written) == "lee");
    CHECK(r.table.excerpt(1) == "hi");
  }
  ssla::ReadOptions mapped;
  mapped.map = {"author=" + long_key};
  const ssla::ReadResult m = read({write("long-key.ndjson", ndjson)}, mapped);
  REQUIRE(m.table.messages.size() == 1);  // the second record has no such key: no author
  CHECK(m.table.strings.view(m.table.messages[0].author_as_written) == "1");
}

TEST_CASE("Bad rows are counted with their reasons; --strict stops at the first", "[read][bad]") {
  const std::string csv = "id,created_at,author,direction\n"
                          ",2026-01-05T10:00:00Z,kim,in\n"
                          "a,2017-02-30T10:00:00Z,kim,in\n"
                          "b,2026-01-05T10:00:60Z,kim,in\n"
                          "c,2026-01-05T10:00:00Z,@,in\n"
                          "d,2026-01-05T10:00:00Z,k\xffm,in\n"
                          "e,2026-01-05T10:00:00Z,kim,sideways\n"
                          "f,2026-01-05T10:00:00Z,kim,\n"
                          "g,2026-01-05T10:00:00Z,kim\n"
                          "h,2026-01-05T10:00:00Z,kim,in,extra\n"
                          "i,-1767607200,kim,in\n"
                          "ok,2026-01-05T10:00:00Z,kim,IN\n";
  std::ostringstream diagnostics;
  ssla::ReadOptions o;
  o.diagnostics = &diagnostics;
  const ssla::ReadResult r = read({write("bad.csv", csv)}, o);
  CHECK(r.table.messages.size() == 1);
  CHECK(r.quality.rows_read == 11);
  CHECK(r.quality.rows_rejected == 10);
  CHECK_THAT(diagnostics.str(), Catch::StartsWith((scratch() / "bad.csv").string() + ":2: missing id\n"));
  CHECK_THAT(diagnostics.str(), Catch::Contains(":6: invalid UTF-8 in author"));
  CHECK_THAT(diagnostics.str(), Catch::Contains(":9: expected 4 fields, got 3"));
  o.strict = true;
  CHECK_THROWS_WITH(read({write("bad2.csv", csv)}, o), Catch::Contains("bad2.csv:2: missing id"));
}

TEST_CASE("Malformed files give a clear error or clean counts, never a crash", "[read][bad]") {
  // Empty file: no header.
  CHECK_THROWS_WITH(read({write("empty.csv", "")}), Catch::Contains("empty file"));
  // Header only: nothing read.
  CHECK(read({write("header.csv", "id,created_at,author\n")}).quality.rows_read == 0);
  // A truncated quote at the end of the file swallows the rest: one bad row.
  CHECK(read({write("trunc.csv", "id,created_at,author\nx,2026-01-05T10:00:00Z,\"jane\n")})
            .quality.rows_read == 1);
  // A binary file.
  CHECK_THROWS_WITH(read({write("bin.csv", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11))}),
                    Catch::Contains("binary"));
  // A 10 MB single field.
  const std::string big = "id,created_at,author,text\nx,2026-01-05T10:00:00Z,jane,\"" +
                          std::string(10 << 20, 'a') + "\"\n";
  const ssla::ReadResult r = read({write("big.csv", big)});
  REQUIRE(r.table.messages.size() == 1);
  CHECK(r.table.excerpt(0).size() == ssla::kExcerptBytes);
  // JSON that is not valid as a whole, and 10 000-deep nesting.
  CHECK_THROWS_AS(read({write("bad.json", "[{\"id\": 1},")}), ssla::Error);
  const std::string deep = "[" + std::string(10000, '[') + std::string(10000, ']') + "]";
  CHECK(read({write("deep.json", deep)}).quality.rows_rejected == 1);  // not an object
  const std::string deep_field =
      "[{\"id\": " + std::string(10000, '[') + std::string(10000, ']') + "}]";
  CHECK(read({write("deep-field.json", deep_field)}).quality.rows_rejected == 1);
  const std::string deep_line = "{\"id\": " + std::string(10000, '[') + std::string(10000, ']') + "}\n";
  CHECK(read({write("deep.ndjson", deep_line)}).quality.rows_rejected == 1);
  // Wrong types in JSON: an object where a scalar is expected reads as empty.
  const ssla::ReadResult w = read({write("types.json",
      R"([{"id": {"x": 1}, "created_at": "2026-01-05T10:00:00Z", "author": "a"}, 5, {}])")});
  CHECK(w.quality.rows_read == 3);
  CHECK(w.quality.rows_rejected == 3);
  // Unknown extension and missing files.
  CHECK_THROWS_WITH(read({write("x.txt", "id\n")}), Catch::Contains("unknown file type"));
  CHECK_THROWS_WITH(read({"/nonexistent/x.csv"}), Catch::Contains("cannot open"));
}

TEST_CASE("Mapping: JSON keys named by --map or a preset match exactly, else ignoring case",
          "[read][map][json]") {
  ssla::ReadOptions o;
  o.map = {"author=sender", "id=meta.msg_id"};
  // "Sender" only in another case; the path's keys in another case; where
  // the exact key is there too, it wins.
  const ssla::ReadResult r =
      read({write("case.ndjson",
                  "{\"META\": {\"MSG_ID\": \"m1\"}, \"created_at\": \"2026-01-05T10:00:00Z\", "
                  "\"Sender\": \"jane\"}\n"
                  "{\"meta\": {\"msg_id\": \"m2\"}, \"created_at\": \"2026-01-05T10:01:00Z\", "
                  "\"SENDER\": \"bob\", \"sender\": \"ann\"}\n")},
           o);
  REQUIRE(r.table.messages.size() == 2);
  CHECK(r.table.ids.text(r.table.messages[0].id) == "m1");
  CHECK(r.table.strings.view(r.table.messages[0].author) == "jane");
  CHECK(r.table.strings.view(r.table.messages[1].author) == "ann");
  // The twcs preset's names, as in a CSV header.
  ssla::ReadOptions twcs;
  twcs.preset = "twcs";
  const ssla::ReadResult t =
      read({write("twcs-case.ndjson",
                  "{\"Tweet_ID\": 1, \"Author_ID\": \"c1\", \"Inbound\": true, \"Created_At\": "
                  "\"Tue Oct 31 22:10:47 +0000 2017\", \"Text\": \"hi\"}\n")},
           twcs);
  CHECK(t.table.messages.size() == 1);
}

TEST_CASE("Mapping: a missing mapped column stops with the header listed", "[read][map]") {
  ssla::ReadOptions o;
  o.map = {"id=Message ID"};
  CHECK_THROWS_WITH(read({write("m1.csv", "id,created_at,author\n")}, o),
                    Catch::Contains("--map names 'Message ID'") &&
                        Catch::Contains("id, created_at, author"));
  ssla::ReadOptions twcs;
  twcs.preset = "twcs";
  CHECK_THROWS_WITH(read({write("m2.csv", "tweet_id,author_id,created_at\n")}, twcs),
                    Catch::Contains("'inbound'"));
}

TEST_CASE("Mapping: aliases exact before case-insensitive, in list order", "[read][map]") {
  const std::string csv = "MESSAGE_ID,id_x,Sent_At,Sender, text \n"
                          "m1,zz,2026-01-05T10:00:00Z,jane,hi\n";
  const ssla::ReadResult r = read({write("alias.csv", csv)});
  REQUIRE(r.table.messages.size() == 1);
  CHECK(r.table.ids.text(r.table.messages[0].id) == "m1");
  CHECK(r.table.excerpt(0) == "hi");
}

TEST_CASE("Excerpts: a company reply's text is kept only when asked for", "[read]") {
  const std::string csv = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,"
                          "in_response_to_tweet_id\n"
                          "1,42,True,Mon Nov 13 04:37:35 +0000 2017,@Acme help,2,\n"
                          "2,Acme,False,Mon Nov 13 04:40:00 +0000 2017,@42 on it ^JM,,1\n";
  ssla::ReadOptions options;
  options.preset = "twcs";
  const ssla::ReadResult all = read({write("replies.csv", csv)}, options);
  REQUIRE(all.table.messages.size() == 2);
  CHECK(all.table.excerpt(0) == "@Acme help");
  CHECK(all.table.excerpt(1) == "@42 on it ^JM");
  options.keep_reply_text = false;
  const ssla::ReadResult customers = read({write("replies.csv", csv)}, options);
  REQUIRE(customers.table.messages.size() == 2);
  CHECK(customers.table.excerpt(0) == "@Acme help");
  CHECK(customers.table.excerpt(1).empty());
}

TEST_CASE("Signatures: a reply's signer is matched only when an output names responders",
          "[read]") {
  std::string csv =
      "tweet_id,author_id,inbound,created_at,text,response_tweet_id,"
      "in_response_to_tweet_id\n";
  for (int i = 0; i < 200; i += 2) {
    csv += std::to_string(i + 1) + ",42,True,Mon Nov 13 04:37:35 +0000 2017,@Acme help,,\n";
    csv += std::to_string(i + 2) + ",Acme,False,Mon Nov 13 04:40:00 +0000 2017,@42 on it ^JM,," +
           std::to_string(i + 1) + "\n";
  }
  ssla::Policy policy;
  policy.signatures = {"\\^([A-Z]{2,3})\\s*$"};
  for (const unsigned threads : {1u, 2u}) {
    ssla::ReadOptions options;
    options.preset = "twcs";
    options.threads = threads;
    options.piece_bytes = 256;  // many pieces: the second thread finishes rows too
    const ssla::ReadResult named = read({write("signed.csv", csv)}, options, policy);
    REQUIRE(named.table.messages.size() == 200);
    for (std::uint32_t i = 0; i < 200; ++i) {
      const std::uint32_t signer = named.table.signed_by(i);
      if (i % 2 == 0) {
        CHECK(signer == ssla::Interner::kNone);
      } else {
        REQUIRE(signer != ssla::Interner::kNone);
        CHECK(named.table.strings.view(signer) == "JM");
      }
    }
    options.match_signatures = false;
    const ssla::ReadResult unnamed = read({write("signed.csv", csv)}, options, policy);
    REQUIRE(unnamed.table.messages.size() == 200);
    for (std::uint32_t i = 0; i < 200; ++i)
      CHECK(unnamed.table.signed_by(i) == ssla::Interner::kNone);
  }
}

TEST_CASE(
    "Excerpts: references read back the file's bytes in any order, and what is left of "
    "a file that shrank",
    "[read][excerpts]") {
  std::string bytes;
  for (int i = 0; i < 40000; ++i) bytes += "text number " + std::to_string(i) + ";";
  const std::string path = write("excerpts.txt", bytes);
  ssla::ExcerptStore store;
  REQUIRE(store.attach(0, ::open(path.c_str(), O_RDONLY)));
  CHECK_FALSE(store.can_refer(1, 0, 10));  // file 1 was not attached
  CHECK_FALSE(store.can_refer(0, 0, ssla::ExcerptStore::kMaxBytes + 1));
  // Every 37th byte, 20 bytes each, between copies and empty excerpts.
  std::vector<std::string> expected;
  for (std::size_t at = 0; at + 20 <= bytes.size(); at += 37) {
    store.add_reference(0, at, 20);
    expected.push_back(bytes.substr(at, 20));
    store.add_copy("copy " + std::to_string(at));
    expected.push_back("copy " + std::to_string(at));
    store.add_copy("");
    expected.push_back("");
  }
  REQUIRE(store.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) REQUIRE(store.view(i) == expected[i]);
  // Backwards and by a stride: every read leaves the window.
  for (std::size_t i = expected.size(); i-- > 0;) REQUIRE(store.view(i) == expected[i]);
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const std::size_t i = (k * 7919) % expected.size();
    REQUIRE(store.view(i) == expected[i]);
  }
  // A second store of another file never gets the first one's window.
  const std::string other_bytes(bytes.size(), 'o');
  ssla::ExcerptStore other;
  REQUIRE(other.attach(0, ::open(write("other.txt", other_bytes).c_str(), O_RDONLY)));
  other.add_reference(0, 0, 20);
  CHECK(store.view(0) == expected[0]);
  CHECK(other.view(0) == std::string(20, 'o'));
  CHECK(store.view(0) == expected[0]);
  // Moved, the store still reads its file.
  ssla::ExcerptStore moved(std::move(store));
  CHECK(moved.view(3) == expected[3]);
  // The file cut short: what is left of it, never bytes from elsewhere
  // (the other store's view first, so that this thread's window is not
  // the first file's any more).
  moved.add_reference(0, 25, 20);
  fs::resize_file(path, 30);
  CHECK(other.view(0) == std::string(20, 'o'));
  CHECK(moved.view(moved.size() - 1) == bytes.substr(25, 5));
  CHECK(moved.view(3) == "");
}

TEST_CASE("Excerpts: a store holds at most kMaxAttached files open; the others keep copies",
          "[read][excerpts]") {
  const std::string path = write("attached.txt", "some text");
  auto open_count = [] {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator("/proc/self/fd")) ++n;
    return n;
  };
  const std::size_t before = open_count();
  {
    ssla::ExcerptStore store;
    std::size_t attached = 0;
    for (std::size_t f = 0; f < ssla::ExcerptStore::kMaxAttached + 20; ++f) {
      attached += store.attach(static_cast<std::uint16_t>(f), ::open(path.c_str(), O_RDONLY)) ? 1 : 0;
    }
    CHECK(attached == ssla::ExcerptStore::kMaxAttached);
    CHECK(store.can_refer(0, 0, 4));
    CHECK_FALSE(store.can_refer(ssla::ExcerptStore::kMaxAttached, 0, 4));
    // Attaching a file again replaces its descriptor.
    CHECK(store.attach(0, ::open(path.c_str(), O_RDONLY)));
    CHECK(open_count() == before + ssla::ExcerptStore::kMaxAttached);
    store.add_reference(0, 5, 4);
    CHECK(store.view(0) == "text");
  }
  CHECK(open_count() == before);  // every descriptor closed with the store
}

TEST_CASE("Excerpts: a batch fetches in file order what each message's view gives", "[read][excerpts]") {
  // Text fields far apart and close together, copies among them, a file
  // of two megabytes so that the batch reads it in several sweeps.
  std::string bytes;
  for (int i = 0; bytes.size() < (std::size_t{2} << 20); ++i) {
    bytes += "row " + std::to_string(i) + (i % 5 == 0 ? std::string(3000, '.') : std::string(";"));
  }
  const std::string path = write("batch.txt", bytes);
  // A second file, so that the order of reading has file bits too. The
  // references are at random offsets, not in message order as a read makes
  // them: the batch must give the right bytes whatever the order.
  std::string other_bytes(bytes.rbegin(), bytes.rend());
  const std::string other_path = write("batch-2.txt", other_bytes);
  ssla::ExcerptStore store;
  REQUIRE(store.attach(0, ::open(path.c_str(), O_RDONLY)));
  REQUIRE(store.attach(1, ::open(other_path.c_str(), O_RDONLY)));
  REQUIRE(store.may_refer());
  std::mt19937 rng(7);
  std::vector<std::string> expected;
  for (int i = 0; i < 200000; ++i) {
    if (i % 9 == 0) {
      store.add_copy("copy " + std::to_string(i));
      expected.push_back("copy " + std::to_string(i));
      continue;
    }
    const std::uint16_t file = i % 3 == 0 ? 1 : 0;
    const std::string& in = file == 0 ? bytes : other_bytes;
    const std::uint64_t at = rng() % (in.size() - 100);
    const std::size_t size = rng() % 101;
    store.add_reference(file, at, size);
    expected.push_back(in.substr(at, size));
  }
  // Every message, in a shuffled order with repeats and a message the
  // store does not have; on one thread and on two.
  std::vector<std::uint32_t> order(expected.size() + 1000);
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<std::uint32_t>(k % expected.size());
  std::shuffle(order.begin(), order.end(), rng);
  order.push_back(0xffffffffu);
  for (const bool split : {false, true}) {
    INFO("split " << split);
    ssla::ExcerptBatch batch;
    batch.fetch(store, order.data(), order.size(), split);
    for (std::size_t k = 0; k + 1 < order.size(); ++k) REQUIRE(batch.view(k) == expected[order[k]]);
    CHECK(batch.view(order.size() - 1).empty());
  }
  // A file that shrank gives what is left of it.
  const std::uint32_t last = static_cast<std::uint32_t>(store.size());
  store.add_reference(0, 100, 50);
  fs::resize_file(path, 120);
  ssla::ExcerptBatch batch;
  batch.fetch(store, &last, 1, false);
  CHECK(batch.view(0) == bytes.substr(100, 20));
}

TEST_CASE(
    "Excerpts: a read of a mapped page that the file no longer has is caught, every time, "
    "and reads of the pages left still work",
    "[read][excerpts]") {
  REQUIRE(ssla::bus_errors_catchable());
  const long page = ::sysconf(_SC_PAGESIZE);
  const std::string path =
      write("shrinking.txt", std::string(3 * static_cast<std::size_t>(page), 'x'));
  const int fd = ::open(path.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  void* mapping = ::mmap(nullptr, 3 * static_cast<std::size_t>(page), PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  REQUIRE(mapping != MAP_FAILED);
  fs::resize_file(path, static_cast<std::uintmax_t>(page));  // cut short after mapping
  struct Read {
    const volatile char* at;
    char got = 0;
  };
  auto read_byte = [](void* context) {
    Read& r = *static_cast<Read*>(context);
    r.got = *r.at;
  };
  const char* bytes = static_cast<const char*>(mapping);
  for (int attempt = 0; attempt < 3; ++attempt) {  // the signal is not left blocked
    Read gone{bytes + 2 * page + 10};
    CHECK_FALSE(ssla::run_catching_bus_errors(read_byte, &gone));
  }
  Read kept{bytes + 10};
  CHECK(ssla::run_catching_bus_errors(read_byte, &kept));
  CHECK(kept.got == 'x');
  ::munmap(mapping, 3 * static_cast<std::size_t>(page));
}

TEST_CASE("Timestamps: every accepted form, and the RFC 5545 rule for local times",
          "[read][timestamp]") {
  const ssla::TimestampParser utc(ssla::Zone(), "");
  const ssla::Instant t = 1509487847000;  // 2017-10-31T22:10:47Z
  CHECK(utc.parse("2017-10-31T22:10:47Z") == t);
  CHECK(utc.parse("2017-10-31t22:10:47z") == t);
  CHECK(utc.parse("2017-10-31T23:10:47+01:00") == t);
  CHECK(utc.parse("2017-10-31 23:10:47+0100") == t);
  CHECK(utc.parse("2017-10-31 23:10:47 +01") == t);
  CHECK(utc.parse("2017-10-31T22:10:47.123456Z") == t + 123);
  CHECK(utc.parse("2017-10-31T22:10:47,5Z") == t + 500);
  CHECK(utc.parse("2017-10-31T22:10Z") == t - 47000);
  CHECK(utc.parse("2017-10-31 22:10:47") == t);
  CHECK(utc.parse("Tue Oct 31 22:10:47 +0000 2017") == t);
  CHECK(utc.parse("Mon Oct 31 22:10:47 +0000 2017") == t);  // the weekday is not checked
  // The fixed Twitter layout and its near misses (read at fixed places, or
  // by the general reader when the layout differs).
  CHECK(utc.parse("TUE OCT 31 22:10:47 +0000 2017") == t);
  CHECK(utc.parse("Tue Oct 31 23:40:47 +0130 2017") == t);
  CHECK(utc.parse("Tue Oct 31 20:10:47 -0200 2017") == t);
  CHECK(utc.parse("Tue Oct 31 23:10:47 +01:00 2017") == t);  // 31 bytes: general reader
  CHECK(utc.parse("Sun Oct 1 22:10:47 +0000 2017") == t - 30 * ssla::kMillisPerDay);
  CHECK_FALSE(utc.parse("Tue Oct 32 22:10:47 +0000 2017"));
  CHECK_FALSE(utc.parse("Tue Feb 29 22:10:47 +0000 2017"));
  CHECK_FALSE(utc.parse("Tue Okt 31 22:10:47 +0000 2017"));
  CHECK_FALSE(utc.parse("Tux Oct 31 22:10:47 +0000 2017"));
  CHECK_FALSE(utc.parse("Tue Oct 31 24:10:47 +0000 2017"));
  CHECK_FALSE(utc.parse("Tue Oct 31 22:10:47 +2400 2017"));
  CHECK_FALSE(utc.parse("Tue Oct 31 22:10:47 *0000 2017"));
  CHECK_FALSE(utc.parse("Tue Oct 3x 22:10:47 +0000 2017"));
  CHECK_FALSE(utc.parse("Tue Oct 31 22:10:47 +0000 20x7"));
  // The time of day, read as one word: each of its six digits, the bytes
  // next to '0' and '9', and the bounds of each field.
  CHECK(utc.parse("Tue Oct 31 00:00:00 +0000 2017") == t - 22 * 3600000 - 10 * 60000 - 47000);
  CHECK(utc.parse("Tue Oct 31 23:59:59 +0000 2017") == t + 1 * 3600000 + 49 * 60000 + 12000);
  for (const char* bad : {"/2:10:47", ":2:10:47", "2/:10:47", "2::10:47", "22:/0:47", "22:1::47",
                          "22:10:/7", "22:10:4:", "22:10:4\x7f", "22:10:4 ", "24:00:00",
                          "22:60:00", "22:10:60", "99:99:99"}) {
    INFO(bad);
    CHECK_FALSE(utc.parse(std::string("Tue Oct 31 ") + bad + " +0000 2017"));
  }
  CHECK(utc.parse("1509487847") == t);
  CHECK(utc.parse("1509487847000") == t);
  CHECK_FALSE(utc.parse("2017-10-31T22:10:60Z"));
  CHECK_FALSE(utc.parse("2017-02-30T10:00:00Z"));
  CHECK_FALSE(utc.parse("-1509487847"));
  CHECK_FALSE(utc.parse("1509487847.5"));
  CHECK_FALSE(utc.parse("yesterday"));
  const ssla::TimestampParser ny(ssla::Zone::find("America/New_York"), "");
  CHECK(ny.parse("2026-03-08 02:30:00") == 1772955000000);  // skipped: offset before (07:30Z)
  CHECK(ny.parse("2026-11-01 01:30:00") == 1793511000000);  // repeated: first (05:30Z)
  const ssla::TimestampParser airline(ssla::Zone::find("America/Los_Angeles"), "%m/%d/%Y %H:%M");
  CHECK(airline.parse("2/24/2015 11:35") == 1424806500000);
  const ssla::TimestampParser zoned(ssla::Zone(), "%d.%m.%Y %H:%M:%S %z");
  CHECK(zoned.parse("31.10.2017 23:10:47 +01:00") == t);
  CHECK(zoned.parse("31.10.2017 22:10:47 Z") == t);
  CHECK_FALSE(zoned.parse("31.10.2017 22:10:47"));
  CHECK(ssla::check_timestamp_format("%Y-%q").find("unsupported") != std::string::npos);
}

TEST_CASE("Real twcs exports read with zero rows lost", "[read][real]") {
  const fs::path real = fs::path(SSLA_SOURCE_DIR) / ".." / "shared" / "data" / "real";
  if (!fs::exists(real)) {
    WARN("shared/data/real is not beside the checkout; skipped");
    return;
  }
  ssla::ReadOptions o;
  o.preset = "twcs";
  const struct {
    const char* file;
    std::uint64_t rows;
  } kFiles[] = {{"twcs-head5k/twcs.csv", 5000},
                {"twcs-spotify-inbound/support_requests.csv", 15096},
                {"twcs-union/twcs_union.csv.gz", 58041},
                {"twcs-excel-artifacts/aminaslami_twcs_excel_padded.csv.gz", 999}};
  for (const auto& f : kFiles) {
    const ssla::ReadResult r = read({(real / f.file).string()}, o);
    INFO(f.file);
    CHECK(r.quality.rows_read == f.rows);
    CHECK(r.quality.rows_rejected == 0);
    CHECK(r.table.messages.size() == f.rows);
  }
}

TEST_CASE("Random bytes never crash the readers", "[read][bad]") {
  // Bytes biased towards the characters the scanners care about.
  const std::string alphabet = "\"\",,;\n\r\n{}[]:\\ abc123@.-TZ\xff\xc3\xa9\t0";
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 400);
  int errors = 0, read_ok = 0;
  for (int i = 0; i < 300; ++i) {
    std::string body = "id,created_at,author,text\n";
    if (i % 3 != 0) body.clear();
    for (int n = length(rng); n > 0; --n) body += alphabet[pick(rng)];
    const char* ext = i % 3 == 0 ? ".csv" : i % 3 == 1 ? ".json" : ".ndjson";
    try {
      read({write("random" + std::to_string(i) + ext, body)});
      ++read_ok;
    } catch (const ssla::Error&) {
      ++errors;  // a clear, defined error is fine; a crash is not
    }
  }
  CHECK(read_ok + errors == 300);
}

TEST_CASE("A byte-order mark before JSON and NDJSON is skipped", "[read][json]") {
  const std::string record = R"({"id": "a", "created_at": "2026-01-05T10:00:00Z", "author": "x"})";
  CHECK(read({write("bom.json", "\xEF\xBB\xBF[" + record + "]")}).table.messages.size() == 1);
  CHECK(read({write("bom.ndjson", "\xEF\xBB\xBF" + record + "\n")}).table.messages.size() == 1);
}

TEST_CASE("A byte-order mark after the start of a CSV file is data, whatever the pieces",
          "[read][csv]") {
  // Pieces begin at a record: one that begins with these bytes keeps them,
  // as it does when the file is read in one piece.
  const std::string csv =
      "id,created_at,author\n1,2026-01-05T10:00:00Z,kim\n"
      "\xEF\xBB\xBF" "2,2026-01-05T10:05:00Z,kim\n3,2026-01-05T10:06:00Z,kim\n";
  const std::string path = write("bom-inside.csv", csv);
  for (std::size_t piece = 1; piece <= csv.size(); ++piece) {
    for (const unsigned threads : {1u, 2u}) {
      INFO("piece " << piece << ", threads " << threads);
      ssla::ReadOptions o;
      o.piece_bytes = piece;
      o.threads = threads;
      const ssla::ReadResult r = read({path}, o);
      REQUIRE(r.table.messages.size() == 3);
      CHECK(r.table.ids.text(r.table.messages[1].id) == "\xEF\xBB\xBF" "2");
    }
  }
}

TEST_CASE("CSV read in tiny pieces gives the same messages and line numbers", "[read][csv]") {
  // Records that straddle piece ends: quoted line breaks, doubled quotes, CRLF,
  // a BOM, a bare CR, blank padding rows and a bad row.
  const std::string csv =
      "\xEF\xBB\xBFid,parent_id,created_at,author,text\r\n"
      "1,,2026-01-05T10:00:00Z,jane,\"multi\r\nline \"\"quoted\"\" text\"\r\n"
      ",,,,\r\n"
      "2,1,2026-01-05T10:05:00Z,AcmeHelp,bare\rcr\r\n"
      "3,,not a time,kim,x\r\n"
      "4,,2026-01-05T11:00:00Z,kim,\"" + std::string(300, 'z') + "\"\r\n"
      "5,4,2026-01-05T11:30:00Z,AcmeHelp,last line without a line feed";
  const std::string path = write("pieces.csv", csv);
  ssla::Policy policy;
  policy.accounts = {"acmehelp"};
  std::ostringstream whole_diag;
  ssla::ReadOptions whole;
  whole.diagnostics = &whole_diag;
  const std::string expected = inspect_json(read({path}, whole, policy));
  CHECK(whole_diag.str().find("pieces.csv:6: unreadable timestamp") != std::string::npos);
  for (std::size_t piece : {1, 2, 3, 5, 7, 16, 33, 100}) {
    std::ostringstream diag;
    ssla::ReadOptions o;
    o.piece_bytes = piece;
    o.diagnostics = &diag;
    o.excerpts_by_reference_from = piece % 2;  // copies and references alike
    const ssla::ReadResult r = read({path}, o, policy);
    INFO("piece " << piece);
    REQUIRE(r.table.messages.size() == 4);
    CHECK(r.table.excerpt(0) == "multi\r\nline \"quoted\" text");
    CHECK(diag.str() == whole_diag.str());
    CHECK(inspect_json(read({path}, o, policy)) == expected);
  }
}

namespace {

// Every field of every message, and the side tables, as text.
std::string dump_table(const ssla::MessageTable& t) {
  std::string s;
  for (std::uint32_t i = 0; i < t.messages.size(); ++i) {
    const ssla::Message& m = t.messages[i];
    s += t.ids.text(m.id) + "|" + t.ids.text(m.parent) + "|" + std::to_string(m.created_at) + "|" +
         std::string(t.strings.view(m.author)) + "|" + std::string(t.strings.view(m.author_as_written)) +
         "|" + std::string(t.strings.view(m.channel)) + "|" + std::string(t.strings.view(t.thread(i))) +
         "|" + std::string(t.strings.view(t.account(i))) + "|" +
         std::to_string(static_cast<int>(m.direction)) + std::to_string(static_cast<int>(m.exempt)) +
         std::to_string(m.ignored_author) + "|" + std::string(t.excerpt(i)) + "\n";
  }
  return s;
}

}  // namespace

TEST_CASE("CSV parsed on a second thread gives the same table, counters and messages",
          "[read][csv][threads]") {
  // Many pieces: quoted line breaks across piece ends, bad rows, identical
  // and conflicting duplicates, acknowledgements, threads and accounts.
  std::string csv = "id,parent_id,thread_id,account,created_at,author,text\n";
  for (int i = 1; i <= 3000; ++i) {
    const std::string id = std::to_string(i);
    const std::string parent = i % 3 == 0 ? std::to_string(i - 1) : "";
    const std::string thread = i % 11 == 0 ? "t" + std::to_string(i % 7) : "";
    const std::string account = i % 13 == 0 ? "Acme" : "";
    const std::string author = i % 3 == 0 ? "AcmeHelp" : "@Cust" + std::to_string(i % 97);
    std::string text = i % 5 == 0 ? "\"line one\nline \"\"two\"\", " + id + "\"" : "thanks!";
    std::string time = "2026-01-05T10:" + std::to_string(10 + i % 50) + ":00Z";
    if (i % 401 == 0) time = "not a time";
    csv += id + "," + parent + "," + thread + "," + account + "," + time + "," + author + "," + text + "\n";
    if (i % 97 == 0) csv += id + "," + parent + "," + thread + "," + account + "," + time + "," + author + "," + text + "\n";
    if (i % 89 == 0) csv += id + ",,,," + time + ",someone,different\n";
    if (i % 331 == 0) csv += "only,two\n";
  }
  const std::string path = write("threads.csv", csv);
  ssla::Policy policy;
  policy.accounts = {"acmehelp"};
  ssla::ChannelPolicy channel;
  channel.name = "twitter";
  channel.exempt.acknowledgements = {"thanks"};
  policy.default_channel = channel;

  // One thread keeps copies of the excerpts, two refer to the file's bytes.
  auto run = [&](unsigned threads, std::size_t piece, std::string& diagnostics) {
    std::ostringstream diag;
    ssla::ReadOptions o;
    o.excerpts_by_reference_from = threads == 1 ? UINT64_MAX : 0;
    o.threads = threads;
    o.piece_bytes = piece;
    o.diagnostics = &diag;
    o.channel = "twitter";
    const ssla::ReadResult r = read({path}, o, policy);
    diagnostics = diag.str();
    return dump_table(r.table) + inspect_json(read({path}, o, policy));
  };
  std::string one_diag;
  const std::string one = run(1, 4 << 20, one_diag);
  REQUIRE(one_diag.find("unreadable timestamp") != std::string::npos);
  REQUIRE(one_diag.find("seen before with different values") != std::string::npos);
  // direction, exempt reason, ignored: an inbound acknowledgement is "040"
  REQUIRE(one.find("|040|") != std::string::npos);
  for (std::size_t piece : {std::size_t{64}, std::size_t{1000}, std::size_t{4096}, std::size_t{4} << 20}) {
    INFO("piece " << piece);
    std::string two_diag;
    CHECK(run(2, piece, two_diag) == one);
    CHECK(two_diag == one_diag);
  }
}

TEST_CASE("Authors written with capitals are one author however they are cased, past the "
          "cache of folded keys too",
          "[read][csv][threads]") {
  // 40,000 authors in two casings each: more than the preparer caches
  // (1 MiB of keys), with slots taken over by other authors in between.
  const int kAuthors = 40000;
  std::string csv = "id,created_at,author,text\n";
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < kAuthors; ++i) {
      const std::string n = std::to_string(i);
      const std::string author =
          round == 0 ? "BrandHelpDesk" + n + "Team" : "bRANDhelpDESK" + n + "tEAM";
      csv += std::to_string(round * kAuthors + i) + ",2026-01-05T10:00:00Z," + author + ",x\n";
    }
  }
  const std::string path = write("capitals.csv", csv);
  for (unsigned threads : {1u, 2u}) {
    ssla::ReadOptions o;
    o.threads = threads;
    o.piece_bytes = 4096;
    const ssla::ReadResult r = read({path}, o);
    const ssla::MessageTable& t = r.table;
    REQUIRE(t.messages.size() == 2 * kAuthors);
    for (int i = 0; i < kAuthors; ++i) {
      const ssla::Message& first = t.messages[i];
      const ssla::Message& second = t.messages[kAuthors + i];
      REQUIRE(first.author == second.author);
      REQUIRE(t.strings.view(first.author) == "brandhelpdesk" + std::to_string(i) + "team");
      REQUIRE(t.strings.view(first.author_as_written) ==
              "BrandHelpDesk" + std::to_string(i) + "Team");
      REQUIRE(t.strings.view(second.author_as_written) ==
              "bRANDhelpDESK" + std::to_string(i) + "tEAM");
    }
  }
}

TEST_CASE("A strict read on two threads stops at the first bad row", "[read][csv][threads]") {
  std::string csv = "id,created_at,author,text\n";
  for (int i = 1; i <= 5000; ++i) {
    csv += std::to_string(i) + "," + (i == 2500 ? "bad" : "2026-01-05T10:00:00Z") + ",kim,x\n";
  }
  const std::string path = write("strict-threads.csv", csv);
  ssla::ReadOptions o;
  o.threads = 2;
  o.piece_bytes = 512;
  o.strict = true;
  try {
    read({path}, o);
    FAIL("no error");
  } catch (const ssla::Error& e) {
    CHECK(std::string(e.what()).find("strict-threads.csv:2501: unreadable timestamp") !=
          std::string::npos);
  }
}

TEST_CASE("Malformed CSV read on two threads: the same errors, no hang", "[read][bad][threads]") {
  ssla::ReadOptions o;
  o.threads = 2;
  o.piece_bytes = 256;
  CHECK_THROWS_WITH(read({write("empty2.csv", "")}, o), Catch::Contains("empty file"));
  CHECK(read({write("header2.csv", "id,created_at,author\n")}, o).quality.rows_read == 0);
  CHECK_THROWS_WITH(read({write("bin2.csv", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11))}, o),
                    Catch::Contains("binary"));
  ssla::ReadOptions mapped = o;
  mapped.map = {"created_at=when"};  // a mapped column that the header lacks
  CHECK_THROWS_WITH(read({write("nocol2.csv", "id,author\n1,jane\n")}, mapped),
                    Catch::Contains("when"));
  const std::string big = "id,created_at,author,text\nx,2026-01-05T10:00:00Z,jane,\"" +
                          std::string(1 << 20, 'a') + "\"\n";
  CHECK(read({write("big2.csv", big)}, o).table.messages.size() == 1);

  // A gzip file cut short: the rows before the cut are read (and a bad one
  // reported) before the error, as on one thread.
  std::string csv = "id,created_at,author,text\n1,bad time,kim,x\n";
  for (int i = 2; i < 20000; ++i) csv += std::to_string(i) + ",2026-01-05T10:00:00Z,kim,some text\n";
  const std::string path = write_gz("cut.csv.gz", csv);
  const auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size / 2);
  for (unsigned threads : {1u, 2u}) {
    std::ostringstream diag;
    ssla::ReadOptions g;
    g.threads = threads;
    g.piece_bytes = 4096;
    g.diagnostics = &diag;
    INFO("threads " << threads);
    CHECK_THROWS_AS(read({path}, g), ssla::Error);
    CHECK_THAT(diag.str(), Catch::Contains("cut.csv.gz:2: unreadable timestamp"));
  }
}

TEST_CASE("Twitter timestamps in runs of one day, and back and forth between days, read the same "
          "as one at a time",
          "[read][timestamp][property]") {
  // A slow reference: the local date and time of t + offset by whole years
  // and months, then the text an export would hold. Consecutive texts share
  // their day most of the time, or go back to one of a few recent days (the
  // reader keeps the days it read last in a small table), and some carry an
  // impossible time of day or a changed offset.
  static const char* const kWeekday[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static const char* const kMonth[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto leap = [](int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; };
  auto text_of = [&](ssla::Instant t, int offset_minutes, int hour_override) {
    const std::int64_t local_s = t / 1000 + offset_minutes * 60;
    std::int64_t days = local_s / 86400;
    const std::int64_t sod = local_s % 86400;
    const char* weekday = kWeekday[days % 7];  // 1970-01-01 was a Thursday
    int year = 1970;
    while (days >= (leap(year) ? 366 : 365)) days -= leap(year++) ? 366 : 365;
    int month = 0;
    const int lengths[] = {31, leap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    while (days >= lengths[month]) days -= lengths[month++];
    const int hour = hour_override >= 0 ? hour_override : static_cast<int>(sod / 3600);
    const int sign = offset_minutes < 0 ? -1 : 1;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %s %02d %02d:%02d:%02d %c%02d%02d %04d", weekday,
                  kMonth[month], static_cast<int>(days) + 1, hour, static_cast<int>(sod / 60 % 60),
                  static_cast<int>(sod % 60), sign < 0 ? '-' : '+', sign * offset_minutes / 60,
                  sign * offset_minutes % 60, year);
    return std::string(buf);
  };
  const ssla::TimestampParser utc(ssla::Zone(), "");
  const int offsets[] = {0, 0, 0, 60, -300, 330, -570};
  std::mt19937_64 random(20261202);
  ssla::Instant t = 1262304000000;  // 2010-01-01T00:00:00Z
  ssla::Instant recent[8];
  std::fill(std::begin(recent), std::end(recent), t);
  int offset = 0;
  for (int round = 0; round < 50000; ++round) {
    const auto pick = random() % 100;
    if (pick < 55) {
      t += static_cast<ssla::Instant>(random() % 900) * 1000;  // the same day, mostly
    } else if (pick < 75) {
      t = recent[random() % std::size(recent)] + static_cast<ssla::Instant>(random() % 900) * 1000;
    } else if (pick < 95) {
      t = 946684800000 + static_cast<ssla::Instant>(random() % (40ull * 365 * 86400)) * 1000;
    } else {
      offset = offsets[random() % std::size(offsets)];
    }
    recent[random() % std::size(recent)] = t;
    const std::string text = text_of(t, offset, -1);
    INFO(text);
    REQUIRE(utc.parse(text) == std::optional<ssla::Instant>(t));
    if (random() % 10 == 0) {
      const std::string bad = text_of(t, offset, 24 + static_cast<int>(random() % 76));
      INFO(bad);
      REQUIRE_FALSE(utc.parse(bad));
    }
  }
}

TEST_CASE("as_of is the latest created_at of the accepted rows, kept while reading",
          "[read][as_of]") {
  // The latest row in the middle, a duplicate of it with a later time
  // (dropped: the first row of an id wins), and times before 1970.
  const std::string csv =
      "id,created_at,author,direction\n"
      "1,1969-07-20T20:17:00Z,a,inbound\n"
      "2,1969-07-21T02:56:00Z,b,inbound\n"
      "3,1969-07-20T21:00:00Z,c,inbound\n"
      "2,1969-07-22T00:00:00Z,b,inbound\n";
  for (const unsigned threads : {1u, 2u}) {
    ssla::ReadOptions o;
    o.threads = threads;
    ssla::ReadResult r = read({write("as_of.csv", csv)}, o);
    REQUIRE(r.latest.has_value());
    CHECK(*r.latest == r.table.messages[1].created_at);
    CHECK(*r.latest < 0);
    const ssla::Policy policy;
    ssla::ReadResult without = read({write("as_of.csv", csv)}, o);
    without.latest.reset();  // as a table made by other means: found by a scan
    const ssla::Audit kept = ssla::run_audit(policy, std::move(r), ssla::AuditOptions{});
    const ssla::Audit scanned = ssla::run_audit(policy, std::move(without), ssla::AuditOptions{});
    CHECK(kept.as_of == kept.read.table.messages[1].created_at);
    CHECK(scanned.as_of == kept.as_of);
  }
}

TEST_CASE("A file with no column for a required field stops before any row, with a --map hint",
          "[read][map][refuse]") {
  // The Twitter airline export: no id, created_at or author column by name.
  std::ostringstream diagnostics;
  ssla::ReadOptions o;
  o.diagnostics = &diagnostics;
  const std::string tweets = write("tweets.csv",
                                   "tweet_id,airline_sentiment,airline,text,tweet_created\n"
                                   "5703,neutral,Virgin America,hi,2015-02-24T11:35:00Z\n");
  CHECK_THROWS_WITH(read({tweets}, o),
                    Catch::Contains("no column for id, created_at, author") &&
                        Catch::Contains("the columns are: tweet_id, airline_sentiment") &&
                        Catch::Contains("--map id=tweet_id --map created_at=tweet_created "
                                        "--map author=airline"));
  CHECK(diagnostics.str().empty());  // no row was judged
  // A wrong delimiter makes the header one column: the hint names the right one.
  CHECK_THROWS_WITH(read({write("semi.csv", "id;created_at;author\nm1;2026-01-05T10:00:00Z;jane\n")}),
                    Catch::Contains("try --delimiter semicolon"));
  // Mapped, the same file reads.
  o.map = {"id=tweet_id", "created_at=tweet_created", "author=airline"};
  CHECK(read({tweets}, o).table.messages.size() == 1);
}

TEST_CASE("The --map hint names the nearest column when no name has a word of the field",
          "[read][map][refuse]") {
  // msgid is one edit from the alias msg_id; when is nearest to time.
  CHECK_THROWS_WITH(
      read({write("near.csv", "msgid,when,username\nm1,2026-01-05T10:00:00Z,jane\n")}),
      Catch::Contains("try: --map id=msgid --map created_at=when "
                      "--map author=username"));
  // Three missing fields and three columns, none of them typical: each column
  // is named once.
  CHECK_THROWS_WITH(read({write("odd.csv", "uid,zz,qq\n1,2,3\n")}),
                    Catch::Contains("try: --map id=uid --map created_at=") &&
                        !Catch::Contains("created_at=uid") && !Catch::Contains("author=uid"));
}

TEST_CASE("Mapping per file: FILE:FIELD=COLUMN maps one input file only", "[read][map]") {
  const std::string posts = write("posts.csv",
                                  "post_id,from_name,created_time\n"
                                  "p1,AcmeHelp,2026-01-05T10:00:00Z\n");
  const std::string comments = write("comments.csv",
                                     "comment_id,post_id,from,created\n"
                                     "c1,p1,jane,2026-01-05T10:05:00Z\n");
  ssla::ReadOptions o;
  o.map = {posts + ":id=post_id", posts + ":author=from_name", posts + ":created_at=created_time",
           comments + ":id=comment_id", comments + ":parent_id=post_id",
           comments + ":author=from", comments + ":created_at=created"};
  const ssla::ReadResult r = read({posts, comments}, o);
  REQUIRE(r.table.messages.size() == 2);
  CHECK(r.table.ids.text(r.table.messages[1].id) == "c1");
  CHECK(r.table.messages[1].parent == r.table.messages[0].id);
  // A file's own mapping wins over one for every file, wherever it stands.
  o.map = {comments + ":id=comment_id", "id=post_id", comments + ":parent_id=post_id",
           comments + ":author=from", comments + ":created_at=created",
           posts + ":author=from_name", posts + ":created_at=created_time"};
  CHECK(read({posts, comments}, o).table.messages.size() == 2);
  o.map = {"elsewhere.csv:id=post_id"};
  CHECK_THROWS_WITH(read({posts}, o), Catch::Contains("'elsewhere.csv' is not one of the input files"));
}

TEST_CASE("gzip on standard input is gunzipped by its magic bytes", "[read][formats]") {
  const std::string csv = "id,created_at,author\nm1,2026-01-05T10:00:00Z,jane\n";
  for (const bool gzipped : {true, false}) {
    const std::string path = gzipped ? write_gz("stdin.csv.gz", csv) : write("stdin.csv", csv);
    const int saved = ::dup(0);
    const int fd = ::open(path.c_str(), O_RDONLY);
    ::dup2(fd, 0);
    ::close(fd);
    ssla::reset_stdin_guard();
    const ssla::ReadResult r = read({"-"});
    ::dup2(saved, 0);
    ::close(saved);
    CHECK(r.table.messages.size() == 1);
    REQUIRE(r.files.size() == 1);
    CHECK(r.files[0].gzip == gzipped);
  }
}

TEST_CASE("A NUL byte anywhere makes a CSV file binary, whatever the pieces and threads",
          "[read][csv][bad]") {
  // The same verdict and message for a NUL in the first piece and far after
  // it, read in one piece or in pieces of 1 to 64 bytes, on one thread or two.
  std::string csv = "id,created_at,author\n";
  for (int i = 0; i < 300; ++i) csv += std::to_string(i) + ",2026-01-05T10:00:00Z,kim\n";
  for (const std::size_t at : {std::size_t{25}, csv.size() - 3}) {
    std::string bytes = csv;
    bytes[at] = '\0';
    const std::string path = write("nul.csv", bytes);
    const auto line =
        1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    for (const std::size_t piece :
         {std::size_t{1}, std::size_t{7}, std::size_t{64}, std::size_t{1} << 20}) {
      for (const unsigned threads : {1u, 2u}) {
        INFO("NUL at " << at << ", piece " << piece << ", threads " << threads);
        ssla::ReadOptions o;
        o.piece_bytes = piece;
        o.threads = threads;
        try {
          read({path}, o);
          FAIL("no error");
        } catch (const ssla::Error& e) {
          CHECK(e.exit_status() == ssla::kExitInput);
          CHECK(std::string(e.what()) == path + ":" + std::to_string(line) +
                                             ": a NUL byte: looks like a binary file, not CSV");
        }
      }
    }
  }
}

TEST_CASE("A CSV header of more than 10000 columns is an error naming the limit",
          "[read][csv][bad]") {
  std::string header = "id,created_at,author";
  for (int i = 0; i < 10000; ++i) header += ",c" + std::to_string(i);
  const std::string path = write("wide.csv", header + "\n1,2026-01-05T10:00:00Z,kim\n");
  try {
    read({path});
    FAIL("no error");
  } catch (const ssla::Error& e) {
    CHECK(std::string(e.what()) ==
          path + ": the header has more than 10000 columns (the most ssla reads)");
  }
  // 9997 extra columns make 10000: read.
  header = "id,created_at,author";
  std::string row = "1,2026-01-05T10:00:00Z,kim";
  for (int i = 0; i < 9997; ++i) {
    header += ",c" + std::to_string(i);
    row += ",";
  }
  CHECK(read({write("wide-ok.csv", header + "\n" + row + "\n")}).table.messages.size() == 1);
}

TEST_CASE("A data record of more than 10000 fields is a bad row, its fields not all kept",
          "[read][csv][bad]") {
  std::vector<std::string_view> fields;
  const std::string record = "a" + std::string(20000, ',') + "\"z\"\"\"\nnext\n";
  ssla::CsvReader reader(record, ',');
  REQUIRE(reader.next(fields));
  CHECK(fields.size() == ssla::CsvReader::kMaxFields + 1);
  CHECK(fields.front() == "a");
  CHECK(fields.back() == "z\"");
  REQUIRE(reader.next(fields));
  CHECK(fields.size() == 1);
  std::ostringstream diag;
  ssla::ReadOptions o;
  o.diagnostics = &diag;
  const ssla::ReadResult r =
      read({write("wide-row.csv", "id,created_at,author\n1,2026-01-05T10:00:00Z,kim" +
                                      std::string(20000, ',') + "\n")},
           o);
  CHECK(r.quality.rows_rejected == 1);
  CHECK(diag.str().find("wide-row.csv:2: expected 3 fields, got more than 10000") !=
        std::string::npos);
}

TEST_CASE("A record longer than 16 MiB is a bad row; reading resumes after the next line feed",
          "[read][csv][bad]") {
  const std::string csv =
      "id,created_at,author\n1,2026-01-05T10:00:00Z,kim\n2,2026-01-05T10:00:00Z,\"" +
      std::string(17 << 20, 'x') + "\n3,2026-01-05T11:00:00Z,kim\n";
  for (const std::size_t piece : {std::size_t{1} << 20, std::size_t{4096}}) {
    INFO("piece " << piece);
    std::ostringstream diag;
    ssla::ReadOptions o;
    o.diagnostics = &diag;
    o.piece_bytes = piece;
    const ssla::ReadResult r = read({write("long.csv", csv)}, o);
    CHECK(r.table.messages.size() == 2);
    CHECK(r.quality.rows_rejected == 1);
    CHECK(diag.str().find(
              "long.csv:3: record longer than 16 MiB (an unclosed quote?); skipped to the "
              "next line") != std::string::npos);
  }
  // A header that long is an error.
  try {
    read({write("long-header.csv", std::string(17 << 20, 'h') + "\n")});
    FAIL("no error");
  } catch (const ssla::Error& e) {
    CHECK(std::string(e.what()).find("the header is longer than 16 MiB") != std::string::npos);
  }
}

TEST_CASE("Timestamps outside years 0001-9999 are not read; the row says why", "[read][bad]") {
  const ssla::TimestampParser p(ssla::Zone::find("UTC"), "");
  CHECK(p.read("0001-01-01T00:00:00Z") == ssla::kMinInstant);
  CHECK(p.read("9999-12-31T23:59:59.999Z") == ssla::kMaxInstant);
  CHECK(p.read("0000-12-31T23:59:59Z") == ssla::kNoInstant);
  CHECK(p.read("0001-01-01T00:00:00+01:00") == ssla::kNoInstant);
  CHECK(p.read("9999-12-31T23:00:00-01:00") == ssla::kNoInstant);
  CHECK(p.read("253402300800000") == ssla::kNoInstant);  // 10000-01-01 in epoch milliseconds
  CHECK(p.read("253402300799999") == ssla::kMaxInstant);
  CHECK(p.read("999999999999999999") == ssla::kNoInstant);
  CHECK(p.read_unbounded("253402300800000") == ssla::kMaxInstant + 1);
  CHECK(p.read("Mon Jan 01 00:00:00 +0100 0001") == ssla::kNoInstant);
  std::ostringstream diag;
  ssla::ReadOptions o;
  o.diagnostics = &diag;
  const std::string path = write("far.csv",
                                 "id,created_at,author\n1,0000-06-01T00:00:00Z,kim\n"
                                 "2,0001-06-01T00:00:00Z,kim\n3,9999-06-01,kim\n");
  const ssla::ReadResult r = read({path}, o);
  CHECK(r.table.messages.size() == 2);
  CHECK(diag.str() == path + ":2: timestamp '0000-06-01T00:00:00Z' outside years 0001-9999\n");
}

TEST_CASE("A row's first problem is the one reported, whichever thread reads its timestamp",
          "[read][bad][threads]") {
  // Timestamps of CSV rows are read when rows are finished, on either thread;
  // the reasons keep the order of the checks: id, created_at, author, direction.
  std::string csv = "id,created_at,author,direction\n";
  std::string ndjson;
  for (int i = 0; i < 3000; ++i) {
    const std::string id = std::to_string(i);
    csv += id + ",2026-01-05T10:00:00Z,kim,in\n";
    ndjson += R"({"id":")" + id +
              R"(","created_at":"2026-01-05T10:00:00Z","author":"kim","direction":"in"})"
              "\n";
  }
  const std::string bad_rows[][4] = {
      {"", "yesterday", "kim", "in"},            // missing id first
      {"x1", "yesterday", "", "in"},             // the timestamp before the author
      {"x2", "yesterday", "kim", "sideways"},    // the timestamp before the direction
      {"x3", "0000-06-01T00:00:00Z", "@", ""},   // out of range, said so
      {"x4", "2026-01-05T10:00:00Z", "", "in"},  // a good timestamp: the author
  };
  for (const auto& b : bad_rows) {
    csv += b[0] + "," + b[1] + "," + b[2] + "," + b[3] + "\n";
    ndjson += R"({"id":")" + b[0] + R"(","created_at":")" + b[1] + R"(","author":")" + b[2] +
              R"(","direction":")" + b[3] + "\"}\n";
  }
  const std::string reasons[] = {
      "missing id", "unreadable timestamp 'yesterday'", "unreadable timestamp 'yesterday'",
      "timestamp '0000-06-01T00:00:00Z' outside years 0001-9999", "missing author"};
  const std::string csv_path = write("first-problem.csv", csv);
  const std::string json_path = write("first-problem.ndjson", ndjson);
  for (const unsigned threads : {1u, 2u}) {
    for (const std::size_t piece : {std::size_t{256}, std::size_t{1} << 20}) {
      for (const std::string& path : {csv_path, json_path}) {
        std::ostringstream diag;
        ssla::ReadOptions o;
        o.threads = threads;
        o.piece_bytes = piece;
        o.diagnostics = &diag;
        const ssla::ReadResult r = read({path}, o);
        INFO(path << " threads " << threads << " piece " << piece);
        CHECK(r.table.messages.size() == 3000);
        std::string want;
        int line = path == csv_path ? 3002 : 3001;  // after the header line, or none
        for (const std::string& reason : reasons) {
          want += path + ":" + std::to_string(line++) + ": " + reason + "\n";
        }
        CHECK(diag.str() == want);
      }
    }
  }
}
