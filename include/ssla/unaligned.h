// Reading a machine word from bytes at any address, for hashing and for
// comparing short fixed-width fields a word at a time.
#ifndef SSLA_UNALIGNED_H_
#define SSLA_UNALIGNED_H_

#include <cstring>

namespace ssla {

/// The sizeof(T) bytes at `p` as a T (host byte order); `p` needs no alignment.
template <typename T>
T load_unaligned(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

}  // namespace ssla

#endif  // SSLA_UNALIGNED_H_
