#include "ssla/base/output.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "ssla/base/error.h"

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

TEST_CASE("An output onto a device or FIFO is written in place, its write errors reported",
          "[output]") {
  const fs::path dir = fresh_dir();
  // Copies of the null and full devices in the scratch directory, never the
  // system's: an Output with the defect, run as root, would replace them.
  // Making device nodes needs root; elsewhere only the FIFO is checked.
  const fs::path null_dev = dir / "null";
  const fs::path full_dev = dir / "full";
  if (::mknod(null_dev.c_str(), S_IFCHR | 0666, ::makedev(1, 3)) == 0 &&
      ::mknod(full_dev.c_str(), S_IFCHR | 0666, ::makedev(1, 7)) == 0) {
    {
      ssla::Output out(null_dev.string());
      out.write("report\n");
      out.commit();
    }
    CHECK(fs::is_character_file(fs::symlink_status(null_dev)));
    {
      ssla::Output out(full_dev.string());
      out.write("report\n");
      try {
        out.commit();
        FAIL("no error");
      } catch (const ssla::Error& e) {
        CHECK(e.exit_status() == ssla::kExitInput);
        CHECK(std::string(e.what()).find("No space left on device") != std::string::npos);
      }
    }
    CHECK(fs::is_character_file(fs::symlink_status(full_dev)));
    fs::remove(null_dev);
    fs::remove(full_dev);
  } else {
    WARN("not root: the character device checks are skipped");
  }
  const fs::path fifo = dir / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string got;
  std::thread reader([&] { got = slurp(fifo); });
  {
    ssla::Output out(fifo.string());
    out.write("through the fifo\n");
    out.commit();
  }
  reader.join();
  CHECK(got == "through the fifo\n");
  CHECK(fs::is_fifo(fs::symlink_status(fifo)));
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  fs::remove_all(dir);
}

TEST_CASE("Standard output into a pipe has its buffer widened to 1 MiB", "[output]") {
  // A pipe holds 64 KiB unless asked: a large report would wait for its
  // reader every 64 KiB.
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const int before = ::fcntl(fds[0], F_GETPIPE_SZ);
  std::fflush(stdout);
  const int saved = ::dup(1);
  REQUIRE(saved >= 0);
  ::dup2(fds[1], 1);
  { const ssla::Output out("-"); }
  ::dup2(saved, 1);
  ::close(saved);
  const int after = ::fcntl(fds[0], F_GETPIPE_SZ);
  ::close(fds[0]);
  ::close(fds[1]);
  CHECK(before < (1 << 20));
  CHECK(after == (1 << 20));
}

TEST_CASE("An output onto a symbolic link replaces its target; the link stays", "[output]") {
  const fs::path dir = fresh_dir();
  fs::create_directories(dir / "real");
  { std::ofstream(dir / "real" / "r.txt") << "old\n"; }
  fs::create_symlink("real/r.txt", dir / "link.txt");
  {
    ssla::Output out((dir / "link.txt").string());
    out.write("new\n");
    out.commit();
  }
  CHECK(fs::is_symlink(dir / "link.txt"));
  CHECK(slurp(dir / "real" / "r.txt") == "new\n");
  CHECK(std::distance(fs::directory_iterator(dir / "real"), fs::directory_iterator()) == 1);
  // A link to nothing is an error, not a file created somewhere.
  fs::create_symlink("real/missing.txt", dir / "dangling.txt");
  CHECK_THROWS_AS(ssla::Output((dir / "dangling.txt").string()), ssla::Error);
  CHECK_FALSE(fs::exists(dir / "real" / "missing.txt"));
  fs::remove_all(dir);
}

TEST_CASE("SIGTERM, SIGHUP or SIGINT while writing a file removes the temporary file", "[output]") {
  for (const int sig : {SIGTERM, SIGHUP, SIGINT}) {
    INFO("signal " << sig);
    const fs::path dir = fresh_dir();
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      // The test framework has handlers of its own; ssla's main has none.
      for (const int s : {SIGTERM, SIGHUP, SIGINT}) ::signal(s, SIG_DFL);
      ssla::Output out((dir / "report.txt").string());
      out.write(std::string(200000, 'x'));  // flushed: a partial temporary file exists
      ::raise(sig);
      ::_exit(0);  // not reached
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == sig);  // a shell reports 128 + sig
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 0);
    fs::remove_all(dir);
  }
}

TEST_CASE("Every output is valid UTF-8 without NUL: U+FFFD for invalid bytes", "[output]") {
  const fs::path dir = fresh_dir();
  const fs::path target = dir / "r.txt";
  {
    ssla::Output out(target.string());
    out.write("ok \xC3\xA9 bad \xFF\xFE nul ");
    out.write(std::string_view("\0", 1));
    out.write(" cut \xE2\x82");  // an incomplete sequence at the very end
    out.commit();
  }
  CHECK(slurp(target) ==
        "ok \xC3\xA9 bad \xEF\xBF\xBD\xEF\xBF\xBD nul \xEF\xBF\xBD cut \xEF\xBF\xBD\xEF\xBF\xBD");
  // A valid sequence cut by a flush boundary stays whole.
  {
    ssla::Output out(target.string());
    std::string big(65535, 'a');
    out.write(big + "\xE2");
    out.write("\x82\xAC end");
    out.commit();
  }
  CHECK(slurp(target) == std::string(65535, 'a') + "\xE2\x82\xAC end");
  // Large pieces: clean ones come out as they are, in order after what
  // waits; one with an invalid byte or a sequence cut at its end is cleaned
  // as small ones are.
  {
    ssla::Output out(target.string());
    const std::string clean = std::string(70000, 'b') + "\xC3\xA9";
    out.write(clean);
    out.write("small ");
    out.write(clean);
    out.write(std::string(70000, 'c') + "\xFF" + std::string(10, 'd'));
    out.write(std::string(70000, 'e') + "\xE2");
    out.write("\x82\xAC");
    // Pieces the caller checked: large ones go out at once, after what waits.
    out.write_printable("f");
    out.write_printable(std::string(70000, 'g'));
    out.write_printable(std::string(70000, 'h'));
    out.commit();
  }
  CHECK(slurp(target) == std::string(70000, 'b') + "\xC3\xA9small " + std::string(70000, 'b') +
                             "\xC3\xA9" + std::string(70000, 'c') + "\xEF\xBF\xBD" +
                             std::string(10, 'd') + std::string(70000, 'e') + "\xE2\x82\xAC" +
                             "f" + std::string(70000, 'g') + std::string(70000, 'h'));
  fs::remove_all(dir);
}
