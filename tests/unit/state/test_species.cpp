// The species list (solver/state/species.hpp): order, look-up by name, duplicates, units.
#include <catch2/catch.hpp>

#include "solver/core/error.hpp"
#include "solver/state/species.hpp"

using namespace lantian;
using state::Phase;
using state::SpeciesInfo;
using state::SpeciesList;

TEST_CASE("Species are indexed in the order they are added", "[unit][state]") {
  SpeciesList s;
  CHECK(s.size() == 0);
  CHECK(s.find("O3") == -1);
  s.add({"O3", Phase::gas, 48.0, "ozone"});
  s.add({"PM25", Phase::aerosol, 0.0, "fine particles"});
  s.add({"NO2", Phase::gas, 46.0, "nitrogen dioxide"});
  REQUIRE(s.size() == 3);
  CHECK(s.find("O3") == 0);
  CHECK(s.find("PM25") == 1);
  CHECK(s.find("NO2") == 2);
  CHECK(s.index("NO2") == 2);
  CHECK(s[2].molar_mass_g_mol == 46.0);
  CHECK(s.all().at(1).long_name == "fine particles");
  // Names are case-sensitive: "o3" is another (absent) species.
  CHECK(s.find("o3") == -1);
}

TEST_CASE("An unknown species and a duplicate are errors that name the species", "[unit][state]") {
  SpeciesList s;
  s.add({"TRACER", Phase::gas, 1.0, ""});
  CHECK_THROWS_WITH(s.index("SO2"), Catch::Contains("unknown species 'SO2'"));
  CHECK_THROWS_AS(s.add({"TRACER", Phase::aerosol, 0.0, ""}), Error);
  CHECK_THROWS_WITH(s.add({"TRACER", Phase::gas, 2.0, ""}), Catch::Contains("'TRACER' is listed twice"));
  CHECK(s.size() == 1);  // the failed adds left the list as it was
  CHECK(s[0].molar_mass_g_mol == 1.0);
  CHECK_THROWS(s[1]);  // bounds-checked access
  CHECK_THROWS(s[-1]);
}

TEST_CASE("Output units follow the phase", "[unit][state]") {
  CHECK(SpeciesInfo{"O3", Phase::gas, 48.0, ""}.output_units() == "ppb");
  CHECK(SpeciesInfo{"ASO4", Phase::aerosol, 96.0, ""}.output_units() == "ug m-3");
}
