// Tests of solver/products/warning.cpp with the rule tables of configs/warnings/: synthetic
// multi-day forecasts (PM2.5 only, or O3) sitting exactly at each level's thresholds.
//
// Hand computation (HJ 633-2026 PM2.5 column; the rolling 24-h mean is rounded to an integer
// before the index): 100 ug m-3 -> 100 + 50/55*40 = 136.4 -> 137 (background); 150 -> 200;
// 151 -> 201 (> 200); 251 -> 301 (> 300); 500 -> 500; 116 -> 150 + 50/35*1 = 151.4 -> 152 (> 150).
// A block of L hours at 151 in the 100 background: a 24-h window holding 23 h at 151 and 1 h at
// 100 averages 148.9 -> 149 -> 199, so only windows entirely inside the block exceed 200; they
// form a run of L - 23 values, whose windows span L hours. Hence "above 200 for >= 24 h" holds
// from L = 24, ">= 48 h" from L = 48.
#include <catch2/catch.hpp>

#include <toml++/toml.h>

#include <cmath>
#include <fstream>

#include "solver/products/warning.hpp"
#include "support/test_data.hpp"

using namespace lantian::products;

namespace {

const double k_t0 = parse_time_utc_h("2026-11-01T16:00:00Z");  // 2026-11-02 00:00 Beijing; HJ 633-2026

/// 144 h of PM2.5 background 100 with blocks {start hour, length, value} on top.
SeriesSet pm_series(const std::vector<std::array<double, 3>>& blocks, std::size_t n = 144) {
  SeriesSet s;
  s.n = n;
  s.t0_utc_h = k_t0;
  auto& pm = s.c[static_cast<std::size_t>(idx(Pollutant::pm25))];
  pm.assign(n, 100.0);
  for (const auto& b : blocks)
    for (std::size_t k = static_cast<std::size_t>(b[0]); k < static_cast<std::size_t>(b[0] + b[1]); ++k) pm[k] = b[2];
  return s;
}

WarningRules rules(const std::string& name) {
  return load_warning_rules(lantian::test::source_dir() + "/configs/warnings/" + name + ".toml");
}

std::string level_of(const WarningRules& r, const SeriesSet& s) {
  return warn_series(r, s, DailyRules{}).result.level_name;
}

}  // namespace

TEST_CASE("National rules load", "[warning]") {
  const auto r = rules("national");
  REQUIRE(r.levels.size() == 4);
  CHECK(r.levels[0].name == "blue");
  CHECK(r.levels[3].name == "red");
  CHECK(r.levels[1].emission_cut == Approx(0.10));
  CHECK(r.levels[2].emission_cut == Approx(0.20));
  CHECK(r.levels[3].emission_cut == Approx(0.30));
  CHECK(r.levels[3].when.size() == 2);
  CHECK(r.include_o3);
  CHECK(r.auto_standard);
}

TEST_CASE("National blue and yellow at their thresholds", "[warning]") {
  const auto r = rules("national");
  CHECK(level_of(r, pm_series({{24, 23, 151}})) == "none");    // 23 h: no 24-h window above 200
  CHECK(level_of(r, pm_series({{24, 24, 150}})) == "none");    // exactly 200 is not above 200
  CHECK(level_of(r, pm_series({{24, 24, 151}})) == "blue");    // one window: 24 h
  CHECK(level_of(r, pm_series({{24, 47, 151}})) == "blue");    // 47 h < 48
  CHECK(level_of(r, pm_series({{24, 48, 151}})) == "yellow");  // 48 h
  // The warning period is the span of the windows: hours 24 .. 48 of the forecast.
  const auto w = warn_series(r, pm_series({{24, 24, 151}}), DailyRules{});
  CHECK(w.result.start_utc_h == Approx(k_t0 + 24));
  CHECK(w.result.end_utc_h == Approx(k_t0 + 48));
  CHECK(w.result.max_aqi_24h == 201);
  CHECK(w.standard == AqiStandard::hj633_2026);
  // Rolling index at the end of the block window and one hour before (23 h at 151, 1 h at 100:
  // mean 148.875 -> 149 -> 150 + 50/35*34 = 198.57 -> 199).
  CHECK(w.aqi_24h[47] == 201);
  CHECK(w.aqi_24h[46] == 199);
  CHECK(std::isnan(w.aqi_24h[18]));  // fewer than 20 hours in the window
}

