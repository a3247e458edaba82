#pragma once
// In-cloud (aqueous) oxidation of S(IV) by H2O2 and O3 in a bulk cloud at fixed pH.
// Rate laws of Hoffmann and Calvert (1985) and Hoigne et al. (1985) as tabulated in Seinfeld and
// Pandis (2006, Atmospheric Chemistry and Physics, 2nd ed., ch. 7, eqs. 7.77-7.80); Henry's law
// and S(IV) dissociation constants with van 't Hoff temperature dependence from the same chapter
// (Tables 7.2-7.4). Gas/aqueous partitioning in Henry equilibrium, as in CMAQ's aqchem.
#include <cmath>

namespace lantian::aerosol {

/// K(T) = K298 exp(c (1/T - 1/298.15)) with c = -dH/R [K].
inline double vant_hoff(double k298, double c_k, double t_k) noexcept {
  return k298 * std::exp(c_k * (1.0 / t_k - 1.0 / 298.15));
}

/// Constants of the aqueous sulfur system at temperature t_k.
struct SulfurAqConstants {
  double h_so2;       ///< Henry's constant of SO2 [M atm-1]
  double ks1;         ///< SO2.H2O <-> H+ + HSO3- [M]
  double ks2;         ///< HSO3- <-> H+ + SO3-- [M]
  double h_h2o2;      ///< [M atm-1]
  double h_o3;        ///< [M atm-1]
  double k_h2o2;      ///< S(IV)+H2O2 rate constant [M-2 s-1]
  double k0, k1, k2;  ///< S(IV)+O3 rate constants for SO2.H2O, HSO3-, SO3-- [M-1 s-1]
};

inline SulfurAqConstants sulfur_aq_constants(double t_k) noexcept {
  SulfurAqConstants c{};
  c.h_so2 = vant_hoff(1.23, 3145.0, t_k);
  c.ks1 = vant_hoff(1.3e-2, 1960.0, t_k);
  c.ks2 = vant_hoff(6.6e-8, 1500.0, t_k);
  c.h_h2o2 = vant_hoff(1.0e5, 6620.0, t_k);
  c.h_o3 = vant_hoff(1.13e-2, 2540.0, t_k);
  c.k_h2o2 = vant_hoff(7.45e7, -4430.0, t_k);
  c.k0 = 2.4e4;
  c.k1 = vant_hoff(3.7e5, -5530.0, t_k);
  c.k2 = vant_hoff(1.5e9, -5280.0, t_k);
  return c;
}

/// Effective second-order rate constants [(mol mol-1)-1 s-1] of d[S(IV)]/dt = -k x_S x_ox,
/// where x are the cell's total (gas + dissolved) mole fractions per mole of dry air.
struct SulfurAqRates {
  double k_h2o2_mr;
  double k_o3_mr;
};

/// lwc_m3_m3: cloud liquid water volume fraction [m3 water m-3 air]; ph: cloud-water pH;
/// press_pa, t_k: ambient; n_air_mol_m3: dry-air molar density [mol m-3].
inline SulfurAqRates sulfur_aq_rates(double t_k, double press_pa, double lwc_m3_m3, double ph,
                                     double n_air_mol_m3) noexcept {
  const SulfurAqConstants c = sulfur_aq_constants(t_k);
  const double h = std::pow(10.0, -ph);
  const double r_atm = 0.082057;  // [L atm mol-1 K-1]
  const double p_atm = press_pa / 101325.0;
  // Effective Henry constant of S(IV) (S&P eq. 7.34) and the dissolved/gas ratio of each species.
  const double hs_eff = c.h_so2 * (1.0 + c.ks1 / h + c.ks1 * c.ks2 / (h * h));
  const double ratio_s = hs_eff * lwc_m3_m3 * r_atm * t_k;
  const double ratio_p = c.h_h2o2 * lwc_m3_m3 * r_atm * t_k;
  const double ratio_o = c.h_o3 * lwc_m3_m3 * r_atm * t_k;
  // Aqueous rate [M s-1] per unit gas partial pressures, times L [L water per m3 air], over the
  // air's moles: the loss rate in mole fraction per (mole fraction)^2.
  const double to_mr = 1000.0 * lwc_m3_m3 / n_air_mol_m3 * p_atm * p_atm;
  const double r_h2o2 = c.k_h2o2 / (1.0 + 13.0 * h) * c.h_so2 * c.ks1 * c.h_h2o2;  // [H+] cancels
  const double r_o3 = (c.k0 + c.k1 * c.ks1 / h + c.k2 * c.ks1 * c.ks2 / (h * h)) * c.h_so2 * c.h_o3;
  SulfurAqRates r{};
  r.k_h2o2_mr = r_h2o2 * to_mr / ((1.0 + ratio_s) * (1.0 + ratio_p));
  r.k_o3_mr = r_o3 * to_mr / ((1.0 + ratio_s) * (1.0 + ratio_o));
  return r;
}

/// Exact solution of dA/dt = dB/dt = -k A B over dt: returns the amount reacted (>= 0,
/// <= min(a0, b0)). Used per oxidant so that S moved equals oxidant consumed, exactly.
inline double second_order_reacted(double a0, double b0, double k, double dt) noexcept {
  if (a0 <= 0.0 || b0 <= 0.0 || k <= 0.0 || dt <= 0.0) return 0.0;
  const double d = b0 - a0;
  const double x = k * d * dt;
  double a;
  if (std::fabs(x) < 1e-10) {
    a = a0 / (1.0 + k * a0 * dt);
  } else {
    a = a0 * d / (b0 * std::expm1(x) + d);
  }
  double reacted = a0 - a;
  if (reacted < 0.0) reacted = 0.0;
  const double lim = a0 < b0 ? a0 : b0;
  return reacted > lim ? lim : reacted;
}

}  // namespace lantian::aerosol
