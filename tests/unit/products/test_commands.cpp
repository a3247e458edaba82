// End-to-end tests of the product sub-commands (solver/commands/command_products.cpp) on a small
// synthetic forecast: two zones from GeoJSON, a 48-h PM2.5 episode in the western zone.
// Hand values: PM2.5 151 ug m-3 on the 150..250 -> 200..300 segment: 200 + 100/100*1 = 201;
// the scenario scales the episode by 0.7: 105.7 - 151 = -45.3 in the difference map.
#include <catch2/catch.hpp>

#include <netcdf>

#include <omp.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "solver/commands/command_products.hpp"
#include "solver/core/error.hpp"
#include "solver/products/grid_products.hpp"
#include "support/test_data.hpp"
#include "synthetic_output.hpp"

using namespace lantian::products;
namespace fs = std::filesystem;

namespace {

int run(int (*cmd)(int, char**), std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return cmd(static_cast<int>(argv.size()), argv.data());
}

std::string slurp(const std::string& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* k_zones = R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "West"},
  "geometry": {"type": "Polygon", "coordinates": [[[119.9, 35.9], [120.6, 35.9], [120.6, 37.0], [119.9, 37.0], [119.9, 35.9]]]}},
 {"type": "Feature", "properties": {"name": "East"},
  "geometry": {"type": "MultiPolygon", "coordinates": [[[[120.6, 35.9], [121.4, 35.9], [121.4, 37.0], [120.6, 37.0], [120.6, 35.9]]]]}}
]})";

/// 96 h from 2026-11-01 16:00 UTC (Beijing midnight); West cells (i < 3) at PM2.5 151 in hours
/// 24..71, 100 elsewhere; `factor` scales PM2.5 above the background (scenario runs).
void make_run(const std::string& path, double pm_factor, std::size_t nt = 96, std::size_t nx = 6,
              const std::string& run_status = {}) {
  lantian::test::SyntheticGrid g;
  g.nt = nt;
  g.nx = nx;
  g.start = "2026-11-01 16:00:00";
  g.run_status = run_status;
  lantian::test::write_synthetic_output(path, g, [&](const std::string& s, std::size_t i, std::size_t, std::size_t k) {
    if (s == "PM25") return (i < 3 && k >= 24 && k < 72) ? 151.0 * pm_factor : 100.0;
    if (s == "PM10") return 60.0;
    if (s == "SO2") return 5.0;
    if (s == "NO2") return 20.0;
    if (s == "CO") return 300.0;
    return 30.0;  // O3 ppb
  });
}

std::string first_line(const std::string& p) {
  std::ifstream in(p);
  std::string l;
  std::getline(in, l);
  return l;
}

double nc_value(const std::string& path, const std::string& var, std::vector<std::size_t> index) {
  netCDF::NcFile nc(path, netCDF::NcFile::read);
  float v = 0;
  nc.getVar(var).getVar(index, &v);
  return v;
}

}  // namespace

