#pragma once
// An idealised sun for the chemistry box tests: Yantai's latitude, a fixed declination.
#include <cmath>

#include "solver/core/constants.hpp"

namespace lantian::test {

/// Cosine of the solar zenith angle [1] at 37.5 N (Yantai), declination +15 deg (early May),
/// local solar time t_s [s since midnight]: the sun rises at about 05:00 and sets at about
/// 19:00.
inline double idealised_coszen(double t_s) {
  const double phi = 37.5 * constants::k_deg_to_rad, dec = 15.0 * constants::k_deg_to_rad;
  const double hour_angle = 2.0 * constants::k_pi * (t_s / 86400.0 - 0.5);
  return std::sin(phi) * std::sin(dec) + std::cos(phi) * std::cos(dec) * std::cos(hour_angle);
}

}  // namespace lantian::test
