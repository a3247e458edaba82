// End-to-end tests of the product sub-commands (solver/products/commands.cpp) on a small
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

#include "solver/core/error.hpp"
#include "solver/products/commands.hpp"
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
void make_run(const std::string& path, double pm_factor, std::size_t nt = 96, std::size_t nx = 6) {
  lantian::test::SyntheticGrid g;
  g.nt = nt;
  g.nx = nx;
  g.start = "2026-11-01 16:00:00";
  lantian::test::write_synthetic_output(path, g, [&](const std::string& s, std::size_t i, std::size_t, std::size_t k) {
    if (s == "PM25") return (i < 3 && k >= 24 && k < 72) ? 151.0 * pm_factor : 100.0;
    if (s == "PM10") return 60.0;
    if (s == "SO2") return 5.0;
    if (s == "NO2") return 20.0;
    if (s == "CO") return 300.0;
    return 30.0;  // O3 ppb
  });
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

  REQUIRE(run(command_compare, {"compare", "--base", run_nc, "--scenario", "cut=" + scen_nc, "--zones", zones, "--out-dir",
                                out, "-q"}) == 0);
  CHECK(fs::exists(out + "/compare_zones.csv"));
  // Day 2026-11-03 at a West cell: 151 * 0.7 - 151 = -45.3 (float storage: 1e-4).
  CHECK(nc_value(out + "/compare_cut.nc", "d_PM25_daily", {1, 0, 0}) == Approx(-45.3).epsilon(1e-4));
  CHECK(nc_value(out + "/compare_cut.nc", "d_PM25_daily", {1, 0, 5}) == Approx(0.0).margin(1e-5));

  std::ofstream(dir + "/obs.csv") << "station,lon,lat,time,PM25\nW1,120.1,36.3,2026-11-02T16:00Z,140\nW1,120.1,36.3,2026-11-02T17:00Z,160\n";
  REQUIRE(run(command_evaluate, {"evaluate", "--input", run_nc, "--obs", dir + "/obs.csv", "--out-dir", out, "-q"}) == 0);
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
  CHECK_THROWS_WITH(run(command_aqi, {"aqi", "--frobnicate"}), Catch::Contains("lantian aqi") && Catch::Contains("frobnicate"));
  CHECK_THROWS_WITH(run(command_aqi, {"aqi"}), Catch::Contains("--input or --obs"));
  CHECK_THROWS_WITH(run(command_aqi, {"aqi", "--obs", "x.csv", "--standard", "HJ633-1996"}), Catch::Contains("HJ633-1996"));
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
  std::ofstream(dir + "/bad.geojson") << "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
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
