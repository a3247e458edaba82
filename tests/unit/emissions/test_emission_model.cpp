// EmissionModel: units of the rates, conservation through temporal allocation and speciation,
// the scenario doing exactly what it says (report and rates), and bad input.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "emis_test_case.hpp"
#include "emissions/profiles/civil_time.hpp"
#include "solver/core/error.hpp"

using namespace lantian;
using namespace lantian::emis;

namespace {
parallel::Decomposition serial(const grid::HorizontalGrid& g) {
  return parallel::decompose(MPI_COMM_SELF, g.nx, g.ny, 2);
}
struct ReportRow { double base, scen; };
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
  const std::string start = "2017-07-02T16:00:00Z";
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
  std::string start = "2017-06-30T16:00:00Z";  // 2017-07-01 00 local
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
  start = "2017-07-02T16:00:00Z";
  // Point source plume: the Longkou plant's NOx is above the surface layer.
  m.rates(10 * 3600.0, start, met, e);
  double above = 0.0;
  for (const auto& p : m.points())
    if (p.src.id == "longkou_pp")
      for (int k = 1; k < 10; ++k) above += e[no](p.i, p.j, k);
  CHECK(above > 0.0);
}

TEST_CASE("bad input: clear errors", "[emis][errors]") {
  const auto dir = test::scratch_dir("emis_errors");
  const auto g = test::yantai_grid();
  const auto d = serial(g);
  const auto sp = test::cb6_species();
  // A point source outside the domain: an error naming it, unless skipped (then reported).
  try {
    EmissionModel m(test::parse_case(test::emissions_case(dir, false, true)), g, d, sp, 10);
    FAIL("no error");
  } catch (const lantian::Error& e) {
    CHECK(std::string(e.what()).find("far_away") != std::string::npos);
    CHECK(std::string(e.what()).find("points.csv:4") != std::string::npos);
  }
  const EmissionModel ok(test::parse_case(test::emissions_case(dir, false, true, true)), g, d, sp, 10);
  CHECK(ok.warnings().size() == 1);
  CHECK(ok.points().size() == 2);
  // A sector the profile tables do not know.
  std::ofstream(dir + "/pts2.csv") << "id,lon,lat,height_m,diameter_m,exit_temp_k,exit_velocity_m_s,sector,NOx\n"
                                      "s1,120.5,37.4,50,2,400,10,shipping,10\n";
  std::string text = test::emissions_case(dir, false);
  text.replace(text.find("point_sources = [\""), std::string("point_sources = [\"").size(),
               "point_sources = [\"" + dir + "/pts2.csv\", \"");
  try {
    EmissionModel m(test::parse_case(text), g, d, sp, 10);
    FAIL("no error");
  } catch (const lantian::Error& e) {
    CHECK(std::string(e.what()).find("shipping") != std::string::npos);
  }
  // A species the speciation tables do not know.
  std::ofstream(dir + "/pts3.csv") << "id,lon,lat,height_m,diameter_m,exit_temp_k,exit_velocity_m_s,sector,HG\n"
                                      "s1,120.5,37.4,50,2,400,10,power,10\n";
  text = test::emissions_case(dir, false);
  text.replace(text.find("point_sources = [\""), std::string("point_sources = [\"").size(),
               "point_sources = [\"" + dir + "/pts3.csv\", \"");
  try {
    EmissionModel m(test::parse_case(text), g, d, sp, 10);
    FAIL("no error");
  } catch (const lantian::Error& e) {
    CHECK(std::string(e.what()).find("'HG'") != std::string::npos);
    CHECK(std::string(e.what()).find("pts3.csv:2") != std::string::npos);
  }
  // A malformed scenario rule: named with file and line.
  std::ofstream(dir + "/bad.toml") << "name = \"x\"\n[[rule]]\nname = \"r\"\nsectors = [\"industry\"]\n"
                                      "factor = 0.5\nhours = [8]\n";
  try {
    read_scenario(dir + "/bad.toml");
    FAIL("no error");
  } catch (const lantian::Error& e) {
    const std::string m = e.what();
    CHECK(m.find("bad.toml") != std::string::npos);
    CHECK(m.find("hours") != std::string::npos);
  }
  std::ofstream(dir + "/bad2.toml") << "[[rule]]\nzone = \"Atlantis\"\nzones_file = \"" << test::source_dir()
                                    << "/configs/zones/yantai_districts.geojson\"\nfactor = 0.5\n";
  CHECK_THROWS_WITH(read_scenario(dir + "/bad2.toml"), Catch::Contains("Atlantis"));
  std::ofstream(dir + "/bad3.toml") << "[[rule]]\nfactr = 0.5\n";
  CHECK_THROWS_WITH(read_scenario(dir + "/bad3.toml"), Catch::Contains("factr"));
  // MEIC control file form.
  std::ofstream(dir + "/control_file.csv") << "sector,province,year,month,species,factor\nindustry,37,2017,7,NOx,0.8\n";
  const auto rules = read_scenario(dir + "/control_file.csv");
  REQUIRE(rules.size() == 1);
  CHECK(rules[0].factor == 0.8);
  CHECK(rules[0].active(local_time(static_cast<double>(days_from_civil(2017, 7, 15)) * 86400.0, 8)));
  CHECK_FALSE(rules[0].active(local_time(static_cast<double>(days_from_civil(2017, 8, 15)) * 86400.0, 8)));
}

TEST_CASE("demo inventory and shipped scenarios read through the model's path", "[emis][demo]") {
  if (std::system("/usr/bin/python3 -c 'import numpy, netCDF4' 2>/dev/null") != 0) {
    WARN("SKIPPED: /usr/bin/python3 with numpy and netCDF4 not available");
    return;
  }
  const auto dir = test::scratch_dir("emis_demo");
  const std::string cmd = "/usr/bin/python3 " + test::source_dir() + "/scripts/make_demo_inventory.py " + dir + " >/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  const std::string root = test::source_dir() + "/configs/";
  std::string text = "[emissions]\ninventories = [\"" + dir + "/demo_inventory_yantai.nc\"]\n"
                     "point_sources = [\"" + dir + "/demo_points_yantai.csv\"]\n"
                     "profiles_weekly = [\"" + root + "profiles/meic_weekly.csv\"]\n"
                     "profiles_diurnal = [\"" + root + "profiles/meic_diurnal_local.csv\"]\n"
                     "speciation = [\"" + root + "speciation/cb6_meic.csv\"]\n"
                     "report_zones = [\"" + root + "zones/yantai_districts.geojson\"]\n"
                     "scenarios = [\"" + root + "scenarios/longkou_industry_nox.toml\", \"" + root +
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
  m.write_report(dir + "/report.csv", "2017-07-02T16:00:00Z", 86400.0);
  const auto rows = read_report(dir + "/report.csv");
  CHECK(rows.count("2017-07-03|Longkou|industry|NOx") == 1);
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
  base.rates(10 * 3600.0, "2017-07-02T16:00:00Z", met, eb);
  scen.rates(10 * 3600.0, "2017-07-02T16:00:00Z", met, es);
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
