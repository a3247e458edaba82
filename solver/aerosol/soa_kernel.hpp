#pragma once
// Secondary organic aerosol by two-product absorptive partitioning (Odum et al. 1996, Environ.
// Sci. Technol. 30, 2580-2585, doi:10.1021/es950943+; Pankow 1994): aromatics (Odum et al.
// 1996/1997), isoprene (Kroll et al. 2006, doi:10.1021/es0524301), monoterpenes (Griffin et al.
// 1999, doi:10.1029/1998JD100049). Partitioning coefficients scale with temperature by
// Clausius-Clapeyron (dH = 42 kJ mol-1, Chung and Seinfeld 2002).
#include <cmath>

namespace lantian::aerosol {

/// Two products of one precursor class: mass yields alpha [1] and K_om at 298 K [m3 ug-1].
struct SoaPrecursor {
  const char* name;
  double mw_g_mol;
  double alpha[2];
  double k298_m3_ug[2];
};

/// K_om(T) [m3 ug-1] (Sheehan and Bowman 2001 form: T/Tref exp(dH/R (1/T - 1/Tref))).
inline double kom_at(double k298, double t_k, double dh_j_mol) noexcept {
  return k298 * (t_k / 298.0) * std::exp(dh_j_mol / 8.314462618 * (1.0 / t_k - 1.0 / 298.0));
}

/// Organic aerosol mass M [ug m-3] in equilibrium with `n` semi-volatile products of totals
/// c_tot[p] (gas + new particle) [ug m-3] and K[p], absorbing into M0 of existing organics
/// (which stay in the particle): M = M0 + sum_p c_tot K M / (1 + K M). f(M) = M0 - M + sum(...)
/// is concave, so Newton from the upper bound M0 + sum c_tot (where f <= 0) descends
/// monotonically onto the largest root: deterministic, a handful of iterations.
inline double soa_absorbing_mass(const double* c_tot, const double* k, int n, double m0) noexcept {
  double tot = 0.0;
  for (int p = 0; p < n; ++p) tot += c_tot[p];
  if (tot <= 0.0) return m0;
  double m = m0 + tot;
  for (int it = 0; it < 100; ++it) {
    double f = m0 - m, df = -1.0;
    for (int p = 0; p < n; ++p) {
      const double d = 1.0 + k[p] * m;
      f += c_tot[p] * k[p] * m / d;
      df += c_tot[p] * k[p] / (d * d);
    }
    if (f >= 0.0 || df >= 0.0) break;  // at the root (round-off) or no descent left
    const double next = m - f / df;
    if (next < m0) {
      m = m0;
      break;
    }
    if (m - next <= 1e-15 * m) {
      m = next;
      break;
    }
    m = next;
  }
  return m;
}

}  // namespace lantian::aerosol
