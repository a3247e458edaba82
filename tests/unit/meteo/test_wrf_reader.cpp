// The WRF reader on real files: WRF 4.5.1 (au-test, hybrid coordinate, southern hemisphere)
// and WRF 3.3.1 (tibet, cropped by ncks so that its global attributes describe the parent
// domain). Grid against XLAT/XLONG, values against ncdump, derived fields against MCIP.
#include <catch2/catch.hpp>

#include <cmath>
#include <netcdf>

#include "meteo/wrf/wrf_met_provider.hpp"
#include "meteo/wrf/wrf_series.hpp"
#include "solver/core/constants.hpp"
#include "unit/meteo/meteo_test_util.hpp"

using namespace lantian;
using namespace lantian::meteo;

namespace {

std::vector<float> nc_all(const std::string& path, const std::string& var) {
  netCDF::NcFile f(path, netCDF::NcFile::read);
  netCDF::NcVar v = f.getVar(var);
  size_t n = 1;
  for (const auto& d : v.getDims()) n *= d.getSize();
  std::vector<float> out(n);
  v.getVar(out.data());
  return out;
}

/// Counts values outside physical ranges (one CHECK per field keeps the test fast).
void check_ranges(const MetFields& m, int nx, int ny, int nz, const KzParams& kz) {
  long bad_t = 0, bad_p = 0, bad_rho = 0, bad_q = 0, bad_z = 0, bad_w = 0, bad_kz = 0, bad_2d = 0;
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      for (int k = 0; k < nz; ++k) {
        bad_t += !(m.temp_k(i, j, k) > 150.0 && m.temp_k(i, j, k) < 330.0);
        bad_p += !(m.press_pa(i, j, k) > 1000.0 && m.press_pa(i, j, k) < 110000.0 &&
                   (k == 0 || m.press_pa(i, j, k) < m.press_pa(i, j, k - 1)));
        bad_rho += !(m.rho_kg_m3(i, j, k) > 0.01 && m.rho_kg_m3(i, j, k) < 1.5);
        bad_q += !(m.qv_kg_kg(i, j, k) >= 0.0 && m.qv_kg_kg(i, j, k) < 0.04 && m.qc_kg_kg(i, j, k) >= 0.0 &&
                   m.cloud_frac(i, j, k) >= 0.0 && m.cloud_frac(i, j, k) <= 1.0);
        bad_z += !(m.dz_m(i, j, k) > 5.0 && m.zmid_m(i, j, k) > 0.0);
        bad_w += !(std::fabs(m.u_face_m_s(i, j, k)) < 100.0 && std::fabs(m.v_face_m_s(i, j, k)) < 100.0);
        if (k > 0) bad_kz += !(m.kz_m2_s(i, j, k) >= kz.kz_min_m2_s && m.kz_m2_s(i, j, k) <= kz.kz_max_m2_s);
      }
      bad_2d += !(m.pblh_m(i, j, 0) >= 0.0 && m.pblh_m(i, j, 0) < 6000.0 && m.ustar_m_s(i, j, 0) >= 0.0 &&
                  m.precip_mm_h(i, j, 0) >= 0.0 && std::fabs(m.coszen(i, j, 0)) <= 1.0 &&
                  (m.landmask(i, j, 0) == 0.0 || m.landmask(i, j, 0) == 1.0) && m.t2_k(i, j, 0) > 180.0 &&
                  m.t2_k(i, j, 0) < 340.0 && m.znt_m(i, j, 0) > 0.0 && m.swdown_w_m2(i, j, 0) >= 0.0);
    }
  CHECK(bad_t == 0);
  CHECK(bad_p == 0);
  CHECK(bad_rho == 0);
  CHECK(bad_q == 0);
  CHECK(bad_z == 0);
  CHECK(bad_w == 0);
  CHECK(bad_kz == 0);
  CHECK(bad_2d == 0);
}

}  // namespace

