// CF NetCDF inventories (see inventory_formats.hpp): EDGAR, HTAP and CAMS style files, one
// variable per species (and sector) on 1-D lat/lon or projected x/y coordinates with a
// grid_mapping (Lambert conformal conic); the first time record is read.
#include "emissions/inventory/inventory_formats.hpp"

#include <cmath>
#include <sstream>

#include "emissions/inventory/netcdf_attributes.hpp"
#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

namespace lantian::emis::detail {

using netCDF::NcFile;
using netCDF::NcVar;

namespace {

bool is_name(const NcVar& v, std::initializer_list<const char*> names) {
  const std::string n = text::lower(v.getName());
  for (auto* c : names)
    if (n == c) return true;
  return false;
}

/// Reads the projection of a CF grid_mapping variable (Lambert conformal conic only).
grid::Projection cf_projection(const NcVar& gm, const std::string& path, double& fe, double& fn, double& radius) {
  const std::string name = att_string(gm, "grid_mapping_name");
  if (name != "lambert_conformal_conic")
    throw Error::in_file(
        path, "unsupported grid_mapping_name '" + name + "' (lambert_conformal_conic or lat-lon grids)", gm.getName());
  grid::ProjectionParams p;
  p.kind = grid::ProjectionKind::lambert_conformal;
  const auto sp = att_doubles(gm, "standard_parallel");
  if (sp.empty()) throw Error::in_file(path, "no standard_parallel", gm.getName());
  p.truelat1_deg = sp[0];
  p.truelat2_deg = sp.size() > 1 ? sp[1] : sp[0];
  p.stand_lon_deg = att_double(gm, "longitude_of_central_meridian", 0.0);
  p.ref_lon_deg = p.stand_lon_deg;
  p.ref_lat_deg = att_double(gm, "latitude_of_projection_origin", 0.0);
  radius = att_double(gm, "earth_radius", att_double(gm, "semi_major_axis", 6370000.0));
  p.earth_radius_m = radius;
  fe = att_double(gm, "false_easting", 0.0);
  fn = att_double(gm, "false_northing", 0.0);
  return grid::Projection(p);
}

/// Species and sector of a CF variable: attributes `species`/`sector`, else the names
/// <sp>_sector_<sector>, <sp>__<sector>, emi_<sp>, or the variable name itself.
void cf_species_sector(const NcVar& v, const std::string& def_sector, std::string& species, std::string& sector) {
  const std::string name = v.getName();
  species = att_string(v, "species");
  sector = att_string(v, "sector");
  if (!species.empty()) {
    if (sector.empty()) sector = def_sector;
    return;
  }
  size_t p;
  if ((p = name.find("_sector_")) != std::string::npos) {
    species = name.substr(0, p);
    sector = name.substr(p + 8);
  } else if ((p = name.find("__")) != std::string::npos) {
    species = name.substr(0, p);
    sector = name.substr(p + 2);
  } else if (name.rfind("emi_", 0) == 0) {
    species = name.substr(4);
    sector = def_sector;
  } else {
    species = name;
    sector = def_sector;
  }
}

/// The source grid of a CF file and the names of its x and y dimensions.
struct CfGrid {
  SourceGrid grid;
  std::string xdim, ydim;
};

/// Cell edges along a projected coordinate: its `bounds` variable, else midway between the
/// centres; shifted by the false easting or northing.
std::vector<double> projected_edges(NcFile& f, const NcVar& c, const std::vector<double>& centres, double offset,
                                    const std::string& path) {
  std::vector<double> e;
  const std::string b = att_string(c, "bounds");
  if (!b.empty() && !f.getVar(b).isNull()) {
    const auto bb = read_all(f.getVar(b), path);
    for (size_t k = 0; k < centres.size(); ++k) e.push_back(bb[2 * k]);
    e.push_back(bb[2 * centres.size() - 1]);
  } else {
    e = edges_from_centres(centres, false);
  }
  for (auto& v : e) v -= offset;
  return e;
}

/// Horizontal coordinates: 1-D lat/lon, or projected x/y with a grid_mapping.
CfGrid cf_grid(const std::string& path, NcFile& f) {
  const auto vars = f.getVars();
  NcVar lonv, latv, xv, yv;
  for (const auto& [n, v] : vars) {
    const std::string stdn = att_string(v, "standard_name");
    if (v.getDimCount() != 1) continue;
    if (stdn == "longitude" || is_name(v, {"lon", "longitude"})) lonv = v;
    if (stdn == "latitude" || is_name(v, {"lat", "latitude"})) latv = v;
    if (stdn == "projection_x_coordinate") xv = v;
    if (stdn == "projection_y_coordinate") yv = v;
  }
  CfGrid g;
  if (!xv.isNull() && !yv.isNull()) {
    // Projected: find the grid mapping from any data variable.
    NcVar gm;
    for (const auto& [n, v] : vars) {
      const std::string name = att_string(v, "grid_mapping");
      if (!name.empty()) {
        gm = f.getVar(name);
        break;
      }
    }
    if (gm.isNull()) throw Error::in_file(path, "projected coordinates without grid_mapping");
    double fe = 0.0, fn = 0.0, radius = 6370000.0;
    g.grid.proj = cf_projection(gm, path, fe, fn, radius);
    g.grid.earth_radius_m = radius;
    g.grid.kind = SourceGrid::Kind::projected;
    const auto xc = read_all(xv, path), yc = read_all(yv, path);
    g.grid.x_edges = projected_edges(f, xv, xc, fe, path);
    g.grid.y_edges = projected_edges(f, yv, yc, fn, path);
    g.grid.nx = static_cast<int>(xc.size());
    g.grid.ny = static_cast<int>(yc.size());
    g.xdim = xv.getDim(0).getName();
    g.ydim = yv.getDim(0).getName();
  } else if (!lonv.isNull() && !latv.isNull()) {
    auto lon = read_all(lonv, path), lat = read_all(latv, path);
    if (lat.size() > 1 && lat[1] < lat[0])
      throw Error::in_file(path, "latitudes must increase (north-to-south files: not supported)", latv.getName());
    g.grid = latlon_grid(lon, lat);
    g.xdim = lonv.getDim(0).getName();
    g.ydim = latv.getDim(0).getName();
  } else {
    throw Error::in_file(path, "no lat/lon or projected x/y coordinates found");
  }
  return g;
}

/// True for a variable on the (y, x) grid holding emission values: float data or packed
/// integers (CF §8.1), not a coordinate, mask or cell area.
bool is_emission_variable(const NcVar& v, const CfGrid& g) {
  const int nd = v.getDimCount();
  if (nd < 2) return false;
  if (v.getDim(nd - 1).getName() != g.xdim || v.getDim(nd - 2).getName() != g.ydim) return false;
  const auto t = v.getType().getTypeClass();
  const bool packed = !att_doubles(v, "scale_factor").empty() || !att_doubles(v, "add_offset").empty();
  if (t != netCDF::NcType::nc_FLOAT && t != netCDF::NcType::nc_DOUBLE && !packed) return false;
  const std::string stdn = att_string(v, "standard_name");
  return !(stdn == "latitude" || stdn == "longitude" || stdn == "land_binary_mask" || stdn == "cell_area" ||
           is_name(v, {"lat", "lon", "landmask", "land_mask", "area"}));
}

/// EDGAR states the total of its original file in an attribute (total_emi_<sp>): a warning
/// when the data's total differs from it by more than 0.1 %.
void check_stated_totals(const NcVar& v, const std::string& path, const GriddedStream& s,
                         std::vector<std::string>& warnings) {
  const std::string name = v.getName(), where = path + ":" + name;
  for (const auto& [an, a] : v.getAtts()) {
    if (an.rfind("total_", 0) != 0) continue;
    const std::string txt = att_string(v, an);
    std::istringstream is(txt);
    double stated;
    std::string unit_rest;
    if (!(is >> stated)) continue;
    std::getline(is, unit_rest);
    try {
      const UnitSpec su = parse_unit(unit_rest, where + ":" + an);
      double ours = stream_total(s);  // base units per s.unit.period
      // Convert ours to the stated unit's period (annual mean rates -> per year).
      double per = 1.0;
      if (s.unit.is_rate() && su.period == Period::year) per = 365.0 * 86400.0 / s.unit.rate_seconds();
      ours = ours * per / su.to_base;
      const double rel = (ours - stated) / stated;
      if (std::fabs(rel) > 1e-3) {
        std::ostringstream w;
        w << path << ": variable " << name << ": attribute " << an << " = " << stated << unit_rest
          << " does not match the data's area integral " << ours << unit_rest << " (" << (rel > 0 ? "+" : "")
          << 100.0 * rel
          << " %); the attribute likely describes another version of the file (e.g. the "
             "original resolution); the data are used as they are";
        warnings.push_back(w.str());
      }
    } catch (const Error&) {
      // An attribute in a unit we do not know is only informative.
    }
  }
}

/// One emission variable as a stream in base units per cell, read from time record 0 and
/// level 0 (every dimension before y and x must have size 1 or be time).
GriddedStream read_stream(const NcVar& v, const CfGrid& g, const std::string& path, const InventoryOptions& opt) {
  const std::string name = v.getName(), where = path + ":" + name;
  const int nd = v.getDimCount(), nx = g.grid.nx, ny = g.grid.ny;
  const std::string ustr = att_string(v, "units");
  if (ustr.empty()) throw Error::in_file(path, "emission variable without units", name);
  const UnitSpec u = parse_unit(ustr, where);
  std::vector<size_t> start(static_cast<size_t>(nd), 0), count(static_cast<size_t>(nd), 1);
  count[static_cast<size_t>(nd - 2)] = static_cast<size_t>(ny);
  count[static_cast<size_t>(nd - 1)] = static_cast<size_t>(nx);
  for (int d = 0; d < nd - 2; ++d)
    if (v.getDim(d).getSize() > 1 && v.getDim(d).getName() != "time")
      throw Error::in_file(path, "extra dimension '" + v.getDim(d).getName() + "' with more than one entry", name);
  GriddedStream s;
  cf_species_sector(v, opt.default_sector, s.species, s.sector);
  s.per_cell = read_emission(v, start, count, path);
  check_values(s.per_cell, path, name, nx);
  s.origin = where;
  to_per_cell(s, u, g.grid, opt);
  return s;
}

}  // namespace

Inventory read_netcdf_cf(const std::string& path, NcFile& f, const InventoryOptions& opt) {
  Inventory inv;
  inv.path = path;
  inv.format = "cf";
  const CfGrid g = cf_grid(path, f);
  inv.grid = g.grid;
  for (const auto& [name, v] : f.getVars()) {
    if (!is_emission_variable(v, g)) continue;
    GriddedStream s = read_stream(v, g, path, opt);
    check_stated_totals(v, path, s, inv.warnings);
    inv.streams.push_back(std::move(s));
  }
  if (inv.streams.empty()) throw Error::in_file(path, "no emission variables found");
  return inv;
}

}  // namespace lantian::emis::detail
