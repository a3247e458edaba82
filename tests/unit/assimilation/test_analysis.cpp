// Unit tests of the analysis on a checkpoint (solver/assimilation/analysis.hpp,
// checkpoint_data.hpp): a small checkpoint written by output::write_checkpoint, observations in
// memory; the increments at and above a station, PM2.5 composition and non-negativity, the bad
// inputs, and the analysis written as a checkpoint through a temporary name.
#include <mpi.h>
#include <catch2/catch.hpp>
#include <netcdf>

#include <array>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "solver/assimilation/analysis.hpp"
#include "solver/core/error.hpp"
#include "solver/output/checkpoint.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/products/time_axis.hpp"

using namespace lantian;
using namespace lantian::assimilation;
namespace fs = std::filesystem;

namespace {

constexpr int k_nx = 20, k_ny = 16, k_nz = 4;
const std::vector<double> k_z{0.0, 40.0, 200.0, 600.0, 1500.0};

grid::HorizontalGrid test_grid() {
  grid::ProjectionParams p;
  p.kind = grid::ProjectionKind::lambert_conformal;
  p.truelat1_deg = 30.0;
  p.truelat2_deg = 60.0;
  p.stand_lon_deg = 121.0;
  p.ref_lat_deg = 37.5;
  p.ref_lon_deg = 121.0;
  grid::HorizontalGrid g;
  g.proj = grid::Projection(p);
  g.nx = k_nx;
  g.ny = k_ny;
  g.dx = g.dy = 12000.0;
  g.x0 = -9.5 * 12000.0;
  g.y0 = -7.5 * 12000.0;
  return g;
}

std::string exact(double x) {
  std::ostringstream os;
  os << std::setprecision(17) << x;
  return os.str();
}

/// A checkpoint with O3 = 40 ppb, ASO4 = 6 and AOTHR = 2 ug kg-1 everywhere (or gases only).
std::string write_test_checkpoint(const std::string& name, bool with_pm) {
  const auto g = test_grid();
  state::SpeciesList sp;
  sp.add({"O3", state::Phase::gas, 48.0, "ozone"});
  sp.add({"NO2", state::Phase::gas, 46.0, "nitrogen dioxide"});
  if (with_pm) {
    sp.add({"ASO4", state::Phase::aerosol, 96.06, "sulfate"});
    sp.add({"AOTHR", state::Phase::aerosol, 1.0, "other primary"});
  }
  const auto d = parallel::decompose(MPI_COMM_SELF, k_nx, k_ny, 0);
  state::ChemState st(sp, k_nx, k_ny, k_nz, 0);
  const double init[] = {40e-9, 5e-9, 6.0, 2.0};
  for (int n = 0; n < sp.size(); ++n)
    for (int k = 0; k < k_nz; ++k)
      for (int j = 0; j < k_ny; ++j)
        for (int i = 0; i < k_nx; ++i) st.field(n)(i, j, k) = init[n];
  st.time_s = 7200.0;
  output::CheckpointMeta meta;
  const auto& p = g.proj.params();
  meta.identity = {{"projection", "lambert_conformal"},
                   {"projection_parameters", "truelat1 " + exact(p.truelat1_deg) + ", truelat2 " +
                                                 exact(p.truelat2_deg) + ", stand_lon " + exact(p.stand_lon_deg) +
                                                 ", ref_lat " + exact(p.ref_lat_deg) + ", ref_lon " +
                                                 exact(p.ref_lon_deg) + ", earth_radius_m " + exact(p.earth_radius_m)},
                   {"grid", std::to_string(k_nx) + " x " + std::to_string(k_ny) + " cells of " + exact(g.dx) + " x " +
                                exact(g.dy) + " from (" + exact(g.x0) + ", " + exact(g.y0) + ")"},
                   {"layer_interfaces_m", "0 40 200 600 1500"},
                   {"species", with_pm ? "O3 NO2 ASO4 AOTHR" : "O3 NO2"},
                   {"mechanism", "none"}};
  const std::string dir = "assimilation_unit";
  fs::create_directories(dir);
  const std::string path = dir + "/" + name;
  output::write_checkpoint(path, d, g, st, "2026-07-14 16:00:00", {}, meta);
  return path;
}

/// One observation table: stations at the centres of the given cells (and one far outside).
products::ObsTable table(const std::vector<std::array<int, 2>>& cells, double o3_ugm3, double pm25,
                         bool with_outside = false) {
  const auto g = test_grid();
  products::ObsTable t;
  t.path = "memory.csv";
  t.has[static_cast<size_t>(products::idx(products::Pollutant::o3))] = true;
  t.has[static_cast<size_t>(products::idx(products::Pollutant::pm25))] = true;
  const double hour = products::utc_hours(*UtcTime::parse("2026-07-14 18:00:00"));
  for (size_t s = 0; s < cells.size(); ++s) {
    const auto ll = g.latlon(cells[s][0], cells[s][1]);
    t.stations.push_back({"S" + std::to_string(s), ll.lon_deg, ll.lat_deg});
    products::ObsRecord r;
    r.station = static_cast<int>(s);
    r.time_utc_h = hour;
    r.v[static_cast<size_t>(products::idx(products::Pollutant::o3))] = o3_ugm3;
    r.v[static_cast<size_t>(products::idx(products::Pollutant::pm25))] = pm25;
    t.records.push_back(r);
  }
  if (with_outside) {
    t.stations.push_back({"FAR", 100.0, 20.0});
    products::ObsRecord r;
    r.station = static_cast<int>(t.stations.size()) - 1;
    r.time_utc_h = hour;
    r.v[static_cast<size_t>(products::idx(products::Pollutant::o3))] = o3_ugm3;
    t.records.push_back(r);
  }
  return t;
}

}  // namespace

