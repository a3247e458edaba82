// Inflow from global CF fields: the interpolation kernels (linear fields reproduced to
// rounding), the longitude wrap, the unit conversions, and the provider on the synthetic files
// of scripts/make_global_bc.py (analytic fields linear in lat, lon, ln p and time).
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "solver/transport/boundary/global_cf_boundary.hpp"
#include "unit/timeloop/case_context.hpp"

using namespace lantian;
using namespace lantian::transport;

namespace {

// Relative tolerance of "reproduced to rounding": each interpolation step (bilinear, log p,
// time) rounds a few times in double (eps 2.2e-16) on values of order 1 whose ln p and lat/lon
// weights carry their own rounding; 1e-12 leaves two to three orders of margin.
constexpr double k_rel = 1e-12;

/// The analytic shape of make_global_bc.py (lon in 0..360, t_h since the file's start).
double shape(double lat, double lon, double p_pa, double t_h) {
  if (lon < 0) lon += 360.0;
  return 1.0 + 0.005 * (lat - 37.5) + 0.004 * (lon - 121.0) + 0.1 * std::log(p_pa / 1e5) + 0.002 * t_h;
}

const std::string k_dir = LANTIAN_GBC_DIR;

std::string case_text(const std::string& file, double center_lon = 121.0) {
  return "[case]\nname = \"gbc\"\nstart_time = \"2026-07-14 16:00:00\"\nhours = 6\n"
         "[grid]\nprojection = \"lambert_conformal\"\nnx = 12\nny = 10\ndx = 12000.0\ndy = 12000.0\n"
         "center_lat = 37.4\ncenter_lon = " +
         std::to_string(center_lon) + "\nstand_lon = " + std::to_string(center_lon) +
         "\nz_interfaces_m = [0.0, 100.0, 500.0, 1500.0, 4000.0]\n"
         "[species]\nnames = [\"O3\", \"O3B\", \"PMX\", \"PMS\", \"TRC\", \"KEEP\"]\n"
         "phases = [\"gas\", \"gas\", \"aerosol\", \"aerosol\", \"gas\", \"gas\"]\n"
         "molar_mass_g_mol = [48.0, 48.0, 1.0, 1.0, 28.97, 30.0]\n"
         "initial = [1.0, 1.0, 1.0, 1.0, 1.0, 7.0]\nboundary = [1.0, 1.0, 1.0, 1.0, 1.0, 7.0]\n"
         "[transport]\ntop_boundary = \"profile\"\n"
         "[boundary]\nsource = \"global_cf\"\nfiles = [\"" +
         file + "\"]\nspecies_table = \"" + std::string(LANTIAN_SOURCE_DIR) +
         "/tests/unit/transport/global_bc_test.toml\"\n";
}

/// Met on the block: layer pressures 95000, 85000, ... Pa (inside the global levels) and a
/// density that differs per cell (so that a wrong cell would show).
meteo::MetFields test_met(const test::CaseContext& c) {
  meteo::MetFields m;
  m.allocate(c.decomp.nx, c.decomp.ny, c.vgrid.nz, c.decomp.halo);
  for (int k = 0; k < c.vgrid.nz; ++k)
    for (int j = 0; j < c.decomp.ny; ++j)
      for (int i = 0; i < c.decomp.nx; ++i) {
        m.press_pa(i, j, k) = 95000.0 - 15000.0 * k + 10.0 * i;
        m.rho_kg_m3(i, j, k) = 1.2 - 0.1 * k + 0.001 * j;
      }
  return m;
}

}  // namespace

TEST_CASE("bracket reproduces a linear function on increasing and decreasing axes", "[global_cf]") {
  const std::vector<double> inc{20.0, 21.5, 23.0, 26.0}, dec{26.0, 23.0, 21.5, 20.0};
  for (const auto* ax : {&inc, &dec}) {
    for (double x : {20.0, 20.7, 21.5, 24.9, 26.0}) {
      const auto b = gcf::bracket(ax->data(), 4, x);
      REQUIRE(b);
      const double f0 = 3.0 + 2.0 * (*ax)[static_cast<size_t>(b->i0)],
                   f1 = 3.0 + 2.0 * (*ax)[static_cast<size_t>(b->i1)];
      CHECK((1.0 - b->w) * f0 + b->w * f1 == Approx(3.0 + 2.0 * x).epsilon(k_rel));
    }
    CHECK_FALSE(gcf::bracket(ax->data(), 4, 19.99));
    CHECK_FALSE(gcf::bracket(ax->data(), 4, 26.01));
  }
}

