#pragma once
// The model grid of a WRF file series: the projection from the global attributes (MAP_PROJ,
// TRUELAT1/2, STAND_LON, CEN_LAT/CEN_LON as the domain centre, as WPS defines it), the window
// (trimmed like MCIP's BTRIM: Otte & Pleim 2010, Geosci. Model Dev. 3, 243-256,
// doi:10.5194/gmd-3-243-2010) and the collapse of WRF's levels into model layers.
#include <string>
#include <vector>

#include "meteo/wrf/wrf_series.hpp"
#include "solver/grid/horizontal_grid.hpp"

namespace lantian::meteo {

struct WrfWindowOptions {
  /// MCIP's BTRIM: < 0 keeps every WRF mass point; b >= 0 drops b+1 rows on each side, so
  /// that model cell (i, j) is WRF cell (i+b+1, j+b+1) (0-based), as MCIP.
  int btrim = -1;
  /// WRF w-level indices of the model layer interfaces (first 0, last = WRF's bottom_top,
  /// increasing); empty: one model layer per WRF layer.
  std::vector<int> layer_interfaces;
};

struct WrfDomain {
  grid::HorizontalGrid file_grid;   ///< every mass point of the files
  grid::HorizontalGrid model_grid;  ///< the model window
  int offset_i = 0, offset_j = 0;   ///< model cell (i, j) = file cell (i+offset_i, j+offset_j)
  std::vector<int> w_levels;        ///< model interface k = WRF w-level w_levels[k]
  /// True when the global attributes describe a larger (parent) domain than the file holds
  /// (cropped files): the window was placed from XLAT/XLONG.
  bool cropped = false;
  /// Offset of the file's first mass point in the domain the attributes describe.
  int crop_i = 0, crop_j = 0;
  /// Largest |lat/lon from the projection - XLAT/XLONG| over the file [degree].
  double max_latlon_error_deg = 0.0;
  int nz() const { return static_cast<int>(w_levels.size()) - 1; }
};

/// Builds the domain. Checks the grid against XLAT/XLONG (error when they disagree by more
/// than 1e-3 degree: attributes that do not describe the data) and the options (error naming
/// meteo.btrim or meteo.layer_interfaces).
WrfDomain make_wrf_domain(const WrfSeries& series, const WrfWindowOptions& opt);

/// The projection kind of WRF's MAP_PROJ (1, 2, 3, 6); throws for others.
grid::ProjectionKind projection_of_map_proj(int map_proj, const std::string& file);

}  // namespace lantian::meteo
