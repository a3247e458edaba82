// Rosenbrock kernels over a block of L cells (structure of arrays, cells fastest: item q of
// lane c at [q * L + c]); ROS3 and RODAS3 of Sandu et al. (1997, doi:10.1016/S1352-2310(97)00059-9)
// in the form of Hairer & Wanner (1996), with the sparse programs of ChemSystem.
//
// Included once per instruction set by block_kernel_<isa>.cpp, which defines
// LANTIAN_CHEM_ISA_NS (the namespace) and LANTIAN_CHEM_ISA_NAME first; hence no include guard.
// Everything here has internal linkage and uses no std:: containers or algorithms (only
// <cmath>'s builtins and libm's cbrt), so nothing compiled for one instruction set can be
// linked into the other. Every operation is an IEEE-754 add, multiply, divide, sqrt or a libm
// cbrt in a fixed order per lane, with no FMA contraction (ISO C++ mode; the kernel files are
// also compiled with -ffp-contract=off), so both variants and every lane count give bitwise
// identical results.
// Guarantees: a cell's arithmetic never involves another cell (per-lane step size, error and
// accept/reject), so results do not depend on the block size or on which lane a cell gets.
#include <cmath>

#include "solver/chemistry/rosenbrock/block_kernel_set.hpp"
#include "solver/chemistry/rosenbrock/rosenbrock_method.hpp"

#ifndef LANTIAN_CHEM_ISA_NS
#error "define LANTIAN_CHEM_ISA_NS before including block_kernel.hpp"
#endif

namespace lantian::chem::detail::LANTIAN_CHEM_ISA_NS {
namespace {

// With a compile-time lane count LC > 0 the kernels work on chunks of min(LC, 8) lanes held in
// native vectors (one AVX-512 register, two AVX2 or four SSE2 registers), so that each index
// read from the programs serves up to 8 lanes at once (the index loads and address arithmetic,
// not the flops, bound these sparse kernels) and each row's sum stays in registers and is
// stored once. With the run-time lane count (LC == 0): plain lane loops. Every lane sees the
// same operations in the same order in all variants.
#if !defined(__GNUC__)
#error "the chemistry block kernels use GCC/Clang vector extensions"
#endif
#if defined(__AVX512F__)
constexpr int k_w = 8;
#elif defined(__AVX__)
constexpr int k_w = 4;
#else
constexpr int k_w = 2;
#endif

/// min(LC, 8) lanes as nv native vectors of w lanes (GCC's generic vectors wider than the
/// registers compiled to code through memory, 4x slower; an array of native vectors with
/// constant indices stays in registers).
template <int LC>
struct Lanes {
  static constexpr int cw = LC < 8 ? LC : 8;
  static constexpr int w = cw < k_w ? cw : k_w;
  static constexpr int nv = cw / w;
  typedef double V __attribute__((vector_size(w * sizeof(double))));
  V v[nv];

