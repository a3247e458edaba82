// AlignedVector: storage on a 64-byte boundary whatever the size, after growth and copies.
#include <catch2/catch.hpp>

#include <cstdint>

#include "solver/core/aligned_vector.hpp"

using lantian::AlignedVector;

namespace {
bool on_cache_line(const void* p) { return reinterpret_cast<std::uintptr_t>(p) % 64 == 0; }
}  // namespace

TEST_CASE("AlignedVector's storage starts on a cache line") {
  // Sizes that malloc serves from different bins, each allocated between odd-sized blocks
  // that would shift an unaligned allocator's addresses.
  for (std::size_t n : {1u, 3u, 8u, 17u, 1000u, 70000u}) {
    AlignedVector<char> filler(7);
    AlignedVector<double> v(n, 1.5);
    INFO("size " << n);
    CHECK(on_cache_line(v.data()));
    CHECK(on_cache_line(filler.data()));
    v.resize(3 * n + 5);  // reallocates
    CHECK(on_cache_line(v.data()));
    CHECK(v[0] == 1.5);  // the contents move with it
    const AlignedVector<double> copy = v;
    CHECK(on_cache_line(copy.data()));
    CHECK(copy == v);
  }
}
