#include "solver/aerosol/aerosol_species.hpp"

namespace lantian::aerosol {

std::vector<state::SpeciesInfo> aerosol_species() {
  using state::Phase;
  return {
      {"ASO4", Phase::aerosol, k_mw_so4_g_mol, "particulate sulfate (SO4 mass)"},
      {"ANO3", Phase::aerosol, k_mw_no3_g_mol, "particulate nitrate (NO3 mass)"},
      {"ANH4", Phase::aerosol, k_mw_nh4_g_mol, "particulate ammonium (NH4 mass)"},
      {"AEC", Phase::aerosol, 12.011, "elemental carbon"},
      {"APOA", Phase::aerosol, 220.0, "primary organic aerosol (organic mass)"},
      {"AOTHR", Phase::aerosol, 200.0, "other primary PM2.5"},
      {"ACORS", Phase::aerosol, 100.0, "coarse particulate matter (PM10 - PM2.5)"},
      {"ASOA", Phase::aerosol, 150.0, "secondary organic aerosol (organic mass)"},
  };
}

std::vector<state::SpeciesInfo> aerosol_gas_species() {
  using state::Phase;
  return {
      {"SULF", Phase::gas, 98.08, "gas-phase sulfuric acid"},
      {"SO2", Phase::gas, 64.07, "sulfur dioxide"},
      {"H2O2", Phase::gas, 34.01, "hydrogen peroxide"},
      {"O3", Phase::gas, 48.00, "ozone"},
      {"HNO3", Phase::gas, 63.01, "nitric acid"},
      {"NH3", Phase::gas, 17.03, "ammonia"},
  };
}

double pm25_ug_m3(const std::vector<double>& fine_ug_kg, double rho_kg_m3) noexcept {
  double s = 0.0;
  for (double c : fine_ug_kg) s += c;  // fixed order: deterministic
  return s * rho_kg_m3;
}

double pm10_ug_m3(const std::vector<double>& fine_ug_kg, double acors_ug_kg, double rho_kg_m3) noexcept {
  return pm25_ug_m3(fine_ug_kg, rho_kg_m3) + acors_ug_kg * rho_kg_m3;
}

}  // namespace lantian::aerosol
