// Per-cell rate constants.
#include "solver/chemistry/rate_evaluator.hpp"

#include "solver/core/constants.hpp"
#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

namespace lantian::chem {

namespace {
constexpr double k_m_h2o_g_mol = 18.01528;
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
  j_.resize(m.photolysis_names.size() + 1);
  k_.resize(m.reactions.size());
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
  const AirDensity a = air_density(c.temp_k, c.press_pa, c.qv_kg_kg);
  RateEnv env;
  env.temp_k = c.temp_k;
  env.press_pa = c.press_pa;
  env.m_molec_cm3 = a.total;
  const double cf = c.cloud_factor * j_scale;
  photo_.evaluate(c.coszen, cf, j_.data());
  m_.rate_constants(env, j_.data(), sun_factor(c.coszen) * cf, k_.data());
  for (int r = 0; r < sys_.nr; ++r) {
    double k = k_[static_cast<size_t>(r)];
    for (int q = sys_.fixed_ptr[static_cast<size_t>(r)]; q < sys_.fixed_ptr[static_cast<size_t>(r) + 1]; ++q)
      k *= fixed_concentration(sys_.fixed_sp[static_cast<size_t>(q)], a);
    k_eff[r] = k;
  }
}

}  // namespace lantian::chem
