// No silent wrong answers from the WRF reader: packed files (as ncpdq leaves them) read like
// the originals, files without PBLH/UST/HFX run on documented fallbacks, and the preflight
// refuses truncated files and a run longer than the files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <netcdf>

#include "meteo/derived/pbl_diag.hpp"
#include "meteo/wrf/wrf_met_provider.hpp"
#include "unit/io/nc_pack.hpp"
#include "unit/meteo/meteo_test_util.hpp"

using namespace lantian;
using namespace lantian::meteo;
using Catch::Matchers::Contains;

namespace {

const UtcTime k_start = test::utc("2022-12-07 00:00:00");

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const lantian::Error& e) {
    return e.full_message();
  }
  return "";
}

/// The first `n` au-test files copied (optionally packed) into a scratch directory.
std::vector<std::string> copies(const std::string& name, size_t n, bool pack) {
  auto src = test::au_test_files();
  std::vector<std::string> out;
  if (src.empty()) return out;
  const std::string dir = test::scratch_dir(name);
  for (size_t q = 0; q < n; ++q) {
    const std::string dst = dir + "/" + std::filesystem::path(src[q]).filename().string();
    if (pack) {
      // Pack every 2-D and 3-D float (not XLAT/XLONG, which place the grid to 1e-3 degree).
      test::write_packed_copy(src[q], dst, 2, {"XLAT", "XLONG", "XLAT_U", "XLONG_U", "XLAT_V", "XLONG_V"});
    } else {
      std::filesystem::copy_file(src[q], dst);
      std::filesystem::permissions(dst, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
    }
    out.push_back(dst);
  }
  return out;
}

}  // namespace

TEST_CASE("Packed WRF files read like the unpacked ones", "[meteo][wrf][cf]") {
  auto files = test::au_test_files();
  if (files.empty()) return;
  files.resize(2);
  const auto packed = copies("wrf_packed", 2, true);
  // The copy really is packed (short storage with a scale factor).
  {
    netCDF::NcFile f(packed[0], netCDF::NcFile::read);
    CHECK(f.getVar("T").getType() == netCDF::ncShort);
  }
  auto dec = test::serial_decomposition(14, 14, 1);  // default btrim -1: the whole 14 x 14 grid
  WrfMetProvider a(files, {}, dec, k_start), b(packed, {}, dec, k_start);
  MetFields ma, mb;
  a.fill(1800.0, ma);
  b.fill(1800.0, mb);
  // Tolerances: each packed value is within half a quantum (scale_factor / 2) of the original,
  // with scale_factor = range / 65534 of each variable in the file. Propagated:
  //  - temperature (T + 300)(p/p0)^kappa: dT <= q_T/2 + T kappa dp/p, dp <= (q_P + q_PB)/2;
  //  - PBLH, UST, HFX are copied: their half quantum;
  //  - dz from PH + PHB: 2 (q_PH + q_PHB)/2 / g (two interfaces).
  // Time interpolation (weights 1/2, 1/2 between the two files, each packed with its own
  // scale) keeps the bound with the larger of the two quanta. A factor 1.01 covers rounding.
  auto q = [&](const char* v) {
    return std::max(test::packed_scale(packed[0], v), test::packed_scale(packed[1], v)) / 2.0;
  };
  const double dp = q("P") + q("PB");
  double worst_t = 0, worst_p = 0, worst_pblh = 0, worst_dz = 0;
  for (int j = 0; j < 14; ++j)
    for (int i = 0; i < 14; ++i) {
      for (int k = 0; k < 32; ++k) {
        worst_t = std::max(worst_t, std::fabs(ma.temp_k(i, j, k) - mb.temp_k(i, j, k)) /
                                        (q("T") + ma.temp_k(i, j, k) * (2.0 / 7.0) * dp / ma.press_pa(i, j, k)));
        worst_p = std::max(worst_p, std::fabs(ma.press_pa(i, j, k) - mb.press_pa(i, j, k)) / dp);
        worst_dz =
            std::max(worst_dz, std::fabs(ma.dz_m(i, j, k) - mb.dz_m(i, j, k)) / (2.0 * (q("PH") + q("PHB")) / 9.81));
      }
      worst_pblh = std::max(worst_pblh, std::fabs(ma.pblh_m(i, j, 0) - mb.pblh_m(i, j, 0)) / q("PBLH"));
    }
  INFO("worst error / bound: T " << worst_t << ", p " << worst_p << ", dz " << worst_dz << ", PBLH " << worst_pblh);
  CHECK(worst_t <= 1.01);
  CHECK(worst_p <= 1.01);
  CHECK(worst_dz <= 1.01);
  CHECK(worst_pblh <= 1.01);
  // Read raw, the packed T would be short integers of order 1e4, not 300 K: the values agree.
  CHECK(mb.temp_k(5, 5, 0) > 250.0);
  CHECK(mb.temp_k(5, 5, 0) < 330.0);
}

