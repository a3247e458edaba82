#pragma once
// What the transport tests' cases share: a Cartesian test grid near Yantai and a deterministic
// pseudo-random number per global cell (the same on every decomposition, so a field built
// from it is the same on any number of ranks).
#include <cstdint>

#include "solver/grid/horizontal_grid.hpp"

namespace lantian::test {

/// A deterministic number in [0, 1) from a global cell index and a salt.
inline double hash01(int i, int j, int k, int salt) {
  std::uint64_t x = static_cast<std::uint64_t>(i + 1000) * 73856093u ^
                    static_cast<std::uint64_t>(j + 1000) * 19349663u ^
                    static_cast<std::uint64_t>(k + 1000) * 83492791u ^ static_cast<std::uint64_t>(salt) * 2654435761u;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return static_cast<double>(x >> 11) / 9007199254740992.0;
}

/// A Cartesian grid of nx x ny cells of 3 km, projected around (37.4 N, 121.0 E).
inline grid::HorizontalGrid cartesian_test_grid(int nx, int ny) {
  grid::HorizontalGrid g;
  grid::ProjectionParams p;
  p.ref_lat_deg = 37.4;
  p.ref_lon_deg = 121.0;
  p.stand_lon_deg = 121.0;
  g.proj = grid::Projection(p);
  g.cartesian = true;
  g.nx = nx;
  g.ny = ny;
  g.dx = g.dy = 3000.0;
  return g;
}

}  // namespace lantian::test
