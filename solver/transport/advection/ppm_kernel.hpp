#pragma once
// One-dimensional piecewise parabolic method (Colella & Woodward 1984, J. Comput. Phys. 54,
// 174-201, doi:10.1016/0021-9991(84)90143-8) in flux form on a line of cells with mass
// weighting: the air mass of each cell and the air-mass flux through each face are given, and
// the mixing ratio is reconstructed in index space (each cell one unit wide, the fraction of a
// cell's air that crosses a face in the step is its Courant number). With the monotonicity
// limiter of CW84 (their eqs. 1.8 and 1.10) the scheme is monotone and positive-definite for
// outflow fractions up to 1; it conserves tracer mass exactly (fluxes are shared by the two
// cells of a face) and keeps a uniform mixing ratio uniform whatever the air-mass fluxes.
// Pure functions: no MPI, no I/O, no allocation.
#include <algorithm>
#include <cmath>

namespace lantian::transport {

/// Halo cells a line needs on each side.
inline constexpr int k_ppm_halo = 3;

/// Limited slope of CW84 eq. 1.8 at cell c from its neighbours.
inline double ppm_slope(double qm, double q, double qp) noexcept {
  const double dl = q - qm, dr = qp - q;
  if (dl * dr <= 0.0) return 0.0;
  const double d = 0.5 * (qp - qm);
  const double lim = 2.0 * std::min(std::fabs(dl), std::fabs(dr));
  return std::copysign(std::min(std::fabs(d), lim), d);
}

/// Reconstructs, for cells 0..n-1 of a line, the limited parabola edges (qL, qR) from the
/// mixing ratios q[-3..n+2] (pointer to cell 0; entries before and after must be valid).
/// Scratch `edge` holds n+1 face values, `slope` n+2 slopes (cells -1..n).
inline void ppm_reconstruct(const double* q, int n, double* slope, double* edge, double* ql, double* qr) noexcept {
  for (int c = -1; c <= n; ++c) slope[c + 1] = ppm_slope(q[c - 1], q[c], q[c + 1]);
  // Face f lies between cells f-1 and f (CW84 eq. 1.6 on a uniform index grid).
  for (int f = 0; f <= n; ++f) edge[f] = q[f - 1] + 0.5 * (q[f] - q[f - 1]) - (slope[f + 1] - slope[f]) / 6.0;
  for (int c = 0; c < n; ++c) {
    double a_l = edge[c], a_r = edge[c + 1];
    const double a = q[c];
    if ((a_r - a) * (a - a_l) <= 0.0) {
      a_l = a;
      a_r = a;
    } else {
      const double d = a_r - a_l;
      const double q6 = 6.0 * (a - 0.5 * (a_l + a_r));
      if (d * q6 > d * d) a_l = 3.0 * a - 2.0 * a_r;
      else if (-d * d > d * q6) a_r = 3.0 * a - 2.0 * a_l;
    }
    ql[c] = a_l;
    qr[c] = a_r;
  }
}

/// Mean mixing ratio of the part of cell (qL, q, qR) that leaves through its right face when
/// a fraction `sigma` of its air does (0 < sigma <= 1).
inline double ppm_right_mean(double ql, double q, double qr, double sigma) noexcept {
  const double dq = qr - ql, q6 = 6.0 * (q - 0.5 * (ql + qr));
  return qr - 0.5 * sigma * (dq - (1.0 - 2.0 / 3.0 * sigma) * q6);
}
/// The same for the left face.
inline double ppm_left_mean(double ql, double q, double qr, double sigma) noexcept {
  const double dq = qr - ql, q6 = 6.0 * (q - 0.5 * (ql + qr));
  return ql + 0.5 * sigma * (dq + (1.0 - 2.0 / 3.0 * sigma) * q6);
}

/// Advects one line by one step. Inputs: q[-3..n+2] mixing ratios (cell 0 at q), m[-1..n]
/// air masses [kg] at the start (pointer to cell 0), air_flux[0..n] air mass crossing each face
/// in the step [kg] (face f between cells f-1 and f, positive toward increasing index).
/// Outputs: tracer_flux[0..n] (mixing ratio x kg), and, for cells 0..n-1, the new air mass
/// m_new and the new mixing ratio q_new. m must be valid at -1 and n too. Scratch sizes:
/// slope n+4, edge n+3, ql and qr n+2 each (the parabolas of cells -1..n).
inline void ppm_advect_line(const double* q, const double* m, const double* air_flux, int n, double* tracer_flux,
                            double* m_new, double* q_new, double* slope, double* edge, double* ql,
                            double* qr) noexcept {
  // Parabolas for cells -1..n (the upwind cells of faces 0..n): reconstruct on the shifted line.
  ppm_reconstruct(q - 1, n + 2, slope, edge, ql, qr);  // ql[c+1], qr[c+1] belong to cell c
  for (int f = 0; f <= n; ++f) {
    const double fl = air_flux[f];
    double g = 0.0;
    if (fl > 0.0) {
      const int c = f - 1;
      const double sigma = std::min(fl / m[c], 1.0);
      g = fl * ppm_right_mean(ql[c + 1], q[c], qr[c + 1], sigma);
    } else if (fl < 0.0) {
      const int c = f;
      const double sigma = std::min(-fl / m[c], 1.0);
      g = fl * ppm_left_mean(ql[c + 1], q[c], qr[c + 1], sigma);
    }
    tracer_flux[f] = g;
  }
  for (int c = 0; c < n; ++c) {
    const double mn = m[c] - (air_flux[c + 1] - air_flux[c]);
    m_new[c] = mn;
    q_new[c] = (m[c] * q[c] - (tracer_flux[c + 1] - tracer_flux[c])) / mn;
  }
}

}  // namespace lantian::transport
