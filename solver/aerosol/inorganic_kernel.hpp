#pragma once
// Sulfate-nitrate-ammonium-water equilibrium, a reduced ISORROPIA-like scheme:
// regimes of Nenes et al. (1998, Aquatic Geochemistry 4, 123-152, doi:10.1023/A:1009604003981)
// by the sulfate ratio; NH4NO3 dissociation constant and deliquescence RH of Mozurkewich (1993,
// Atmos. Environ. 27A, 261-270, doi:10.1016/0960-1686(93)90356-4) as given in Seinfeld and
// Pandis (2006, eqs. 10.91-10.98).
#include <cmath>

namespace lantian::aerosol {

/// Dissociation constant of solid NH4NO3, Kp = p(NH3) p(HNO3) [ppb2] (Mozurkewich 1993).
inline double kp_nh4no3_solid_ppb2(double t_k) noexcept {
  return std::exp(118.87 - 24084.0 / t_k - 6.025 * std::log(t_k));
}

/// Deliquescence relative humidity of NH4NO3 [1] (Mozurkewich 1993).
inline double drh_nh4no3(double t_k) noexcept { return std::exp(723.7 / t_k + 1.6954) / 100.0; }

/// Kp over an aqueous NH4NO3 solution at rh >= DRH [ppb2] (Mozurkewich 1993; S&P eq. 10.98).
inline double kp_nh4no3_aqueous_ppb2(double t_k, double rh) noexcept {
  const double lt = std::log(t_k);
  const double p1 = std::exp(-135.94 + 8763.0 / t_k + 19.12 * lt);
  const double p2 = std::exp(-122.65 + 9969.0 / t_k + 16.22 * lt);
  const double p3 = std::exp(-182.61 + 13875.0 / t_k + 24.46 * lt);
  const double a = 1.0 - rh;
  return (p1 - p2 * a + p3 * a * a) * std::pow(a, 1.75) * kp_nh4no3_solid_ppb2(t_k);
}

/// Kp for the ambient RH: solid below the DRH, aqueous above it [ppb2].
inline double kp_nh4no3_ppb2(double t_k, double rh) noexcept {
  if (rh < drh_nh4no3(t_k)) return kp_nh4no3_solid_ppb2(t_k);
  const double kaq = kp_nh4no3_aqueous_ppb2(t_k, rh > 0.999 ? 0.999 : rh);
  const double ks = kp_nh4no3_solid_ppb2(t_k);
  return kaq < ks ? kaq : ks;  // a solution never holds less NH4NO3 than the solid would
}

/// Totals and the partition, all in [mol kg-1 of dry air].
struct SnaState {
  double so4;  ///< total sulfate (all particulate)
  double nh3_g, nh4_p;
  double hno3_g, no3_p;
};

/// Equilibrium partition at t_k, rh [1], press_pa. Totals of N (NH3 + NH4) and (HNO3 + NO3) are
/// kept exactly: particle amounts are computed and the gas is the total minus the particle.
inline SnaState sna_equilibrium(SnaState s, double t_k, double rh, double press_pa) noexcept {
  const double ta = s.nh3_g + s.nh4_p;
  const double tn = s.hno3_g + s.no3_p;
  const double ts = s.so4;
  double nh4 = 0.0, no3 = 0.0;
  if (ta <= 2.0 * ts) {
    // Ammonia-poor (sulfate ratio < 2): all ammonia is bound as (bi)sulfate, nitrate stays gas.
    nh4 = ta;
    no3 = 0.0;
  } else {
    const double fa = ta - 2.0 * ts;  // free ammonia
    // Kp in ppb2 at 1 atm -> product of mole fractions -> [mol kg-1]2.
    const double p_atm = press_pa / 101325.0;
    const double mair = 0.0289644;  // [kg mol-1]
    const double kp = kp_nh4no3_ppb2(t_k, rh) * 1e-18 / (p_atm * p_atm) / (mair * mair);
    double y = 0.0;
    if (fa * tn > kp) {
      const double big = 0.5 * ((fa + tn) + std::sqrt((fa - tn) * (fa - tn) + 4.0 * kp));
      y = (fa * tn - kp) / big;  // smaller root of (fa - y)(tn - y) = kp, stable form
      if (y > fa) y = fa;
      if (y > tn) y = tn;
      if (y < 0.0) y = 0.0;
    }
    nh4 = 2.0 * ts + y;
    no3 = y;
  }
  s.nh4_p = nh4;
  s.nh3_g = ta - nh4;
  s.no3_p = no3;
  s.hno3_g = tn - no3;
  if (s.nh3_g < 0.0) {
    s.nh4_p = ta;
    s.nh3_g = 0.0;
  }
  if (s.hno3_g < 0.0) {
    s.no3_p = tn;
    s.hno3_g = 0.0;
  }
  return s;
}

/// Relative humidity over liquid water [1] from qv [kg kg-1], p [Pa], T [K] (Bolton 1980).
inline double relative_humidity(double qv, double press_pa, double t_k) noexcept {
  const double es = 611.2 * std::exp(17.67 * (t_k - 273.15) / (t_k - 29.65));
  const double e = qv * press_pa / (0.622 + qv);
  double rh = e / es;
  if (rh < 0.0) rh = 0.0;
  if (rh > 1.0) rh = 1.0;
  return rh;
}

}  // namespace lantian::aerosol
