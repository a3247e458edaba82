#pragma once
// The horizontal metrics of a rank's block, precomputed once from the grid: cell areas and face
// lengths on the sphere [m2, m], halos included, so transport never calls the projection.
#include "solver/grid/field.hpp"
#include "solver/grid/horizontal_grid.hpp"
#include "solver/parallel/decomposition.hpp"

namespace lantian::transport {

struct LocalMetrics {
  grid::Field3Dd area_m2;       ///< (nx, ny, 1, halo)
  grid::Field3Dd face_x_len_m;  ///< (nx+1, ny, 1, halo): face i between cells i-1 and i
  grid::Field3Dd face_y_len_m;  ///< (nx, ny+1, 1, halo)
  grid::Field3Dd dist_x_m;      ///< (nx+1, ny, 1, halo): centre distance across x-face i
  grid::Field3Dd dist_y_m;      ///< (nx, ny+1, 1, halo)
};

LocalMetrics make_local_metrics(const grid::HorizontalGrid& g, const parallel::Decomposition& d);

}  // namespace lantian::transport
