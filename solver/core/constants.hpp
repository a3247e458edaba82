#pragma once
// Physical constants, with units. Values as WRF and CMAQ use them where the two agree, so that
// derived fields can be checked against MCIP.
namespace lantian::constants {

inline constexpr double k_pi = 3.14159265358979323846;
inline constexpr double k_deg_to_rad = k_pi / 180.0;
inline constexpr double k_rad_to_deg = 180.0 / k_pi;
/// Earth radius of WRF's spherical earth [m].
inline constexpr double k_earth_radius_m = 6370000.0;
/// Gravitational acceleration [m s-2] (WRF).
inline constexpr double k_gravity_m_s2 = 9.81;
/// Gas constant of dry air [J kg-1 K-1] (WRF).
inline constexpr double k_rd_j_kg_k = 287.0;
/// Gas constant of water vapour [J kg-1 K-1] (WRF).
inline constexpr double k_rv_j_kg_k = 461.6;
/// Specific heat of dry air at constant pressure [J kg-1 K-1] (WRF: 7 Rd / 2).
inline constexpr double k_cp_j_kg_k = 7.0 * k_rd_j_kg_k / 2.0;
/// Poisson exponent Rd/cp = 2/7 exactly (matches MCIP's TA to 3e-5 K).
inline constexpr double k_kappa = 2.0 / 7.0;
/// Reference pressure for potential temperature [Pa].
inline constexpr double k_p0_pa = 1.0e5;
/// Avogadro's number [mol-1].
inline constexpr double k_avogadro = 6.02214076e23;
/// Universal gas constant [J mol-1 K-1].
inline constexpr double k_r_j_mol_k = 8.314462618;
/// Molar mass of dry air [kg mol-1].
inline constexpr double k_m_air_kg_mol = 0.0289644;
/// Molar mass of dry air [g mol-1].
inline constexpr double k_m_air_g_mol = 1000.0 * k_m_air_kg_mol;

/// US Standard Atmosphere 1976, troposphere (below 11 km): sea-level temperature [K] and
/// pressure [Pa], lapse rate [K m-1] and the pressure exponent g M / (R* L) [1].
inline constexpr double k_std_t0_k = 288.15;
inline constexpr double k_std_p0_pa = 101325.0;
inline constexpr double k_std_lapse_k_m = 0.0065;
inline constexpr double k_std_exponent = 5.2559;
/// von Karman constant [-].
inline constexpr double k_von_karman = 0.4;

/// Standard-atmosphere temperature [K] at height z_m [m] above sea level (troposphere).
constexpr double std_atmosphere_t_k(double z_m) { return k_std_t0_k - k_std_lapse_k_m * z_m; }

}  // namespace lantian::constants
