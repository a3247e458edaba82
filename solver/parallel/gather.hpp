#pragma once
// Gathers of owned blocks to rank 0 in global (i fastest, then j, then k) order, for the
// serial output path (netCDF-4 written by rank 0), order-fixed diagnostics and tests. Cost: one
// MPI_Gatherv of the whole field per call; docs/parallel-io.md says what this means at 1,000
// ranks and how the parallel path (PnetCDF, no gather) avoids it.
#include <vector>

#include "solver/grid/field.hpp"
#include "solver/parallel/decomposition.hpp"

namespace lantian::parallel {

/// Gathers layers [k0, k0+nk) of the owned cells of `f` to rank 0 into `global`
/// (nx_global * ny_global * nk values, index i + nx*(j + ny*k)). `global` is untouched elsewhere.
void gather_to_root(const Decomposition& d, grid::View3D<const double> f, int k0, int nk, std::vector<double>& global);

/// Sums, on every rank, a per-column quantity given on owned cells, in global order (so the
/// result is the same bits whatever the decomposition). `local[i + nx*j]` for owned (i, j).
double ordered_global_sum(const Decomposition& d, const std::vector<double>& local);

}  // namespace lantian::parallel
