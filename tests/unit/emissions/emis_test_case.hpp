#pragma once
// A small Yantai case for EmissionModel tests: an LCC model grid, a CF inventory and a
// point-source file written to scratch, a scenario, and simple met.
#include <cmath>
#include <fstream>
#include <string>

#include <netcdf>

#include "emissions/emission_model.hpp"
#include "meteo/met_fields.hpp"
#include "solver/config/case_config.hpp"
#include "support/test_data.hpp"

namespace lantian::test {

/// An nx x ny grid of dx-metre cells on MEIC's China LCC (true latitudes 25/40 N, 110 E, 34 N)
/// with the point (lat, lon) at the centre of (fractional) cell index (ci, cj).
inline grid::HorizontalGrid meic_lcc_grid(int nx, int ny, double dx_m, double lat_deg, double lon_deg, double ci,
                                          double cj) {
  grid::ProjectionParams p;
  p.kind = grid::ProjectionKind::lambert_conformal;
  p.truelat1_deg = 25.0;
  p.truelat2_deg = 40.0;
  p.stand_lon_deg = 110.0;
  p.ref_lat_deg = 34.0;
  p.ref_lon_deg = 110.0;
  grid::HorizontalGrid g;
  g.proj = grid::Projection(p);
  g.nx = nx;
  g.ny = ny;
  g.dx = g.dy = dx_m;
  const grid::XY c = g.proj.forward({lat_deg, lon_deg});
  g.x0 = c.x - ci * g.dx;
  g.y0 = c.y - cj * g.dy;
  return g;
}

/// The whole grid on one rank (halo of 2 cells).
inline parallel::Decomposition serial(const grid::HorizontalGrid& g) {
  return parallel::decompose(MPI_COMM_SELF, g.nx, g.ny, 2);
}

/// 6 km cells centred on Yantai.
inline grid::HorizontalGrid yantai_grid(int nx = 40, int ny = 32) {
  return meic_lcc_grid(nx, ny, 6000.0, 37.35, 120.75, 0.5 * (nx - 1), 0.5 * (ny - 1));
}

/// A CF inventory on a 0.1-degree grid, 119.3-122.5 E, 36.3-38.5 N: NOx and SO2 of industry
/// and power in t/year per cell, with a smooth spatial pattern.
inline std::string write_cf_inventory(const std::string& dir) {
  const std::string path = dir + "/inventory.nc";
  netCDF::NcFile f(path, netCDF::NcFile::replace);
  const int nx = 32, ny = 22;
  auto dlon = f.addDim("lon", nx), dlat = f.addDim("lat", ny);
  auto lon = f.addVar("lon", netCDF::ncDouble, dlon);
  auto lat = f.addVar("lat", netCDF::ncDouble, dlat);
  lon.putAtt("units", "degrees_east");
  lat.putAtt("units", "degrees_north");
  std::vector<double> lo(nx), la(ny);
  for (int i = 0; i < nx; ++i) lo[i] = 119.35 + 0.1 * i;
  for (int j = 0; j < ny; ++j) la[j] = 36.35 + 0.1 * j;
  lon.putVar(lo.data());
  lat.putVar(la.data());
  const char* names[] = {"NOx__industry", "NOx__power", "SO2__industry", "NMVOC__transportation"};
  int n = 0;
  for (const char* name : names) {
    auto v = f.addVar(name, netCDF::ncDouble, {dlat, dlon});
    v.putAtt("units", "t/year");
    std::vector<double> val(static_cast<size_t>(nx * ny));
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i)
        val[static_cast<size_t>(j * nx + i)] = 10.0 * (n + 1) * (1.5 + std::sin(0.3 * i + n) * std::cos(0.2 * j));
    v.putVar(val.data());
    ++n;
  }
  return path;
}

