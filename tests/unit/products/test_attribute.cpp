// `lantian attribute` (solver/products/attribution_report.cpp, solver/commands/command_attribute.cpp)
// on the synthetic attribution case of test_attribute_run.hpp, whose hand values are stated there:
// the contributions to daily-mean PM2.5 and to MDA8 O3 (the window of the bulk's maximum), their
// sums (PM2.5: with the untagged components) and percentages, the source-receptor matrix, the
// report leading with the AQI > 100 day, and the errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "solver/commands/command_attribute.hpp"
#include "solver/core/error.hpp"
#include "solver/products/attribution_report.hpp"
#include "support/test_data.hpp"
#include "test_attribute_run.hpp"

using namespace lantian::products;
namespace fs = std::filesystem;

namespace {

int run(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return command_attribute(static_cast<int>(argv.size()), argv.data());
}

std::string slurp(const std::string& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> f;
  std::stringstream s(line);
  for (std::string x; std::getline(s, x, ',');) f.push_back(x);
  if (!line.empty() && line.back() == ',') f.emplace_back();
  return f;
}

/// The long table as rows of named fields ('#' lines skipped).
std::vector<std::map<std::string, std::string>> read_table(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> head;
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (head.empty()) {
      head = split(line);
      continue;
    }
    const auto f = split(line);
    REQUIRE(f.size() == head.size());
    std::map<std::string, std::string> r;
    for (std::size_t i = 0; i < f.size(); ++i) r[head[i]] = f[i];
    rows.push_back(r);
  }
  return rows;
}

struct Case {
  std::string dir, run_nc, zones;
};

Case make_case(const std::string& name) {
  Case c;
  c.dir = lantian::test::scratch_dir(name);
  c.run_nc = c.dir + "/run.nc";
  c.zones = c.dir + "/zones.geojson";
  lantian::test::write_attributed_output(c.run_nc, lantian::test::SyntheticGrid{});
  std::ofstream(c.zones) << lantian::test::k_attribute_zones;
  return c;
}

}  // namespace

TEST_CASE("attribute_day: daily mean over the valid hours, MDA8 over the bulk's window", "[attribute]") {
  // 24 hours from local midnight (t0 = day 0 at UTC+0); tag a = 2, tag b = 8 + hour.
  std::vector<double> a(24, 2.0), b(24), bulk(24);
  for (int h = 0; h < 24; ++h) {
    b[static_cast<std::size_t>(h)] = 8.0 + h;
    bulk[static_cast<std::size_t>(h)] = a[static_cast<std::size_t>(h)] + b[static_cast<std::size_t>(h)];
  }
  DailyRules r;
  r.utc_offset_h = 0.0;
  const std::vector<const double*> tags{a.data(), b.data()};
  auto d = attribute_day(bulk.data(), tags, 24, 0.0, 0, r, false);
  CHECK(d.total == Approx(10.0 + 11.5));  // mean of 10 + h
  CHECK(d.tag[0] == Approx(2.0));
  CHECK(d.tag[1] == Approx(19.5));
  CHECK(d.untagged == Approx(0.0).margin(1e-12));
  // Hours 0-3 missing in the bulk: the mean of hours 4..23 (20 hours, still valid).
  for (int h = 0; h < 4; ++h) bulk[static_cast<std::size_t>(h)] = k_nan;
  d = attribute_day(bulk.data(), tags, 24, 0.0, 0, r, false);
  CHECK(d.n_hours == 20);
  CHECK(d.tag[1] == Approx(8.0 + 13.5));  // mean of 8 + h over h = 4..23
  bulk[4] = k_nan;                        // 19 hours: invalid
  d = attribute_day(bulk.data(), tags, 24, 0.0, 0, r, false);
  CHECK_FALSE(d.valid());
  CHECK(std::isnan(d.tag[0]));
  // MDA8: the bulk rises with the hour, so the last window inside the day (16:00-24:00) wins;
  // tag b's share is its mean over hours 16..23 = 8 + 19.5; with running windows (to 07:00 of
  // the next day, absent: 6 valid hours are enough) the window starting 18:00 has the largest mean.
  d = attribute_day(bulk.data(), tags, 24, 0.0, 0, r, true);
  CHECK(d.window_start_h == 16);
  CHECK(d.total == Approx(2.0 + 8.0 + 19.5));
  CHECK(d.tag[1] == Approx(27.5));
  r.mda8_within_day = false;
  d = attribute_day(bulk.data(), tags, 24, 0.0, 0, r, true);
  CHECK(d.window_start_h == 18);
  CHECK(d.tag[1] == Approx(8.0 + 20.5));  // hours 18..23
  CHECK(d.tag[0] + d.tag[1] == Approx(d.total));
  // Without a bulk series the tags' sum is the total.
  d = attribute_day(nullptr, tags, 24, 0.0, 0, DailyRules{0.0}, false);
  CHECK(d.total == Approx(2.0 + 19.5));
}

