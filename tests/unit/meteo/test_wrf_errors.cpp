// Bad WRF input: each error names the file, the variable and the time index. The broken files
// are made in scratch directories from synthetic (or real) files altered with NetCDF-C++.
#include <catch2/catch.hpp>

#include <filesystem>
#include <limits>
#include <netcdf>

#include "meteo/synthetic/synth_met.hpp"
#include "meteo/wrf/meteo_config.hpp"
#include "meteo/wrf/wrf_met_provider.hpp"
#include "unit/meteo/meteo_test_util.hpp"

using namespace lantian;
using namespace lantian::meteo;
using Catch::Matchers::Contains;

namespace {

const UtcTime k_start = test::utc("2026-07-15 00:00:00");

std::vector<std::string> synth_files(const std::string& name, int nx, int hours, const std::string& start) {
  SynthMetOptions o;
  o.out_dir = test::scratch_dir(name);
  o.nx = nx;
  o.ny = 8;
  o.nz = 5;
  o.hours = hours;
  o.start = test::utc(start);
  o.dx_m = 9000;
  return write_synthetic_wrf(o);
}

/// The message of the lantian::Error thrown by f ("" if none).
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const lantian::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("Missing variable", "[meteo][wrf][errors]") {
  auto files = synth_files("err_missing", 8, 1, "2026-07-15 00:00:00");
  {
    netCDF::NcFile f(files[1], netCDF::NcFile::write);
    f.getVar("PBLH").rename("PBLH_GONE");
  }
  auto dec = test::serial_decomposition(8, 8, 1);
  {  // (closed before the files are changed again: HDF5 cannot reopen an open file for writing)
    WrfMetProvider p(files, {}, dec, k_start);
    MetFields m;
    const std::string msg = error_of([&] { p.fill(1800.0, m); });
    CHECK_THAT(msg, Contains(files[1]));
    CHECK_THAT(msg, Contains("'PBLH'"));
    CHECK_THAT(msg, Contains("variable is missing"));
    CHECK_THAT(msg, Contains("index 0 (2026-07-15_01:00:00)"));
  }
  // Missing in the first file: found when the provider is built.
  {
    netCDF::NcFile f(files[0], netCDF::NcFile::write);
    f.getVar("QVAPOR").rename("QV");
  }
  const std::string msg0 = error_of([&] { WrfMetProvider q(files, {}, dec, k_start); });
  CHECK_THAT(msg0, Contains(files[0]));
  CHECK_THAT(msg0, Contains("'QVAPOR'"));
}

TEST_CASE("Mismatched dimensions between files", "[meteo][wrf][errors]") {
  auto a = synth_files("err_dims_a", 8, 0, "2026-07-15 00:00:00");
  auto b = synth_files("err_dims_b", 9, 0, "2026-07-15 01:00:00");
  const std::string msg = error_of([&] { WrfSeries s({a[0], b[0]}); });
  CHECK_THAT(msg, Contains(b[0]));
  CHECK_THAT(msg, Contains("mismatched dimensions"));
  CHECK_THAT(msg, Contains("'west_east'"));
}

TEST_CASE("Time gap, overlap and non-monotonic times", "[meteo][wrf][errors]") {
  auto f = synth_files("err_times", 8, 3, "2026-07-15 00:00:00");
  const std::string gap = error_of([&] { WrfSeries s({f[0], f[1], f[3]}); });
  CHECK_THAT(gap, Contains(f[3]));
  CHECK_THAT(gap, Contains("time gap"));
  CHECK_THAT(gap, Contains("'Times'"));
  CHECK_THAT(gap, Contains("index 0 (2026-07-15_03:00:00)"));
  const std::string over = error_of([&] { WrfSeries s({f[0], f[2], f[1]}); });
  CHECK_THAT(over, Contains(f[1]));
  CHECK_THAT(over, Contains("overlapping times"));
  // Within one file: the tibet file (4 records) with its third time set back to the first.
  const std::string tib = test::shared_data("wrf/tibet-wrf331/wrf_d01_allvars_cropped.nc");
  if (tib.empty()) return;
  const std::string copy = test::scratch_dir("err_nonmono") + "/tibet.nc";
  std::filesystem::copy_file(tib, copy);
  std::filesystem::permissions(copy, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
  {
    netCDF::NcFile nf(copy, netCDF::NcFile::write);
    const std::string t = "2005-09-21_00:00:00";
    nf.getVar("Times").putVar({2, 0}, {1, 19}, t.c_str());
  }
  const std::string nm = error_of([&] { WrfSeries s({copy}); });
  CHECK_THAT(nm, Contains(copy));
  CHECK_THAT(nm, Contains("non-monotonic times"));
  CHECK_THAT(nm, Contains("index 2"));
}

TEST_CASE("A Times entry that is no date", "[meteo][wrf][errors]") {
  auto f = synth_files("err_bad_time", 8, 1, "2026-07-15 00:00:00");
  {
    netCDF::NcFile nf(f[1], netCDF::NcFile::write);
    const std::string t = "2026-02-30_01:00:00";  // no such day
    nf.getVar("Times").putVar({0, 0}, {1, 19}, t.c_str());
  }
  const std::string msg = error_of([&] { WrfSeries s(f); });
  CHECK_THAT(msg, Contains(f[1]));
  CHECK_THAT(msg, Contains("'Times'"));
  CHECK_THAT(msg, Contains("2026-02-30_01:00:00"));
  CHECK_THAT(msg, Contains("index 0"));
}

TEST_CASE("NaN in a field", "[meteo][wrf][errors]") {
  auto f = synth_files("err_nan", 8, 1, "2026-07-15 00:00:00");
  {
    netCDF::NcFile nf(f[1], netCDF::NcFile::write);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    nf.getVar("T").putVar({0, 2, 3, 4}, {1, 1, 1, 1}, &nan);
  }
  auto dec = test::serial_decomposition(8, 8, 0);
  WrfMetProvider p(f, {}, dec, k_start);
  MetFields m;
  CHECK_NOTHROW(p.fill(0.0, m));
  const std::string msg = error_of([&] { p.fill(3600.0, m); });
  CHECK_THAT(msg, Contains(f[1]));
  CHECK_THAT(msg, Contains("'T'"));
  CHECK_THAT(msg, Contains("NaN"));
  // Named by the global grid point (i, j, k) of the file and the ISO time, not a block offset.
  CHECK_THAT(msg, Contains("(i, j, k) = (4, 3, 2)"));
  CHECK_THAT(msg, Contains("2026-07-15T01:00:00Z, time index 0"));
}

TEST_CASE("Grid that does not match the case, or the attributes", "[meteo][wrf][errors]") {
  auto f = synth_files("err_grid", 8, 0, "2026-07-15 00:00:00");
  auto dec = test::serial_decomposition(10, 8, 0);
  const std::string msg = error_of([&] { WrfMetProvider p(f, {}, dec, k_start); });
  CHECK_THAT(msg, Contains(f[0]));
  CHECK_THAT(msg, Contains("grid does not match the case"));
  // btrim leaving no cells.
  WrfProviderOptions opt;
  opt.window.btrim = 3;
  CHECK_THAT(error_of([&] { WrfMetProvider p(f, opt, test::serial_decomposition(1, 1, 0), k_start); }),
             Contains("meteo.btrim"));
  // Layer interfaces that do not end at the top.
  WrfProviderOptions lo;
  lo.window.layer_interfaces = {0, 2, 4};
  CHECK_THAT(error_of([&] { WrfMetProvider p(f, lo, test::serial_decomposition(8, 8, 0), k_start); }),
             Contains("meteo.layer_interfaces"));
  // Projection attributes that do not describe XLAT/XLONG. (A changed CEN_LAT/CEN_LON alone
  // is read as a crop of another domain, like the tibet file, and is placed from XLAT/XLONG.)
  {
    netCDF::NcFile nf(f[0], netCDF::NcFile::write);
    nf.putAtt("DX", netCDF::ncFloat, 10000.0f);  // the points are 9 km apart
  }
  const std::string bad = error_of([&] {
    WrfSeries s(f);
    make_wrf_domain(s, {});
  });
  CHECK_THAT(bad, Contains(f[0]));
  CHECK_THAT(bad, Contains("XLAT/XLONG differ"));
  // A file that does not exist, and a time before the files.
  CHECK_THAT(error_of([&] { WrfSeries s({f[0] + ".missing"}); }), Contains("does not exist"));
}

TEST_CASE("Config keys and the factory", "[meteo][config]") {
  auto f = synth_files("cfg_case", 8, 2, "2026-07-15 00:00:00");
  config::Schema schema;
  declare_meteo_keys(schema);
  const std::string dir = std::filesystem::path(f[0]).parent_path().string();
  const std::string toml = "[meteo]\nfiles = [\"" + dir + "/wrfout_d01_*\"]\nbtrim = 0\n";
  auto cfg = config::CaseConfig::parse(schema, toml, "case.toml");
  CHECK(wrf_files(cfg).size() == 3);
  const auto g = wrf_model_grid(cfg);
  CHECK(g.nx == 6);  // 8 - 2 (btrim 0 drops one row on each side, as MCIP)
  CHECK(g.ny == 6);
  const auto z = wrf_layer_interfaces_m(cfg);
  CHECK(z.size() == 6);
  CHECK(z[0] == 0.0);
  CHECK(z[5] > 10000.0);
  auto dec = test::serial_decomposition(6, 6, 1);
  auto p = make_wrf_provider(cfg, dec, k_start);
  MetFields m;
  p->fill(5400.0, m);
  CHECK(m.temp_k(2, 2, 0) > 270.0);
  CHECK_THAT(p->describe(), Contains("3 records"));
  auto bad = config::CaseConfig::parse(schema, "[meteo]\nfiles = [\"" + dir + "/nothing_*\"]\n", "case.toml");
  CHECK_THAT(error_of([&] { wrf_files(bad); }), Contains("meteo.files"));
}
