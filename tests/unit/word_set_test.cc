#include "ssla/policy/word_set.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "ssla/policy/exempt.h"

namespace {

// Spec 3.4 read literally, one start at a time: `word` occurs at `at` when
// every byte matches with ASCII case folded, and the bytes just outside are
// not word bytes (letters, digits, `_`, any byte of a non-ASCII character).
bool slow_whole_word(const std::string& text, const std::string& word) {
  auto word_byte = [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) != 0 || c == '_' || u >= 0x80;
  };
  auto fold = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  if (word.empty()) return false;
  for (std::size_t at = 0; at + word.size() <= text.size(); ++at) {
    bool same = true;
    for (std::size_t k = 0; k < word.size() && same; ++k)
      same = fold(text[at + k]) == fold(word[k]);
    if (!same) continue;
    if (at > 0 && word_byte(text[at - 1])) continue;
    const std::size_t end = at + word.size();
    if (end < text.size() && word_byte(text[end])) continue;
    return true;
  }
  return false;
}

// Few distinct bytes, so that words recur in texts: letters of both cases,
// a digit, `_`, a space, punctuation, and a byte of a non-ASCII character.
const std::string kAlphabet = "abAB1_ -#\xc3";

std::string random_string(std::mt19937& rng, std::size_t max_size) {
  std::uniform_int_distribution<std::size_t> size(0, max_size);
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string s(size(rng), ' ');
  for (char& c : s) c = kAlphabet[pick(rng)];
  return s;
}

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return s;
}

}  // namespace

TEST_CASE("A word set finds what the slow whole-word reference finds, for each word",
          "[exempt][property]") {
  std::mt19937 rng(20261204);
  // Word counts on both sides of the sixteen words a block is probed for;
  // lengths on both sides of the longest span probed (64) and of a block.
  // Both scans: the three-byte filter where AVX2 is present, and the probes.
  const bool narrow = GENERATE(false, true);
  for (const std::size_t count : {1u, 2u, 6u, 16u, 17u, 40u}) {
    for (int round = 0; round < 150; ++round) {
      ssla::WordSet set;
      std::vector<std::string> words;
      std::vector<std::uint64_t> bits;
      for (std::size_t k = 0; k < count; ++k) {
        std::string w = lower(random_string(rng, k % 5 == 4 ? 70 : 4));
        words.push_back(w);
        bits.push_back(set.add(w));
      }
      if (narrow) set.use_narrow_scan();
      for (int t = 0; t < 40; ++t) {
        std::string text = random_string(rng, t % 4 == 0 ? 300 : 40);
        // Plant a word now and then, so that most words are found sometimes.
        if (t % 2 == 0 && !words.empty()) {
          const std::string& w = words[static_cast<std::size_t>(t) % words.size()];
          const std::size_t at = text.empty() ? 0 : rng() % (text.size() + 1);
          text.insert(at, w);
        }
        const std::uint64_t found = set.find(text);
        for (std::size_t k = 0; k < words.size(); ++k) {
          INFO("text '" << text << "' word '" << words[k] << "'");
          CHECK(((found & bits[k]) != 0) == slow_whole_word(text, words[k]));
          CHECK(ssla::contains_whole_word(text, words[k]) == slow_whole_word(text, words[k]));
        }
      }
    }
  }
}

TEST_CASE("A word set gives a word one bit however often it is added", "[exempt]") {
  ssla::WordSet set;
  const std::uint64_t outage = set.add("outage");
  CHECK(outage != 0);
  CHECK(set.add("asap") != outage);
  CHECK(set.add("outage") == outage);
  CHECK(set.add("") == 0);
  CHECK((set.find("Is there an OUTAGE?") & outage) != 0);
  CHECK((set.find("outages again") & outage) == 0);
}

TEST_CASE("A word set refuses the sixty-fifth word and says so", "[exempt]") {
  ssla::WordSet set;
  for (int k = 0; k < 64; ++k) CHECK(set.add("w" + std::to_string(k)) != 0);
  CHECK_FALSE(set.full());
  CHECK(set.add("one more") == 0);
  CHECK(set.full());
  CHECK(set.find("w63 here") == std::uint64_t{1} << 63);
}
