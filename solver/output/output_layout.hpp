#pragma once
// The definitions of the hourly output file and the CF grid mapping, described once
// (nc_layout.hpp) for both sinks: dimensions time (unlimited), y, x[, z][, tag]; the CF-1.8
// global attributes; coordinates, lat/lon, landmask; each written species (surface, and _3d),
// the extra 2-D fields, the derived totals and the attribution's contributions.
#include <string>
#include <vector>

#include "solver/grid/horizontal_grid.hpp"
#include "solver/grid/vertical_grid.hpp"
#include "solver/output/nc_layout.hpp"
#include "solver/state/species.hpp"

namespace lantian::output {

struct OutputOptions;

/// CF grid-mapping attributes of `g` for the scalar variable `crs` (also used by checkpoints).
std::vector<NcAtt> grid_mapping_atts(const grid::HorizontalGrid& g);

/// The output file of `opt` for the species `written` (indices into `species`).
NcLayout output_layout(const OutputOptions& opt, const grid::HorizontalGrid& g, const grid::VerticalGrid& v,
                       const state::SpeciesList& species, const std::vector<int>& written);

/// Values of the coordinate variables x, y (1-D) and lat, lon (y, x), and z (layer middles
/// [m]), in file order.
struct Coordinates {
  std::vector<double> x, y, lat, lon, z;
};
Coordinates output_coordinates(const grid::HorizontalGrid& g, const grid::VerticalGrid& v);

}  // namespace lantian::output
