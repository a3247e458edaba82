#pragma once
// 2-D domain decomposition over an MPI Cartesian communicator: any number of ranks, any nx, ny
// (blocks differ by at most one cell). Each rank owns a block of whole columns.
#include <mpi.h>

#include <array>
#include <string>

namespace lantian::parallel {

/// The block of the global grid that this rank owns, and its neighbours.
struct Decomposition {
  int nx_global = 0, ny_global = 0;
  int px = 1, py = 1;             ///< ranks along x and y
  int rank = 0, nranks = 1;       ///< in `comm`
  int cx = 0, cy = 0;             ///< this rank's coordinates in the process grid
  int i0 = 0, j0 = 0;             ///< global index of this rank's first owned cell
  int nx = 0, ny = 0;             ///< owned cells
  int halo = 0;                   ///< halo width of state fields [cells]
  MPI_Comm comm = MPI_COMM_NULL;  ///< Cartesian communicator (not periodic)
  int west = MPI_PROC_NULL, east = MPI_PROC_NULL, south = MPI_PROC_NULL, north = MPI_PROC_NULL;

  bool at_west() const noexcept { return cx == 0; }
  bool at_east() const noexcept { return cx == px - 1; }
  bool at_south() const noexcept { return cy == 0; }
  bool at_north() const noexcept { return cy == py - 1; }
  /// Global start index and size of block c of n cells split in p parts.
  static std::array<int, 2> block(int n, int p, int c) noexcept;
  /// The owned block of another rank, as {i0, j0, nx, ny}.
  std::array<int, 4> block_of(int other_rank) const;
  std::string describe() const;
};

/// The process grid {px, py} (px * py = nranks) for an nx x ny grid: the one that minimises
/// the largest block's halo cost, 2 x its rows + its columns, among those whose every block is
/// at least `halo` cells wide; {0, 0} if there is none. A cut between blocks in x costs twice
/// as much per cell of its length as a cut in y: an x halo is a few values from every row (a
/// cache line each to pack and to unpack), a y halo whole rows; and wide blocks keep the
/// y and z sweeps' vectors, which run across i, full (docs/performance.md, "The process grid").
std::array<int, 2> process_grid(int nranks, int nx, int ny, int halo);

/// Builds the decomposition of an nx x ny grid over the ranks of `comm` on process_grid's
/// px x py. Throws if a block would be narrower than the halo (too many ranks for the grid).
Decomposition decompose(MPI_Comm comm, int nx, int ny, int halo);

}  // namespace lantian::parallel