TEST_CASE("lantian aqi/warn/compare/evaluate on a synthetic forecast", "[commands]") {
  const auto dir = lantian::test::scratch_dir("products_commands");
  const auto run_nc = dir + "/run.nc", scen_nc = dir + "/scen.nc", zones = dir + "/zones.geojson";
  make_run(run_nc, 1.0);
  make_run(scen_nc, 0.7);
  std::ofstream(zones) << k_zones;
  const auto out = dir + "/out";

  REQUIRE(run(command_aqi, {"aqi", "--input", run_nc, "--zones", zones, "--out-dir", out, "-q"}) == 0);
  for (const char* f : {"aqi_zones_daily.csv", "aqi_zones_hourly.csv", "compliance_zones.csv", "aqi_grid.nc"})
    CHECK(fs::exists(out + "/" + f));
  // Day 2026-11-03 (hours 24..47) at a West cell: PM2.5 151 -> 200 + 100/100*1 = 201.
  CHECK(nc_value(out + "/aqi_grid.nc", "AQI_daily", {1, 0, 0}) == 201);
  CHECK(nc_value(out + "/aqi_grid.nc", "AQI_category_daily", {1, 0, 0}) == 5);
  // East cell: PM2.5 100 -> 137 (100 + 50/55*40 = 136.4 -> 137).
  CHECK(nc_value(out + "/aqi_grid.nc", "AQI_daily", {1, 0, 5}) == 137);
  const auto daily = slurp(out + "/aqi_zones_daily.csv");
  CHECK(daily.find("West,2026-11-03,HJ633-2026") != std::string::npos);
  CHECK(daily.find(",201,5,") != std::string::npos);

  // US EPA: PM2.5 151.0 on 125.5-225.4 -> 201-300: 99/99.9*25.5 + 201 = 226.27 -> 226.
  REQUIRE(run(command_aqi, {"aqi", "-i", run_nc, "-o", out + "/us", "-q", "--standard", "US-EPA-2024"}) == 0);
  CHECK(nc_value(out + "/us/aqi_grid.nc", "AQI_daily", {1, 0, 0}) == 226);

  REQUIRE(run(command_warn, {"warn", "--input", run_nc, "--zones", zones, "--out-dir", out, "-q", "--rules",
                             lantian::test::source_dir() + "/configs/warnings/national.toml"}) == 0);
  const auto table = slurp(out + "/warning_zones.csv");
  CHECK(table.find("West,yellow,2,2026-11-02T16:00:00Z,2026-11-04T16:00:00Z") != std::string::npos);
  CHECK(table.find("East,none,0") != std::string::npos);
  CHECK(fs::exists(out + "/scenario_yellow.toml"));
  const auto scen = slurp(out + "/scenario_warning.toml");
  CHECK(scen.find("zone = \"West\"") != std::string::npos);
  CHECK(scen.find("factor = 0.9") != std::string::npos);
  CHECK(scen.find("East") == std::string::npos);
  CHECK(nc_value(out + "/warning_map.nc", "warning_rank", {0, 0}) == 2);
  CHECK(nc_value(out + "/warning_map.nc", "warning_rank", {0, 5}) == 0);

  REQUIRE(run(command_compare, {"compare", "--base", run_nc, "--scenario", "cut=" + scen_nc, "--zones", zones,
                                "--out-dir", out, "-q"}) == 0);
  CHECK(fs::exists(out + "/compare_zones.csv"));
  // Day 2026-11-03 at a West cell: 151 * 0.7 - 151 = -45.3 (float storage: 1e-4).
  CHECK(nc_value(out + "/compare_cut.nc", "d_PM25_daily", {1, 0, 0}) == Approx(-45.3).epsilon(1e-4));
  CHECK(nc_value(out + "/compare_cut.nc", "d_PM25_daily", {1, 0, 5}) == Approx(0.0).margin(1e-5));

  std::ofstream(dir + "/obs.csv")
      << "station,lon,lat,time,PM25\nW1,120.1,36.3,2026-11-02T16:00Z,140\nW1,120.1,36.3,2026-11-02T17:00Z,160\n";
  REQUIRE(run(command_evaluate, {"evaluate", "--input", run_nc, "--obs", dir + "/obs.csv", "--out-dir", out, "-q"}) ==
          0);
  const auto stats = slurp(out + "/eval_stats.csv");
  CHECK(stats.find("W1,PM2.5,ug m-3,2,150.000,151.000,1.000") != std::string::npos);  // MB = (11 - 9)/2
}

