// The synthetic winter episode (meteo/synthetic/synth_episode.cpp), read back through the WRF
// reader: stagnant shallow boundary layer with inversions, then the cold front; and the summer
// default unchanged by the episode option.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <netcdf>
#include <string>
#include <vector>

#include "meteo/synthetic/synth_met.hpp"
#include "meteo/wrf/wrf_met_provider.hpp"
#include "solver/core/constants.hpp"
#include "unit/meteo/meteo_test_util.hpp"

using namespace lantian;
using namespace lantian::meteo;

namespace {

/// A coarse winter episode over the default domain (16 x 12 x 12 cells of 24 km): from 06:00
/// local time (22 UTC), the front crossing the centre 12 h later at 80 km/h (it crosses the
/// domain within about +-2.5 h), 22 records: night and day ahead of the front, night behind it.
SynthMetOptions winter_case(const std::string& dir) {
  SynthMetOptions o;
  o.episode = "winter_stagnation";
  o.out_dir = dir;
  o.start = test::utc("2027-01-10 22:00:00");
  o.hours = 22;
  o.nx = 16;
  o.ny = 12;
  o.nz = 12;
  o.dx_m = 24000.0;
  o.winter.front_h = 12.0;
  o.winter.front_speed_km_h = 80.0;
  return o;
}

double speed10(const MetFields& m, int i, int j) { return std::hypot(m.u10_m_s(i, j, 0), m.v10_m_s(i, j, 0)); }

/// Potential temperature [K] of layer k.
double theta(const MetFields& m, int i, int j, int k) {
  return m.temp_k(i, j, k) * std::pow(1e5 / m.press_pa(i, j, k), constants::k_kappa);
}

}  // namespace

TEST_CASE("Winter episode: stagnant shallow boundary layer, then a cold front", "[meteo][synthetic][episode]") {
  const SynthMetOptions o = winter_case(test::scratch_dir("synth_winter"));
  const auto files = write_synthetic_wrf(o);
  REQUIRE(files.size() == 23);
  {
    netCDF::NcFile f(files[0], netCDF::NcFile::read);
    std::string ep;
    f.getAtt("LANTIAN_SYNTH_EPISODE").getValues(ep);
    CHECK(ep == "winter_stagnation");
  }
  auto dec = test::serial_decomposition(o.nx, o.ny, 1);
  WrfMetProvider p(files, {}, dec, o.start);
  CHECK(p.domain().max_latlon_error_deg < 1e-4);
  MetFields night, day, post;
  p.fill(0.0, night);         // 06 local, ahead of the front
  p.fill(6 * 3600.0, day);    // 12 local, ahead of the front
  p.fill(22 * 3600.0, post);  // 20 local, behind the front everywhere

  int land = 0;
  double t2_pre_land = 0, t2_post_land = 0;
  for (int j = 0; j < o.ny; ++j)
    for (int i = 0; i < o.nx; ++i) {
      // Weak winds ahead of the front, a strong northerly behind it.
      CHECK(speed10(night, i, j) < 2.5);
      CHECK(speed10(day, i, j) < 2.5);
      CHECK(speed10(post, i, j) > 7.0);
      CHECK(post.v10_m_s(i, j, 0) < -5.0);
      // Shallow boundary layer ahead of the front (below the inversion base, 380 m at the
      // start), 1-1.5 km behind.
      CHECK(night.pblh_m(i, j, 0) <= 380.0);
      CHECK(day.pblh_m(i, j, 0) <= 380.0);
      CHECK(post.pblh_m(i, j, 0) >= 950.0);
      CHECK(post.pblh_m(i, j, 0) <= 1500.0);
      // Dry ahead of the front.
      CHECK(night.precip_mm_h(i, j, 0) == 0.0);
      CHECK(day.precip_mm_h(i, j, 0) == 0.0);
      if (night.landmask(i, j, 0) < 0.5) continue;
      ++land;
      // January over land: -5 to +5 C ahead of the front (the hills a little colder), colder behind.
      CHECK(night.t2_k(i, j, 0) - 273.15 > -7.0);
      CHECK(day.t2_k(i, j, 0) - 273.15 < 5.5);
      CHECK(day.t2_k(i, j, 0) > night.t2_k(i, j, 0) + 3.0);
      t2_pre_land += night.t2_k(i, j, 0);
      t2_post_land += post.t2_k(i, j, 0);
      // A stable night: downward heat flux, small friction velocity, weak mixing; daytime
      // heating; the wind-mixed layer behind the front.
      CHECK(night.pblh_m(i, j, 0) <= 150.0);
      CHECK(night.hfx_w_m2(i, j, 0) < 0.0);
      CHECK(day.hfx_w_m2(i, j, 0) > 50.0);
      CHECK(night.ustar_m_s(i, j, 0) < 0.15);
      CHECK(post.ustar_m_s(i, j, 0) > 0.4);
      CHECK(post.kz_m2_s(i, j, 2) > 10.0 * night.kz_m2_s(i, j, 2));
      // Surface inversion at night: theta increases with height through the lowest km; by
      // day a mixed layer (theta within 1 K) capped by the elevated inversion (> 10 K/km
      // somewhere between 250 and 700 m).
      double cap = 0;
      for (int k = 0; k + 1 < o.nz && night.zmid_m(i, j, k + 1) < 1000.0; ++k) {
        CHECK(theta(night, i, j, k + 1) > theta(night, i, j, k) + 0.05);
        if (day.zmid_m(i, j, k + 1) < 250.0) CHECK(std::fabs(theta(day, i, j, k + 1) - theta(day, i, j, 0)) < 1.0);
      }
      for (int k = 0; k + 1 < o.nz && day.zmid_m(i, j, k) < 700.0; ++k)
        if (day.zmid_m(i, j, k + 1) > 250.0)
          cap = std::max(
              cap, (theta(day, i, j, k + 1) - theta(day, i, j, k)) / (day.zmid_m(i, j, k + 1) - day.zmid_m(i, j, k)));
      CHECK(cap > 0.01);
    }
  REQUIRE(land > 10);
  CHECK(t2_post_land / land < t2_pre_land / land - 4.0);

  // The front's timing: at the centre the 10 m wind exceeds 5 m/s for the first time within
  // 2 h of front_h; it arrives in the north before the south; a snow band passes with it.
  auto first_windy_hour = [&](int i, int j) {
    MetFields m;
    for (int h = 0; h <= o.hours; ++h) {
      p.fill(h * 3600.0, m);
      if (speed10(m, i, j) > 5.0) return h;
    }
    return -1;
  };
  const int centre = first_windy_hour(o.nx / 2, o.ny / 2);
  CHECK(std::abs(centre - 12) <= 2);
  CHECK(first_windy_hour(o.nx / 2, o.ny - 1) < first_windy_hour(o.nx / 2, 0));
  double snow = 0;
  MetFields m;
  for (int h = 8; h < o.hours; ++h) {
    p.fill(h * 3600.0 + 1800.0, m);
    snow = std::max(snow, m.precip_mm_h(o.nx / 2, o.ny / 2, 0));
  }
  CHECK(snow > 0.2);
  CHECK(snow < 1.0);

  // Hydrostatic columns (as the summer files): air mass per area = PSFC - P_TOP to 1e-3.
  WrfSeries s(files);
  const auto psfc = s.read_2d("PSFC", 0);
  for (int j : {1, 6, 10})
    for (int i : {2, 8, 14}) {
      double col = 0;
      for (int k = 0; k < o.nz; ++k)
        col +=
            night.rho_kg_m3(i, j, k) * (1 + night.qv_kg_kg(i, j, k)) * constants::k_gravity_m_s2 * night.dz_m(i, j, k);
      CHECK(col / (psfc[static_cast<size_t>(j) * o.nx + i] - 10000.0) == Approx(1.0).margin(1e-3));
    }
}

