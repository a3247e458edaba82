#pragma once
// Conservative regridding of inventory cells to the model grid by exact polygon overlap
// (first-order conservative remapping; Jones, 1999, Mon. Wea. Rev. 127, 2204-2210,
// doi:10.1175/1520-0493(1999)127<2204:FASOCR>2.0.CO;2), with polygon clipping after
// Sutherland & Hodgman (1974), Commun. ACM 17(1) 32-42, doi:10.1145/360767.360802.
#include <cstdint>
#include <vector>

#include "emissions/inventory/source_grid.hpp"
#include "solver/grid/horizontal_grid.hpp"

namespace lantian::emis {

/// Weights from source cells to the owned block of model cells. Overlaps are computed in the
/// model's projection plane (for lat-lon model grids in the equal-area plane (lon, sin lat)),
/// with each source-cell edge sampled at several points so curved edges are followed.
/// Guarantees: a source cell entirely inside the model domain distributes exactly its mass
/// (weights sum to 1 up to rounding); one partly inside distributes the covered fraction.
/// Every rank computes the overlaps of all model cells (so the normalisation is the same on
/// every rank) and keeps those of its own block: results do not depend on the decomposition.
struct RegridWeights {
  struct Entry {
    std::uint32_t src;  ///< source cell j * nx + i
    std::int32_t cell;  ///< owned model cell (j - j0) * nx_block + (i - i0)
    double w;           ///< fraction of the source cell's amount that goes to the cell [1]
  };
  std::vector<Entry> entries;            ///< ordered by source cell, then model cell
  std::vector<double> covered_fraction;  ///< per source cell: fraction inside the domain [1]
  int i0 = 0, j0 = 0, nx = 0, ny = 0;    ///< the owned block

  /// out[cell] += sum over source cells of w * src[cell], in source order (deterministic).
  void apply(const std::vector<double>& src, std::vector<double>& out) const;
  /// Sum over source cells of covered_fraction * src: what the whole domain receives.
  double covered_total(const std::vector<double>& src) const;
};

/// Builds the weights for the block (i0, j0, nx, ny) of `model`.
RegridWeights build_regrid_weights(const SourceGrid& src, const grid::HorizontalGrid& model, int i0, int j0, int nx,
                                   int ny);

}  // namespace lantian::emis
