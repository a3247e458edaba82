#include "meteo/derived/pbl_kz.hpp"

#include <algorithm>
#include <cmath>

#include "solver/core/constants.hpp"

namespace lantian::meteo {

namespace {
using constants::k_cp_j_kg_k;
using constants::k_gravity_m_s2;
using constants::k_von_karman;

// Stability functions of Holtslag & Boville (1993), appendix: stable phi_h = 1 + 5 z/L for
// 0 <= z/L <= 1 and 5 + z/L beyond; unstable phi_h = (1 - 15 z/L)^(-1/2), phi_m = (1 - 15
// z/L)^(-1/3).
double phi_h(double zeta) {
  if (zeta >= 0.0) return zeta <= 1.0 ? 1.0 + 5.0 * zeta : 5.0 + zeta;
  return 1.0 / std::sqrt(1.0 - 15.0 * zeta);
}
double phi_m(double zeta) {
  if (zeta >= 0.0) return zeta <= 1.0 ? 1.0 + 5.0 * zeta : 5.0 + zeta;
  return 1.0 / std::cbrt(1.0 - 15.0 * zeta);
}
}  // namespace

double monin_obukhov_length_m(double ustar, double hfx, double rho, double theta_v) noexcept {
  const double us = std::max(ustar, 1e-3);
  const double wt = hfx / (rho * k_cp_j_kg_k);  // kinematic heat flux [K m s-1]
  if (std::fabs(wt) < 1e-9) return 1e6;
  return -us * us * us * theta_v / (k_von_karman * k_gravity_m_s2 * wt);
}

double convective_velocity_m_s(double hfx, double rho, double theta_v, double pblh) noexcept {
  if (hfx <= 0.0 || pblh <= 0.0) return 0.0;
  const double wt = hfx / (rho * k_cp_j_kg_k);
  return std::cbrt(k_gravity_m_s2 / theta_v * wt * pblh);
}

double kz_holtslag_boville_m2_s(double z, double h, double ustar, double l, double wstar) noexcept {
  if (z <= 0.0 || h <= 0.0 || z >= h) return 0.0;
  const double us = std::max(ustar, 1e-3);
  const double shape = z * (1.0 - z / h) * (1.0 - z / h);
  double wt = 0.0;
  if (l > 0.0 || wstar <= 0.0) {
    // Stable or neutral: w_t = u* / phi_h(z/L) (HB93 eq. 3.4 with the stable phi_h).
    wt = us / phi_h(l > 0.0 ? z / l : 0.0);
  } else if (z <= 0.1 * h) {
    // Unstable surface layer: w_t = u* / phi_h(z/L).
    wt = us / phi_h(z / l);
  } else {
    // Unstable outer layer (HB93 eqs. 3.5-3.7): w_m = (u*^3 + 0.6 w*^3)^(1/3),
    // Pr = phi_h/phi_m at z = 0.1 h + a k 0.1 w*/w_m with a = 7.2, w_t = w_m / Pr.
    const double wm = std::cbrt(us * us * us + 0.6 * wstar * wstar * wstar);
    const double zeta_s = 0.1 * h / l;
    const double pr = phi_h(zeta_s) / phi_m(zeta_s) + 7.2 * k_von_karman * 0.1 * wstar / wm;
    wt = wm / pr;
  }
  return k_von_karman * wt * shape;
}

}  // namespace lantian::meteo