TEST_CASE("lantian attribute: hand values of the synthetic case", "[attribute]") {
  const Case c = make_case("products_attribute");
  const auto out = c.dir + "/out";
  REQUIRE(run({"attribute", "--input", c.run_nc, "--zones", c.zones, "--out-dir", out, "-q"}) == 0);
  const auto rows = read_table(out + "/attribution_by_zone_day.csv");
  // 2 zones x 2 days x (PM2.5: 6 tags + untagged, O3: 6 tags); HNO3 is no AQI pollutant, and
  // PM10 is not attributed without tagged ACORS.
  CHECK(rows.size() == 2 * 2 * (7 + 6));
  std::map<std::string, std::map<std::string, std::string>> by;  // "zone date pollutant tag" -> row
  for (const auto& r : rows)
    by[r.at("zone") + " " + r.at("local_date") + " " + r.at("pollutant") + " " + r.at("tag")] = r;
  const auto value = [&](const std::string& key, const std::string& col) {
    REQUIRE(by.count(key) == 1);
    return by[key].at(col);
  };
  // West, 2026-07-15, daily-mean PM2.5 100 ug m-3 (AQI 137).
  CHECK(value("West 2026-07-15 PM2.5 west_industry", "contribution") == "45.000");
  CHECK(value("West 2026-07-15 PM2.5 west_industry", "percent") == "45.00");
  CHECK(value("West 2026-07-15 PM2.5 west_industry", "source_zone") == "West");
  CHECK(value("West 2026-07-15 PM2.5 west_industry", "components") == "ASO4+ANO3");
  CHECK(value("West 2026-07-15 PM2.5 west_industry", "total") == "100.000");
  CHECK(value("West 2026-07-15 PM2.5 west_industry", "aqi") == "137");
  CHECK(value("West 2026-07-15 PM2.5 west_industry", "primary") == "PM2.5_24h");
  CHECK(value("West 2026-07-15 PM2.5 east_traffic", "contribution") == "5.000");
  CHECK(value("West 2026-07-15 PM2.5 other", "contribution") == "15.000");
  CHECK(value("West 2026-07-15 PM2.5 boundary", "contribution") == "25.000");
  CHECK(value("West 2026-07-15 PM2.5 power_box", "contribution") == "0.000");
  CHECK(value("West 2026-07-15 PM2.5 untagged", "contribution") == "10.000");
  CHECK(value("West 2026-07-15 PM2.5 untagged", "components") == "ANH4+AEC+APOA+AOTHR+ASOA");
  CHECK(value("East 2026-07-15 PM2.5 east_traffic", "contribution") == "30.000");
  CHECK(value("East 2026-07-15 PM2.5 east_traffic", "percent") == "60.00");
  CHECK(value("East 2026-07-16 PM2.5 boundary", "contribution") == "10.000");
  CHECK(value("East 2026-07-16 PM2.5 other", "contribution") == "4.000");
  CHECK(value("East 2026-07-16 PM2.5 untagged", "contribution") == "6.000");
  // MDA8 O3, West 2026-07-15: window 10:00-18:00, 57.5 ppb; west_industry 20 ppb = 34.78 %.
  CHECK(value("West 2026-07-15 O3 west_industry", "statistic") == "MDA8");
  CHECK(value("West 2026-07-15 O3 west_industry", "window_local") == "10:00-18:00");
  CHECK(value("West 2026-07-15 O3 west_industry", "contribution_ppb") == "20.000");
  CHECK(value("West 2026-07-15 O3 west_industry", "total_ppb") == "57.500");
  CHECK(value("West 2026-07-15 O3 west_industry", "percent") == "34.78");
  CHECK(value("West 2026-07-15 O3 other", "contribution_ppb") == "7.500");
  CHECK(value("West 2026-07-15 O3 boundary", "contribution_ppb") == "30.000");
  CHECK(value("West 2026-07-15 O3 west_industry", "units") == "ug m-3");
  // ug m-3 at 298.15 K and 1013.25 hPa: 20 ppb * 47.997 / 24.4654.
  CHECK(std::stod(value("West 2026-07-15 O3 west_industry", "contribution")) ==
        Approx(20.0 * 47.997 / k_molar_volume_l_mol).margin(1e-3));
  CHECK(value("East 2026-07-15 O3 boundary", "window_local") == "00:00-08:00");  // ties: the first window
  CHECK(value("East 2026-07-15 O3 boundary", "percent") == "100.00");
  CHECK(value("West 2026-07-16 O3 east_traffic", "contribution_ppb") == "8.000");
  CHECK(value("West 2026-07-16 O3 east_traffic", "total_ppb") == "33.000");
  CHECK(by.count("West 2026-07-15 O3 untagged") == 0);  // O3 is tagged whole

  // Every zone, day and pollutant: the contributions (with the untagged share) sum to the total
  // and the percentages to 100 (printed to 3 and 2 decimals).
  std::map<std::string, std::pair<double, double>> sums;
  std::map<std::string, double> totals;
  for (const auto& r : rows) {
    const auto key = r.at("zone") + " " + r.at("local_date") + " " + r.at("pollutant");
    sums[key].first += std::stod(r.at("contribution"));
    sums[key].second += std::stod(r.at("percent"));
    totals[key] = std::stod(r.at("total"));
  }
  CHECK(sums.size() == 8);
  for (const auto& [key, s] : sums) {
    INFO(key);
    CHECK(s.first == Approx(totals[key]).margin(5e-3));
    CHECK(s.second == Approx(100.0).margin(0.05));
  }

  // Source-receptor matrix of 2026-07-15: zone-based tags first; each column sums to the total.
  const auto m = slurp(out + "/source_receptor_PM25_2026-07-15.csv");
  CHECK(m.rfind("source_tag,source_zone,units,West,East\n"
                "west_industry,West,ug m-3,45.000,5.000\n"
                "east_traffic,East,ug m-3,5.000,30.000\n"
                "power_box,,ug m-3,0.000,0.000\n"
                "other,,ug m-3,15.000,5.000\n"
                "boundary,,ug m-3,25.000,0.000\n"
                "initial,,ug m-3,0.000,0.000\n"
                "untagged,,ug m-3,10.000,10.000\n"
                "total,,ug m-3,100.000,50.000\n",
                0) == 0);
  for (const char* f : {"source_receptor_PM25_2026-07-16.csv", "source_receptor_O3_2026-07-15.csv",
                        "source_receptor_O3_2026-07-16.csv"})
    CHECK(fs::exists(out + "/" + f));
  CHECK_FALSE(fs::exists(out + "/source_receptor_PM25_2026-07-17.csv"));

  // The report leads with the AQI > 100 zone-day and its largest contributors.
  const auto rep = slurp(out + "/attribution_report.md");
  const auto lead = rep.find(
      "- On 2026-07-15 West AQI 137 (PM2.5): 45 % west_industry, 25 % boundary, 15 % other, 10 % untagged "
      "components (ANH4+AEC+APOA+AOTHR+ASOA), 5 % east_traffic; PM2.5 100.0 ug m-3.");
  REQUIRE(lead != std::string::npos);
  const auto others = rep.find("## Other days");
  REQUIRE(others != std::string::npos);
  CHECK(lead < others);
  CHECK(rep.find("On 2026-07-15 East") == std::string::npos);  // AQI <= 100: among the other days
  CHECK(rep.find("- 2026-07-15 East AQI ", others) != std::string::npos);
  CHECK(rep.find("- 2026-07-16 West AQI ", others) != std::string::npos);
  CHECK(rep.find("O3 MDA8 ") != std::string::npos);
  CHECK(rep.find("| PM2.5 | 24h mean | ASO4, ANO3 | ANH4, AEC, APOA, AOTHR, ASOA | mean ") != std::string::npos);
  CHECK(rep.find("| west_industry | West | zone 'West' of zones.geojson") != std::string::npos);
  CHECK(rep.find("- `O3_contrib`: ratio step (test)") != std::string::npos);
  CHECK(rep.find("| O3 | MDA8 | O3 | - | none; the tags close to the bulk to ") != std::string::npos);
  CHECK(rep.find("PM2.5 100.0 ug m-3.") < rep.find("O3 MDA8 "));
  for (const auto& e : fs::recursive_directory_iterator(out)) CHECK(e.path().extension() != ".part");
}

