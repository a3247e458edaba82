#include "solver/parallel/gather.hpp"
#include "solver/parallel/wait_clock.hpp"

namespace lantian::parallel {

void gather_to_root(const Decomposition& d, grid::View3D<const double> f, int k0, int nk, std::vector<double>& global) {
  const int nx = d.nx, ny = d.ny;
  // Buffers kept between calls (per thread): the pages of a field-sized buffer are touched once,
  // not on every call (fresh pages cost a page fault each: ~0.1 s per 3-D field on a VM).
  static thread_local std::vector<double> local, recv;
  local.resize(static_cast<std::size_t>(nx) * ny * nk);
  for (int k = 0; k < nk; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i)
        local[static_cast<std::size_t>(i) + static_cast<std::size_t>(nx) * (j + static_cast<std::size_t>(ny) * k)] =
            f(i, j, k0 + k);
  std::vector<int> counts, displs;
  if (d.rank == 0) {
    counts.resize(static_cast<size_t>(d.nranks));
    displs.resize(static_cast<size_t>(d.nranks));
    int off = 0;
    for (int r = 0; r < d.nranks; ++r) {
      const auto b = d.block_of(r);
      counts[static_cast<size_t>(r)] = b[2] * b[3] * nk;
      displs[static_cast<size_t>(r)] = off;
      off += counts[static_cast<size_t>(r)];
    }
    recv.resize(static_cast<size_t>(off));
  }
  {
    const WaitTimer waiting;  // the others wait here while rank 0 writes the last record
    MPI_Gatherv(local.data(), static_cast<int>(local.size()), MPI_DOUBLE, recv.data(), counts.data(), displs.data(),
                MPI_DOUBLE, 0, d.comm);
  }
  if (d.rank != 0) return;
  const std::size_t gx = static_cast<std::size_t>(d.nx_global), gy = static_cast<std::size_t>(d.ny_global);
  global.assign(gx * gy * static_cast<std::size_t>(nk), 0.0);
  for (int r = 0; r < d.nranks; ++r) {
    const auto b = d.block_of(r);
    const double* src = recv.data() + displs[static_cast<size_t>(r)];
    for (int k = 0; k < nk; ++k)
      for (int j = 0; j < b[3]; ++j)
        for (int i = 0; i < b[2]; ++i)
          global[static_cast<std::size_t>(b[0] + i) + gx * (static_cast<std::size_t>(b[1] + j) + gy * k)] =
              src[static_cast<std::size_t>(i) +
                  static_cast<std::size_t>(b[2]) * (j + static_cast<std::size_t>(b[3]) * k)];
  }
}

double ordered_global_sum(const Decomposition& d, const std::vector<double>& local) {
  grid::View3D<const double> v(local.data(), grid::Extents{d.nx, d.ny, 1, 0});
  std::vector<double> global;
  gather_to_root(d, v, 0, 1, global);
  double sum = 0.0;
  if (d.rank == 0)
    for (double x : global) sum += x;
  MPI_Bcast(&sum, 1, MPI_DOUBLE, 0, d.comm);
  return sum;
}

}  // namespace lantian::parallel
