// JSON and NDJSON read a piece at a time against the whole-file reader
// (ReadOptions::whole_json): the same messages, counters, diagnostics and
// line numbers, on one thread and two, in pieces of every size, on generated
// records and on every real export beside the checkout.
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "scratch_files.h"
#include "ssla/audit/audit.h"
#include "ssla/base/error.h"
#include "ssla/read/byte_source.h"
#include "ssla/read/csv_reader.h"
#include "ssla/read/json_array_splitter.h"
#include "ssla/read/json_grammar.h"
#include "ssla/read/json_reader.h"
#include "ssla/read/read.h"
#include "ssla/render/inspect.h"

namespace fs = std::filesystem;

namespace {

using ssla_test::scratch;
using ssla_test::write;

// Every field of every message, the side tables, the file summaries and
// the data-quality counters, as text.
std::string dump(const ssla::ReadResult& r) {
  const ssla::MessageTable& t = r.table;
  std::ostringstream s;
  for (std::uint32_t i = 0; i < t.messages.size(); ++i) {
    const ssla::Message& m = t.messages[i];
    s << t.ids.text(m.id) << '|' << t.ids.text(m.parent) << '|' << m.created_at << '|'
      << t.strings.view(m.author) << '|' << t.strings.view(m.author_as_written) << '|'
      << t.strings.view(m.channel) << '|' << t.strings.view(t.thread(i)) << '|'
      << t.strings.view(t.account(i)) << '|' << static_cast<int>(m.direction)
      << static_cast<int>(m.exempt) << m.ignored_author << '|' << t.excerpt(i) << '\n';
  }
  s << "thread column " << t.has_thread_column << ", account column " << t.has_account_column << '\n';
  for (const ssla::FileSummary& f : r.files) {
    s << f.name << ' ' << f.format << ' ' << f.rows_read << ' ' << f.rows_rejected << ' '
      << f.rows_blank << ' ' << f.duplicates_identical << ' ' << f.duplicates_conflicting << ' '
      << f.bytes << '\n';
    for (const auto& [field, key] : f.mapping) s << "  " << field << '=' << key << '\n';
  }
  const ssla::DataQuality& q = r.quality;
  s << q.rows_read << ' ' << q.rows_rejected << ' ' << q.rows_blank << ' ' << q.duplicates_identical
    << ' ' << q.duplicates_conflicting << '\n';
  for (const auto& [reason, count] : r.rejection_reasons) s << reason << ' ' << count << '\n';
  return s.str();
}

struct Read {
  std::string table;        // dump()
  std::string diagnostics;  // FILE:LINE: reason lines
};

Read read(const std::string& path, bool whole, unsigned threads, std::size_t piece,
          const std::string& preset = "") {
  ssla::ReadOptions o;
  o.files = {path};
  o.whole_json = whole;
  // The whole-file reference keeps copies of the excerpts; streamed reads
  // refer to the file's bytes (the escaped texts are copies all the same).
  o.excerpts_by_reference_from = whole ? UINT64_MAX : 0;
  o.threads = threads;
  o.piece_bytes = piece;
  o.preset = preset;
  o.max_row_messages = 1000;
  std::ostringstream diag;
  o.diagnostics = &diag;
  ssla::Policy policy;
  policy.accounts = {"acmehelp", "sprintcare", "applesupport"};
  const ssla::ReadResult r = ssla::read_messages(policy, o);
  return {dump(r), diag.str()};
}

// Reads `path` whole once, then streamed on one thread and two in pieces of
// the given sizes, and checks every streamed read against the whole one.
void check_streamed(const std::string& path, std::initializer_list<std::size_t> pieces,
                    const std::string& preset = "") {
  const Read whole = read(path, true, 1, std::size_t{1} << 20, preset);
  for (std::size_t piece : pieces) {
    for (unsigned threads : {1u, 2u}) {
      INFO(path << ", pieces of " << piece << " bytes, " << threads << " thread(s)");
      const Read streamed = read(path, false, threads, piece, preset);
      CHECK(streamed.table == whole.table);
      CHECK(streamed.diagnostics == whole.diagnostics);
    }
  }
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// A CSV export (plain or gzip) as NDJSON and as a JSON array, each record an
// object of the header's names and the fields as strings.
std::pair<std::string, std::string> csv_as_json(const std::string& path) {
  ssla::reset_stdin_guard();
  ssla::ByteStream stream(path);
  ssla::InputBuffer bytes;
  stream.read_rest(bytes);
  ssla::CsvReader reader(bytes.view(), ',');
  std::vector<std::string_view> fields;
  std::vector<std::string> header;
  std::string ndjson;
  std::string array = "[";
  while (reader.next(fields)) {
    if (header.empty()) {
      header.assign(fields.begin(), fields.end());
      continue;
    }
    std::string object = "{";
    for (std::size_t i = 0; i < fields.size() && i < header.size(); ++i) {
      if (i > 0) object += ", ";
      object += json_string(header[i]) + ": " + json_string(fields[i]);
    }
    object += "}";
    ndjson += object + "\n";
    array += (array.size() > 1 ? ",\n" : "") + object;
  }
  return {ndjson, array + "]\n"};
}

// Where JsonArraySplitter finds the elements of the JSON array `text`: fed
// whole (piece 0), or growing by `piece` bytes whenever it asks for more
// (the wide scan of nested values stops short of a buffer's last 64). No
// byte is dropped, so the positions are offsets into `text`. With
// `narrow`, by the scans of a processor without AVX2.
std::vector<std::pair<std::size_t, std::size_t>> array_elements(const std::string& text,
                                                                bool narrow, std::size_t piece) {
  ssla::JsonArraySplitter splitter;
  if (narrow) splitter.use_narrow_scan();
  std::vector<std::pair<std::size_t, std::size_t>> found;
  std::size_t have = piece == 0 ? text.size() : std::min(piece, text.size());
  for (;;) {
    std::size_t begin = 0;
    std::size_t end = 0;
    const bool eof = have == text.size();
    const auto step =
        splitter.next(std::string_view(text).substr(0, have), eof, "gen.json", begin, end);
    if (step == ssla::JsonArraySplitter::Step::kNeedMore) {
      have = std::min(text.size(), have + piece);
      continue;
    }
    if (step != ssla::JsonArraySplitter::Step::kElement) break;
    found.emplace_back(begin, end);
  }
  return found;
}

}  // namespace

TEST_CASE("NDJSON and JSON arrays read a piece at a time give the same messages as read whole",
          "[read][json][stream]") {
  // Escapes, non-ASCII text, nested paths, numbers beyond 2^53, booleans,
  // nulls, tag lists, blank lines, CRLF, a byte-order mark, duplicates and
  // bad records of every kind.
  std::string ndjson = "\xEF\xBB\xBF";
  for (int i = 1; i <= 2000; ++i) {
    const std::string id = std::to_string(i);
    std::string line = "{\"id\": " + (i % 7 == 0 ? "\"" + id + "\"" : id);
    if (i % 3 == 0) line += ", \"parent_id\": " + std::to_string(i - 1);
    line += ", \"created_at\": \"2026-01-05T10:" + std::to_string(10 + i % 50) + ":00Z\"";
    line += i % 3 == 0 ? ", \"author\": \"AcmeHelp\"" : ", \"author\": \"@Cust" + std::to_string(i % 97) + "\"";
    if (i % 5 == 0) line += ", \"text\": \"line one\\nline \\\"two\\\" \\u00e9\\u20ac " + id + "\"";
    else line += ", \"text\": \"caf\xC3\xA9 thanks " + id + "\"";
    if (i % 11 == 0) line += ", \"tags\": [\"vip\", \" spam \", 3]";
    if (i % 13 == 0) line += ", \"tags\": \"a;b\"";
    if (i % 17 == 0) line += ", \"thread_id\": null, \"account\": {\"name\": \"x\"}";
    if (i % 19 == 0) line += ", \"account\": \"Acme\", \"thread_id\": 12345678901234567890";
    if (i % 23 == 0) line += ", \"inbound\": true";
    line += "}";
    if (i % 29 == 0) line += "\r";
    ndjson += line + "\n";
    if (i % 97 == 0) ndjson += line + "\n";                     // identical duplicate
    if (i % 89 == 0) ndjson += "{\"id\": " + id + ", \"created_at\": \"2026-01-05T10:00:00Z\", \"author\": \"x\"}\n";
    if (i % 31 == 0) ndjson += "\n   \n";                        // blank lines
    if (i % 331 == 0) ndjson += "[1, 2]\n";                      // not an object
    if (i % 337 == 0) ndjson += "{\"id\": 1, \"created_at\": \n";  // invalid
    if (i % 401 == 0) ndjson += "{\"id\": \"x" + id + "\", \"created_at\": \"not a time\", \"author\": \"k\"}\n";
  }
  const std::string nd_path = write("gen.ndjson", ndjson);
  const Read whole = read(nd_path, true, 1, 1 << 20);
  REQUIRE_THAT(whole.diagnostics, Catch::Contains("line is not a JSON object"));
  REQUIRE_THAT(whole.diagnostics, Catch::Contains("invalid JSON"));
  REQUIRE_THAT(whole.diagnostics, Catch::Contains("unreadable timestamp"));
  REQUIRE_THAT(whole.diagnostics, Catch::Contains("seen before with different values"));
  check_streamed(nd_path, {1, 2, 3, 7, 64, 1000, 4096, std::size_t{1} << 20});

  // The same records as one array, over several lines and without line
  // feeds, minus the invalid lines (an invalid array is a fatal error).
  std::string array = "\xEF\xBB\xBF [\n";
  std::string flat = "[";
  std::istringstream lines(ndjson.substr(3));
  std::string line;
  bool first = true;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \r") == std::string::npos || line.ends_with(": ")) continue;
    array += (first ? "  " : ",\n  ") + line;
    flat += (first ? "" : ",") + line;
    first = false;
  }
  array += "\n]\n";
  flat += "]";
  check_streamed(write("gen.json", array), {1, 2, 5, 64, 4096, std::size_t{1} << 20});
  check_streamed(write("flat.json", flat), {1, 3, 100, std::size_t{1} << 20});
}