TEST_CASE("lantian attribute: --species, the whole domain, a run without PM25", "[attribute]") {
  const Case c = make_case("products_attribute_species");
  const auto out = c.dir + "/out";
  REQUIRE(run({"attribute", "-i", c.run_nc, "--zones", c.zones, "-o", out, "-q", "--species", "O3"}) == 0);
  const auto rows = read_table(out + "/attribution_by_zone_day.csv");
  CHECK(rows.size() == 2 * 2 * 6);
  for (const auto& r : rows) CHECK(r.at("pollutant") == "O3");
  CHECK_FALSE(fs::exists(out + "/source_receptor_PM25_2026-07-15.csv"));

  // No zones: one zone "domain", the mean of 3 West and 3 East columns.
  REQUIRE(run({"attribute", "-i", c.run_nc, "-o", out + "/d", "-q", "--species", "PM2.5"}) == 0);
  const auto d = read_table(out + "/d/attribution_by_zone_day.csv");
  for (const auto& r : d)
    if (r.at("local_date") == "2026-07-15" && r.at("tag") == "west_industry") {
      CHECK(r.at("zone") == "domain");
      CHECK(r.at("total") == "75.000");
      CHECK(r.at("contribution") == "25.000");
    }

  // Without PM25 in the output the total is the tagged components' sum and the untagged share unknown.
  lantian::test::SyntheticGrid g;
  g.species = {"SO2", "NO2", "CO", "O3", "PM10"};
  lantian::test::write_attributed_output(c.dir + "/nopm.nc", g);
  REQUIRE(run({"attribute", "-i", c.dir + "/nopm.nc", "--zones", c.zones, "-o", out + "/n", "-q"}) == 0);
  for (const auto& r : read_table(out + "/n/attribution_by_zone_day.csv"))
    if (r.at("zone") == "West" && r.at("local_date") == "2026-07-15" && r.at("pollutant") == "PM2.5") {
      CHECK(r.at("total") == "90.000");
      if (r.at("tag") == "untagged") CHECK(r.at("contribution") == "NA");
    }
  CHECK(slurp(out + "/n/attribution_report.md").find("unknown: no PM25 in the output") != std::string::npos);

  // A run of zeros: every total is 0, the percentages undefined (NA; no division by zero).
  lantian::test::write_attributed_output(c.dir + "/zero.nc", lantian::test::SyntheticGrid{},
                                         {"ASO4", "ANO3", "O3", "HNO3"}, 0.0);
  REQUIRE(run({"attribute", "-i", c.dir + "/zero.nc", "--zones", c.zones, "-o", out + "/z", "-q"}) == 0);
  const auto z = read_table(out + "/z/attribution_by_zone_day.csv");
  CHECK(z.size() == 2 * 2 * (7 + 6));
  for (const auto& r : z) {
    CHECK(r.at("total") == "0.000");
    CHECK(r.at("percent") == "NA");
  }
}

