// Per-cell rate constants, evaluated by a program grouped by rate-law form (rate_evaluator.hpp).
#include "solver/chemistry/rate_evaluator.hpp"

#include <algorithm>
#include <cmath>

#include "solver/core/constants.hpp"
#include "solver/core/det_math.hpp"
#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

namespace lantian::chem {

namespace {
constexpr double k_m_h2o_g_mol = 18.01528;

// The loops with exponentials and logarithms, compiled three times: for AVX-512, for AVX2 and
// for the baseline, the variant chosen when the program loads (GCC's target_clones, an ifunc).
// No variant contracts to FMA (-ffp-contract=off for this file), so all give the same bits
// (tests/unit/core/test_det_math.cpp compares them); only the vector width differs.
// Elsewhere (other processors, compilers without the attribute) and in address-sanitizer
// builds (which keep ifunc resolvers out of their start-up) the baseline loops alone.
#if defined(__x86_64__) && defined(__has_attribute) && !defined(__SANITIZE_ADDRESS__)
#if __has_attribute(target_clones)
#define LANTIAN_RATE_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
#endif
#ifndef LANTIAN_RATE_CLONES
#define LANTIAN_RATE_CLONES
#endif

/// ln(T/300) in place of T/300 in lt[0..nc), then the temperature factors f[q][c] =
/// exp(b_q ln(T/300) - c_q / T) (b_q ln(T/300) left out when b_q = 0), rows of stride B.
LANTIAN_RATE_CLONES void temperature_factors(int nf, const double* fb, const double* fc, int nc, int B, double* lt,
                                             const double* it, double* f) {
#pragma omp simd
  for (int c = 0; c < nc; ++c) lt[c] = det_math::log(lt[c]);
  for (int q = 0; q < nf; ++q) {
    const double b = fb[q], cq = fc[q];
    double* fq = f + static_cast<long>(q) * B;
    if (b != 0.0) {
#pragma omp simd
      for (int c = 0; c < nc; ++c) fq[c] = det_math::exp(b * lt[c] - cq * it[c]);
    } else {
#pragma omp simd
      for (int c = 0; c < nc; ++c) fq[c] = det_math::exp(0.0 - cq * it[c]);
    }
  }
}

/// Troe fall-off: k = k0 M / (1 + r) Fc^(1 / (1 + (log10 r / N)^2)), r = k0 M / kinf, with
/// log10 r = ln r / ln 10 and Fc^y = exp(y ln Fc). t0: k0, t1: kinf per cell.
LANTIAN_RATE_CLONES void troe_row(int nc, const double* t0, const double* t1, const double* mm, double ln_fc, double n,
                                  double* kr) {
#pragma omp simd
  for (int c = 0; c < nc; ++c) {
    const double k0 = t0[c] * mm[c], r = k0 / t1[c];
    const double x = det_math::log(r) * det_math::k_inv_ln10 / n;
    kr[c] = k0 / (1.0 + r) * det_math::exp(ln_fc / (1.0 + x * x));
  }
}
}  // namespace

AirDensity air_density(double temp_k, double press_pa, double qv_kg_kg) {
  const double kb = constants::k_r_j_mol_k / constants::k_avogadro;  // [J K-1]
  AirDensity a;
  a.total = press_pa / (kb * temp_k) * 1e-6;
  // water-vapour moles per mole of dry air
  const double r = qv_kg_kg * (constants::k_m_air_kg_mol * 1000.0) / k_m_h2o_g_mol;
  a.dry = a.total / (1.0 + r);
  a.h2o = a.dry * r;
  return a;
}

/// The factor index of A (T/300)^B exp(-C/T) (p = A, B, C): -1 for a constant, else the
/// position of (B, C) in factor_b_/factor_c_, added if new.
int RateEvaluator::term_of(const double* p, Term& t) {
  t.a = p[0];
  t.q = -1;
  if (p[1] == 0.0 && p[2] == 0.0) return t.q;
  for (size_t q = 0; q < factor_b_.size(); ++q)
    if (factor_b_[q] == p[1] && factor_c_[q] == p[2]) return t.q = static_cast<int>(q);
  factor_b_.push_back(p[1]);
  factor_c_.push_back(p[2]);
  return t.q = static_cast<int>(factor_b_.size()) - 1;
}

RateEvaluator::RateEvaluator(const Mechanism& m, const ChemSystem& sys) : m_(m), sys_(sys), photo_(m.photolysis_names) {
  for (int s : m.fixed()) {
    const Species& sp = m.species[static_cast<size_t>(s)];
    if (sp.fixed_mixing_ratio >= 0.0) continue;
    const std::string u = text::upper(sp.name);
    if (u != "M" && u != "AIR" && u != "O2" && u != "N2" && u != "H2O")
      throw Error::in_file(m.source_file,
                           "fixed species " + sp.name + " has no mixing ratio and does not come from meteorology",
                           sp.name);
  }
  fixed_source_.assign(m.species.size(), FixedSource::none);
  for (size_t s = 0; s < m.species.size(); ++s) {
    const Species& sp = m.species[s];
    const std::string u = text::upper(sp.name);
    fixed_source_[s] = sp.fixed_mixing_ratio >= 0.0 ? FixedSource::mixing_ratio
                       : u == "M" || u == "AIR"     ? FixedSource::total
                       : u == "O2"                  ? FixedSource::o2
                       : u == "N2"                  ? FixedSource::n2
                       : u == "H2O"                 ? FixedSource::h2o
                                                    : FixedSource::none;
  }
  // The program, by form.
  for (int r = 0; r < sys.nr; ++r) {
    const RateLaw& law = m.reactions[static_cast<size_t>(r)].rate;
    switch (law.kind) {
      case RateKind::arrhenius: {
        Arr a{r, {}};
        term_of(law.p, a.t);
        arr_.push_back(a);
        break;
      }
      case RateKind::troe: {
        Troe t{r, {}, {}, det_math::log(law.p[6]), law.p[7]};
        term_of(law.p, t.k0);
        term_of(law.p + 3, t.ki);
        troe_.push_back(t);
        break;
      }
      case RateKind::sum_m: {
        SumM t{r, {}, {}};
        term_of(law.p, t.k1);
        term_of(law.p + 3, t.k2);
        sum_m_.push_back(t);
        break;
      }
      case RateKind::hno3_oh: {
        Hno3 t{r, {}, {}, {}};
        term_of(law.p, t.k0);
        term_of(law.p + 3, t.k2);
        term_of(law.p + 6, t.k3);
        hno3_.push_back(t);
        break;
      }
      case RateKind::photolysis: photo_r_.push_back({r, law.scale, law.photo, 0.0}); break;
      case RateKind::sun_power: sun_r_.push_back({r, law.scale, -1, law.p[0]}); break;
      case RateKind::reference: ref_r_.push_back({r, law.scale, law.ref, 0.0}); break;
      case RateKind::external: zero_r_.push_back(r); break;
      default: other_.push_back(r);
    }
  }
  varying_ = sun_dependent_reactions(m);
  for (const Scaled& p : ref_r_)
    if (std::binary_search(varying_.begin(), varying_.end(), p.r)) ref_varying_.push_back(p);
  fixed_list_ = m.fixed();
  fixed_pos_.resize(sys.fixed_sp.size());
  for (size_t q = 0; q < sys.fixed_sp.size(); ++q)
    fixed_pos_[q] =
        static_cast<int>(std::find(fixed_list_.begin(), fixed_list_.end(), sys.fixed_sp[q]) - fixed_list_.begin());
  cost_.exp_temperature = static_cast<int>(factor_b_.size());
  cost_.falloff = static_cast<int>(troe_.size());
  cost_.photolysis_channels = photo_.channels_used();
  for (const auto& s : sun_r_) cost_.sun_powers += s.power != 1.0;
  const size_t items = 6 + factor_b_.size() + m.photolysis_names.size() + fixed_list_.size() + sys.nr;
  w_.assign(items * k_block + m.photolysis_names.size(), 0.0);
}

double RateEvaluator::fixed_concentration(int s, const AirDensity& a) const {
  switch (fixed_source_[static_cast<size_t>(s)]) {
    case FixedSource::mixing_ratio: return m_.species[static_cast<size_t>(s)].fixed_mixing_ratio * a.dry;
    case FixedSource::total: return a.total;
    case FixedSource::o2: return 0.2095 * a.dry;  // CMAQ's ATM_O2 (0.2095e6 ppm)
    case FixedSource::n2: return 0.7808 * a.dry;  // CMAQ's ATM_N2
    case FixedSource::h2o: return a.h2o;
    case FixedSource::none: break;
  }
  return 0.0;
}

void RateEvaluator::effective_k(const CellConditions& c, double* k_eff, double j_scale) const {
  evaluate_block(&c, 1, k_eff, j_scale);
}

void RateEvaluator::effective_k_cells(const CellConditions* c, int ncells, double* k_cells, double j_scale) const {
  for (int c0 = 0; c0 < ncells; c0 += k_block)
    evaluate_block(c + c0, std::min(k_block, ncells - c0), k_cells + static_cast<long>(c0) * sys_.nr, j_scale);
}

void RateEvaluator::cell_sun_and_fixed(const CellConditions& x, const AirDensity& a, int c, double j_scale, double* sun,
                                       double* j, double* jc, double* fx) const {
  constexpr int B = k_block;
  const int nj = photo_.size(), nfix = static_cast<int>(fixed_list_.size());
  const double cf = x.cloud_factor * j_scale;
  sun[c] = sun_r_.empty() ? 0.0 : sun_factor(x.coszen) * cf;
  if (nj > 0 && x.j_raw) {
    // evaluate(coszen, cf) gives (sum of channels) x cf, and 0 in the dark; j_raw holds the
    // sums (x 1.0, exact), so this is the same product
    for (int i = 0; i < nj; ++i) j[static_cast<long>(i) * B + c] = x.coszen <= 0.0 ? 0.0 : x.j_raw[i] * cf;
  } else if (nj > 0) {
    photo_.evaluate(x.coszen, cf, jc);
    for (int i = 0; i < nj; ++i) j[static_cast<long>(i) * B + c] = jc[i];
  }
  for (int s = 0; s < nfix; ++s)
    fx[static_cast<long>(s) * B + c] = fixed_concentration(fixed_list_[static_cast<size_t>(s)], a);
}

void RateEvaluator::sun_rates(int nc, const double* sun, const double* j, double* k) const {
  constexpr int B = k_block;
  for (const Scaled& p : photo_r_) {
    double* kr = k + static_cast<long>(p.r) * B;
    const double* jr = j + static_cast<long>(p.i) * B;
#pragma omp simd
    for (int c = 0; c < nc; ++c) kr[c] = p.scale * jr[c];
  }
  for (const Scaled& p : sun_r_) {
    double* kr = k + static_cast<long>(p.r) * B;
    if (p.power == 1.0) {  // KPP's c x SUN: no power needed (x^1 = x exactly)
#pragma omp simd
      for (int c = 0; c < nc; ++c) kr[c] = sun[c] > 0.0 ? p.scale * sun[c] : 0.0;
    } else {  // SUN^n = exp(n ln SUN), as Mechanism::rate_constants
#pragma omp simd
      for (int c = 0; c < nc; ++c)
        kr[c] = sun[c] > 0.0 ? p.scale * det_math::exp(p.power * det_math::log(sun[c])) : 0.0;
    }
  }
}

void RateEvaluator::sun_slope_cells(const CellConditions* c1, int ncells, const double* k0_cells, double dt_s,
                                    double* kdot_cells, double j_scale) const {
  for (int c0 = 0; c0 < ncells; c0 += k_block) {
    const long off = static_cast<long>(c0) * sys_.nr;
    sun_slope_block(c1 + c0, std::min(k_block, ncells - c0), k0_cells + off, dt_s, kdot_cells + off, j_scale);
  }
}

void RateEvaluator::sun_slope_block(const CellConditions* cc, int nc, const double* k0_cells, double dt_s,
                                    double* kdot_cells, double j_scale) const {
  // The steps of evaluate_block that involve the sun, in the same order and with the same
  // operations, so that k(c1) of a varying reaction has the bits a full evaluation gives it.
  constexpr int B = k_block;
  const int nj = photo_.size(), nfix = static_cast<int>(fixed_list_.size());
  const int nr = sys_.nr;
  double* const sun = w_.data();
  double* const j = sun + B;
  double* const fx = j + static_cast<long>(nj) * B;
  double* const k = fx + static_cast<long>(nfix) * B;
  double* const jc = k + static_cast<long>(nr) * B;
  for (int c = 0; c < nc; ++c) {
    const CellConditions& x = cc[c];
    const AirDensity a = air_density(x.temp_k, x.press_pa, x.qv_kg_kg);
    cell_sun_and_fixed(x, a, c, j_scale, sun, j, jc, fx);
  }
  sun_rates(nc, sun, j, k);
  for (const Scaled& p : ref_varying_) {
    double* kr = k + static_cast<long>(p.r) * B;
    const double* ks = k + static_cast<long>(p.i) * B;
#pragma omp simd
    for (int c = 0; c < nc; ++c) kr[c] = p.scale * ks[c];
  }
  for (int r : varying_) {
    double* kr = k + static_cast<long>(r) * B;
    for (int q = sys_.fixed_ptr[static_cast<size_t>(r)]; q < sys_.fixed_ptr[static_cast<size_t>(r) + 1]; ++q) {
      const double* fs = fx + static_cast<long>(fixed_pos_[static_cast<size_t>(q)]) * B;
#pragma omp simd
      for (int c = 0; c < nc; ++c) kr[c] *= fs[c];
    }
    for (int c = 0; c < nc; ++c) {
      const long at = static_cast<long>(c) * nr + r;
      kdot_cells[at] = (kr[c] - k0_cells[at]) / dt_s;
    }
  }
}

void RateEvaluator::evaluate_block(const CellConditions* cc, int nc, double* k_cells, double j_scale) const {
  constexpr int B = k_block;
  const int nf = static_cast<int>(factor_b_.size()), nj = photo_.size(), nfix = static_cast<int>(fixed_list_.size());
  const int nr = sys_.nr;
  // [item][cell] rows of the scratch
  double* const lt = w_.data();                        // ln(T/300)
  double* const it = lt + B;                           // 1/T [K-1]
  double* const mm = it + B;                           // M [molecule cm-3]
  double* const sun = mm + B;                          // KPP's SUN x cloud factor x j_scale
  double* const pa = sun + B;                          // pressure [Pa]
  double* const tk = pa + B;                           // T [K]
  double* const f = tk + B;                            // temperature factors [nf][B]
  double* const j = f + static_cast<long>(nf) * B;     // photolysis [nj][B]
  double* const fx = j + static_cast<long>(nj) * B;    // fixed concentrations [nfix][B]
  double* const k = fx + static_cast<long>(nfix) * B;  // rate constants [nr][B]
  double* const jc = k + static_cast<long>(nr) * B;    // one cell's photolysis [nj]
  for (int c = 0; c < nc; ++c) {
    const CellConditions& x = cc[c];
    const AirDensity a = air_density(x.temp_k, x.press_pa, x.qv_kg_kg);
    lt[c] = x.temp_k / 300.0;  // its log below, vectorised
    it[c] = 1.0 / x.temp_k;
    mm[c] = a.total;
    pa[c] = x.press_pa;
    tk[c] = x.temp_k;
    cell_sun_and_fixed(x, a, c, j_scale, sun, j, jc, fx);
  }
  temperature_factors(nf, factor_b_.data(), factor_c_.data(), nc, B, lt, it, f);
  auto term = [&](const Term& t, double* out) {
    if (t.q < 0) {
      for (int c = 0; c < nc; ++c) out[c] = t.a;
    } else {
      const double* fq = f + static_cast<long>(t.q) * B;
#pragma omp simd
      for (int c = 0; c < nc; ++c) out[c] = t.a * fq[c];
    }
  };
  for (const Arr& a : arr_) term(a.t, k + static_cast<long>(a.r) * B);
  double t0[B], t1[B], t2[B];
  for (const Troe& t : troe_) {
    term(t.k0, t0);
    term(t.ki, t1);
    double* kr = k + static_cast<long>(t.r) * B;
    troe_row(nc, t0, t1, mm, t.ln_fc, t.n, kr);
  }
  for (const SumM& t : sum_m_) {
    term(t.k1, t0);
    term(t.k2, t1);
    double* kr = k + static_cast<long>(t.r) * B;
#pragma omp simd
    for (int c = 0; c < nc; ++c) kr[c] = t0[c] + t1[c] * mm[c];
  }
  for (const Hno3& t : hno3_) {
    term(t.k0, t0);
    term(t.k2, t1);
    term(t.k3, t2);
    double* kr = k + static_cast<long>(t.r) * B;
#pragma omp simd
    for (int c = 0; c < nc; ++c) {
      const double k3m = t2[c] * mm[c];
      kr[c] = t0[c] + k3m / (1.0 + k3m / t1[c]);
    }
  }
  for (int r : other_) {
    double* kr = k + static_cast<long>(r) * B;
    for (int c = 0; c < nc; ++c) {
      RateEnv env;
      env.temp_k = tk[c];
      env.press_pa = pa[c];
      env.m_molec_cm3 = mm[c];
      kr[c] = thermal_rate(m_.reactions[static_cast<size_t>(r)].rate, env);
    }
  }
  sun_rates(nc, sun, j, k);
  for (int r : zero_r_)
    for (int c = 0; c < nc; ++c) k[static_cast<long>(r) * B + c] = 0.0;
  for (const Scaled& p : ref_r_) {
    double* kr = k + static_cast<long>(p.r) * B;
    const double* ks = k + static_cast<long>(p.i) * B;
#pragma omp simd
    for (int c = 0; c < nc; ++c) kr[c] = p.scale * ks[c];
  }
  // Fixed reactants folded in (in the order of ChemSystem's list), then out cell-major.
  for (int r = 0; r < nr; ++r) {
    double* kr = k + static_cast<long>(r) * B;
    for (int q = sys_.fixed_ptr[static_cast<size_t>(r)]; q < sys_.fixed_ptr[static_cast<size_t>(r) + 1]; ++q) {
      const double* fs = fx + static_cast<long>(fixed_pos_[static_cast<size_t>(q)]) * B;
#pragma omp simd
      for (int c = 0; c < nc; ++c) kr[c] *= fs[c];
    }
    for (int c = 0; c < nc; ++c) k_cells[static_cast<long>(c) * nr + r] = kr[c];
  }
}

}  // namespace lantian::chem