TEST_CASE("Every real export, as NDJSON and as a JSON array, reads the same streamed and whole",
          "[read][json][stream][real]") {
  const fs::path real = fs::path(SSLA_SOURCE_DIR) / ".." / "shared" / "data" / "real";
  if (!fs::is_directory(real)) {
    WARN("no real exports at " << real.string() << ": skipped");
    return;
  }
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(real)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !(name.ends_with(".csv") || name.ends_with(".csv.gz"))) continue;
    const auto [ndjson, array] = csv_as_json(entry.path().string());
    const std::string stem = std::to_string(++files);
    const std::string preset = entry.path().string().find("twcs") != std::string::npos ? "twcs" : "";
    check_streamed(write(stem + ".ndjson", ndjson), {std::size_t{1} << 16, std::size_t{1} << 20}, preset);
    check_streamed(write(stem + ".json", array), {std::size_t{1} << 16, std::size_t{1} << 20}, preset);
  }
  CHECK(files >= 10);
}

TEST_CASE("A JSON array that is not valid is a fatal input error, streamed or whole",
          "[read][json][stream][bad]") {
  // The last ones are invalid only in a value no field reads, or in a number.
  for (const char* text : {"", "  ", "{\"id\": 1}", "[{\"id\": 1},", "[{\"id\": 1} {\"id\": 2}]",
                           "[{\"id\": 1},]", "[,{\"id\": 1}]", "[{\"id\": 1}] x", "[{\"id\": 1}",
                           "[{\"id\": \"unclosed}]", "[{\"id\": 1, }]", "[{\"id\": 01}]",
                           "[{\"id\": \"a\", \"n\": 012}]", "[{\"id\": \"a\", \"x\": [1,]}]",
                           "[{\"id\": \"a\", \"x\": \"\\q\"}]", "[{\"id\": \"a\", \"x\": tru}]"}) {
    const std::string path = write("bad.json", text);
    for (bool whole : {true, false}) {
      INFO(text << (whole ? " whole" : " streamed"));
      CHECK_THROWS_AS(read(path, whole, 2, 4), ssla::Error);
    }
  }
  // The rows before an invalid element are read first, then the input fails.
  const std::string path =
      write("late.json", "[{\"id\": 1, \"created_at\": \"2026-01-05T10:00:00Z\", \"author\": \"a\"},"
                         " {\"id\": 2, \"created_at\": }]");
  CHECK_THROWS_WITH(read(path, false, 1, 1 << 20), Catch::Contains("not a valid JSON array of objects"));
}

