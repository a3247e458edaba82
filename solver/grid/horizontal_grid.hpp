#pragma once
// The model's horizontal grid: nx x ny cells of size dx x dy on a map projection, with the
// metrics that flux-form transport needs (cell areas and face lengths on the sphere).
#include "solver/grid/projection.hpp"

namespace lantian::grid {

/// Global horizontal grid. Cell (i, j), 0-based, has its centre at
/// (x0 + i dx, y0 + j dy) in projection coordinates. Indices may be fractional (faces at i-0.5).
struct HorizontalGrid {
  Projection proj;
  int nx = 0, ny = 0;
  double dx = 0.0;  ///< [m] (latlon: [degree] of longitude)
  double dy = 0.0;  ///< [m] (latlon: [degree] of latitude)
  double x0 = 0.0;  ///< centre of cell (0, 0) [m] (latlon: degrees relative to the reference)
  double y0 = 0.0;
  /// Idealised plane geometry (WRF's MAP_PROJ = 0, used by its ideal cases and by the
  /// verification tests): metrics are exactly dx and dy, map factor 1; `proj` only labels cells
  /// with latitude/longitude.
  bool cartesian = false;

  XY xy(double i, double j) const noexcept { return XY{x0 + i * dx, y0 + j * dy}; }
  LatLon latlon(double i, double j) const { return proj.inverse(xy(i, j)); }
  /// Map-scale factor at (i, j) (1 for latlon; see the metrics below).
  double map_factor(double i, double j) const;
  /// Area of cell (i, j) on the sphere [m2]: dx dy / m^2 (conformal), exact for latlon.
  double cell_area_m2(int i, int j) const;
  /// Length on the sphere [m] of the face between cells (i-1, j) and (i, j) (normal along x).
  double face_x_length_m(int i, int j) const;
  /// Length on the sphere [m] of the face between cells (i, j-1) and (i, j) (normal along y).
  double face_y_length_m(int i, int j) const;
  /// Distance [m] between the centres of cells (i-1, j) and (i, j), and (i, j-1) and (i, j).
  double dist_x_m(int i, int j) const;
  double dist_y_m(int i, int j) const;
};

}  // namespace lantian::grid
