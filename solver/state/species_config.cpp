#include "solver/state/species_config.hpp"

#include <string>

#include "solver/core/constants.hpp"

namespace lantian::state {

using namespace config;

void declare_species_keys(Schema& s) {
  s.add(key_strings("species.names", std::vector<std::string>{"TRACER"}, "transported species"));
  s.add(key_strings("species.phases", std::vector<std::string>{},
                    "per species: \"gas\" (ppb) or \"aerosol\" (ug m-3); default gas"));
  s.add(key_reals("species.molar_mass_g_mol", std::vector<double>{}, "g mol-1",
                  "per species molar mass (gases); default: the molar mass of air, 28.9644", 0, 1e4));
  s.add(key_reals("species.initial", std::vector<double>{}, "ppb or ug m-3", "per species initial value (default 0)", 0,
                  {}));
  s.add(key_reals("species.boundary", std::vector<double>{}, "ppb or ug m-3",
                  "per species lateral inflow value at the ground (default: the initial value)", 0, {}));
  s.add(key_strings("species.background_names", std::vector<std::string>{},
                    "species given a background (initial and inflow) value by name, e.g. mechanism species"));
  s.add(key_reals("species.background_values", std::vector<double>{}, "ppb or ug m-3",
                  "background values of species.background_names", 0, {}));
  s.add(key_real("species.boundary_scale_height_m", 0.0, "m",
                 "inflow profile decays as exp(-z/H) above ground; 0: uniform", 0, 1e5));
}

SpeciesList species_from_config(const CaseConfig& cfg) {
  SpeciesList species;
  const auto& names = cfg.get_strings("species.names");
  const auto& phases = cfg.get_strings("species.phases");
  const auto& mm = cfg.get_reals("species.molar_mass_g_mol");
  if (names.empty()) throw cfg.error_at("species.names", "at least one species is needed");
  if (!phases.empty() && phases.size() != names.size())
    throw cfg.error_at("species.phases", "needs one entry per species (" + std::to_string(names.size()) + ")");
  if (!mm.empty() && mm.size() != names.size())
    throw cfg.error_at("species.molar_mass_g_mol",
                       "needs one entry per species (" + std::to_string(names.size()) + ")");
  for (const char* key : {"species.initial", "species.boundary"})
    if (!cfg.get_reals(key).empty() && cfg.get_reals(key).size() != names.size())
      throw cfg.error_at(key, "needs one entry per species (" + std::to_string(names.size()) + ")");
  for (size_t n = 0; n < names.size(); ++n) {
    SpeciesInfo s;
    s.name = names[n];
    if (!phases.empty()) {
      if (phases[n] != "gas" && phases[n] != "aerosol")
        throw cfg.error_at("species.phases", "'" + phases[n] + "' is neither \"gas\" nor \"aerosol\"");
      s.phase = phases[n] == "gas" ? Phase::gas : Phase::aerosol;
    }
    s.molar_mass_g_mol = mm.empty() ? constants::k_m_air_g_mol : mm[n];
    if (s.phase == Phase::gas && s.molar_mass_g_mol <= 0)
      throw cfg.error_at("species.molar_mass_g_mol", "gas '" + s.name + "' needs a positive molar mass");
    try {
      species.add(s);
    } catch (const Error& e) {
      throw cfg.error_at("species.names", e.what());
    }
  }
  return species;
}

std::vector<double> background_values(const CaseConfig& cfg, const SpeciesList& species) {
  const auto& names = cfg.get_strings("species.background_names");
  const auto& values = cfg.get_reals("species.background_values");
  if (names.size() != values.size())
    throw cfg.error_at("species.background_values", "needs one value per name in species.background_names");
  std::vector<double> out(static_cast<size_t>(species.size()), -1.0);
  for (size_t b = 0; b < names.size(); ++b) {
    const int n = species.find(names[b]);
    if (n < 0) throw cfg.error_at("species.background_names", "'" + names[b] + "' is not a model species");
    out[static_cast<size_t>(n)] = values[b];
  }
  return out;
}

}  // namespace lantian::state
