#pragma once
// The case keys of the model grid (grid.*): projection, size, spacing, centre and nominal
// layers, and the horizontal grid they describe (without WRF met; with it the grid comes from
// the WRF files, meteo/wrf/meteo_config.hpp).
#include "solver/config/case_config.hpp"
#include "solver/config/schema.hpp"
#include "solver/grid/horizontal_grid.hpp"

namespace lantian::grid {

/// Declares the `grid.*` keys.
void declare_grid_keys(config::Schema& s);
/// The horizontal grid of grid.*: the domain centre is the projection's reference point.
/// Throws naming the key for an impossible grid (true latitudes in two hemispheres, a corner
/// outside the projection, a latitude-longitude grid beyond a pole).
HorizontalGrid grid_from_config(const config::CaseConfig& cfg);

}  // namespace lantian::grid
