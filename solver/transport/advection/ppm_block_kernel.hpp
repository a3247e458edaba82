#pragma once
// The PPM line kernel of ppm_kernel.hpp (Colella & Woodward 1984, J. Comput. Phys. 54, 174-201,
// doi:10.1016/0021-9991(84)90143-8) rearranged for speed, with the same arithmetic per cell in
// the same order, so its results are bit for bit those of ppm_advect_line:
//  - the work that depends only on the air-mass fluxes (outflow fraction, the coefficients of
//    the swept parabola's mean, the new air mass) is done once per line and shared by all
//    species (ppm_face_coefficients);
//  - every branch is a select (both sides computed, one kept), so the loops vectorise; the
//    upwind cell's mean is written once for both flux signs with signed coefficients, which is
//    exact because IEEE negation is exact (x - y == x + (-y), -(a b) == (-a) b);
//  - ppm_advect_row runs one contiguous line (the x sweep) in stages over the line;
//    ppm_advect_lanes runs B lines side by side (the y and z sweeps: B neighbouring columns i,
//    contiguous in memory) in one pass along the line, and writes the result in place, asking
//    for the same lines of the next species as it goes (a prefetch hint, no value read).
// Pure functions: no MPI, no I/O, no allocation.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "solver/transport/advection/ppm_kernel.hpp"

/// Kernels are inlined into their callers, so that a caller compiled for a wider instruction set
/// (ppm_advection.cpp) gets them in that instruction set.
#define LANTIAN_PPM_INLINE [[gnu::always_inline]] inline

