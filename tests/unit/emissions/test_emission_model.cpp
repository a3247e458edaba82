// EmissionModel: units of the rates, conservation through temporal allocation and speciation,
// the scenario doing exactly what it says (report and rates), and bad input.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "emis_test_case.hpp"
#include "emissions/profiles/local_time.hpp"
#include "solver/core/error.hpp"

using namespace lantian;
using namespace lantian::emis;

using test::serial;

namespace {
struct ReportRow {
  double base, scen;
};
std::map<std::string, ReportRow> read_report(const std::string& path) {
  std::map<std::string, ReportRow> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("date,", 0) == 0) continue;
    std::vector<std::string> c;
    std::string cell;
    std::istringstream is(line);
    while (std::getline(is, cell, ',')) c.push_back(cell);
    rows[c[0] + "|" + c[1] + "|" + c[2] + "|" + c[3]] = {std::stod(c[5]), std::stod(c[6])};
  }
  return rows;
}
}  // namespace

TEST_CASE("scenario: exactly the requested change in zone, sector, species and hours", "[emis][scenario]") {
  const auto dir = test::scratch_dir("emis_scenario");
  const auto g = test::yantai_grid();
  const auto d = serial(g);
  const auto sp = test::cb6_species();
  const EmissionModel base(test::parse_case(test::emissions_case(dir, false)), g, d, sp, 10);
  const EmissionModel scen(test::parse_case(test::emissions_case(dir, true)), g, d, sp, 10);
  REQUIRE(scen.rules().size() == 1);
  // Local days 2017-07-03 and 07-04 (Monday, Tuesday): UTC 07-02 16:00 + 48 h.
  const UtcTime start = *UtcTime::parse("2017-07-02T16:00:00Z");
  scen.write_report(dir + "/report.csv", start, 48 * 3600.0);
  const auto rows = read_report(dir + "/report.csv");
  // The share of industry's day in local hours 08-20 from the shipped MEIC table.
  const auto tab = read_profile_table(test::source_dir() + "/configs/profiles/meic_diurnal_local.csv", 24);
  double day = 0.0, window = 0.0;
  for (int h = 0; h < 24; ++h) {
    day += tab.rows.at("industry")[h];
    if (h >= 8 && h < 20) window += tab.rows.at("industry")[h];
  }
  const double expected = 1.0 - 0.3 * window / day;
  REQUIRE(rows.count("2017-07-03|Longkou|industry|NOx"));
  const auto& lk = rows.at("2017-07-03|Longkou|industry|NOx");
  CHECK(lk.base > 0.0);
  // 1e-9: the report prints 10 significant digits.
  CHECK(lk.scen / lk.base == Approx(expected).epsilon(1e-9));
  // No change anywhere else: other days, sectors, species, zones.
  for (const auto& [k, r] : rows) {
    if (k == "2017-07-03|Longkou|industry|NOx" || k == "2017-07-03|domain|industry|NOx") continue;
    INFO(k);
    CHECK(r.scen == r.base);
  }
  // The domain total changes by exactly Longkou's change.
  const auto& dom = rows.at("2017-07-03|domain|industry|NOx");
  // (The report's 10 significant digits of the domain totals limit the difference to ~1e-9
  // of the domain base.)
  CHECK(dom.base - dom.scen == Approx(lk.base - lk.scen).margin(1e-9 * dom.base));
  // The report names the rule.
  std::ifstream in(dir + "/report.csv");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.find("Longkou industry NOx -30% 08-20 h") != std::string::npos);

  // Rates at 10:00 local on 07-03 (02 UTC): NO and NO2 are 0.7 x base in Longkou's cells from
  // industry; compare scenario - base with the industry part only, via a power-only check:
  // SO2 is untouched everywhere.
  const auto met = test::simple_met(d.nx, d.ny, 10);
  std::vector<grid::Field3Dd> eb, es;
  const double t10 = 10 * 3600.0;  // start + 10 h = 07-03 02 UTC = 10 local
  base.rates(t10, start, met, eb);
  scen.rates(t10, start, met, es);
  const int no = sp.index("NO"), so2 = sp.index("SO2");
  const auto zones = read_zones_geojson(test::source_dir() + "/configs/zones/yantai_districts.geojson");
  const Zone& longkou = find_zone(zones, "Longkou", "t");
  int inside = 0;
  for (int j = 0; j < d.ny; ++j)
    for (int i = 0; i < d.nx; ++i) {
      CHECK(es[so2](i, j, 0) == eb[so2](i, j, 0));
      const grid::LatLon ll = g.latlon(i, j);
      if (!zone_contains(longkou, ll.lon_deg, ll.lat_deg)) {
        CHECK(es[no](i, j, 0) == eb[no](i, j, 0));
      } else {
        ++inside;
        CHECK(es[no](i, j, 0) < eb[no](i, j, 0));
      }
    }
  CHECK(inside > 10);
  // At 22 local (14 UTC) the rule is off: identical.
  base.rates(22 * 3600.0, start, met, eb);
  scen.rates(22 * 3600.0, start, met, es);
  for (int j = 0; j < d.ny; ++j)
    for (int i = 0; i < d.nx; ++i) CHECK(es[no](i, j, 0) == eb[no](i, j, 0));
}

