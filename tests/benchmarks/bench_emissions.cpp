// Benchmark: emission preparation time per simulated hour per million model cells (temporal
// profile, scenario factors and speciation of 45 inventory streams into CB6 species, plus
// point sources with plume rise), and the one-off regridding time. Reference measured in the
// same run: a STREAM-like triad over the same number of values that rates() writes (memory
// bandwidth bound), printed as a ratio.
#include <mpi.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <netcdf>

#include "emissions/emission_model.hpp"
#include "solver/core/utc_time.hpp"

using namespace lantian;

namespace {
std::string write_inventory(const std::string& dir) {
  const std::string path = dir + "/bench_inventory.nc";
  netCDF::NcFile f(path, netCDF::NcFile::replace);
  const int nx = 64, ny = 44;
  auto dlon = f.addDim("lon", nx), dlat = f.addDim("lat", ny);
  auto lon = f.addVar("lon", netCDF::ncDouble, dlon);
  auto lat = f.addVar("lat", netCDF::ncDouble, dlat);
  lon.putAtt("units", "degrees_east");
  lat.putAtt("units", "degrees_north");
  std::vector<double> lo(nx), la(ny), v(static_cast<size_t>(nx * ny));
  for (int i = 0; i < nx; ++i) lo[i] = 119.325 + 0.05 * i;
  for (int j = 0; j < ny; ++j) la[j] = 36.325 + 0.05 * j;
  lon.putVar(lo.data());
  lat.putVar(la.data());
  int n = 0;
  for (const char* sec : {"power", "industry", "residential", "transportation", "agriculture"})
    for (const char* sp : {"SO2", "NOx", "CO", "NMVOC", "NH3", "PM10", "PM25", "CO2", "CH4"}) {
      auto var = f.addVar(std::string(sp) + "__" + sec, netCDF::ncDouble, {dlat, dlon});
      var.putAtt("units", "t/year");
      for (size_t c = 0; c < v.size(); ++c) v[c] = 1.0 + 0.5 * std::sin(0.01 * static_cast<double>(c) + n);
      var.putVar(v.data());
      ++n;
    }
  return path;
}
}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  const int nx = argc > 1 ? std::atoi(argv[1]) : 120, ny = argc > 2 ? std::atoi(argv[2]) : 90;
  const int nz = 20;
  const std::string dir = (std::filesystem::temp_directory_path() / "lantian_bench_emis").string();
  std::filesystem::create_directories(dir);
  const std::string root = LANTIAN_SOURCE_DIR "/configs/";
  std::ofstream(dir + "/points.csv")
      << "id,lon,lat,height_m,diameter_m,exit_temp_k,exit_velocity_m_s,sector,NOx,SO2\n"
         "p1,120.30,37.62,210,7,330,18,power,6000,4000\np2,121.15,37.62,100,3.5,400,14,industry,3000,2000\n";
  std::ofstream(dir + "/scen.toml") << "[[rule]]\nzone = \"Longkou\"\nzones_file = \"" << root
                                    << "zones/yantai_districts.geojson\"\nsectors = [\"industry\"]\n"
                                       "factor = 0.7\nhours = [8, 20]\n";
  const std::string text = "[emissions]\ninventories = [\"" + write_inventory(dir) +
                           "\"]\n"
                           "point_sources = [\"" +
                           dir +
                           "/points.csv\"]\n"
                           "profiles_weekly = [\"" +
                           root +
                           "profiles/meic_weekly.csv\"]\n"
                           "profiles_diurnal = [\"" +
                           root +
                           "profiles/meic_diurnal_local.csv\"]\n"
                           "speciation = [\"" +
                           root +
                           "speciation/cb6_meic.csv\"]\n"
                           "scenarios = [\"" +
                           dir + "/scen.toml\"]\nreport_zones = []\n";
  config::Schema schema;
  emis::declare_emissions_keys(schema);
  const auto cfg = config::CaseConfig::parse(schema, text, "bench.toml");
  grid::ProjectionParams pp;
  pp.kind = grid::ProjectionKind::lambert_conformal;
  pp.truelat1_deg = 25.0;
  pp.truelat2_deg = 40.0;
  pp.stand_lon_deg = 110.0;
  pp.ref_lat_deg = 34.0;
  pp.ref_lon_deg = 110.0;
  grid::HorizontalGrid g;
  g.proj = grid::Projection(pp);
  g.nx = nx;
  g.ny = ny;
  g.dx = g.dy = 270000.0 / nx;
  const grid::XY c = g.proj.forward({37.4, 120.9});
  g.x0 = c.x - 0.5 * (nx - 1) * g.dx;
  g.y0 = c.y - 0.5 * (ny - 1) * g.dy;
  state::SpeciesList sp;
  for (const char* s :
       {"NO",   "NO2",  "SO2",  "CO",   "NH3",  "PAR",  "OLE", "TOL",  "XYLMN", "FORM", "ALD2", "ETH", "ETHA", "ETOH",
        "MEOH", "IOLE", "ISOP", "TERP", "ALDX", "ACET", "KET", "BENZ", "ETHY",  "PRPA", "NAPH", "CO2", "CH4"})
    sp.add({s, state::Phase::gas, 1.0, s});
  for (const char* s : {"PM25", "PM10", "PEC", "POC", "PSO4", "PNO3", "PMOTHR"})
    sp.add({s, state::Phase::aerosol, 1.0, s});
  const auto d = parallel::decompose(MPI_COMM_SELF, nx, ny, 2);
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  emis::EmissionModel m(cfg, g, d, sp, nz);
  const double t_build = std::chrono::duration<double>(clock::now() - t0).count();
  meteo::MetFields met;
  met.allocate(nx, ny, nz, 2);
  for (int k = 0; k < nz; ++k)
    for (int j = -2; j < ny + 2; ++j)
      for (int i = -2; i < nx + 2; ++i) {
        met.dz_m(i, j, k) = 50.0 + 30.0 * k;
        met.zmid_m(i, j, k) = (k + 0.5) * (50.0 + 15.0 * k);
        met.temp_k(i, j, k) = 290.0 - 0.006 * met.zmid_m(i, j, k);
        met.press_pa(i, j, k) = 1e5 * std::exp(-met.zmid_m(i, j, k) / 8400.0);
      }
  std::vector<grid::Field3Dd> e;
  const auto start = *UtcTime::parse("2017-07-03T00:00:00Z");
  m.rates(0.0, start, met, e);  // warm-up (allocation)
  const int hours = 24;
  t0 = clock::now();
  for (int h = 1; h <= hours; ++h) m.rates(h * 3600.0, start, met, e);
  const double per_hour = std::chrono::duration<double>(clock::now() - t0).count() / hours;
  const double cells = static_cast<double>(nx) * ny * nz;
  // Reference: a triad a = b + s c over as many values as rates() writes (emitted species x
  // cells).
  int emitted = 0;
  for (int n = 0; n < sp.size(); ++n) emitted += m.emits(n) ? 1 : 0;
  const size_t nv = static_cast<size_t>(emitted) * static_cast<size_t>(cells);
  std::vector<double> a(nv), b(nv, 1.0), cc(nv, 2.0);
  t0 = clock::now();
  for (int r = 0; r < 5; ++r)
    for (size_t k = 0; k < nv; ++k) a[k] = b[k] + 1.0001 * cc[k];
  const double triad = std::chrono::duration<double>(clock::now() - t0).count() / 5;
  std::printf("bench_emissions: grid %d x %d x %d (%.3g cells), %zu streams, %d model species (%d emitted)\n", nx, ny,
              nz, cells, m.streams().size(), sp.size(), emitted);
  std::printf("  construction (read + regridding weights): %.3f s\n", t_build);
  std::printf("  rates(): %.4f s per simulated hour = %.4f s per hour per million cells\n", per_hour,
              per_hour / (cells / 1e6));
  std::printf("  reference triad over the same values: %.4f s (ratio rates/triad %.1f)  [a=%g]\n", triad,
              per_hour / triad, a[nv / 2]);
  MPI_Finalize();
  return 0;
}