TEST_CASE("longitudes: 0..360 and -180..180 axes, the wrap of a global axis", "[global_cf]") {
  const std::vector<double> e{100.0, 110.0, 120.0};       // a window in 0..360
  auto b = gcf::bracket_lon(e.data(), 3, -245.0, false);  // -245 = 115 E
  REQUIRE(b);
  CHECK(b->i0 == 1);
  CHECK(b->w == Approx(0.5));
  const std::vector<double> w{-170.0, -160.0, -150.0};  // -180..180 axis, target as 0..360
  b = gcf::bracket_lon(w.data(), 3, 195.0, false);      // 195 E = -165
  REQUIRE(b);
  CHECK(b->i0 == 0);
  CHECK(b->w == Approx(0.5));
  CHECK_FALSE(gcf::bracket_lon(e.data(), 3, 125.0, false));
  std::vector<double> g;
  for (int i = 0; i < 360; ++i) g.push_back(i);
  b = gcf::bracket_lon(g.data(), 360, -0.25, true);  // 359.75 E: between 359 and 0 (= 360)
  REQUIRE(b);
  CHECK(b->i0 == 359);
  CHECK(b->i1 == 0);
  CHECK(b->w == Approx(0.75));
  CHECK_FALSE(gcf::bracket_lon(g.data(), 360, -0.25, false));
}

TEST_CASE("log-pressure interpolation: linear in ln p exact, constant outside", "[global_cf]") {
  const std::vector<double> p{10000.0, 30000.0, 50000.0, 85000.0, 100000.0};
  std::vector<double> lnp, v;
  for (double x : p) lnp.push_back(std::log(x)), v.push_back(2.0 - 0.3 * std::log(x / 1e5));
  for (double q : {10000.0, 12345.0, 50000.0, 99999.0})
    CHECK(gcf::interp_log_p(lnp.data(), v.data(), 5, q) == Approx(2.0 - 0.3 * std::log(q / 1e5)).epsilon(k_rel));
  CHECK(gcf::interp_log_p(lnp.data(), v.data(), 5, 5000.0) == v[0]);
  CHECK(gcf::interp_log_p(lnp.data(), v.data(), 5, 103000.0) == v[4]);
}

TEST_CASE("units: CF spellings and conversions to internal units", "[global_cf]") {
  using gcf::CfUnit;
  CHECK(gcf::parse_cf_unit("mol mol-1") == CfUnit::mol_mol);
  CHECK(gcf::parse_cf_unit("mol/mol") == CfUnit::mol_mol);
  CHECK(gcf::parse_cf_unit("ppbv") == CfUnit::ppb);
  CHECK(gcf::parse_cf_unit("PPM") == CfUnit::ppm);
  CHECK(gcf::parse_cf_unit("kg kg**-1") == CfUnit::kg_kg);
  CHECK(gcf::parse_cf_unit("kg/kg") == CfUnit::kg_kg);
  CHECK(gcf::parse_cf_unit("\xC2\xB5g m^-3") == CfUnit::ug_m3);
  CHECK(gcf::parse_cf_unit("ug/m3") == CfUnit::ug_m3);
  CHECK(gcf::parse_cf_unit("kg m-3") == CfUnit::kg_m3);
  CHECK_FALSE(gcf::parse_cf_unit("furlongs"));
  CHECK_FALSE(gcf::parse_cf_unit("1"));
  const double ma = constants::k_m_air_g_mol;
  // Gas: ppb -> 1e-9; kg/kg of O3 -> x M_air / 48; ug m-3 -> / rho, x 1e-9 M_air / M.
  CHECK(gcf::unit_conversion(CfUnit::ppb, true, 0.0)->factor == 1e-9);
  CHECK(gcf::unit_conversion(CfUnit::kg_kg, true, 48.0)->factor == Approx(ma / 48.0).epsilon(1e-15));
  const auto c = gcf::unit_conversion(CfUnit::ug_m3, true, 64.0);
  CHECK(c->divide_by_density);
  CHECK(c->factor == Approx(1e-9 * ma / 64.0).epsilon(1e-15));
  CHECK_FALSE(gcf::unit_conversion(CfUnit::kg_kg, true, 0.0));
  // Aerosol: kg/kg -> x 1e9 (ug kg-1); ug m-3 -> / rho; mole units need the molar mass.
  CHECK(gcf::unit_conversion(CfUnit::kg_kg, false, 0.0)->factor == 1e9);
  CHECK(gcf::unit_conversion(CfUnit::ug_m3, false, 0.0)->factor == 1.0);
  CHECK(gcf::unit_conversion(CfUnit::ug_m3, false, 0.0)->divide_by_density);
  CHECK_FALSE(gcf::unit_conversion(CfUnit::ppb, false, 0.0));
  CHECK(gcf::unit_conversion(CfUnit::ppb, false, 96.0)->factor == Approx(1e-9 * 96.0 / ma * 1e9).epsilon(1e-15));
}