TEST_CASE("rates: units and conservation through profiles and speciation", "[emis][model]") {
  const auto dir = test::scratch_dir("emis_rates");
  const auto g = test::yantai_grid();
  const auto d = serial(g);
  const auto sp = test::cb6_species();
  const EmissionModel m(test::parse_case(test::emissions_case(dir, false)), g, d, sp, 10);
  // Regridding: the inventory lies inside the grid? Each check reports the covered part.
  for (const auto& c : m.regrid_checks()) CHECK(c.model_total == Approx(c.covered_total).epsilon(1e-12));
  // Integrate NO2-equivalent NOx (NO + NO2 moles * 46.0055) over the hours of local July and
  // compare with the inventory's share: area part = covered amount * 31/365 (no monthly
  // profile: months by days), points = 3400 t/yr * 31/365. (A single week is not 7/31 of the
  // month: July 2017 has five weekends, and the weekly profile is normalised over the month.)
  const auto met = test::simple_met(d.nx, d.ny, 10);
  std::vector<grid::Field3Dd> e;
  const int no = sp.index("NO"), no2 = sp.index("NO2");
  double mol = 0.0;
  UtcTime start = *UtcTime::parse("2017-06-30T16:00:00Z");  // 2017-07-01 00 local
  for (int h = 0; h < 31 * 24; ++h) {
    m.rates(h * 3600.0, start, met, e);
    for (int k = 0; k < 10; ++k)
      for (int j = 0; j < d.ny; ++j)
        for (int i = 0; i < d.nx; ++i) mol += (e[no](i, j, k) + e[no2](i, j, k)) * 3600.0;
  }
  double nox_year_g = 3400e6;  // points
  for (const auto& c : m.regrid_checks())
    if (c.species == "NOx") nox_year_g += c.model_total;
  // 5e-8: the table's NO and NO2 factors (0.9/46.0055, 0.1/46.0055) carry 8 significant
  // digits (the sum of ~1e6 terms adds ~1e-12).
  CHECK(mol * 46.0055 == Approx(nox_year_g * 31.0 / 365.0).epsilon(5e-8));
  start = *UtcTime::parse("2017-07-02T16:00:00Z");
  // Point source plume: the Longkou plant's NOx is above the surface layer.
  m.rates(10 * 3600.0, start, met, e);
  double above = 0.0;
  for (const auto& p : m.points())
    if (p.src.id == "longkou_pp")
      for (int k = 1; k < 10; ++k) above += e[no](p.i, p.j, k);
  CHECK(above > 0.0);
}

