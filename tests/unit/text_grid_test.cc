// TextGrid: the aligned text and markdown forms every human table uses.
#include "ssla/render/text_grid.h"

#include <catch2/catch.hpp>

namespace ssla {
namespace {

TextGrid two_groups() {
  TextGrid g;
  g.header = {"channel", "p50", "p90"};
  g.right = {false, true, true};
  g.over = {"", "business time", "business time"};
  g.rows = {{"twitter", "1h 00m", "2h 30m"}, {"facebook", "5m", "10m"}, {"total", "7m", "2h 00m"}};
  g.row_color = {"\x1b[32m", "\x1b[31m", ""};
  g.rule_after = 2;
  return g;
}

TEST_CASE("a span label is centred over its columns", "[render][grid]") {
  std::string out;
  two_groups().render(false, out);
  CHECK(out ==
        "          business time\n"
        "channel      p50     p90\n"
        "────────────────────────\n"
        "twitter   1h 00m  2h 30m\n"
        "facebook      5m     10m\n"
        "────────────────────────\n"
        "total         7m  2h 00m\n");
}

TEST_CASE("a span label wider than its columns widens the last of them", "[render][grid]") {
  TextGrid g = two_groups();
  g.over = {"", "business time (h:m)", "business time (h:m)"};
  g.rows.resize(1);
  g.rule_after = std::string::npos;
  std::string out;
  g.render(false, out);
  CHECK(g.text_width() == 28);  // 7 + 2 + 6 + 2 + (6 widened by 5)
  CHECK(out ==
        "         business time (h:m)\n"
        "channel     p50          p90\n"
        "────────────────────────────\n"
        "twitter  1h 00m       2h 30m\n");
}

TEST_CASE("colour wraps the header and each coloured row, never an uncoloured one",
          "[render][grid]") {
  std::string out;
  two_groups().render(false, out, true);
  CHECK(out.find("\x1b[1mchannel      p50     p90\x1b[0m\n") != std::string::npos);
  CHECK(out.find("\x1b[32mtwitter   1h 00m  2h 30m\x1b[0m\n") != std::string::npos);
  CHECK(out.find("\x1b[31mfacebook      5m     10m\x1b[0m\n") != std::string::npos);
  CHECK(out.find("\ntotal         7m  2h 00m\n") != std::string::npos);
}

TEST_CASE("markdown has no spans or rules: the label follows the column's name",
          "[render][grid]") {
  TextGrid g = two_groups();
  g.rows[0][0] = "a|b";
  std::string out;
  g.render(true, out, true);
  CHECK(out ==
        "| channel | p50 (business time) | p90 (business time) |\n"
        "| --- | ---: | ---: |\n"
        "| a\\|b | 1h 00m | 2h 30m |\n"
        "| facebook | 5m | 10m |\n"
        "| total | 7m | 2h 00m |\n");
}

TEST_CASE("a dropped column takes its label and cells with it", "[render][grid]") {
  TextGrid g = two_groups();
  const std::size_t before = g.text_width();
  g.drop_column(2);
  CHECK(g.header == std::vector<std::string>{"channel", "p50"});
  CHECK(g.rows[0] == std::vector<std::string>{"twitter", "1h 00m"});
  CHECK(g.text_width() < before);
  std::string out;
  g.render(false, out);
  CHECK(out.substr(0, out.find('\n')) == "          business time");
}

TEST_CASE("widths count terminal columns: wide characters two, combining marks none",
          "[render][grid]") {
  CHECK(display_width("Zo\xC3\xAB") == 3);                        // Zoë, one code point each
  CHECK(display_width("Zoe\xCC\x88") == 3);                       // e + combining diaeresis
  CHECK(display_width("\xE6\x97\xA5\xE6\x9C\xAC") == 4);          // 日本
  CHECK(display_width("\xED\x95\x9C") == 2);                      // 한 (Hangul syllable)
  CHECK(display_width("\xEF\xBC\xA1") == 2);                      // Ａ (fullwidth A)
  CHECK(display_width("\xF0\x9F\x98\x80") == 2);                  // 😀
  CHECK(display_width("\xE2\x9D\xA4\xEF\xB8\x8F") == 1);          // ❤ + VS16: text default
  CHECK(display_width("\xE2\x9C\x85") == 2);                      // ✅
  CHECK(display_width("\xF0\x9F\x99\x8C\xF0\x9F\x8F\xBB") == 2);  // 🙌🏻: the tone joins it
  CHECK(display_width("a\xE2\x80\x8B"
                      "b") == 2);                 // zero-width space
  CHECK(display_width("\xF0\x9F\x9C\x80") == 1);  // 🜀 alchemical: narrow
  CHECK(display_width("\xFF") == 1);              // not UTF-8: drawn as U+FFFD
  CHECK(display_width("\xE6\x97") == 2);          // a cut sequence: each byte
  // Every code point below U+0300 is one column: the fast path and the table agree.
  for (char32_t c = 0x20; c < 0x300; ++c) CHECK(code_point_width(c) == 1);
}

TEST_CASE("a prefix of a width never splits a code point or a wide character", "[render][grid]") {
  const std::string text = "ab\xE6\x97\xA5\xE6\x9C\xAC\xC3\xA9";  // ab日本é
  CHECK(prefix_of_width(text, 0).empty());
  CHECK(prefix_of_width(text, 2) == "ab");
  CHECK(prefix_of_width(text, 3) == "ab");  // 日 would make 4
  CHECK(prefix_of_width(text, 4) == "ab\xE6\x97\xA5");
  CHECK(prefix_of_width(text, 7) == text);
  CHECK(prefix_of_width(text, 99) == text);
}

TEST_CASE("a column of wide characters lines up with the one of narrow ones", "[render][grid]") {
  TextGrid g;
  g.header = {"customer", "n"};
  g.right = {false, true};
  g.rows = {{"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "1"}, {"bob", "12"}};  // 日本語
  std::string out;
  g.render(false, out);
  CHECK(out ==
        "customer   n\n"
        "────────────\n"
        "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E     1\n"
        "bob       12\n");
}

TEST_CASE("prose lines wider than the limit wrap under their indent; table rows stay whole",
          "[render][grid]") {
  const std::string text =
      "Channel twitter: calendar care-desk; first response 1 hour\n"
      "  Promise: Questions about orders and deliveries\n"
      "  Mon  08:00-12:00, 12:30-20:00, 21:00-22:00\n"
      "short\n";
  CHECK(wrap_prose_lines(text, 0) == text);
  CHECK(wrap_prose_lines(text, 200) == text);
  CHECK(wrap_prose_lines(text, 30) ==
        "Channel twitter: calendar\n"
        "    care-desk; first response\n"
        "    1 hour\n"
        "  Promise: Questions about\n"
        "      orders and deliveries\n"
        "  Mon  08:00-12:00, 12:30-20:00, 21:00-22:00\n"
        "short\n");
}

TEST_CASE("widths count code points, not bytes", "[render][grid]") {
  TextGrid g;
  g.header = {"who", "n"};
  g.right = {false, true};
  g.rows = {{"Zoë", "1"}, {"Bo", "12"}};
  std::string out;
  g.render(false, out);
  CHECK(out == "who   n\n───────\nZoë   1\nBo   12\n");
}

TEST_CASE("a narrowed table's notes name the columns said once and those left out",
          "[render][grid]") {
  std::string note;
  note_every_row(note, "channel", "twitter");
  CHECK(note == "every row: channel twitter");
  note_every_row(note, "owner", "Care US");
  CHECK(note == "every row: channel twitter · owner Care US");
  CHECK(left_out_note({"waited"}, 80, "--wide shows every column") ==
        "waited left out to fit 80 columns (--wide shows every column).");
  CHECK(left_out_note({"goal", "p90", "status"}, 60, "--format json has them") ==
        "goal, p90 and status left out to fit 60 columns (--format json has them).");
}

}  // namespace
}  // namespace ssla
