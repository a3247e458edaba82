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

TEST_CASE("the process grid: x cuts count twice, every block at least a halo wide", "[unit][parallel]") {
  using G = std::array<int, 2>;
  // The Yantai demo's 60 x 50 columns: 2 ranks cut across rows (60 x 25 blocks: cost 2 x 25
  // + 60 = 110) rather than columns (30 x 50: 2 x 50 + 30 = 130), 4 ranks into 2 x 2.
  CHECK(parallel::process_grid(2, 60, 50, 3) == G{1, 2});
  CHECK(parallel::process_grid(4, 60, 50, 3) == G{2, 2});
  CHECK(parallel::process_grid(1, 60, 50, 3) == G{1, 1});
  // A grid long in x is still cut in x: 200 x 20 on 2 ranks, 100 x 20 (140) against 200 x 10 (220).
  CHECK(parallel::process_grid(2, 200, 20, 3) == G{2, 1});
  // 16 ranks on 100 x 100: 4 x 4 (2 x 25 + 25 = 75) just ahead of 2 x 8 (2 x 13 + 50 = 76).
  CHECK(parallel::process_grid(16, 100, 100, 3) == G{4, 4});
  // Blocks narrower than the halo are not allowed: 7 rows over 3 ranks would give 2-row blocks.
  CHECK(parallel::process_grid(3, 60, 7, 3) == G{3, 1});
  CHECK(parallel::process_grid(5, 8, 8, 3) == G{0, 0});
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