  static Lanes load(const double* p) {
    Lanes r;
    for (int i = 0; i < nv; ++i) __builtin_memcpy(&r.v[i], p + i * w, sizeof(V));
    return r;
  }
  void store(double* p) const {
    for (int i = 0; i < nv; ++i) __builtin_memcpy(p + i * w, &v[i], sizeof(V));
  }
  static Lanes splat(double x) {
    Lanes r;
    for (int i = 0; i < nv; ++i) r.v[i] = V{} + x;
    return r;
  }
  Lanes& operator*=(const Lanes& o) {
    for (int i = 0; i < nv; ++i) v[i] *= o.v[i];
    return *this;
  }
  Lanes& operator+=(const Lanes& o) {
    for (int i = 0; i < nv; ++i) v[i] += o.v[i];
    return *this;
  }
  Lanes& operator-=(const Lanes& o) {
    for (int i = 0; i < nv; ++i) v[i] -= o.v[i];
    return *this;
  }
  friend Lanes operator*(Lanes a, const Lanes& b) { return a *= b; }
  friend Lanes operator-(Lanes a, const Lanes& b) { return a -= b; }
  friend Lanes operator*(double x, Lanes b) {
    for (int i = 0; i < nv; ++i) b.v[i] = x * b.v[i];
    return b;
  }
};
/// The vector path for compile-time lane counts.
template <int LC>
constexpr bool k_vec = LC > 0;

/// out = k x the product of y over reactant positions [p0, p1) except `skip` (when kSkip): a
/// reaction rate, or with skip = one reactant's position its partial derivative. (The
/// template flags keep the test and the multiply out of f's loops: without them SAPRC-99 ran
/// ~10 % slower in two alternating measurements.)
template <int LC, bool kSkip>
inline void product_row(int L, const double* __restrict kr, const int* var, int p0, int p1, int skip,
                        const double* __restrict y, double* __restrict out) {
  if constexpr (k_vec<LC>) {
    using V = Lanes<LC>;
    for (int c0 = 0; c0 < LC; c0 += V::cw) {
      V acc = V::load(kr + c0);
      for (int p = p0; p < p1; ++p)
        if (!kSkip || p - p0 != skip) acc *= V::load(y + static_cast<long>(var[p]) * LC + c0);
      acc.store(out + c0);
    }
  } else {
#pragma omp simd
    for (int c = 0; c < L; ++c) out[c] = kr[c];
    for (int p = p0; p < p1; ++p) {
      if (kSkip && p - p0 == skip) continue;
      const double* __restrict yv = y + static_cast<long>(var[p]) * L;
#pragma omp simd
      for (int c = 0; c < L; ++c) out[c] *= yv[c];
    }
  }
}

/// out = sum over entries [e0, e1) of (scale x coef[e]) x src row idx[e] (scale only when
/// kScale), from zero, in entry order: a species' net production, or one Jacobian nonzero
/// from its partials.
template <int LC, bool kScale>
inline void weighted_sum_row(int L, double scale, const double* coef, const int* idx, int e0, int e1,
                             const double* __restrict src, double* __restrict out) {
  if constexpr (k_vec<LC>) {
    using V = Lanes<LC>;
    for (int c0 = 0; c0 < LC; c0 += V::cw) {
      V acc = V::splat(0.0);
      for (int e = e0; e < e1; ++e)
        acc += (kScale ? scale * coef[e] : coef[e]) * V::load(src + static_cast<long>(idx[e]) * LC + c0);
      acc.store(out + c0);
    }
  } else {
#pragma omp simd
    for (int c = 0; c < L; ++c) out[c] = 0.0;
    for (int e = e0; e < e1; ++e) {
      const double ce = kScale ? scale * coef[e] : coef[e];
      const double* __restrict sr = src + static_cast<long>(idx[e]) * L;
#pragma omp simd
      for (int c = 0; c < L; ++c) out[c] += ce * sr[c];
    }
  }
}

/// f(y): reaction rates into w.rate, then each species' net production.
template <int LC>
void fun_k(const BlockWork& w, const double* __restrict y, const double* __restrict k, double* __restrict f) {
  const SysView& s = w.sys;
  const int L = LC > 0 ? LC : w.L;
  for (int r = 0; r < s.nr; ++r)
    product_row<LC, false>(L, k + static_cast<long>(r) * L, s.react_var, s.react_ptr[r], s.react_ptr[r + 1], -1, y,
                           w.rate + static_cast<long>(r) * L);
  for (int i = 0; i < s.n; ++i)
    weighted_sum_row<LC, false>(L, 1.0, s.prod_coef, s.prod_rxn, s.prod_ptr[i], s.prod_ptr[i + 1], w.rate,
                                f + static_cast<long>(i) * L);
}

/// jv = sign x J in the LU pattern (fill-in positions zero).
template <int LC>
void jac_k(const BlockWork& w, const double* __restrict y, const double* __restrict k, double* __restrict jv,
           double sign) {
  const SysView& s = w.sys;
  const int L = LC > 0 ? LC : w.L;
  for (int d = 0; d < s.ndr; ++d) {
    const int r = s.dr_rxn[d];
    product_row<LC, true>(L, k + static_cast<long>(r) * L, s.react_var, s.react_ptr[r], s.react_ptr[r + 1], s.dr_pos[d],
                          y, w.dr + static_cast<long>(d) * L);
  }
  for (int q = 0; q < s.nnz; ++q)
    weighted_sum_row<LC, true>(L, sign, s.jacg_coef, s.jacg_dr, s.jacg_ptr[q], s.jacg_ptr[q + 1], w.dr,
                               jv + static_cast<long>(q) * L);
}

/// In-place sparse LU (Doolittle, the precomputed program); 1/diagonal into w.inv_diag.
template <int LC>
void decompose_k(const BlockWork& w, double* __restrict a) {
  const SysView& s = w.sys;
  const int L = LC > 0 ? LC : w.L;
  double* __restrict inv = w.inv_diag;
  for (int i = 0; i < s.n; ++i) {
    for (int q = s.lu_row_ptr[i]; q < s.lu_row_ptr[i + 1]; ++q) {
      double* __restrict aik = a + static_cast<long>(s.lu_ik[q]) * L;
      const double* __restrict dk = inv + static_cast<long>(s.lu_k[q]) * L;
      const int u0 = s.lu_upd_ptr[q], u1 = s.lu_upd_ptr[q + 1];
      if constexpr (k_vec<LC>) {
        using V = Lanes<LC>;
        for (int c0 = 0; c0 < LC; c0 += V::cw) {
          const V l = V::load(aik + c0) * V::load(dk + c0);
          l.store(aik + c0);
          for (int u = u0; u < u1; ++u) {
            double* aij = a + static_cast<long>(s.lu_upd_ij[u]) * LC + c0;
            (V::load(aij) - l * V::load(a + static_cast<long>(s.lu_upd_kj[u]) * LC + c0)).store(aij);
          }
        }
      } else {
#pragma omp simd
        for (int c = 0; c < L; ++c) aik[c] *= dk[c];
        for (int u = u0; u < u1; ++u) {
          double* __restrict aij = a + static_cast<long>(s.lu_upd_ij[u]) * L;
          const double* __restrict akj = a + static_cast<long>(s.lu_upd_kj[u]) * L;
#pragma omp simd
          for (int c = 0; c < L; ++c) aij[c] -= aik[c] * akj[c];
        }
      }
    }
    const double* __restrict aii = a + static_cast<long>(s.diag[i]) * L;
    double* __restrict di = inv + static_cast<long>(i) * L;
#pragma omp simd
    for (int c = 0; c < L; ++c) di[c] = 1.0 / aii[c];
  }
}

/// Solves (LU) x = b in place (b in x).
template <int LC>
void solve_k(const BlockWork& w, const double* __restrict a, double* __restrict x) {
  const SysView& s = w.sys;
  const int L = LC > 0 ? LC : w.L;
  const double* __restrict inv = w.inv_diag;
  for (int i = 0; i < s.n; ++i) {
    double* __restrict xi = x + static_cast<long>(i) * L;
    const int q0 = s.row_ptr[i], q1 = s.diag[i];
    if constexpr (k_vec<LC>) {
      using V = Lanes<LC>;
      for (int c0 = 0; c0 < LC; c0 += V::cw) {
        V acc = V::load(xi + c0);
        for (int q = q0; q < q1; ++q)
          acc -= V::load(a + static_cast<long>(q) * LC + c0) * V::load(x + static_cast<long>(s.col[q]) * LC + c0);
        acc.store(xi + c0);
      }
    } else {
      for (int q = q0; q < q1; ++q) {
        const double* __restrict aq = a + static_cast<long>(q) * L;
        const double* __restrict xj = x + static_cast<long>(s.col[q]) * L;
#pragma omp simd
        for (int c = 0; c < L; ++c) xi[c] -= aq[c] * xj[c];
      }
    }
  }
  for (int i = s.n - 1; i >= 0; --i) {
    double* __restrict xi = x + static_cast<long>(i) * L;
    const double* __restrict di = inv + static_cast<long>(i) * L;
    const int q0 = s.diag[i] + 1, q1 = s.row_ptr[i + 1];
    if constexpr (k_vec<LC>) {
      using V = Lanes<LC>;
      for (int c0 = 0; c0 < LC; c0 += V::cw) {
        V acc = V::load(xi + c0);
        for (int q = q0; q < q1; ++q)
          acc -= V::load(a + static_cast<long>(q) * LC + c0) * V::load(x + static_cast<long>(s.col[q]) * LC + c0);
        (acc * V::load(di + c0)).store(xi + c0);
      }
    } else {
      for (int q = q0; q < q1; ++q) {
        const double* __restrict aq = a + static_cast<long>(q) * L;
        const double* __restrict xj = x + static_cast<long>(s.col[q]) * L;
#pragma omp simd
        for (int c = 0; c < L; ++c) xi[c] -= aq[c] * xj[c];
      }
#pragma omp simd
      for (int c = 0; c < L; ++c) xi[c] *= di[c];
    }
  }
}

/// Streams `ncells` cells (cell-major arrays) through the L lanes; see
/// RosenbrockBlock::integrate_cells for the contract.
template <int LC>
RosStats integrate_k(const BlockWork& w, double* y_cells, const double* k_cells, int ncells, double dt_s,
                     const RosOptions& opt, double* clip_cells, double* h_cells) {
  const Tableau& tb = tableau_of(opt.method);
  const SysView& s = w.sys;
  const int L = LC > 0 ? LC : w.L, n = s.n, nr = s.nr;
  const long nL = static_cast<long>(n) * L;
  RosStats st;
  if (ncells <= 0 || dt_s <= 0.0) return st;
  double* __restrict y = w.ylane;  // lanes: block layout (cell fastest)
  double* __restrict k = w.klane;
  // Non-autonomous (rate constants k + t dk/dt, t from the call's start): f at the stage times
  // t + alpha_i h and h gamma_i df/dt added to stage i (Hairer & Wanner 1996, IV.7, eq. 7.4').
  const bool nonaut = w.kdot_cells != nullptr;
  double* __restrict kd = w.kdlane;
  double* kt = w.kt;  // not restrict: kuse may alias it
  const double* kuse = nonaut ? kt : k;
  double* __restrict clip = w.cliplane;
  double* __restrict a = w.a;
  char* __restrict active = w.active;
  char* __restrict last = w.last;
  // per lane: bit 0 = the previous attempt was rejected, bit 1 = accepted in this round
  char* __restrict flags = w.flags;
  int next = 0;
  auto load = [&](int c, int cell) {
    for (int i = 0; i < n; ++i) {
      y[static_cast<long>(i) * L + c] = y_cells[static_cast<long>(cell) * n + i];
      clip[static_cast<long>(i) * L + c] = 0.0;
    }
    for (int r = 0; r < nr; ++r) k[static_cast<long>(r) * L + c] = k_cells[static_cast<long>(cell) * nr + r];
    if (nonaut)
      for (int r = 0; r < nr; ++r) kd[static_cast<long>(r) * L + c] = w.kdot_cells[static_cast<long>(cell) * nr + r];
    w.lane_cell[c] = cell;
    active[c] = 1;
    w.t[c] = 0.0;
    const double h0 = h_cells && h_cells[cell] > 0.0 ? h_cells[cell] : opt.h_start_s;
    w.h[c] = dmin(dmax(h0, opt.h_min_s), dt_s);
    w.hnext[c] = 0.0;
    last[c] = w.h[c] >= dt_s;
    flags[c] = 0;
    w.nsteps[c] = 0;
  };
  auto store = [&](int c) {
    const int cell = w.lane_cell[c];
    for (int i = 0; i < n; ++i) {
      y_cells[static_cast<long>(cell) * n + i] = y[static_cast<long>(i) * L + c];
      if (clip_cells) clip_cells[static_cast<long>(cell) * n + i] += clip[static_cast<long>(i) * L + c];
    }
    if (h_cells) h_cells[cell] = w.hnext[c];
    if (w.attempts_cells) w.attempts_cells[cell] = w.nsteps[c];
    w.lane_cell[c] = -1;
  };
  // kt = k + (t + alpha h) kd per lane: the rate constants at a stage time
  auto rates_at = [&](double alpha) {
    for (int r = 0; r < nr; ++r) {
      double* __restrict ktr = kt + static_cast<long>(r) * L;
      const double* __restrict kr = k + static_cast<long>(r) * L;
      const double* __restrict kdr = kd + static_cast<long>(r) * L;
      for (int c = 0; c < L; ++c) ktr[c] = kr[c] + (w.t[c] + alpha * w.h[c]) * kdr[c];
    }
  };
  for (int c = 0; c < L; ++c) {
    if (next < ncells) {
      load(c, next++);
    } else {
      load(c, 0);  // idle lane: finite values, never stored
      active[c] = 0;
      w.lane_cell[c] = -1;
    }
  }
  for (;;) {
    int nact = 0;
    for (int c = 0; c < L; ++c) nact += active[c];
    if (nact == 0) break;
    st.lane_rounds += L;
    st.fevals += nact;
    st.jacobians += nact;
    st.lu += nact;
    for (int c = 0; c < L; ++c) w.ghinv[c] = 1.0 / (tb.gamma * w.h[c]);
    if (nonaut) {
      rates_at(0.0);
      fun_k<LC>(w, y, kd, w.dfdt);  // df/dt at (t, y)
      st.fevals += nact;
    }
    jac_k<LC>(w, y, kuse, a, -1.0);  // a = -J
    for (int i = 0; i < n; ++i) {
      double* __restrict ad = a + static_cast<long>(s.diag[i]) * L;
      const double* __restrict g = w.ghinv;
#pragma omp simd
      for (int c = 0; c < L; ++c) ad[c] += g[c];
    }
    decompose_k<LC>(w, a);
    for (int st_i = 0; st_i < tb.s; ++st_i) {
      double* __restrict ks = w.kst + static_cast<long>(st_i) * nL;
      if (st_i == 0) {
        fun_k<LC>(w, y, kuse, ks);  // kt holds the rates at t (rates_at(0) above)
      } else if (tb.new_f[st_i]) {
        if (nonaut) rates_at(tb.alpha[st_i]);
        bool any_a = false;
        for (int j = 0; j < st_i; ++j) any_a = any_a || tb.a[st_i * (st_i - 1) / 2 + j] != 0.0;
        if (any_a) {
          double* __restrict ys = w.ys;
          for (long q = 0; q < nL; ++q) ys[q] = y[q];
          for (int j = 0; j < st_i; ++j) {
            const double aij = tb.a[st_i * (st_i - 1) / 2 + j];
            if (aij == 0.0) continue;
            const double* __restrict kj = w.kst + static_cast<long>(j) * nL;
#pragma omp simd
            for (long q = 0; q < nL; ++q) ys[q] += aij * kj[q];
          }
          fun_k<LC>(w, ys, kuse, w.f);
        } else {
          fun_k<LC>(w, y, kuse, w.f);
        }
        st.fevals += nact;
        for (long q = 0; q < nL; ++q) ks[q] = w.f[q];
      } else {
        for (long q = 0; q < nL; ++q) ks[q] = w.f[q];
      }
      // The first stage's f is kept in ks itself; a later stage without a new f reuses the
      // last one computed (ROS3 stage 3 and RODAS3 stage 2 reuse f of stage 1 / 2 resp.).
      if (st_i == 0 && tb.s > 1 && !tb.new_f[1]) {
        for (long q = 0; q < nL; ++q) w.f[q] = ks[q];
      }
      for (int j = 0; j < st_i; ++j) {
        const double cij = tb.c[st_i * (st_i - 1) / 2 + j];
        if (cij == 0.0) continue;
        const double* __restrict kj = w.kst + static_cast<long>(j) * nL;
        // c_ij / h = c_ij * gamma * (1 / (gamma h))
        const double cg = cij * tb.gamma;
        for (int i = 0; i < n; ++i) {
          double* __restrict ki = ks + static_cast<long>(i) * L;
          const double* __restrict kji = kj + static_cast<long>(i) * L;
          const double* __restrict g = w.ghinv;
#pragma omp simd
          for (int c = 0; c < L; ++c) ki[c] += cg * g[c] * kji[c];
        }
      }
      if (nonaut && tb.gamma_sum[st_i] != 0.0) {
        const double gs = tb.gamma_sum[st_i];
        for (int i = 0; i < n; ++i) {
          double* __restrict ki = ks + static_cast<long>(i) * L;
          const double* __restrict di = w.dfdt + static_cast<long>(i) * L;
          for (int c = 0; c < L; ++c) ki[c] += (gs * w.h[c]) * di[c];
        }
      }
      solve_k<LC>(w, a, ks);
    }
    {
      double* __restrict yn = w.ynew;
      double* __restrict ye = w.yerr;
      for (long q = 0; q < nL; ++q) {
        yn[q] = y[q];
        ye[q] = 0.0;
      }
      for (int si = 0; si < tb.s; ++si) {
        const double* __restrict ks = w.kst + static_cast<long>(si) * nL;
        const double ms = tb.m[si], es = tb.e[si];
        if (ms != 0.0) {
#pragma omp simd
          for (long q = 0; q < nL; ++q) yn[q] += ms * ks[q];
        }
        if (es != 0.0) {
#pragma omp simd
          for (long q = 0; q < nL; ++q) ye[q] += es * ks[q];
        }
      }
      if (opt.filter_error) {
        // Shampine's (1982) filtered estimate (I - h gamma J)^-1 e = A^-1 e / (h gamma): damps
        // the stiff components, whose jump after a change of rate constants the embedded
        // ROS3 formula (not L-stable) would otherwise report as an O(1) error at any h.
        for (int i = 0; i < n; ++i) {
          double* __restrict ei = ye + static_cast<long>(i) * L;
          const double* __restrict g = w.ghinv;
#pragma omp simd
          for (int c = 0; c < L; ++c) ei[c] *= g[c];
        }
        solve_k<LC>(w, a, ye);
      }
      double* __restrict err = w.err;
      for (int c = 0; c < L; ++c) err[c] = 0.0;
      const double atol = opt.atol, rtol = opt.rtol;
      for (int i = 0; i < n; ++i) {
        const double* __restrict y0 = y + static_cast<long>(i) * L;
        const double* __restrict y1 = yn + static_cast<long>(i) * L;
        const double* __restrict e1 = ye + static_cast<long>(i) * L;
#pragma omp simd
        for (int c = 0; c < L; ++c) {
          const double sc = atol + rtol * dmax(std::fabs(y0[c]), std::fabs(y1[c]));
          const double r = e1[c] / sc;
          err[c] += r * r;
        }
      }
    }
    // Per-lane decisions (the controller is scalar code shared with the dense reference).
    for (int c = 0; c < L; ++c) {
      if (!active[c]) {
        flags[c] &= 1;
        continue;
      }
      CellStep cs{w.t[c], w.h[c], w.hnext[c], last[c] != 0, (flags[c] & 1) != 0, w.nsteps[c]};
      const StepResult res = control_step(cs, std::sqrt(w.err[c] / n), dt_s, opt);
      w.t[c] = cs.t;
      w.h[c] = cs.h;
      w.hnext[c] = cs.hnext;
      last[c] = cs.last;
      w.nsteps[c] = cs.nsteps;
      switch (res) {
        case StepResult::accepted:
        case StepResult::finished:
          ++st.steps;
          flags[c] = 2;
          if (res == StepResult::finished) active[c] = 0;
          break;
        case StepResult::rejected:
          ++st.rejected;
          flags[c] = 1;
          break;
        case StepResult::failed:
          active[c] = 0;
          flags[c] = 0;
          if (!st.failed) st.failed_cell = w.lane_cell[c];
          st.failed = true;
          break;
      }
    }
    // Masked update of accepted lanes; negatives are set to zero and the amount added is
    // accumulated in `clip` (mass accounting).
    for (int i = 0; i < n; ++i) {
      double* __restrict yi = y + static_cast<long>(i) * L;
      const double* __restrict y1 = w.ynew + static_cast<long>(i) * L;
      double* __restrict cl = clip + static_cast<long>(i) * L;
      for (int c = 0; c < L; ++c)
        if (flags[c] & 2) {
          const double v = y1[c];
          yi[c] = v < 0.0 ? 0.0 : v;
          cl[c] += v < 0.0 ? -v : 0.0;
        }
    }
    for (int c = 0; c < L; ++c) flags[c] &= 1;
    // Lanes whose cell is done take the next cell (each lane's arithmetic is its own, so
    // which lane or which neighbours a cell gets never changes its result).
    for (int c = 0; c < L; ++c) {
      if (active[c] || w.lane_cell[c] < 0) continue;
      store(c);
      if (next < ncells) load(c, next++);
    }
  }
  return st;
}

// Compile-time lane counts (the same operations in the same order as the run-time one).
#define LANTIAN_CHEM_DISPATCH(FN, ...)   \
  switch (w.L) {                         \
    case 4: return FN<4>(__VA_ARGS__);   \
    case 8: return FN<8>(__VA_ARGS__);   \
    case 16: return FN<16>(__VA_ARGS__); \
    case 32: return FN<32>(__VA_ARGS__); \
    case 64: return FN<64>(__VA_ARGS__); \
    default: return FN<0>(__VA_ARGS__);  \
  }

void fun_any(const BlockWork& w, const double* y, const double* k, double* f) {
  LANTIAN_CHEM_DISPATCH(fun_k, w, y, k, f)
}
void jac_any(const BlockWork& w, const double* y, const double* k, double* jv, double sign) {
  LANTIAN_CHEM_DISPATCH(jac_k, w, y, k, jv, sign)
}
void decompose_any(const BlockWork& w, double* a) { LANTIAN_CHEM_DISPATCH(decompose_k, w, a) }
void solve_any(const BlockWork& w, const double* a, double* x){LANTIAN_CHEM_DISPATCH(solve_k, w, a, x)} RosStats
    integrate_any(const BlockWork& w, double* y_cells, const double* k_cells, int ncells, double dt_s,
                  const RosOptions& opt, double* clip_cells, double* h_cells) {
  LANTIAN_CHEM_DISPATCH(integrate_k, w, y_cells, k_cells, ncells, dt_s, opt, clip_cells, h_cells)
}
#undef LANTIAN_CHEM_DISPATCH

}  // namespace

const BlockKernels k_kernels{LANTIAN_CHEM_ISA_NAME, fun_any, jac_any, decompose_any, solve_any, integrate_any};

}  // namespace lantian::chem::detail::LANTIAN_CHEM_ISA_NS
