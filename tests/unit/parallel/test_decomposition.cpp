// Decomposition, halo exchange and ordered gathers, on whatever ranks the test runs with
// (ctest runs it on 1, 2, 3 and 4).
#include <catch2/catch.hpp>

#include <cmath>

#include "solver/parallel/decomposition.hpp"
#include "solver/parallel/gather.hpp"
#include "solver/parallel/halo_exchange.hpp"

using namespace lantian;
using parallel::Decomposition;

TEST_CASE("blocks partition any n over any p, sizes differing by at most one", "[unit][parallel]") {
  for (int n : {1, 7, 23, 100, 101})
    for (int p = 1; p <= std::min(n, 9); ++p) {
      int next = 0, lo = n, hi = 0;
      for (int c = 0; c < p; ++c) {
        const auto b = Decomposition::block(n, p, c);
        CHECK(b[0] == next);
        next += b[1];
        lo = std::min(lo, b[1]);
        hi = std::max(hi, b[1]);
      }
      CHECK(next == n);
      CHECK(hi - lo <= 1);
    }
}

TEST_CASE("halo exchange copies the neighbours' owned cells exactly", "[unit][parallel][mpi]") {
  const int nx = 23, ny = 17, nz = 3, h = 3;
  const auto d = parallel::decompose(MPI_COMM_WORLD, nx, ny, h);
  auto value = [](int gi, int gj, int k) { return gi + 100.0 * gj + 1e4 * k + 0.5; };
  grid::Field3Dd a(grid::Extents{d.nx, d.ny, nz, h}, -1.0), b(grid::Extents{d.nx, d.ny, nz, h}, -1.0);
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < d.ny; ++j)
      for (int i = 0; i < d.nx; ++i) {
        a(i, j, k) = value(d.i0 + i, d.j0 + j, k);
        b(i, j, k) = -value(d.i0 + i, d.j0 + j, k);
      }
  parallel::HaloExchanger x(d);
  x.exchange({a.view(), b.view()}, parallel::HaloDirection::both);
  int wrong = 0;
  for (int k = 0; k < nz; ++k)
    for (int j = -h; j < d.ny + h; ++j)
      for (int i = -h; i < d.nx + h; ++i) {
        const int gi = d.i0 + i, gj = d.j0 + j;
        const bool inside = gi >= 0 && gi < nx && gj >= 0 && gj < ny;
        const double expect = inside ? value(gi, gj, k) : -1.0;  // domain edges untouched
        if (a(i, j, k) != expect || b(i, j, k) != (inside ? -expect : -1.0)) ++wrong;
      }
  CHECK(wrong == 0);
}

TEST_CASE("halo exchange of a given depth fills only that many cells", "[unit][parallel][mpi]") {
  const int nx = 23, ny = 17, nz = 2, h = 3;
  const auto d = parallel::decompose(MPI_COMM_WORLD, nx, ny, h);
  auto value = [](int gi, int gj, int k) { return gi + 100.0 * gj + 1e4 * k + 0.5; };
  grid::Field3Dd a(grid::Extents{d.nx, d.ny, nz, h}, -1.0);
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < d.ny; ++j)
      for (int i = 0; i < d.nx; ++i) a(i, j, k) = value(d.i0 + i, d.j0 + j, k);
  parallel::HaloExchanger x(d);
  x.exchange({a.view()}, parallel::HaloDirection::both, 1);
  int wrong = 0;
  for (int k = 0; k < nz; ++k)
    for (int j = -h; j < d.ny + h; ++j)
      for (int i = -h; i < d.nx + h; ++i) {
        const int gi = d.i0 + i, gj = d.j0 + j;
        const bool near = i >= -1 && i <= d.nx && j >= -1 && j <= d.ny;  // one cell deep, corners too
        const bool inside = gi >= 0 && gi < nx && gj >= 0 && gj < ny;
        if (a(i, j, k) != (near && inside ? value(gi, gj, k) : -1.0)) ++wrong;
      }
  CHECK(wrong == 0);
}

TEST_CASE("gathers and ordered sums give the same bits on any decomposition", "[unit][parallel][mpi]") {
  const int nx = 23, ny = 17;
  const auto d = parallel::decompose(MPI_COMM_WORLD, nx, ny, 3);
  std::vector<double> local(static_cast<size_t>(d.nx) * d.ny);
  for (int j = 0; j < d.ny; ++j)
    for (int i = 0; i < d.nx; ++i)
      local[static_cast<size_t>(i + d.nx * j)] = std::sin(0.37 * (d.i0 + i)) * 1e3 + 1.0 / (1 + d.j0 + j);
  const double sum = parallel::ordered_global_sum(d, local);
  double serial = 0.0;  // the same sum in global order, computed here on one rank
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) serial += std::sin(0.37 * i) * 1e3 + 1.0 / (1 + j);
  CHECK(sum == serial);  // bitwise
  grid::View3D<const double> v(local.data(), grid::Extents{d.nx, d.ny, 1, 0});
  std::vector<double> global;
  parallel::gather_to_root(d, v, 0, 1, global);
  if (d.rank == 0)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i)
        CHECK(global[static_cast<size_t>(i + nx * j)] == std::sin(0.37 * i) * 1e3 + 1.0 / (1 + j));
}
