// The Rosenbrock step driver over a block of L lanes (integrate_k: per-lane step control,
// streaming of cells through the lanes, the stages of ROS3/RODAS3 with the kernels of
// block_kernel.hpp, and the non-autonomous terms) and the ISA's table of kernels.
//
// Included by block_kernel.hpp only (once per instruction set, inside its conventions: no
// include guard, internal linkage, no std:: containers; see there).
#ifndef LANTIAN_CHEM_ISA_NS
#error "include block_kernel.hpp, not block_integrate.hpp"
#endif

namespace lantian::chem::detail::LANTIAN_CHEM_ISA_NS {
namespace {
/// df = f(y, kd) over the time-varying reactions only (w.tv; kd [tv.nr * L] their dk/dt):
/// their rates into w.rate, then the rows of the species they produce or consume, each the
/// full f's sum without the other reactions' terms (rows of other species are not written).
/// Where the other reactions' dk/dt are zero their terms are +-0, and a sum from +0 is never
/// -0, so adding them would change no bit: this equals fun_k(y, dk/dt of all reactions).
template <int LC>
void dfdt_k(const BlockWork& w, const double* __restrict y, const double* __restrict kd, double* __restrict df) {
  const SysView& s = w.sys;
  const TimeVaryingView& tv = w.tv;
  const int L = LC > 0 ? LC : w.L;
  for (int j = 0; j < tv.nr; ++j) {
    const int r = tv.rxn[j];
    product_row<LC>(L, kd + static_cast<long>(j) * L, s.react_var, s.react_ptr[r], s.react_ptr[r + 1], y,
                    w.rate + static_cast<long>(j) * L);
  }
  for (int q = 0; q < tv.nsp; ++q)
    weighted_sum_row<LC, false>(L, 1.0, tv.prod_coef, tv.prod_j, tv.sp_ptr[q], tv.sp_ptr[q + 1], w.rate,
                                df + static_cast<long>(tv.sp[q]) * L);
}

/// A stage's right-hand side in one pass over the block: out = src + sum_j (cg_j / (gamma h))
/// K_j [+ (gs h) df], the terms added in the order of j and df last (out may be src). With the
/// run-time lane count: the same sums as separate passes.
template <int LC>
void stage_rhs(const BlockWork& w, const double* src, int nj, const double* const* kj, const double* cg,
               const double* df, double gs, double* out) {
  const int L = LC > 0 ? LC : w.L, n = w.sys.n;
  const double* __restrict g = w.ghinv;
  const double* __restrict h = w.h;
  if constexpr (k_vec<LC>) {
    using V = Lanes<LC>;
    for (int c0 = 0; c0 < LC; c0 += V::cw) {
      const V gv = V::load(g + c0);
      const V dh = df ? gs * V::load(h + c0) : V::splat(0.0);
      for (int i = 0; i < n; ++i) {
        const long o = static_cast<long>(i) * LC + c0;
        V acc = V::load(src + o);
        for (int j = 0; j < nj; ++j) acc += (cg[j] * gv) * V::load(kj[j] + o);
        if (df) acc += dh * V::load(df + o);
        acc.store(out + o);
      }
    }
  } else {
    for (int i = 0; i < n; ++i) {
      const long o = static_cast<long>(i) * L;
      for (int c = 0; c < L; ++c) {
        double v = src[o + c];
        for (int j = 0; j < nj; ++j) v += cg[j] * g[c] * kj[j][o + c];
        if (df) v += (gs * h[c]) * df[o + c];
        out[o + c] = v;
      }
    }
  }
}

/// ys = y + sum_j a_j K_j over the block (terms in the order of j).
template <int LC>
void stage_state(const BlockWork& w, const double* __restrict y, int nj, const double* const* kj, const double* a,
                 double* __restrict ys) {
  const long nL = static_cast<long>(w.sys.n) * (LC > 0 ? LC : w.L);
  if constexpr (k_vec<LC>) {
    using V = Lanes<LC>;
    for (long o = 0; o < nL; o += V::cw) {
      V acc = V::load(y + o);
      for (int j = 0; j < nj; ++j) acc += a[j] * V::load(kj[j] + o);
      acc.store(ys + o);
    }
  } else {
    for (long q = 0; q < nL; ++q) {
      double v = y[q];
      for (int j = 0; j < nj; ++j) v += a[j] * kj[j][q];
      ys[q] = v;
    }
  }
}

/// The step's result and error estimate in one pass: ynew = y + sum m_i K_i, yerr = (0 +
/// sum e_i K_i) [x 1/(gamma h) when `filter`], terms in stage order (nonzero weights only).
template <int LC>
void step_sums(const BlockWork& w, const double* __restrict y, int nm, const double* const* km, const double* mc,
               int ne, const double* const* ke, const double* ec, bool filter, double* __restrict yn,
               double* __restrict ye) {
  const int L = LC > 0 ? LC : w.L, n = w.sys.n;
  const double* __restrict g = w.ghinv;
  if constexpr (k_vec<LC>) {
    using V = Lanes<LC>;
    for (int c0 = 0; c0 < LC; c0 += V::cw) {
      const V gv = V::load(g + c0);
      for (int i = 0; i < n; ++i) {
        const long o = static_cast<long>(i) * LC + c0;
        V an = V::load(y + o), ae = V::splat(0.0);
        for (int j = 0; j < nm; ++j) an += mc[j] * V::load(km[j] + o);
        for (int j = 0; j < ne; ++j) ae += ec[j] * V::load(ke[j] + o);
        if (filter) ae *= gv;
        an.store(yn + o);
        ae.store(ye + o);
      }
    }
  } else {
    for (int i = 0; i < n; ++i) {
      const long o = static_cast<long>(i) * L;
      for (int c = 0; c < L; ++c) {
        double vn = y[o + c], ve = 0.0;
        for (int j = 0; j < nm; ++j) vn += mc[j] * km[j][o + c];
        for (int j = 0; j < ne; ++j) ve += ec[j] * ke[j][o + c];
        if (filter) ve *= g[c];
        yn[o + c] = vn;
        ye[o + c] = ve;
      }
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
  const TimeVaryingView& tv = w.tv;
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
    if (nonaut) {
      // the other reactions' rate constants at any stage time are k (rates_at skips them)
      for (int r = 0; r < nr; ++r) kt[static_cast<long>(r) * L + c] = k[static_cast<long>(r) * L + c];
      for (int j = 0; j < tv.nr; ++j)
        kd[static_cast<long>(j) * L + c] = w.kdot_cells[static_cast<long>(cell) * nr + tv.rxn[j]];
    }
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
  // kt = k + (t + alpha h) kd per lane for the time-varying reactions: the rate constants at
  // a stage time (the others' kt hold k from the lane's load)
  auto rates_at = [&](double alpha) {
    double* __restrict ts = w.tstage;
    for (int c = 0; c < L; ++c) ts[c] = w.t[c] + alpha * w.h[c];
    for (int j = 0; j < tv.nr; ++j) {
      const long r = tv.rxn[j];
      double* __restrict ktr = kt + r * L;
      const double* __restrict kr = k + r * L;
      const double* __restrict kdr = kd + static_cast<long>(j) * L;
#pragma omp simd
      for (int c = 0; c < L; ++c) ktr[c] = kr[c] + ts[c] * kdr[c];
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
      dfdt_k<LC>(w, y, kd, w.dfdt);  // df/dt at (t, y)
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
    const double* kj[4];             // the stages' K so far
    const double* last_f = nullptr;  // the last f evaluated (unmodified), for a stage without one
    // The earlier stages j of stage i with a non-zero coefficient coef[i (i - 1) / 2 + j]: their
    // K into kp, the coefficient x scale into v; returns how many.
    auto nonzero_terms = [&](int i, const double* coef, double scale, const double** kp, double* v) {
      int m = 0;
      for (int j = 0; j < i; ++j) {
        const double cij = coef[i * (i - 1) / 2 + j];
        if (cij == 0.0) continue;
        kp[m] = kj[j];
        v[m++] = cij * scale;
      }
      return m;
    };
    for (int st_i = 0; st_i < tb.s; ++st_i) {
      double* ks = w.kst + static_cast<long>(st_i) * nL;
      // f goes straight into ks unless the next stage reuses it (ROS3 stage 3 and RODAS3
      // stage 2 reuse f of stage 2 / 1 resp.): then into w.f, kept while ks is formed from it
      const bool keep_f = st_i + 1 < tb.s && !tb.new_f[st_i + 1];
      if (st_i == 0 || tb.new_f[st_i]) {
        double* fo = keep_f ? w.f : ks;
        if (st_i == 0) {
          fun_k<LC>(w, y, kuse, fo);  // kt holds the rates at t (rates_at(0) above)
        } else {
          if (nonaut) rates_at(tb.alpha[st_i]);
          const double* ka[4];
          double av[4];
          const int na = nonzero_terms(st_i, tb.a, 1.0, ka, av);
          if (na > 0) {
            stage_state<LC>(w, y, na, ka, av, w.ys);
            fun_k<LC>(w, w.ys, kuse, fo);
          } else {
            fun_k<LC>(w, y, kuse, fo);
          }
          st.fevals += nact;
        }
        last_f = fo;
      }
      // ks = f + sum_j (c_ij / h) K_j [+ h gamma_i df/dt]; c_ij / h = c_ij * gamma * (1 / (gamma h))
      const double* kc[4];
      double cg[4];
      const int nc = nonzero_terms(st_i, tb.c, tb.gamma, kc, cg);
      const bool add_df = nonaut && tb.gamma_sum[st_i] != 0.0;
      if (nc > 0 || add_df || last_f != ks)
        stage_rhs<LC>(w, last_f, nc, kc, cg, add_df ? w.dfdt : nullptr, tb.gamma_sum[st_i], ks);
      solve_k<LC>(w, a, ks);
      kj[st_i] = ks;
    }
    {
      double* __restrict yn = w.ynew;
      double* __restrict ye = w.yerr;
      const double* km[4];
      const double* ke[4];
      double mc[4], ec[4];
      int nm = 0, ne = 0;
      for (int si = 0; si < tb.s; ++si) {
        if (tb.m[si] != 0.0) {
          km[nm] = kj[si];
          mc[nm++] = tb.m[si];
        }
        if (tb.e[si] != 0.0) {
          ke[ne] = kj[si];
          ec[ne++] = tb.e[si];
        }
      }
      // Shampine's (1982) filtered estimate (I - h gamma J)^-1 e = A^-1 e / (h gamma): damps
      // the stiff components, whose jump after a change of rate constants the embedded
      // ROS3 formula (not L-stable) would otherwise report as an O(1) error at any h.
      step_sums<LC>(w, y, nm, km, mc, ne, ke, ec, opt.filter_error, yn, ye);
      if (opt.filter_error) solve_k<LC>(w, a, ye);
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
    {
      // as selects over whole rows; a rejected lane keeps its y and clip
      double* __restrict acc = w.tstage;
      for (int c = 0; c < L; ++c) acc[c] = (flags[c] & 2) ? 1.0 : 0.0;
      if constexpr (k_vec<LC>) {
        using V = Lanes<LC>;
        for (int c0 = 0; c0 < LC; c0 += V::cw) {
          const V take = V::load(acc + c0), zero = V::splat(0.0);
          for (int i = 0; i < n; ++i) {
            const long o = static_cast<long>(i) * LC + c0;
            const V v = V::load(w.ynew + o);
            V yi = V::load(y + o), cl = V::load(clip + o);
            for (int b = 0; b < V::nv; ++b) {
              const auto neg = v.v[b] < zero.v[b];
              const auto tk = take.v[b] != zero.v[b];
              yi.v[b] = tk ? (neg ? zero.v[b] : v.v[b]) : yi.v[b];
              cl.v[b] = tk ? cl.v[b] + (neg ? -v.v[b] : zero.v[b]) : cl.v[b];
            }
            yi.store(y + o);
            cl.store(clip + o);
          }
        }
      } else {
        for (int i = 0; i < n; ++i) {
          double* __restrict yi = y + static_cast<long>(i) * L;
          const double* __restrict y1 = w.ynew + static_cast<long>(i) * L;
          double* __restrict cl = clip + static_cast<long>(i) * L;
          for (int c = 0; c < L; ++c) {
            const double v = y1[c];
            const bool take = acc[c] != 0.0;
            yi[c] = take ? (v < 0.0 ? 0.0 : v) : yi[c];
            cl[c] = take ? cl[c] + (v < 0.0 ? -v : 0.0) : cl[c];
          }
        }
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

const BlockKernels k_kernels{LANTIAN_CHEM_ISA_NAME, fun_any,     jac_any,      decompose_any,    solve_any,
                             integrate_any,         k_generated, k_ngenerated, k_generated_lanes};

}  // namespace lantian::chem::detail::LANTIAN_CHEM_ISA_NS