TEST_CASE("lantian aqi on the Beijing PRSA record", "[commands][prsa]") {
  const auto path = lantian::test::shared_data("obs/PRSA_Data_Aotizhongxin_20130301-20170228.csv");
  if (path.empty()) return;
  const auto dir = lantian::test::scratch_dir("products_prsa_cli");
  REQUIRE(run(command_aqi, {"aqi", "--obs", path, "--obs-format", "prsa", "-o", dir, "-q"}) == 0);
  const auto comp = slurp(dir + "/compliance_stations.csv");
  // 2015 annual PM2.5: 354 valid days, mean 82.17, valid (see test_prsa.cpp); 143 days > 75.
  CHECK(comp.find("Aotizhongxin,2015,PM2.5,24h mean,ug m-3,354,82.17,yes") != std::string::npos);
  CHECK(comp.find("GB3095-2012,75.0,35.0,143\n") != std::string::npos);  // 2015 (Python one-off: 143)
  CHECK(comp.find("Aotizhongxin,all,PM2.5,24h mean,ug m-3,1417,82.45,") != std::string::npos);
  const auto daily = slurp(dir + "/aqi_stations_daily.csv");
  CHECK(daily.find("Aotizhongxin,2013-03-05,HJ633-2012,") != std::string::npos);
  CHECK(daily.find(",199,4,") != std::string::npos);
}

TEST_CASE("Sub-command help and errors", "[commands]") {
  for (auto cmd : {command_aqi, command_warn, command_compare, command_evaluate}) CHECK(run(cmd, {"x", "--help"}) == 0);
  CHECK_THROWS_WITH(run(command_aqi, {"aqi", "--frobnicate"}),
                    Catch::Contains("lantian aqi") && Catch::Contains("frobnicate"));
  CHECK_THROWS_WITH(run(command_aqi, {"aqi"}), Catch::Contains("--input or --obs"));
  CHECK_THROWS_WITH(run(command_aqi, {"aqi", "--obs", "x.csv", "--standard", "HJ633-1996"}),
                    Catch::Contains("HJ633-1996"));
  const auto dir = lantian::test::scratch_dir("products_command_errors");
  make_run(dir + "/short.nc", 1.0, 48);
  make_run(dir + "/wide.nc", 1.0, 96, 7);
  make_run(dir + "/run.nc", 1.0, 96);
  const auto rules = lantian::test::source_dir() + "/configs/warnings/national.toml";
  CHECK_THROWS_WITH(run(command_warn, {"warn", "-i", dir + "/short.nc", "-r", rules, "-o", dir, "-q"}),
                    Catch::Contains("short.nc") && Catch::Contains(">= 72"));
  CHECK(run(command_warn, {"warn", "-i", dir + "/short.nc", "-r", rules, "-o", dir, "-q", "--allow-short"}) == 0);
  CHECK_THROWS_WITH(run(command_compare, {"compare", "-b", dir + "/run.nc", "-s", dir + "/wide.nc", "-o", dir, "-q"}),
                    Catch::Contains("wide.nc") && Catch::Contains("'x'"));
  std::ofstream(dir + "/bad.geojson")
      << "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
         "\"properties\": {\"name\": \"A\"}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [1, 2]}}]}";
  CHECK_THROWS_WITH(run(command_aqi, {"aqi", "-i", dir + "/run.nc", "--zones", dir + "/bad.geojson", "-o", dir, "-q"}),
                    Catch::Contains("bad.geojson") && Catch::Contains("'A'") && Catch::Contains("Point"));
}

TEST_CASE("Grid products are bitwise identical at 1 and 2 threads", "[commands][determinism]") {
  const auto dir = lantian::test::scratch_dir("products_threads");
  make_run(dir + "/run.nc", 1.0);
  const auto m = ModelOutput::open(dir + "/run.nc");
  const auto f = read_pollutants(m);
  omp_set_num_threads(1);
  const auto a = grid_daily(f, DailyRules{}, AqiStandard::hj633_2026, false);
  const auto ha = grid_hourly(f, DailyRules{}, AqiStandard::hj633_2026, false);
  omp_set_num_threads(2);
  const auto b = grid_daily(f, DailyRules{}, AqiStandard::hj633_2026, false);
  const auto hb = grid_hourly(f, DailyRules{}, AqiStandard::hj633_2026, false);
  const auto same = [](const std::vector<double>& x, const std::vector<double>& y) {
    return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0;
  };
  CHECK(same(a.aqi, b.aqi));
  CHECK(same(a.o3_mda8, b.o3_mda8));
  CHECK(same(a.mean24[5], b.mean24[5]));
  CHECK(same(ha.aqi, hb.aqi));
}

