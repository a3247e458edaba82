// The chemistry process: binding, blocks, OpenMP, write-back; configuration keys.
#include "solver/chemistry/chemistry_process.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "solver/core/error.hpp"

namespace lantian::chem {

void declare_chemistry_keys(config::Schema& s) {
  using namespace config;
  s.add(key_string("chemistry.mechanism", std::string("configs/mechanisms/cb6r3.mech"),
                   "Mechanism file (relative: to the case file's directory, then the working directory)"));
  s.add(
      key_string("chemistry.format", std::string("auto"), "Mechanism file format", {"auto", "lantian", "cmaq", "kpp"}));
  s.add(
      key_string("chemistry.solver", std::string("ros3"), "Rosenbrock method (Sandu et al. 1997)", {"ros3", "rodas3"}));
  s.add(key_real("chemistry.rtol", 1e-3, "1", "Relative tolerance of the chemistry solver", 1e-12, 1.0));
  s.add(key_real("chemistry.atol_molec_cm3", 1e4, "molecule cm-3",
                 "Absolute tolerance of the chemistry solver (1e4: about 4e-7 ppb at the surface; docs/chemistry.md)",
                 0.0, 1e12));
  s.add(key_bool("chemistry.reuse_step", true,
                 "Start each cell's chemistry step with the internal step its previous one proposed "
                 "(saved in checkpoints); false: chemistry.h_start_s every time"));
  s.add(key_int("chemistry.block_size", 8, "1", "Cells per vectorised block (results do not depend on it)", 1, 4096));
  s.add(key_real("chemistry.dt_s", 3600.0, "s", "Longest chemistry step; a longer split step is sub-stepped", 1.0,
                 86400.0));
  s.add(key_real("chemistry.h_start_s", 30.0, "s",
                 "First internal step of a cell's first chemistry step (of every one without chemistry.reuse_step)",
                 1e-6, 3600.0));
  s.add(key_int("chemistry.max_steps", 100000, "1", "Internal steps allowed per cell and chemistry step", 10));
  s.add(key_bool("chemistry.photolysis.enabled", true,
                 "Clear-sky photolysis from the zenith angle (MCM: Jenkin et al. 1997, Saunders et al. 2003)"));
  s.add(key_bool("chemistry.photolysis.cloud_correction", true,
                 "Cloud correction of photolysis (Chang et al. 1987) from cloud fraction and water path"));
  s.add(key_real("chemistry.photolysis.scale", 1.0, "1", "Multiplier on every photolysis frequency", 0.0, 10.0));
  s.add(key_string("chemistry.photolysis_in_step", std::string("linear"),
                   "Photolysis over a chemistry step: constant (at the step's middle) or linear between the "
                   "step's start and end (rate constants at every Rosenbrock stage time)",
                   {"constant", "linear"}));
}

ChemistryOptions chemistry_options(const config::CaseConfig& cfg) {
  ChemistryOptions o;
  o.ros.method = cfg.get_string("chemistry.solver") == "rodas3" ? RosMethod::rodas3 : RosMethod::ros3;
  o.ros.rtol = cfg.get_real("chemistry.rtol");
  o.ros.atol = cfg.get_real("chemistry.atol_molec_cm3");
  o.ros.h_start_s = cfg.get_real("chemistry.h_start_s");
  o.ros.max_steps = static_cast<int>(cfg.get_int("chemistry.max_steps"));
  o.block_size = static_cast<int>(cfg.get_int("chemistry.block_size"));
  o.reuse_step = cfg.get_bool("chemistry.reuse_step");
  o.max_dt_s = cfg.get_real("chemistry.dt_s");
  o.photolysis = cfg.get_bool("chemistry.photolysis.enabled");
  o.cloud_correction = cfg.get_bool("chemistry.photolysis.cloud_correction");
  o.j_scale = cfg.get_real("chemistry.photolysis.scale");
  o.photolysis_in_step = cfg.get_string("chemistry.photolysis_in_step") == "constant" ? PhotolysisInStep::constant
                                                                                      : PhotolysisInStep::linear;
  return o;
}

Mechanism load_mechanism(const config::CaseConfig& cfg) {
  const std::string path = cfg.input_path("chemistry.mechanism");
  try {
    return read_mechanism(path, parse_mechanism_format(cfg.get_string("chemistry.format")));
  } catch (const Error& e) {
    throw e.with_context("reading the mechanism named by chemistry.mechanism");
  }
}

std::vector<state::SpeciesInfo> mechanism_species(const Mechanism& m) {
  std::vector<state::SpeciesInfo> out;
  for (int s : m.variable()) {
    state::SpeciesInfo si;
    si.name = m.species[static_cast<size_t>(s)].name;
    si.phase = state::Phase::gas;
    si.molar_mass_g_mol = m.species[static_cast<size_t>(s)].molar_mass_g_mol;
    si.long_name = si.name + " (" + m.name + ")";
    out.push_back(si);
  }
  return out;
}

ChemistryProcess::ChemistryProcess(Mechanism mech, ChemistryOptions opt)
    : mech_(std::make_unique<Mechanism>(std::move(mech))), opt_(opt) {
  sys_ = std::make_unique<ChemSystem>(*mech_);
  RateEvaluator check(*mech_, *sys_);  // fails early on unmapped photolysis / fixed species
  (void)check;
  if (opt_.block_size < 1) throw Error("chemistry.block_size must be >= 1");
}

std::unique_ptr<ChemistryProcess> ChemistryProcess::from_config(const config::CaseConfig& cfg) {
  return std::make_unique<ChemistryProcess>(load_mechanism(cfg), chemistry_options(cfg));
}

void ChemistryProcess::bind(const state::SpeciesList& sl) {
  state_index_.assign(static_cast<size_t>(sys_->n), -1);
  std::string missing;
  for (int i = 0; i < sys_->n; ++i) {
    const std::string& nm = mech_->species[static_cast<size_t>(sys_->species_of[static_cast<size_t>(i)])].name;
    const int k = sl.find(nm);
    if (k < 0 || sl[k].phase != state::Phase::gas) {
      missing += (missing.empty() ? "" : " ") + nm;
      continue;
    }
    state_index_[static_cast<size_t>(i)] = k;
  }
  if (!missing.empty())
    throw Error::in_file(mech_->source_file,
                         "species of the mechanism missing from the model's gas species: " + missing +
                             " (add them to the species list, or mark them 'fixed' in the mechanism)");
  bound_ = &sl;
  bound_n_ = sl.size();
}

namespace {

/// Chang et al. (1987) factor for cell (i, j, k) of a column: cloud fraction (max over the
/// column's cloudy layers) and optical depth from the column's cloud water path.
struct ColumnCloud {
  double frac = 0.0, tau = 0.0;
  int base = -1, top = -1;
};

ColumnCloud column_cloud(const meteo::MetFields& met, int i, int j, int nz, double tau_per_lwp) {
  ColumnCloud c;
  if (met.cloud_frac.size() == 0) return c;
  double lwp = 0.0;
  for (int k = 0; k < nz; ++k) {
    const double f = met.cloud_frac(i, j, k);
    if (f > 0.01) {
      if (c.base < 0) c.base = k;
      c.top = k;
      c.frac = std::max(c.frac, f);
    }
    if (met.qc_kg_kg.size() && met.rho_kg_m3.size() && met.dz_m.size())
      lwp += met.qc_kg_kg(i, j, k) * met.rho_kg_m3(i, j, k) * met.dz_m(i, j, k);
  }
  c.tau = tau_per_lwp * lwp;
  return c;
}

}  // namespace

namespace {

/// Temperature, pressure, water vapour (of `met`), sun (of `sun`) and cloud factor of owned
/// cell (i, j, kk).
CellConditions cell_conditions(const meteo::MetFields& met, const meteo::MetFields& sun, const ChemistryOptions& opt,
                               const std::vector<ColumnCloud>& clouds, int nx, int i, int j, int kk) {
  CellConditions cc;
  cc.temp_k = met.temp_k(i, j, kk);
  cc.press_pa = met.press_pa(i, j, kk);
  cc.qv_kg_kg = met.qv_kg_kg.size() ? std::max(0.0, met.qv_kg_kg(i, j, kk)) : 0.0;
  cc.coszen = opt.photolysis && sun.coszen.size() ? sun.coszen(i, j, 0) : 0.0;
  if (opt.cloud_correction) {
    const ColumnCloud& cl = clouds[static_cast<size_t>(j) * nx + i];
    if (cl.base >= 0) {
      const CloudPosition pos = kk < cl.base  ? CloudPosition::below
                                : kk > cl.top ? CloudPosition::above
                                              : CloudPosition::inside;
      const double frac_in = cl.top > cl.base ? double(kk - cl.base) / (cl.top - cl.base) : 0.5;
      cc.cloud_factor = cloud_factor(cl.frac, cl.tau, cc.coszen, pos, frac_in);
    }
  }
  return cc;
}

/// a += b (counters; the first failure is kept).
void add_stats(RosStats& a, const RosStats& b) {
  a.steps += b.steps;
  a.rejected += b.rejected;
  a.fevals += b.fevals;
  a.jacobians += b.jacobians;
  a.lu += b.lu;
  a.lane_rounds += b.lane_rounds;
}

}  // namespace

void ChemistryProcess::advance(state::ChemState& st, const meteo::MetFields& met_start, const meteo::MetFields& met,
                               const meteo::MetFields& met_end, double dt_s) {
  if (bound_ != &st.species() || bound_n_ != st.species().size()) bind(st.species());
  const grid::Extents e = st.extents();
  const int nx = e.nx, ny = e.ny, nz = e.nz;
  const long ncell = static_cast<long>(nx) * ny * nz;
  const int L = opt_.block_size;
  const int n = sys_->n, nr = sys_->nr;
  const int nsub = std::max(1, static_cast<int>(std::ceil(dt_s / opt_.max_dt_s - 1e-9)));
  const double dts = dt_s / nsub;
  const bool linear = opt_.photolysis_in_step == PhotolysisInStep::linear;
  cells_ = ncell;
  stats_ = RosStats{};
  clipped_.assign(static_cast<size_t>(n), 0.0);
  if (ncell == 0 || dt_s <= 0.0) return;
  if (opt_.reuse_step && h_next_s_.size() != static_cast<size_t>(ncell))
    h_next_s_.assign(static_cast<size_t>(ncell), 0.0);
  double* const h_mem = opt_.reuse_step ? h_next_s_.data() : nullptr;

  // Cloud description per column (owned), computed once.
  std::vector<ColumnCloud> clouds(static_cast<size_t>(nx) * ny);
  if (opt_.cloud_correction)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i)
        clouds[static_cast<size_t>(j) * nx + i] = column_cloud(met, i, j, nz, opt_.tau_per_lwp_m2_kg);

