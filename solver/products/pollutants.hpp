#pragma once
// The six criteria pollutants of the AQI and their unit conversions: gases between mole
// fraction [ppb] and mass concentration [ug m-3] at the standards' reference state (298.15 K,
// 1013.25 hPa; GB 3095-2012 amendment of 2018, GB 3095-2026, US EPA 40 CFR 50); particles
// stay at actual conditions. Molar masses from IUPAC standard atomic weights.
#include <array>
#include <cmath>
#include <limits>
#include <string>

namespace lantian::products {

enum class Pollutant : int { so2 = 0, no2 = 1, co = 2, o3 = 3, pm10 = 4, pm25 = 5 };
inline constexpr int k_npollutants = 6;
inline constexpr std::array<Pollutant, 6> k_pollutants = {Pollutant::so2, Pollutant::no2,  Pollutant::co,
                                                          Pollutant::o3,  Pollutant::pm10, Pollutant::pm25};
inline constexpr int idx(Pollutant p) noexcept { return static_cast<int>(p); }

/// Six values, one per pollutant, NaN where missing.
using PollutantValues = std::array<double, 6>;
inline constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
inline PollutantValues missing_values() { return {k_nan, k_nan, k_nan, k_nan, k_nan, k_nan}; }

/// Variable name in LanTian's output ("SO2", "NO2", "CO", "O3", "PM10", "PM25").
const char* model_name(Pollutant p) noexcept;
/// Name in reports ("SO2", "NO2", "CO", "O3", "PM10", "PM2.5").
const char* report_name(Pollutant p) noexcept;
/// Parses either name (case-insensitive; "PM2.5", "PM2_5", "PM25"); false if unknown.
bool parse_pollutant(const std::string& name, Pollutant& p);
inline bool is_gas(Pollutant p) noexcept { return p != Pollutant::pm10 && p != Pollutant::pm25; }

/// Molar mass [g mol-1] of a gas (SO2 64.064, NO2 46.005, CO 28.010, O3 47.997).
double molar_mass_g_mol(Pollutant p) noexcept;
/// Molar volume at 298.15 K and 101325 Pa [L mol-1] = R T / p = 24.4654.
inline constexpr double k_molar_volume_l_mol = 8.314462618 * 298.15 / 101325.0 * 1000.0;

/// Units of the AQI tables of China: ug m-3, CO in mg m-3. A gas mole fraction [ppb] to these
/// units at the reference state; particles are returned unchanged.
double ppb_to_china_units(Pollutant p, double ppb) noexcept;
/// Inverse of ppb_to_china_units (gases only; particles unchanged).
double china_units_to_ppb(Pollutant p, double value) noexcept;
/// Units text of the China tables ("ug m-3", CO "mg m-3").
const char* china_units(Pollutant p) noexcept;

}  // namespace lantian::products
