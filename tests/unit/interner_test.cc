#include <catch2/catch.hpp>

#include <string>

#include "ssla/interner.h"

TEST_CASE("Interning gives dense ids in order of first appearance", "[interner]") {
  ssla::Interner in;
  CHECK(in.intern("a") == 0);
  CHECK(in.intern("b") == 1);
  CHECK(in.intern("a") == 0);
  CHECK(in.intern("") == 2);
  CHECK(in.find("b") == 1);
  CHECK(in.find("c") == ssla::Interner::kNone);
  CHECK(in.view(1) == "b");
  CHECK(in.view(ssla::Interner::kNone).empty());
}

TEST_CASE("Interned views stay valid while the table grows", "[interner]") {
  ssla::Interner in;
  const std::string_view first = in.view(in.intern("first"));
  for (int i = 0; i < 100000; ++i) in.intern("id-" + std::to_string(i));
  CHECK(first == "first");
  CHECK(in.size() == 100001);
  CHECK(in.find("id-99999") == 100000);
  // A string larger than a storage chunk gets a chunk of its own.
  const std::string big(3 << 20, 'x');
  CHECK(in.view(in.intern(big)) == big);
}