TEST_CASE("au-test: every file, grid from the projection matches XLAT/XLONG", "[meteo][wrf]") {
  const auto files = test::au_test_files();
  if (files.empty()) return;
  REQUIRE(files.size() == 25);
  WrfSeries s(files);
  CHECK(s.records().size() == 25);
  CHECK(s.interval_s() == 3600);
  CHECK(s.time_string(0) == "2022-12-07_00:00:00");
  CHECK(s.time_string(24) == "2022-12-08_00:00:00");
  CHECK(s.records()[24].time == test::utc("2022-12-08 00:00:00"));
  CHECK(s.iso_time(1) == "2022-12-07T01:00:00Z");
  CHECK(s.nx() == 14);
  CHECK(s.nz() == 32);
  const WrfDomain d = make_wrf_domain(s, {});
  CHECK_FALSE(d.cropped);
  // The data README: recomputed on a 6370 km sphere, lat/lon match XLAT/XLONG to 3e-5 degree.
  CHECK(d.max_latlon_error_deg < 1e-4);
  // Independently of the reader: XLAT/XLONG read here, lat/lon from the grid.
  const auto lat = nc_all(files[3], "XLAT"), lon = nc_all(files[3], "XLONG");
  double err = 0;
  for (int j = 0; j < 14; ++j)
    for (int i = 0; i < 14; ++i) {
      const auto ll = d.file_grid.latlon(i, j);
      err = std::max({err, std::fabs(ll.lat_deg - lat[j * 14 + i]), std::fabs(ll.lon_deg - lon[j * 14 + i])});
    }
  CHECK(err < 1e-4);
  // The map factor of the projection against WRF's MAPFAC_M (float storage: 1e-5).
  const auto msf = nc_all(files[0], "MAPFAC_M");
  for (int c : {0, 7 * 14 + 7, 14 * 14 - 1}) CHECK(d.file_grid.proj.map_factor(lat[c]) == Approx(msf[c]).margin(2e-5));
}

TEST_CASE("au-test: values at named cells equal ncdump's", "[meteo][wrf]") {
  auto files = test::au_test_files();
  if (files.empty()) return;
  files.resize(8);
  auto dec = test::serial_decomposition(14, 14, 2);
  WrfMetProvider p(files, {}, dec, test::utc("2022-12-07 00:00:00"));
  MetFields m;
  p.fill(6 * 3600.0, m);  // exactly the 06 UTC record
  // From `ncdump -v T2,PBLH,UST,HFX,U,QVAPOR,PH,PHB,HGT WRFOUT_d01_2022-12-07T0600Z.nc`,
  // cell (i=7, j=5), level 0 (floats printed to 7 digits, hence the relative 1e-6).
  CHECK(m.t2_k(7, 5, 0) == Approx(311.6714).epsilon(1e-6));
  CHECK(m.pblh_m(7, 5, 0) == Approx(3651.463).epsilon(1e-6));
  CHECK(m.ustar_m_s(7, 5, 0) == Approx(0.3080957).epsilon(1e-6));
  CHECK(m.hfx_w_m2(7, 5, 0) == Approx(96.28736).epsilon(1e-6));
  CHECK(m.qv_kg_kg(7, 5, 0) == Approx(0.008672236).epsilon(1e-6));
  // U on faces: face i lies between cells i-1 and i, WRF's U(i) directly.
  CHECK(m.u_face_m_s(7, 5, 0) == Approx(2.040807).epsilon(1e-6));
  CHECK(m.u_face_m_s(8, 5, 0) == Approx(-0.3714216).epsilon(1e-6));
  // Mid-height of layer 0 above ground: ((PH+PHB)(0) + (PH+PHB)(1)) / (2 g) - HGT with
  // PH = 0, 42.31667; PHB = 1472.158, 1960.336; HGT = 150.0671.
  const double zmid = (1472.158 + 42.31667 + 1960.336) / (2 * 9.81) - 150.0671;
  CHECK(m.zmid_m(7, 5, 0) == Approx(zmid).margin(1e-3));
  // Temperature from theta: (T + 300)(p/1e5)^(2/7), T = 12.05988, P = 479.2845, PB from file.
  const double pb = test::nc_value(files[6], "PB", {0, 0, 5, 7});
  const double pr = 479.2845 + pb;
  CHECK(m.press_pa(7, 5, 0) == Approx(pr).epsilon(1e-7));
  CHECK(m.temp_k(7, 5, 0) == Approx(312.05988 * std::pow(pr / 1e5, 2.0 / 7.0)).epsilon(1e-6));
  check_ranges(m, 14, 14, 32, KzParams{});
  // Halo at the domain edge copies the edge cells.
  CHECK(m.temp_k(-2, 3, 4) == m.temp_k(0, 3, 4));
  CHECK(m.temp_k(15, 13, 4) == m.temp_k(13, 13, 4));
  CHECK(m.u_face_m_s(-1, 3, 0) == m.u_face_m_s(0, 3, 0));
  CHECK(m.v_face_m_s(3, 16, 0) == m.v_face_m_s(3, 14, 0));
}