TEST_CASE("rates on the fields of the last call: the bits of fresh fields, as the plume moves", "[emis][model]") {
  // rates(..., true) resets only the lowest level and the point sources' columns of the fields
  // it filled in the last call. Calls alternate between two met states whose plumes reach
  // different top levels, so a stale plume level would survive if the columns were not reset;
  // every call must give, bit for bit, what fresh fields give. Without the flag, fields filled
  // by someone else are zeroed whole.
  const auto dir = test::scratch_dir("emis_reuse");
  const auto g = test::yantai_grid();
  const auto d = serial(g);
  const auto sp = test::cb6_species();
  const EmissionModel m(test::parse_case(test::emissions_case(dir, false)), g, d, sp, 10);
  const auto stable = test::simple_met(d.nx, d.ny, 10);
  auto unstable = stable;  // a steep lapse rate and a light wind: the plume rises higher
  for (int j = -2; j < d.ny + 2; ++j)
    for (int i = -2; i < d.nx + 3; ++i)
      for (int k = 0; k < 10; ++k) {
        unstable.u_face_m_s(i, j, k) = 0.5;
        if (i < d.nx + 2) unstable.temp_k(i, j, k) = 305.0 - 0.0098 * unstable.zmid_m(i, j, k);
      }
  const UtcTime start = *UtcTime::parse("2017-07-02T16:00:00Z");
  const int no = sp.index("NO");
  auto top_level = [&](const std::vector<grid::Field3Dd>& e) {
    int top = -1;
    for (const auto& p : m.points())
      for (int k = 0; k < 10; ++k)
        if (e[no](p.i, p.j, k) != 0.0) top = std::max(top, k);
    return top;
  };
  auto same_bits = [](const std::vector<grid::Field3Dd>& a, const std::vector<grid::Field3Dd>& b) {
    if (a.size() != b.size()) return false;
    for (size_t n = 0; n < a.size(); ++n)
      if (a[n].size() != b[n].size() || std::memcmp(a[n].data(), b[n].data(), a[n].size() * sizeof(double)) != 0)
        return false;
    return true;
  };
  std::vector<grid::Field3Dd> reused;
  std::set<int> tops;
  for (int h = 0; h < 12; ++h) {
    const auto& met = h % 2 ? stable : unstable;
    m.rates(h * 3600.0, start, met, reused, h > 0);
    std::vector<grid::Field3Dd> fresh;
    m.rates(h * 3600.0, start, met, fresh);
    INFO("hour " << h);
    CHECK(same_bits(reused, fresh));
    tops.insert(top_level(fresh));
  }
  CHECK(tops.size() >= 2);  // the plume's top level changed: stale levels were possible
  // Someone else's fields, all ones: zeroed whole before the rates go in.
  std::vector<grid::Field3Dd> foreign(reused.size());
  for (size_t n = 0; n < foreign.size(); ++n) foreign[n] = grid::Field3Dd(reused[n].extents(), 1.0);
  m.rates(3 * 3600.0, start, stable, foreign);
  std::vector<grid::Field3Dd> fresh;
  m.rates(3 * 3600.0, start, stable, fresh);
  CHECK(same_bits(foreign, fresh));
}

TEST_CASE("demo inventory and shipped scenarios read through the model's path", "[emis][demo]") {
  if (std::system("/usr/bin/python3 -c 'import numpy, netCDF4' 2>/dev/null") != 0) {
    WARN("SKIPPED: /usr/bin/python3 with numpy and netCDF4 not available");
    return;
  }
  const auto dir = test::scratch_dir("emis_demo");
  const std::string cmd =
      "/usr/bin/python3 " + test::source_dir() + "/scripts/make_demo_inventory.py " + dir + " >/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  const std::string root = test::source_dir() + "/configs/";
  std::string text = "[emissions]\ninventories = [\"" + dir +
                     "/demo_inventory_yantai.nc\"]\n"
                     "point_sources = [\"" +
                     dir +
                     "/demo_points_yantai.csv\"]\n"
                     "profiles_weekly = [\"" +
                     root +
                     "profiles/meic_weekly.csv\"]\n"
                     "profiles_diurnal = [\"" +
                     root +
                     "profiles/meic_diurnal_local.csv\"]\n"
                     "speciation = [\"" +
                     root +
                     "speciation/cb6_meic.csv\"]\n"
                     "report_zones = [\"" +
                     root +
                     "zones/yantai_districts.geojson\"]\n"
                     "scenarios = [\"" +
                     root + "scenarios/longkou_industry_nox.toml\", \"" + root +
                     "scenarios/heavy_pollution_orange.toml\", \"" + root + "scenarios/meic_control_example.csv\"]\n";
  const auto g = test::yantai_grid(60, 50);
  const auto d = serial(g);
  const auto sp = test::cb6_species();
  const EmissionModel m(test::parse_case(text), g, d, sp, 10);
  CHECK(m.rules().size() == 5);
  CHECK(m.points().size() == 7);
  // The demo's NOx (89 kt/yr, 85 % of power and 25 % of industry in stacks): the area part on
  // the grid is what lies inside it.
  double nox_area = 0.0;
  for (const auto& c : m.regrid_checks())
    if (c.species == "NOx") {
      CHECK(c.model_total == Approx(c.covered_total).epsilon(1e-12));
      nox_area += c.source_total;
    }
  CHECK(nox_area == Approx((18 * 0.15 + 35 * 0.75 + 5 + 30 + 1) * 1e9).epsilon(1e-12));
  m.write_report(dir + "/report.csv", *UtcTime::parse("2017-07-02T16:00:00Z"), 86400.0);
  const auto rows = read_report(dir + "/report.csv");
  CHECK(rows.count("2017-07-03|Longkou|industry|NOx") == 1);
  // Every demo stack lies in a district, those named after one in that district (so that a
  // district's rule reaches its stacks), and no run warning says otherwise.
  const auto zones = read_zones_geojson(root + "zones/yantai_districts.geojson");
  for (const auto& p : m.points()) {
    INFO(p.src.id);
    int in = 0;
    for (const auto& z : zones) {
      std::string lower = z.name;
      for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const bool contains = zone_contains(z, p.src.lon_deg, p.src.lat_deg);
      in += contains;
      if (p.src.id.rfind(lower + "_", 0) == 0) CHECK(contains);
    }
    CHECK(in == 1);
  }
  for (const auto& w : m.warnings()) CHECK(w.find("lies in no zone") == std::string::npos);
}

