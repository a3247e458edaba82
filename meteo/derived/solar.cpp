#include "meteo/derived/solar.hpp"

#include <cmath>

#include "solver/core/constants.hpp"

namespace lantian::meteo {

double cos_solar_zenith(const UtcTime& time, double frac_s, double lat_deg, double lon_deg) noexcept {
  using constants::k_deg_to_rad;
  using constants::k_pi;
  const int doy = time.day_of_year(), year = time.year();
  const double sod = static_cast<double>(time.second_of_day()) + frac_s;
  const double ndays = UtcTime::is_leap_year(year) ? 366.0 : 365.0;
  // Fractional year [rad] (Spencer's day angle, NOAA's form with the hour).
  const double g = 2.0 * k_pi / ndays * (doy - 1 + (sod / 3600.0 - 12.0) / 24.0);
  const double decl = 0.006918 - 0.399912 * std::cos(g) + 0.070257 * std::sin(g) - 0.006758 * std::cos(2 * g) +
                      0.000907 * std::sin(2 * g) - 0.002697 * std::cos(3 * g) + 0.00148 * std::sin(3 * g);
  const double eqtime_min = 229.18 * (0.000075 + 0.001868 * std::cos(g) - 0.032077 * std::sin(g) -
                                      0.014615 * std::cos(2 * g) - 0.040849 * std::sin(2 * g));
  const double true_solar_min = sod / 60.0 + eqtime_min + 4.0 * lon_deg;
  const double ha = (true_solar_min / 4.0 - 180.0) * k_deg_to_rad;
  const double lat = lat_deg * k_deg_to_rad;
  return std::sin(lat) * std::sin(decl) + std::cos(lat) * std::cos(decl) * std::cos(ha);
}

}  // namespace lantian::meteo