TEST_CASE("National orange and red at their thresholds", "[warning]") {
  const auto r = rules("national");
  // [151 x 24][251 x 24][151 x 24]: above 200 for 72 h (windows inside the episode), above 300
  // for 24 h (only the window on the 251 block: 23 h at 251 + 1 h at 151 = 246.8 -> 297).
  CHECK(level_of(r, pm_series({{24, 72, 151}, {48, 24, 251}})) == "orange");
  // First block one hour shorter: the episode spans 71 h -> yellow.
  CHECK(level_of(r, pm_series({{25, 71, 151}, {48, 24, 251}})) == "yellow");
  // Above 300 only 23 h (block of 23 h at 251): no window reaches it -> yellow.
  CHECK(level_of(r, pm_series({{24, 72, 151}, {48, 23, 251}})) == "yellow");
  // [151 x 24][251 x 48][151 x 24]: 96 h above 200 and 48 h above 300 -> red.
  CHECK(level_of(r, pm_series({{24, 96, 151}, {48, 48, 251}})) == "red");
  // 47 h at 251 (95 h episode): orange.
  CHECK(level_of(r, pm_series({{24, 95, 151}, {48, 47, 251}})) == "orange");
  // Red by "AQI reaching 500": 24 h at 500. At 498 (498 -> 400 + 100/150*148 = 498.7 -> 499)
  // it is not reached; windows with >= 4 h at 498 exceed 200 (mean 100 + 398k/24 >= 150.5),
  // a run of 41 windows spanning 64 h -> yellow.
  CHECK(level_of(r, pm_series({{48, 24, 500}})) == "red");
  CHECK(level_of(r, pm_series({{48, 24, 498}})) == "yellow");
}

TEST_CASE("Shandong rules at their thresholds; ozone does not trigger", "[warning]") {
  const auto r = rules("shandong");
  CHECK_FALSE(r.include_o3);
  // 48 h at 116 (rolling AQI 152 > 150) and one hour at 151 (hourly AQI 201 > 200) -> yellow.
  CHECK(level_of(r, pm_series({{24, 48, 116}, {48, 1, 151}})) == "yellow");
  CHECK(level_of(r, pm_series({{24, 48, 116}})) == "none");  // no hourly AQI > 200
  // 47 h (hours 25..71) with the 151 hour at 48, away from both edges (a window holding it and
  // one background hour would average 116.8 -> 153 and lengthen the run): 47 h < 48 -> none.
  CHECK(level_of(r, pm_series({{25, 47, 116}, {48, 1, 151}})) == "none");
  // 72 h above 150 with a 24-h block at 151 (rolling 201 > 200 for 24 h) -> orange.
  CHECK(level_of(r, pm_series({{24, 72, 116}, {48, 24, 151}})) == "orange");
  // 72 h above 200 and 24 h above 300 -> red.
  CHECK(level_of(r, pm_series({{24, 72, 151}, {48, 24, 251}})) == "red");
  // Ozone only: O3 400 ug m-3 all along (MDA8 IAQI 200 + 100/535*135 = 225.2 -> 226 > 200 for
  // 144 h) with PM2.5 50: national -> yellow (no window above 300); Shandong -> none.
  SeriesSet o = pm_series({});
  o.c[static_cast<std::size_t>(idx(Pollutant::pm25))].assign(144, 50.0);
  o.c[static_cast<std::size_t>(idx(Pollutant::o3))].assign(144, 400.0);
  CHECK(level_of(rules("national"), o) == "yellow");
  CHECK(level_of(r, o) == "none");
}

TEST_CASE("Warning scenario file", "[warning]") {
  const auto r = rules("national");
  const auto dir = lantian::test::scratch_dir("warning_scenario");
  const auto ya = warn_series(r, pm_series({{24, 48, 151}}), DailyRules{}).result;
  const auto no = warn_series(r, pm_series({}), DailyRules{}).result;
  const auto rd = warn_series(r, pm_series({{24, 96, 151}, {48, 48, 251}}), DailyRules{}).result;
  const auto path = dir + "/scenario.toml";
  write_warning_scenario(path, r, {"Zhifu", "Laishan", "Fushan"}, {ya, no, rd}, "test run", "/z/districts.geojson",
                         8.0);
  const auto doc = toml::parse_file(path);
  const auto* rule = doc["rule"].as_array();
  REQUIRE(rule);
  REQUIRE(rule->size() == 2);
  const auto& a = *(*rule)[0].as_table();
  CHECK(a["zone"].value_or(std::string{}) == "Zhifu");
  CHECK(a["sectors"].value_or(std::string{}) == "all");
  CHECK(a["factor"].value_or(0.0) == Approx(0.9));
  // Period 2026-11-02T16Z .. 2026-11-04T16Z = Beijing 2026-11-03 00:00 .. 2026-11-05 00:00:
  // the local days 2026-11-03 .. 2026-11-04 (inclusive).
  CHECK(a["start"].value_or(std::string{}) == "2026-11-03");
  CHECK(a["end"].value_or(std::string{}) == "2026-11-04");
  CHECK(a["zones_file"].value_or(std::string{}) == "/z/districts.geojson");
  CHECK(a["species"].as_array()->size() == r.cut_species.size());
  CHECK(a["name"].value_or(std::string{}) == "warning-yellow-Zhifu");
  const auto& c = *(*rule)[1].as_table();
  CHECK(c["zone"].value_or(std::string{}) == "Fushan");
  CHECK(c["factor"].value_or(0.0) == Approx(0.7));
  // Whole domain (no zone file): rules without a zone.
  write_warning_scenario(path, r, {"domain"}, {ya}, "test run");
  const auto d = toml::parse_file(path);
  REQUIRE(d["rule"].as_array()->size() == 1);
  CHECK_FALSE((*d["rule"].as_array())[0].as_table()->contains("zone"));
}

