// Mechanism data model: rate laws and consistency checks.
#include "solver/chemistry/mechanism/mechanism.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "solver/core/det_math.hpp"
#include "solver/core/error.hpp"

namespace lantian::chem {

namespace {
// The thermal laws use det_math's exp and log (the same bits on every machine, and those of
// the vectorised RateEvaluator); the halogen law (rare, scalar) keeps <cmath>.

/// A (T/300)^B exp(-C/T) as one exponential: A exp(B ln(T/300) - C/T).
inline double arr(const double* p, double t) {
  if (p[1] == 0.0 && p[2] == 0.0) return p[0];
  const double x = (p[1] != 0.0 ? p[1] * det_math::log(t / 300.0) : 0.0) - p[2] / t;
  return p[0] * det_math::exp(x);
}
/// The same with ln(T/300) and 1/T computed once per cell.
inline double arr_pre(const double* p, double lt, double it) {
  if (p[1] == 0.0 && p[2] == 0.0) return p[0];
  const double x = (p[1] != 0.0 ? p[1] * lt : 0.0) - p[2] * it;
  return p[0] * det_math::exp(x);
}

}  // namespace

double thermal_rate(const RateLaw& law, const RateEnv& env) {
  const double t = env.temp_k, m = env.m_molec_cm3;
  switch (law.kind) {
    case RateKind::arrhenius: return arr(law.p, t);
    case RateKind::troe: {
      const double k0 = arr(law.p, t) * m;
      const double kinf = arr(law.p + 3, t);
      const double r = k0 / kinf;
      // log10 r = ln r / ln 10; Fc^(1 / (1 + x^2)) = exp(ln Fc / (1 + x^2))
      const double x = det_math::log(r) * det_math::k_inv_ln10 / law.p[7];
      return k0 / (1.0 + r) * det_math::exp(det_math::log(law.p[6]) / (1.0 + x * x));
    }
    case RateKind::sum_m: return arr(law.p, t) + arr(law.p + 3, t) * m;
    case RateKind::hno3_oh: {
      const double k0 = arr(law.p, t), k2 = arr(law.p + 3, t), k3m = arr(law.p + 6, t) * m;
      return k0 + k3m / (1.0 + k3m / k2);
    }
    case RateKind::halogen: {
      const double p_atm = env.press_pa / 101325.0;
      return std::min(law.p[4], law.p[0] * std::exp(law.p[1] * p_atm) + law.p[2] * std::exp(law.p[3] * p_atm));
    }
    default: return 0.0;
  }
}

int Mechanism::find_species(const std::string& n) const noexcept {
  for (size_t i = 0; i < species.size(); ++i)
    if (species[i].name == n) return static_cast<int>(i);
  return -1;
}

int Mechanism::find_reaction(const std::string& label) const noexcept {
  for (size_t i = 0; i < reactions.size(); ++i)
    if (reactions[i].label == label) return static_cast<int>(i);
  return -1;
}

int Mechanism::add_species(const std::string& n, bool is_fixed) {
  int i = find_species(n);
  if (i >= 0) return i;
  Species s;
  s.name = n;
  s.fixed = is_fixed;
  species.push_back(s);
  return static_cast<int>(species.size()) - 1;
}

std::vector<int> Mechanism::variable() const {
  std::vector<int> v;
  for (size_t i = 0; i < species.size(); ++i)
    if (!species[i].fixed) v.push_back(static_cast<int>(i));
  return v;
}

std::vector<int> Mechanism::fixed() const {
  std::vector<int> v;
  for (size_t i = 0; i < species.size(); ++i)
    if (species[i].fixed) v.push_back(static_cast<int>(i));
  return v;
}

int Mechanism::n_variable() const { return static_cast<int>(variable().size()); }

void Mechanism::finalize() {
  photolysis_names.clear();
  for (auto& r : reactions) {
    auto fail = [&](const std::string& what) {
      throw Error::in_file(source_file, "reaction <" + r.label + ">: " + what, r.label, r.line);
    };
    if (r.reactants.empty() && r.rate.kind != RateKind::external)
      fail("no reactants (zero-order sources are emissions, not chemistry)");
    if (r.rate.kind == RateKind::photolysis) {
      auto it = std::find(photolysis_names.begin(), photolysis_names.end(), r.rate.name);
      if (it == photolysis_names.end()) {
        photolysis_names.push_back(r.rate.name);
        r.rate.photo = static_cast<int>(photolysis_names.size()) - 1;
      } else {
        r.rate.photo = static_cast<int>(it - photolysis_names.begin());
      }
    }
    if (r.rate.kind == RateKind::troe && (r.rate.p[6] <= 0.0 || r.rate.p[7] == 0.0))
      fail("fall-off parameters Fc must be > 0 and N != 0");
    for (double x : r.rate.p)
      if (!std::isfinite(x)) fail("non-finite rate parameter");
  }
  for (auto& r : reactions) {
    if (r.rate.kind != RateKind::reference) continue;
    r.rate.ref = find_reaction(r.rate.name);
    if (r.rate.ref < 0)
      throw Error::in_file(source_file, "reaction <" + r.label + "> refers to unknown reaction <" + r.rate.name + ">",
                           r.label, r.line);
  }
  // Chains of references are resolved to their end (depth limited: cycles are errors).
  for (auto& r : reactions) {
    if (r.rate.kind != RateKind::reference) continue;
    int depth = 0;
    while (reactions[static_cast<size_t>(r.rate.ref)].rate.kind == RateKind::reference) {
      const auto& t = reactions[static_cast<size_t>(r.rate.ref)].rate;
      r.rate.scale *= t.scale;
      r.rate.ref = t.ref;
      if (++depth > 100)
        throw Error::in_file(source_file, "cyclic rate references at <" + r.label + ">", r.label, r.line);
    }
  }
}

void Mechanism::rate_constants(const RateEnv& env, const double* j_s, double sun, double* k) const {
  const size_t n = reactions.size();
  const double lt = det_math::log(env.temp_k / 300.0), it = 1.0 / env.temp_k;
  for (size_t i = 0; i < n; ++i) {
    const RateLaw& law = reactions[i].rate;
    switch (law.kind) {
      case RateKind::photolysis: k[i] = law.scale * j_s[law.photo]; break;
      case RateKind::sun_power:  // SUN^n = exp(n ln SUN); SUN^1 exactly SUN
        k[i] = !(sun > 0.0)      ? 0.0
               : law.p[0] == 1.0 ? law.scale * sun
                                 : law.scale * det_math::exp(law.p[0] * det_math::log(sun));
        break;
      case RateKind::reference:
      case RateKind::external: k[i] = 0.0; break;
      case RateKind::arrhenius:
        k[i] = arr_pre(law.p, lt, it);  // the common case, without a log per reaction
        break;
      default: k[i] = thermal_rate(law, env);
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const RateLaw& law = reactions[i].rate;
    if (law.kind == RateKind::reference) k[i] = law.scale * k[static_cast<size_t>(law.ref)];
  }
}

double net_coef(const Reaction& r, int s) {
  double c = 0.0;
  for (int x : r.reactants)
    if (x == s) c -= 1.0;
  for (const auto& p : r.products)
    if (p.species == s) c += p.coef;
  return c;
}

std::string fingerprint(const Mechanism& m) {
  // FNV-1a over a canonical byte stream of the equations.
  std::uint64_t h = 1469598103934665603ull;
  auto bytes = [&h](const void* p, size_t n) {
    const auto* c = static_cast<const unsigned char*>(p);
    for (size_t q = 0; q < n; ++q) h = (h ^ c[q]) * 1099511628211ull;
  };
  auto text = [&](const std::string& t) { bytes(t.data(), t.size() + 1); };
  auto num = [&](double x) { bytes(&x, sizeof x); };
  auto integer = [&](long long x) { bytes(&x, sizeof x); };
  for (const auto& sp : m.species) {
    text(sp.name);
    integer(sp.fixed ? 1 : 0);
    num(sp.fixed_mixing_ratio);
  }
  for (const auto& r : m.reactions) {
    for (int s : r.reactants) integer(s);
    integer(-1);
    for (const auto& p : r.products) {
      integer(p.species);
      num(p.coef);
    }
    integer(static_cast<int>(r.rate.kind));
    for (double p : r.rate.p) num(p);
    num(r.rate.scale);
    text(r.rate.name);
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return m.name + ": " + std::to_string(m.species.size()) + " species, " + std::to_string(m.reactions.size()) +
         " reactions, fnv1a64 " + hex;
}

}  // namespace lantian::chem
