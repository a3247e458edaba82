#pragma once
// The sun of a box run (`lantian box --sun`): a constant factor, KPP's idealised diurnal cycle
// (Update_SUN of KPP's util/UpdateSun, Damian et al. 2002, doi:10.1016/S0098-1354(02)00128-X)
// or the model's clear-sky photolysis at the solar zenith angle of a place and time
// (meteo/derived/solar.hpp, photolysis/photolysis.hpp).
#include <string>

#include "solver/core/utc_time.hpp"

namespace lantian::chem {

struct SunSpec {
  enum class Kind { constant, kpp_diurnal, zenith };
  Kind kind = Kind::constant;
  double value = 0.0;       ///< constant: the sun factor S [1]
  double start_hour = 0.0;  ///< kpp-diurnal: local time of day at the start [h] (KPP's TSTART / 3600)
  double lat_deg = 0.0;     ///< zenith: latitude [degree north]
  double lon_deg = 0.0;     ///< zenith: longitude [degree east]
  UtcTime start;            ///< zenith: UTC time of the start
};

/// Parses `constant:X` (0 <= X), `kpp-diurnal` or `kpp-diurnal:HOUR` (0 <= HOUR < 24, the time
/// of day at the start; default 0, midnight) and `zenith:LAT,LON,START` (START a UTC time as
/// UtcTime::parse reads it). Throws lantian::Error naming the option and what is wrong.
SunSpec parse_sun(const std::string& text);

/// KPP's Update_SUN: time_s [s] since midnight of the first day (KPP's TIME); sunrise 4.5 h,
/// sunset 19.5 h; between them S = (1 + cos(pi T^2 sign T)) / 2 with T = (2 t_local - 4.5 -
/// 19.5) / (19.5 - 4.5), t_local [h] = t - 24 int(t / 24); 0 at night. Written as KPP writes it
/// (the same operations in the same order, KPP's pi = 3.14159265358979).
double kpp_update_sun(double time_s) noexcept;

}  // namespace lantian::chem
