// The TNO/CAMS-REG source list (see inventory_formats.hpp): one entry per source with its
// category, type (area or point), grid indices and location; area sources add up on the
// lat-lon grid per species and category, point sources are kept as stacks without parameters.
#include "emissions/inventory/inventory_formats.hpp"

#include <algorithm>
#include <map>

#include "emissions/inventory/netcdf_attributes.hpp"
#include "solver/core/error.hpp"

namespace lantian::emis::detail {

using netCDF::NcFile;
using netCDF::NcVar;

namespace {

/// The rows of a 2-D char variable (n, len) as strings without trailing NULs and spaces.
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
      throw Error::in_file(path, "index " + std::to_string(static_cast<long>(v)) + " out of range", var);
    out.push_back(k);
  }
  return out;
}

}  // namespace

Inventory read_tno(const std::string& path, NcFile& f) {
  Inventory inv;
  inv.path = path;
  inv.format = "tno";
  const auto lon = read_all(f.getVar("longitude"), path), lat = read_all(f.getVar("latitude"), path);
  inv.grid = latlon_grid(lon, lat);
  const size_t ns = f.getDim("source").getSize();
  const auto cats = char_codes(f.getVar("emis_cat_code"));
  const auto types = char_codes(f.getVar("source_type_code"));
  const auto cat =
      zero_based(read_all(f.getVar("emission_category_index"), path), cats.size(), path, "emission_category_index");
  const auto typ = zero_based(read_all(f.getVar("source_type_index"), path), types.size(), path, "source_type_index");
  const auto ii = zero_based(read_all(f.getVar("longitude_index"), path), lon.size(), path, "longitude_index");
  const auto jj = zero_based(read_all(f.getVar("latitude_index"), path), lat.size(), path, "latitude_index");
  const auto slon = read_all(f.getVar("longitude_source"), path);
  const auto slat = read_all(f.getVar("latitude_source"), path);
  std::map<std::pair<std::string, std::string>, size_t> stream_of;
  for (const auto& [name, v] : f.getVars()) {
    if (v.getDimCount() != 1 || v.getDim(0).getName() != "source") continue;
    if (name.find("index") != std::string::npos || name.find("_source") != std::string::npos) continue;
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
        auto it = std::find_if(inv.points.begin(), inv.points.end(),
                               [&](const PointSource& p) { return p.id == "tno_" + std::to_string(s); });
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
        inv.streams[it->second].per_cell[static_cast<size_t>(jj[s]) * lon.size() + static_cast<size_t>(ii[s])] +=
            amount;
      }
    }
  }
  return inv;
}

}  // namespace lantian::emis::detail
