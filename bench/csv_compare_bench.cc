// Measures the CSV layer alone: ssla's quote-aware CsvReader against
// fast-cpp-csv-parser on the same file (which must have no line breaks inside
// quoted fields, since fast-cpp-csv-parser rejects those). docs/ingest.md.
//
//   csv_compare_bench FILE.csv
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <libfccp/csv.h>

#include "ssla/read/csv_reader.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: csv_compare_bench FILE.csv\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string data = ss.str();
  const double mb = static_cast<double>(data.size()) / 1e6;

  auto t0 = std::chrono::steady_clock::now();
  ssla::CsvReader reader(data, ',');
  std::vector<std::string_view> fields;
  std::size_t rows = 0, bytes = 0;
  while (reader.next(fields)) {
    ++rows;
    bytes += fields[0].size();
  }
  auto t1 = std::chrono::steady_clock::now();
  const double ours = std::chrono::duration<double>(t1 - t0).count();
  std::printf("ssla CsvReader:        %zu records, %.0f MB/s (checksum %zu)\n", rows, mb / ours, bytes);

  try {
    t0 = std::chrono::steady_clock::now();
    io::CSVReader<7, io::trim_chars<>, io::double_quote_escape<',', '"'>> csv(argv[1]);
    csv.read_header(io::ignore_extra_column, "tweet_id", "author_id", "inbound", "created_at",
                    "text", "response_tweet_id", "in_response_to_tweet_id");
    char *a = nullptr, *b = nullptr, *c = nullptr, *d = nullptr, *e = nullptr, *f = nullptr,
         *g = nullptr;
    rows = 0;
    bytes = 0;
    while (csv.read_row(a, b, c, d, e, f, g)) {
      ++rows;
      bytes += std::char_traits<char>::length(a);
    }
    t1 = std::chrono::steady_clock::now();
    const double theirs = std::chrono::duration<double>(t1 - t0).count();
    std::printf("fast-cpp-csv-parser:   %zu records, %.0f MB/s (checksum %zu)\n", rows + 1,
                mb / theirs, bytes);
  } catch (const std::exception& e) {
    std::printf("fast-cpp-csv-parser:   failed: %s\n", e.what());
  }
  return 0;
}
