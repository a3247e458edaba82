// Inventory readers (see inventory.hpp).
#include "emissions/inventory/inventory.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <netcdf>

#include "solver/core/error.hpp"
#include "solver/io/cf_read.hpp"

namespace lantian::emis {

namespace fs = std::filesystem;
using netCDF::NcAtt;
using netCDF::NcDim;
using netCDF::NcFile;
using netCDF::NcVar;

double stream_total(const GriddedStream& s) {
  double t = 0.0;
  for (double v : s.per_cell) t += v;
  return t;
}

bool parse_meic_name(const std::string& path, int& year, int& month, std::string& sector,
                     std::string& species) {
  static const std::regex re(R"(^(\d{4})_(\d{2})__([A-Za-z0-9_\-]+?)__([A-Za-z0-9_.\-]+)\.(asc|nc)$)");
  std::smatch m;
  const std::string name = fs::path(path).filename().string();
  if (!std::regex_match(name, m, re)) return false;
  year = std::stoi(m[1]);
  month = std::stoi(m[2]);
  sector = m[3];
  species = m[4];
  return month >= 1 && month <= 12;
}

namespace {

/// The MEIC pollutants (tonnes); everything else in MEIC files is a mechanism species (Mmol).
bool is_meic_mass_species(const std::string& s) {
  static const std::set<std::string> mass{"SO2", "NOx", "NOX", "CO", "NMVOC", "VOC", "NH3",
                                          "PM10", "PM2.5", "PM25", "PMcoarse", "BC", "OC",
                                          "CO2", "CH4"};
  return mass.count(s) > 0;
}

/// Checks every value: finite and >= 0 (after replacing the fill value by 0).
void check_values(const std::vector<double>& v, const std::string& file, const std::string& var,
                  int nx) {
  for (size_t n = 0; n < v.size(); ++n) {
    if (!std::isfinite(v[n]) || v[n] < 0.0) {
      std::ostringstream os;
      os << (std::isfinite(v[n]) ? "negative" : "NaN or infinite") << " emission " << v[n]
         << " at cell (i=" << n % static_cast<size_t>(nx) << ", j=" << n / static_cast<size_t>(nx)
         << ")";
      throw Error::in_file(file, os.str(), var);
    }
  }
}

/// Converts raw values (in `u`) to base units per cell, using cell areas for per-m2 units.
void to_per_cell(GriddedStream& s, const UnitSpec& u, const SourceGrid& g,
                 const InventoryOptions& opt) {
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

// ---- MEIC ESRI ASCII ------------------------------------------------------------------
Inventory read_meic_asc(const std::string& path, const InventoryOptions& opt) {
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
    std::string lk = key;
    std::transform(lk.begin(), lk.end(), lk.begin(), ::tolower);
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
        throw Error::in_file(path, "data end early (row " + std::to_string(r + 1) + " of " +
                                       std::to_string(ny) + ")", s.species);
      double v;
      try {
        size_t used = 0;
        v = std::stod(tok, &used);
        if (used != tok.size()) throw 1;  // "6O" is not 6
      } catch (...) {
        throw Error::in_file(path, "not a number: '" + tok + "' (data row " +
                                       std::to_string(r + 1) + ")", s.species);
      }
      if (v == nodata) v = 0.0;
      s.per_cell[static_cast<size_t>(ny - 1 - r) * nx + i] = v;
    }
  }
  check_values(s.per_cell, path, s.species, nx);
  const UnitSpec u = parse_unit(is_meic_mass_species(s.species) ? opt.meic_mass_unit
                                                                : opt.meic_mole_unit,
                                path + " (MEIC unit)");
  s.origin = path;
  to_per_cell(s, u, inv.grid, opt);
  inv.streams.push_back(std::move(s));
  return inv;
}

// ---- NetCDF helpers -------------------------------------------------------------------
std::string att_string(const NcVar& v, const std::string& name) {
  try {
    const auto atts = v.getAtts();
    auto it = atts.find(name);
    if (it == atts.end()) return {};
    std::string s;
    it->second.getValues(s);
    while (!s.empty() && (s.back() == '\0' || s.back() == ' ')) s.pop_back();
    return s;
  } catch (...) {
    return {};
  }
}
double att_double(const NcVar& v, const std::string& name, double def) {
  auto atts = v.getAtts();
  auto it = atts.find(name);
  if (it == atts.end()) return def;
  std::vector<double> d(it->second.getAttLength());
  it->second.getValues(d.data());
  return d.empty() ? def : d[0];
}
std::vector<double> att_doubles(const NcVar& v, const std::string& name) {
  auto atts = v.getAtts();
  auto it = atts.find(name);
  if (it == atts.end()) return {};
  std::vector<double> d(it->second.getAttLength());
  it->second.getValues(d.data());
  return d;
}
/// A whole variable, CF-unpacked (scale_factor/add_offset), missing values as NaN.
std::vector<double> read_all(const NcVar& v, const std::string& path) { return io::read_cf_doubles(v, path); }

/// Emission values, CF-unpacked: fill values, missing_value and values outside the valid range
/// are cells without emission (0); NaN stored as data stays NaN for check_values to report.
std::vector<double> read_emission(const NcVar& v, const std::vector<size_t>& start,
                                  const std::vector<size_t>& count, const std::string& path) {
  io::CfValues r = io::read_cf(v, start, count, path);
  for (size_t q = 0; q < r.values.size(); ++q)
    if (r.missing[q]) r.values[q] = 0.0;
  return std::move(r.values);
}
std::vector<double> read_emission(const NcVar& v, const std::string& path) {
  std::vector<size_t> start, count;
  for (const auto& d : v.getDims()) {
    start.push_back(0);
    count.push_back(d.getSize());
  }
  return read_emission(v, start, count, path);
}

// ---- MEIC GMT NetCDF ------------------------------------------------------------------
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
    throw Error::in_file(path, "z has " + std::to_string(raw.size()) + " values, expected " +
                                   std::to_string(inv.grid.size()), "z");
  s.per_cell.assign(raw.size(), 0.0);
  for (int r = 0; r < ny; ++r)  // GMT rows run from north to south
    for (int i = 0; i < nx; ++i)
      s.per_cell[static_cast<size_t>(ny - 1 - r) * nx + i] = raw[static_cast<size_t>(r) * nx + i];
  check_values(s.per_cell, path, "z", nx);
  std::string ustr = att_string(z, "units");
  if (ustr.empty())
    ustr = is_meic_mass_species(s.species) ? opt.meic_mass_unit : opt.meic_mole_unit;
  const UnitSpec u = parse_unit(ustr, path + ":z");
  s.origin = path + ":z";
  to_per_cell(s, u, inv.grid, opt);
  inv.streams.push_back(std::move(s));
  return inv;
}

