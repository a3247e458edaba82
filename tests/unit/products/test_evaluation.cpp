// Tests of solver/products/evaluation.cpp, observations.cpp, scenario_compare.cpp and the
// model-output reader: statistics and comparisons against values computed by hand for small
// fields, station location on regular and Lambert grids, and clear errors for malformed
// observation files and mismatched grids.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "solver/grid/projection.hpp"
#include "solver/products/evaluation.hpp"
#include "solver/products/scenario_compare.hpp"
#include "support/test_data.hpp"
#include "synthetic_output.hpp"

using namespace lantian::products;

TEST_CASE("Pair statistics against hand values", "[evaluation]") {
  // O = {1,2,3,4}, M = {2,2,4,6}; M - O = {1,0,1,2}.
  // MB = 4/4 = 1; NMB = 4/10 = 0.4; NME = 4/10 = 0.4; RMSE = sqrt(6/4) = 1.224745.
  // Obar = 2.5, Mbar = 3.5: cov = 2.25+0.75+0.25+3.75 = 7; var O = 5; var M = 11; r = 7/sqrt(55) = 0.943880.
  // IOA: (|M-Obar| + |O-Obar|)^2 = (0.5+1.5)^2 + (0.5+0.5)^2 + (1.5+0.5)^2 + (3.5+1.5)^2 = 34;
  // d = 1 - 6/34 = 0.823529. FAC2: ratios 2, 1, 1.33, 1.5 all in [0.5, 2] -> 1.
  const auto s = pair_stats({1, 2, 3, 4, k_nan}, {2, 2, 4, 6, 9});
  CHECK(s.n == 4);
  CHECK(s.mb == Approx(1.0));
  CHECK(s.nmb == Approx(0.4));
  CHECK(s.nme == Approx(0.4));
  CHECK(s.rmse == Approx(1.224745).epsilon(1e-6));
  CHECK(s.r == Approx(0.943880).epsilon(1e-6));
  CHECK(s.ioa == Approx(0.823529).epsilon(1e-6));
  CHECK(s.fac2 == Approx(1.0));
  // FAC2 with one pair out (9/4 = 2.25) and one at exactly 0.5: 3 of 4.
  const auto f = pair_stats({1, 2, 4, 4}, {1, 1, 9, 4});
  CHECK(f.fac2 == Approx(0.75));
  CHECK(pair_stats({}, {}).n == 0);
}

TEST_CASE("Station location and bilinear interpolation", "[evaluation]") {
  // Regular lat/lon grid: lon = 120 + 0.25 i, lat = 36 + 0.2 j.
  const std::size_t nx = 6, ny = 5;
  std::vector<double> lat(nx * ny), lon(nx * ny), f(nx * ny);
  for (std::size_t j = 0; j < ny; ++j)
    for (std::size_t i = 0; i < nx; ++i) {
      lat[i + nx * j] = 36 + 0.2 * static_cast<double>(j);
      lon[i + nx * j] = 120 + 0.25 * static_cast<double>(i);
      f[i + nx * j] = 10 + static_cast<double>(i) + 2 * static_cast<double>(j);
    }
  StationLocator loc(lat, lon, nx, ny);
  const auto p = loc.locate(120.3, 36.5);  // fi = 0.3/0.25 = 1.2, fj = 0.5/0.2 = 2.5
  REQUIRE(p);
  CHECK(p->fi == Approx(1.2).epsilon(1e-9));
  CHECK(p->fj == Approx(2.5).epsilon(1e-9));
  CHECK(bilinear(f.data(), nx, ny, *p) == Approx(10 + 1.2 + 5.0));  // linear field: exact
  CHECK(loc.locate(121.26, 36.5) == std::nullopt);                  // east of the last centre
  CHECK(loc.locate(120.3, 35.9) == std::nullopt);
  const auto corner = loc.locate(121.25, 36.8);
  REQUIRE(corner);
  CHECK(corner->fi == Approx(5.0));

  // Lambert conformal grid (China's CTM projection, 36 km): a station placed at fractional
  // indices (3.3, 2.7) by the exact inverse projection is found within 0.005 cell (bilinear
  // interpolation of lat/lon across one 36 km cell misplaces it by O(dx^2 curvature)).
  using namespace lantian::grid;
  ProjectionParams pp;
  pp.truelat1_deg = 25;
  pp.truelat2_deg = 40;
  pp.stand_lon_deg = 110;
  pp.ref_lat_deg = 34;
  pp.ref_lon_deg = 110;
  const Projection proj(pp);
  const double x0 = 1000e3 - 4 * 36e3, y0 = 440e3 - 3 * 36e3, dx = 36e3;
  const std::size_t mx = 9, my = 7;
  std::vector<double> la(mx * my), lo(mx * my);
  for (std::size_t j = 0; j < my; ++j)
    for (std::size_t i = 0; i < mx; ++i) {
      const auto ll = proj.inverse({x0 + dx * static_cast<double>(i), y0 + dx * static_cast<double>(j)});
      la[i + mx * j] = ll.lat_deg;
      lo[i + mx * j] = ll.lon_deg;
    }
  const auto st = proj.inverse({x0 + dx * 3.3, y0 + dx * 2.7});
  const auto q = StationLocator(la, lo, mx, my).locate(st.lon_deg, st.lat_deg);
  REQUIRE(q);
  CHECK(q->fi == Approx(3.3).margin(0.005));
  CHECK(q->fj == Approx(2.7).margin(0.005));
}

