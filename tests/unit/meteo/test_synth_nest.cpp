// Nests of synthetic met (meteo/synthetic/synth_nest.cpp): WRF's nest attributes, placement on
// the parent's grid, the WRF reader's acceptance, and a nest seeing its parent's weather (the
// parent's cells against the nest's cells averaged to them).
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <netcdf>
#include <string>
#include <vector>

#include "meteo/synthetic/synth_met.hpp"
#include "meteo/wrf/wrf_met_provider.hpp"
#include "solver/commands/command_synth_met.hpp"
#include "solver/core/error.hpp"
#include "unit/meteo/meteo_test_util.hpp"

using namespace lantian;
using namespace lantian::meteo;
using Catch::Matchers::Contains;

namespace {

/// The nested demo's domains (configs/cases/nest/, docs/nested-demo.md), with few layers and
/// hours: d01 27 km over eastern China, d02 9 km over the Shandong peninsula, d03 3 km over
/// Yantai.
SynthMetOptions demo_nests(const std::string& dir, const std::string& episode) {
  SynthMetOptions o;
  o.out_dir = dir;
  o.episode = episode;
  o.start = test::utc(episode == k_episode_winter ? "2027-01-11 04:00:00" : "2026-07-15 05:00:00");  // 12-13 local
  o.hours = 1;
  o.dx_m = 27000.0;
  o.nx = 40;
  o.ny = 36;
  o.nz = 10;
  o.cen_lat = 38.3;
  o.cen_lon = 119.5;
  o.rain_start_h = 0.0;  // the summer rain band in the records
  o.nests = {parse_synth_nest("1:17:9:3:45:36"), parse_synth_nest("2:16:11:3:60:48")};
  return o;
}

std::vector<double> read_all(const std::string& path, const std::string& var) {
  netCDF::NcFile f(path, netCDF::NcFile::read);
  const netCDF::NcVar v = f.getVar(var);
  size_t n = 1;
  for (const auto& d : v.getDims()) n *= d.getSize();
  std::vector<double> out(n);
  v.getVar(out.data());
  return out;
}

double att(const std::string& path, const std::string& name) {
  netCDF::NcFile f(path, netCDF::NcFile::read);
  double v = 0;
  f.getAtt(name).getValues(&v);
  return v;
}

/// A field of one domain's file at mass points (U, V destaggered), level k for 3-D fields.
struct Field2 {
  int nx, ny;
  std::vector<double> v;
  double operator()(int i, int j) const { return v[static_cast<size_t>(j) * nx + i]; }
};

Field2 mass_field(const std::string& path, const std::string& var, int k) {
  const int nx = static_cast<int>(att(path, "WEST-EAST_GRID_DIMENSION")) - 1;
  const int ny = static_cast<int>(att(path, "SOUTH-NORTH_GRID_DIMENSION")) - 1;
  const std::vector<double> all = read_all(path, var);
  Field2 f{nx, ny, std::vector<double>(static_cast<size_t>(nx) * ny)};
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const size_t c = static_cast<size_t>(j) * nx + i;
      if (var == "U") {
        const size_t b = static_cast<size_t>(k) * (nx + 1) * ny + static_cast<size_t>(j) * (nx + 1) + i;
        f.v[c] = 0.5 * (all[b] + all[b + 1]);
      } else if (var == "V") {
        const size_t b = static_cast<size_t>(k) * nx * (ny + 1) + static_cast<size_t>(j) * nx + i;
        f.v[c] = 0.5 * (all[b] + all[b + nx]);
      } else {
        f.v[c] = all[static_cast<size_t>(k) * nx * ny + c];
      }
    }
  return f;
}

/// The parent's cells under the nest against the nest's cells averaged to them: the largest
/// difference per cell, and the difference of the means over the footprint.
struct Compare {
  double max_cell = 0, footprint = 0, parent_mean = 0;
};

