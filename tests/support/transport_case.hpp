#pragma once
// What the transport tests' cases share: a Cartesian test grid near Yantai and a deterministic
// pseudo-random number per global cell (the same on every decomposition, so a field built
// from it is the same on any number of ranks).
#include <cstdint>
#include <cstring>
#include <string>

#include "solver/grid/horizontal_grid.hpp"
#include "solver/state/chem_state.hpp"

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

/// For the tests of a species not transported: species `still` of `got` must keep the bits of
/// `fresh` (the state before the process), every other species those of `all` (the same process
/// moving every species). Returns the first owned cell that differs ("" when none) and adds to
/// `moved` the number of values `all` changed, so that a test can show it compared moved fields.
inline std::string still_species_mismatch(const state::ChemState& got, const state::ChemState& all,
                                          const state::ChemState& fresh, int still, int& moved) {
  const auto& e = got.extents();
  for (int n = 0; n < got.nspecies(); ++n) {
    const state::ChemState& want = n == still ? fresh : all;
    for (int k = 0; k < e.nz; ++k)
      for (int j = 0; j < e.ny; ++j)
        for (int i = 0; i < e.nx; ++i) {
          const double a = got.field(n)(i, j, k), b = want.field(n)(i, j, k);
          if (std::memcmp(&a, &b, sizeof a) != 0)
            return "species " + std::to_string(n) + ", cell (" + std::to_string(i) + ", " + std::to_string(j) + ", " +
                   std::to_string(k) + ")";
          moved += all.field(n)(i, j, k) != fresh.field(n)(i, j, k);
        }
  }
  return "";
}

}  // namespace lantian::test
