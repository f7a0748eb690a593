#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "ssla/policy/exempt.h"
#include "ssla/base/utf8.h"

using ssla::ExemptReason;
using ssla::ExemptRule;

TEST_CASE("Acknowledgement normalization drops mentions, links and punctuation", "[exempt]") {
  CHECK(ssla::normalize_acknowledgement("Thanks!!") == "thanks");
  CHECK(ssla::normalize_acknowledgement("@AcmeHelp thanks.") == "thanks");
  CHECK(ssla::normalize_acknowledgement("THANKS") == "thanks");
  CHECK(ssla::normalize_acknowledgement("  thank   you!  ") == "thank you");
  CHECK(ssla::normalize_acknowledgement("thanks, still broken") == "thanks still broken");
  CHECK(ssla::normalize_acknowledgement("see https://x.example/a ok") == "see ok");
  CHECK(ssla::normalize_acknowledgement("http://x.example") == "");
  CHECK(ssla::normalize_acknowledgement("HTTP://X.EXAMPLE") == "http x example");  // literal prefixes
  CHECK(ssla::normalize_acknowledgement("@a @b !!") == "");
  CHECK(ssla::normalize_acknowledgement("👍") == "👍");
  CHECK(ssla::normalize_acknowledgement("merci,beaucoup") == "merci beaucoup");
}

TEST_CASE("Whole words are bounded by non-word characters", "[exempt]") {
  CHECK(ssla::contains_whole_word("what a SCAM!", "scam"));
  CHECK(ssla::contains_whole_word("scam", "scam"));
  CHECK_FALSE(ssla::contains_whole_word("scammer", "scam"));
  CHECK_FALSE(ssla::contains_whole_word("my_scam", "scam"));
  CHECK_FALSE(ssla::contains_whole_word("2scam", "scam"));
  // Every byte of a non-ASCII character is a word character.
  CHECK_FALSE(ssla::contains_whole_word("scamé", "scam"));
  CHECK(ssla::contains_whole_word("(scam)", "scam"));
  CHECK_FALSE(ssla::contains_whole_word("", "scam"));
}

TEST_CASE("Exempt rules match tags, authors, words and acknowledgements", "[exempt]") {
  ExemptRule rule;
  rule.tags = {"spam"};
  rule.authors = {"knownspammer"};
  rule.words = {"idiot"};
  rule.acknowledgements = {"thanks", "thank you"};
  const std::vector<std::string_view> no_tags;
  const std::vector<std::string_view> spam_tag = {"Other", "SPAM"};
  CHECK(ssla::exempt_reason(rule, "jane", "hello", spam_tag) == ExemptReason::kTag);
  CHECK(ssla::exempt_reason(rule, "knownspammer", "hello", no_tags) == ExemptReason::kAuthor);
  CHECK(ssla::exempt_reason(rule, "jane", "you Idiot.", no_tags) == ExemptReason::kWord);
  CHECK(ssla::exempt_reason(rule, "jane", "@AcmeHelp Thank you!!", no_tags) ==
        ExemptReason::kAcknowledgement);
  CHECK(ssla::exempt_reason(rule, "jane", "thanks, still broken", no_tags) == ExemptReason::kNone);
  CHECK(ssla::exempt_reason(ExemptRule{}, "knownspammer", "thanks", spam_tag) ==
        ExemptReason::kNone);
}

TEST_CASE("An empty acknowledgement phrase matches messages with no words left", "[exempt]") {
  ExemptRule rule;
  rule.acknowledgements = {""};
  CHECK(ssla::exempt_reason(rule, "a", "@AcmeHelp !!", {}) == ExemptReason::kAcknowledgement);
  CHECK(ssla::exempt_reason(rule, "a", "@AcmeHelp hi", {}) == ExemptReason::kNone);
}

TEST_CASE("Acknowledgement matching that stops early agrees with full normalization",
          "[exempt][property]") {
  // Random texts from pieces that exercise every rule: mentions, links,
  // punctuation runs, case, whitespace kinds, non-ASCII bytes.
  const std::vector<std::string> pieces = {"thanks", "Thank", "you", "OK", "ok", " ", "  ", "\t",
                                           "\n", "!", ",", "@acme", "http://x.co", "https://y",
                                           "HTTP://z", "é", "👍", "so", "much", "-", "_", "hi", "Z",
                                           "\r", "\v", "\f", "@a_very_long_handle_of_30_bytes"};
  ssla::ExemptRule rule;
  rule.acknowledgements = {"thanks", "thank you", "thank you so much", "ok", "👍", ""};
  // Spec 3.4 step by step: split on ASCII whitespace, drop mentions and
  // links, map ASCII non-alphanumerics to spaces and fold case, collapse.
  auto reference = [](const std::string& text) {
    auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
    std::string kept;
    std::size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && space(text[i])) ++i;
      std::size_t end = i;
      while (end < text.size() && !space(text[end])) ++end;
      const std::string token = text.substr(i, end - i);
      i = end;
      if (token.empty() || token[0] == '@' || token.rfind("http://", 0) == 0 ||
          token.rfind("https://", 0) == 0) {
        continue;
      }
      kept += ' ';
      for (char c : token) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || std::isalnum(u)) {
          kept += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
        } else {
          kept += ' ';
        }
      }
    }
    std::string out;
    for (char c : kept) {
      if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
      out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  };
  std::mt19937 random(20261201);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int count = static_cast<int>(random() % 12);
    for (int k = 0; k < count; ++k) text += pieces[random() % pieces.size()];
    const std::string normalized = ssla::normalize_acknowledgement(text);
    REQUIRE(normalized == reference(text));
    const bool listed = std::find(rule.acknowledgements.begin(), rule.acknowledgements.end(),
                                  normalized) != rule.acknowledgements.end();
    INFO("text '" << text << "' normalized '" << normalized << "'");
    REQUIRE((ssla::exempt_reason(rule, "jane", text, {}) == ssla::ExemptReason::kAcknowledgement) ==
            listed);
  }
}