TEST_CASE("scenario with a mask variable on the model grid", "[emis][scenario]") {
  const auto dir = test::scratch_dir("emis_mask");
  const auto g = test::yantai_grid();
  const auto d = serial(g);
  const auto sp = test::cb6_species();
  {
    netCDF::NcFile f(dir + "/mask.nc", netCDF::NcFile::replace);
    auto y = f.addDim("y", g.ny), x = f.addDim("x", g.nx);
    auto v = f.addVar("west", netCDF::ncFloat, {y, x});
    std::vector<float> m(static_cast<size_t>(g.nx * g.ny));
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i) m[static_cast<size_t>(j * g.nx + i)] = i < g.nx / 2 ? 1.0f : 0.0f;
    v.putVar(m.data());
  }
  std::ofstream(dir + "/mask.toml") << "[[rule]]\nname = \"west off\"\nmask = \"" << dir
                                    << "/mask.nc:west\"\nsectors = \"all\"\nspecies = \"all\"\nfactor = 0.0\n";
  std::string text = test::emissions_case(dir, false);
  text += "scenarios = [\"" + dir + "/mask.toml\"]\n";
  const EmissionModel base(test::parse_case(test::emissions_case(dir, false)), g, d, sp, 10);
  const EmissionModel scen(test::parse_case(text), g, d, sp, 10);
  const auto met = test::simple_met(d.nx, d.ny, 10);
  std::vector<grid::Field3Dd> eb, es;
  base.rates(10 * 3600.0, *UtcTime::parse("2017-07-02T16:00:00Z"), met, eb);
  scen.rates(10 * 3600.0, *UtcTime::parse("2017-07-02T16:00:00Z"), met, es);
  const int no = sp.index("NO");
  double west_base = 0.0;
  for (int k = 0; k < 10; ++k)
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i) {
        if (i < g.nx / 2) {
          CHECK(es[no](i, j, k) == 0.0);
          west_base += eb[no](i, j, k);
        } else {
          CHECK(es[no](i, j, k) == eb[no](i, j, k));
        }
      }
  CHECK(west_base > 0.0);
}

namespace {
/// The test case with its point sources replaced by `points` and the scenario files given.
std::string case_with(const std::string& dir, const std::string& points, const std::vector<std::string>& scenarios,
                      const std::string& extra = "") {
  std::string text = test::emissions_case(dir, false);
  const std::string key = "point_sources = [\"";
  const auto a = text.find(key), b = text.find("\"]\n", a);
  text.replace(a, b + 3 - a, key + points + "\"]\n");
  if (!scenarios.empty()) {
    text += "scenarios = [";
    for (size_t n = 0; n < scenarios.size(); ++n) text += (n ? ", \"" : "\"") + scenarios[n] + "\"";
    text += "]\n";
  }
  return text + extra;
}
std::string error_of(const std::string& text, const grid::HorizontalGrid& g) {
  try {
    const EmissionModel m(test::parse_case(text), g, serial(g), test::cb6_species(), 10);
  } catch (const lantian::Error& e) {
    return e.what();
  }
  return "";
}
std::string districts() { return test::source_dir() + "/configs/zones/yantai_districts.geojson"; }
}  // namespace

