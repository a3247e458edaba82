// Vectorised Rosenbrock integration over blocks of cells (the kernels are in block_kernel.hpp,
// compiled per instruction set), and the dense scalar reference.
#include "solver/chemistry/rosenbrock/rosenbrock.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "solver/core/error.hpp"

#include "solver/chemistry/rosenbrock/block_kernel_set.hpp"
#include "solver/chemistry/rosenbrock/rosenbrock_method.hpp"

namespace lantian::chem {

bool chem_avx2_available() noexcept {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  return detail::block_kernels_avx2() != nullptr && __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

bool chem_avx512_available() noexcept {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  return detail::block_kernels_avx512() != nullptr && __builtin_cpu_supports("avx512f");
#else
  return false;
#endif
}

namespace {

/// The kernel table for `isa` on this processor (ChemIsa's fall-backs).
const detail::BlockKernels& kernels_for(ChemIsa isa) {
  if (isa == ChemIsa::baseline) return detail::block_kernels_baseline();
  if (isa != ChemIsa::avx2 && chem_avx512_available()) return *detail::block_kernels_avx512();
  if (chem_avx2_available()) return *detail::block_kernels_avx2();
  return detail::block_kernels_baseline();
}

/// The kernels generated for the system `sys` in the table `k`, for blocks of L lanes; nullptr
/// where there are none: every entry of the kernel programs must be equal (the signatures).
const detail::GeneratedKernels* find_generated(const detail::BlockKernels& k, const ChemSystem& sys, int L) {
  if (L != k.generated_lanes) return nullptr;
  const std::vector<long long> sig = sys.kernel_signature();
  for (int g = 0; g < k.ngenerated; ++g) {
    const detail::GeneratedKernels& e = k.generated[g];
    if (static_cast<size_t>(e.signature_size) == sig.size() && std::equal(sig.begin(), sig.end(), e.signature))
      return &e;
  }
  return nullptr;
}

}  // namespace

const char* chem_best_isa() noexcept { return kernels_for(ChemIsa::best).isa; }

const char* chem_generated_for(const ChemSystem& sys, int block_size) {
  const detail::BlockKernels& k = kernels_for(ChemIsa::best);
  const detail::GeneratedKernels* g = find_generated(k, sys, block_size);
  return g ? g->mechanism : nullptr;
}

RosenbrockBlock::RosenbrockBlock(const ChemSystem& sys, int block_size, ChemIsa isa, bool generated)
    : sys_(sys), L_(block_size), work_(std::make_unique<detail::BlockWork>()) {
  kernels_ = &kernels_for(isa);
  if (generated) work_->generated = find_generated(*kernels_, sys, L_);
  const size_t L = static_cast<size_t>(L_), n = static_cast<size_t>(sys.n);
  rate_.resize(static_cast<size_t>(sys.nr) * L);
  dr_.resize(sys.dr_rxn.size() * L);
  ylane_.resize(n * L);
  klane_.resize(static_cast<size_t>(sys.nr) * L);
  kdlane_.resize(static_cast<size_t>(sys.nr) * L);
  kt_.resize(static_cast<size_t>(sys.nr) * L);
  dfdt_.resize(n * L);
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
  tstage_.resize(L);
  active_.resize(L);
  last_.resize(L);
  flags_.resize(L);
  nsteps_.resize(L);

  // row indices as offsets in block layout (index x L), as the kernels read them
  auto scaled = [&](const std::vector<int>& idx, std::vector<int>& out) {
    out.resize(idx.size());
    for (size_t e = 0; e < idx.size(); ++e) out[e] = idx[e] * L_;
    return out.data();
  };
  detail::SysView& v = work_->sys;
  v.n = sys.n;
  v.nr = sys.nr;
  v.nnz = sys.nnz;
  v.ndr = static_cast<int>(sys.dr_rxn.size());
  v.react_ptr = sys.react_ptr.data();
  v.react_var = scaled(sys.react_var, off_react_var_);
  v.prod_ptr = sys.prod_ptr.data();
  v.prod_rxn = scaled(sys.prod_rxn, off_prod_rxn_);
  v.prod_coef = sys.prod_coef.data();
  v.dr_rxn = sys.dr_rxn.data();
  v.dr_pos = sys.dr_pos.data();
  // each partial's product program: k's row and the reactants but the differentiated one
  dr_koff_.resize(sys.dr_rxn.size());
  dr_ptr_.assign(1, 0);
  dr_var_.clear();
  for (size_t d = 0; d < sys.dr_rxn.size(); ++d) {
    const int r = sys.dr_rxn[d], p0 = sys.react_ptr[static_cast<size_t>(r)];
    dr_koff_[d] = r * L_;
    for (int p = p0; p < sys.react_ptr[static_cast<size_t>(r) + 1]; ++p)
      if (p - p0 != sys.dr_pos[d]) dr_var_.push_back(sys.react_var[static_cast<size_t>(p)] * L_);
    dr_ptr_.push_back(static_cast<int>(dr_var_.size()));
  }
  v.dr_koff = dr_koff_.data();
  v.dr_ptr = dr_ptr_.data();
  v.dr_var = dr_var_.data();
  v.jacg_ptr = sys.jacg_ptr.data();
  v.jacg_dr = scaled(sys.jacg_dr, off_jacg_dr_);
  v.jacg_coef = sys.jacg_coef.data();
  jacg_coef_neg_.resize(sys.jacg_coef.size());
  for (size_t e = 0; e < sys.jacg_coef.size(); ++e) jacg_coef_neg_[e] = -sys.jacg_coef[e];
  v.jacg_coef_neg = jacg_coef_neg_.data();
  v.row_ptr = sys.row_ptr.data();
  v.col = scaled(sys.col, off_col_);
  v.diag = sys.diag.data();
  v.lu_row_ptr = sys.lu_row_ptr.data();
  v.lu_ik = scaled(sys.lu_ik, off_lu_ik_);
  v.lu_k = scaled(sys.lu_k, off_lu_k_);
  v.lu_upd_ptr = sys.lu_upd_ptr.data();
  v.lu_upd_ij = scaled(sys.lu_upd_ij, off_lu_upd_ij_);
  v.lu_upd_kj = scaled(sys.lu_upd_kj, off_lu_upd_kj_);
  detail::BlockWork& w = *work_;
  w.L = L_;
  w.ylane = ylane_.data();
  w.klane = klane_.data();
  w.cliplane = cliplane_.data();
  w.lane_cell = lane_cell_.data();
  w.rate = rate_.data();
  w.dr = dr_.data();
  w.a = a_.data();
  w.inv_diag = inv_diag_.data();
  w.f = f_.data();
  w.ys = ys_.data();
  w.ynew = ynew_.data();
  w.yerr = yerr_.data();
  w.kst = kst_.data();
  w.h = h_.data();
  w.hnext = hnext_.data();
  w.t = t_.data();
  w.err = err_.data();
  w.ghinv = ghinv_.data();
  w.active = active_.data();
  w.last = last_.data();
  w.flags = flags_.data();
  w.nsteps = nsteps_.data();
  w.kdlane = kdlane_.data();
  w.kt = kt_.data();
  w.dfdt = dfdt_.data();
  w.tstage = tstage_.data();
  set_all_time_varying();
}

void RosenbrockBlock::set_all_time_varying() {
  std::vector<int> all(static_cast<size_t>(sys_.nr));
  for (int r = 0; r < sys_.nr; ++r) all[static_cast<size_t>(r)] = r;
  set_time_varying(std::move(all));
}

void RosenbrockBlock::set_time_varying(std::vector<int> reactions) {
  for (int r : reactions)
    if (r < 0 || r >= sys_.nr)
      throw Error("RosenbrockBlock::set_time_varying: reaction index " + std::to_string(r) + " outside [0, " +
                  std::to_string(sys_.nr) + ")");
  std::sort(reactions.begin(), reactions.end());
  reactions.erase(std::unique(reactions.begin(), reactions.end()), reactions.end());
  tv_rxn_ = std::move(reactions);
  std::vector<int> j_of(static_cast<size_t>(sys_.nr), -1);  // reaction -> position in the subset
  for (size_t j = 0; j < tv_rxn_.size(); ++j) j_of[static_cast<size_t>(tv_rxn_[j])] = static_cast<int>(j);
  // df/dt's program: ChemSystem's production entries of the subset's reactions, in their order
  tv_sp_.clear();
  tv_sp_ptr_.assign(1, 0);
  tv_prod_j_.clear();
  tv_prod_coef_.clear();
  for (int i = 0; i < sys_.n; ++i) {
    const size_t before = tv_prod_j_.size();
    for (int e = sys_.prod_ptr[static_cast<size_t>(i)]; e < sys_.prod_ptr[static_cast<size_t>(i) + 1]; ++e) {
      const int j = j_of[static_cast<size_t>(sys_.prod_rxn[static_cast<size_t>(e)])];
      if (j < 0) continue;
      tv_prod_j_.push_back(j * L_);  // the subset rate's row offset in w.rate
      tv_prod_coef_.push_back(sys_.prod_coef[static_cast<size_t>(e)]);
    }
    if (tv_prod_j_.size() == before) continue;
    tv_sp_.push_back(i);
    tv_sp_ptr_.push_back(static_cast<int>(tv_prod_j_.size()));
  }
  std::fill(dfdt_.begin(), dfdt_.end(), 0.0);  // rows of species outside tv_sp_ stay zero
  detail::TimeVaryingView& v = work_->tv;
  v.nr = static_cast<int>(tv_rxn_.size());
  v.nsp = static_cast<int>(tv_sp_.size());
  v.rxn = tv_rxn_.data();
  v.sp = tv_sp_.data();
  v.sp_ptr = tv_sp_ptr_.data();
  v.prod_j = tv_prod_j_.data();
  v.prod_coef = tv_prod_coef_.data();
}

RosenbrockBlock::~RosenbrockBlock() = default;

const char* RosenbrockBlock::isa_name() const noexcept { return kernels_->isa; }
const char* RosenbrockBlock::generated_for() const noexcept {
  return work_->generated ? work_->generated->mechanism : nullptr;
}

void RosenbrockBlock::fun(const double* y, const double* k, double* f) { kernels_->fun(*work_, y, k, f); }
void RosenbrockBlock::jac(const double* y, const double* k, double* jv) { jac_into(y, k, jv, 1.0); }
void RosenbrockBlock::jac_into(const double* y, const double* k, double* jv, double sign) {
  kernels_->jac(*work_, y, k, jv, sign);
}
void RosenbrockBlock::decompose(double* a) { kernels_->decompose(*work_, a); }
void RosenbrockBlock::solve(const double* a, double* x) const { kernels_->solve(*work_, a, x); }

RosStats RosenbrockBlock::integrate_cells(double* y_cells, const double* k_cells, int ncells, double dt_s,
                                          const RosOptions& opt, double* clip_cells, double* h_cells,
                                          const double* kdot_cells, long* attempts_cells) {
  work_->kdot_cells = kdot_cells;
  work_->attempts_cells = attempts_cells;
  const RosStats st = kernels_->integrate(*work_, y_cells, k_cells, ncells, dt_s, opt, clip_cells, h_cells);
  work_->kdot_cells = nullptr;
  work_->attempts_cells = nullptr;
  return st;
}

RosStats RosenbrockBlock::integrate(double* y_soa, const double* k_soa, int ncells, double dt_s, const RosOptions& opt,
                                    double* clip_soa, double* h_cells, const double* kdot_soa) {
  // Block layout in, cell-major through the streaming integrator, block layout out.
  const int L = L_, n = sys_.n, nr = sys_.nr;
  std::vector<double> yc(static_cast<size_t>(ncells) * n), kc(static_cast<size_t>(ncells) * nr),
      cc(clip_soa ? static_cast<size_t>(ncells) * n : 0), kdc(kdot_soa ? static_cast<size_t>(ncells) * nr : 0);
  for (int c = 0; c < ncells; ++c) {
    for (int i = 0; i < n; ++i) yc[static_cast<size_t>(c) * n + i] = y_soa[static_cast<size_t>(i) * L + c];
    for (int r = 0; r < nr; ++r) kc[static_cast<size_t>(c) * nr + r] = k_soa[static_cast<size_t>(r) * L + c];
    if (kdot_soa)
      for (int r = 0; r < nr; ++r) kdc[static_cast<size_t>(c) * nr + r] = kdot_soa[static_cast<size_t>(r) * L + c];
  }
  RosStats st = integrate_cells(yc.data(), kc.data(), ncells, dt_s, opt, clip_soa ? cc.data() : nullptr, h_cells,
                                kdot_soa ? kdc.data() : nullptr);
  for (int c = 0; c < ncells; ++c)
    for (int i = 0; i < n; ++i) {
      y_soa[static_cast<size_t>(i) * L + c] = yc[static_cast<size_t>(c) * n + i];
      if (clip_soa) clip_soa[static_cast<size_t>(i) * L + c] += cc[static_cast<size_t>(c) * n + i];
    }
  return st;
}

// ---- Scalar paths: the dense reference and the sparse single cell ------------------------

/// The step loop of the scalar paths (one cell). With `rates` null the rate constants
/// `k_const` hold for the whole call (autonomous, as the model's kernels); otherwise they are
/// re-evaluated at the start of every attempt and at every stage time t + alpha_i h, and each
/// stage adds h gamma_i df/dt, df/dt = (f(t + d, y) - f(t, y)) / d with d = sqrt(eps) max(1e-6 s,
/// |t|): KPP's Rosenbrock with Autonomous = 0 (ros_FunTimeDerivative, FunTemplate; Sandu et
/// al. 1997). The autonomous path performs the dense reference's operations in their order.
struct ScalarDriver {
  template <class S>
  static RosStats run(S& self, int n, int nr, double* y, const double* k_const, const RateFunction* rates, double t0_s,
                      double dt_s, const RosOptions& opt, double* h_s) {
    using detail::CellStep;
    using detail::StepResult;
    const detail::Tableau& tb = detail::tableau_of(opt.method);
    const size_t nn = static_cast<size_t>(n);
    RosStats st;
    if (dt_s <= 0.0) return st;
    // sqrt of the unit round-off as KPP's WLAMCH('E') measures it (2^-52)
    constexpr double k_sqrt_roundoff = 1.4901161193847656e-08;
    std::vector<double> k0, kstage, f0, dfdt;
    if (rates) {
      k0.resize(static_cast<size_t>(nr));
      kstage.resize(static_cast<size_t>(nr));
      f0.resize(nn);
      dfdt.resize(nn);
    }
    double* f = self.f_.data();
    double* ysv = self.ys_.data();
    double* ynew = self.ynew_.data();
    double* yerr = self.yerr_.data();
    double* kst = self.kst_.data();
    CellStep cs;
    const double h0 = h_s && *h_s > 0.0 ? *h_s : opt.h_start_s;
    cs.h = std::min(std::max(h0, opt.h_min_s), dt_s);
    cs.last = cs.h >= dt_s;
    for (;;) {
      const double h = cs.h;
      ++st.fevals;
      ++st.jacobians;
      ++st.lu;
      const double* k = k_const;
      double t = 0.0;
      if (rates) {
        t = t0_s + cs.t;
        (*rates)(t, k0.data());
        k = k0.data();
        self.fun(y, k, f0.data());
        const double delta = k_sqrt_roundoff * std::max(1e-6, std::fabs(t));
        (*rates)(t + delta, kstage.data());
        self.fun(y, kstage.data(), dfdt.data());
        ++st.fevals;
        for (size_t i = 0; i < nn; ++i) dfdt[i] = (dfdt[i] - f0[i]) * (1.0 / delta);
      }
      const double ghinv = 1.0 / (tb.gamma * h);
      self.factor(y, k, ghinv);
      for (int s = 0; s < tb.s; ++s) {
        double* ks = kst + static_cast<size_t>(s) * nn;
        if (s == 0) {
          if (rates) std::copy(f0.begin(), f0.end(), f);
          else self.fun(y, k, f);
        } else if (tb.new_f[s]) {
          for (size_t i = 0; i < nn; ++i) {
            double v = y[i];
            for (int j = 0; j < s; ++j) v += tb.a[s * (s - 1) / 2 + j] * kst[static_cast<size_t>(j) * nn + i];
            ysv[i] = v;
          }
          if (rates) (*rates)(t + tb.alpha[s] * h, kstage.data());
          self.fun(ysv, rates ? kstage.data() : k, f);
          ++st.fevals;
        }
        const double hg = h * tb.gamma_sum[s];
        for (size_t i = 0; i < nn; ++i) {
          double v = f[i];
          for (int j = 0; j < s; ++j) v += tb.c[s * (s - 1) / 2 + j] / h * kst[static_cast<size_t>(j) * nn + i];
          if (rates && hg != 0.0) v += hg * dfdt[i];
          ks[i] = v;
        }
        self.solve(ks);
      }
      for (size_t i = 0; i < nn; ++i) {
        double yn = y[i], ye = 0.0;
        for (int s = 0; s < tb.s; ++s) {
          yn += tb.m[s] * kst[static_cast<size_t>(s) * nn + i];
          ye += tb.e[s] * kst[static_cast<size_t>(s) * nn + i];
        }
        ynew[i] = yn;
        yerr[i] = opt.filter_error ? ye * ghinv : ye;
      }
      if (opt.filter_error) self.solve(yerr);  // Shampine's filtered estimate, as the block kernels
      double err = 0.0;
      for (size_t i = 0; i < nn; ++i) {
        const double sc = opt.atol + opt.rtol * std::max(std::fabs(y[i]), std::fabs(ynew[i]));
        err += (yerr[i] / sc) * (yerr[i] / sc);
      }
      const StepResult res = detail::control_step(cs, std::sqrt(err / n), dt_s, opt);
      if (res == StepResult::failed) {
        st.failed = true;
        break;
      }
      if (res == StepResult::rejected) {
        ++st.rejected;
        continue;
      }
      ++st.steps;
      for (size_t i = 0; i < nn; ++i) y[i] = ynew[i] < 0.0 ? 0.0 : ynew[i];
      if (res == StepResult::finished) break;
    }
    if (h_s) *h_s = cs.hnext;
    return st;
  }
};

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

void DenseRosenbrock::factor(const double* y, const double* k, double ghinv) {
  const size_t nn = static_cast<size_t>(sys_.n);
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
    const int row =
        static_cast<int>(std::upper_bound(sys_.row_ptr.begin(), sys_.row_ptr.end(), idx) - sys_.row_ptr.begin()) - 1;
    jd_[static_cast<size_t>(row) * nn + static_cast<size_t>(sys_.col[static_cast<size_t>(idx)])] +=
        sys_.jac_coef[e] * v;
  }
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
}

void DenseRosenbrock::solve(double* x) const {
  const size_t nn = static_cast<size_t>(sys_.n);
  for (size_t i = 0; i < nn; ++i)
    for (size_t j = 0; j < i; ++j) x[i] -= a_[i * nn + j] * x[j];
  for (size_t i = nn; i-- > 0;) {
    for (size_t j = i + 1; j < nn; ++j) x[i] -= a_[i * nn + j] * x[j];
    x[i] /= a_[i * nn + i];
  }
}

RosStats DenseRosenbrock::integrate(double* y, const double* k, double dt_s, const RosOptions& opt) {
  return ScalarDriver::run(*this, sys_.n, sys_.nr, y, k, nullptr, 0.0, dt_s, opt, nullptr);
}

RosStats DenseRosenbrock::integrate(double* y, const RateFunction& rates, double t0_s, double dt_s,
                                    const RosOptions& opt, double* h_s) {
  return ScalarDriver::run(*this, sys_.n, sys_.nr, y, nullptr, &rates, t0_s, dt_s, opt, h_s);
}

ScalarRosenbrock::ScalarRosenbrock(const ChemSystem& sys) : sys_(sys), blk_(sys, 1, ChemIsa::baseline) {
  const size_t n = static_cast<size_t>(sys.n);
  f_.resize(n);
  a_.resize(static_cast<size_t>(sys.nnz));
  ys_.resize(n);
  ynew_.resize(n);
  yerr_.resize(n);
  kst_.resize(4 * n);
}

void ScalarRosenbrock::factor(const double* y, const double* k, double ghinv) {
  blk_.jac_into(y, k, a_.data(), -1.0);  // a = -J in the LU pattern
  for (int i = 0; i < sys_.n; ++i) a_[static_cast<size_t>(sys_.diag[static_cast<size_t>(i)])] += ghinv;
  blk_.decompose(a_.data());
}

RosStats ScalarRosenbrock::integrate(double* y, const RateFunction& rates, double t0_s, double dt_s,
                                     const RosOptions& opt, double* h_s) {
  return ScalarDriver::run(*this, sys_.n, sys_.nr, y, nullptr, &rates, t0_s, dt_s, opt, h_s);
}

}  // namespace lantian::chem
