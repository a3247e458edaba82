#pragma once
// Cosine of the solar zenith angle from time and position: declination and equation of time
// from the Fourier series of Spencer (1971), "Fourier series representation of the position of
// the sun", Search 2(5), 172 (as used by NOAA's General Solar Position Calculations); accurate
// to about 0.1 degree in elevation, ample for photolysis and the diurnal cycle.
#include "solver/core/utc_time.hpp"

namespace lantian::meteo {

/// cos(solar zenith angle) [1] at `time` plus `frac_s` [s] (a fraction of a second, 0 <= frac_s
/// < 1, for times between whole seconds), latitude and longitude [degree, east positive].
/// Negative at night.
double cos_solar_zenith(const UtcTime& time, double frac_s, double lat_deg, double lon_deg) noexcept;

}  // namespace lantian::meteo
