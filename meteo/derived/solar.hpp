#pragma once
// Cosine of the solar zenith angle from time and position: declination and equation of time
// from the Fourier series of Spencer (1971), "Fourier series representation of the position of
// the sun", Search 2(5), 172 (as used by NOAA's General Solar Position Calculations); accurate
// to about 0.1 degree in elevation, ample for photolysis and the diurnal cycle.
#include <cstdint>

namespace lantian::meteo {

/// cos(solar zenith angle) [1] at `epoch_s` [s since 1970-01-01 UTC], latitude and longitude
/// [degree, east positive]. Negative at night.
double cos_solar_zenith(std::int64_t epoch_s, double frac_s, double lat_deg, double lon_deg) noexcept;

}  // namespace lantian::meteo
