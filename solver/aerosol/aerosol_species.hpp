#pragma once
// The aerosol species LanTian carries (names fixed, masses [ug kg-1 of dry air]) and the
// PM2.5/PM10 sums at actual conditions (as CMAQ's PM25_TOT/PM10 without size cut-offs).
#include <string>
#include <vector>

#include "solver/state/species.hpp"

namespace lantian::aerosol {

/// The eight aerosol species, in this order, with molar masses [g mol-1] of the ion or carbon.
std::vector<state::SpeciesInfo> aerosol_species();
/// Gases the aerosol processes exchange mass with (SULF, SO2, H2O2, O3, HNO3, NH3), [mol mol-1].
std::vector<state::SpeciesInfo> aerosol_gas_species();

/// Fine species summed into PM2.5 (all but ACORS).
inline const std::vector<std::string>& fine_species_names() {
  static const std::vector<std::string> n{"ASO4", "ANO3", "ANH4", "AEC", "APOA", "AOTHR", "ASOA"};
  return n;
}

inline constexpr double k_mw_so4_g_mol = 96.06;
inline constexpr double k_mw_no3_g_mol = 62.00;
inline constexpr double k_mw_nh4_g_mol = 18.04;
/// Molar mass of dry air [g mol-1].
inline constexpr double k_mw_air_g_mol = 28.9644;

/// Sum of the fine species' mixing ratios [ug kg-1] times dry-air density [kg m-3]:
/// PM2.5 [ug m-3]. `fine_ug_kg` holds the seven fine species in any order.
double pm25_ug_m3(const std::vector<double>& fine_ug_kg, double rho_kg_m3) noexcept;
/// PM10 [ug m-3] = PM2.5 + ACORS.
double pm10_ug_m3(const std::vector<double>& fine_ug_kg, double acors_ug_kg, double rho_kg_m3) noexcept;

}  // namespace lantian::aerosol