TEST_CASE("Bad rule tables give file, key and line", "[warning]") {
  const auto dir = lantian::test::scratch_dir("warning_rules_bad");
  const auto write = [&](const std::string& name, const std::string& text) {
    const auto p = dir + "/" + name;
    std::ofstream(p) << text;
    return p;
  };
  CHECK_THROWS_WITH(load_warning_rules(write("syntax.toml", "name = \"x\"\n[[level]\n")),
                    Catch::Contains("syntax.toml:2"));
  CHECK_THROWS_WITH(load_warning_rules(write("key.toml", "name = \"x\"\ncolour_scheme = 1\n")),
                    Catch::Contains("key.toml") && Catch::Contains("colour_scheme"));
  CHECK_THROWS_WITH(load_warning_rules(write("nolevel.toml", "name = \"x\"\n")), Catch::Contains("'level'"));
  CHECK_THROWS_WITH(
      load_warning_rules(
          write("metric.toml", "[[level]]\nname = \"a\"\nwhen = [[{ metric = \"pm\", above = 1, min_hours = 1 }]]\n")),
      Catch::Contains("metric.toml:3") && Catch::Contains("metric"));
  CHECK_THROWS_WITH(load_warning_rules(write("cut.toml",
                                             "[[level]]\nname = \"a\"\nemission_cut = 1.5\n"
                                             "when = [[{ above = 1, min_hours = 1 }]]\n")),
                    Catch::Contains("emission_cut"));
  CHECK_THROWS_WITH(load_warning_rules(dir + "/none.toml"), Catch::Contains("none.toml"));
  // A repeated level name or rank would let the later level shadow the earlier one.
  const std::string lvl = "when = [[{ above = 200, min_hours = 24 }]]\n";
  CHECK_THROWS_WITH(load_warning_rules(write("dupname.toml", "[[level]]\nname = \"blue\"\nrank = 1\n" + lvl +
                                                                 "[[level]]\nname = \"blue\"\nrank = 2\n" + lvl)),
                    Catch::Contains("dupname.toml:5") && Catch::Contains("duplicate level name") &&
                        Catch::Contains("level[0] 'blue' (rank 1)") && Catch::Contains("level[1] 'blue' (rank 2)"));
  CHECK_THROWS_WITH(load_warning_rules(write("duprank.toml", "[[level]]\nname = \"blue\"\nrank = 2\n" + lvl +
                                                                 "[[level]]\nname = \"yellow\"\nrank = 2\n" + lvl)),
                    Catch::Contains("duprank.toml:5") && Catch::Contains("duplicate level rank") &&
                        Catch::Contains("level[0] 'blue' (rank 2)") && Catch::Contains("level[1] 'yellow' (rank 2)"));
  // Default ranks (the position) collide with an explicit one just the same.
  CHECK_THROWS_WITH(load_warning_rules(write("duprank2.toml", "[[level]]\nname = \"blue\"\n" + lvl +
                                                                  "[[level]]\nname = \"yellow\"\nrank = 1\n" + lvl)),
                    Catch::Contains("duplicate level rank"));
}

