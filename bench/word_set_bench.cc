// Benchmark of the word pass alone (spec 3.4, 8.2): the customer texts of a
// twcs-format CSV through WordSet::find() with the section 8 bench policy's
// words, in both scans, and through contains_whole_word() one word at a
// time as a channel with fewer than three words does. Prints ns a text, the
// best of seven rounds over texts already in the cache: the whole-program
// runs of bench/compare.sh move by a few percent between identical runs,
// this does not.
//
//   build/word_set_bench ../shared/data/real/twcs-head5k/twcs.csv
//   build/word_set_bench FILE [TEXTS [WORD...]]   TEXTS: at most this many (default 20000)
//
// Real exports are the better input: generated rows repeat a few hundred
// texts, which the processor's branch predictor learns.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ssla/policy/exempt.h"
#include "ssla/policy/word_set.h"
#include "ssla/read/csv_reader.h"

namespace {

// The best of seven rounds of `work` over every text, in ns a text.
template <typename Work>
double best_ns(const std::vector<std::string_view>& texts, const Work& work) {
  double best = 1e300;
  const int reps = std::max(1, static_cast<int>(2000000 / std::max<std::size_t>(texts.size(), 1)));
  for (int round = 0; round < 7; ++round) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < reps; ++r) {
      for (std::string_view t : texts) work(t);
    }
    const auto t1 = std::chrono::steady_clock::now();
    const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count() /
                      (static_cast<double>(reps) * static_cast<double>(texts.size()));
    best = std::min(best, ns);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: word_set_bench FILE [TEXTS [WORD...]]\n");
    return 2;
  }
  const std::size_t most = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 20000;
  std::vector<std::string> words;
  for (int i = 3; i < argc; ++i) words.emplace_back(argv[i]);
  if (words.empty()) words = {"unsubscribe", "outage", "asap", "charged twice", "ten years", "delayed"};

  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string data = buffer.str();
  ssla::CsvReader reader(data, ',');
  std::vector<std::string_view> fields;
  if (!reader.next(fields)) {
    std::fprintf(stderr, "%s: no header\n", argv[1]);
    return 1;
  }
  const auto column = [&](std::string_view name) {
    return static_cast<std::size_t>(std::find(fields.begin(), fields.end(), name) - fields.begin());
  };
  const std::size_t text_column = column("text");
  const std::size_t inbound_column = column("inbound");
  if (text_column == fields.size() || inbound_column == fields.size()) {
    std::fprintf(stderr, "%s: no text or inbound column (a twcs export?)\n", argv[1]);
    return 1;
  }
  // Views into `data`, or copies for fields the reader unescaped.
  std::vector<std::string> texts_kept;
  while (texts_kept.size() < most && reader.next(fields)) {
    if (fields.size() <= std::max(text_column, inbound_column)) continue;
    const std::string_view inbound = fields[inbound_column];
    if (inbound != "True" && inbound != "true") continue;
    texts_kept.emplace_back(fields[text_column]);
  }
  const std::vector<std::string_view> texts(texts_kept.begin(), texts_kept.end());
  std::size_t bytes = 0;
  for (std::string_view t : texts) bytes += t.size();
  if (texts.empty()) {
    std::fprintf(stderr, "%s: no customer texts\n", argv[1]);
    return 1;
  }

  ssla::WordSet set;
  for (const std::string& w : words) set.add(w);
  std::uint64_t found = 0;  // kept, so that the calls are not dropped
  const double wide = best_ns(texts, [&](std::string_view t) { found += set.find(t); });
  const bool had_wide = set.wide();
  set.use_narrow_scan();
  const double narrow = best_ns(texts, [&](std::string_view t) { found += set.find(t); });
  const double one_by_one = best_ns(texts, [&](std::string_view t) {
    for (const std::string& w : words) found += ssla::contains_whole_word(t, w) ? 1 : 0;
  });
  std::printf("%zu customer texts, %.1f bytes each, %zu words\n", texts.size(),
              static_cast<double>(bytes) / static_cast<double>(texts.size()), words.size());
  if (had_wide) std::printf("WordSet::find, three-byte filter (AVX2): %6.1f ns a text\n", wide);
  std::printf("WordSet::find, first and last bytes (SSE2):  %6.1f ns a text\n", narrow);
  std::printf("contains_whole_word, word by word:           %6.1f ns a text\n", one_by_one);
  std::printf("(checksum %llu)\n", static_cast<unsigned long long>(found));
  return 0;
}