TEST_CASE("Partial model output is refused unless --allow-partial, and then marked", "[commands][partial]") {
  const auto dir = lantian::test::scratch_dir("products_partial");
  const auto rules = lantian::test::source_dir() + "/configs/warnings/national.toml";
  make_run(dir + "/run.nc.part", 1.0);                      // still being written: by name
  make_run(dir + "/tagged.nc.r3.part", 1.0);                // <name>.<tag>.part
  make_run(dir + "/flagged.nc", 1.0, 96, 6, "incomplete");  // final name, attribute says incomplete
  make_run(dir + "/done.nc", 1.0, 96, 6, "complete");
  const auto out = dir + "/out";
  for (const char* f : {"run.nc.part", "tagged.nc.r3.part", "flagged.nc"}) {
    const std::string in = dir + "/" + f;
    CHECK_THROWS_WITH(
        run(command_aqi, {"aqi", "-i", in, "-o", out, "-q"}),
        Catch::Contains(f) && Catch::Contains("partial model output") && Catch::Contains("--allow-partial"));
    CHECK_THROWS_WITH(run(command_warn, {"warn", "-i", in, "-r", rules, "-o", out, "-q"}),
                      Catch::Contains("--allow-partial"));
    CHECK_THROWS_WITH(run(command_evaluate, {"evaluate", "-i", in, "--obs", "none.csv", "-o", out, "-q"}),
                      Catch::Contains(f) && Catch::Contains("--allow-partial"));
    CHECK_THROWS_WITH(run(command_compare, {"compare", "-b", dir + "/done.nc", "-s", "x=" + in, "-o", out, "-q"}),
                      Catch::Contains(f) && Catch::Contains("--allow-partial"));
  }
  CHECK_THROWS_WITH(run(command_aqi, {"aqi", "-i", dir + "/flagged.nc", "-o", out, "-q"}),
                    Catch::Contains("run_status is 'incomplete'"));
  CHECK_FALSE(fs::exists(out));  // nothing written by the refused commands
  // The final name asked for while only the unfinished file exists: the message points at it.
  CHECK_THROWS_WITH(run(command_aqi, {"aqi", "-i", dir + "/run.nc", "-o", out, "-q"}),
                    Catch::Contains("run.nc: no such file") && Catch::Contains("run.nc.part exists"));
  // A complete file (attribute "complete") passes.
  CHECK(run(command_aqi, {"aqi", "-i", dir + "/done.nc", "-o", out + "/done", "-q", "--no-grid"}) == 0);
  CHECK(first_line(out + "/done/aqi_zones_daily.csv").rfind("zone,date,", 0) == 0);
  // --allow-partial: products made and marked (CSV first line, NetCDF attribute, scenario comment).
  REQUIRE(run(command_aqi, {"aqi", "-i", dir + "/run.nc.part", "-o", out + "/a", "-q", "--allow-partial"}) == 0);
  CHECK(first_line(out + "/a/aqi_zones_daily.csv").rfind("# PARTIAL INPUT: ", 0) == 0);
  CHECK(first_line(out + "/a/compliance_zones.csv").find("run.nc.part") != std::string::npos);
  {
    netCDF::NcFile nc(out + "/a/aqi_grid.nc", netCDF::NcFile::read);
    std::string st;
    nc.getAtt("input_status").getValues(st);
    CHECK(st.find("PARTIAL INPUT") != std::string::npos);
  }
  REQUIRE(run(command_warn,
              {"warn", "-i", dir + "/flagged.nc", "-r", rules, "-o", out + "/w", "-q", "--allow-partial"}) == 0);
  CHECK(first_line(out + "/w/warning_zones.csv").find("run_status is 'incomplete'") != std::string::npos);
  CHECK(slurp(out + "/w/scenario_warning.toml").find("# PARTIAL INPUT") != std::string::npos);
  REQUIRE(run(command_compare, {"compare", "-b", dir + "/done.nc", "-s", "x=" + dir + "/tagged.nc.r3.part", "-o",
                                out + "/c", "-q", "--allow-partial"}) == 0);
  CHECK(first_line(out + "/c/compare_zones.csv").find("tagged.nc.r3.part") != std::string::npos);
  CHECK(first_line(out + "/c/compare_zones.csv").find("done.nc") == std::string::npos);
  std::ofstream(dir + "/obs.csv") << "station,lon,lat,time,PM25\nW1,120.1,36.3,2026-11-02T16:00Z,140\n";
  REQUIRE(run(command_evaluate, {"evaluate", "-i", dir + "/run.nc.part", "--obs", dir + "/obs.csv", "-o", out + "/e",
                                 "-q", "--allow-partial"}) == 0);
  CHECK(first_line(out + "/e/eval_pairs.csv").rfind("# PARTIAL INPUT", 0) == 0);
  CHECK(first_line(out + "/e/eval_stats.csv").rfind("# PARTIAL INPUT", 0) == 0);
  // No temporary file is left behind.
  for (const auto& e : fs::recursive_directory_iterator(out)) CHECK(e.path().extension() != ".part");
}

