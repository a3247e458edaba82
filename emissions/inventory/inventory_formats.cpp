// What the inventory readers share (see inventory_formats.hpp).
#include "emissions/inventory/inventory_formats.hpp"

#include <cmath>
#include <set>
#include <sstream>

#include "solver/core/error.hpp"

namespace lantian::emis::detail {

bool is_meic_mass_species(const std::string& s) {
  static const std::set<std::string> mass{"SO2",   "NOx",  "NOX",      "CO", "NMVOC", "VOC", "NH3", "PM10",
                                          "PM2.5", "PM25", "PMcoarse", "BC", "OC",    "CO2", "CH4"};
  return mass.count(s) > 0;
}

void check_values(const std::vector<double>& v, const std::string& file, const std::string& var, int nx) {
  for (size_t n = 0; n < v.size(); ++n) {
    if (!std::isfinite(v[n]) || v[n] < 0.0) {
      std::ostringstream os;
      os << (std::isfinite(v[n]) ? "negative" : "NaN or infinite") << " emission " << v[n]
         << " at cell (i=" << n % static_cast<size_t>(nx) << ", j=" << n / static_cast<size_t>(nx) << ")";
      throw Error::in_file(file, os.str(), var);
    }
  }
}

void to_per_cell(GriddedStream& s, const UnitSpec& u, const SourceGrid& g, const InventoryOptions& opt) {
  const bool gc = opt.latlon_area == "great_circle" && g.kind == SourceGrid::Kind::latlon;
  for (int j = 0; j < g.ny; ++j)
    for (int i = 0; i < g.nx; ++i) {
      double& v = s.per_cell[static_cast<size_t>(j) * g.nx + i];
      v *= u.to_base;
      if (u.per_m2) v *= gc ? g.cell_area_great_circle_m2(i, j) : g.cell_area_m2(i, j);
    }
  s.unit = u;
  s.unit.to_base = 1.0;
  s.unit.per_m2 = false;
}

SourceGrid latlon_grid(const std::vector<double>& lon_c, const std::vector<double>& lat_c) {
  SourceGrid g;
  g.kind = SourceGrid::Kind::latlon;
  g.nx = static_cast<int>(lon_c.size());
  g.ny = static_cast<int>(lat_c.size());
  g.x_edges = edges_from_centres(lon_c, false);
  g.y_edges = edges_from_centres(lat_c, true);
  return g;
}

const std::string& meic_default_unit(const std::string& species, const InventoryOptions& opt) {
  return is_meic_mass_species(species) ? opt.meic_mass_unit : opt.meic_mole_unit;
}

}  // namespace lantian::emis::detail
