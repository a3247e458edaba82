#pragma once
// Fallbacks for surface-layer and boundary-layer fields that a WRF file may lack (wrfinput
// files, post-processed output without PBLH, UST or HFX).
//
// PBLH: bulk Richardson number method of Vogelezang & Holtslag (1996), Boundary-Layer Meteorol.
// 81, 245-269, doi:10.1007/BF02430331, their eq. (3):
//   Ri_b(z) = (g / thv_s) (thv(z) - thv_s) (z - z_s) / ((u(z) - u_s)^2 + (v(z) - v_s)^2 + b u*^2)
// with the reference level s the lowest model layer (thv: virtual potential temperature [K],
// z: height above ground of the layer middle [m], u, v: wind [m s-1]), b = 100 and the
// boundary-layer top where Ri_b first reaches the critical value Ri_c = 0.25 (the value of
// many CTMs and of WRF's YSU scheme for stable layers), interpolated linearly between levels.
// No convective temperature excess is added, so convective layers come out somewhat shallower
// than in schemes that add one.
//
// UST: the neutral logarithmic wind law u* = k |U(z1)| / ln(z1 / z0) at the lowest layer's
// middle height z1 with the roughness length z0 (WRF's ZNT, or 0.1 m over land and 1e-4 m over
// water), k = 0.4 (von Karman); floored at 0.01 m s-1 for calm air. Stability is ignored
// (no fluxes to compute it from), which underestimates u* by day and overestimates it at night.
//
// All functions are pure, noexcept kernels (no I/O, no allocation).

namespace lantian::meteo {

/// Critical bulk Richardson number of the PBLH diagnosis [1].
inline constexpr double k_ri_critical = 0.25;
/// Weight b of the surface-friction term b u*^2 (Vogelezang & Holtslag 1996) [1].
inline constexpr double k_ri_b_ustar = 100.0;

/// Boundary-layer height [m above ground] of one column from `nz` layers (index 0 lowest):
/// heights `z_m` of the layer middles [m], virtual potential temperature `thv_k` [K], wind
/// components `u_m_s`, `v_m_s` [m s-1] at the same points, friction velocity `ustar_m_s`.
/// Returns the height where Ri_b reaches Ri_c (linear in Ri_b between layers), the top layer's
/// height when it never does, and never less than z_m[0].
double pblh_bulk_richardson_m(const double* z_m, const double* thv_k, const double* u_m_s, const double* v_m_s, int nz,
                              double ustar_m_s, double ri_critical = k_ri_critical) noexcept;

/// Friction velocity [m s-1] from the neutral log law with wind speed `wind_m_s` at height
/// `z_m` [m] over roughness length `z0_m` [m] (floored at 0.01 m s-1).
double ustar_log_law_m_s(double wind_m_s, double z_m, double z0_m) noexcept;

}  // namespace lantian::meteo