Compare compare(const std::string& parent, const std::string& child, const std::string& var, int k) {
  const Field2 p = mass_field(parent, var, k), c = mass_field(child, var, k);
  const int r = static_cast<int>(att(child, "PARENT_GRID_RATIO"));
  const int i0 = static_cast<int>(att(child, "I_PARENT_START")) - 1,
            j0 = static_cast<int>(att(child, "J_PARENT_START")) - 1;
  Compare out;
  double sp = 0, sc = 0;
  const int npi = c.nx / r, npj = c.ny / r;
  for (int J = 0; J < npj; ++J)
    for (int I = 0; I < npi; ++I) {
      double m = 0;
      for (int b = 0; b < r; ++b)
        for (int a = 0; a < r; ++a) m += c(I * r + a, J * r + b);
      m /= r * r;
      out.max_cell = std::max(out.max_cell, std::fabs(m - p(i0 + I, j0 + J)));
      sp += p(i0 + I, j0 + J);
      sc += m;
    }
  const double n = static_cast<double>(npi) * npj;
  out.footprint = std::fabs(sp - sc) / n;
  out.parent_mean = sp / n;
  return out;
}

}  // namespace

TEST_CASE("Nests carry WRF's nest attributes and sit on the parent's grid", "[meteo][synthetic][nest]") {
  const std::string dir = test::scratch_dir("synth_nest_place");
  const SynthMetOptions o = demo_nests(dir, k_episode_summer);
  const auto files = write_synthetic_wrf(o);
  REQUIRE(files.size() == 6);  // 2 records x 3 domains
  CHECK(std::filesystem::path(files[0]).filename() == "wrfout_d01_2026-07-15_05:00:00");
  CHECK(std::filesystem::path(files[2]).filename() == "wrfout_d02_2026-07-15_05:00:00");
  CHECK(std::filesystem::path(files[5]).filename() == "wrfout_d03_2026-07-15_06:00:00");
  const std::string d01 = files[0], d02 = files[2], d03 = files[4];
  // As WRF writes them: the outer domain 1/1/1/1/1, a nest its id, parent, start and ratio.
  const double want[3][6] = {{1, 1, 1, 1, 1, 27000}, {2, 1, 17, 9, 3, 9000}, {3, 2, 16, 11, 3, 3000}};
  const char* names[6] = {"GRID_ID", "PARENT_ID", "I_PARENT_START", "J_PARENT_START", "PARENT_GRID_RATIO", "DX"};
  const std::string doms[3] = {d01, d02, d03};
  for (int d = 0; d < 3; ++d) {
    for (int a = 0; a < 6; ++a) CHECK(att(doms[d], names[a]) == want[d][a]);
    CHECK(att(doms[d], "DY") == want[d][5]);
    // One projection for all: true latitudes, central meridian, the outer domain's centre.
    for (const char* p : {"TRUELAT1", "TRUELAT2", "STAND_LON", "MOAD_CEN_LAT", "MAP_PROJ"})
      CHECK(att(doms[d], p) == att(d01, p));
    CHECK(att(doms[d], "MOAD_CEN_LAT") == Approx(38.3).margin(1e-5));  // float storage
  }
  // CEN_LAT/CEN_LON: each domain's own centre, the mean of its central mass points (1, 2 or 4:
  // indices (n - 1) / 2 rounded down and up) to 1e-4 degree (curvature of the map over one
  // cell, float storage).
  for (const std::string& f : {d02, d03}) {
    const Field2 lat = mass_field(f, "XLAT", 0), lon = mass_field(f, "XLONG", 0);
    const int i0 = (lat.nx - 1) / 2, i1 = lat.nx / 2, j0 = (lat.ny - 1) / 2, j1 = lat.ny / 2;
    const double clat = 0.25 * (lat(i0, j0) + lat(i1, j0) + lat(i0, j1) + lat(i1, j1));
    const double clon = 0.25 * (lon(i0, j0) + lon(i1, j0) + lon(i0, j1) + lon(i1, j1));
    CHECK(att(f, "CEN_LAT") == Approx(clat).margin(1e-4));
    CHECK(att(f, "CEN_LON") == Approx(clon).margin(1e-4));
  }
  // The WRF reader takes every domain whole (not a cropped window) and finds XLAT/XLONG on the
  // grid of its attributes.
  std::vector<grid::HorizontalGrid> grids;
  for (int d = 0; d < 3; ++d) {
    const std::vector<std::string> series{files[static_cast<size_t>(2 * d)], files[static_cast<size_t>(2 * d + 1)]};
    const Field2 lat = mass_field(series[0], "XLAT", 0);
    auto dec = test::serial_decomposition(lat.nx, lat.ny, 1);
    WrfMetProvider p(series, {}, dec, o.start);
    CHECK_FALSE(p.domain().cropped);
    CHECK(p.domain().max_latlon_error_deg < 1e-4);
    grids.push_back(p.domain().file_grid);
  }
  // Placement: a nest's first mass point lies half a nest cell inside the parent's staggered
  // point (I_PARENT_START, J_PARENT_START), i.e. at parent index (start - 1.5) + 0.5 / ratio;
  // to 2e-4 parent cells (float XLAT/XLONG: 1e-5 degree, about 1 m of 9 km).
  for (int d = 1; d < 3; ++d) {
    const grid::HorizontalGrid& pg = grids[static_cast<size_t>(d - 1)];
    const Field2 lat = mass_field(doms[d], "XLAT", 0), lon = mass_field(doms[d], "XLONG", 0);
    const grid::XY xy = pg.proj.forward({lat(0, 0), lon(0, 0)});
    const double r = want[d][4];
    CHECK((xy.x - pg.x0) / pg.dx == Approx(want[d][2] - 1.5 + 0.5 / r).margin(2e-4));
    CHECK((xy.y - pg.y0) / pg.dy == Approx(want[d][3] - 1.5 + 0.5 / r).margin(2e-4));
  }
  // The outer domain's files do not depend on its nests: the same numbers as alone.
  SynthMetOptions alone = o;
  alone.nests.clear();
  alone.out_dir = test::scratch_dir("synth_nest_alone");
  const auto solo = write_synthetic_wrf(alone);
  REQUIRE(solo.size() == 2);
  for (const char* v : {"T", "U", "V", "PSFC", "PBLH", "RAINNC", "HGT", "LANDMASK"})
    CHECK(read_all(solo[1], v) == read_all(files[1], v));
}