TEST_CASE("au-test: derived fields agree with MCIP (btrim = 1)", "[meteo][wrf][mcip]") {
  const auto files = test::au_test_files();
  const std::string mdir = test::shared_data("wrf/au-test-mcip");
  if (files.empty() || mdir.empty()) return;
  WrfProviderOptions opt;
  opt.window.btrim = 1;
  auto dec = test::serial_decomposition(10, 10, 0);
  WrfMetProvider p(files, opt, dec, test::utc("2022-12-07 00:00:00"));
  REQUIRE(p.domain().model_grid.nx == 10);
  const auto ta = nc_all(mdir + "/METCRO3D_au-test_v1", "TA");
  const auto pres = nc_all(mdir + "/METCRO3D_au-test_v1", "PRES");
  const auto dens = nc_all(mdir + "/METCRO3D_au-test_v1", "DENS");
  const auto zf = nc_all(mdir + "/METCRO3D_au-test_v1", "ZF");
  const auto pbl = nc_all(mdir + "/METCRO2D_au-test_v1", "PBL");
  const auto ustar = nc_all(mdir + "/METCRO2D_au-test_v1", "USTAR");
  const auto temp2 = nc_all(mdir + "/METCRO2D_au-test_v1", "TEMP2");
  const auto hfx = nc_all(mdir + "/METCRO2D_au-test_v1", "HFX");
  MetFields m;
  double max_dt = 0, max_dp = 0, max_rho_rel = 0, sum_rho_rel = 0, max_zf = 0, max_zf_rel = 0;
  long nrho = 0;
  for (int t : {0, 6, 12, 24}) {
    p.fill(t * 3600.0, m);
    for (int k = 0; k < 32; ++k)
      for (int j = 0; j < 10; ++j)
        for (int i = 0; i < 10; ++i) {
          const size_t q = ((static_cast<size_t>(t) * 32 + k) * 10 + j) * 10 + i;
          max_dt = std::max(max_dt, std::fabs(m.temp_k(i, j, k) - ta[q]));
          max_dp = std::max(max_dp, std::fabs(m.press_pa(i, j, k) - pres[q]));
          // MCIP's DENS is the total (moist) air density; ours is dry air, rho_d = rho / (1 + qv):
          // compare like with like.
          const double rho_moist = m.rho_kg_m3(i, j, k) * (1.0 + m.qv_kg_kg(i, j, k));
          const double rel = std::fabs(rho_moist / dens[q] - 1.0);
          max_rho_rel = std::max(max_rho_rel, rel);
          sum_rho_rel += rel;
          ++nrho;
          // ZF: height of the top of layer k above ground.
          const double ztop = m.zmid_m(i, j, k) + 0.5 * m.dz_m(i, j, k);
          if (k == 0) max_zf = std::max(max_zf, std::fabs(ztop - zf[q]));
          max_zf_rel = std::max(max_zf_rel, std::fabs(ztop - zf[q]) / zf[q]);
        }
    for (int j = 0; j < 10; ++j)
      for (int i = 0; i < 10; ++i) {
        const size_t q = (static_cast<size_t>(t) * 10 + j) * 10 + i;
        // README: PBL, USTAR, HFX, TEMP2 identical to WRF's (float storage).
        CHECK(m.pblh_m(i, j, 0) == Approx(pbl[q]).epsilon(1e-6));
        CHECK(m.ustar_m_s(i, j, 0) == Approx(ustar[q]).epsilon(1e-6));
        CHECK(m.t2_k(i, j, 0) == Approx(temp2[q]).epsilon(1e-6));
        CHECK(m.hfx_w_m2(i, j, 0) == Approx(hfx[q]).margin(1e-3));
      }
  }
  INFO("max |T - TA| " << max_dt << " K, max |p - PRES| " << max_dp << " Pa, max rel DENS " << max_rho_rel << ", mean "
                       << sum_rho_rel / nrho << ", max |ZF| (k=0) " << max_zf);
  // README: TA = theta (p/1e5)^(2/7) to 3e-5 K (float rounding: 1e-4 K bound).
  CHECK(max_dt < 1e-4);
  // PRES = P + PB: float rounding of ~1e5 Pa is 0.008 Pa.
  CHECK(max_dp < 0.02);
  // README: DENS within about 1 % of p/(Rd Tv), mean 0.35 %.
  CHECK(max_rho_rel < 0.012);
  CHECK(sum_rho_rel / nrho < 0.006);
  // README: ZF within 0.1 m near the ground (lowest interface), drifting to ~300 m at 20 km
  // (MCIP computes heights its own way): measured 2.0 % relative at worst, bound 2.5 %.
  CHECK(max_zf < 0.15);
  CHECK(max_zf_rel < 0.025);
  WARN("MCIP agreement: max |T - TA| " << max_dt << " K, max |p - PRES| " << max_dp << " Pa, DENS max "
                                       << max_rho_rel * 100 << " % mean " << sum_rho_rel / nrho * 100 << " %, ZF(k=0) "
                                       << max_zf << " m, ZF max relative " << max_zf_rel);
}