TEST_CASE("the provider reproduces fields linear in lat, lon, ln p and time", "[global_cf]") {
  const std::vector<std::string> files{"pressure.nc", "hybrid.nc", "split_1.nc\", \"" + k_dir + "/split_2.nc",
                                       "descending.nc"};
  for (const std::string& file : files) {
    INFO(file);
    test::CaseContext c(case_text(k_dir + "/" + file));
    const auto bg = state::background_values(c.cfg, c.species);
    auto p = make_boundary_provider({c.cfg, c.start, c.hgrid, c.vgrid, c.decomp, c.species, bg});
    CHECK(p->time_varying());
    CHECK_THAT(p->describe(), Catch::Contains("KEEP"));
    const meteo::MetFields met = test_met(c);
    // 4500 s after the case start; the files start 3 h before it.
    const double t_s = 4500.0, t_h = 3.0 + t_s / 3600.0;
    p->fill(t_s, met, c.bc);
    const int o3 = c.species.index("O3"), o3b = c.species.index("O3B"), pmx = c.species.index("PMX");
    const int pms = c.species.index("PMS"), trc = c.species.index("TRC"), keep = c.species.index("KEEP");
    auto check_point = [&](double gi, double gj, int ei, int ej, int k, double got_o3, double got_o3b, double got_pmx,
                           double got_pms, double got_trc) {
      const grid::LatLon ll = c.hgrid.latlon(gi, gj);
      const double pr = met.press_pa(ei, ej, k), rho = met.rho_kg_m3(ei, ej, k);
      const double f = shape(ll.lat_deg, ll.lon_deg, pr, t_h);
      CHECK(got_o3 == Approx(40e-9 * f).epsilon(k_rel));
      CHECK(got_o3b == Approx(40e-9 * f).epsilon(k_rel));
      CHECK(got_pmx == Approx(10.0 * f / rho).epsilon(k_rel));
      CHECK(got_pms == Approx((1.5 + 2.0 * 0.5) * f).epsilon(k_rel));
      CHECK(got_trc == Approx(1e-8 * f).epsilon(k_rel));
    };
    const int nx = c.decomp.nx, ny = c.decomp.ny, nz = c.vgrid.nz;
    for (int k = 0; k < nz; ++k) {
      for (int j = 0; j < ny; ++j) {
        check_point(-1, j, 0, j, k, c.bc.west(o3, j, k), c.bc.west(o3b, j, k), c.bc.west(pmx, j, k),
                    c.bc.west(pms, j, k), c.bc.west(trc, j, k));
        check_point(nx, j, nx - 1, j, k, c.bc.east(o3, j, k), c.bc.east(o3b, j, k), c.bc.east(pmx, j, k),
                    c.bc.east(pms, j, k), c.bc.east(trc, j, k));
      }
      for (int i = 0; i < nx; ++i) {
        check_point(i, -1, i, 0, k, c.bc.south(o3, i, k), c.bc.south(o3b, i, k), c.bc.south(pmx, i, k),
                    c.bc.south(pms, i, k), c.bc.south(trc, i, k));
        check_point(i, ny, i, ny - 1, k, c.bc.north(o3, i, k), c.bc.north(o3b, i, k), c.bc.north(pmx, i, k),
                    c.bc.north(pms, i, k), c.bc.north(trc, i, k));
      }
    }
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i)
        check_point(i, j, i, j, nz - 1, c.bc.top(o3, i, j), c.bc.top(o3b, i, j), c.bc.top(pmx, i, j),
                    c.bc.top(pms, i, j), c.bc.top(trc, i, j));
    // The unmapped species keeps its species-key profile: 7 ppb, no scale height.
    CHECK(c.bc.west(keep, 0, 0) == Approx(7e-9).epsilon(1e-15));
  }
}

TEST_CASE("the provider interpolates across the 0/360 meridian of a global file", "[global_cf]") {
  test::CaseContext c(case_text(k_dir + "/global.nc", 0.3));
  const auto bg = state::background_values(c.cfg, c.species);
  auto p = make_boundary_provider({c.cfg, c.start, c.hgrid, c.vgrid, c.decomp, c.species, bg});
  const meteo::MetFields met = test_met(c);
  p->fill(0.0, met, c.bc);
  const int trc = c.species.index("TRC");
  int crossed = 0;
  for (int j = 0; j < c.decomp.ny; ++j) {
    const grid::LatLon ll = c.hgrid.latlon(-1, j);
    REQUIRE(ll.lon_deg < 0);              // the west ghost cells lie west of 0 E: between 359 and 0 (= 360)
    const double w = (ll.lon_deg + 1.0);  // weight of the 0 E column
    const double pr = met.press_pa(0, j, 0), t_h = 3.0;
    const double expect = 1e-8 * ((1.0 - w) * shape(ll.lat_deg, 359.0, pr, t_h) + w * shape(ll.lat_deg, 0.0, pr, t_h));
    CHECK(c.bc.west(trc, j, 0) == Approx(expect).epsilon(k_rel));
    ++crossed;
  }
  CHECK(crossed == c.decomp.ny);
}