TEST_CASE("checkpoint read whole: grid rebuilt from the identity, time, units, standard density", "[assimilation]") {
  const auto c = read_checkpoint_data(write_test_checkpoint("read.nc", true));
  CHECK(c.nx == k_nx);
  CHECK(c.ny == k_ny);
  CHECK(c.nz == k_nz);
  CHECK(c.time().iso() == "2026-07-14 18:00:00");
  CHECK(c.grid.latlon(9.5, 7.5).lat_deg == Approx(37.5).margin(1e-9));
  REQUIRE(c.find("ASO4") >= 0);
  CHECK_FALSE(c.species[static_cast<size_t>(c.find("ASO4"))].gas);
  CHECK(c.species[static_cast<size_t>(c.find("O3"))].gas);
  CHECK(c.surface_air_density_kg_m3[0] == Approx(standard_air_density_kg_m3(20.0)));
  CHECK(standard_air_density_kg_m3(0.0) == Approx(101325.0 / (287.0 * 288.15)).epsilon(1e-12));
  CHECK(c.density_source.find("Standard Atmosphere") != std::string::npos);
}

TEST_CASE("one O3 station: the gain at the station, rho(d) nearby, exp(-dz/Hz) above", "[assimilation]") {
  const auto c = read_checkpoint_data(write_test_checkpoint("one.nc", true));
  Options opt;
  opt.species = {products::Pollutant::o3};
  opt.max_innovation_sigmas = 0.0;
  const double y_ppb = 60.0;
  const auto t = table({{{10, 8}}}, products::ppb_to_china_units(products::Pollutant::o3, y_ppb), 30.0);
  const auto a = analyse(c, t, opt);
  const auto e = default_errors(products::Pollutant::o3);
  const double sb = background_sigma(e.background, 40.0), so = observation_sigma(e.observation, y_ppb);
  const double expect = 40.0 + sb * sb / (sb * sb + so * so) * (y_ppb - 40.0);
  const auto& o3 = a.state.species[static_cast<size_t>(a.state.find("O3"))].value;
  CHECK(o3[a.state.at(10, 8, 0)] * 1e9 == Approx(expect).epsilon(1e-9));
  REQUIRE(a.report.species.size() == 1);
  CHECK(a.report.species[0].stations[0].analysis == Approx(expect).epsilon(1e-9));
  CHECK(a.report.species[0].rmse_analysis < a.report.species[0].rmse_background);
  // Along x: the increment ratio is the correlation of the cell-centre distance.
  const double inc0 = o3[a.state.at(10, 8, 0)] * 1e9 - 40.0;
  const auto p0 = c.grid.latlon(10, 8), p2 = c.grid.latlon(12, 8);
  const double d = great_circle_m(p0.lat_deg, p0.lon_deg, p2.lat_deg, p2.lon_deg, 6370000.0);
  CHECK((o3[a.state.at(12, 8, 0)] * 1e9 - 40.0) / inc0 ==
        Approx(correlation(Correlation::gaussian, d, 30e3)).epsilon(1e-9));
  // Up the column: exp(-(z_k - z_0)/500 m) of the surface increment.
  for (int k = 1; k < k_nz; ++k)
    CHECK((o3[a.state.at(10, 8, k)] * 1e9 - 40.0) / inc0 ==
          Approx(std::exp(-(c.z_mid_m(k) - c.z_mid_m(0)) / 500.0)).epsilon(1e-9));
  // NO2 is not analysed: unchanged bit for bit.
  CHECK(a.state.species[static_cast<size_t>(a.state.find("NO2"))].value == c.species[1].value);
  CHECK(a.report.changed == std::vector<std::string>{"O3"});
}