TEST_CASE("An NDJSON line that is not valid JSON as a whole is a bad row, streamed or whole",
          "[read][json][stream][bad]") {
  // Each line holds the fields a message needs; each is invalid somewhere:
  // text after the object, a number, a literal, an escape, a list, in a
  // key no field reads or in the id.
  const std::string good = R"("created_at": "2026-01-05T10:00:00Z", "author": "a")";
  std::string ndjson;
  for (const std::string tail :
       {R"(} {"x": 1})", R"(}})", R"(} x)", R"(, "n": 012})", R"(, "n": 1.})", R"(, "n": -})",
        R"(, "n": 1e5x})", R"(, "n": NaN})", R"(, "n": tru})", R"(, "n": "\q"})",
        R"(, "n": [1,]})"}) {
    ndjson += R"({"id": "m", )" + good + tail + "\n";
  }
  ndjson += R"({"id": 01, )" + good + "}\n";
  ndjson += R"({"id": "ok", )" + good + "}\n";  // the one good line
  const std::string path = write("invalid-lines.ndjson", ndjson);
  for (bool whole : {true, false}) {
    INFO((whole ? "whole" : "streamed"));
    const Read r = read(path, whole, 2, 64);
    CHECK_THAT(r.table, Catch::Contains(" ndjson 13 12 "));
    CHECK_THAT(r.diagnostics, Catch::Contains("invalid-lines.ndjson:1: invalid JSON") &&
                                  Catch::Contains("invalid-lines.ndjson:12: invalid JSON"));
  }
  check_streamed(path, {1, 7, 4096});
}