// ---- CF NetCDF ------------------------------------------------------------------------
bool is_name(const NcVar& v, std::initializer_list<const char*> names) {
  std::string n = v.getName();
  std::transform(n.begin(), n.end(), n.begin(), ::tolower);
  for (auto* c : names)
    if (n == c) return true;
  return false;
}

/// Reads the projection of a CF grid_mapping variable (Lambert conformal conic only).
grid::Projection cf_projection(const NcVar& gm, const std::string& path, double& fe,
                               double& fn, double& radius) {
  const std::string name = att_string(gm, "grid_mapping_name");
  if (name != "lambert_conformal_conic")
    throw Error::in_file(path, "unsupported grid_mapping_name '" + name +
                                   "' (lambert_conformal_conic or lat-lon grids)",
                         gm.getName());
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
void cf_species_sector(const NcVar& v, const std::string& def_sector, std::string& species,
                       std::string& sector) {
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

Inventory read_cf(const std::string& path, NcFile& f, const InventoryOptions& opt) {
  Inventory inv;
  inv.path = path;
  inv.format = "cf";
  const auto vars = f.getVars();
  // Horizontal coordinates: 1-D lat/lon, or projected x/y with a grid_mapping.
  NcVar lonv, latv, xv, yv;
  for (const auto& [n, v] : vars) {
    const std::string stdn = att_string(v, "standard_name");
    if (v.getDimCount() != 1) continue;
    if (stdn == "longitude" || is_name(v, {"lon", "longitude"})) lonv = v;
    if (stdn == "latitude" || is_name(v, {"lat", "latitude"})) latv = v;
    if (stdn == "projection_x_coordinate") xv = v;
    if (stdn == "projection_y_coordinate") yv = v;
  }
  std::string xdim, ydim;
  double fe = 0.0, fn = 0.0;
  if (!xv.isNull() && !yv.isNull()) {
    // Projected: find the grid mapping from any data variable.
    NcVar gm;
    for (const auto& [n, v] : vars) {
      const std::string g = att_string(v, "grid_mapping");
      if (!g.empty()) {
        gm = f.getVar(g);
        break;
      }
    }
    if (gm.isNull()) throw Error::in_file(path, "projected coordinates without grid_mapping");
    double radius = 6370000.0;
    inv.grid.proj = cf_projection(gm, path, fe, fn, radius);
    inv.grid.earth_radius_m = radius;
    inv.grid.kind = SourceGrid::Kind::projected;
    const auto xc = read_all(xv, path), yc = read_all(yv, path);
    auto edges = [&](const NcVar& c, const std::vector<double>& centres, double offset) {
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
    };
    inv.grid.x_edges = edges(xv, xc, fe);
    inv.grid.y_edges = edges(yv, yc, fn);
    inv.grid.nx = static_cast<int>(xc.size());
    inv.grid.ny = static_cast<int>(yc.size());
    xdim = xv.getDim(0).getName();
    ydim = yv.getDim(0).getName();
  } else if (!lonv.isNull() && !latv.isNull()) {
    auto lon = read_all(lonv, path), lat = read_all(latv, path);
    if (lat.size() > 1 && lat[1] < lat[0])
      throw Error::in_file(path, "latitudes must increase (north-to-south files: not supported)",
                           latv.getName());
    inv.grid = latlon_grid(lon, lat);
    xdim = lonv.getDim(0).getName();
    ydim = latv.getDim(0).getName();
  } else {
    throw Error::in_file(path, "no lat/lon or projected x/y coordinates found");
  }
  const int nx = inv.grid.nx, ny = inv.grid.ny;
  for (const auto& [name, v] : vars) {
    const int nd = v.getDimCount();
    if (nd < 2) continue;
    if (v.getDim(nd - 1).getName() != xdim || v.getDim(nd - 2).getName() != ydim) continue;
    // Float data, or integers packed with scale_factor/add_offset (CF §8.1).
    const auto t = v.getType().getTypeClass();
    const bool packed = !att_doubles(v, "scale_factor").empty() || !att_doubles(v, "add_offset").empty();
    if (t != netCDF::NcType::nc_FLOAT && t != netCDF::NcType::nc_DOUBLE && !packed) continue;
    const std::string stdn = att_string(v, "standard_name");
    if (stdn == "latitude" || stdn == "longitude" || stdn == "land_binary_mask" ||
        stdn == "cell_area" || is_name(v, {"lat", "lon", "landmask", "land_mask", "area"}))
      continue;
    const std::string where = path + ":" + name;
    const std::string ustr = att_string(v, "units");
    if (ustr.empty()) throw Error::in_file(path, "emission variable without units", name);
    const UnitSpec u = parse_unit(ustr, where);
    // First time record, first level: the leading dimensions must have size 1 or be time.
    std::vector<size_t> start(static_cast<size_t>(nd), 0), count(static_cast<size_t>(nd), 1);
    count[static_cast<size_t>(nd - 2)] = static_cast<size_t>(ny);
    count[static_cast<size_t>(nd - 1)] = static_cast<size_t>(nx);
    for (int d = 0; d < nd - 2; ++d)
      if (v.getDim(d).getSize() > 1 && v.getDim(d).getName() != "time")
        throw Error::in_file(path, "extra dimension '" + v.getDim(d).getName() +
                                       "' with more than one entry", name);
    GriddedStream s;
    cf_species_sector(v, opt.default_sector, s.species, s.sector);
    s.per_cell = read_emission(v, start, count, path);
    check_values(s.per_cell, path, name, nx);
    s.origin = where;
    to_per_cell(s, u, inv.grid, opt);
    // EDGAR states the total of its original file in an attribute (total_emi_<sp>).
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
        if (s.unit.is_rate() && su.period == Period::year)
          per = 365.0 * 86400.0 / s.unit.rate_seconds();
        ours = ours * per / su.to_base;
        const double rel = (ours - stated) / stated;
        if (std::fabs(rel) > 1e-3) {
          std::ostringstream w;
          w << path << ": variable " << name << ": attribute " << an << " = " << stated
            << unit_rest << " does not match the data's area integral " << ours << unit_rest
            << " (" << (rel > 0 ? "+" : "") << 100.0 * rel
            << " %); the attribute likely describes another version of the file (e.g. the "
               "original resolution); the data are used as they are";
          inv.warnings.push_back(w.str());
        }
      } catch (const Error&) {
        // An attribute in a unit we do not know is only informative.
      }
    }
    inv.streams.push_back(std::move(s));
  }
  if (inv.streams.empty()) throw Error::in_file(path, "no emission variables found");
  return inv;
}