inline std::string write_points(const std::string& dir, bool with_outside) {
  const std::string path = dir + "/points.csv";
  std::ofstream o(path);
  o << "id,lon,lat,height_m,diameter_m,exit_temp_k,exit_velocity_m_s,sector,NOx[t/yr],SO2[t/yr]\n"
       "longkou_pp,120.45,37.65,180,6,420,20,power,3000,1500\n"
       "zhaoyuan_works,120.40,37.36,60,2,380,10,industry,400,200\n";
  if (with_outside) o << "far_away,110.0,30.0,100,3,400,15,power,100,100\n";
  return path;
}

inline std::string write_scenario(const std::string& dir) {
  const std::string path = dir + "/longkou.toml";
  std::ofstream(path) << "name = \"longkou_industry_nox\"\n"
                         "[[rule]]\nname = \"Longkou industry NOx -30% 08-20 h\"\n"
                         "zone = \"Longkou\"\nzones_file = \""
                      << source_dir()
                      << "/configs/zones/yantai_districts.geojson\"\n"
                         "sectors = [\"industry\"]\nspecies = [\"NOx\"]\nfactor = 0.7\n"
                         "start = \"2017-07-03\"\nend = \"2017-07-03\"\nhours = [8, 20]\n";
  return path;
}

/// The case text; the files are written only when `write` (one rank of an MPI test).
inline std::string emissions_case(const std::string& dir, bool scenario, bool outside = false, bool skip = false,
                                  bool write = true) {
  const std::string root = source_dir() + "/configs/";
  std::string t = "[emissions]\n";
  t += "inventories = [\"" + (write ? write_cf_inventory(dir) : dir + "/inventory.nc") + "\"]\n";
  t += "point_sources = [\"" + (write ? write_points(dir, outside) : dir + "/points.csv") + "\"]\n";
  t += "profiles_weekly = [\"" + root + "profiles/meic_weekly.csv\"]\n";
  t += "profiles_diurnal = [\"" + root + "profiles/meic_diurnal_local.csv\"]\n";
  t += "speciation = [\"" + root + "speciation/cb6_meic.csv\"]\n";
  t += "report_zones = [\"" + root + "zones/yantai_districts.geojson\"]\n";
  if (scenario) t += "scenarios = [\"" + (write ? write_scenario(dir) : dir + "/longkou.toml") + "\"]\n";
  if (skip) t += "skip_outside_points = true\n";
  return t;
}

inline config::CaseConfig parse_case(const std::string& text) {
  static config::Schema schema = [] {
    config::Schema s;
    emis::declare_emissions_keys(s);
    return s;
  }();
  return config::CaseConfig::parse(schema, text, "test_case.toml");
}

inline state::SpeciesList cb6_species() {
  state::SpeciesList sp;
  for (const char* g : {"NO", "NO2", "SO2", "CO", "PAR", "TOL", "ETH", "FORM", "CO2", "CH4"})
    sp.add({g, state::Phase::gas, 1.0, g});
  for (const char* a : {"PM25", "PEC"}) sp.add({a, state::Phase::aerosol, 1.0, a});
  return sp;
}

/// Met on a rank's block: 10 layers, standard-atmosphere temperature with a stable layer,
/// uniform wind 4 m/s.
inline meteo::MetFields simple_met(int nx, int ny, int nz) {
  meteo::MetFields m;
  m.allocate(nx, ny, nz, 2);
  const double dz[10] = {40, 60, 100, 150, 200, 300, 400, 600, 800, 1000};
  for (int j = -2; j < ny + 2; ++j)
    for (int i = -2; i < nx + 2; ++i) {
      double z = 0.0;
      for (int k = 0; k < nz; ++k) {
        m.dz_m(i, j, k) = dz[k];
        m.zmid_m(i, j, k) = z + 0.5 * dz[k];
        z += dz[k];
        m.temp_k(i, j, k) = 295.0 - 0.004 * m.zmid_m(i, j, k);
        m.press_pa(i, j, k) = 101325.0 * std::exp(-m.zmid_m(i, j, k) / 8400.0);
      }
    }
  for (int j = -2; j < ny + 2; ++j)
    for (int i = -2; i < nx + 3; ++i)
      for (int k = 0; k < nz; ++k) m.u_face_m_s(i, j, k) = 4.0;
  return m;
}

}  // namespace lantian::test