TEST_CASE("PM2.5: increments kept in the background's composition, never negative", "[assimilation]") {
  const auto c = read_checkpoint_data(write_test_checkpoint("pm.nc", true));
  Options opt;
  opt.species = {products::Pollutant::pm25};
  opt.max_innovation_sigmas = 0.0;
  opt.errors = {{products::Pollutant::pm25, {{5.0, 2.0}, {0.0, 0.1}}}};  // large B, tiny R: follow the obs
  const auto a = analyse(c, table({{{5, 5}}, {{14, 10}}}, 0.0, 0.0), opt);
  const auto& so4 = a.state.species[static_cast<size_t>(a.state.find("ASO4"))].value;
  const auto& oth = a.state.species[static_cast<size_t>(a.state.find("AOTHR"))].value;
  for (size_t q = 0; q < so4.size(); ++q) {
    REQUIRE(so4[q] >= 0.0);
    REQUIRE(oth[q] >= 0.0);
    if (oth[q] > 0.0) REQUIRE(so4[q] / oth[q] == Approx(3.0).epsilon(1e-12));
  }
  CHECK(so4[a.state.at(5, 5, 0)] < 0.1 * 6.0);
  CHECK(a.report.species[0].model_species == std::vector<std::string>{"ASO4", "AOTHR"});
  // Positive innovation: PM2.5 at the station moves towards the observation [ug m-3].
  const auto up = analyse(c, table({{{5, 5}}}, 0.0, 200.0), opt);
  const double rho = c.surface_air_density_kg_m3[c.at(5, 5, 0)];
  const auto& so4u = up.state.species[static_cast<size_t>(up.state.find("ASO4"))].value;
  const auto& othu = up.state.species[static_cast<size_t>(up.state.find("AOTHR"))].value;
  CHECK((so4u[c.at(5, 5, 0)] + othu[c.at(5, 5, 0)]) * rho == Approx(up.report.species[0].stations[0].analysis));
  CHECK(up.report.species[0].stations[0].analysis > 190.0);
}

TEST_CASE("stations outside the grid are skipped and listed", "[assimilation]") {
  const auto c = read_checkpoint_data(write_test_checkpoint("outside.nc", true));
  Options opt;
  opt.species = {products::Pollutant::o3};
  const auto a = analyse(c, table({{{3, 3}}}, 80.0, 10.0, true), opt);
  REQUIRE(a.report.outside.size() == 1);
  CHECK(a.report.outside[0].rfind("FAR (100, 20)", 0) == 0);
  CHECK(a.report.species[0].stations.size() == 1);
}

TEST_CASE("bad input: a missing column, no record at the hour, a checkpoint without the species", "[assimilation]") {
  const auto c = read_checkpoint_data(write_test_checkpoint("bad.nc", true));
  Options opt;
  auto t = table({{{3, 3}}}, 80.0, 10.0);
  t.has[static_cast<size_t>(products::idx(products::Pollutant::o3))] = false;
  CHECK_THROWS_WITH(analyse(c, t, opt), Catch::Contains("memory.csv") && Catch::Contains("no O3 column"));
  opt.time = *UtcTime::parse("2026-07-14 19:00:00");
  CHECK_THROWS_WITH(analyse(c, table({{{3, 3}}}, 80.0, 10.0), opt),
                    Catch::Contains("no observation at 2026-07-14 19:00:00 UTC"));
  const auto gases = read_checkpoint_data(write_test_checkpoint("gases.nc", false));
  CHECK_THROWS_WITH(analyse(gases, table({{{3, 3}}}, 80.0, 10.0), Options{}),
                    Catch::Contains("gases.nc") && Catch::Contains("no species of PM2.5"));
  CHECK_THROWS_WITH(read_checkpoint_data("assimilation_unit/none.nc"), Catch::Contains("checkpoint file not found"));
}

TEST_CASE("the analysis is written as a checkpoint: changed species replaced, the rest kept", "[assimilation]") {
  const std::string in = write_test_checkpoint("write_in.nc", true);
  const auto c = read_checkpoint_data(in);
  Options opt;
  const auto a = analyse(c, table({{{3, 3}}, {{15, 12}}}, 100.0, 30.0), opt);
  const std::string out = "assimilation_unit/out/analysis.nc";
  fs::remove(out);
  write_checkpoint_data(a.state, a.report.changed, out, {{"assimilation_method", a.report.parameters}});
  CHECK(fs::exists(out));
  CHECK_FALSE(fs::exists(out + ".tmp"));
  const auto back = read_checkpoint_data(out);
  for (const auto& name : {"O3", "NO2", "ASO4", "AOTHR"})
    CHECK(back.species[static_cast<size_t>(back.find(name))].value ==
          a.state.species[static_cast<size_t>(a.state.find(name))].value);
  CHECK(back.time_s == c.time_s);
  netCDF::NcFile nc(out, netCDF::NcFile::read);
  std::string method;
  nc.getAtt("assimilation_method").getValues(method);
  CHECK(method.find("optimal interpolation") != std::string::npos);
  // Its own input cannot be the output.
  CHECK_THROWS_WITH(write_checkpoint_data(a.state, a.report.changed, in, {}),
                    Catch::Contains("overwrite its own input"));
}