TEST_CASE("Winter episode: bad parameters and unknown episodes", "[meteo][synthetic][episode]") {
  SynthMetOptions o = winter_case(test::scratch_dir("synth_winter_bad"));
  o.hours = 0;
  o.winter.stagnant_wind_m_s = 0.0;
  CHECK_THROWS_WITH(write_synthetic_wrf(o), Catch::Matchers::Contains("stagnant wind"));
  o.winter.stagnant_wind_m_s = 1.5;
  o.winter.snow_mm_h = -1.0;
  CHECK_THROWS_WITH(write_synthetic_wrf(o), Catch::Matchers::Contains("snow rate"));
  o.episode = "monsoon";
  CHECK_THROWS_WITH(write_synthetic_wrf(o), Catch::Matchers::Contains("unknown episode 'monsoon'"));
}

TEST_CASE("The summer default is unchanged by the episode option", "[meteo][synthetic][episode]") {
  // Sums of the fields of the default summer options (60 x 50 x 20, classic format, rain from
  // 1 h), record 3, as the summer code wrote them before the episode option existed; sums of
  // float values in double, in file order: identical code gives identical sums (a change of
  // 1e-12 relative is a change of the fields).
  SynthMetOptions o;
  o.out_dir = test::scratch_dir("synth_summer_default");
  o.hours = 3;
  o.format = "classic";
  o.rain_start_h = 1.0;
  o.winter.front_h = 5.0;  // unused by the summer episode
  const auto files = write_synthetic_wrf(o);
  netCDF::NcFile f(files[3], netCDF::NcFile::read);
  CHECK(f.getAtts().count("LANTIAN_SYNTH_EPISODE") == 0);
  auto sum = [&](const std::string& name) {
    const netCDF::NcVar v = f.getVar(name);
    size_t n = 1;
    for (const auto& d : v.getDims()) n *= d.getSize();
    std::vector<float> a(n);
    v.getVar(a.data());
    double s = 0;
    for (float x : a) s += x;
    return s;
  };
  const std::vector<std::pair<std::string, double>> golden{
      {"T", 1108081.8791809217},      {"U", 382651.1060257852},      {"V", 91330.2424475709},
      {"PH", 60565138.85553551},      {"QVAPOR", 352.6973105778161}, {"PBLH", 2165218.254760742},
      {"HFX", 283110.64754486084},    {"UST", 878.3510651141405},    {"T2", 897654.1437683105},
      {"RAINNC", 1232.1008886700427}, {"RAINC", 528.043238667869},   {"SWDOWN", 2474744.6110839844},
      {"PSFC", 303184189.046875},     {"CLDFRA", 5118.720346182585}};
  for (const auto& [name, want] : golden) {
    INFO(name);
    CHECK(sum(name) == Approx(want).epsilon(1e-12));
  }
}
