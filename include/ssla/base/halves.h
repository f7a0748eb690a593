// Splitting work between this thread and a second one.
#ifndef SSLA_HALVES_H_
#define SSLA_HALVES_H_

#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>

namespace ssla {

/// Below this many items a second thread costs more than it saves.
inline constexpr std::size_t kSplitFrom = 100000;

/// Bytes of a cache line. What each of the two threads writes as it works
/// (a half's counters, the list it appends to, the buffer it formats into)
/// starts a line of its own (`alignas(kCacheLine)`): two halves side by side
/// in one line make each thread's reads wait for the other core's writes.
inline constexpr std::size_t kCacheLine = 64;

/// Runs main() on this thread and side() on a second one when `split`, else
/// side() then main() here. The two must touch disjoint data (reading
/// shared data is fine). The second thread is joined before this returns;
/// an exception of either is rethrown then (main's first), instead of
/// ending the process as one escaping a thread would.
template <typename Main, typename Side>
void run_beside(bool split, const Main& main, const Side& side) {
  if (!split) {
    side();
    main();
    return;
  }
  std::exception_ptr side_error;
  std::thread second([&] {
    try {
      side();
    } catch (...) {
      side_error = std::current_exception();
    }
  });
  try {
    main();
  } catch (...) {
    second.join();
    throw;
  }
  second.join();
  if (side_error) std::rethrow_exception(side_error);
}

/// Runs work(0, middle) on this thread and work(middle, end) on a second one
/// when `split`, else work(0, end) here. The two halves must touch disjoint
/// data. The second thread is joined before this returns or rethrows.
template <typename Work>
void run_in_halves(bool split, std::size_t middle, std::size_t end, const Work& work) {
  if (!split) {
    work(std::size_t{0}, end);
    return;
  }
  run_beside(
      true, [&] { work(std::size_t{0}, middle); }, [&] { work(middle, end); });
}

/// Runs work(from, to) over [0, end) cut into `pieces` pieces of about equal
/// count, each taken by whichever of this thread and a second one is free
/// first, when `split`; else work(0, end) here. Pieces must touch disjoint
/// data. For work whose cost per item differs along the range, or when one
/// core runs slower than the other: halves fixed in advance would end apart.
/// The second thread is joined before this returns or rethrows.
template <typename Work>
void run_in_shared_pieces(bool split, std::size_t end, std::size_t pieces, const Work& work) {
  if (!split || pieces < 2) {
    work(std::size_t{0}, end);
    return;
  }
  std::atomic<std::size_t> next{0};
  auto take = [&] {
    for (std::size_t p = next.fetch_add(1); p < pieces; p = next.fetch_add(1)) {
      work(end * p / pieces, end * (p + 1) / pieces);
    }
  };
  run_beside(true, take, take);
}

}  // namespace ssla

#endif  // SSLA_HALVES_H_