TEST_CASE("A surrogate escape that is not half of a pair reads as U+FFFD and keeps its message",
          "[read][json][stream]") {
  // RFC 8259's grammar takes any four hex digits after \u; simdjson declines
  // to unescape a lone surrogate. A text cut inside an emoji must not cost
  // the message (NDJSON: a bad row; a JSON array: the whole file).
  const std::string head = R"("created_at": "2026-01-05T10:00:00Z", "author": "a", )";
  const std::vector<std::string> lines = {
      R"({"id": "flat", )" + head + R"("text": "cut \ud83d"})",
      R"({"id": "nested", )" + head + R"("text": "lone \udc00 low", "x": {"y": [1]}})",
      R"({"id": "pair", )" + head + R"("text": "\ud83d\ude00 and \ud800\u0041", "x": {}})",
      R"({"id": "key", )" + head + R"("\ud800k": "v", "x": {}})",
      R"({"id": "tag", )" + head + R"("tags": ["a\udfff", "b"], "x": {}})"};
  std::string ndjson;
  std::string array = "[";
  for (const std::string& line : lines) {
    ndjson += line + "\n";
    array += (array.size() > 1 ? ",\n" : "") + line;
  }
  array += "]\n";
  for (const auto& [name, text] :
       {std::pair<std::string, std::string>{"lone.ndjson", ndjson}, {"lone.json", array}}) {
    const std::string path = write(name, text);
    for (bool whole : {true, false}) {
      INFO(name << (whole ? " whole" : " streamed"));
      const Read r = read(path, whole, 2, 64);
      CHECK(r.diagnostics.empty());
      CHECK_THAT(r.table, Catch::Contains("cut \xEF\xBF\xBD\n") &&
                              Catch::Contains("lone \xEF\xBF\xBD low\n") &&
                              Catch::Contains("\xF0\x9F\x98\x80 and \xEF\xBF\xBD"
                                              "A\n") &&
                              Catch::Contains("key|") && Catch::Contains("tag|"));
    }
    check_streamed(path, {1, 7, 4096});
  }
}

TEST_CASE("An overlong NDJSON line or array element is a bad row; memory stays bounded",
          "[read][json][stream][bad]") {
  const std::string good = "{\"id\": 1, \"created_at\": \"2026-01-05T10:00:00Z\", \"author\": \"a\"}";
  const std::string good2 = "{\"id\": 2, \"created_at\": \"2026-01-05T10:00:00Z\", \"author\": \"b\"}";
  const std::string huge = "{\"id\": 3, \"text\": \"" + std::string(ssla::kMaxJsonRecordBytes, 'a') + "\"}";
  for (unsigned threads : {1u, 2u}) {
    const Read nd = read(write("long.ndjson", good + "\n" + huge + "\n" + good2 + "\n"), false, threads, 1 << 20);
    CHECK_THAT(nd.diagnostics, Catch::Contains("long.ndjson:2: line longer than 16 MiB"));
    CHECK_THAT(nd.table, Catch::Contains("3 1 0 0 0\n"));  // rows read, rejected, blank
    const Read arr = read(write("long.json", "[" + good + ",\n" + huge + ",\n" + good2 + "]"), false, threads, 1 << 20);
    CHECK_THAT(arr.diagnostics, Catch::Contains("long.json:2: array element longer than 16 MiB"));
    CHECK_THAT(arr.table, Catch::Contains("3 1 0 0 0\n"));
  }
}

