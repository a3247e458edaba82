// A box model: setup, time-dependent rate constants, the integration loop.
#include "solver/chemistry/box/box_model.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "meteo/derived/solar.hpp"
#include "solver/core/constants.hpp"
#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

namespace lantian::chem {

namespace {
constexpr double k_boltzmann_j_k = constants::k_r_j_mol_k / constants::k_avogadro;  // [J K-1]

bool parse_number(const std::string& f, double& v) {
  size_t used = 0;
  try {
    v = std::stod(f, &used);
  } catch (const std::exception&) {
    return false;
  }
  return !f.empty() && used == f.size();
}
}  // namespace

std::vector<BoxInitValue> read_box_init(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error::in_file(path, "cannot read the initial values (species,ppb)");
  std::vector<BoxInitValue> out;
  std::set<std::string> seen;
  std::string line;
  long lineno = 0;
  bool first = true;
  while (std::getline(in, line)) {
    ++lineno;
    const std::string tl = text::trim(line);
    if (tl.empty() || tl[0] == '#') continue;
    const auto f = text::split_csv(line);
    if (f.size() != 2) throw Error::in_file(path, "expected two fields: species,ppb", {}, lineno);
    double v = 0.0;
    const bool num = parse_number(f[1], v);
    if (first && !num && text::lower(f[0]) == "species") {  // the header
      first = false;
      continue;
    }
    first = false;
    if (!num || !std::isfinite(v))
      throw Error::in_file(path, "value of " + f[0] + " is not a number: '" + f[1] + "'", f[0], lineno);
    if (v < 0.0) throw Error::in_file(path, "negative value for " + f[0] + " (" + f[1] + " ppb)", f[0], lineno);
    if (!seen.insert(f[0]).second) throw Error::in_file(path, "species " + f[0] + " given twice", f[0], lineno);
    out.push_back({f[0], v, lineno});
  }
  return out;
}

BoxModel::BoxModel(Mechanism mech, const BoxConditions& cond, const SunSpec& sun, const KppInitValues& kpp_init,
                   const std::vector<BoxInitValue>& init, const std::string& init_file)
    : m_(std::move(mech)), sun_(sun), cond_(cond) {
  if (!(cond.temp_k > 0.0) || !std::isfinite(cond.temp_k)) throw Error("box: the temperature must be > 0 K");
  if (cond.air_molec_cm3 > 0.0) {
    m_air_ = cond.air_molec_cm3;
    // the pressure the halogen law would see: ideal gas
    if (!(cond_.press_pa > 0.0)) cond_.press_pa = m_air_ * 1e6 * k_boltzmann_j_k * cond.temp_k;
  } else if (cond.press_pa > 0.0) {
    m_air_ = air_density(cond.temp_k, cond.press_pa, 0.0).total;
  } else {
    throw Error("box: give the pressure (> 0 Pa) or the air density (> 0 molecule cm-3)");
  }
  if (!std::isfinite(m_air_)) throw Error("box: the air density is not finite");
  sys_ = std::make_unique<ChemSystem>(m_);
  ev_ = std::make_unique<RateEvaluator>(m_, *sys_);
  clock0_ = sun_.kind == SunSpec::Kind::kpp_diurnal ? sun_.start_hour * 3600.0 : 0.0;
  j_.assign(m_.photolysis_names.size() + 1, 0.0);
  kraw_.assign(m_.reactions.size(), 0.0);

  // Starting values [molecule cm-3]: a KPP .def's #INITVALUES as KPP's Initialize sets them
  // (every species, fixed ones included); otherwise variable species 0 and fixed species as the
  // model derives them from the air (M, O2, N2; H2O 0: dry air) or their mixing ratio.
  AirDensity air;
  air.total = air.dry = m_air_;
  air.h2o = 0.0;
  std::vector<double> c(m_.species.size(), 0.0);
  for (size_t s = 0; s < m_.species.size(); ++s) {
    if (kpp_init.present) c[s] = kpp_init.molec_cm3(m_, static_cast<int>(s));
    else if (m_.species[s].fixed) c[s] = ev_->fixed_concentration(static_cast<int>(s), air);
  }
  for (const BoxInitValue& v : init) {
    const int s = m_.find_species(v.species);
    if (s < 0)
      throw Error::in_file(init_file, "unknown species " + v.species + " (not in mechanism " + m_.name + ")", v.species,
                           v.line);
    c[static_cast<size_t>(s)] = v.ppb * 1e-9 * m_air_;
  }
  fixed_.assign(m_.species.size(), 0.0);
  for (int s : m_.fixed()) fixed_[static_cast<size_t>(s)] = c[static_cast<size_t>(s)];
  y0_.assign(static_cast<size_t>(sys_->n), 0.0);
  for (int i = 0; i < sys_->n; ++i)
    y0_[static_cast<size_t>(i)] = c[static_cast<size_t>(sys_->species_of[static_cast<size_t>(i)])];
}

double BoxModel::sun_factor_at(double clock_s) const {
  switch (sun_.kind) {
    case SunSpec::Kind::constant: return sun_.value;
    case SunSpec::Kind::kpp_diurnal: return kpp_update_sun(clock_s);
    case SunSpec::Kind::zenith: break;
  }
  const double whole = std::floor(clock_s);
  const double cz =
      meteo::cos_solar_zenith(sun_.start.plus_seconds(whole), clock_s - whole, sun_.lat_deg, sun_.lon_deg);
  return sun_factor(cz);
}

void BoxModel::rates(double clock_s, double* k) const {
  // constant and kpp-diurnal: every photolysis frequency is S x its value with the sun
  // overhead (as KPP scales its J by SUN); zenith: the model's clear-sky J(chi) and
  // S(chi) = J_NO2(chi)/J_NO2(0), exactly as RateEvaluator (no clouds).
  double coszen = 1.0, scale = 1.0, sun = 1.0;
  if (sun_.kind == SunSpec::Kind::zenith) {
    const double whole = std::floor(clock_s);
    coszen = meteo::cos_solar_zenith(sun_.start.plus_seconds(whole), clock_s - whole, sun_.lat_deg, sun_.lon_deg);
    sun = sun_factor(coszen);
  } else {
    scale = sun = sun_factor_at(clock_s);
  }
  ev_->photolysis().evaluate(coszen, scale, j_.data());
  RateEnv env;
  env.temp_k = cond_.temp_k;
  env.press_pa = cond_.press_pa;
  env.m_molec_cm3 = m_air_;
  m_.rate_constants(env, j_.data(), sun, kraw_.data());
  for (int r = 0; r < sys_->nr; ++r) {
    double kr = kraw_[static_cast<size_t>(r)];
    for (int q = sys_->fixed_ptr[static_cast<size_t>(r)]; q < sys_->fixed_ptr[static_cast<size_t>(r) + 1]; ++q)
      kr *= fixed_[static_cast<size_t>(sys_->fixed_sp[static_cast<size_t>(q)])];
    k[r] = kr;
  }
}

BoxStepping::Mode parse_box_photolysis(const std::string& text) {
  if (text == "exact") return BoxStepping::Mode::exact;
  if (text == "constant") return BoxStepping::Mode::constant;
  if (text == "linear") return BoxStepping::Mode::linear;
  throw Error("box: --photolysis-in-step must be exact, constant or linear, not '" + text + "'");
}

std::vector<std::vector<double>> BoxModel::run(double hours, double every_s, const RosOptions& opt,
                                               bool dense_reference, const BoxStepping& stepping) const {
  if (!(hours > 0.0) || !std::isfinite(hours)) throw Error("box: the duration must be > 0 h");
  if (!(every_s > 0.0) || !std::isfinite(every_s)) throw Error("box: the output interval must be > 0 s");
  const std::vector<int> var = m_.variable();
  std::vector<double> y = y0_;
  auto row = [&](double t_s) {
    std::vector<double> r;
    r.reserve(var.size() + 1);
    r.push_back(t_s / 3600.0);
    for (int s : var) r.push_back(y[static_cast<size_t>(sys_->solver_of[static_cast<size_t>(s)])] / m_air_ * 1e9);
    return r;
  };
  std::vector<std::vector<double>> rows;
  rows.push_back(row(0.0));
  const RateFunction exact = [this](double t, double* k) { rates(t, k); };
  // constant / linear: the rates of the chemistry step [t0, t1] (clock time), as the model
  const size_t nr = static_cast<size_t>(sys_->nr);
  std::vector<double> ka(nr), kb(nr);
  double step_t0 = 0.0, step_len = 1.0;
  const RateFunction stepped = [&](double t, double* k) {
    if (stepping.mode == BoxStepping::Mode::constant) {
      std::copy(ka.begin(), ka.end(), k);
      return;
    }
    for (size_t r = 0; r < nr; ++r) k[r] = ka[r] + (t - step_t0) * ((kb[r] - ka[r]) / step_len);
  };
  const bool by_steps = stepping.mode != BoxStepping::Mode::exact;
  if (by_steps && !(stepping.chem_step_s > 0.0)) throw Error("box: the chemistry step must be > 0 s");
  const RateFunction& rf = by_steps ? stepped : exact;
  std::unique_ptr<ScalarRosenbrock> sparse;
  std::unique_ptr<DenseRosenbrock> dense;
  if (dense_reference) dense = std::make_unique<DenseRosenbrock>(*sys_);
  else sparse = std::make_unique<ScalarRosenbrock>(*sys_);
  const double total_s = hours * 3600.0;
  double done = 0.0, h = 0.0;  // h: the step memory carried from one output interval to the next
  long m_done = -1;            // the chemistry step whose rates ka, kb hold
  for (long n = 1; done < total_s;) {
    double next = std::min(total_s, static_cast<double>(n) * every_s);
    if (by_steps) {  // up to the end of the current chemistry step at most
      const long m = static_cast<long>(std::floor(done / stepping.chem_step_s + 1e-9));
      const double s0 = m * stepping.chem_step_s, s1 = std::min(total_s, (m + 1) * stepping.chem_step_s);
      next = std::min(next, s1);
      if (m != m_done) {
        step_t0 = clock0_ + s0;
        step_len = s1 - s0;
        if (stepping.mode == BoxStepping::Mode::constant) {
          rates(clock0_ + 0.5 * (s0 + s1), ka.data());
        } else {
          rates(clock0_ + s0, ka.data());
          rates(clock0_ + s1, kb.data());
        }
        m_done = m;
      }
    }
    const RosStats st = dense ? dense->integrate(y.data(), rf, clock0_ + done, next - done, opt, &h)
                              : sparse->integrate(y.data(), rf, clock0_ + done, next - done, opt, &h);
    if (st.failed) {
      std::ostringstream o;
      o << "box: the Rosenbrock solver failed between " << done / 3600.0 << " h and " << next / 3600.0
        << " h (more than " << opt.max_steps << " steps or a non-finite value; try a smaller --rtol/--atol "
        << "or check the initial values)";
      throw Error(o.str());
    }
    done = next;
    if (done >= std::min(total_s, static_cast<double>(n) * every_s)) {
      rows.push_back(row(done));
      ++n;
    }
  }
  return rows;
}

}  // namespace lantian::chem