  // Cells go to threads in fixed chunks (static schedule); inside a chunk they stream through
  // the L lanes of the solver. A cell's result depends on neither.
  const long chunk = 8L * L;
  const long nchunks = (ncell + chunk - 1) / chunk;
  std::vector<RosStats> block_stats(static_cast<size_t>(nchunks));
  // per chunk, summed in cell order inside the chunk, then over chunks in order
  std::vector<double> clip_block(static_cast<size_t>(nchunks) * n, 0.0);

#pragma omp parallel
  {
    RosenbrockBlock block(*sys_, L);
    RateEvaluator rates(*mech_, *sys_);
    std::vector<double> y(static_cast<size_t>(n) * chunk), k(static_cast<size_t>(nr) * chunk),
        air(static_cast<size_t>(chunk)), clip(static_cast<size_t>(n) * chunk);
    // linear: the rates of change of k over the step, the rates at the end, and at a sub-step's start
    std::vector<double> kdot(linear ? static_cast<size_t>(nr) * chunk : 0), k1(linear ? static_cast<size_t>(nr) : 0),
        ksub(linear && nsub > 1 ? static_cast<size_t>(nr) * chunk : 0);
#pragma omp for schedule(static)
    for (long b = 0; b < nchunks; ++b) {
      const long c0 = b * chunk;
      const int nc = static_cast<int>(std::min<long>(chunk, ncell - c0));
      for (int c = 0; c < nc; ++c) {
        const long cell = c0 + c;
        const int i = static_cast<int>(cell % nx), j = static_cast<int>((cell / nx) % ny),
                  kk = static_cast<int>(cell / (static_cast<long>(nx) * ny));
        const CellConditions cc = cell_conditions(met, met, opt_, clouds, nx, i, j, kk);
        double* kc = k.data() + static_cast<size_t>(c) * nr;
        if (!linear) {
          rates.effective_k(cc, kc, opt_.j_scale);
        } else {
          // k at the step's start into kc, (k(end) - k(start)) / dt into kdot: only the sun
          // moves (thermal rate constants cancel exactly); a cell dark at both ends has J = 0
          // at both, so its end rates equal its start rates and need no evaluation.
          const CellConditions cs0 = cell_conditions(met, met_start, opt_, clouds, nx, i, j, kk);
          const CellConditions cs1 = cell_conditions(met, met_end, opt_, clouds, nx, i, j, kk);
          rates.effective_k(cs0, kc, opt_.j_scale);
          double* kd = kdot.data() + static_cast<size_t>(c) * nr;
          if (cs0.coszen > 0.0 || cs1.coszen > 0.0) {
            rates.effective_k(cs1, k1.data(), opt_.j_scale);
            for (int r = 0; r < nr; ++r) kd[r] = (k1[static_cast<size_t>(r)] - kc[r]) / dt_s;
          } else {
            std::fill(kd, kd + nr, 0.0);
          }
        }
        const double nd = air_density(cc.temp_k, cc.press_pa, cc.qv_kg_kg).dry;
        air[static_cast<size_t>(c)] = nd;
        for (int s = 0; s < n; ++s)
          y[static_cast<size_t>(c) * n + s] = st.field(state_index_[static_cast<size_t>(s)])(i, j, kk) * nd;
      }
      std::fill(clip.begin(), clip.end(), 0.0);
      RosStats bs;
      for (int sub = 0; sub < nsub; ++sub) {
        const double* ks = k.data();
        if (linear && sub > 0) {  // the rates at this sub-step's start
          const double ts = sub * dts;
          for (size_t q = 0; q < static_cast<size_t>(nc) * nr; ++q) ksub[q] = k[q] + ts * kdot[q];
          ks = ksub.data();
        }
        RosStats s1 = block.integrate_cells(y.data(), ks, nc, dts, opt_.ros, clip.data(), h_mem ? h_mem + c0 : nullptr,
                                            linear ? kdot.data() : nullptr);
        add_stats(bs, s1);
        if (s1.failed && !bs.failed) {
          bs.failed = true;
          bs.failed_cell = s1.failed_cell;
        }
      }
      block_stats[static_cast<size_t>(b)] = bs;
      for (int c = 0; c < nc; ++c) {
        const long cell = c0 + c;
        const int i = static_cast<int>(cell % nx), j = static_cast<int>((cell / nx) % ny),
                  kk = static_cast<int>(cell / (static_cast<long>(nx) * ny));
        const double inv = 1.0 / air[static_cast<size_t>(c)];
        for (int s = 0; s < n; ++s) {
          st.field(state_index_[static_cast<size_t>(s)])(i, j, kk) = y[static_cast<size_t>(c) * n + s] * inv;
          clip_block[static_cast<size_t>(b) * n + s] += clip[static_cast<size_t>(c) * n + s] * inv;
        }
      }
    }
  }
  // Fixed-order reductions (diagnostics only; they never feed the state).
  for (long b = 0; b < nchunks; ++b) {
    const RosStats& bs = block_stats[static_cast<size_t>(b)];
    add_stats(stats_, bs);
    if (bs.failed && !stats_.failed) {
      stats_.failed = true;
      stats_.failed_cell = static_cast<int>(b * chunk + bs.failed_cell);
    }
  }
  for (long b = 0; b < nchunks; ++b)
    for (int s = 0; s < n; ++s) clipped_[static_cast<size_t>(s)] += clip_block[static_cast<size_t>(b) * n + s];
  add_stats(total_, stats_);
  total_cell_steps_ += ncell * nsub;
  if (stats_.failed) {
    // Named by its global indices when the run's decomposition is known (any rank count gives
    // the same text).
    const long cell = stats_.failed_cell;
    const parallel::Decomposition* d = decomposition();
    const int i = static_cast<int>(cell % nx), j = static_cast<int>((cell / nx) % ny),
              kk = static_cast<int>(cell / (static_cast<long>(nx) * ny));
    std::ostringstream o;
    o << "chemistry solver failed (step limit or non-finite values) in " << (d ? "cell" : "local cell")
      << " (i, j, k) = (" << (d ? d->i0 : 0) + i << ", " << (d ? d->j0 : 0) + j << ", " << kk
      << ") at t = " << st.time_s << " s after the case start (mechanism " << mech_->name << ")";
    throw Error(o.str());
  }
}

