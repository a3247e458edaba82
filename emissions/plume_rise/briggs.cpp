// Briggs plume rise (see briggs.hpp).
#include "emissions/plume_rise/briggs.hpp"

#include <algorithm>
#include <cmath>

#include "solver/core/constants.hpp"

namespace lantian::emis {

double briggs_buoyancy_flux(double v, double d, double ts, double ta) noexcept {
  if (!(ts > ta)) return 0.0;
  return constants::k_gravity_m_s2 * v * d * d * 0.25 * (ts - ta) / ts;
}

double briggs_rise_m(double f, double u, double dtheta_dz, double ta) noexcept {
  if (!(f > 0.0)) return 0.0;
  u = std::max(u, 1.0);
  if (dtheta_dz > 0.005) {
    const double s = constants::k_gravity_m_s2 / ta * dtheta_dz;
    const double windy = 2.6 * std::cbrt(f / (u * s));
    const double calm = 4.0 * std::pow(f, 0.25) * std::pow(s, -0.375);
    return std::min(windy, calm);
  }
  return f < 55.0 ? 21.425 * std::pow(f, 0.75) / u : 38.71 * std::pow(f, 0.6) / u;
}

std::vector<double> plume_layer_fractions(double hs, double rise, const std::vector<double>& z) {
  const size_t nz = z.size() - 1;
  std::vector<double> frac(nz, 0.0);
  const double h = hs + rise;
  const double bot = std::max(z.front(), h - 0.5 * rise), top = h + 0.5 * rise;
  if (bot >= z.back()) {
    frac[nz - 1] = 1.0;
    return frac;
  }
  if (top - bot <= 0.0) {  // no rise: the layer that contains the stack top
    for (size_t k = 0; k < nz; ++k)
      if (h < z[k + 1] || k == nz - 1) {
        frac[k] = 1.0;
        return frac;
      }
  }
  double sum = 0.0;
  for (size_t k = 0; k < nz; ++k) {
    const double lo = std::max(bot, z[k]), hi = std::min(top, k == nz - 1 ? std::max(top, z[k + 1]) : z[k + 1]);
    if (hi > lo) frac[k] = hi - lo;
    sum += frac[k];
  }
  for (auto& f : frac) f /= sum;
  return frac;
}

}  // namespace lantian::emis
