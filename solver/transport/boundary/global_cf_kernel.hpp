#pragma once
// The pure steps of inflow from a global model's fields: brackets on a latitude or longitude
// axis (bilinear weights, longitude wrap), linear interpolation in log pressure with constant
// extrapolation, and the conversion of a CF `units` string to the model's internal units.
// No I/O, no MPI, no allocation beyond the parsed unit; the weights are the textbook linear
// ones, so a field linear in the coordinate is reproduced to rounding.
#include <cctype>
#include <cmath>
#include <optional>
#include <string>

#include "solver/core/constants.hpp"

namespace lantian::transport::gcf {

/// Two neighbours on an axis and the weight of the second: value = (1 - w) a[i0] + w a[i1].
struct Bracket {
  int i0 = 0, i1 = 0;
  double w = 0.0;  ///< [0, 1]
};

/// Bracket of `x` on a strictly monotonic axis (increasing or decreasing) of n points; nullopt
/// outside [min, max]. Exact at the end points (w = 0 at a node).
inline std::optional<Bracket> bracket(const double* axis, int n, double x) noexcept {
  if (n < 1) return std::nullopt;
  if (n == 1) return x == axis[0] ? std::optional<Bracket>(Bracket{0, 0, 0.0}) : std::nullopt;
  const bool inc = axis[n - 1] > axis[0];
  const double lo = inc ? axis[0] : axis[n - 1], hi = inc ? axis[n - 1] : axis[0];
  if (!(x >= lo && x <= hi)) return std::nullopt;
  // Binary search for the cell [a[m], a[m+1]] holding x.
  int a = 0, b = n - 1;
  while (b - a > 1) {
    const int m = (a + b) / 2;
    if ((axis[m] <= x) == inc) a = m;
    else b = m;
  }
  const double w = (x - axis[a]) / (axis[b] - axis[a]);
  return Bracket{a, b, w};
}

/// Bracket of longitude `lon_deg` on a strictly increasing longitude axis (0..360, -180..180 or
/// any window). The longitude is first shifted by a multiple of 360 into [axis[0], axis[0] +
/// 360). `global`: the axis closes around the earth (its last point lies one spacing short of
/// axis[0] + 360), so points between the last and the first longitude take those two (i1 = 0).
inline std::optional<Bracket> bracket_lon(const double* axis, int n, double lon_deg, bool global) noexcept {
  if (n < 1) return std::nullopt;
  double x = std::fmod(lon_deg - axis[0], 360.0);
  if (x < 0) x += 360.0;
  x += axis[0];
  if (x <= axis[n - 1]) return bracket(axis, n, x);
  if (!global) return std::nullopt;
  const double w = (x - axis[n - 1]) / (axis[0] + 360.0 - axis[n - 1]);
  return Bracket{n - 1, 0, w};
}

/// Value at pressure `p_pa` of a column given on `nlev` levels: linear in ln(p) between the two
/// levels around p, the nearest level's value outside the column (constant extrapolation).
/// `ln_p` must be strictly increasing (levels sorted top down); `v` in the same order.
inline double interp_log_p(const double* ln_p, const double* v, int nlev, double p_pa) noexcept {
  const double x = std::log(p_pa);
  if (nlev == 1 || x <= ln_p[0]) return v[0];
  if (x >= ln_p[nlev - 1]) return v[nlev - 1];
  int a = 0, b = nlev - 1;
  while (b - a > 1) {
    const int m = (a + b) / 2;
    if (ln_p[m] <= x) a = m;
    else b = m;
  }
  const double w = (x - ln_p[a]) / (ln_p[b] - ln_p[a]);
  return (1.0 - w) * v[a] + w * v[b];
}

/// The units a global variable may carry, after normalising the CF text.
enum class CfUnit { mol_mol, ppm, ppb, ppt, kg_kg, ug_kg, kg_m3, ug_m3 };

/// Parses a CF `units` string: "mol mol-1" ("mol/mol", "mole mole-1", "mol mol**-1"), "ppm",
/// "ppmv", "ppb", "ppbv", "ppt", "pptv", "kg kg-1" ("kg/kg"), "ug kg-1", "kg m-3" ("kg/m3"),
/// "ug m-3" ("ug/m3", "µg m-3", "ug m**-3"). nullopt for anything else.
inline std::optional<CfUnit> parse_cf_unit(const std::string& units) {
  std::string t;  // lower case, "**" and "^" dropped, micro signs as "u", one blank between words
  for (size_t q = 0; q < units.size(); ++q) {
    const unsigned char c = static_cast<unsigned char>(units[q]);
    if ((c == 0xC2 && q + 1 < units.size() && static_cast<unsigned char>(units[q + 1]) == 0xB5) ||
        (c == 0xCE && q + 1 < units.size() && static_cast<unsigned char>(units[q + 1]) == 0xBC)) {
      t += 'u';  // U+00B5 micro sign, U+03BC Greek mu
      ++q;
    } else if (c == '*' || c == '^') {
      continue;
    } else if (c == ' ' || c == '\t') {
      if (!t.empty() && t.back() != ' ') t += ' ';
    } else {
      t += static_cast<char>(std::tolower(c));
    }
  }
  while (!t.empty() && t.back() == ' ') t.pop_back();
  // "a/b" and "a b-1" are one unit; "b3" stands for "b-3" after a slash.
  if (const auto s = t.find('/'); s != std::string::npos) {
    std::string num = t.substr(0, s), den = t.substr(s + 1);
    while (!num.empty() && num.back() == ' ') num.pop_back();
    while (!den.empty() && den.front() == ' ') den.erase(den.begin());
    if (den == "m3") den = "m-3";
    else den += "-1";
    t = num + " " + den;
  }
  if (t == "mol mol-1" || t == "mole mole-1" || t == "mol mol -1" || t == "mole fraction") return CfUnit::mol_mol;
  if (t == "ppm" || t == "ppmv") return CfUnit::ppm;
  if (t == "ppb" || t == "ppbv") return CfUnit::ppb;
  if (t == "ppt" || t == "pptv") return CfUnit::ppt;
  if (t == "kg kg-1") return CfUnit::kg_kg;
  if (t == "ug kg-1") return CfUnit::ug_kg;
  if (t == "kg m-3") return CfUnit::kg_m3;
  if (t == "ug m-3") return CfUnit::ug_m3;
  return std::nullopt;
}

/// internal = raw x factor / (divide_by_density ? dry-air density [kg m-3] : 1).
struct UnitConversion {
  double factor = 1.0;
  bool divide_by_density = false;
};

/// The conversion from `u` to the internal units of a species: mol mol-1 for gases (`gas`
/// true), ug kg-1 (of dry air) for aerosols. Mass units of a gas and mole units of an aerosol
/// need the molar mass [g mol-1] of what the variable counts; nullopt when it is 0.
/// Mass mixing ratio -> mole fraction: x = q M_air / M; concentration -> mixing ratio: / rho.
inline std::optional<UnitConversion> unit_conversion(CfUnit u, bool gas, double molar_mass_g_mol) noexcept {
  const double m_air = constants::k_m_air_g_mol;
  const bool has_m = molar_mass_g_mol > 0;
  const double to_mol = has_m ? m_air / molar_mass_g_mol : 0.0;   // (kg kg-1) -> (mol mol-1)
  const double to_mass = has_m ? molar_mass_g_mol / m_air : 0.0;  // (mol mol-1) -> (kg kg-1)
  double mole_fraction = 0.0;                                     // factor of the mole units (mol mol-1 per unit)
  switch (u) {
    case CfUnit::mol_mol: mole_fraction = 1.0; break;
    case CfUnit::ppm: mole_fraction = 1e-6; break;
    case CfUnit::ppb: mole_fraction = 1e-9; break;
    case CfUnit::ppt: mole_fraction = 1e-12; break;
    default: break;
  }
  if (mole_fraction > 0) {
    if (gas) return UnitConversion{mole_fraction, false};
    if (!has_m) return std::nullopt;
    return UnitConversion{mole_fraction * to_mass * 1e9, false};
  }
  // Mass units, as micrograms of substance per kg (or per m3, then / rho) of air.
  double ug = 0.0;
  const bool per_m3 = u == CfUnit::kg_m3 || u == CfUnit::ug_m3;
  if (u == CfUnit::kg_kg || u == CfUnit::kg_m3) ug = 1e9;
  if (u == CfUnit::ug_kg || u == CfUnit::ug_m3) ug = 1.0;
  if (gas) {
    if (!has_m) return std::nullopt;
    return UnitConversion{ug == 1.0 ? 1e-9 * to_mol : to_mol, per_m3};
  }
  return UnitConversion{ug, per_m3};
}

}  // namespace lantian::transport::gcf
