// Splitting a range of independent work between this thread and a second one.
#ifndef SSLA_HALVES_H_
#define SSLA_HALVES_H_

#include <cstddef>
#include <functional>
#include <thread>

namespace ssla {

/// Below this many items a second thread costs more than it saves.
inline constexpr std::size_t kSplitFrom = 100000;

/// Runs work(0, middle) on this thread and work(middle, end) on a second one
/// when `split`, else work(0, end) here. The two halves must touch disjoint
/// data. The second thread is joined before this returns or rethrows.
template <typename Work>
void run_in_halves(bool split, std::size_t middle, std::size_t end, const Work& work) {
  if (!split) {
    work(std::size_t{0}, end);
    return;
  }
  std::thread second(std::cref(work), middle, end);
  try {
    work(std::size_t{0}, middle);
  } catch (...) {
    second.join();
    throw;
  }
  second.join();
}

}  // namespace ssla

#endif  // SSLA_HALVES_H_