namespace lantian::transport {

/// Lines advected side by side by ppm_advect_lanes in the y and z sweeps: 8 doubles, one
/// 64-byte cache line of a row.
inline constexpr int k_ppm_lanes = 8;

/// ppm_slope without branches (same bits).
LANTIAN_PPM_INLINE double ppm_slope_select(double qm, double q, double qp) noexcept {
  const double dl = q - qm, dr = qp - q;
  const double d = 0.5 * (qp - qm);
  const double lim = 2.0 * std::min(std::fabs(dl), std::fabs(dr));
  const double s = std::copysign(std::min(std::fabs(d), lim), d);
  return dl * dr <= 0.0 ? 0.0 : s;
}

/// Value at the face between cells with mixing ratios q_lo, q_hi and slopes s_lo, s_hi (CW84
/// eq. 1.6 on a uniform index grid).
LANTIAN_PPM_INLINE double ppm_edge(double q_lo, double q_hi, double s_lo, double s_hi) noexcept {
  return q_lo + 0.5 * (q_hi - q_lo) - (s_hi - s_lo) / 6.0;
}

/// The limited parabola (CW84 eq. 1.10) of a cell with mean q between face values e_lo, e_hi,
/// as its left and right values ql, qr, dq = qr - ql and q6 = 6 (q - (ql + qr) / 2).
LANTIAN_PPM_INLINE void ppm_parabola(double e_lo, double q, double e_hi, double& ql, double& qr, double& dq,
                                     double& q6) noexcept {
  const bool flat = (e_hi - q) * (q - e_lo) <= 0.0;
  const double d = e_hi - e_lo;
  const double c6 = 6.0 * (q - 0.5 * (e_lo + e_hi));
  const bool steep_l = d * c6 > d * d;
  const bool steep_r = !steep_l & (-d * d > d * c6);  // & not &&: no branch
  const double l = steep_l ? 3.0 * q - 2.0 * e_hi : e_lo;
  const double r = steep_r ? 3.0 * q - 2.0 * e_lo : e_hi;
  ql = flat ? q : l;
  qr = flat ? q : r;
  dq = qr - ql;
  q6 = 6.0 * (q - 0.5 * (ql + qr));
}

/// Coefficients of a face that depend only on the air mass: with fl the air mass crossing it
/// [kg] (positive toward increasing index), m_lo and m_hi the air masses of the cells either
/// side [kg], and sigma the outflow fraction of the upwind cell, the tracer flux is
/// fl (e + a (dq + b q6)) with the upwind cell's facing value e: a = -/+ sigma/2 and
/// b = -/+ (1 - 2 sigma/3) for fl > 0 / fl <= 0.
LANTIAN_PPM_INLINE void ppm_face_coefficients(double fl, double m_lo, double m_hi, double& a, double& b) noexcept {
  const bool pos = fl > 0.0;
  const double mu = pos ? m_lo : m_hi;
  const double out = pos ? fl : -fl;
  const double sigma = std::min(out / mu, 1.0);
  const double ha = 0.5 * sigma;
  const double hb = 1.0 - 2.0 / 3.0 * sigma;
  a = pos ? -ha : ha;
  b = pos ? -hb : hb;
}

/// Tracer flux through a face [mixing ratio x kg] from the parabolas of the cells below (lo)
/// and above (hi) it; zero when no air crosses.
LANTIAN_PPM_INLINE double ppm_face_flux(double fl, double a, double b, double qr_lo, double dq_lo, double q6_lo,
                                        double ql_hi, double dq_hi, double q6_hi) noexcept {
  const bool pos = fl > 0.0;
  const double e = pos ? qr_lo : ql_hi;
  const double dq = pos ? dq_lo : dq_hi;
  const double q6 = pos ? q6_lo : q6_hi;
  const double g = fl * (e + a * (dq + b * q6));
  return (pos | (fl < 0.0)) ? g : 0.0;  // | not ||: no branch
}

/// New mixing ratio of a cell from its air mass m before and m_new after the step [kg] and the
/// tracer fluxes through its lower and upper faces.
LANTIAN_PPM_INLINE double ppm_update(double m, double q, double g_lo, double g_hi, double m_new) noexcept {
  return (m * q - (g_hi - g_lo)) / m_new;
}

/// Shared work of one contiguous line of n cells: m (cell 0; valid -1..n) air mass [kg],
/// fl[0..n] air mass through the faces [kg]. Out: a[0..n], b[0..n] (ppm_face_coefficients),
/// m_new[0..n-1] [kg].
LANTIAN_PPM_INLINE void ppm_row_coefficients(const double* __restrict m, const double* __restrict fl, int n,
                                             double* __restrict a, double* __restrict b,
                                             double* __restrict m_new) noexcept {
  for (int f = 0; f <= n; ++f) ppm_face_coefficients(fl[f], m[f - 1], m[f], a[f], b[f]);
  for (int c = 0; c < n; ++c) m_new[c] = m[c] - (fl[c + 1] - fl[c]);
}

/// Scratch of ppm_advect_row for lines of up to n cells (sizes as ppm_advect_row says).
struct PpmRowScratch {
  double *slope, *edge, *ql, *qr, *dq, *q6;
};

/// Advects one contiguous line of n cells in place: q (cell 0) holds the mixing ratios of cells
/// -3..n+2 and gets those of cells 0..n-1 after the step; m (cell 0) the air mass of cells
/// 0..n-1 at the start [kg]; fl, a, b, m_new as ppm_row_coefficients gives them. Out: g[0..n]
/// the tracer flux through each face [mixing ratio x kg]. Scratch: slope n+4, edge n+3, ql, qr,
/// dq, q6 n+2 each.
LANTIAN_PPM_INLINE void ppm_advect_row(double* __restrict q, const double* __restrict m, const double* __restrict fl,
                                       const double* __restrict a, const double* __restrict b,
                                       const double* __restrict m_new, int n, double* __restrict g,
                                       PpmRowScratch w) noexcept {
  double* __restrict slope = w.slope;  // cells -2..n+1
  double* __restrict edge = w.edge;    // faces -1..n+1 (face f below cell f)
  double* __restrict ql = w.ql;        // cells -1..n
  double* __restrict qr = w.qr;
  double* __restrict dq = w.dq;
  double* __restrict q6 = w.q6;
  for (int c = -2; c <= n + 1; ++c) slope[c + 2] = ppm_slope_select(q[c - 1], q[c], q[c + 1]);
  for (int f = -1; f <= n + 1; ++f) edge[f + 1] = ppm_edge(q[f - 1], q[f], slope[f + 1], slope[f + 2]);
  for (int c = -1; c <= n; ++c)
    ppm_parabola(edge[c + 1], q[c], edge[c + 2], ql[c + 1], qr[c + 1], dq[c + 1], q6[c + 1]);
  for (int f = 0; f <= n; ++f)
    g[f] = ppm_face_flux(fl[f], a[f], b[f], qr[f], dq[f], q6[f], ql[f + 1], dq[f + 1], q6[f + 1]);
  for (int c = 0; c < n; ++c) q[c] = ppm_update(m[c], q[c], g[c], g[c + 1], m_new[c]);
}

/// Shared work of B lines side by side: m[c] (c = -1..n; pointer array indexed from cell 0)
/// points to the B air masses of cell c [kg]; fl[f B + l] the air mass through face f of line
/// l [kg]. Out: a, b ((n+1) B each), m_new (n B) [kg], laid out as fl.
template <int B>
LANTIAN_PPM_INLINE void ppm_lanes_coefficients(const double* const* m, const double* __restrict fl, int n,
                                               double* __restrict a, double* __restrict b,
                                               double* __restrict m_new) noexcept {
  for (int f = 0; f <= n; ++f) {
    const double* __restrict lo = m[f - 1];
    const double* __restrict hi = m[f];
#pragma omp simd
    for (int l = 0; l < B; ++l) ppm_face_coefficients(fl[f * B + l], lo[l], hi[l], a[f * B + l], b[f * B + l]);
  }
  for (int c = 0; c < n; ++c) {
    const double* __restrict mc = m[c];
    for (int l = 0; l < B; ++l) m_new[c * B + l] = mc[l] - (fl[(c + 1) * B + l] - fl[c * B + l]);
  }
}

/// dst[0..B-1] = src[0..B-1].
template <int B>
LANTIAN_PPM_INLINE void ppm_copy_lanes(double* __restrict dst, const double* __restrict src) noexcept {
  for (int l = 0; l < B; ++l) dst[l] = src[l];
}

/// Asks for the cache lines of B lanes at p displaced by `offset` bytes, to be written: a hint,
/// which reads nothing, so any address will do.
template <int B>
LANTIAN_PPM_INLINE void ppm_prefetch_lanes(const double* p, std::ptrdiff_t offset) noexcept {
  const auto at = reinterpret_cast<std::uintptr_t>(p) + static_cast<std::uintptr_t>(offset);
  __builtin_prefetch(reinterpret_cast<const void*>(at), 1);
  if constexpr (B > 1) __builtin_prefetch(reinterpret_cast<const void*>(at + (B - 1) * sizeof(double)), 1);
}

/// Advects B lines of n cells side by side, in place, in one pass along the lines: q[c]
/// (c = -3..n+2; pointer array indexed from cell 0) points to the B mixing ratios of cell c;
/// cells 0..n-1 get the values after the step. Ghost rows may alias rows 0 or n-1 (a
/// zero-gradient boundary): row c is written only after the last read of rows c..c+3. m[c]
/// (c = 0..n-1) points to the B air masses at the start [kg]; fl, a, b, m_new as
/// ppm_lanes_coefficients gives them. Out: g_lo[l], g_hi[l], the tracer flux through faces 0
/// and n of line l [mixing ratio x kg]. With `next` non-zero, the rows 0..n-1 displaced by
/// `next` bytes (the same lines of the species advected next) are fetched into the cache as
/// the pass goes (a hint only: nothing there is read or written).
template <int B>
LANTIAN_PPM_INLINE void ppm_advect_lanes(double* const* q, const double* const* m, const double* __restrict fl,
                                         const double* __restrict a, const double* __restrict b,
                                         const double* __restrict m_new, int n, double* __restrict g_lo,
                                         double* __restrict g_hi, std::ptrdiff_t next = 0) noexcept {
  // Rolling state, B wide each, at step t: mixing ratios of cells t-1, t, t+1, t+2 (qa..qd),
  // slope of cell t (s0), edge of face t (e0), parabola of cell t-1 (*_lo), tracer flux through
  // face t-1 (g0). Local arrays, so the compiler sees they alias nothing.
  double qa[B], qb[B], qc[B], qd[B], s0[B], s1[B], e0[B], e1[B], g0[B] = {}, g1[B], out[B];
  double ql_lo[B] = {}, qr_lo[B] = {}, dq_lo[B] = {}, q6_lo[B] = {}, ql_hi[B], qr_hi[B], dq_hi[B], q6_hi[B];
  // Before step t = -1: cells -2, -1, 0; slope of cell -1; edge of face -1.
  ppm_copy_lanes<B>(qd, q[-3]);
  ppm_copy_lanes<B>(qa, q[-2]);
  ppm_copy_lanes<B>(qb, q[-1]);
  ppm_copy_lanes<B>(qc, q[0]);
#pragma omp simd
  for (int l = 0; l < B; ++l) {
    const double s_m2 = ppm_slope_select(qd[l], qa[l], qb[l]);
    s0[l] = ppm_slope_select(qa[l], qb[l], qc[l]);
    e0[l] = ppm_edge(qa[l], qb[l], s_m2, s0[l]);
  }
  for (int t = -1; t <= n; ++t) {
    if (next != 0 && t + 2 >= 0 && t + 2 < n) ppm_prefetch_lanes<B>(q[t + 2], next);
    ppm_copy_lanes<B>(qd, q[t + 2]);
#pragma omp simd
    for (int l = 0; l < B; ++l) {
      s1[l] = ppm_slope_select(qb[l], qc[l], qd[l]);                              // cell t+1
      e1[l] = ppm_edge(qb[l], qc[l], s0[l], s1[l]);                               // face t+1
      ppm_parabola(e0[l], qb[l], e1[l], ql_hi[l], qr_hi[l], dq_hi[l], q6_hi[l]);  // cell t
    }
    if (t >= 0) {
      const double* __restrict ft = fl + static_cast<long>(t) * B;
      const double* __restrict at = a + static_cast<long>(t) * B;
      const double* __restrict bt = b + static_cast<long>(t) * B;
#pragma omp simd
      for (int l = 0; l < B; ++l)  // face t
        g1[l] = ppm_face_flux(ft[l], at[l], bt[l], qr_lo[l], dq_lo[l], q6_lo[l], ql_hi[l], dq_hi[l], q6_hi[l]);
      if (t == 0) ppm_copy_lanes<B>(g_lo, g1);
      if (t == n) ppm_copy_lanes<B>(g_hi, g1);
      if (t >= 1) {  // cell t-1: rows t-1..t+2 have been read
        const double* __restrict mt = m[t - 1];
        const double* __restrict mn = m_new + static_cast<long>(t - 1) * B;
#pragma omp simd
        for (int l = 0; l < B; ++l) out[l] = ppm_update(mt[l], qa[l], g0[l], g1[l], mn[l]);
        ppm_copy_lanes<B>(q[t - 1], out);
      }
      ppm_copy_lanes<B>(g0, g1);
    }
    ppm_copy_lanes<B>(qa, qb);
    ppm_copy_lanes<B>(qb, qc);
    ppm_copy_lanes<B>(qc, qd);
    ppm_copy_lanes<B>(s0, s1);
    ppm_copy_lanes<B>(e0, e1);
    ppm_copy_lanes<B>(ql_lo, ql_hi);
    ppm_copy_lanes<B>(qr_lo, qr_hi);
    ppm_copy_lanes<B>(dq_lo, dq_hi);
    ppm_copy_lanes<B>(q6_lo, q6_hi);
  }
}

}  // namespace lantian::transport
