// Scratch files for the tests that read from disk.
#ifndef SSLA_TESTS_SCRATCH_FILES_H_
#define SSLA_TESTS_SCRATCH_FILES_H_

#include <filesystem>
#include <string>

namespace ssla_test {

/// This test process's scratch directory (in the system's temporary
/// directory, named after the process id), made at the first call and
/// removed with everything in it when the process exits: CTest runs every
/// test case as a process of its own, and left behind they would pile up.
const std::filesystem::path& scratch();

/// Writes `bytes` to scratch() / `name` (replacing it); returns its path.
std::string write(const std::string& name, const std::string& bytes);

}  // namespace ssla_test

#endif  // SSLA_TESTS_SCRATCH_FILES_H_