TEST_CASE("Rolling 24-h AQI includes the 1-h O3 maximum under HJ 633-2012", "[warning]") {
  // One hour of O3 at 410 ug m-3 (1-h column 400 -> 200, 800 -> 300: 200 + 100/400*10 = 202.5
  // -> 203) in O3 30 and PM2.5 50: under HJ 633-2012 the 24 windows holding that hour exceed
  // 200 (span 24 + 23 = 47 h: blue); HJ 633-2026 has no 1-h O3 in the daily index: none.
  SeriesSet s = pm_series({});
  s.c[static_cast<std::size_t>(idx(Pollutant::pm25))].assign(144, 50.0);
  auto& o3 = s.c[static_cast<std::size_t>(idx(Pollutant::o3))];
  o3.assign(144, 30.0);
  o3[60] = 410.0;
  const auto a12 = rolling_24h_aqi(s, DailyRules{}, AqiStandard::hj633_2012, true);
  CHECK(a12[60] == 203);
  CHECK(a12[83] == 203);
  CHECK(a12[84] < 200);
  const auto a26 = rolling_24h_aqi(s, DailyRules{}, AqiStandard::hj633_2026, true);
  CHECK(a26[60] < 100);
  auto r = rules("national");
  r.auto_standard = false;
  r.standard = AqiStandard::hj633_2012;
  CHECK(level_of(r, s) == "blue");
  r.standard = AqiStandard::hj633_2026;
  CHECK(level_of(r, s) == "none");
}

TEST_CASE("Rolling 24-h AQI holds O3 from the first valid window of a forecast", "[warning][o3]") {
  // O3 900 ug m-3 in hours 0..11, then 60; PM2.5 10 (IAQI 35 -> 50: 50/35*10 = 14.3 -> 15).
  // Hour 19 is the first with a valid 24-h mean (20 hours). Its 8-h O3 means end at 3..19; those
  // ending at 5..19 hold >= 6 hours (15 valid >= 14), the one ending at 5 is all at 900 > 800
  // -> IAQI 300 (HJ 633-2026). So the index at hour 19 is 300, not the PM2.5 index 15.
  SeriesSet s = pm_series({});
  s.c[static_cast<std::size_t>(idx(Pollutant::pm25))].assign(144, 10.0);
  auto& o3 = s.c[static_cast<std::size_t>(idx(Pollutant::o3))];
  o3.assign(144, 60.0);
  for (std::size_t k = 0; k < 12; ++k) o3[k] = 900.0;
  const auto a = rolling_24h_aqi(s, DailyRules{}, AqiStandard::hj633_2026, true);
  CHECK(std::isnan(a[18]));  // 19 hours: no 24-h mean yet
  CHECK(a[19] == 300);
  CHECK(a[22] == 300);
  CHECK(a[23] == 300);
  // Without O3 the same windows give the PM2.5 index.
  CHECK(rolling_24h_aqi(s, DailyRules{}, AqiStandard::hj633_2026, false)[19] == 15);
  // Only 13 valid 8-h means (hours 0..1 missing too: windows ending 7..19) -> no O3 term at 19;
  // at 20 the 8-h means ending 7..20 are 14 -> valid again.
  SeriesSet g = s;
  auto& o3g = g.c[static_cast<std::size_t>(idx(Pollutant::o3))];
  o3g[0] = o3g[1] = k_nan;
  const auto b = rolling_24h_aqi(g, DailyRules{}, AqiStandard::hj633_2026, true);
  CHECK(b[19] == 15);
  CHECK(b[20] == 300);
}

TEST_CASE("A forecast spanning 2026-03-01 switches the AQI standard per window", "[warning][standard]") {
  // From 2026-02-27 00:00 Beijing (16:00 UTC the day before), 96 h of PM2.5 70 ug m-3.
  // HJ 633-2012: 50 + 50/40*(70 - 35) = 93.75 -> 94; HJ 633-2026: 100 + 50/55*(70 - 60) = 109.1
  // -> 110. Each value follows the standard of its last hour's local day: hour 47 ends
  // 2026-02-28 (94), hour 48 is 2026-03-01 00:00 local (110).
  SeriesSet s;
  s.n = 96;
  s.t0_utc_h = parse_time_utc_h("2026-02-26T16:00:00Z");
  s.c[static_cast<std::size_t>(idx(Pollutant::pm25))].assign(96, 70.0);
  const auto w = warn_series(rules("national"), s, DailyRules{});
  CHECK(w.aqi_24h[47] == 94);
  CHECK(w.aqi_24h[48] == 110);
  CHECK(w.aqi_24h[95] == 110);
  CHECK(w.aqi_1h[47] == 94);
  CHECK(w.aqi_1h[48] == 110);
  CHECK(w.standard_by_hour[47] == AqiStandard::hj633_2012);
  CHECK(w.standard_by_hour[48] == AqiStandard::hj633_2026);
  CHECK(w.standard == AqiStandard::hj633_2012);
  CHECK(w.standard_text == "HJ633-2012+HJ633-2026");
  // A fixed standard in the rules holds for every window.
  auto fixed = rules("national");
  fixed.auto_standard = false;
  fixed.standard = AqiStandard::hj633_2012;
  const auto f = warn_series(fixed, s, DailyRules{});
  CHECK(f.aqi_24h[48] == 94);
  CHECK(f.standard_text == "HJ633-2012");
}