namespace {
std::string write_text(const std::string& dir, const std::string& name, const std::string& text) {
  const auto p = dir + "/" + name;
  std::ofstream(p) << text;
  return p;
}
}  // namespace

TEST_CASE("Observation CSV reader", "[evaluation][obs]") {
  const auto dir = lantian::test::scratch_dir("obs_csv");
  const auto p = write_text(dir, "ok.csv",
                            "# test stations\n"
                            "station,lon,lat,time,PM2.5,O3[ppb],CO\n"
                            "S1,120.3,36.5,2026-01-09T16:00:00Z,20,40,0.8\n"
                            "S1,120.3,36.5,2026-01-09 17:00,NA,,-999\n"
                            "S2,121.0,36.1,2026-01-09T16:00Z,35.5,10,1.2\n");
  const auto t = read_obs_csv(p);
  REQUIRE(t.stations.size() == 2);
  REQUIRE(t.records.size() == 3);
  CHECK(t.has[static_cast<int>(Pollutant::pm25)]);
  CHECK_FALSE(t.has[static_cast<int>(Pollutant::so2)]);
  CHECK(t.records[0].v[static_cast<int>(Pollutant::pm25)] == 20);
  CHECK(t.records[0].v[static_cast<int>(Pollutant::o3)] ==
        Approx(40 * 47.997 / 24.4654).epsilon(1e-5));                     // ppb -> ug m-3
  CHECK(t.records[0].v[static_cast<int>(Pollutant::co)] == Approx(0.8));  // default mg m-3
  CHECK(std::isnan(t.records[1].v[static_cast<int>(Pollutant::pm25)]));
  CHECK(std::isnan(t.records[1].v[static_cast<int>(Pollutant::co)]));  // negative sentinel
  CHECK(t.records[1].time_utc_h - t.records[0].time_utc_h == Approx(1.0));
  const auto s = station_series(t, 0);
  CHECK(s.n == 2);
  // Local times: an 8 h offset moves the records back to UTC.
  CHECK(read_obs_csv(p, 8.0).records[0].time_utc_h == Approx(t.records[0].time_utc_h - 8));
}

