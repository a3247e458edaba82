// MEIC GMT-style NetCDF grids (see inventory_formats.hpp): x_range, y_range, spacing and
// dimension describe a lat-lon grid (pixel or grid-line registration); z holds the values,
// rows from north to south.
#include "emissions/inventory/inventory_formats.hpp"

#include <cmath>

#include "emissions/inventory/netcdf_attributes.hpp"
#include "solver/core/error.hpp"

namespace lantian::emis::detail {

using netCDF::NcFile;
using netCDF::NcVar;

Inventory read_meic_gmt(const std::string& path, NcFile& f, const InventoryOptions& opt) {
  Inventory inv;
  inv.path = path;
  inv.format = "meic-gmt";
  GriddedStream s;
  if (!parse_meic_name(path, s.year, s.month, s.sector, s.species))
    throw Error::in_file(path, "MEIC file names must read <yyyy>_<mm>__<sector>__<species>.nc");
  const auto xr = read_all(f.getVar("x_range"), path), yr = read_all(f.getVar("y_range"), path);
  const auto sp = read_all(f.getVar("spacing"), path);
  NcVar dimv = f.getVar("dimension");
  if (xr.size() != 2 || yr.size() != 2 || sp.size() != 2 || dimv.isNull())
    throw Error::in_file(path, "GMT grid needs x_range, y_range, spacing and dimension");
  const auto dm = read_all(dimv, path);
  const int nx = static_cast<int>(dm[0]), ny = static_cast<int>(dm[1]);
  NcVar z = f.getVar("z");
  // Pixel registration when the ranges span nx cells, grid-line (centres) when nx-1.
  const double nspan = (xr[1] - xr[0]) / sp[0];
  const bool pixel = std::fabs(nspan - nx) < 0.01;
  if (!pixel && std::fabs(nspan - (nx - 1)) > 0.01)
    throw Error::in_file(path, "x_range, spacing and dimension disagree", "x_range");
  const double x0 = pixel ? xr[0] : xr[0] - 0.5 * sp[0];
  const double y0 = pixel ? yr[0] : yr[0] - 0.5 * sp[1];
  inv.grid.kind = SourceGrid::Kind::latlon;
  inv.grid.nx = nx;
  inv.grid.ny = ny;
  for (int i = 0; i <= nx; ++i) inv.grid.x_edges.push_back(x0 + i * sp[0]);
  for (int j = 0; j <= ny; ++j) inv.grid.y_edges.push_back(y0 + j * sp[1]);
  const auto raw = read_emission(z, path);
  if (raw.size() != inv.grid.size())
    throw Error::in_file(
        path, "z has " + std::to_string(raw.size()) + " values, expected " + std::to_string(inv.grid.size()), "z");
  s.per_cell.assign(raw.size(), 0.0);
  for (int r = 0; r < ny; ++r)  // GMT rows run from north to south
    for (int i = 0; i < nx; ++i)
      s.per_cell[static_cast<size_t>(ny - 1 - r) * nx + i] = raw[static_cast<size_t>(r) * nx + i];
  check_values(s.per_cell, path, "z", nx);
  std::string ustr = att_string(z, "units");
  if (ustr.empty()) ustr = meic_default_unit(s.species, opt);
  const UnitSpec u = parse_unit(ustr, path + ":z");
  s.origin = path + ":z";
  to_per_cell(s, u, inv.grid, opt);
  inv.streams.push_back(std::move(s));
  return inv;
}

}  // namespace lantian::emis::detail