TEST_CASE("A gzip bomb of zeros as NDJSON is one bad line, read in bounded memory",
          "[read][json][stream][bad]") {
  // 256 MiB of zeros without a line feed; read whole, it would all be held.
  const std::string bomb = (scratch() / "zeros.ndjson.gz").string();
  {
    gzFile gz = gzopen(bomb.c_str(), "wb9");
    const std::string zeros(std::size_t{1} << 20, '\0');
    for (int i = 0; i < 256; ++i) gzwrite(gz, zeros.data(), static_cast<unsigned>(zeros.size()));
    gzclose(gz);
  }
  rusage before{};
  ::getrusage(RUSAGE_SELF, &before);
  const Read zeros = read(bomb, false, 2, 1 << 20);
  rusage after{};
  ::getrusage(RUSAGE_SELF, &after);
  CHECK_THAT(zeros.diagnostics, Catch::Contains("zeros.ndjson.gz:1: line longer than 16 MiB"));
  CHECK_THAT(zeros.table, Catch::Contains("1 1 0 0 0\n"));
  CHECK(after.ru_maxrss - before.ru_maxrss < 96 * 1024);  // KiB
}

TEST_CASE("A JSON array's elements are found alike by the wide and the narrow scans, whole and "
          "in pieces",
          "[read][json][stream]") {
  // Strings of every length up to 100 bytes with escaped quotes and
  // backslashes at every position (around the 8- and 32-byte steps of the
  // scans), in nested objects and arrays, and scalars between them.
  std::mt19937 rng(11);
  std::string text = "[";
  for (int i = 0; i < 3000; ++i) {
    if (i > 0) text += i % 7 == 0 ? ",\n  " : ",";
    const std::size_t length = static_cast<std::size_t>(i % 101);
    std::string s(length, 'x');
    for (std::size_t k = 0; k < length; ++k) s[k] = static_cast<char>('a' + rng() % 26);
    // Brackets in strings (before the escapes, which they must not split).
    if (length > 0 && i % 11 == 0) s.insert(rng() % length, i % 2 == 0 ? "{[" : "]}");
    if (length > 0 && i % 3 == 0) s.insert(rng() % length, "\\\"");
    if (length > 0 && i % 5 == 0) s.insert(rng() % length, "\\\\");
    switch (i % 4) {
      case 0:
        text += "{\"text\": \"" + s + "\", \"n\": [1, {\"k\": \"" + s + "\"}]}";
        break;
      case 1:
        text += "\"" + s + "\"";
        break;
      case 2:
        text += std::to_string(i);
        break;
      default:
        text += "[\"" + s + "\", {}, []]";
        break;
    }
  }
  text += "]\n";
  auto elements = [&](bool narrow, std::size_t piece) {
    return array_elements(text, narrow, piece);
  };
  const auto narrow = elements(true, 0);
  REQUIRE(narrow.size() == 3000);
  CHECK(text.substr(narrow[1].first, narrow[1].second - narrow[1].first).front() == '"');
  CHECK(elements(false, 0) == narrow);
  for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{63}, std::size_t{64},
                            std::size_t{65}, std::size_t{1000}}) {
    INFO("pieces of " << piece);
    CHECK(elements(false, piece) == narrow);
  }
}

