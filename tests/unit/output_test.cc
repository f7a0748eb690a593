#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "ssla/base/output.h"

namespace fs = std::filesystem;

namespace {

fs::path fresh_dir() {
  const fs::path dir = fs::temp_directory_path() / ("ssla-output-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("A file output appears only when committed, whole", "[output]") {
  const fs::path dir = fresh_dir();
  const fs::path target = dir / "report.json";
  {
    ssla::Output out(target.string());
    out.write("{\"a\": ");
    out.write(std::string(200000, 'x'));  // larger than the flush threshold
    CHECK_FALSE(fs::exists(target));
    out.write("}\n");
    out.commit();
  }
  CHECK(fs::exists(target));
  CHECK(slurp(target).size() == 6 + 200000 + 2);
  // Nothing but the report is left in the directory.
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  fs::remove_all(dir);
}

TEST_CASE("An uncommitted file output leaves the old file and no temporary", "[output]") {
  const fs::path dir = fresh_dir();
  const fs::path target = dir / "report.txt";
  { std::ofstream(target) << "old\n"; }
  {
    ssla::Output out(target.string());
    out.write(std::string(100000, 'n'));
  }  // e.g. an error was thrown before commit
  CHECK(slurp(target) == "old\n");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  fs::remove_all(dir);
}

TEST_CASE("An output in a missing directory is an input error", "[output]") {
  CHECK_THROWS_AS(ssla::Output("/nonexistent-dir-for-ssla/x.json"), std::runtime_error);
}