TEST_CASE("A fill value in a packed met field is named by file, variable, time and (i, j, k)", "[meteo][wrf][cf]") {
  const auto packed = copies("wrf_packed_fill", 2, true);
  if (packed.empty()) return;
  {
    netCDF::NcFile f(packed[1], netCDF::NcFile::write);
    const short fill = -32768;
    f.getVar("QVAPOR").putVar({0, 4, 6, 7}, {1, 1, 1, 1}, &fill);  // (k, j, i) = (4, 6, 7)
  }
  auto dec = test::serial_decomposition(14, 14, 1);
  WrfMetProvider p(packed, {}, dec, k_start);
  MetFields m;
  const std::string msg = error_of([&] { p.fill(3600.0, m); });
  CHECK_THAT(msg, Contains(packed[1]));
  CHECK_THAT(msg, Contains("'QVAPOR'"));
  CHECK_THAT(msg, Contains("missing value"));
  CHECK_THAT(msg, Contains("(i, j, k) = (7, 6, 4)"));
  CHECK_THAT(msg, Contains("2022-12-07T01:00:00Z"));
  const double lat = test::nc_value(packed[1], "XLAT", {0, 6, 7});
  char want[64];
  std::snprintf(want, sizeof want, "lat %.4f", lat);
  CHECK_THAT(msg, Contains(want));
}

TEST_CASE("PBLH diagnosed by the bulk Richardson number agrees with WRF's", "[meteo][wrf][pbl]") {
  auto files = test::au_test_files();
  if (files.empty()) return;
  // The 25 hourly files with PBLH renamed: the provider diagnoses it.
  const auto no_pblh = copies("wrf_no_pblh", files.size(), false);
  for (const auto& f : no_pblh) {
    netCDF::NcFile nf(f, netCDF::NcFile::write);
    nf.getVar("PBLH").rename("PBLH_WRF");
  }
  auto dec = test::serial_decomposition(14, 14, 0);
  WrfMetProvider wrf(files, {}, dec, k_start), diag(no_pblh, {}, dec, k_start);
  std::vector<double> rel;
  double day_wrf = 0, day_diag = 0;
  int nday = 0;
  for (int r = 0; r < static_cast<int>(files.size()); ++r) {
    MetFields a, b;
    wrf.fill_record(r, a);
    diag.fill_record(r, b);
    for (int j = 0; j < 14; ++j)
      for (int i = 0; i < 14; ++i) {
        const double hw = a.pblh_m(i, j, 0), hd = b.pblh_m(i, j, 0);
        REQUIRE(hd > 0.0);
        REQUIRE(hd < 20000.0);
        rel.push_back(std::fabs(hd - hw) / std::max(hw, 100.0));
        if (r <= 8) {  // 00-08 UTC: 10-18 h local time in Queensland (UTC+10), convective
          day_wrf += hw;
          day_diag += hd;
          ++nday;
        }
      }
  }
  std::sort(rel.begin(), rel.end());
  const double median = rel[rel.size() / 2], p90 = rel[rel.size() * 9 / 10];
  WARN("PBLH bulk Richardson vs WRF PBLH (25 h, 196 columns): median relative difference "
       << median << ", 90th percentile " << p90 << "; daytime mean WRF " << day_wrf / nday << " m, diagnosed "
       << day_diag / nday << " m");
  // Bounds: the methods differ (WRF's YSU scheme uses its own Ri_c and thermal excess, the
  // diagnosis refers to the lowest layer, whose superadiabatic air makes convective layers
  // deeper), so exact agreement is not expected. Measured: median 0.40, 90th percentile 1.05
  // of max(h, 100 m); daytime mean 1698 m against WRF's 1199 m (+42 %). The bounds (median
  // below 0.5, daytime mean within a factor 1.6) hold the same boundary layer to that
  // measured agreement; a wrong unit, sign, level or wind would give factors of several.
  CHECK(median < 0.5);
  CHECK(day_diag / day_wrf > 1.0 / 1.6);
  CHECK(day_diag / day_wrf < 1.6);
}