TEST_CASE("tibet: cropped file placed from XLAT/XLONG", "[meteo][wrf]") {
  const std::string f = test::shared_data("wrf/tibet-wrf331/wrf_d01_allvars_cropped.nc");
  if (f.empty()) return;
  WrfSeries s({f});
  CHECK(s.records().size() == 4);
  CHECK(s.interval_s() == 3 * 3600);
  CHECK(s.nx() == 10);
  CHECK(s.ny() == 8);
  const WrfDomain d = make_wrf_domain(s, {});
  // Attributes: WEST-EAST_GRID_DIMENSION 201 (200 mass points): the file is a crop.
  CHECK(d.cropped);
  // The 10 columns straddle STAND_LON = CEN_LON = 87 symmetrically (XLONG 86.85 / 87.15 at
  // columns 4 / 5), so the crop starts at 99.5 - 4.5 = 95 of the 200-point parent.
  CHECK(d.crop_i == 95);
  CHECK(d.max_latlon_error_deg < 1e-4);
  auto dec = test::serial_decomposition(10, 8, 1);
  WrfMetProvider p({f}, {}, dec, test::utc("2005-09-21 00:00:00"));
  MetFields m;
  // Values at cell (i=3, j=4), record 2 (06 UTC), from `ncdump -v T2,PBLH,U` (HGT there is
  // 5259.872 m; in this file XLAT, XLONG and HGT have no Time dimension).
  p.fill(6 * 3600.0, m);
  CHECK(m.t2_k(3, 4, 0) == Approx(281.5829).epsilon(1e-6));
  CHECK(m.pblh_m(3, 4, 0) == Approx(2231.117).epsilon(1e-6));
  CHECK(m.u_face_m_s(3, 4, 0) == Approx(1.390679).epsilon(1e-6));
  for (int r = 0; r < 4; ++r) {
    p.fill(r * 10800.0, m);
    check_ranges(m, 10, 8, 27, KzParams{});
    // Surface pressure of the Tibetan plateau: 52-60 kPa (data README).
    for (int j = 0; j < 8; ++j)
      for (int i = 0; i < 10; ++i) {
        CHECK(m.press_pa(i, j, 0) > 45000.0);
        CHECK(m.press_pa(i, j, 0) < 62000.0);
      }
  }
}

