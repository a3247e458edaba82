// EmissionModel and scenario files on bad input: each error names the file, line, key or
// species at fault (point sources outside the domain, unknown sectors and species, splits into
// species the model does not transport, malformed scenario rules and dates).
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "emis_test_case.hpp"
#include "emissions/profiles/local_time.hpp"
#include "solver/core/error.hpp"

using namespace lantian;
using namespace lantian::emis;
using test::serial;

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
  // Emissions into a species the transport does not move (a radical of the mechanism) would
  // stay in the lowest layer: an error naming the speciation table's line and the species.
  state::SpeciesList still;
  for (int n = 0; n < sp.size(); ++n) {
    state::SpeciesInfo s = sp[n];
    if (s.name == "NO2") s.transported = false;
    still.add(s);
  }
  try {
    EmissionModel m(test::parse_case(test::emissions_case(dir, false)), g, d, still, 10);
    FAIL("no error");
  } catch (const lantian::Error& e) {
    const std::string m = e.what();
    CHECK(m.find("cb6_meic.csv:25") != std::string::npos);
    CHECK(m.find("NO2") != std::string::npos);
    CHECK(m.find("does not transport") != std::string::npos);
  }
  // Scenario windows are calendar dates: an impossible date is an error naming the key, a
  // TOML date and the same date as a string give the same window.
  for (const char* bad : {"\"2017-02-30\"", "\"2017-7-3\"", "\"July 3\""}) {
    std::ofstream(dir + "/bad_date.toml") << "[[rule]]\nfactor = 0.5\nstart = " << bad << "\n";
    INFO(bad);
    CHECK_THROWS_WITH(read_scenario(dir + "/bad_date.toml"), Catch::Contains("'start' is not an ISO date"));
  }
  std::ofstream(dir + "/dates.toml") << "[[rule]]\nfactor = 0.5\nstart = 2017-07-03\nend = \"2017-07-04\"\n";
  const auto dated = read_scenario(dir + "/dates.toml");
  REQUIRE(dated.size() == 1);
  CHECK(dated[0].first_day == UtcTime::parse("2017-07-03")->unix_days());
  CHECK(dated[0].last_day == dated[0].first_day + 1);
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
  CHECK(rules[0].active(local_time(*UtcTime::parse("2017-07-15"), 8)));
  CHECK_FALSE(rules[0].active(local_time(*UtcTime::parse("2017-08-15"), 8)));
  CHECK(rules[0].first_day == UtcTime::parse("2017-07-01")->unix_days());
  CHECK(rules[0].last_day == UtcTime::parse("2017-07-31")->unix_days());
  std::ofstream(dir + "/control_leap.csv") << "all,37,2024,2,SO2,0.9\n";
  const auto leap = read_scenario(dir + "/control_leap.csv");
  REQUIRE(leap.size() == 1);
  CHECK(leap[0].last_day == UtcTime::parse("2024-02-29")->unix_days());
  // The month is the local one: 2017-07-31 16:00 UTC is already August in UTC+8.
  CHECK_FALSE(rules[0].active(local_time(*UtcTime::parse("2017-07-31 16:00:00"), 8)));
  CHECK(rules[0].active(local_time(*UtcTime::parse("2017-07-31 15:59:59"), 8)));
}
