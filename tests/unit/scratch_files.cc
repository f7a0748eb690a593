#include "scratch_files.h"

#include <unistd.h>

#include <fstream>
#include <system_error>

namespace ssla_test {

namespace fs = std::filesystem;

namespace {

class ScratchDir {
 public:
  ScratchDir() : path_(fs::temp_directory_path() / ("ssla-test-" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

const fs::path& scratch() {
  static const ScratchDir dir;
  return dir.path();
}

std::string write(const std::string& name, const std::string& bytes) {
  const fs::path p = scratch() / name;
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}

}  // namespace ssla_test
