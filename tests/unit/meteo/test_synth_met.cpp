// Synthetic Yantai met: written in WRF format, read back through the WRF reader.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <netcdf>

#include "meteo/synthetic/synth_met.hpp"
#include "meteo/wrf/wrf_met_provider.hpp"
#include "solver/core/constants.hpp"
#include "unit/meteo/meteo_test_util.hpp"

using namespace lantian;
using namespace lantian::meteo;

namespace {
SynthMetOptions small_case(const std::string& dir) {
  SynthMetOptions o;
  o.out_dir = dir;
  o.start = test::utc("2026-07-15 00:00:00");  // 08 local time
  o.hours = 8;
  o.nx = 40;
  o.ny = 30;
  o.nz = 10;
  o.dx_m = 9000.0;
  o.rain_start_h = 2.0;
  o.rain_hours = 3.0;
  return o;
}
}  // namespace

TEST_CASE("Synthetic met round trip through the WRF reader", "[meteo][synthetic]") {
  const std::string dir = test::scratch_dir("synth_roundtrip");
  const SynthMetOptions o = small_case(dir);
  const auto files = write_synthetic_wrf(o);
  REQUIRE(files.size() == 9);
  CHECK(std::filesystem::path(files[3]).filename() == "wrfout_d01_2026-07-15_03:00:00");
  auto dec = test::serial_decomposition(o.nx, o.ny, 2);
  WrfMetProvider p(files, {}, dec, o.start);
  CHECK(p.domain().max_latlon_error_deg < 1e-4);
  CHECK_FALSE(p.domain().cropped);
  CHECK(p.nz() == o.nz);
  const auto& g = p.domain().model_grid;
  // Domain covers about 36.6-38.2 N, 119.5-122.3 E.
  const auto sw = g.latlon(0, 0), ne = g.latlon(o.nx - 1, o.ny - 1);
  CHECK(sw.lat_deg < 36.6);
  CHECK(ne.lat_deg > 38.2);
  CHECK(sw.lon_deg < 119.5);
  CHECK(ne.lon_deg > 122.3);

  // Land and sea: Bohai at (38.1 N, 121.0 E), land at Qixia (37.3 N, 120.85 E), Yellow Sea at
  // (36.8 N, 122.2 E).
  auto cell = [&](double lat, double lon, int& i, int& j) {
    const auto xy = g.proj.forward({lat, lon});
    i = static_cast<int>(std::lround((xy.x - g.x0) / g.dx));
    j = static_cast<int>(std::lround((xy.y - g.y0) / g.dy));
  };
  MetFields m0, m6;
  p.fill(0.0, m0);
  p.fill(6 * 3600.0, m6);  // 14 local
  int i = 0, j = 0;
  cell(38.1, 121.0, i, j);
  CHECK(m0.landmask(i, j, 0) == 0.0);
  CHECK(m0.lu_index(i, j, 0) == 16.0);
  cell(37.3, 120.85, i, j);
  CHECK(m0.landmask(i, j, 0) == 1.0);
  // Diurnal PBL over land: ~200 m at night (08 local is early morning: below 700 m), ~1500 m
  // in the early afternoon.
  CHECK(m0.pblh_m(i, j, 0) < 700.0);
  CHECK(m6.pblh_m(i, j, 0) > 1300.0);
  CHECK(m6.hfx_w_m2(i, j, 0) > 100.0);
  CHECK(m6.kz_m2_s(i, j, 3) > 10 * m0.kz_m2_s(i, j, 3));
  cell(36.8, 122.2, i, j);
  CHECK(m0.landmask(i, j, 0) == 0.0);

  // Sea breeze: just south of the north coast (37.6 N, 121.0 E) the afternoon low-level wind
  // turns onshore (towards the south) relative to the morning.
  cell(37.6, 121.0, i, j);
  const double v_am = 0.5 * (m0.v_face_m_s(i, j, 0) + m0.v_face_m_s(i, j + 1, 0));
  const double v_pm = 0.5 * (m6.v_face_m_s(i, j, 0) + m6.v_face_m_s(i, j + 1, 0));
  CHECK(v_pm < v_am - 1.0);

  // Hydrostatic columns: the air mass per area from the reader's density and layer
  // thicknesses, sum of rho (1 + qv) g dz, equals PSFC - P_TOP (10 kPa): the files use WRF's
  // discrete hydrostatic relation, so only float storage (1e-6) and the virtual-temperature
  // factor 0.608 vs Rv/Rd - 1 = 0.6084 (4e-4 qv) separate them: bound 1e-3.
  WrfSeries s0(files);
  const auto psfc = s0.read_2d("PSFC", 0);
  double worst = 0;
  for (int jj : {3, 15, 27})
    for (int ii : {4, 20, 36}) {
      double col = 0;
      for (int k = 0; k < o.nz; ++k)
        col += m0.rho_kg_m3(ii, jj, k) * (1 + m0.qv_kg_kg(ii, jj, k)) * constants::k_gravity_m_s2 * m0.dz_m(ii, jj, k);
      const double want = psfc[static_cast<size_t>(jj) * o.nx + ii] - 10000.0;
      worst = std::max(worst, std::fabs(col / want - 1.0));
    }
  CHECK(worst < 1e-3);

  // Rain: the precipitation rate integrates to the accumulated total of the last file.
  const size_t nc = static_cast<size_t>(o.nx) * static_cast<size_t>(o.ny);
  std::vector<double> integral(nc, 0.0);
  double peak = 0, cloud_max = 0;
  MetFields m;
  for (int h = 0; h < o.hours; ++h) {
    p.fill(h * 3600.0 + 1800.0, m);  // the interval's rate
    for (int jj = 0; jj < o.ny; ++jj)
      for (int ii = 0; ii < o.nx; ++ii) {
        integral[static_cast<size_t>(jj) * o.nx + ii] += m.precip_mm_h(ii, jj, 0);
        peak = std::max(peak, m.precip_mm_h(ii, jj, 0));
        for (int k = 0; k < o.nz; ++k) cloud_max = std::max(cloud_max, m.cloud_frac(ii, jj, k));
      }
  }
  CHECK(peak > 1.0);
  CHECK(cloud_max > 0.5);
  WrfSeries s(files);
  const auto rc = s.read_2d("RAINC", o.hours), rnc = s.read_2d("RAINNC", o.hours);
  for (size_t c = 0; c < nc; c += 37)
    CHECK(integral[c] == Approx(rc[c] + rnc[c]).margin(1e-4));  // float storage of mm totals
}

