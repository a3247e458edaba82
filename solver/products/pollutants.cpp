#include "solver/products/pollutants.hpp"

#include <algorithm>
#include <cctype>

namespace lantian::products {

const char* model_name(Pollutant p) noexcept {
  static const char* names[] = {"SO2", "NO2", "CO", "O3", "PM10", "PM25"};
  return names[idx(p)];
}
const char* report_name(Pollutant p) noexcept {
  static const char* names[] = {"SO2", "NO2", "CO", "O3", "PM10", "PM2.5"};
  return names[idx(p)];
}

bool parse_pollutant(const std::string& name, Pollutant& p) {
  std::string u;
  for (char c : name)
    if (c != '.' && c != '_' && c != ' ') u.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  for (Pollutant q : k_pollutants)
    if (u == model_name(q)) {
      p = q;
      return true;
    }
  return false;
}

double molar_mass_g_mol(Pollutant p) noexcept {
  switch (p) {
    case Pollutant::so2: return 64.064;
    case Pollutant::no2: return 46.005;
    case Pollutant::co: return 28.010;
    case Pollutant::o3: return 47.997;
    default: return 0.0;
  }
}

double ppb_to_china_units(Pollutant p, double ppb) noexcept {
  if (!is_gas(p)) return ppb;
  const double ug_m3 = ppb * molar_mass_g_mol(p) / k_molar_volume_l_mol;
  return p == Pollutant::co ? ug_m3 / 1000.0 : ug_m3;
}

double china_units_to_ppb(Pollutant p, double value) noexcept {
  if (!is_gas(p)) return value;
  const double ug_m3 = p == Pollutant::co ? value * 1000.0 : value;
  return ug_m3 * k_molar_volume_l_mol / molar_mass_g_mol(p);
}

const char* china_units(Pollutant p) noexcept { return p == Pollutant::co ? "mg m-3" : "ug m-3"; }

}  // namespace lantian::products