TEST_CASE("report: a zoned rule on a point source shows exactly its factor in that zone", "[emis][report]") {
  const auto dir = test::scratch_dir("emis_point_zone");
  const auto g = test::yantai_grid();
  const auto zones = read_zones_geojson(districts());
  const Zone& longkou = find_zone(zones, "Longkou", "t");
  // A stack inside Longkou whose cell centre lies in another district: the report must follow
  // the stack's own location, as the rule does.
  double lon = 0.0, lat = 0.0;
  std::string centre_zone;
  for (double y = 37.40; y < 37.85 && centre_zone.empty(); y += 0.002)
    for (double x = 120.20; x < 120.60 && centre_zone.empty(); x += 0.002) {
      if (!zone_contains(longkou, x, y)) continue;
      const grid::XY xy = g.proj.forward(grid::LatLon{y, x});
      const int i = static_cast<int>(std::floor((xy.x - g.x0) / g.dx + 0.5));
      const int j = static_cast<int>(std::floor((xy.y - g.y0) / g.dy + 0.5));
      const grid::LatLon c = g.latlon(i, j);
      for (const auto& z : zones)
        if (z.name != "Longkou" && zone_contains(z, c.lon_deg, c.lat_deg)) {
          lon = x;
          lat = y;
          centre_zone = z.name;
        }
    }
  REQUIRE_FALSE(centre_zone.empty());
  std::ofstream(dir + "/edge.csv") << "id,lon,lat,height_m,diameter_m,exit_temp_k,exit_velocity_m_s,sector,SO2[t/yr]\n"
                                   << std::setprecision(10) << "edge_stack," << lon << "," << lat
                                   << ",100,3,400,15,power,1000\n";
  std::ofstream(dir + "/cut.toml") << "[[rule]]\nname = \"Longkou power SO2 -75%\"\nzone = \"Longkou\"\n"
                                      "zones_file = \""
                                   << districts()
                                   << "\"\nsectors = [\"power\"]\n"
                                      "species = [\"SO2\"]\nfactor = 0.25\n";
  const EmissionModel m(test::parse_case(case_with(dir, dir + "/edge.csv", {dir + "/cut.toml"})), g, serial(g),
                        test::cb6_species(), 10);
  m.write_report(dir + "/report.csv", *UtcTime::parse("2017-07-02T16:00:00Z"), 86400.0);
  const auto rows = read_report(dir + "/report.csv");
  // Power SO2 comes from the stack only: Longkou shows exactly the rule's factor (1e-9: the
  // report's 10 significant digits), the district of the stack's cell centre nothing.
  REQUIRE(rows.count("2017-07-03|Longkou|power|SO2"));
  const auto& lk = rows.at("2017-07-03|Longkou|power|SO2");
  CHECK(lk.base > 0.0);
  CHECK(lk.scen / lk.base == Approx(0.25).epsilon(1e-9));
  CHECK(rows.count("2017-07-03|" + centre_zone + "|power|SO2") == 0);
  const auto& dom = rows.at("2017-07-03|domain|power|SO2");
  CHECK(dom.scen / dom.base == Approx(0.25).epsilon(1e-9));
}

TEST_CASE("report: partial days carry the hours they cover", "[emis][report]") {
  const auto dir = test::scratch_dir("emis_partial");
  const auto g = test::yantai_grid();
  const EmissionModel m(test::parse_case(test::emissions_case(dir, false)), g, serial(g), test::cb6_species(), 10);
  // 30 h from local midnight of 07-03: 07-03 complete, 07-04 6 hours (00-06 local).
  m.write_report(dir + "/report.csv", *UtcTime::parse("2017-07-02T16:00:00Z"), 30 * 3600.0);
  std::ifstream in(dir + "/report.csv");
  std::string line;
  std::map<std::string, std::set<std::string>> covered;  // date -> hours_covered values
  bool header = false;
  while (std::getline(in, line)) {
    if (line.rfind("date,", 0) == 0) {
      header = true;
      CHECK(line == "date,zone,sector,species,unit,base,scenario,change_percent,hours_covered");
    }
    if (line.empty() || line[0] == '#' || line.rfind("date,", 0) == 0) continue;
    covered[line.substr(0, 10)].insert(line.substr(line.rfind(',') + 1));
  }
  CHECK(header);
  CHECK(covered["2017-07-03"] == std::set<std::string>{"24"});
  CHECK(covered["2017-07-04"] == std::set<std::string>{"6"});
  // Written under a temporary name and renamed: nothing else is left in the directory.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename().string().find("report") != std::string::npos) ++files;
  CHECK(files == 1);
}

