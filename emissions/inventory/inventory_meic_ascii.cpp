// MEIC ESRI ASCII grids (see inventory_formats.hpp): <yyyy>_<mm>__<sector>__<species>.asc, a
// six-line header (ncols, nrows, xll corner or centre, cellsize, nodata_value), rows from north
// to south, t or Mmol per cell per month.
#include "emissions/inventory/inventory_formats.hpp"

#include <fstream>
#include <map>

#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

namespace lantian::emis::detail {

Inventory read_meic_ascii(const std::string& path, const InventoryOptions& opt) {
  Inventory inv;
  inv.path = path;
  inv.format = "meic-asc";
  GriddedStream s;
  if (!parse_meic_name(path, s.year, s.month, s.sector, s.species))
    throw Error::in_file(path, "MEIC file names must read <yyyy>_<mm>__<sector>__<species>.asc");
  std::ifstream in(path);
  if (!in) throw Error::in_file(path, "cannot open");
  std::map<std::string, double> h;
  long line = 0;
  bool x_centre = false, y_centre = false;
  for (int k = 0; k < 6; ++k) {
    std::string key;
    double v;
    ++line;
    if (!(in >> key >> v)) throw Error::in_file(path, "bad ESRI ASCII header", "", line);
    std::string lk = text::lower(key);
    if (lk == "xllcenter") x_centre = true;
    if (lk == "yllcenter") y_centre = true;
    if (lk == "xllcenter") lk = "xllcorner";
    if (lk == "yllcenter") lk = "yllcorner";
    h[lk] = v;
  }
  for (const char* k : {"ncols", "nrows", "xllcorner", "yllcorner", "cellsize", "nodata_value"})
    if (!h.count(k)) throw Error::in_file(path, std::string("ESRI ASCII header lacks ") + k);
  const int nx = static_cast<int>(h["ncols"]), ny = static_cast<int>(h["nrows"]);
  const double cs = h["cellsize"];
  if (nx <= 0 || ny <= 0 || !(cs > 0.0)) throw Error::in_file(path, "bad ncols/nrows/cellsize");
  const double x0 = h["xllcorner"] - (x_centre ? 0.5 * cs : 0.0);
  const double y0 = h["yllcorner"] - (y_centre ? 0.5 * cs : 0.0);
  inv.grid.kind = SourceGrid::Kind::latlon;
  inv.grid.nx = nx;
  inv.grid.ny = ny;
  for (int i = 0; i <= nx; ++i) inv.grid.x_edges.push_back(x0 + i * cs);
  for (int j = 0; j <= ny; ++j) inv.grid.y_edges.push_back(y0 + j * cs);
  s.per_cell.assign(inv.grid.size(), 0.0);
  const double nodata = h["nodata_value"];
  // Rows run from north to south.
  for (int r = 0; r < ny; ++r) {
    for (int i = 0; i < nx; ++i) {
      std::string tok;
      if (!(in >> tok))
        throw Error::in_file(path, "data end early (row " + std::to_string(r + 1) + " of " + std::to_string(ny) + ")",
                             s.species);
      double v;
      try {
        size_t used = 0;
        v = std::stod(tok, &used);
        if (used != tok.size()) throw 1;  // "6O" is not 6
      } catch (...) {
        throw Error::in_file(path, "not a number: '" + tok + "' (data row " + std::to_string(r + 1) + ")", s.species);
      }
      if (v == nodata) v = 0.0;
      s.per_cell[static_cast<size_t>(ny - 1 - r) * nx + i] = v;
    }
  }
  check_values(s.per_cell, path, s.species, nx);
  const UnitSpec u = parse_unit(meic_default_unit(s.species, opt), path + " (MEIC unit)");
  s.origin = path;
  to_per_cell(s, u, inv.grid, opt);
  inv.streams.push_back(std::move(s));
  return inv;
}

}  // namespace lantian::emis::detail