TEST_CASE("Malformed observation files give file, line and column", "[evaluation][obs]") {
  const auto dir = lantian::test::scratch_dir("obs_bad");
  const std::string head = "station,lon,lat,time,PM25\n";
  CHECK_THROWS_WITH(read_obs_csv(write_text(dir, "fields.csv", head + "S1,120,36,2026-01-01T00:00Z,5\nS1,120,36\n")),
                    Catch::Contains("fields.csv:3") && Catch::Contains("expected 5 fields, found 3"));
  CHECK_THROWS_WITH(read_obs_csv(write_text(dir, "num.csv", head + "S1,120,36,2026-01-01T00:00Z,5x\n")),
                    Catch::Contains("num.csv:2") && Catch::Contains("'PM25'") && Catch::Contains("5x"));
  CHECK_THROWS_WITH(read_obs_csv(write_text(dir, "time.csv", head + "S1,120,36,yesterday,5\n")),
                    Catch::Contains("time.csv:2") && Catch::Contains("'time'"));
  CHECK_THROWS_WITH(read_obs_csv(write_text(dir, "col.csv", "station,lon,lat,time,PM1\n")),
                    Catch::Contains("col.csv:1") && Catch::Contains("'PM1'"));
  CHECK_THROWS_WITH(read_obs_csv(write_text(dir, "notime.csv", "station,lon,lat,PM25\nS1,120,36,5\n")),
                    Catch::Contains("notime.csv:1") && Catch::Contains("'time'"));
  CHECK_THROWS_WITH(read_obs_csv(write_text(dir, "units.csv", "station,lon,lat,time,PM25[ppb]\n")),
                    Catch::Contains("units.csv:1") && Catch::Contains("ppb"));
  CHECK_THROWS_WITH(read_obs_csv(write_text(dir, "moved.csv",
                                            head + "S1,120,36,2026-01-01T00:00Z,5\nS1,121,36,2026-01-01T01:00Z,5\n")),
                    Catch::Contains("moved.csv:3") && Catch::Contains("S1"));
  CHECK_THROWS_WITH(read_obs_csv(write_text(dir, "lat.csv", head + "S1,120,96,2026-01-01T00:00Z,5\n")),
                    Catch::Contains("lat.csv:2"));
  CHECK_THROWS_WITH(read_obs_csv(write_text(dir, "empty.csv", "")), Catch::Contains("empty.csv"));
  CHECK_THROWS_WITH(read_obs_csv(write_text(dir, "nodata.csv", head)), Catch::Contains("nodata.csv"));
  // A station-hour given twice would be counted twice by the statistics: an error naming both
  // lines, also when the repeat is written differently (local time, other station order).
  CHECK_THROWS_WITH(
      read_obs_csv(write_text(dir, "dup.csv", head + "S1,120,36,2026-01-01T00:00Z,5\nS1,120,36,2026-01-01T00:00Z,6\n")),
      Catch::Contains("dup.csv:3") && Catch::Contains("duplicate station-hour") && Catch::Contains("line 2") &&
          Catch::Contains("line 3") && Catch::Contains("'S1'"));
  CHECK_THROWS_WITH(read_obs_csv(write_text(dir, "dup2.csv",
                                            head + "S1,120,36,2026-01-01T00:00Z,5\n# comment\n"
                                                   "S2,121,36,2026-01-01T00:00Z,5\nS1,120,36,2026-01-01 00:00:00,7\n")),
                    Catch::Contains("dup2.csv:5") && Catch::Contains("line 2 and line 5"));
  // The same hour at two stations is not a duplicate.
  CHECK(
      read_obs_csv(write_text(dir, "two.csv", head + "S1,120,36,2026-01-01T00:00Z,5\nS2,121,36,2026-01-01T00:00Z,5\n"))
          .records.size() == 2);
  const std::string prsa_head = "No,year,month,day,hour,PM2.5,PM10,SO2,NO2,CO,O3,TEMP,PRES,DEWP,RAIN,wd,WSPM,station\n";
  const std::string prsa_row = "1,2013,3,1,0,4,4,4,7,300,77,-0.7,1023,-18.8,0,NNW,4.4,Aotizhongxin\n";
  CHECK_THROWS_WITH(read_prsa_csv(write_text(dir, "dup_prsa.csv", prsa_head + prsa_row + prsa_row), 116.4, 40.0),
                    Catch::Contains("dup_prsa.csv:3") && Catch::Contains("line 2 and line 3"));
}

TEST_CASE("FAC2 counts the pairs with obs > 0, and says so", "[evaluation][fac2]") {
  // Pairs (O, M): (0, 5) has no ratio; (10, 12) in; (10, 30) out: FAC2 = 1/2 over n_fac2 = 2, n = 3.
  const auto s = pair_stats({0.0, 10.0, 10.0}, {5.0, 12.0, 30.0});
  CHECK(s.n == 3);
  CHECK(s.n_fac2 == 2);
  CHECK(s.fac2 == Approx(0.5));
  const auto dir = lantian::test::scratch_dir("eval_fac2");
  write_stats_csv(dir + "/stats.csv", {{"S1", Pollutant::pm25, s}});
  std::ifstream in(dir + "/stats.csv");
  std::string header, row;
  std::getline(in, header);
  std::getline(in, row);
  CHECK(header.find(",FAC2_percent,n_fac2") != std::string::npos);
  CHECK(row.find(",50.000,2") != std::string::npos);
  CHECK(row.rfind("S1,PM2.5,ug m-3,3,", 0) == 0);
}