TEST_CASE("scenario rules naming what the case lacks are errors; rules selecting nothing warn",
          "[emis][scenario][errors]") {
  const auto dir = test::scratch_dir("emis_rule_names");
  const auto g = test::yantai_grid();
  const std::string pts = test::write_points(dir, false);
  auto toml = [&](const std::string& name, const std::string& body) {
    const std::string p = dir + "/" + name;
    std::ofstream(p) << "name = \"s\"\n[[rule]]\nname = \"first\"\nfactor = 0.9\n\n[[rule]]\nname = \"second\"\n"
                     << body;
    return p;
  };
  auto expect = [&](const std::string& scenario, const std::vector<std::string>& fragments) {
    const std::string msg = error_of(case_with(dir, pts, {scenario}), g);
    INFO(msg);
    REQUIRE_FALSE(msg.empty());
    for (const auto& f : fragments) CHECK(msg.find(f) != std::string::npos);
  };
  // The second rule starts on line 6 of each file.
  expect(toml("sector.toml", "sectors = [\"industri\"]\nfactor = 0.5\n"),
         {"sector.toml:6", "rule #2 'second'", "unknown sector 'industri'"});
  expect(toml("species.toml", "species = [\"NOX2\"]\nfactor = 0.5\n"),
         {"species.toml:6", "rule #2 'second'", "unknown species 'NOX2'"});
  expect(toml("big.toml", "factor = 1e7\n"),
         {"big.toml:6", "rule #2 'second'", "factor 1e+07 is outside [0, 10]", "emissions.max_scenario_factor"});
  expect(toml("negative.toml", "factor = -0.5\n"), {"negative.toml:6", "'factor' must be finite and >= 0"});
  expect(toml("zone.toml", "zone = \"Atlantis\"\nzones_file = \"" + districts() + "\"\nfactor = 0.5\n"),
         {"zone.toml:6", "rule #2 'second'", "unknown zone 'Atlantis'", "yantai_districts.geojson"});
  {
    const std::string p = dir + "/syntax.toml";
    std::ofstream(p) << "[[rule]]\nname = \"x\"\nfactor = = 0.5\n";
    expect(p, {"syntax.toml:3", "TOML syntax error"});
  }
  // The bound is a key: 20 passes with max_scenario_factor = 50.
  CHECK(
      error_of(case_with(dir, pts, {toml("twenty.toml", "factor = 20\n")}, "max_scenario_factor = 50.0\n"), g).empty());
  CHECK_FALSE(error_of(case_with(dir, pts, {dir + "/twenty.toml"}), g).empty());
  // MEIC control files: the same checks, naming the row's line.
  auto csv = [&](const std::string& name, const std::string& row) {
    const std::string p = dir + "/" + name;
    std::ofstream(p) << "sector,province,year,month,species,factor\nindustry,37,2017,7,NOx,0.85\n" << row << "\n";
    return p;
  };
  expect(csv("c_sector.csv", "shipping,37,2017,7,NOx,0.5"), {"c_sector.csv:3", "rule #2", "unknown sector 'shipping'"});
  expect(csv("c_species.csv", "power,37,2017,7,Hg,0.5"), {"c_species.csv:3", "unknown species 'Hg'"});
  expect(csv("c_big.csv", "power,37,2017,7,SO2,70"), {"c_big.csv:3", "factor 70 is outside [0, 10]"});
  expect(csv("c_negative.csv", "power,37,2017,7,SO2,-0.1"), {"c_negative.csv:3", "'factor'", ">= 0"});
  expect(csv("c_text.csv", "power,37,2017,7,SO2,ten"), {"c_text.csv:3", "'factor'", "not a number: 'ten'"});
  // An alias's inventory name is accepted and selects the aliased sector.
  const std::string alias_rule = toml("alias.toml", "sectors = [\"A\"]\nspecies = [\"SO2\"]\nfactor = 0.5\n");
  const EmissionModel am(test::parse_case(case_with(dir, pts, {alias_rule}, "sector_aliases = [\"A=power\"]\n")), g,
                         serial(g), test::cb6_species(), 10);
  CHECK(am.rules()[1].sectors == std::set<std::string>{"power"});
  CHECK(am.rule_matches()[1]);

  // Known names that select nothing: a box outside the domain; power NMVOC (the case has
  // power and NMVOC, not together). Warnings, and zero rows in the report.
  const std::string none = dir + "/none.toml";
  std::ofstream(none)
      << "[[rule]]\nname = \"far box\"\nbox = [100.0, 30.0, 101.0, 31.0]\nsectors = [\"industry\"]\n"
         "species = [\"NOx\"]\nfactor = 0.5\n\n[[rule]]\nname = \"power NMVOC\"\nsectors = [\"power\"]\n"
         "species = [\"NMVOC\"]\nfactor = 0.5\n\n[[rule]]\nname = \"Longkou NOx\"\nzone = \"Longkou\"\n"
         "zones_file = \""
      << districts() << "\"\nspecies = [\"NOx\"]\nfactor = 0.5\n";
  const EmissionModel m(test::parse_case(case_with(dir, pts, {none})), g, serial(g), test::cb6_species(), 10);
  REQUIRE(m.rule_matches().size() == 3);
  CHECK_FALSE(m.rule_matches()[0]);
  CHECK_FALSE(m.rule_matches()[1]);
  CHECK(m.rule_matches()[2]);
  int warned = 0;
  for (const auto& w : m.warnings())
    if (w.find("selects no emissions") != std::string::npos) ++warned;
  CHECK(warned == 2);
  m.write_report(dir + "/report.csv", *UtcTime::parse("2017-07-02T16:00:00Z"), 86400.0);
  const auto rows = read_report(dir + "/report.csv");
  REQUIRE(rows.count("2017-07-03|far box|industry|NOx"));
  CHECK(rows.at("2017-07-03|far box|industry|NOx").base == 0.0);
  REQUIRE(rows.count("2017-07-03|domain|power|NMVOC"));
  CHECK(rows.at("2017-07-03|domain|power|NMVOC").base == 0.0);
  CHECK(rows.at("2017-07-03|domain|power|NMVOC").scen == 0.0);
}