TEST_CASE("A nest sees its parent's weather, only finer", "[meteo][synthetic][nest]") {
  for (const std::string episode : {k_episode_summer, k_episode_winter}) {
    INFO(episode);
    const std::string dir = test::scratch_dir("synth_nest_same_" + episode);
    const auto files = write_synthetic_wrf(demo_nests(dir, episode));
    REQUIRE(files.size() == 6);
    // Pairs (parent, nest) at the second record: d01-d02 (27 -> 9 km), d02-d03 (9 -> 3 km).
    for (int d = 1; d < 3; ++d) {
      const std::string& parent = files[static_cast<size_t>(2 * (d - 1) + 1)];
      const std::string& child = files[static_cast<size_t>(2 * d + 1)];
      INFO("domain d0" << d + 1);
      // Positions: the mean of a nest's r x r cells is the parent's cell centre, up to the
      // curvature of the map (second order: about 3e-5 degree over 27 km) and float storage.
      CHECK(compare(parent, child, "XLAT", 0).max_cell < 1e-4);
      CHECK(compare(parent, child, "XLONG", 0).max_cell < 1e-4);
      // Winds aloft (level 5 of 10, about 3.4 km: above the sea breeze and the boundary
      // layer): the same flow cell by cell. It varies smoothly (the grid's rotation against
      // north, 0.7 degree per degree of longitude; the front), so a cell's mean and its centre
      // differ at second order: measured up to 1.0e-3 m s-1; bound 3e-3.
      CHECK(compare(parent, child, "U", 5).max_cell < 3e-3);
      CHECK(compare(parent, child, "V", 5).max_cell < 3e-3);
      // Near the ground a parent cell is wholly land or sea where the nest resolves the coast
      // (cell differences up to 0.44 in land fraction, 1.8 K in T2, 490 m in PBLH), but over
      // the nest's footprint (15 x 12 and 20 x 16 parent cells) the two samplings of the same
      // coastline, terrain and flow agree: the coastal cells' errors mostly cancel. Bounds
      // about 3 times the largest difference measured on these domains (summer, winter):
      // land fraction 0.04 (0.014), terrain 1 m (0.31 m of 15-50 m), 2 m temperature 0.15 K
      // (0.051 K; land-sea contrast 4-8 K), surface pressure 12 Pa (4.1 Pa, the terrain), 10 m
      // wind 0.025 m s-1 (0.0077; the sea breeze is 4 m s-1 at its peak), PBL height 40 m
      // (15.5 m; land-sea contrast about 1 km by day).
      CHECK(compare(parent, child, "LANDMASK", 0).footprint < 0.04);
      CHECK(compare(parent, child, "HGT", 0).footprint < 1.0);
      CHECK(compare(parent, child, "T2", 0).footprint < 0.15);
      CHECK(compare(parent, child, "PSFC", 0).footprint < 12.0);
      CHECK(compare(parent, child, "U10", 0).footprint < 0.025);
      CHECK(compare(parent, child, "V10", 0).footprint < 0.025);
      CHECK(compare(parent, child, "PBLH", 0).footprint < 40.0);
    }
  }
}