TEST_CASE("Time interpolation is linear and exact at records", "[meteo][wrf]") {
  auto files = test::au_test_files();
  if (files.empty()) return;
  files.resize(5);  // 00-04 UTC (opening a netCDF-4 file costs ~50 ms)
  auto dec = test::serial_decomposition(14, 14, 1);
  WrfMetProvider p(files, {}, dec, test::utc("2022-12-07 00:00:00"));
  MetFields a, b, mid, rec;
  p.fill(3 * 3600.0, a);
  p.fill(4 * 3600.0, b);
  p.fill(3.25 * 3600.0, mid);
  p.fill_record(3, rec);
  for (size_t q = 0; q < a.temp_k.size(); ++q) CHECK(a.temp_k.data()[q] == rec.temp_k.data()[q]);
  for (int k : {0, 10, 31})
    CHECK(mid.temp_k(4, 4, k) == Approx(0.75 * a.temp_k(4, 4, k) + 0.25 * b.temp_k(4, 4, k)).epsilon(1e-14));
  CHECK(mid.u_face_m_s(14, 4, 3) ==
        Approx(0.75 * a.u_face_m_s(14, 4, 3) + 0.25 * b.u_face_m_s(14, 4, 3)).epsilon(1e-14));
  // Case start may differ from the first record: 2 h later, time 0 is the 02 UTC record.
  WrfMetProvider p2(files, {}, dec, test::utc("2022-12-07 02:00:00"));
  MetFields c;
  p2.fill(3600.0, c);
  CHECK(c.temp_k(4, 4, 0) == a.temp_k(4, 4, 0));            // 03 UTC
  CHECK_THROWS_AS(p2.fill(3 * 3600.0, c), lantian::Error);  // beyond the last file
}

TEST_CASE("Layer collapse conserves the column's dry-air mass", "[meteo][wrf]") {
  auto files = test::au_test_files();
  if (files.empty()) return;
  files.resize(3);
  auto dec = test::serial_decomposition(14, 14, 0);
  WrfMetProvider full(files, {}, dec, test::utc("2022-12-07 00:00:00"));
  WrfProviderOptions opt;
  opt.window.layer_interfaces = {0, 1, 2, 3, 5, 7, 10, 14, 20, 26, 32};
  WrfMetProvider coarse(files, opt, dec, test::utc("2022-12-07 00:00:00"));
  CHECK(coarse.nz() == 10);
  MetFields f, c;
  full.fill(7200.0, f);
  coarse.fill(7200.0, c);
  for (int j = 0; j < 14; j += 3)
    for (int i = 0; i < 14; i += 3) {
      double mf = 0, mc = 0, zf = 0, zc = 0;
      for (int k = 0; k < 32; ++k) {
        mf += f.rho_kg_m3(i, j, k) * f.dz_m(i, j, k);
        zf += f.dz_m(i, j, k);
      }
      for (int k = 0; k < 10; ++k) {
        mc += c.rho_kg_m3(i, j, k) * c.dz_m(i, j, k);
        zc += c.dz_m(i, j, k);
      }
      CHECK(mc == Approx(mf).epsilon(1e-12));  // rounding only
      CHECK(zc == Approx(zf).epsilon(1e-12));
      // Single WRF layers are passed unchanged.
      CHECK(c.temp_k(i, j, 2) == f.temp_k(i, j, 2));
      // Kz at a collapsed interface equals the full-resolution Kz at the same w-level.
      CHECK(c.kz_m2_s(i, j, 4) == f.kz_m2_s(i, j, 5));
    }
}