TEST_CASE("Files without PBLH, UST and HFX run on the fallbacks", "[meteo][wrf][pbl]") {
  const auto f = copies("wrf_no_surface", 2, false);
  if (f.empty()) return;
  for (const auto& p : f) {
    netCDF::NcFile nf(p, netCDF::NcFile::write);
    for (const char* v : {"PBLH", "UST", "HFX"}) nf.getVar(v).rename(std::string(v) + "_GONE");
  }
  auto dec = test::serial_decomposition(14, 14, 1);
  WrfMetProvider p(f, {}, dec, k_start);  // warnings name the first file (printed on stderr)
  MetFields m;
  REQUIRE_NOTHROW(p.fill(1800.0, m));
  for (int j = 0; j < 14; ++j)
    for (int i = 0; i < 14; ++i) {
      CHECK(m.hfx_w_m2(i, j, 0) == 0.0);
      CHECK(m.ustar_m_s(i, j, 0) >= 0.01);
      CHECK(m.ustar_m_s(i, j, 0) < 2.0);  // a neutral log law over ZNT with < 30 m s-1 winds
      CHECK(m.pblh_m(i, j, 0) > 0.0);
      CHECK(m.kz_m2_s(i, j, 1) > 0.0);
    }
  // The log law itself: u* = 0.4 * 5 / ln(10 / 0.1) = 0.4343 m s-1.
  CHECK(ustar_log_law_m_s(5.0, 10.0, 0.1) == Approx(0.4 * 5.0 / std::log(100.0)).epsilon(1e-12));
  // A stable step of 5 K at 500 m with no shear: Ri_b jumps past 0.25 between 250 m and 500 m.
  const double z[] = {25, 250, 500, 1000}, thv[] = {300, 300, 305, 306}, u[] = {2, 2, 2, 2}, v[] = {0, 0, 0, 0};
  const double h = pblh_bulk_richardson_m(z, thv, u, v, 4, 0.2);
  CHECK(h > 250.0);
  CHECK(h < 500.0);
}

TEST_CASE("Preflight: the files must cover the run", "[meteo][wrf][preflight]") {
  auto files = test::au_test_files();
  if (files.empty()) return;
  files.resize(3);  // 00, 01, 02 UTC
  auto dec = test::serial_decomposition(14, 14, 0);
  WrfMetProvider p(files, {}, dec, k_start);
  CHECK_NOTHROW(p.preflight(2 * 3600.0));
  const std::string msg = error_of([&] { p.preflight(5 * 3600.0); });
  CHECK_THAT(msg, Contains("does not cover the run"));
  CHECK_THAT(msg, Contains("the files cover 2022-12-07T00:00:00Z"));
  CHECK_THAT(msg, Contains(files.back()));
  CHECK_THAT(msg, Contains("missing 2022-12-07T02:00:00Z to 2022-12-07T05:00:00Z"));
  // A case starting before the first file.
  WrfMetProvider early(files, {}, dec, test::utc("2022-12-06 23:00:00"));
  CHECK_THAT(error_of([&] { early.preflight(3600.0); }),
             Contains("missing 2022-12-06T23:00:00Z to 2022-12-07T00:00:00Z"));
}

TEST_CASE("Preflight: truncated files are refused, naming file and variable", "[meteo][wrf][preflight]") {
  auto src = test::au_test_files();
  if (src.empty()) return;
  const std::string dir = test::scratch_dir("wrf_truncated");
  // netCDF-3 (64-bit offset) copies: a truncated one opens and would read zeros.
  std::vector<std::string> f;
  for (int q = 0; q < 2; ++q) {
    f.push_back(dir + "/" + std::filesystem::path(src[static_cast<size_t>(q)]).filename().string());
    test::write_packed_copy(src[static_cast<size_t>(q)], f.back(), 99);  // 99 dims: nothing packed
  }
  auto dec = test::serial_decomposition(14, 14, 0);
  {
    WrfMetProvider ok(f, {}, dec, k_start);
    CHECK_NOTHROW(ok.preflight(3600.0));
  }
  std::filesystem::resize_file(f[1], std::filesystem::file_size(f[1]) / 2);
  {
    WrfMetProvider p(f, {}, dec, k_start);
    const std::string msg = error_of([&] { p.preflight(3600.0); });
    CHECK_THAT(msg, Contains(f[1]));
    CHECK_THAT(msg, Contains("truncated"));
    CHECK_THAT(msg, Contains("': "));  // names the first variable past the end
  }
  // netCDF-4 (HDF5): the truncated file fails when opened, naming the file.
  const auto h = copies("wrf_truncated_nc4", 2, false);
  std::filesystem::resize_file(h[1], std::filesystem::file_size(h[1]) / 2);
  const std::string msg4 = error_of([&] {
    WrfMetProvider p(h, {}, dec, k_start);
    p.preflight(3600.0);
  });
  CHECK_THAT(msg4, Contains(h[1]));
}
