#include "solver/transport/metrics.hpp"

namespace lantian::transport {

LocalMetrics make_local_metrics(const grid::HorizontalGrid& g, const parallel::Decomposition& d) {
  const int nx = d.nx, ny = d.ny, h = d.halo;
  LocalMetrics m;
  m.area_m2 = grid::Field3Dd(grid::Extents{nx, ny, 1, h});
  m.face_x_len_m = grid::Field3Dd(grid::Extents{nx + 1, ny, 1, h});
  m.face_y_len_m = grid::Field3Dd(grid::Extents{nx, ny + 1, 1, h});
  m.dist_x_m = grid::Field3Dd(grid::Extents{nx + 1, ny, 1, h});
  m.dist_y_m = grid::Field3Dd(grid::Extents{nx, ny + 1, 1, h});
  // Metrics are functions of the global index, so every decomposition sees the same bits.
  for (int j = -h; j < ny + h; ++j)
    for (int i = -h; i < nx + h; ++i) m.area_m2(i, j, 0) = g.cell_area_m2(d.i0 + i, d.j0 + j);
  for (int j = -h; j < ny + h; ++j)
    for (int i = -h; i < nx + 1 + h; ++i) {
      m.face_x_len_m(i, j, 0) = g.face_x_length_m(d.i0 + i, d.j0 + j);
      m.dist_x_m(i, j, 0) = g.dist_x_m(d.i0 + i, d.j0 + j);
    }
  for (int j = -h; j < ny + 1 + h; ++j)
    for (int i = -h; i < nx + h; ++i) {
      m.face_y_len_m(i, j, 0) = g.face_y_length_m(d.i0 + i, d.j0 + j);
      m.dist_y_m(i, j, 0) = g.dist_y_m(d.i0 + i, d.j0 + j);
    }
  return m;
}

}  // namespace lantian::transport
