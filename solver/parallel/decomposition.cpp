#include "solver/parallel/decomposition.hpp"

#include <algorithm>
#include <limits>

#include "solver/core/error.hpp"

namespace lantian::parallel {

std::array<int, 2> Decomposition::block(int n, int p, int c) noexcept {
  const int base = n / p, extra = n % p;
  const int start = c * base + (c < extra ? c : extra);
  return {start, base + (c < extra ? 1 : 0)};
}

std::array<int, 4> Decomposition::block_of(int other_rank) const {
  int coords[2] = {0, 0};
  if (comm != MPI_COMM_NULL) MPI_Cart_coords(comm, other_rank, 2, coords);
  const auto bx = block(nx_global, px, coords[0]);
  const auto by = block(ny_global, py, coords[1]);
  return {bx[0], by[0], bx[1], by[1]};
}

std::string Decomposition::describe() const {
  return std::to_string(nranks) + " rank(s) as " + std::to_string(px) + " x " + std::to_string(py) +
         " blocks of about " + std::to_string(nx_global / px) + " x " + std::to_string(ny_global / py) + " columns";
}

std::array<int, 2> process_grid(int nranks, int nx, int ny, int halo) {
  std::array<int, 2> best{0, 0};
  long best_cost = std::numeric_limits<long>::max();
  for (int px = 1; px <= nranks; ++px) {
    if (nranks % px) continue;
    const int py = nranks / px;
    if (nx / px < std::max(halo, 1) || ny / py < std::max(halo, 1)) continue;
    const long cost = 2L * ((ny + py - 1) / py) + (nx + px - 1) / px;
    if (cost < best_cost) {
      best_cost = cost;
      best = {px, py};
    }
  }
  return best;
}

Decomposition decompose(MPI_Comm comm, int nx, int ny, int halo) {
  Decomposition d;
  MPI_Comm_rank(comm, &d.rank);
  MPI_Comm_size(comm, &d.nranks);
  d.nx_global = nx;
  d.ny_global = ny;
  d.halo = halo;
  const auto grid = process_grid(d.nranks, nx, ny, halo);
  d.px = grid[0];
  d.py = grid[1];
  if (d.px == 0)
    throw Error("cannot decompose a " + std::to_string(nx) + " x " + std::to_string(ny) + " grid over " +
                std::to_string(d.nranks) + " ranks: every block must be at least " + std::to_string(halo) +
                " cells wide (the advection halo); use fewer ranks");
  int dims[2] = {d.px, d.py};
  int periods[2] = {0, 0};
  MPI_Cart_create(comm, 2, dims, periods, /*reorder=*/0, &d.comm);
  int coords[2];
  MPI_Cart_coords(d.comm, d.rank, 2, coords);
  d.cx = coords[0];
  d.cy = coords[1];
  MPI_Cart_shift(d.comm, 0, 1, &d.west, &d.east);
  MPI_Cart_shift(d.comm, 1, 1, &d.south, &d.north);
  const auto bx = Decomposition::block(nx, d.px, d.cx);
  const auto by = Decomposition::block(ny, d.py, d.cy);
  d.i0 = bx[0];
  d.nx = bx[1];
  d.j0 = by[0];
  d.ny = by[1];
  return d;
}

}  // namespace lantian::parallel