TEST_CASE("Model values at stations from a synthetic output", "[evaluation]") {
  const auto dir = lantian::test::scratch_dir("eval_model");
  lantian::test::SyntheticGrid g;
  g.nt = 4;
  const auto path = dir + "/run.nc";
  lantian::test::write_synthetic_output(path, g, [](const std::string& s, std::size_t i, std::size_t j, std::size_t k) {
    if (s == "PM25") return 10.0 + static_cast<double>(i) + 2.0 * static_cast<double>(j) + static_cast<double>(k);
    if (s == "O3") return 40.0;
    return 1.0;
  });
  const auto m = ModelOutput::open(path);
  CHECK(m.nt == 4);
  CHECK(iso_utc(m.time_utc_h[0]) == "2026-01-09T16:00:00Z");
  const auto obs = read_obs_csv(write_text(dir, "obs.csv",
                                           "station,lon,lat,time,PM25,O3[ppb]\n"
                                           "S1,120.3,36.5,2026-01-09T16:00Z,15.2,40\n"
                                           "S1,120.3,36.5,2026-01-09T18:00Z,20.2,50\n"
                                           "S1,120.3,36.5,2026-01-10T18:00Z,20.2,50\n"  // outside the run
                                           "FAR,130,30,2026-01-09T16:00Z,1,1\n"));
  std::vector<std::string> outside;
  const auto pairs = model_at_stations(m, obs, &outside);
  REQUIRE(outside == std::vector<std::string>{"FAR"});
  // Model PM2.5 at (fi, fj) = (1.2, 2.5), hour k: 10 + 1.2 + 5 + k = 16.2 + k.
  // Pairs: PM2.5 (15.2, 16.2), (20.2, 18.2); O3 ug m-3 (78.47, 78.47), (98.09, 78.47).
  REQUIRE(pairs.size() == 4);
  const auto rows = stats_by_station(obs, pairs);
  const auto find = [&](const std::string& st, Pollutant p) {
    for (const auto& r : rows)
      if (r.station == st && r.p == p) return r.s;
    FAIL("no row " << st);
    return PairStats{};
  };
  const auto pm = find("S1", Pollutant::pm25);
  CHECK(pm.n == 2);
  CHECK(pm.mb == Approx((1.0 - 2.0) / 2).epsilon(1e-6));  // float storage: 1e-6
  CHECK(pm.mean_mod == Approx(17.2).epsilon(1e-6));
  const auto o3 = find("ALL", Pollutant::o3);
  const double c40 = 40 * 47.997 / 24.4654, c50 = 50 * 47.997 / 24.4654;
  CHECK(o3.mb == Approx((0 + (c40 - c50)) / 2).epsilon(1e-5));
  write_pairs_csv(dir + "/pairs.csv", obs, pairs);
  write_stats_csv(dir + "/stats.csv", rows);
  std::ifstream in(dir + "/stats.csv");
  std::string header;
  std::getline(in, header);
  CHECK(header.rfind("station,species,units,n,mean_obs", 0) == 0);
}

TEST_CASE("Mismatched grids and bad outputs give clear errors", "[evaluation][grid]") {
  const auto dir = lantian::test::scratch_dir("grid_mismatch");
  lantian::test::SyntheticGrid g;
  g.nt = 3;
  const auto f = [](const std::string&, std::size_t, std::size_t, std::size_t) { return 1.0; };
  lantian::test::write_synthetic_output(dir + "/a.nc", g, f);
  auto g2 = g;
  g2.nx = 7;
  lantian::test::write_synthetic_output(dir + "/b.nc", g2, f);
  lantian::test::write_synthetic_output(dir + "/c.nc", g, f, 0.01);
  auto g4 = g;
  g4.start = "2026-01-09 17:00:00";
  lantian::test::write_synthetic_output(dir + "/d.nc", g4, f);
  const auto a = ModelOutput::open(dir + "/a.nc");
  CHECK_NOTHROW(check_same_grid(a, ModelOutput::open(dir + "/a.nc")));
  CHECK_THROWS_WITH(check_same_grid(a, ModelOutput::open(dir + "/b.nc")),
                    Catch::Contains("b.nc") && Catch::Contains("'x'"));
  CHECK_THROWS_WITH(check_same_grid(a, ModelOutput::open(dir + "/c.nc")),
                    Catch::Contains("c.nc") && Catch::Contains("'lat'"));
  CHECK_THROWS_WITH(check_same_grid(a, ModelOutput::open(dir + "/d.nc")),
                    Catch::Contains("d.nc") && Catch::Contains("'time'"));
  CHECK_THROWS_WITH(a.read("NH3"), Catch::Contains("a.nc") && Catch::Contains("'NH3'"));
  CHECK_THROWS_WITH(ModelOutput::open(dir + "/missing.nc"), Catch::Contains("missing.nc"));
  CHECK_THROWS_WITH(ModelOutput::open(write_text(dir, "text.nc", "not netcdf")), Catch::Contains("text.nc"));
  // Non-hourly records.
  {
    netCDF::NcFile nc(dir + "/a.nc", netCDF::NcFile::write);
    nc.getVar("time").putVar({2}, 3.0);
  }
  CHECK_THROWS_WITH(ModelOutput::open(dir + "/a.nc").require_hourly(),
                    Catch::Contains("a.nc") && Catch::Contains("'time'"));
  // Units that are not ppb for a gas.
  {
    netCDF::NcFile nc(dir + "/b.nc", netCDF::NcFile::write);
    nc.getVar("O3").putAtt("units", "kg kg-1");
  }
  CHECK_THROWS_WITH(ModelOutput::open(dir + "/b.nc").read_china_units(Pollutant::o3),
                    Catch::Contains("b.nc") && Catch::Contains("'O3'") && Catch::Contains("kg kg-1"));
}