std::vector<process::CellField> ChemistryProcess::restart_fields(const state::ChemState& st) {
  if (!opt_.reuse_step) return {};
  const grid::Extents owned{st.extents().nx, st.extents().ny, st.extents().nz, 0};
  return {{"chemistry_step_memory", "s",
           "first internal Rosenbrock step of each cell's next chemistry step (0: none yet)", false, [this, owned] {
             if (h_next_s_.size() != owned.size()) h_next_s_.assign(owned.size(), 0.0);
             return grid::View3D<double>(h_next_s_.data(), owned);
           }}};
}

std::string ChemistryProcess::work_summary() const {
  std::ostringstream o;
  const double per = static_cast<double>(std::max(1L, total_cell_steps_));
  o << std::fixed << std::setprecision(2) << "chemistry solver: " << total_cell_steps_ << " cell-steps; per cell-step "
    << total_.steps / per << " internal steps (" << total_.rejected / per << " rejected), " << total_.fevals / per
    << " f evals, " << total_.lu / per << " LU factorisations, lanes busy "
    << 100.0 * static_cast<double>(total_.steps + total_.rejected) /
           static_cast<double>(std::max(1L, total_.lane_rounds))
    << " %; photolysis " << (opt_.photolysis_in_step == PhotolysisInStep::linear ? "linear" : "constant")
    << " in the step; " << (chem_avx2_available() ? "avx2" : "baseline") << " kernels, block " << opt_.block_size
    << (opt_.reuse_step ? ", step memory on" : ", step memory off");
  return o.str();
}

}  // namespace lantian::chem