TEST_CASE("A JSON array of one object a line splits as the same array written on one line",
          "[read][json][stream]") {
  // Objects that end on their line are taken whole; the same elements
  // joined on one line are always scanned. Strings hold braces, brackets,
  // commas, escaped quotes and escaped line feeds, some right before the
  // closing brace; some objects nest, some span lines (nested or flat).
  std::mt19937 rng(1205);
  const char* const pieces[] = {"}", "{", "]", "[", "},", "\\\"", "\\n", ", ", "x", "\\\\"};
  std::vector<std::string> objects;
  for (int i = 0; i < 4000; ++i) {
    std::string s;
    const int parts = static_cast<int>(rng() % 6);
    for (int k = 0; k < parts; ++k) s += rng() % 3 == 0 ? pieces[rng() % 10] : "ab";
    switch (i % 5) {
      case 0:
        objects.push_back("{\"id\": " + std::to_string(i) + ", \"text\": \"" + s + "\"}");
        break;
      case 1:
        objects.push_back("{\"text\": \"" + s + "\", \"n\": {\"k\": [1, 2]}}");
        break;
      case 2:
        objects.push_back("{\"id\": " + std::to_string(i) + ",\n  \"text\": \"" + s + "\"\n}");
        break;
      case 3:
        objects.push_back(i % 2 == 0 ? "{}"
                                     : "{\"n\": [\n1,\n2\n], \"m\": {\n}, \"t\": \"" + s + "\"}");
        break;
      default:
        objects.push_back("{\"a\": \"" + s + "\", \"b\": true}");
        break;
    }
  }
  const char* const ends[] = {",\n", " ,\n", ",\r\n", ",  \n", "\n,", ",\t\n"};
  std::string lines = "[\n";
  std::string one_line = "[";
  for (std::size_t i = 0; i < objects.size(); ++i) {
    lines += objects[i];
    one_line += objects[i];
    if (i + 1 < objects.size()) {
      lines += ends[rng() % 6];
      one_line += ", ";
    }
  }
  lines += "\n]\n";
  one_line += "]";
  // The elements' texts: the two arrays put them at different places.
  auto elements = [](const std::string& text, bool narrow, std::size_t piece) {
    std::vector<std::string> found;
    for (const auto& [begin, end] : array_elements(text, narrow, piece)) {
      found.push_back(text.substr(begin, end - begin));
    }
    return found;
  };
  const auto expected = elements(one_line, true, 0);
  REQUIRE(expected == objects);
  for (const bool narrow : {false, true}) {
    for (const std::size_t piece : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{64},
                                    std::size_t{65}, std::size_t{1000}}) {
      INFO((narrow ? "narrow" : "wide") << ", pieces of " << piece);
      CHECK(elements(lines, narrow, piece) == expected);
    }
  }
}