TEST_CASE("Whole-word search over long texts agrees with a byte-by-byte reference",
          "[exempt][property]") {
  // Bytes that are word characters, boundaries, both cases of the word's
  // letters, and neighbours of them under OR 0x20 ('@' and '`', 'A' and 'a').
  const std::string alphabet = "sSpPaAmM_9 @`!\xC3\xA9-";
  auto word_byte = [](unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c == '_' || c >= 0x80;
  };
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  auto reference = [&](const std::string& text, const std::string& word) {
    for (std::size_t i = 0; i + word.size() <= text.size(); ++i) {
      bool same = true;
      for (std::size_t k = 0; k < word.size() && same; ++k) same = lower(text[i + k]) == word[k];
      if (!same) continue;
      const bool open = i == 0 || !word_byte(static_cast<unsigned char>(text[i - 1]));
      const std::size_t end = i + word.size();
      const bool close = end == text.size() || !word_byte(static_cast<unsigned char>(text[end]));
      if (open && close) return true;
    }
    return false;
  };
  const std::vector<std::string> words = {"spam", "a", "@m", "9sp"};
  std::mt19937 random(20261202);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const auto length = static_cast<std::size_t>(random() % 70);
    for (std::size_t k = 0; k < length; ++k) text += alphabet[random() % alphabet.size()];
    for (const std::string& word : words) {
      INFO("text '" << text << "' word '" << word << "'");
      REQUIRE(ssla::contains_whole_word(text, word) == reference(text, word));
    }
  }
}

TEST_CASE("The printable prefix stops at the first NUL or invalid byte, past runs of ASCII and "
          "earlier sequences",
          "[utf8]") {
  // A sequence at a time from the start, as the spec's replacement rule reads.
  auto reference = [](std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
      if (s[i] == '\0') return i;
      const std::size_t len = ssla::utf8_sequence_length(s, i);
      if (len == 0) return i;
      i += len;
    }
    return i;
  };
  const std::vector<std::string> pieces = {"a", "b", "abcdefgh", "0123456789", "\xC3\xA9",
                                           "\xF0\x9F\x91\x8D", "\xE2\x82\xAC", std::string(1, '\0'),
                                           "\x80", "\xC3", "\xED\xA0\x80", "\xFF"};
  std::mt19937 rng(20261205);
  bool all = true;
  for (int round = 0; round < 100000; ++round) {
    std::string s;
    for (std::size_t k = rng() % 12; k > 0; --k) {
      // Invalid pieces and NULs are rarer, so that many strings run long.
      const std::size_t pick = rng() % (rng() % 4 == 0 ? pieces.size() : 7);
      s += pieces[pick];
    }
    all = all && ssla::printable_utf8_prefix(s) == reference(s);
  }
  CHECK(all);
}

TEST_CASE("UTF-8 checks find a bad byte at any place, past runs of ASCII too", "[utf8]") {
  // Each sequence placed after 0 to 20 ASCII bytes and before 0 to 3, so
  // that it falls in the first, a middle, or the last word of eight bytes.
  const std::vector<std::pair<std::string, bool>> sequences = {
      {"\xC3\xA9", true},          {"\xF0\x9F\x91\x8D", true}, {"\x80", false},
      {"\xC3", false},             {"\xC0\xAF", false},         {"\xED\xA0\x80", false},
      {"\xF4\x90\x80\x80", false}, {"\xE2\x82\xAC", true},      {"\xFF", false}};
  bool all = true;
  // Past 20, the runs that reach the checks' 64-byte steps.
  std::vector<std::size_t> befores;
  for (std::size_t b = 0; b <= 20; ++b) befores.push_back(b);
  for (std::size_t b : {47, 48, 63, 64, 65, 79, 127, 128, 129}) befores.push_back(b);
  for (const auto& [sequence, valid] : sequences) {
    for (const std::size_t before : befores) {
      for (std::size_t after = 0; after <= 3; ++after) {
        const std::string s = std::string(before, 'a') + sequence + std::string(after, '7');
        all = all && ssla::is_valid_utf8(s) == valid;
      }
    }
  }
  CHECK(all);
  // Two sequences with 0 to 20 ASCII bytes between them: the check goes
  // back to whole words after the first, and must still see the second.
  bool pairs = true;
  for (const auto& [first, first_valid] : sequences) {
    for (const auto& [second, second_valid] : sequences) {
      for (std::size_t before = 0; before <= 9; ++before) {
        for (std::size_t gap = 0; gap <= 20; ++gap) {
          for (std::size_t after = 0; after <= 9; after += 3) {
            const std::string s = std::string(before, 'a') + first + std::string(gap, 'b') + second +
                                  std::string(after, '7');
            // A lone lead byte followed by a continuation byte is valid.
            const bool joined = gap == 0 && first == "\xC3" && second == "\x80";
            pairs = pairs && ssla::is_valid_utf8(s) == ((first_valid && second_valid) || joined);
          }
        }
      }
    }
  }
  CHECK(pairs);
  CHECK(ssla::is_valid_utf8(std::string(40, 'x')));
  CHECK(ssla::is_valid_utf8(""));
}