TEST_CASE("lantian warn sees an ozone episode at the start of a forecast", "[commands][o3]") {
  // From 2026-06-01 00:00 Beijing, 96 h: O3 460 ppb (460 * 47.997 / 24.4654 = 902.4 ug m-3 > 800:
  // IAQI 300 under HJ 633-2026) in hours 0..11, then 30 ppb; PM2.5 10 ug m-3 (-> 15), PM10 10
  // (-> 10), SO2 2 ppb (5.2 -> 5 -> 5), NO2 5 ppb (9.4 -> 9 -> 12), CO 100 ppb (0.11 -> 0.1 mg -> 3).
  // Hour 19 (11:00 UTC, 19:00 local) is the first with 20 hours: its index is 300, not 15.
  const auto dir = lantian::test::scratch_dir("products_o3_start");
  lantian::test::SyntheticGrid g;
  g.nt = 96;
  g.start = "2026-05-31 16:00:00";
  lantian::test::write_synthetic_output(dir + "/run.nc", g,
                                        [](const std::string& s, std::size_t, std::size_t, std::size_t k) {
                                          if (s == "O3") return k < 12 ? 460.0 : 30.0;
                                          if (s == "PM25" || s == "PM10") return 10.0;
                                          if (s == "SO2") return 2.0;
                                          if (s == "NO2") return 5.0;
                                          return 100.0;  // CO ppb
                                        });
  REQUIRE(run(command_warn, {"warn", "-i", dir + "/run.nc", "-o", dir + "/out", "-q", "-r",
                             lantian::test::source_dir() + "/configs/warnings/national.toml"}) == 0);
  const auto rolling = slurp(dir + "/out/warning_rolling_aqi.csv");
  CHECK(rolling.find("domain,2026-06-01T10:00:00Z,2026-06-01 18:00,NA,") != std::string::npos);
  CHECK(rolling.find("domain,2026-06-01T11:00:00Z,2026-06-01 19:00,300,") != std::string::npos);
  CHECK(rolling.find("domain,2026-06-01T14:00:00Z,2026-06-01 22:00,300,") != std::string::npos);
  CHECK(slurp(dir + "/out/warning_zones.csv").find(",300,") != std::string::npos);  // max rolling AQI
}

