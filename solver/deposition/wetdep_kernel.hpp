#pragma once
// Wet scavenging coefficients. Below cloud: Lambda = a P^b (power law of Scott 1982,
// doi:10.1016/0004-6981(82)90286-4; coefficients per species class as tabulated in the CALPUFF
// user's guide, Scire et al. 2000). In cloud: the cloud water's conversion rate to rain,
// P / W_cloud, times the dissolved fraction of the species in Henry equilibrium (Seinfeld and
// Pandis 2006, ch. 20; Giorgi and Chameides 1986, doi:10.1029/JD091iD13p14367).
#include <cmath>

namespace lantian::deposition {

/// Below-cloud scavenging coefficient [s-1] for precipitation precip_mm_h [mm h-1].
inline double below_cloud_lambda_s(double a_s, double b, double precip_mm_h) noexcept {
  return precip_mm_h > 0.0 ? a_s * std::pow(precip_mm_h, b) : 0.0;
}

/// Fraction [1] of a gas of effective Henry constant hstar [M atm-1] dissolved in cloud water
/// of volume fraction lwc [m3 m-3] at t_k.
inline double dissolved_fraction(double hstar, double lwc_m3_m3, double t_k) noexcept {
  const double r = hstar * lwc_m3_m3 * 0.082057 * t_k;
  return r / (1.0 + r);
}

/// In-cloud scavenging coefficient [s-1]: the dissolved fraction times the rate at which the
/// column's cloud water cwp_kg_m2 [kg m-2] turns into precipitation [kg m-2 s-1].
inline double in_cloud_lambda_s(double frac, double precip_mm_h, double cwp_kg_m2) noexcept {
  if (precip_mm_h <= 0.0 || cwp_kg_m2 <= 0.0) return 0.0;
  return frac * (precip_mm_h / 3600.0) / cwp_kg_m2;
}

}  // namespace lantian::deposition