// ---- TNO source list -----------------------------------------------------------------
std::vector<std::string> char_codes(const NcVar& v) {
  const size_t n = v.getDim(0).getSize(), len = v.getDim(1).getSize();
  std::vector<char> buf(n * len);
  v.getVar(buf.data());
  std::vector<std::string> out;
  for (size_t k = 0; k < n; ++k) {
    std::string s(buf.data() + k * len, len);
    while (!s.empty() && (s.back() == '\0' || s.back() == ' ')) s.pop_back();
    out.push_back(s);
  }
  return out;
}

/// Zero- or one-based indices: one-based when no index is 0 and the largest equals n.
std::vector<long> zero_based(const std::vector<double>& idx, size_t n, const std::string& path,
                             const std::string& var) {
  double lo = 1e300, hi = -1e300;
  for (double v : idx) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  const long shift = (lo >= 1.0 && hi == static_cast<double>(n)) ? 1 : 0;
  std::vector<long> out;
  for (double v : idx) {
    const long k = static_cast<long>(v) - shift;
    if (k < 0 || k >= static_cast<long>(n))
      throw Error::in_file(path, "index " + std::to_string(static_cast<long>(v)) +
                                     " out of range", var);
    out.push_back(k);
  }
  return out;
}

Inventory read_tno(const std::string& path, NcFile& f, const InventoryOptions& opt) {
  Inventory inv;
  inv.path = path;
  inv.format = "tno";
  const auto lon = read_all(f.getVar("longitude"), path), lat = read_all(f.getVar("latitude"), path);
  inv.grid = latlon_grid(lon, lat);
  const size_t ns = f.getDim("source").getSize();
  const auto cats = char_codes(f.getVar("emis_cat_code"));
  const auto types = char_codes(f.getVar("source_type_code"));
  const auto cat = zero_based(read_all(f.getVar("emission_category_index"), path), cats.size(), path,
                              "emission_category_index");
  const auto typ = zero_based(read_all(f.getVar("source_type_index"), path), types.size(), path,
                              "source_type_index");
  const auto ii = zero_based(read_all(f.getVar("longitude_index"), path), lon.size(), path,
                             "longitude_index");
  const auto jj = zero_based(read_all(f.getVar("latitude_index"), path), lat.size(), path,
                             "latitude_index");
  const auto slon = read_all(f.getVar("longitude_source"), path);
  const auto slat = read_all(f.getVar("latitude_source"), path);
  std::map<std::pair<std::string, std::string>, size_t> stream_of;
  for (const auto& [name, v] : f.getVars()) {
    if (v.getDimCount() != 1 || v.getDim(0).getName() != "source") continue;
    if (name.find("index") != std::string::npos || name.find("_source") != std::string::npos)
      continue;
    const std::string where = path + ":" + name;
    const UnitSpec u = parse_unit(att_string(v, "units"), where);
    if (u.per_m2) throw Error::in_file(path, "source emissions must be per source", name);
    auto val = read_emission(v, path);
    check_values(val, path, name, static_cast<int>(ns));
    for (size_t s = 0; s < ns; ++s) {
      const std::string& sector = cats[static_cast<size_t>(cat[s])];
      const std::string& type = types[static_cast<size_t>(typ[s])];
      const double amount = val[s] * u.to_base;
      if (type == "p" || type == "P") {
        // Points: one PointSource per source index, species added as variables come.
        auto it = std::find_if(inv.points.begin(), inv.points.end(), [&](const PointSource& p) {
          return p.id == "tno_" + std::to_string(s);
        });
        if (it == inv.points.end()) {
          PointSource p;
          p.id = "tno_" + std::to_string(s);
          p.lon_deg = slon[s];
          p.lat_deg = slat[s];
          p.sector = sector;
          p.origin = path + ": source " + std::to_string(s);
          inv.points.push_back(p);
          it = inv.points.end() - 1;
        }
        UnitSpec ub = u;
        ub.to_base = 1.0;
        it->emis[name] = amount;
        it->unit[name] = ub;
      } else {
        auto key = std::make_pair(name, sector);
        auto it = stream_of.find(key);
        if (it == stream_of.end()) {
          GriddedStream st;
          st.species = name;
          st.sector = sector;
          st.unit = u;
          st.unit.to_base = 1.0;
          st.per_cell.assign(inv.grid.size(), 0.0);
          st.origin = where;
          it = stream_of.emplace(key, inv.streams.size()).first;
          inv.streams.push_back(std::move(st));
        }
        inv.streams[it->second].per_cell[static_cast<size_t>(jj[s]) * lon.size() +
                                         static_cast<size_t>(ii[s])] += amount;
      }
    }
  }
  (void)opt;
  return inv;
}

}  // namespace