TEST_CASE("A forecast spanning 2026-03-01: AQI standard by window and by day", "[commands][standard]") {
  // From 2026-02-27 00:00 Beijing, 96 h of PM2.5 70 ug m-3 (other species low): HJ 633-2012
  // gives 94 (50 + 50/40*35 = 93.75), HJ 633-2026 gives 110 (100 + 50/55*10 = 109.1).
  const auto dir = lantian::test::scratch_dir("products_switch");
  lantian::test::SyntheticGrid g;
  g.nt = 96;
  g.start = "2026-02-26 16:00:00";
  lantian::test::write_synthetic_output(dir + "/run.nc", g,
                                        [](const std::string& s, std::size_t, std::size_t, std::size_t) {
                                          return s == "PM25" ? 70.0 : s == "CO" ? 100.0 : s == "O3" ? 30.0 : 5.0;
                                        });
  const auto out = dir + "/out";
  REQUIRE(run(command_warn, {"warn", "-i", dir + "/run.nc", "-o", out, "-q", "-r",
                             lantian::test::source_dir() + "/configs/warnings/national.toml"}) == 0);
  const auto rolling = slurp(out + "/warning_rolling_aqi.csv");
  CHECK(rolling.find("domain,2026-02-28T15:00:00Z,2026-02-28 23:00,94,94,HJ633-2012\n") != std::string::npos);
  CHECK(rolling.find("domain,2026-02-28T16:00:00Z,2026-03-01 00:00,110,110,HJ633-2026\n") != std::string::npos);
  CHECK(slurp(out + "/warning_zones.csv").find(",HJ633-2012+HJ633-2026,") != std::string::npos);
  REQUIRE(run(command_aqi, {"aqi", "-i", dir + "/run.nc", "-o", out, "-q", "--no-grid"}) == 0);
  const auto daily = slurp(out + "/aqi_zones_daily.csv");
  CHECK(daily.find("domain,2026-02-28,HJ633-2012,") != std::string::npos);
  CHECK(daily.find("domain,2026-03-01,HJ633-2026,") != std::string::npos);
}

TEST_CASE("Days a run covers for fewer than 20 hours are left out of the daily products", "[commands][days]") {
  // 97 records from 2026-11-01 16:00 UTC: four whole Beijing days and one hour of a fifth.
  const auto dir = lantian::test::scratch_dir("products_last_hour");
  make_run(dir + "/run.nc", 1.0, 97);
  const auto out = dir + "/out";
  REQUIRE(run(command_aqi, {"aqi", "-i", dir + "/run.nc", "-o", out, "-q"}) == 0);
  const auto daily = slurp(out + "/aqi_zones_daily.csv");
  CHECK(daily.find("domain,2026-11-05,") != std::string::npos);
  CHECK(daily.find("domain,2026-11-06,") == std::string::npos);  // 1 hour: left out
  CHECK(daily.find(",NA,0,") == std::string::npos);              // no NA row with category 0
  netCDF::NcFile nc(out + "/aqi_grid.nc", netCDF::NcFile::read);
  CHECK(nc.getDim("day").getSize() == 4);
  CHECK(nc.getDim("time").getSize() == 97);  // the hourly products keep every hour
  // The hourly table still holds the last hour.
  CHECK(slurp(out + "/aqi_zones_hourly.csv").find("domain,2026-11-05T16:00:00Z,") != std::string::npos);
  // A run starting 00 UTC (08 Beijing): the first local day has 16 hours (< 20) -> left out;
  // at --min-hours-daily 16 it is kept (and NA only where data are missing).
  lantian::test::SyntheticGrid g;
  g.nt = 40;
  g.start = "2026-11-02 00:00:00";
  lantian::test::write_synthetic_output(dir + "/utc0.nc", g,
                                        [](const std::string&, std::size_t, std::size_t, std::size_t) { return 20.0; });
  REQUIRE(run(command_aqi, {"aqi", "-i", dir + "/utc0.nc", "-o", out + "/u", "-q", "--no-grid"}) == 0);
  const auto d0 = slurp(out + "/u/aqi_zones_daily.csv");
  CHECK(d0.find("domain,2026-11-02,") == std::string::npos);
  CHECK(d0.find("domain,2026-11-03,") != std::string::npos);
  REQUIRE(run(command_aqi,
              {"aqi", "-i", dir + "/utc0.nc", "-o", out + "/u16", "-q", "--no-grid", "--min-hours-daily", "16"}) == 0);
  CHECK(slurp(out + "/u16/aqi_zones_daily.csv").find("domain,2026-11-02,") != std::string::npos);
}