TEST_CASE("Flat JSON objects read without simdjson give what simdjson gives, and anything "
          "else is left to it",
          "[read][json]") {
  // Records built from pieces that are inside and outside what the flat
  // reader takes (escapes, control bytes, nested values, numbers of every
  // shape, literals run on, bytes that are not UTF-8, text after the
  // object), read by one reader that tries the flat way first and by one
  // that uses simdjson only: the same outcome and the same record.
  const std::vector<std::string> keys = {"\"id\"", "\"created_at\"", "\"author\"", "\"text\"",
                                         "\"Text\"", "\"tags\"", "\"x\"", "\"a\\\"b\"",
                                         "\"parent_id\"", "\"\"", "\"te\\u0078t\"",
                                         // Keys that are prefixes of others, about the 16- and
                                         // 32-byte steps of the key comparison.
                                         "\"abcdefghijklmno\"", "\"abcdefghijklmnop\"",
                                         "\"abcdefghijklmnopqrstuvwxyz01234\"",
                                         "\"abcdefghijklmnopqrstuvwxyz012345\"",
                                         "\"abcdefghijklmnopqrstuvwxyz0123456\"",
                                         "\"abcdefghijklmnox :\""};
  const std::vector<std::string> values = {
      "\"m1\"", "\"2026-01-05T10:00:00Z\"", "\"jane doe\"", "\"caf\xC3\xA9 \xF0\x9F\x91\x8D\"",
      "\"say \\\"hi\\\"\"", "\"tab\there\"", "\"bad \xC3\"", "\"\xED\xA0\x80\"", "12", "-0", "0.5",
      "1e9", "-1.25E+3", "012", "1.", "-", "1e", "12ab", "true", "false", "null", "truex", "nul",
      "[\"a\",\"b\"]", "{\"y\":1}", "\"\"", "\"x\\u00e9\"", "\"\\n\"",
      // Escapes of every kind, and what the flat reader leaves to simdjson
      // (surrogates, unknown escapes, short \u, a control byte after one).
      "\"a\\/b\\\\c\\bd\\fe\\rf\\tg\"", "\"\\u20AC\\u0041\\u007f\\u0080\\u07FF\\u0800\\uFFFF\"",
      "\"\\u0000 nul\"", "\"\\uD83D\\uDC4D pair\"", "\"\\ud800 lone\"", "\"\\uDC00\"", "\"\\u12\"",
      "\"\\u12g4\"", "\"\\x\"", "\"\\\"", "\"\\n\ttab\"",
      "\"caf\xC3\xA9 \\\"quoted\\\" \xF0\x9F\x91\x8D\"", "\"\\\"\xC3\"", "\"end\\"};
  const std::vector<std::string> spaces = {"", " ", "\t", "\r", "  \n"};
  ssla::FieldSources sources = ssla::resolve_sources(ssla::InputSpec{}, "generic", {});
  ssla::JsonObjectReader flat(sources);
  ssla::JsonObjectReader reference(sources);
  reference.use_simdjson_only();
  std::mt19937 rng(20261205);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  std::size_t objects = 0;
  for (int round = 0; round < 30000; ++round) {
    std::string text = pick(spaces) + (rng() % 40 == 0 ? "[" : "{");
    const std::size_t fields = rng() % 6;
    for (std::size_t f = 0; f < fields; ++f) {
      if (f > 0) text += pick(spaces) + (rng() % 50 == 0 ? ";" : ",");
      text += pick(spaces) + pick(keys) + pick(spaces) + (rng() % 60 == 0 ? "=" : ":") +
              pick(spaces) + pick(values);
    }
    text += pick(spaces) + (rng() % 40 == 0 ? "]" : "}") + pick(spaces);
    if (rng() % 30 == 0) text += "{}";
    // simdjson reads with padding after the text.
    std::string padded = text + std::string(ssla::kInputPadding, ' ');
    const std::string_view view(padded.data(), text.size());
    ssla::RawRecord got, want;
    const auto got_outcome = flat.read(view, got);
    const auto want_outcome = reference.read(view, want);
    INFO("record: " << text);
    REQUIRE(got_outcome == want_outcome);
    if (want_outcome != ssla::JsonObjectReader::Outcome::kObject) continue;
    ++objects;
    REQUIRE(got.mapped == want.mapped);
    for (std::size_t f = 0; f < ssla::kFieldCount; ++f) {
      REQUIRE(std::string(got.value[f]) == std::string(want.value[f]));
    }
    REQUIRE(got.tags_as_list == want.tags_as_list);
    REQUIRE(got.tags == want.tags);
  }
  CHECK(objects > 5000);
}

TEST_CASE("RFC 8259's grammar: valid texts pass, each kind of mistake is named with its byte",
          "[read][json]") {
  std::vector<char> stack;
  auto problem = [&](std::string_view text) {
    return ssla::json_grammar_problem(text.data(), text.size(), stack);
  };
  for (const char* valid :
       {"{}", " [ ] ", "0", "-0.5e+3", "123456789012345678901234567890", "\"\\u00e9\\n\\/\"",
        "{\"a\": [1, -0.5E-3, true, false, null, \"x\", {}, []], \"b\": {\"c\": {}}}",
        "[[[[[[[[[[1]]]]]]]]]]", "\"caf\xc3\xa9\""}) {
    INFO(valid);
    CHECK(problem(valid).empty());
  }
  const std::pair<const char*, const char*> invalid[] = {
      {"", "unexpected end at byte 1"},
      {"01", "text after the value at byte 2"},
      {"1.", "bad number at byte 1"},
      {"-", "bad number at byte 1"},
      {"[1e5x]", "expected ',' or ']' at byte 5"},
      {"tru", "bad literal at byte 1"},
      {"nulll", "text after the value at byte 5"},
      {"\"\\q\"", "bad string at byte 1"},
      {"\"\\u12G4\"", "bad string at byte 1"},
      {"\"a\tb\"", "bad string at byte 1"},
      {"[1,]", "bad number at byte 4"},
      {"{\"a\" 1}", "expected ':' at byte 6"},
      {"{\"a\": 1,}", "expected a key at byte 9"},
      {"{\"a\": 1}{\"b\": 2}", "text after the value at byte 9"},
      {"[1}", "expected ',' or ']' at byte 3"},
      {"{\"a\": [1, 2}", "expected ',' or ']' at byte 12"},
      {"[[[", "unexpected end at byte 4"},
  };
  for (const auto& [text, expected] : invalid) {
    INFO(text);
    CHECK(problem(text) == expected);
  }
}