TEST_CASE("lantian attribute: errors and partial input", "[attribute]") {
  const Case c = make_case("products_attribute_errors");
  const auto out = c.dir + "/out";
  lantian::test::write_attributed_output(c.dir + "/plain.nc", lantian::test::SyntheticGrid{}, {});
  CHECK_THROWS_WITH(run({"attribute", "-i", c.dir + "/plain.nc", "-o", out, "-q"}),
                    Catch::Contains("plain.nc") && Catch::Contains("run has no attribution tags") &&
                        Catch::Contains("attribution.tags_file"));
  CHECK_THROWS_WITH(
      run({"attribute", "-i", c.run_nc, "-o", out, "-q", "--species", "SO2"}),
      Catch::Contains("run.nc") && Catch::Contains("SO2_contrib") && Catch::Contains("ANO3, ASO4, HNO3, O3"));
  CHECK_THROWS_WITH(run({"attribute", "-i", c.run_nc, "-o", out, "-q", "--species", "PM10,XYZ"}),
                    Catch::Contains("--species") && Catch::Contains("'XYZ'"));
  CHECK_THROWS_WITH(run({"attribute", "-i", c.run_nc, "-o", out, "-q", "--zones", c.dir + "/none.geojson"}),
                    Catch::Contains("none.geojson"));
  CHECK_THROWS_WITH(run({"attribute", "-o", out}), Catch::Contains("lantian attribute") && Catch::Contains("input"));
  CHECK(run({"attribute", "--help"}) == 0);
  fs::copy_file(c.run_nc, c.dir + "/run.nc.part", fs::copy_options::overwrite_existing);
  CHECK_THROWS_WITH(
      run({"attribute", "-i", c.dir + "/run.nc.part", "-o", out, "-q"}),
      Catch::Contains("run.nc.part") && Catch::Contains("partial model output") && Catch::Contains("--allow-partial"));
  CHECK_FALSE(fs::exists(out));  // nothing written by the refused commands
  REQUIRE(run({"attribute", "-i", c.dir + "/run.nc.part", "-o", out, "-q", "--allow-partial"}) == 0);
  for (const char* f : {"attribution_by_zone_day.csv", "attribution_report.md", "source_receptor_O3_2026-07-15.csv"})
    CHECK(slurp(out + "/" + f).rfind("# PARTIAL INPUT: ", 0) == 0);
}
