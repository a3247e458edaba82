#pragma once
// The grid an inventory is distributed on: a regular latitude-longitude grid (MEIC, EDGAR,
// HTAP, CAMS, TNO) or a projected grid (CF grid_mapping). Cell polygons and areas on the
// sphere. Spherical-excess area of great-circle polygons (L'Huilier; Eriksson, 1990, "On the
// measure of solid angles", Math. Mag. 63(3) 184-187, doi:10.1080/0025570X.1990.11977515)
// reproduces CDO's gridarea.
#include <array>
#include <string>
#include <vector>

#include "solver/grid/projection.hpp"

namespace lantian::emis {

struct SourceGrid {
  enum class Kind { latlon, projected };
  Kind kind = Kind::latlon;
  int nx = 0, ny = 0;
  /// latlon: nx+1 longitude and ny+1 latitude cell edges [degree], increasing.
  /// projected: nx+1 and ny+1 edges in the projection's plane [m] (reference point at 0).
  std::vector<double> x_edges, y_edges;
  grid::Projection proj;              ///< projected grids only
  double earth_radius_m = 6371000.0;  ///< radius for lat-lon cell areas (CDO, EDGAR)

  size_t size() const noexcept { return static_cast<size_t>(nx) * static_cast<size_t>(ny); }
  /// Area of cell (i, j) on the sphere [m2]: exact for cells bounded by parallels and
  /// meridians; dx dy / m^2 at the cell centre for conformal projected grids.
  double cell_area_m2(int i, int j) const;
  /// The area CDO's gridarea gives for a lat-lon cell (great-circle edges, R = earth_radius_m)
  /// [m2]; it differs from cell_area_m2 by up to ~0.1 % for 5-degree cells.
  double cell_area_great_circle_m2(int i, int j) const;
  /// The cell outline as lon/lat points [degree], counter-clockwise, with `nsub` points per
  /// edge (edges of projected cells are straight in their plane, curved in lon/lat).
  std::vector<grid::LatLon> outline(int i, int j, int nsub) const;
  /// Centre of cell (i, j).
  grid::LatLon centre(int i, int j) const;
};

/// Edges from cell centres as CDO makes them: midpoints, the ends extrapolated by half a
/// spacing; `clamp_lat` clips to [-90, 90].
std::vector<double> edges_from_centres(const std::vector<double>& c, bool clamp_lat);

}  // namespace lantian::emis
