// Vectorised Rosenbrock integration over blocks of cells, and the dense scalar reference.
#include "solver/chemistry/rosenbrock/rosenbrock.hpp"

#include <algorithm>
#include <cmath>

namespace lantian::chem {

namespace {

/// A Rosenbrock method in the form of Hairer & Wanner (1996) with the coefficients of
/// Sandu et al. (1997): stage i uses y + sum_j a_ij K_j (a new f when new_f[i]) and solves
/// (I/(h gamma) - J) K_i = f_i + sum_j (c_ij / h) K_j; y_new = y + sum m_i K_i, error
/// estimate sum e_i K_i. a and c are packed row-wise: (i, j) at i (i - 1) / 2 + j.
struct Tableau {
  int s;
  double gamma;
  double a[6];
  double c[6];
  bool new_f[4];
  double m[4];
  double e[4];
  double elo;  ///< order used in the step-size formula
};

const Tableau& tableau(RosMethod meth) {
  // ROS3: 3 stages, order 3, L-stable, 2 function evaluations (Sandu et al. 1997, Table 2).
  static const Tableau ros3{3,
                            0.43586652150845899941601945119356,
                            {1.0, 1.0, 0.0, 0, 0, 0},
                            {-0.10156171083877702091975600115545e+01, 0.40759956452537699824805835358067e+01,
                             0.92076794298330791242156818474003e+01, 0, 0, 0},
                            {true, true, false, false},
                            {1.0, 0.61697947043828245592553615689730e+01, -0.42772256543218573326238373806514, 0},
                            {0.5, -0.29079558716805469821718236208017e+01, 0.22354069897811569627360909276199, 0},
                            3.0};
  // RODAS3: 4 stages, order 3, stiffly accurate (Sandu et al. 1997).
  static const Tableau rodas3{4,
                              0.5,
                              {0.0, 2.0, 0.0, 2.0, 0.0, 1.0},
                              {4.0, 1.0, -1.0, 1.0, -1.0, -8.0 / 3.0},
                              {true, false, true, true},
                              {2.0, 0.0, 1.0, 1.0},
                              {0.0, 0.0, 0.0, 1.0},
                              3.0};
  return meth == RosMethod::ros3 ? ros3 : rodas3;
}

constexpr double k_fac_min = 0.2, k_fac_max = 6.0, k_fac_safe = 0.9;

}  // namespace

namespace {

template <int LC>
void fun_k(const ChemSystem& sys_, int Lrt, double* __restrict rate, const double* __restrict y,
           const double* __restrict k, double* __restrict f) {
  const int L = LC > 0 ? LC : Lrt;
  for (int r = 0; r < sys_.nr; ++r) {
    double* __restrict rr = rate + static_cast<size_t>(r) * L;
    const double* __restrict kr = k + static_cast<size_t>(r) * L;
#pragma omp simd
    for (int c = 0; c < L; ++c) rr[c] = kr[c];
    for (int p = sys_.react_ptr[static_cast<size_t>(r)]; p < sys_.react_ptr[static_cast<size_t>(r) + 1]; ++p) {
      const double* __restrict yv = y + static_cast<size_t>(sys_.react_var[static_cast<size_t>(p)]) * L;
#pragma omp simd
      for (int c = 0; c < L; ++c) rr[c] *= yv[c];
    }
  }
  for (int i = 0; i < sys_.n; ++i) {
    double* __restrict fi = f + static_cast<size_t>(i) * L;
#pragma omp simd
    for (int c = 0; c < L; ++c) fi[c] = 0.0;
    for (int e = sys_.prod_ptr[static_cast<size_t>(i)]; e < sys_.prod_ptr[static_cast<size_t>(i) + 1]; ++e) {
      const double coef = sys_.prod_coef[static_cast<size_t>(e)];
      const double* __restrict rr = rate + static_cast<size_t>(sys_.prod_rxn[static_cast<size_t>(e)]) * L;
#pragma omp simd
      for (int c = 0; c < L; ++c) fi[c] += coef * rr[c];
    }
  }
}


template <int LC>
void jac_k(const ChemSystem& sys_, int Lrt, double* __restrict dr, const double* __restrict y,
           const double* __restrict k, double* __restrict jv, double sign) {
  const int L = LC > 0 ? LC : Lrt;
  const size_t nd = sys_.dr_rxn.size();
  for (size_t d = 0; d < nd; ++d) {
    const int r = sys_.dr_rxn[d], pos = sys_.dr_pos[d];
    double* __restrict dd = dr + d * static_cast<size_t>(L);
    const double* __restrict kr = k + static_cast<size_t>(r) * L;
#pragma omp simd
    for (int c = 0; c < L; ++c) dd[c] = kr[c];
    const int p0 = sys_.react_ptr[static_cast<size_t>(r)];
    for (int p = p0; p < sys_.react_ptr[static_cast<size_t>(r) + 1]; ++p) {
      if (p - p0 == pos) continue;
      const double* __restrict yv = y + static_cast<size_t>(sys_.react_var[static_cast<size_t>(p)]) * L;
#pragma omp simd
      for (int c = 0; c < L; ++c) dd[c] *= yv[c];
    }
  }
  std::fill(jv, jv + static_cast<size_t>(sys_.nnz) * L, 0.0);
  const size_t ne = sys_.jac_lu.size();
  for (size_t e = 0; e < ne; ++e) {
    double* __restrict jj = jv + static_cast<size_t>(sys_.jac_lu[e]) * L;
    const double* __restrict dd = dr + static_cast<size_t>(sys_.jac_dr[e]) * L;
    const double coef = sign * sys_.jac_coef[e];
#pragma omp simd
    for (int c = 0; c < L; ++c) jj[c] += coef * dd[c];
  }
}

template <int LC>
void decompose_k(const ChemSystem& sys_, int Lrt, double* __restrict inv, double* a) {
  const int L = LC > 0 ? LC : Lrt;
  for (int i = 0; i < sys_.n; ++i) {
    for (int q = sys_.lu_row_ptr[static_cast<size_t>(i)]; q < sys_.lu_row_ptr[static_cast<size_t>(i) + 1]; ++q) {
      double* __restrict aik = a + static_cast<size_t>(sys_.lu_ik[static_cast<size_t>(q)]) * L;
      const double* __restrict dk = inv + static_cast<size_t>(sys_.lu_k[static_cast<size_t>(q)]) * L;
#pragma omp simd
      for (int c = 0; c < L; ++c) aik[c] *= dk[c];
      for (int u = sys_.lu_upd_ptr[static_cast<size_t>(q)]; u < sys_.lu_upd_ptr[static_cast<size_t>(q) + 1]; ++u) {
        double* __restrict aij = a + static_cast<size_t>(sys_.lu_upd_ij[static_cast<size_t>(u)]) * L;
        const double* __restrict akj = a + static_cast<size_t>(sys_.lu_upd_kj[static_cast<size_t>(u)]) * L;
#pragma omp simd
        for (int c = 0; c < L; ++c) aij[c] -= aik[c] * akj[c];
      }
    }
    const double* __restrict aii = a + static_cast<size_t>(sys_.diag[static_cast<size_t>(i)]) * L;
    double* __restrict di = inv + static_cast<size_t>(i) * L;
#pragma omp simd
    for (int c = 0; c < L; ++c) di[c] = 1.0 / aii[c];
  }
}

template <int LC>
void solve_k(const ChemSystem& sys_, int Lrt, const double* __restrict inv, const double* a, double* x) {
  const int L = LC > 0 ? LC : Lrt;
  for (int i = 0; i < sys_.n; ++i) {
    double* __restrict xi = x + static_cast<size_t>(i) * L;
    for (int q = sys_.row_ptr[static_cast<size_t>(i)]; q < sys_.diag[static_cast<size_t>(i)]; ++q) {
      const double* __restrict aq = a + static_cast<size_t>(q) * L;
      const double* __restrict xj = x + static_cast<size_t>(sys_.col[static_cast<size_t>(q)]) * L;
#pragma omp simd
      for (int c = 0; c < L; ++c) xi[c] -= aq[c] * xj[c];
    }
  }
  for (int i = sys_.n - 1; i >= 0; --i) {
    double* __restrict xi = x + static_cast<size_t>(i) * L;
    for (int q = sys_.diag[static_cast<size_t>(i)] + 1; q < sys_.row_ptr[static_cast<size_t>(i) + 1]; ++q) {
      const double* __restrict aq = a + static_cast<size_t>(q) * L;
      const double* __restrict xj = x + static_cast<size_t>(sys_.col[static_cast<size_t>(q)]) * L;
#pragma omp simd
      for (int c = 0; c < L; ++c) xi[c] -= aq[c] * xj[c];
    }
    const double* __restrict di = inv + static_cast<size_t>(i) * L;
#pragma omp simd
    for (int c = 0; c < L; ++c) xi[c] *= di[c];
  }
}

}  // namespace

RosenbrockBlock::RosenbrockBlock(const ChemSystem& sys, int block_size) : sys_(sys), L_(block_size) {
  const size_t L = static_cast<size_t>(L_), n = static_cast<size_t>(sys.n);
  rate_.resize(static_cast<size_t>(sys.nr) * L);
  dr_.resize(sys.dr_rxn.size() * L);
  ylane_.resize(n * L);
  klane_.resize(static_cast<size_t>(sys.nr) * L);
  cliplane_.resize(n * L);
  lane_cell_.resize(L);
  a_.resize(static_cast<size_t>(sys.nnz) * L);
  inv_diag_.resize(n * L);
  f_.resize(n * L);
  ys_.resize(n * L);
  ynew_.resize(n * L);
  yerr_.resize(n * L);
  kst_.resize(4 * n * L);
  h_.resize(L);
  hnext_.resize(L);
  t_.resize(L);
  err_.resize(L);
  ghinv_.resize(L);
  active_.resize(L);
  last_.resize(L);
  rejected_.resize(L);
  nsteps_.resize(L);
}


// Dispatch to a compile-time lane count where there is one (full unrolling; the same
// operations in the same order, hence the same results, as the run-time version).
#define LANTIAN_CHEM_DISPATCH(CALL)                       \
  switch (L_) {                                           \
    case 4: CALL(4); break;                               \
    case 8: CALL(8); break;                               \
    case 16: CALL(16); break;                             \
    case 32: CALL(32); break;                             \
    case 64: CALL(64); break;                             \
    default: CALL(0); break;                              \
  }

void RosenbrockBlock::fun(const double* y, const double* k, double* f) {
#define LANTIAN_CALL(N) fun_k<N>(sys_, L_, rate_.data(), y, k, f)
  LANTIAN_CHEM_DISPATCH(LANTIAN_CALL)
#undef LANTIAN_CALL
}
void RosenbrockBlock::jac(const double* y, const double* k, double* jv) { jac_into(y, k, jv, 1.0); }
void RosenbrockBlock::jac_into(const double* y, const double* k, double* jv, double sign) {
#define LANTIAN_CALL(N) jac_k<N>(sys_, L_, dr_.data(), y, k, jv, sign)
  LANTIAN_CHEM_DISPATCH(LANTIAN_CALL)
#undef LANTIAN_CALL
}
void RosenbrockBlock::decompose(double* a) {
#define LANTIAN_CALL(N) decompose_k<N>(sys_, L_, inv_diag_.data(), a)
  LANTIAN_CHEM_DISPATCH(LANTIAN_CALL)
#undef LANTIAN_CALL
}
void RosenbrockBlock::solve(const double* a, double* x) const {
#define LANTIAN_CALL(N) solve_k<N>(sys_, L_, inv_diag_.data(), a, x)
  LANTIAN_CHEM_DISPATCH(LANTIAN_CALL)
#undef LANTIAN_CALL
}
#undef LANTIAN_CHEM_DISPATCH

RosStats RosenbrockBlock::integrate(double* y_soa, const double* k_soa, int ncells, double dt_s,
                                    const RosOptions& opt, double* clip_soa) {
  // Block layout in, cell-major through the streaming integrator, block layout out.
  const int L = L_, n = sys_.n, nr = sys_.nr;
  std::vector<double> yc(static_cast<size_t>(ncells) * n), kc(static_cast<size_t>(ncells) * nr),
      cc(clip_soa ? static_cast<size_t>(ncells) * n : 0);
  for (int c = 0; c < ncells; ++c) {
    for (int i = 0; i < n; ++i) yc[static_cast<size_t>(c) * n + i] = y_soa[static_cast<size_t>(i) * L + c];
    for (int r = 0; r < nr; ++r) kc[static_cast<size_t>(c) * nr + r] = k_soa[static_cast<size_t>(r) * L + c];
  }
  RosStats st = integrate_cells(yc.data(), kc.data(), ncells, dt_s, opt, clip_soa ? cc.data() : nullptr);
  for (int c = 0; c < ncells; ++c)
    for (int i = 0; i < n; ++i) {
      y_soa[static_cast<size_t>(i) * L + c] = yc[static_cast<size_t>(c) * n + i];
      if (clip_soa) clip_soa[static_cast<size_t>(i) * L + c] += cc[static_cast<size_t>(c) * n + i];
    }
  return st;
}

RosStats RosenbrockBlock::integrate_cells(double* y_cells, const double* k_cells, int ncells, double dt_s,
                                          const RosOptions& opt, double* clip_cells, double* h_cells) {
  const Tableau& tb = tableau(opt.method);
  const int L = L_, n = sys_.n, nr = sys_.nr;
  const size_t nL = static_cast<size_t>(n) * L;
  RosStats st;
  if (ncells <= 0 || dt_s <= 0.0) return st;
  double* y = ylane_.data();  // lanes: block layout (cell fastest)
  double* k = klane_.data();
  double* clip = cliplane_.data();
  int next = 0;
  auto load = [&](int c, int cell) {
    const size_t cu = static_cast<size_t>(c);
    for (int i = 0; i < n; ++i) {
      y[static_cast<size_t>(i) * L + c] = y_cells[static_cast<size_t>(cell) * n + i];
      clip[static_cast<size_t>(i) * L + c] = 0.0;
    }
    for (int r = 0; r < nr; ++r) k[static_cast<size_t>(r) * L + c] = k_cells[static_cast<size_t>(cell) * nr + r];
    lane_cell_[cu] = cell;
    active_[cu] = 1;
    t_[cu] = 0.0;
    const double h0 = h_cells && h_cells[cell] > 0.0 ? h_cells[cell] : opt.h_start_s;
    h_[cu] = std::min(std::max(h0, opt.h_min_s), dt_s);
    hnext_[cu] = 0.0;
    last_[cu] = h_[cu] >= dt_s;
    rejected_[cu] = 0;
    nsteps_[cu] = 0;
  };
  auto store = [&](int c) {
    const int cell = lane_cell_[static_cast<size_t>(c)];
    for (int i = 0; i < n; ++i) {
      y_cells[static_cast<size_t>(cell) * n + i] = y[static_cast<size_t>(i) * L + c];
      if (clip_cells) clip_cells[static_cast<size_t>(cell) * n + i] += clip[static_cast<size_t>(i) * L + c];
    }
    if (h_cells) h_cells[cell] = hnext_[static_cast<size_t>(c)];
    lane_cell_[static_cast<size_t>(c)] = -1;
  };
  for (int c = 0; c < L; ++c) {
    if (next < ncells) {
      load(c, next++);
    } else {
      load(c, 0);  // idle lane: finite values, never stored
      active_[static_cast<size_t>(c)] = 0;
      lane_cell_[static_cast<size_t>(c)] = -1;
    }
  }
  const double* yc = y;
  for (;;) {
    int nact = 0;
    for (int c = 0; c < L; ++c) nact += active_[static_cast<size_t>(c)];
    if (nact == 0) break;
    st.fevals += static_cast<long>(nact);
    st.jacobians += nact;
    st.lu += nact;
    for (int c = 0; c < L; ++c) ghinv_[static_cast<size_t>(c)] = 1.0 / (tb.gamma * h_[static_cast<size_t>(c)]);
    jac_into(y, k, a_.data(), -1.0);  // a = -J
    {
      double* __restrict a = a_.data();
      for (int i = 0; i < n; ++i) {
        double* __restrict ad = a + static_cast<size_t>(sys_.diag[static_cast<size_t>(i)]) * L;
        const double* __restrict g = ghinv_.data();
#pragma omp simd
        for (int c = 0; c < L; ++c) ad[c] += g[c];
      }
    }
    decompose(a_.data());
    for (int s = 0; s < tb.s; ++s) {
      double* __restrict ks = kst_.data() + static_cast<size_t>(s) * nL;
      if (s == 0) {
        fun(y, k, f_.data());
      } else if (tb.new_f[s]) {
        bool any_a = false;
        for (int j = 0; j < s; ++j) any_a = any_a || tb.a[s * (s - 1) / 2 + j] != 0.0;
        if (any_a) {
          double* __restrict ys = ys_.data();
          std::copy(yc, yc + nL, ys);
          for (int j = 0; j < s; ++j) {
            const double aij = tb.a[s * (s - 1) / 2 + j];
            if (aij == 0.0) continue;
            const double* __restrict kj = kst_.data() + static_cast<size_t>(j) * nL;
#pragma omp simd
            for (size_t q = 0; q < nL; ++q) ys[q] += aij * kj[q];
          }
          fun(ys, k, f_.data());
        } else {
          fun(y, k, f_.data());
        }
        st.fevals += nact;
      }
      std::copy(f_.begin(), f_.end(), ks);
      for (int j = 0; j < s; ++j) {
        const double cij = tb.c[s * (s - 1) / 2 + j];
        if (cij == 0.0) continue;
        const double* __restrict kj = kst_.data() + static_cast<size_t>(j) * nL;
        for (int i = 0; i < n; ++i) {
          double* __restrict ki = ks + static_cast<size_t>(i) * L;
          const double* __restrict kji = kj + static_cast<size_t>(i) * L;
          const double* __restrict g = ghinv_.data();
          // c_ij / h = c_ij * gamma * (1 / (gamma h))
          const double cg = cij * tb.gamma;
#pragma omp simd
          for (int c = 0; c < L; ++c) ki[c] += cg * g[c] * kji[c];
        }
      }
      solve(a_.data(), ks);
    }
    {
      double* __restrict yn = ynew_.data();
      double* __restrict ye = yerr_.data();
      std::copy(yc, yc + nL, yn);
      std::fill(ye, ye + nL, 0.0);
      for (int s = 0; s < tb.s; ++s) {
        const double* __restrict ks = kst_.data() + static_cast<size_t>(s) * nL;
        const double ms = tb.m[s], es = tb.e[s];
        if (ms != 0.0) {
#pragma omp simd
          for (size_t q = 0; q < nL; ++q) yn[q] += ms * ks[q];
        }
        if (es != 0.0) {
#pragma omp simd
          for (size_t q = 0; q < nL; ++q) ye[q] += es * ks[q];
        }
      }
      if (opt.filter_error) {
        // Shampine's (1982) filtered estimate (I - h gamma J)^-1 e = A^-1 e / (h gamma): damps
        // the stiff components, whose jump after a change of rate constants the embedded
        // ROS3 formula (not L-stable) would otherwise report as an O(1) error at any h.
        for (int i = 0; i < n; ++i) {
          double* __restrict ei = ye + static_cast<size_t>(i) * L;
          const double* __restrict g = ghinv_.data();
#pragma omp simd
          for (int c = 0; c < L; ++c) ei[c] *= g[c];
        }
        solve(a_.data(), ye);
      }
      double* __restrict err = err_.data();
      for (int c = 0; c < L; ++c) err[c] = 0.0;
      for (int i = 0; i < n; ++i) {
        const double* __restrict y0 = yc + static_cast<size_t>(i) * L;
        const double* __restrict y1 = yn + static_cast<size_t>(i) * L;
        const double* __restrict e1 = ye + static_cast<size_t>(i) * L;
#pragma omp simd
        for (int c = 0; c < L; ++c) {
          const double sc = opt.atol + opt.rtol * std::max(std::fabs(y0[c]), std::fabs(y1[c]));
          const double r = e1[c] / sc;
          err[c] += r * r;
        }
      }
    }
    // Per-cell decisions.
    std::vector<char>& acc = rejected_;  // reuse: 2 = accepted this round (bit), 1 = last rejected
    for (int c = 0; c < L; ++c) {
      const size_t cu = static_cast<size_t>(c);
      if (!active_[cu]) { acc[cu] &= 1; continue; }
      const double err = std::sqrt(err_[cu] / n);
      const double h = h_[cu];
      const bool finite = std::isfinite(err);
      const double fac = finite ? std::min(k_fac_max, std::max(k_fac_min, k_fac_safe / std::cbrt(err > 0 ? err : 1e-300)))
                                : 0.1;
      ++nsteps_[cu];
      if (opt.fixed_step || (finite && (err <= 1.0 || h <= opt.h_min_s))) {
        ++st.steps;
        t_[cu] += h;
        double hnew = opt.fixed_step ? h : h * fac;
        if (acc[cu] & 1) hnew = std::min(hnew, h);
        acc[cu] = 2;
        // the step proposed for the next chemistry step (a truncated last step proposes less)
        hnext_[cu] = last_[cu] ? std::max(hnext_[cu], hnew) : hnew;
        if (last_[cu]) {
          active_[cu] = 0;
        } else {
          const double rem = dt_s - t_[cu];
          hnew = std::max(hnew, opt.h_min_s);
          if (hnew >= rem * (1.0 - 1e-10)) { hnew = rem; last_[cu] = 1; }
          h_[cu] = hnew;
        }
      } else {
        ++st.rejected;
        if (!finite && h <= opt.h_min_s) {
          active_[cu] = 0;
          acc[cu] = 0;
          if (!st.failed) st.failed_cell = lane_cell_[cu];
          st.failed = true;
          continue;
        }
        acc[cu] = 1;
        h_[cu] = std::max(h * fac, opt.h_min_s);
        last_[cu] = 0;
        if (h_[cu] >= dt_s - t_[cu]) { h_[cu] = dt_s - t_[cu]; last_[cu] = 1; }
      }
      if (nsteps_[cu] > opt.max_steps && active_[cu]) {
        active_[cu] = 0;
        if (!st.failed) st.failed_cell = lane_cell_[cu];
        st.failed = true;
      }
    }
    // Masked update of accepted cells; negatives are set to zero and the amount added is
    // accumulated in `clip` (mass accounting).
    for (int i = 0; i < n; ++i) {
      double* __restrict yi = y + static_cast<size_t>(i) * L;
      const double* __restrict y1 = ynew_.data() + static_cast<size_t>(i) * L;
      const char* __restrict a = acc.data();
      if (clip) {
        double* __restrict cl = clip + static_cast<size_t>(i) * L;
        for (int c = 0; c < L; ++c)
          if (a[c] & 2) {
            const double v = y1[c];
            yi[c] = v < 0.0 ? 0.0 : v;
            cl[c] += v < 0.0 ? -v : 0.0;
          }
      } else {
        for (int c = 0; c < L; ++c)
          if (a[c] & 2) yi[c] = y1[c] < 0.0 ? 0.0 : y1[c];
      }
    }
    for (int c = 0; c < L; ++c) acc[static_cast<size_t>(c)] &= 1;
    // Lanes whose cell is done take the next cell (each lane's arithmetic is its own, so
    // which lane or which neighbours a cell gets never changes its result).
    for (int c = 0; c < L; ++c) {
      if (active_[static_cast<size_t>(c)] || lane_cell_[static_cast<size_t>(c)] < 0) continue;
      store(c);
      if (next < ncells) load(c, next++);
    }
  }
  return st;
}

// ---- Dense scalar reference ----------------------------------------------------------------

DenseRosenbrock::DenseRosenbrock(const ChemSystem& sys) : sys_(sys) {
  const size_t n = static_cast<size_t>(sys.n);
  rate_.resize(static_cast<size_t>(sys.nr));
  f_.resize(n);
  jd_.resize(n * n);
  a_.resize(n * n);
  ys_.resize(n);
  ynew_.resize(n);
  yerr_.resize(n);
  kst_.resize(4 * n);
}

void DenseRosenbrock::fun(const double* y, const double* k, double* f) {
  for (int r = 0; r < sys_.nr; ++r) {
    double v = k[r];
    for (int p = sys_.react_ptr[static_cast<size_t>(r)]; p < sys_.react_ptr[static_cast<size_t>(r) + 1]; ++p)
      v *= y[sys_.react_var[static_cast<size_t>(p)]];
    rate_[static_cast<size_t>(r)] = v;
  }
  for (int i = 0; i < sys_.n; ++i) {
    double s = 0.0;
    for (int e = sys_.prod_ptr[static_cast<size_t>(i)]; e < sys_.prod_ptr[static_cast<size_t>(i) + 1]; ++e)
      s += sys_.prod_coef[static_cast<size_t>(e)] * rate_[static_cast<size_t>(sys_.prod_rxn[static_cast<size_t>(e)])];
    f[i] = s;
  }
}

RosStats DenseRosenbrock::integrate(double* y, const double* k, double dt_s, const RosOptions& opt) {
  const Tableau& tb = tableau(opt.method);
  const int n = sys_.n;
  const size_t nn = static_cast<size_t>(n);
  RosStats st;
  double t = 0.0, h = std::min(opt.h_start_s, dt_s);
  bool rejected = false;
  long nsteps = 0;
  while (t < dt_s) {
    const bool last = h >= dt_s - t;
    if (last) h = dt_s - t;
    ++st.fevals;
    ++st.jacobians;
    ++st.lu;
    // Dense Jacobian from the same partial derivatives.
    std::fill(jd_.begin(), jd_.end(), 0.0);
    for (size_t e = 0; e < sys_.jac_lu.size(); ++e) {
      const int d = sys_.jac_dr[e];
      const int r = sys_.dr_rxn[static_cast<size_t>(d)], pos = sys_.dr_pos[static_cast<size_t>(d)];
      double v = k[r];
      const int p0 = sys_.react_ptr[static_cast<size_t>(r)];
      for (int p = p0; p < sys_.react_ptr[static_cast<size_t>(r) + 1]; ++p)
        if (p - p0 != pos) v *= y[sys_.react_var[static_cast<size_t>(p)]];
      // row/column of the LU index
      const int idx = sys_.jac_lu[e];
      const int row = static_cast<int>(std::upper_bound(sys_.row_ptr.begin(), sys_.row_ptr.end(), idx) -
                                       sys_.row_ptr.begin()) - 1;
      jd_[static_cast<size_t>(row) * nn + static_cast<size_t>(sys_.col[static_cast<size_t>(idx)])] += sys_.jac_coef[e] * v;
    }
    const double ghinv = 1.0 / (tb.gamma * h);
    for (size_t q = 0; q < nn * nn; ++q) a_[q] = -jd_[q];
    for (size_t i = 0; i < nn; ++i) a_[i * nn + i] += ghinv;
    // Dense Doolittle LU, no pivoting.
    for (size_t i = 0; i < nn; ++i)
      for (size_t kk = 0; kk < i; ++kk) {
        const double lik = a_[i * nn + kk] / a_[kk * nn + kk];
        a_[i * nn + kk] = lik;
        if (lik == 0.0) continue;
        for (size_t j = kk + 1; j < nn; ++j) a_[i * nn + j] -= lik * a_[kk * nn + j];
      }
    auto dsolve = [&](double* x) {
      for (size_t i = 0; i < nn; ++i)
        for (size_t j = 0; j < i; ++j) x[i] -= a_[i * nn + j] * x[j];
      for (size_t i = nn; i-- > 0;) {
        for (size_t j = i + 1; j < nn; ++j) x[i] -= a_[i * nn + j] * x[j];
        x[i] /= a_[i * nn + i];
      }
    };
    for (int s = 0; s < tb.s; ++s) {
      double* ks = kst_.data() + static_cast<size_t>(s) * nn;
      if (s == 0) {
        fun(y, k, f_.data());
      } else if (tb.new_f[s]) {
        for (size_t i = 0; i < nn; ++i) {
          double v = y[i];
          for (int j = 0; j < s; ++j) v += tb.a[s * (s - 1) / 2 + j] * kst_[static_cast<size_t>(j) * nn + i];
          ys_[i] = v;
        }
        fun(ys_.data(), k, f_.data());
        ++st.fevals;
      }
      for (size_t i = 0; i < nn; ++i) {
        double v = f_[i];
        for (int j = 0; j < s; ++j) v += tb.c[s * (s - 1) / 2 + j] / h * kst_[static_cast<size_t>(j) * nn + i];
        ks[i] = v;
      }
      dsolve(ks);
    }
    double err = 0.0;
    for (size_t i = 0; i < nn; ++i) {
      double yn = y[i], ye = 0.0;
      for (int s = 0; s < tb.s; ++s) {
        yn += tb.m[s] * kst_[static_cast<size_t>(s) * nn + i];
        ye += tb.e[s] * kst_[static_cast<size_t>(s) * nn + i];
      }
      ynew_[i] = yn;
      const double sc = opt.atol + opt.rtol * std::max(std::fabs(y[i]), std::fabs(yn));
      err += (ye / sc) * (ye / sc);
    }
    err = std::sqrt(err / n);
    const double fac = std::isfinite(err) ? std::min(k_fac_max, std::max(k_fac_min, k_fac_safe / std::cbrt(err > 0 ? err : 1e-300))) : 0.1;
    if (++nsteps > opt.max_steps) { st.failed = true; break; }
    if (std::isfinite(err) && (err <= 1.0 || h <= opt.h_min_s)) {
      ++st.steps;
      for (size_t i = 0; i < nn; ++i) y[i] = ynew_[i] < 0.0 ? 0.0 : ynew_[i];
      if (last) break;
      t += h;
      double hnew = h * fac;
      if (rejected) hnew = std::min(hnew, h);
      rejected = false;
      h = std::max(hnew, opt.h_min_s);
    } else {
      ++st.rejected;
      rejected = true;
      h = std::max(h * fac, opt.h_min_s);
    }
  }
  return st;
}

}  // namespace lantian::chem