TEST_CASE("Scenario comparison against hand values", "[compare]") {
  // One local day (2026-06-02 Beijing) of constant values, six pollutants, two zones.
  // Zone A base: SO2 10 -> 10, NO2 20 -> 25, CO 0.5 -> 12.5 -> 13, PM10 50 -> 50,
  //   PM2.5 80 -> 100 + 50/55*20 = 118.2 -> 119, O3 60 -> 30: AQI 119 (category 3, > 100).
  // Zone A scenario: PM2.5 50 -> 50 + 50/25*15 = 80, O3 70 -> 35: AQI 80 (category 2).
  //   dPM2.5 = -30, dMDA8 = +10; one over-standard day avoided, category down.
  // Zone B base: PM2.5 30 -> 42.9 -> 43: AQI 50 (PM10); scenario PM2.5 70 -> 109.1 -> 110:
  //   one day added, category up (1 -> 3).
  const auto make = [](double pm, double o3) {
    SeriesSet s;
    s.n = 24;
    s.t0_utc_h = parse_time_utc_h("2026-06-01T16:00Z");
    const double v[6] = {10, 20, 0.5, o3, 50, pm};
    for (int i = 0; i < 6; ++i) s.c[static_cast<std::size_t>(i)].assign(24, v[i]);
    return s;
  };
  Comparison c;
  compare_zone_days("cut", {"A", "B"}, {make(80, 60), make(30, 60)}, {make(50, 70), make(70, 60)}, DailyRules{},
                    AqiStandard::hj633_2026, false, c);
  REQUIRE(c.rows.size() == 2);
  CHECK(c.rows[0].aqi_base == 119);
  CHECK(c.rows[0].aqi_scen == 80);
  CHECK(c.rows[1].aqi_base == 50);
  CHECK(c.rows[1].aqi_scen == 110);
  REQUIRE(c.summary.size() == 2);
  const auto& a = c.summary[0];
  CHECK(a.mean_dpm25 == Approx(-30));
  CHECK(a.mean_dmda8 == Approx(10));
  CHECK(a.exceed_base == 1);
  CHECK(a.exceed_scen == 0);
  CHECK(a.avoided == 1);
  CHECK(a.improved == 1);
  const auto& b = c.summary[1];
  CHECK(b.added == 1);
  CHECK(b.worsened == 1);
  CHECK(b.mean_dpm25 == Approx(40));
  const auto text = format_summary(c);
  CHECK(text.find("cut") != std::string::npos);
  const auto dir = lantian::test::scratch_dir("compare_csv");
  write_comparison_csv(dir + "/c.csv", c, 8);
  std::ifstream in(dir + "/c.csv");
  std::string line;
  int n = 0;
  while (std::getline(in, line)) ++n;
  CHECK(n == 3);
  // Different times: error.
  auto shifted = make(50, 70);
  shifted.t0_utc_h += 1;
  CHECK_THROWS_WITH(
      compare_zone_days("x", {"A"}, {make(80, 60)}, {shifted}, DailyRules{}, AqiStandard::hj633_2026, false, c),
      Catch::Contains("times differ"));
}
