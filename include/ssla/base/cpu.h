// What the processor the program runs on can do, asked once. The build
// targets every x86-64 (SSE2); a few byte scans have a second version for
// AVX2, compiled with a function attribute and chosen here at run time.
#ifndef SSLA_CPU_H_
#define SSLA_CPU_H_

namespace ssla {

/// True when the scans compiled for AVX2 may run: an x86-64 processor with
/// AVX2, built by GCC or Clang. Always false elsewhere.
inline bool has_avx2() {
#if defined(__x86_64__) && defined(__GNUC__)
  static const bool kHas = __builtin_cpu_supports("avx2") != 0;
  return kHas;
#else
  return false;
#endif
}

}  // namespace ssla

#endif  // SSLA_CPU_H_