TEST_CASE("Bad nests are refused with the nest named", "[meteo][synthetic][nest]") {
  CHECK_THROWS_WITH(parse_synth_nest("1:17:9:3:45"), Contains("want 6"));
  CHECK_THROWS_WITH(parse_synth_nest("1:17:x:3:45:36"), Contains("'x' is not an integer"));
  SynthMetOptions o = demo_nests(test::scratch_dir("synth_nest_bad"), k_episode_summer);
  o.nests = {parse_synth_nest("1:17:9:3:44:36")};
  CHECK_THROWS_WITH(write_synthetic_wrf(o), Contains("nest d02") && Contains("multiples of the ratio 3"));
  o.nests = {parse_synth_nest("1:30:9:3:45:36")};  // parent cells 30..44 of 40
  CHECK_THROWS_WITH(write_synthetic_wrf(o), Contains("nest d02") && Contains("inside its parent"));
  o.nests = {parse_synth_nest("1:1:9:3:45:36")};  // on the parent's boundary
  CHECK_THROWS_WITH(write_synthetic_wrf(o), Contains("inside its parent"));
  o.nests = {parse_synth_nest("2:17:9:3:45:36")};  // d02 inside itself
  CHECK_THROWS_WITH(write_synthetic_wrf(o), Contains("parent 2 is not one of the domains before it"));
  o.nests = {parse_synth_nest("1:17:9:3:45:36")};
  o.name_pattern = "met_%Y%m%d%H";
  CHECK_THROWS_WITH(write_synthetic_wrf(o), Contains("must contain d01"));
}

TEST_CASE("lantian synth-met --nest writes the nests", "[meteo][synthetic][nest]") {
  const std::string dir = test::scratch_dir("synth_nest_cli");
  std::vector<std::string> args{"synth-met",     "--out",  dir,           "--hours", "0",    "--nx",  "12",
                                "--ny",          "12",     "--nz",        "4",       "--dx", "27000", "--nest",
                                "1:4:4:3:15:12", "--nest", "2:3:3:3:12:9"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  CHECK(command_synth_met(static_cast<int>(argv.size()), argv.data()) == 0);
  CHECK(std::filesystem::exists(dir + "/wrfout_d01_2026-07-15_00:00:00"));
  CHECK(att(dir + "/wrfout_d02_2026-07-15_00:00:00", "PARENT_ID") == 1);
  CHECK(att(dir + "/wrfout_d03_2026-07-15_00:00:00", "PARENT_ID") == 2);
  CHECK(att(dir + "/wrfout_d03_2026-07-15_00:00:00", "DX") == 3000.0);  // 27 km / 3 / 3
  std::vector<std::string> bad{"synth-met", "--out", dir, "--nest", "1:4:4"};
  std::vector<char*> bargv;
  for (auto& a : bad) bargv.push_back(a.data());
  CHECK_THROWS_WITH(command_synth_met(static_cast<int>(bargv.size()), bargv.data()), Contains("--nest '1:4:4'"));
}
