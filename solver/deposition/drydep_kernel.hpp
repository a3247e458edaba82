#pragma once
// Dry deposition velocities by the resistance model: gases after Wesely (1989, Atmos. Environ.
// 23, 1293-1304, doi:10.1016/0004-6981(89)90153-4), surface resistances from its seasonal
// land-use tables (Table 1) and species parameters (Table 2); aerodynamic resistance from
// Monin-Obukhov similarity with Businger-Dyer functions (Businger et al. 1971, Dyer 1974);
// particles after Zhang et al. (2001, Atmos. Environ. 35, 549-560,
// doi:10.1016/S1352-2310(00)00326-5).
#include <cmath>

namespace lantian::deposition {

inline constexpr int k_wesely_categories = 11;
inline constexpr double k_rinf = 1e25;  ///< an absent pathway [s m-1]

/// Wesely (1989) Table 1: per season (1 midsummer, 2 autumn, 3 late autumn, 4 winter with
/// snow, 5 transitional spring) and land-use category (1 urban, 2 agricultural, 3 range,
/// 4 deciduous forest, 5 coniferous forest, 6 mixed forest incl. wetland, 7 water, 8 barren,
/// 9 non-forested wetland, 10 mixed agricultural and range, 11 rocky open with shrubs).
/// 9999 marks an absent pathway. Resistances [s m-1].
struct WeselyTable {
  double ri[5][11], rlu[5][11], rac[5][11], rgss[5][11], rgso[5][11], rcls[5][11], rclo[5][11];
};

inline const WeselyTable& wesely_table() {
  static const WeselyTable t{{{9999, 60, 120, 70, 130, 100, 9999, 9999, 80, 100, 150},
                              {9999, 9999, 9999, 9999, 250, 500, 9999, 9999, 9999, 9999, 9999},
                              {9999, 9999, 9999, 9999, 250, 500, 9999, 9999, 9999, 9999, 9999},
                              {9999, 9999, 9999, 9999, 400, 800, 9999, 9999, 9999, 9999, 9999},
                              {9999, 120, 240, 140, 250, 190, 9999, 9999, 160, 200, 300}},
                             {{9999, 2000, 2000, 2000, 2000, 2000, 9999, 9999, 2500, 2000, 4000},
                              {9999, 9000, 9000, 9000, 4000, 8000, 9999, 9999, 9000, 9000, 9000},
                              {9999, 9999, 9000, 9000, 4000, 8000, 9999, 9999, 9000, 9000, 9000},
                              {9999, 9999, 9999, 9999, 6000, 9000, 9999, 9999, 9000, 9000, 9000},
                              {9999, 4000, 4000, 4000, 2000, 3000, 9999, 9999, 4000, 4000, 8000}},
                             {{100, 200, 100, 2000, 2000, 2000, 0, 0, 300, 150, 200},
                              {100, 150, 100, 1500, 2000, 1700, 0, 0, 200, 120, 140},
                              {100, 10, 100, 1000, 2000, 1500, 0, 0, 100, 50, 120},
                              {100, 10, 10, 1000, 2000, 1500, 0, 0, 50, 10, 50},
                              {100, 50, 80, 1200, 2000, 1500, 0, 0, 200, 60, 120}},
                             {{400, 150, 350, 500, 500, 100, 0, 1000, 0, 220, 400},
                              {400, 200, 350, 500, 500, 100, 0, 1000, 0, 300, 400},
                              {400, 150, 350, 500, 500, 200, 0, 1000, 0, 200, 400},
                              {100, 100, 100, 100, 100, 100, 0, 1000, 100, 100, 50},
                              {500, 150, 350, 500, 500, 200, 0, 1000, 0, 250, 400}},
                             {{300, 150, 200, 200, 200, 300, 2000, 400, 1000, 180, 200},
                              {300, 150, 200, 200, 200, 300, 2000, 400, 800, 180, 200},
                              {300, 150, 200, 200, 200, 300, 2000, 400, 1000, 180, 200},
                              {600, 3500, 3500, 3500, 3500, 3500, 2000, 400, 3500, 3500, 3500},
                              {300, 150, 200, 200, 200, 300, 2000, 400, 1000, 180, 200}},
                             {{9999, 2000, 2000, 2000, 2000, 2000, 9999, 9999, 2500, 2000, 4000},
                              {9999, 9000, 9000, 9000, 2000, 4000, 9999, 9999, 9000, 9000, 9000},
                              {9999, 9999, 9000, 9000, 3000, 6000, 9999, 9999, 9000, 9000, 9000},
                              {9999, 9999, 9999, 9000, 200, 400, 9999, 9999, 9000, 9999, 9000},
                              {9999, 4000, 4000, 4000, 2000, 3000, 9999, 9999, 4000, 4000, 8000}},
                             {{9999, 1000, 1000, 1000, 1000, 1000, 9999, 9999, 1000, 1000, 1000},
                              {9999, 400, 400, 400, 1000, 600, 9999, 9999, 800, 600, 600},
                              {9999, 1000, 400, 400, 1000, 600, 9999, 9999, 800, 600, 600},
                              {9999, 1000, 1000, 400, 1500, 600, 9999, 9999, 800, 1000, 800},
                              {9999, 1000, 500, 500, 1500, 700, 9999, 9999, 600, 800, 800}}};
  return t;
}

/// Wesely (1989) Table 2 parameters of one gas.
struct GasDepParams {
  double dratio;  ///< D(H2O)/D(x) [1]
  double hstar;   ///< effective Henry's constant [M atm-1]
  double f0;      ///< reactivity factor [1]
};

inline double wesely_r(double v) noexcept { return v >= 9999.0 ? k_rinf : v; }

/// Bulk surface resistance Rc [s m-1] of a gas (Wesely 1989 eqs. 2-9). season 1..5,
/// luc 1..11, srad_w_m2 solar radiation at the surface, ts_c surface air temperature [deg C].
inline double wesely_rc(const GasDepParams& g, int season, int luc, double srad_w_m2, double ts_c) noexcept {
  const WeselyTable& w = wesely_table();
  const int s = season - 1, l = luc - 1;
  // Stomatal resistance (eq. 3); closed outside 0..40 deg C.
  double rs = k_rinf;
  if (ts_c > 0.0 && ts_c < 40.0 && w.ri[s][l] < 9999.0) {
    const double gg = srad_w_m2 > 0.0 ? srad_w_m2 : 0.0;
    const double a = 200.0 / (gg + 0.1);
    rs = w.ri[s][l] * (1.0 + a * a) * (400.0 / (ts_c * (40.0 - ts_c)));
  }
  // Cold surfaces (eq. 9 note): extra resistance below -2 deg C.
  const double cold = ts_c < -2.0 ? 1000.0 * std::exp(-ts_c - 4.0) : 0.0;
  const double rm = 1.0 / (g.hstar / 3000.0 + 100.0 * g.f0);
  const double rsm = rs >= k_rinf ? k_rinf : rs * g.dratio + rm;
  const double rlu_t = wesely_r(w.rlu[s][l]);
  const double rlu = rlu_t >= k_rinf ? k_rinf : rlu_t / (1e-5 * g.hstar + g.f0) + cold;
  const double gg = srad_w_m2 > 0.0 ? srad_w_m2 : 0.0;
  const double rdc = 100.0 * (1.0 + 1000.0 / (gg + 10.0));  // flat terrain
  auto combine = [](double rsx, double rox, double hstar, double f0) {
    // A tabulated 0 (water, wetland) means "no resistance": taken as 1 s m-1, so that the
    // Henry term of an insoluble gas (O3 over water) stays negligible instead of infinite.
    const double a = rsx >= k_rinf ? 0.0 : 1e-5 * hstar / (rsx > 1.0 ? rsx : 1.0);
    const double b = rox >= k_rinf ? 0.0 : f0 / (rox > 1.0 ? rox : 1.0);
    return a + b > 0.0 ? 1.0 / (a + b) : k_rinf;
  };
  const double rcl = combine(wesely_r(w.rcls[s][l]), wesely_r(w.rclo[s][l]), g.hstar, g.f0) + cold;
  const double rgs = combine(wesely_r(w.rgss[s][l]), wesely_r(w.rgso[s][l]), g.hstar, g.f0) + cold;
  const double rac = wesely_r(w.rac[s][l]);
  double cond = 0.0;
  if (rsm < k_rinf) cond += 1.0 / rsm;
  if (rlu < k_rinf) cond += 1.0 / rlu;
  if (rcl < k_rinf) cond += 1.0 / (rdc + rcl);
  if (rgs < k_rinf && rac < k_rinf) cond += 1.0 / (rac + rgs);
  double rc = cond > 0.0 ? 1.0 / cond : k_rinf;
  return rc < 10.0 ? 10.0 : rc;  // Wesely's lower limit for very soluble gases (HNO3)
}

/// Obukhov length [m] from u* [m s-1], sensible heat flux [W m-2], T [K], rho [kg m-3].
inline double obukhov_length_m(double ustar, double hfx_w_m2, double t_k, double rho) noexcept {
  const double cp = 1004.5, kv = 0.4, g = 9.81;
  if (std::fabs(hfx_w_m2) < 1e-6) return 1e9;
  return -rho * cp * t_k * ustar * ustar * ustar / (kv * g * hfx_w_m2);
}

/// Businger-Dyer integrated stability function for heat psi_h(zeta).
inline double psi_h(double zeta) noexcept {
  if (zeta >= 0.0) return -5.0 * (zeta > 1.0 ? 1.0 : zeta);
  const double x = std::sqrt(1.0 - 16.0 * zeta);
  return 2.0 * std::log(0.5 * (1.0 + x));
}

/// Aerodynamic resistance Ra [s m-1] between z_m and z0_m.
inline double aerodynamic_resistance(double z_m, double z0_m, double ustar, double l_m) noexcept {
  const double us = ustar > 0.01 ? ustar : 0.01;
  const double z0 = z0_m > 1e-5 ? z0_m : 1e-5;
  const double z = z_m > 2.0 * z0 ? z_m : 2.0 * z0;
  const double ra = (std::log(z / z0) - psi_h(z / l_m) + psi_h(z0 / l_m)) / (0.4 * us);
  return ra > 1.0 ? ra : 1.0;
}

/// Quasi-laminar resistance of a gas, Rb = 2/(k u*) (Sc/Pr)^(2/3) (Wesely and Hicks 1977).
inline double gas_rb(double dratio, double ustar) noexcept {
  const double nu = 1.5e-5, d_h2o = 2.4e-5, pr = 0.72;
  const double sc = nu / (d_h2o / dratio);
  const double us = ustar > 0.01 ? ustar : 0.01;
  return 2.0 / (0.4 * us) * std::pow(sc / pr, 2.0 / 3.0);
}

/// Zhang et al. (2001) Table 3 parameters for the Wesely categories (summer values mapped:
/// urban 15, crops 7, grass 6, deciduous 4, needleleaf 1, mixed 5, water 13, desert 8,
/// wetland 11, crop/grass 7, shrubs 10).
struct ZhangParams {
  double alpha, gamma, a_mm;  ///< a_mm <= 0: smooth surface (no interception)
};
inline ZhangParams zhang_params(int luc) noexcept {
  static const ZhangParams p[11] = {{1.5, 0.56, 10.0}, {1.2, 0.54, 2.0}, {1.2, 0.54, 2.0},   {0.8, 0.56, 5.0},
                                    {1.0, 0.56, 2.0},  {0.8, 0.56, 5.0}, {100.0, 0.50, 0.0}, {50.0, 0.54, 0.0},
                                    {2.0, 0.54, 10.0}, {1.2, 0.54, 2.0}, {1.3, 0.54, 10.0}};
  return p[(luc < 1 ? 1 : (luc > 11 ? 11 : luc)) - 1];
}

/// Cunningham slip correction [1] for diameter dp_m at mean free path 0.065 um.
inline double slip_correction(double dp_m) noexcept {
  const double lam = 0.065e-6;
  return 1.0 + 2.0 * lam / dp_m * (1.257 + 0.4 * std::exp(-0.55 * dp_m / lam));
}

/// Stokes settling velocity [m s-1].
inline double settling_velocity_m_s(double dp_m, double rho_p_kg_m3, double t_k) noexcept {
  const double mu = 1.458e-6 * std::pow(t_k, 1.5) / (t_k + 110.4);  // Sutherland
  return rho_p_kg_m3 * dp_m * dp_m * 9.81 * slip_correction(dp_m) / (18.0 * mu);
}

/// Particle deposition velocity vd = vg + 1/(Ra + Rs) [m s-1] (Zhang et al. 2001 eqs. 1-7).
inline double particle_vd_m_s(double dp_m, double rho_p_kg_m3, double t_k, double ustar, double ra, int luc) noexcept {
  const double mu = 1.458e-6 * std::pow(t_k, 1.5) / (t_k + 110.4);
  const double nu = mu / 1.2;
  const double vg = settling_velocity_m_s(dp_m, rho_p_kg_m3, t_k);
  const double db = 1.380649e-23 * t_k * slip_correction(dp_m) / (3.0 * 3.14159265358979 * mu * dp_m);
  const ZhangParams z = zhang_params(luc);
  const double us = ustar > 0.01 ? ustar : 0.01;
  const double eb = std::pow(nu / db, -z.gamma);
  double st, ein = 0.0;
  if (z.a_mm > 0.0) {
    st = vg * us / (9.81 * z.a_mm * 1e-3);
    const double r = dp_m / (z.a_mm * 1e-3);
    ein = 0.5 * r * r;
  } else {
    st = vg * us * us / nu;
  }
  const double eim = (st / (z.alpha + st)) * (st / (z.alpha + st));
  const double r1 = std::exp(-std::sqrt(st));
  const double rs = 1.0 / (3.0 * us * (eb + eim + ein) * r1);
  return vg + 1.0 / (ra + rs);
}

/// Wesely category of a WRF land-use index; `modis`: IGBP-MODIS (20/21 classes), else USGS (24).
inline int wesely_category(int lu, bool modis) noexcept {
  static const int usgs[25] = {7, 1, 2, 2, 2, 10, 10, 3, 11, 3, 3, 4, 4, 6, 5, 6, 7, 9, 6, 8, 11, 11, 11, 8, 8};
  static const int igbp[22] = {7, 5, 6, 5, 4, 6, 11, 11, 3, 3, 3, 9, 2, 1, 10, 8, 8, 7, 11, 11, 8, 7};
  if (modis) return (lu >= 1 && lu <= 21) ? igbp[lu] : 7;
  return (lu >= 1 && lu <= 24) ? usgs[lu] : 7;
}

}  // namespace lantian::deposition

namespace lantian::deposition {

/// Gas deposition velocity 1/(Ra + Rb + Rc) [m s-1] at reference height z_m.
inline double gas_vd_m_s(const GasDepParams& g, int season, int luc, double srad_w_m2, double ts_c, double z_m,
                         double z0_m, double ustar, double l_m) noexcept {
  const double ra = aerodynamic_resistance(z_m, z0_m, ustar, l_m);
  const double rb = gas_rb(g.dratio, ustar);
  const double rc = wesely_rc(g, season, luc, srad_w_m2, ts_c);
  return 1.0 / (ra + rb + rc);
}

/// Wesely season (1..5) of a month (1..12) in the northern hemisphere (add 6 months in the
/// southern); winter months are season 4 (snow, subfreezing) when t2 < 271.15 K, else 3.
inline int wesely_season(int month, double t2_k, bool southern) noexcept {
  int m = southern ? ((month + 5) % 12) + 1 : month;
  if (m == 12 || m == 1 || m == 2) return t2_k < 271.15 ? 4 : 3;
  if (m >= 3 && m <= 5) return 5;
  if (m >= 6 && m <= 8) return 1;
  if (m == 9 || m == 10) return 2;
  return 3;
}

}  // namespace lantian::deposition
