#include "solver/parallel/halo_exchange.hpp"
#include "solver/parallel/wait_clock.hpp"

#include <algorithm>

namespace lantian::parallel {

void HaloExchanger::exchange(const std::vector<grid::View3D<double>>& fields, HaloDirection dir, int depth) {
  if (fields.empty()) return;
  const int halo = fields.front().extents().halo;
  depth = depth > 0 ? std::min(depth, halo) : halo;
  if (dir == HaloDirection::x || dir == HaloDirection::both) exchange_x(fields, depth);
  if (dir == HaloDirection::y || dir == HaloDirection::both) exchange_y(fields, depth);
}

namespace {
void post(const Decomposition& d, std::vector<double>& send_lo, std::vector<double>& send_hi,
          std::vector<double>& recv_lo, std::vector<double>& recv_hi, int lo, int hi, int tag) {
  MPI_Request req[4];
  const int n = static_cast<int>(send_lo.size());
  MPI_Irecv(recv_lo.data(), n, MPI_DOUBLE, lo, tag, d.comm, &req[0]);
  MPI_Irecv(recv_hi.data(), n, MPI_DOUBLE, hi, tag + 1, d.comm, &req[1]);
  MPI_Isend(send_lo.data(), n, MPI_DOUBLE, lo, tag + 1, d.comm, &req[2]);
  MPI_Isend(send_hi.data(), n, MPI_DOUBLE, hi, tag, d.comm, &req[3]);
  const WaitTimer waiting;
  MPI_Waitall(4, req, MPI_STATUSES_IGNORE);
}
}  // namespace

void HaloExchanger::exchange_x(const std::vector<grid::View3D<double>>& fields, int depth) {
  const auto& e = fields.front().extents();
  const int h = depth, nx = e.nx, ny = e.ny, nz = e.nz;
  if (h == 0 || (d_.west == MPI_PROC_NULL && d_.east == MPI_PROC_NULL)) return;
  const std::size_t per_field = static_cast<std::size_t>(h) * ny * nz;
  const std::size_t n = per_field * fields.size();
  send_lo_.resize(n);
  send_hi_.resize(n);
  recv_lo_.resize(n);
  recv_hi_.resize(n);
  const int nf = static_cast<int>(fields.size());
  // Only the sides with a neighbour are packed and unpacked: each side reads or writes a cache
  // line of every row.
  const bool west = d_.west != MPI_PROC_NULL, east = d_.east != MPI_PROC_NULL;
#pragma omp parallel for schedule(static) collapse(2)
  for (int f = 0; f < nf; ++f)
    for (int k = 0; k < nz; ++k)
      for (int j = 0; j < ny; ++j) {
        const double* row = &fields[f](0, j, k);
        const std::size_t idx = f * per_field + (static_cast<std::size_t>(k) * ny + j) * h;
        if (west) std::copy_n(row, h, send_lo_.data() + idx);
        if (east) std::copy_n(row + nx - h, h, send_hi_.data() + idx);
      }
  post(d_, send_lo_, send_hi_, recv_lo_, recv_hi_, d_.west, d_.east, 100);
#pragma omp parallel for schedule(static) collapse(2)
  for (int f = 0; f < nf; ++f)
    for (int k = 0; k < nz; ++k)
      for (int j = 0; j < ny; ++j) {
        double* row = &fields[f](0, j, k);
        const std::size_t idx = f * per_field + (static_cast<std::size_t>(k) * ny + j) * h;
        if (west) std::copy_n(recv_lo_.data() + idx, h, row - h);
        if (east) std::copy_n(recv_hi_.data() + idx, h, row + nx);
      }
}

void HaloExchanger::exchange_y(const std::vector<grid::View3D<double>>& fields, int depth) {
  const auto& e = fields.front().extents();
  const int h = depth, nx = e.nx, ny = e.ny, nz = e.nz;
  if (h == 0 || (d_.south == MPI_PROC_NULL && d_.north == MPI_PROC_NULL)) return;
  const int wx = nx + 2 * h;  // whole rows, x halos included: fills the corners
  const std::size_t per_field = static_cast<std::size_t>(h) * wx * nz;
  const std::size_t n = per_field * fields.size();
  send_lo_.resize(n);
  send_hi_.resize(n);
  recv_lo_.resize(n);
  recv_hi_.resize(n);
  const int nf = static_cast<int>(fields.size());
  const bool south = d_.south != MPI_PROC_NULL, north = d_.north != MPI_PROC_NULL;
#pragma omp parallel for schedule(static) collapse(2)
  for (int f = 0; f < nf; ++f)
    for (int k = 0; k < nz; ++k)
      for (int l = 0; l < h; ++l) {
        const std::size_t idx = f * per_field + (static_cast<std::size_t>(k) * h + l) * wx;
        if (south) std::copy_n(&fields[f](-h, l, k), wx, send_lo_.data() + idx);
        if (north) std::copy_n(&fields[f](-h, ny - h + l, k), wx, send_hi_.data() + idx);
      }
  post(d_, send_lo_, send_hi_, recv_lo_, recv_hi_, d_.south, d_.north, 200);
#pragma omp parallel for schedule(static) collapse(2)
  for (int f = 0; f < nf; ++f)
    for (int k = 0; k < nz; ++k)
      for (int l = 0; l < h; ++l) {
        const std::size_t idx = f * per_field + (static_cast<std::size_t>(k) * h + l) * wx;
        if (south) std::copy_n(recv_lo_.data() + idx, wx, &fields[f](-h, l - h, k));
        if (north) std::copy_n(recv_hi_.data() + idx, wx, &fields[f](-h, ny + l, k));
      }
}

}  // namespace lantian::parallel
