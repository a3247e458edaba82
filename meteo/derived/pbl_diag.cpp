#include "meteo/derived/pbl_diag.hpp"

#include <algorithm>
#include <cmath>

#include "solver/core/constants.hpp"

namespace lantian::meteo {

double pblh_bulk_richardson_m(const double* z_m, const double* thv_k, const double* u_m_s, const double* v_m_s, int nz,
                              double ustar_m_s, double ri_critical) noexcept {
  if (nz <= 0) return 0.0;
  const double g = constants::k_gravity_m_s2;
  const double fric = k_ri_b_ustar * ustar_m_s * ustar_m_s;
  double ri_prev = 0.0;  // Ri_b at the reference level
  for (int k = 1; k < nz; ++k) {
    const double du = u_m_s[k] - u_m_s[0], dv = v_m_s[k] - v_m_s[0];
    const double shear = std::max(du * du + dv * dv + fric, 1e-6);  // [m2 s-2], avoids 0/0
    const double ri = g / thv_k[0] * (thv_k[k] - thv_k[0]) * (z_m[k] - z_m[0]) / shear;
    if (ri >= ri_critical) {
      const double w = (ri_critical - ri_prev) / (ri - ri_prev);
      return std::max(z_m[0], z_m[k - 1] + w * (z_m[k] - z_m[k - 1]));
    }
    ri_prev = ri;
  }
  return z_m[nz - 1];
}

double ustar_log_law_m_s(double wind_m_s, double z_m, double z0_m) noexcept {
  const double z0 = std::max(z0_m, 1e-5);
  const double ratio = std::max(z_m / z0, 1.01);  // the layer middle lies above z0
  return std::max(0.01, constants::k_von_karman * std::fabs(wind_m_s) / std::log(ratio));
}

}  // namespace lantian::meteo
