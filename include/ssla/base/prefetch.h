// Asking for a cache line before it is read: for loops that follow indices
// into large tables in an order unlike the tables' own.
#ifndef SSLA_PREFETCH_H_
#define SSLA_PREFETCH_H_

namespace ssla {

/// Asks for the cache line at `p` (never faults; null is ignored). GCC 12
/// at -O2 drops a __builtin_prefetch that sits in a branch (the generated
/// code had none), so on x86-64 the instruction is written out.
inline void prefetch_line(const void* p) {
  if (p == nullptr) return;
#if defined(__x86_64__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p);
#endif
}

}  // namespace ssla

#endif  // SSLA_PREFETCH_H_
