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

TEST_CASE("widths count code points, not bytes", "[render][grid]") {
  TextGrid g;
  g.header = {"who", "n"};
  g.right = {false, true};
  g.rows = {{"Zoë", "1"}, {"Bo", "12"}};
  std::string out;
  g.render(false, out);
  CHECK(out == "who   n\n───────\nZoë   1\nBo   12\n");
}

}  // namespace
}  // namespace ssla