Inventory read_inventory(const std::string& path, const InventoryOptions& opt) {
  if (!fs::exists(path)) throw Error::in_file(path, "inventory file not found");
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".asc") return read_meic_asc(path, opt);
  try {
    NcFile f(path, NcFile::read);
    const auto vars = f.getVars();
    if (vars.count("x_range") && vars.count("z")) return read_meic_gmt(path, f, opt);
    if (!f.getDim("source").isNull() && vars.count("emis_cat_code")) return read_tno(path, f, opt);
    return read_cf(path, f, opt);
  } catch (const netCDF::exceptions::NcException& e) {
    throw Error::in_file(path, std::string("NetCDF error: ") + e.what());
  }
}

// ---- Point sources CSV ------------------------------------------------------------------
std::vector<PointSource> read_point_sources_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error::in_file(path, "cannot open the point-source file");
  auto split = [](const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    std::istringstream is(line);
    while (std::getline(is, cell, ',')) {
      const auto b = cell.find_first_not_of(" \t\r"), e = cell.find_last_not_of(" \t\r");
      out.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
    }
    return out;
  };
  std::string line;
  long ln = 0;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    ++ln;
    if (line.empty() || line[0] == '#') continue;
    header = split(line);
    break;
  }
  const std::vector<std::string> fixed{"id", "lon", "lat", "height_m", "diameter_m",
                                       "exit_temp_k", "exit_velocity_m_s", "sector"};
  if (header.size() <= fixed.size())
    throw Error::in_file(path, "header must list " + std::to_string(fixed.size()) +
                                   " stack columns and at least one species", "", ln);
  for (size_t c = 0; c < fixed.size(); ++c)
    if (header[c] != fixed[c])
      throw Error::in_file(path, "column " + std::to_string(c + 1) + " must be '" + fixed[c] +
                                     "', found '" + header[c] + "'", "", ln);
  std::vector<std::string> species;
  std::vector<UnitSpec> units;
  for (size_t c = fixed.size(); c < header.size(); ++c) {
    std::string h = header[c], u = "t/yr";
    const auto b = h.find('[');
    if (b != std::string::npos) {
      const auto e = h.find(']', b);
      if (e == std::string::npos)
        throw Error::in_file(path, "unclosed '[' in column '" + h + "'", "", ln);
      u = h.substr(b + 1, e - b - 1);
      h = h.substr(0, b);
    }
    species.push_back(h);
    UnitSpec us = parse_unit(u, path + " column " + h);
    if (us.per_m2) throw Error::in_file(path, "point emissions cannot be per m2", h, ln);
    units.push_back(us);
  }
  std::vector<PointSource> out;
  std::set<std::string> ids;
  while (std::getline(in, line)) {
    ++ln;
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string::npos)
      continue;
    const auto c = split(line);
    if (c.size() != header.size())
      throw Error::in_file(path, "expected " + std::to_string(header.size()) + " columns, found " +
                                     std::to_string(c.size()), "", ln);
    auto num = [&](size_t k) {
      try {
        size_t used = 0;
        const double v = std::stod(c[k], &used);
        if (used != c[k].size()) throw 1;
        if (!std::isfinite(v)) throw 1;
        return v;
      } catch (...) {
        throw Error::in_file(path, "not a finite number: '" + c[k] + "'", header[k], ln);
      }
    };
    PointSource p;
    p.id = c[0];
    if (!ids.insert(p.id).second) throw Error::in_file(path, "duplicate id '" + p.id + "'", "", ln);
    p.lon_deg = num(1);
    p.lat_deg = num(2);
    p.height_m = num(3);
    p.diameter_m = num(4);
    p.exit_temp_k = num(5);
    p.exit_velocity_m_s = num(6);
    p.sector = c[7];
    if (p.lat_deg < -90 || p.lat_deg > 90) throw Error::in_file(path, "latitude out of range", "lat", ln);
    if (p.height_m < 0 || p.diameter_m <= 0 || p.exit_temp_k <= 0 || p.exit_velocity_m_s < 0)
      throw Error::in_file(path, "stack parameters must be height >= 0, diameter > 0, "
                                 "temperature > 0 K, velocity >= 0", p.id, ln);
    for (size_t s = 0; s < species.size(); ++s) {
      const double v = num(fixed.size() + s);
      if (v < 0) throw Error::in_file(path, "negative emission", species[s], ln);
      UnitSpec ub = units[s];
      p.emis[species[s]] = v * ub.to_base;
      ub.to_base = 1.0;
      p.unit[species[s]] = ub;
    }
    p.origin = path + ":" + std::to_string(ln);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace lantian::emis