TEST_CASE("point sources outside every zone of a zoned rule's file are reported", "[emis][scenario]") {
  const auto dir = test::scratch_dir("emis_point_nozone");
  const auto g = test::yantai_grid();
  // In the Bohai, inside the model domain, east of the Changdao islands.
  std::ofstream(dir + "/sea.csv") << "id,lon,lat,height_m,diameter_m,exit_temp_k,exit_velocity_m_s,sector,SO2[t/yr]\n"
                                     "platform,120.9,38.0,30,2,400,10,power,100\n"
                                     "longkou_pp,120.45,37.65,180,6,420,20,power,3000\n";
  const EmissionModel m(test::parse_case(case_with(dir, dir + "/sea.csv", {test::write_scenario(dir)})), g, serial(g),
                        test::cb6_species(), 10);
  int platform = 0, longkou = 0;
  for (const auto& w : m.warnings()) {
    if (w.find("lies in no zone of") == std::string::npos) continue;
    platform += w.find("'platform'") != std::string::npos && w.find("sea.csv:2") != std::string::npos &&
                w.find("yantai_districts.geojson") != std::string::npos;
    longkou += w.find("longkou_pp") != std::string::npos;
  }
  CHECK(platform == 1);
  CHECK(longkou == 0);
}

TEST_CASE("the report path is checked before the run", "[emis][report][errors]") {
  const auto dir = test::scratch_dir("emis_report_path");
  const auto g = test::yantai_grid();
  std::ofstream(dir + "/a_file") << "not a directory\n";
  const std::string pts = test::write_points(dir, false);
  const std::string msg = error_of(case_with(dir, pts, {}, "report = \"" + dir + "/a_file/report.csv\"\n"), g);
  INFO(msg);
  CHECK(msg.find("emissions.report") != std::string::npos);
  CHECK(msg.find(dir + "/a_file/report.csv") != std::string::npos);
  CHECK(msg.find("cannot create the directory") != std::string::npos);
  CHECK(error_of(case_with(dir, pts, {}, "report = \"" + dir + "\"\n"), g).find("names a directory") !=
        std::string::npos);
  // A writable path: the directory is made at construction; the probe leaves nothing behind.
  const EmissionModel m(test::parse_case(case_with(dir, pts, {}, "report = \"" + dir + "/new/deeper/report.csv\"\n")),
                        g, serial(g), test::cb6_species(), 10);
  CHECK(std::filesystem::is_directory(dir + "/new/deeper"));
  CHECK(std::filesystem::is_empty(dir + "/new/deeper"));
}