TEST_CASE("Rain buckets and the land mask from LU_INDEX", "[meteo][synthetic]") {
  SynthMetOptions o = small_case(test::scratch_dir("synth_plain"));
  o.nx = 16;
  o.ny = 12;
  o.hours = 5;
  const auto plain = write_synthetic_wrf(o);
  o.out_dir = test::scratch_dir("synth_bucket");
  o.bucket_mm = 0.5;  // several resets during the event
  const auto bucket = write_synthetic_wrf(o);
  {
    WrfSeries s(bucket);
    CHECK(s.attributes().bucket_mm == 0.5);
    double imax = 0;
    for (double v : s.read_2d("I_RAINNC", o.hours)) imax = std::max(imax, v);
    CHECK(imax >= 2.0);  // the buckets did reset
  }
  // Without LANDMASK the mask comes from LU_INDEX == ISWATER.
  for (const auto& path : bucket) {
    netCDF::NcFile f(path, netCDF::NcFile::write);
    f.getVar("LANDMASK").rename("LANDMASK_X");
  }
  auto dec = test::serial_decomposition(16, 12, 1);
  WrfMetProvider a(plain, {}, dec, o.start), b(bucket, {}, dec, o.start);
  MetFields ma, mb;
  long land = 0;
  for (int h = 0; h < o.hours; ++h) {
    a.fill(h * 3600.0 + 900.0, ma);
    b.fill(h * 3600.0 + 900.0, mb);
    for (int j = 0; j < 12; ++j)
      for (int i = 0; i < 16; ++i) {
        // float storage of the totals (< 5 mm) and of the remainders: 1e-5 mm h-1.
        CHECK(mb.precip_mm_h(i, j, 0) == Approx(ma.precip_mm_h(i, j, 0)).margin(2e-5));
        CHECK(mb.landmask(i, j, 0) == ma.landmask(i, j, 0));
        land += ma.landmask(i, j, 0) > 0.5;
      }
  }
  CHECK(land > 0);
  CHECK(land < 16 * 12 * o.hours);
}

TEST_CASE("Kz from WRF's EXCH_H when present", "[meteo][kz]") {
  SynthMetOptions o = small_case(test::scratch_dir("synth_exch"));
  o.nx = 12;
  o.ny = 10;
  o.nz = 6;
  o.hours = 1;
  const auto files = write_synthetic_wrf(o);
  // EXCH_H(k) = 5 + k m2/s on mass levels: the exchange coefficient at the top of layer k.
  for (const auto& path : files) {
    netCDF::NcFile f(path, netCDF::NcFile::write);
    auto v = f.addVar("EXCH_H", netCDF::ncFloat,
                      {f.getDim("Time"), f.getDim("bottom_top"), f.getDim("south_north"), f.getDim("west_east")});
    std::vector<float> val(static_cast<size_t>(o.nz) * o.ny * o.nx);
    for (size_t q = 0; q < val.size(); ++q) val[q] = 5.0f + static_cast<float>(q / (o.ny * o.nx));
    v.putVar({0, 0, 0, 0}, {1, static_cast<size_t>(o.nz), static_cast<size_t>(o.ny), static_cast<size_t>(o.nx)},
             val.data());
  }
  auto dec = test::serial_decomposition(12, 10, 0);
  WrfMetProvider p(files, {}, dec, o.start);
  MetFields m;
  p.fill(0.0, m);
  for (int k = 1; k < o.nz; ++k) CHECK(m.kz_m2_s(3, 4, k) == 5.0 + (k - 1));
  CHECK(m.kz_m2_s(3, 4, 0) == 0.0);
  CHECK(m.kz_m2_s(3, 4, o.nz) == 0.0);
  WrfProviderOptions no;
  no.use_exch_h = false;
  WrfMetProvider q(files, no, dec, o.start);
  q.fill(0.0, m);
  CHECK(m.kz_m2_s(3, 4, 1) != 5.0);
}

TEST_CASE("Synthetic met in classic and 64-bit offset formats", "[meteo][synthetic]") {
  for (std::string fmt : {"classic", "64bit"}) {
    const std::string dir = test::scratch_dir("synth_" + fmt);
    SynthMetOptions o = small_case(dir);
    o.hours = 1;
    o.nx = 12;
    o.ny = 10;
    o.format = fmt;
    o.name_pattern = "met_%Y%m%d%H.nc";
    const auto files = write_synthetic_wrf(o);
    CHECK(std::filesystem::path(files[1]).filename() == "met_2026071501.nc");
    auto dec = test::serial_decomposition(12, 10, 1);
    WrfMetProvider p(files, {}, dec, o.start);
    MetFields m;
    p.fill(1800.0, m);
    CHECK(m.temp_k(5, 5, 0) > 270.0);
  }
}
