#pragma once
// Test helper: writes a small file in LanTian's output format (docs/helpers-brief.md) on a
// regular lat/lon grid, with hourly surface fields given by a function of (species, i, j, k).
#include <netcdf>

#include <functional>
#include <string>
#include <vector>

namespace lantian::test {

struct SyntheticGrid {
  std::size_t nx = 6, ny = 5, nt = 48;
  double lon0 = 120.0, lat0 = 36.0, dlon = 0.25, dlat = 0.2;
  std::string start = "2026-01-09 16:00:00";  ///< time units epoch (UTC); 16 UTC = 00 Beijing
  std::vector<std::string> species = {"SO2", "NO2", "CO", "O3", "PM10", "PM25"};
  std::string run_status;  ///< global attribute run_status ("incomplete", "complete"); "" = none
};

/// value(species, i, j, k) in output units: gases ppb, PM ug m-3.
inline void write_synthetic_output(
    const std::string& path, const SyntheticGrid& g,
    const std::function<double(const std::string&, std::size_t, std::size_t, std::size_t)>& value,
    double lat_shift = 0.0) {
  netCDF::NcFile nc(path, netCDF::NcFile::replace, netCDF::NcFile::nc4);
  auto dt = nc.addDim("time");
  auto dy = nc.addDim("y", g.ny);
  auto dx = nc.addDim("x", g.nx);
  nc.putAtt("Conventions", "CF-1.8");
  nc.putAtt("title", "synthetic test output");
  nc.putAtt("case_name", "synthetic");
  nc.putAtt("start_time", g.start);
  if (!g.run_status.empty()) nc.putAtt("run_status", g.run_status);
  auto time = nc.addVar("time", netCDF::ncDouble, dt);
  time.putAtt("units", "hours since " + g.start);
  time.putAtt("calendar", "standard");
  auto crs = nc.addVar("crs", netCDF::ncInt);
  crs.putAtt("grid_mapping_name", "latitude_longitude");
  auto lat = nc.addVar("lat", netCDF::ncDouble, {dy, dx});
  auto lon = nc.addVar("lon", netCDF::ncDouble, {dy, dx});
  std::vector<double> la(g.nx * g.ny), lo(g.nx * g.ny);
  std::vector<float> lm(g.nx * g.ny);
  for (std::size_t j = 0; j < g.ny; ++j)
    for (std::size_t i = 0; i < g.nx; ++i) {
      la[i + g.nx * j] = g.lat0 + g.dlat * static_cast<double>(j) + lat_shift;
      lo[i + g.nx * j] = g.lon0 + g.dlon * static_cast<double>(i);
      lm[i + g.nx * j] = i < g.nx / 2 ? 1.0f : 0.0f;
    }
  lat.putVar(la.data());
  lon.putVar(lo.data());
  auto lmv = nc.addVar("landmask", netCDF::ncFloat, {dy, dx});
  lmv.putVar(lm.data());
  for (const auto& s : g.species) {
    auto v = nc.addVar(s, netCDF::ncFloat, {dt, dy, dx});
    v.putAtt("units", (s == "PM25" || s == "PM10") ? "ug m-3" : "ppb");
    v.putAtt("grid_mapping", "crs");
    v.putAtt("coordinates", "lat lon");
  }
  for (std::size_t k = 0; k < g.nt; ++k) {
    time.putVar({k}, static_cast<double>(k));
    for (const auto& s : g.species) {
      std::vector<float> f(g.nx * g.ny);
      for (std::size_t j = 0; j < g.ny; ++j)
        for (std::size_t i = 0; i < g.nx; ++i) f[i + g.nx * j] = static_cast<float>(value(s, i, j, k));
      nc.getVar(s).putVar({k, 0, 0}, {1, g.ny, g.nx}, f.data());
    }
  }
}

}  // namespace lantian::test
