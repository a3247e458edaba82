// The species keys (solver/state/species_config.hpp): the list a case declares, and the errors
// that name the key and the line.
#include <catch2/catch.hpp>

#include "solver/config/case_config.hpp"
#include "solver/core/constants.hpp"
#include "solver/state/species_config.hpp"

using namespace lantian;

namespace {
config::CaseConfig parse(const std::string& text) {
  static const config::Schema schema = [] {
    config::Schema s;
    state::declare_species_keys(s);
    return s;
  }();
  return config::CaseConfig::parse(schema, text, "species.toml");
}
}  // namespace

TEST_CASE("species.* builds the case's species in order", "[unit][state]") {
  const auto cfg = parse(
      "[species]\nnames = [\"A\", \"B\"]\nphases = [\"gas\", \"aerosol\"]\nmolar_mass_g_mol = [30.0, 0.0]\n"
      "background_names = [\"B\"]\nbackground_values = [12.5]\n");
  const auto s = state::species_from_config(cfg);
  REQUIRE(s.size() == 2);
  CHECK(s[0].name == "A");
  CHECK(s[0].phase == state::Phase::gas);
  CHECK(s[0].molar_mass_g_mol == 30.0);
  CHECK(s[1].phase == state::Phase::aerosol);
  const auto bg = state::background_values(cfg, s);
  CHECK(bg == std::vector<double>{-1.0, 12.5});
  // Defaults: one gas TRACER with the molar mass of air.
  const auto d = state::species_from_config(parse(""));
  REQUIRE(d.size() == 1);
  CHECK(d[0].name == "TRACER");
  CHECK(d[0].molar_mass_g_mol == constants::k_m_air_g_mol);
}

TEST_CASE("species.* errors name the key", "[unit][state]") {
  using Catch::Contains;
  CHECK_THROWS_WITH(state::species_from_config(parse("[species]\nnames = [\"A\", \"A\"]\n")),
                    Contains("species.names") && Contains("'A' is listed twice"));
  CHECK_THROWS_WITH(state::species_from_config(parse("[species]\nnames = [\"A\"]\nphases = [\"solid\"]\n")),
                    Contains("species.phases") && Contains("'solid'"));
  CHECK_THROWS_WITH(state::species_from_config(parse("[species]\nnames = [\"A\", \"B\"]\ninitial = [1.0]\n")),
                    Contains("species.initial") && Contains("one entry per species"));
  CHECK_THROWS_WITH(state::species_from_config(parse("[species]\nnames = [\"A\"]\nmolar_mass_g_mol = [0.0]\n")),
                    Contains("gas 'A' needs a positive molar mass"));
  const auto cfg = parse("[species]\nnames = [\"A\"]\nbackground_names = [\"Z\"]\nbackground_values = [1.0]\n");
  CHECK_THROWS_WITH(state::background_values(cfg, state::species_from_config(cfg)),
                    Contains("species.background_names") && Contains("'Z' is not a model species"));
}
