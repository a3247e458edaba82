// The warning's control scenario read back by the emissions' scenario reader
// (emissions/scenarios/scenario.hpp): the file `lantian warn` writes is one the emissions accept,
// with the zone, factor, species and local-day window intended.
#include <catch2/catch.hpp>

#include <fstream>

#include "emissions/scenarios/scenario.hpp"
#include "solver/commands/command_products.hpp"
#include "solver/products/time_axis.hpp"
#include "support/test_data.hpp"
#include "synthetic_output.hpp"

TEST_CASE("Warning scenario is read by the emissions' scenario reader", "[warning][interop]") {
  const auto dir = lantian::test::scratch_dir("products_scenario_interop");
  lantian::test::SyntheticGrid g;
  g.nt = 96;
  g.start = "2026-11-01 16:00:00";
  // West cells (i < 3) at PM2.5 151 during hours 24..71 (48 h above 200: yellow, 10 % cut).
  lantian::test::write_synthetic_output(dir + "/run.nc", g,
                                        [](const std::string& s, std::size_t i, std::size_t, std::size_t k) {
                                          if (s == "PM25") return (i < 3 && k >= 24 && k < 72) ? 151.0 : 100.0;
                                          return s == "PM10" ? 60.0 : 5.0;
                                        });
  std::ofstream(dir + "/zones.geojson") << R"({"type": "FeatureCollection", "features": [
   {"type": "Feature", "properties": {"name": "West"}, "geometry": {"type": "Polygon", "coordinates":
     [[[119.9, 35.9], [120.6, 35.9], [120.6, 37.0], [119.9, 37.0], [119.9, 35.9]]]}},
   {"type": "Feature", "properties": {"name": "East"}, "geometry": {"type": "Polygon", "coordinates":
     [[[120.6, 35.9], [121.4, 35.9], [121.4, 37.0], [120.6, 37.0], [120.6, 35.9]]]}}]})";
  std::vector<std::string> args = {"warn",
                                   "-i",
                                   dir + "/run.nc",
                                   "--zones",
                                   dir + "/zones.geojson",
                                   "-o",
                                   dir,
                                   "-q",
                                   "-r",
                                   lantian::test::source_dir() + "/configs/warnings/national.toml"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  REQUIRE(lantian::products::command_warn(static_cast<int>(argv.size()), argv.data()) == 0);
  const auto rules = lantian::emis::read_scenario_toml(dir + "/scenario_warning.toml");
  REQUIRE(rules.size() == 1);
  const auto& r = rules[0];
  CHECK(r.zone.name == "West");
  CHECK(r.factor == Approx(0.9));
  CHECK(r.sectors.empty());  // "all"
  CHECK(r.species.count("PM25") == 1);
  CHECK(r.species.count("NOX") == 1);
  CHECK(r.species.count("NMVOC") == 1);
  // Warning period 2026-11-02T16Z .. 2026-11-04T16Z: Beijing days 2026-11-03 .. 2026-11-04.
  CHECK(r.first_day == lantian::products::days_from_civil({2026, 11, 3}));
  CHECK(r.last_day == lantian::products::days_from_civil({2026, 11, 4}));
  CHECK(r.selects("industry", "SO2"));
  CHECK_FALSE(r.selects("industry", "NH3"));
}
