// The chemistry process: binding, blocks, OpenMP, write-back; configuration keys.
#include "solver/chemistry/chemistry_process.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <limits>
#include <sstream>

#include "solver/core/error.hpp"
#include "solver/parallel/wait_clock.hpp"
#include "solver/parallel/work_balance.hpp"
#include "solver/parallel/work_sharing.hpp"

namespace lantian::chem {

void declare_chemistry_keys(config::Schema& s) {
  using namespace config;
  s.add(key_string("chemistry.mechanism", std::string("configs/mechanisms/cb6r3.mech"),
                   "Mechanism file (relative: to the case file's directory, then the working directory)"));
  s.add(
      key_string("chemistry.format", std::string("auto"), "Mechanism file format", {"auto", "lantian", "cmaq", "kpp"}));
  s.add(
      key_string("chemistry.solver", std::string("ros3"), "Rosenbrock method (Sandu et al. 1997)", {"ros3", "rodas3"}));
  // 3e-3 keeps the accuracy goals at 450-s steps (docs/accuracy.md); at 1e-2 hourly NO2 misses them.
  s.add(key_real("chemistry.rtol", 3e-3, "1", "Relative tolerance of the chemistry solver", 1e-12, 1.0));
  s.add(key_real("chemistry.atol_molec_cm3", 3e5, "molecule cm-3",
                 "Absolute tolerance of the chemistry solver (3e5: about 1.2e-5 ppb at the surface; docs/chemistry.md)",
                 0.0, 1e12));
  s.add(key_strings("chemistry.not_transported", std::vector<std::string>{},
                    "species of the mechanism that advection and diffusion leave to each cell's chemistry (short-lived "
                    "radicals), besides those the mechanism file marks transport=no: for the CMAQ and KPP formats, "
                    "which have no such flag"));
  s.add(key_bool("chemistry.reuse_step", true,
                 "Start each cell's chemistry step with the internal step its previous one proposed "
                 "(saved in checkpoints); false: chemistry.h_start_s every time"));
  s.add(key_int("chemistry.block_size", 8, "1", "Cells per vectorised block (results do not depend on it)", 1, 4096));
  s.add(key_bool("chemistry.generated_kernels", true,
                 "Use the solver kernels (f, Jacobian, LU factorisation, solves) generated at build time for the "
                 "shipped mechanisms, with blocks of 8 cells (false: the same programs interpreted; results do not "
                 "depend on it)"));
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
  s.add(key_bool("chemistry.balance_ranks", true,
                 "Share the cells' chemistry between the ranks by the work each took last step and the ranks' "
                 "measured speed, and the end of each step's cells between neighbouring ranks, in the steps "
                 "whose imbalance exceeds chemistry.balance_above (results do not depend on it)"));
  s.add(key_real("chemistry.balance_above", 1.1, "1",
                 "Imbalance (the busiest rank's own cells' chemistry work over the ranks' mean) above which "
                 "a step's cells are shared out (chemistry.balance_ranks); below it each rank computes its own: "
                 "on the Yantai demo (1.03 on 2 ranks) sharing cost as much as it saved",
                 1.0, 100.0));
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
  o.generated_kernels = cfg.get_bool("chemistry.generated_kernels");
  o.reuse_step = cfg.get_bool("chemistry.reuse_step");
  o.max_dt_s = cfg.get_real("chemistry.dt_s");
  o.photolysis = cfg.get_bool("chemistry.photolysis.enabled");
  o.cloud_correction = cfg.get_bool("chemistry.photolysis.cloud_correction");
  o.j_scale = cfg.get_real("chemistry.photolysis.scale");
  o.balance_ranks = cfg.get_bool("chemistry.balance_ranks");
  o.balance_above = cfg.get_real("chemistry.balance_above");
  o.photolysis_in_step = cfg.get_string("chemistry.photolysis_in_step") == "constant" ? PhotolysisInStep::constant
                                                                                      : PhotolysisInStep::linear;
  return o;
}

Mechanism load_mechanism(const config::CaseConfig& cfg) {
  const std::string path = cfg.input_path("chemistry.mechanism");
  Mechanism m;
  try {
    m = read_mechanism(path, parse_mechanism_format(cfg.get_string("chemistry.format")));
  } catch (const Error& e) {
    throw e.with_context("reading the mechanism named by chemistry.mechanism");
  }
  for (const auto& name : cfg.get_strings("chemistry.not_transported")) {
    const int s = m.find_species(name);
    if (s < 0 || m.species[static_cast<size_t>(s)].fixed)
      throw cfg.error_at("chemistry.not_transported", "'" + name + "' is not a variable species of " + path);
    m.species[static_cast<size_t>(s)].transported = false;
  }
  return m;
}

std::vector<state::SpeciesInfo> mechanism_species(const Mechanism& m) {
  std::vector<state::SpeciesInfo> out;
  for (int s : m.variable()) {
    state::SpeciesInfo si;
    si.name = m.species[static_cast<size_t>(s)].name;
    si.phase = state::Phase::gas;
    si.molar_mass_g_mol = m.species[static_cast<size_t>(s)].molar_mass_g_mol;
    si.transported = m.species[static_cast<size_t>(s)].transported;
    si.long_name = si.name + " (" + m.name + ")";
    out.push_back(si);
  }
  return out;
}

ChemistryProcess::ChemistryProcess(Mechanism mech, ChemistryOptions opt)
    : mech_(std::make_unique<Mechanism>(std::move(mech))), opt_(opt) {
  sys_ = std::make_unique<ChemSystem>(*mech_);
  // fails early on unmapped photolysis / fixed species
  photo_rates_ = std::make_unique<RateEvaluator>(*mech_, *sys_);
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

std::vector<int> ChemistryProcess::written_species(const state::ChemState& st) const {
  if (bound_ != &st.species() || bound_n_ != st.species().size()) return Process::written_species(st);
  return state_index_;
}

namespace {

/// Chang et al. (1987) inputs of column (i, j).
template <class ColumnCloud>
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

/// Temperature, pressure, water vapour (of `met`), sun (of `sun`) and cloud factor of owned
/// cell (i, j, kk) in a column with clouds `cl`.
template <class ColumnCloud>
CellConditions conditions_of(const meteo::MetFields& met, const meteo::MetFields& sun, const ChemistryOptions& opt,
                             const ColumnCloud& cl, int i, int j, int kk) {
  CellConditions cc;
  cc.temp_k = met.temp_k(i, j, kk);
  cc.press_pa = met.press_pa(i, j, kk);
  cc.qv_kg_kg = met.qv_kg_kg.size() ? std::max(0.0, met.qv_kg_kg(i, j, kk)) : 0.0;
  cc.coszen = opt.photolysis && sun.coszen.size() ? sun.coszen(i, j, 0) : 0.0;
  if (opt.cloud_correction && cl.base >= 0) {
    const CloudPosition pos = kk < cl.base  ? CloudPosition::below
                              : kk > cl.top ? CloudPosition::above
                                            : CloudPosition::inside;
    const double frac_in = cl.top > cl.base ? double(kk - cl.base) / (cl.top - cl.base) : 0.5;
    cc.cloud_factor = cloud_factor(cl.frac, cl.tau, cc.coszen, pos, frac_in);
  }
  return cc;
}

}  // namespace

std::ptrdiff_t ChemistryProcess::cell_conditions(long cell, CellConditions& c0, CellConditions& c1) const {
  const int nx = in_.nx, ny = in_.ny;
  const long col = cell % (static_cast<long>(nx) * ny);
  const int i = static_cast<int>(col % nx), j = static_cast<int>(col / nx),
            kk = static_cast<int>(cell / (static_cast<long>(nx) * ny));
  const ColumnCloud& cl = clouds_[static_cast<size_t>(col)];
  // Linear: the sun at the step's start and end (T, p, qv of the middle at both); constant:
  // the sun of the middle (sun0 = sun1 = met).
  c0 = conditions_of(*in_.met, *in_.sun0, opt_, cl, i, j, kk);
  c1 = in_.linear ? conditions_of(*in_.met, *in_.sun1, opt_, cl, i, j, kk) : c0;
  if (!j_raw0_.empty()) {
    const size_t nj = static_cast<size_t>(photo_rates_->photolysis_names());
    c0.j_raw = j_raw0_.data() + static_cast<size_t>(col) * nj;
    c1.j_raw = (in_.linear ? j_raw1_.data() : j_raw0_.data()) + static_cast<size_t>(col) * nj;
  }
  return in_.layout.offset(i, j, kk);
}

void ChemistryProcess::pack_record(long cell, double* r) const {
  CellConditions c0, c1;
  const std::ptrdiff_t at = cell_conditions(cell, c0, c1);
  r[cell_record::k_temp] = c0.temp_k;
  r[cell_record::k_press] = c0.press_pa;
  r[cell_record::k_qv] = c0.qv_kg_kg;
  r[cell_record::k_coszen0] = c0.coszen;
  r[cell_record::k_cloud0] = c0.cloud_factor;
  r[cell_record::k_coszen1] = c1.coszen;
  r[cell_record::k_cloud1] = c1.cloud_factor;
  r[cell_record::k_h] = opt_.reuse_step ? h_next_s_[static_cast<size_t>(cell)] : 0.0;
  for (int s = 0; s < sys_->n; ++s) r[cell_record::k_in_species + s] = in_.species[static_cast<size_t>(s)][at];
}

void ChemistryProcess::advance(state::ChemState& st, const meteo::MetFields& met_start, const meteo::MetFields& met,
                               const meteo::MetFields& met_end, double dt_s) {
  if (bound_ != &st.species() || bound_n_ != st.species().size()) bind(st.species());
  const grid::Extents e = st.extents();
  const int nx = e.nx, ny = e.ny, nz = e.nz;
  const long ncell = static_cast<long>(nx) * ny * nz;
  const int n = sys_->n;
  const bool linear = opt_.photolysis_in_step == PhotolysisInStep::linear;
  stats_ = RosStats{};
  clipped_.assign(static_cast<size_t>(n), 0.0);
  cells_ = 0;
  if (ncell == 0 || dt_s <= 0.0) return;
  if (opt_.reuse_step && h_next_s_.size() != static_cast<size_t>(ncell))
    h_next_s_.assign(static_cast<size_t>(ncell), 0.0);
  if (cost_.size() != static_cast<size_t>(ncell)) cost_.assign(static_cast<size_t>(ncell), balance_cost(1));
  in_.met = &met;
  in_.sun0 = linear ? &met_start : &met;
  in_.sun1 = linear ? &met_end : &met;
  in_.linear = linear;
  in_.nx = nx;
  in_.ny = ny;
  in_.nz = nz;
  in_.layout = st.field(state_index_[0]).view();
  in_.species.resize(static_cast<size_t>(n));
  for (int s = 0; s < n; ++s) {
    grid::Field3Dd& f = st.field(state_index_[static_cast<size_t>(s)]);
    if (f.extents() != in_.layout.extents()) throw Error("chemistry: the state's species fields differ in layout");
    in_.species[static_cast<size_t>(s)] = f.data();
  }
  clouds_.assign(static_cast<size_t>(nx) * ny, ColumnCloud{});
  if (opt_.cloud_correction)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i)
        clouds_[static_cast<size_t>(j) * nx + i] = column_cloud<ColumnCloud>(met, i, j, nz, opt_.tau_per_lwp_m2_kg);

  // The sun's photolysis frequencies once per column (the column's cells differ in their cloud
  // factor only, which multiplies them): bitwise what each cell would evaluate.
  const int nj = photo_rates_->photolysis_names();
  j_raw0_.clear();
  j_raw1_.clear();
  if (opt_.photolysis && nj > 0 && in_.sun0->coszen.size() && in_.sun1->coszen.size()) {
    const long ncol = static_cast<long>(nx) * ny;
    j_raw0_.resize(static_cast<size_t>(ncol) * nj);
    j_raw1_.resize(linear ? j_raw0_.size() : 0);
#pragma omp parallel for schedule(static)
    for (long col = 0; col < ncol; ++col) {
      const int i = static_cast<int>(col % nx), j = static_cast<int>(col / nx);
      photo_rates_->photolysis_raw(in_.sun0->coszen(i, j, 0), j_raw0_.data() + col * nj);
      if (linear) photo_rates_->photolysis_raw(in_.sun1->coszen(i, j, 0), j_raw1_.data() + col * nj);
    }
  }

  // The last step's result sends are complete before their buffer changes.
  {
    const parallel::WaitTimer waiting;
    complete_sends(true);
  }

  // 1. Who computes which cell, by each cell's cost last step (a cell's result does not depend
  //    on where it is computed, so the plan changes the time, never the answer). Own items are
  //    the owned cells, i fastest, then j, then k.
  //    With the ranks' speed measured (pace_), the pieces are sized so that the ranks finish
  //    their cells at the same time. Where the imbalance is small (opt_.balance_above), every
  //    rank computes its own cells and shares none (all ranks decide alike, from one gather).
  //    After a step that kept every cell at home the ranks look again only every
  //    k_balance_recheck steps (the costs change slowly): no meeting point before the chemistry
  //    in between. The step counts, and so the decisions, are the same on every rank.
  const parallel::Decomposition* d = decomposition();
  const bool balance = opt_.balance_ranks && d && d->nranks > 1 &&
                       (moved_last_ || balance_steps_ == 0 || ++steps_unplanned_ >= k_balance_recheck);
  const parallel::WorkBalance plan(balance ? d->comm : MPI_COMM_NULL, cost_, pace_.pace(), opt_.balance_above);
  const bool share = balance && plan.moves();
  if (balance) {
    balance_own_max_ += static_cast<double>(plan.max_own_cost());
    balance_own_mean_ += plan.mean_own_cost();
    ++balance_steps_;
    moved_steps_ += share ? 1 : 0;
    moved_last_ = share;
    steps_unplanned_ = 0;
  }
  const long kept_first = plan.kept_first(), kept_last = plan.kept_last(), nkept = kept_last - kept_first;

  // 2. Records only for the cells computed elsewhere (the kept ones are read from the state
  //    where they are integrated): conditions, step memory, species; then the exchange.
  const int rin = cell_record::k_in_species + n, rout = cell_record::k_out_species + n;
  const long nsent = plan.sent_items();
  std::vector<double>& sent_in = buffers_.sent_in;  // persist between steps: no allocation per step
  sent_in.resize(static_cast<size_t>(nsent) * rin);
#pragma omp parallel for schedule(static)
  for (long q = 0; q < nsent; ++q) pack_record(q < kept_first ? q : q + nkept, sent_in.data() + q * rin);
  std::vector<double>& received_in = buffers_.received_in;
  plan.inputs_received(sent_in, rin, received_in);

  // 3. Integrate the other ranks' cells first and send their results back at once, then the
  //    kept cells in place: an owner finds its cells' results waiting when its own work is
  //    done, and the computing rank does not wait for the owner (it completes the sends at
  //    its next step, before their buffer changes); 4. the own cells' results.
  std::vector<double>& sent_out = buffers_.sent_out;
  sent_out.resize(static_cast<size_t>(nsent) * rout);
  std::vector<MPI_Request> receives;
  plan.receive_results(sent_out, rout, receives);
  std::vector<double>& received_out = buffers_.received_out;
  const long nreceived = plan.received_items();
  received_out.resize(static_cast<size_t>(nreceived) * rout);
  double compute_s = 0.0;  // integration time, for the pace
  auto timed = [&compute_s](const auto& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    compute_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  if (nreceived > 0) {
    timed([&] {
      integrate_work(WorkList{nreceived, nreceived, 0, kept_first, received_in.data(), received_out.data()}, dt_s);
    });
    plan.send_results(received_out, rout, buffers_.sends);
  }
  // The results of an own cell computed elsewhere (a record of cell_record::k_out_*) into the
  // state, the step memory and the balance's cost; true if its integration failed.
  auto store = [&](long cell, const double* r) {
    const int i = static_cast<int>(cell % nx), j = static_cast<int>((cell / nx) % ny),
              kk = static_cast<int>(cell / (static_cast<long>(nx) * ny));
    const std::ptrdiff_t at = in_.layout.offset(i, j, kk);
    for (int s = 0; s < n; ++s) in_.species[static_cast<size_t>(s)][at] = r[cell_record::k_out_species + s];
    if (opt_.reuse_step) h_next_s_[static_cast<size_t>(cell)] = r[cell_record::k_h_next];
    cost_[static_cast<size_t>(cell)] = balance_cost(static_cast<long>(r[cell_record::k_attempts]));
    return r[cell_record::k_failed] != 0.0;
  };
  // The kept cells in groups; the neighbours in rank order take the last ones when they are
  // done first, and this rank takes theirs (parallel::WorkSharing): the ranks end the
  // chemistry together whatever their speed in this step.
  long failed = -1, given_cost = 0, taken_cost = 0;
  auto keep_failed = [&failed](long cell) {
    if (cell >= 0) failed = failed < 0 ? cell : std::min(failed, cell);
  };
  parallel::WorkSharing::Calls calls;
  calls.compute = [&](long first, long count) {
    timed([&] { keep_failed(integrate_work(WorkList{count, 0, count, kept_first + first, nullptr, nullptr}, dt_s)); });
  };
  calls.pack = [&](long first, long count, double* in) {
#pragma omp parallel for schedule(static)
    for (long q = 0; q < count; ++q) pack_record(kept_first + first + q, in + q * rin);
    for (long q = 0; q < count; ++q) given_cost += cost_[static_cast<size_t>(kept_first + first + q)];
  };
  calls.compute_records = [&](const double* in, long count, double* out) {
    timed([&] { integrate_work(WorkList{count, count, 0, 0, in, out}, dt_s); });
    for (long q = 0; q < count; ++q)
      taken_cost += balance_cost(static_cast<long>(out[q * rout + cell_record::k_attempts]));
  };
  calls.unpack = [&](long first, long count, const double* out) {
    for (long q = 0; q < count; ++q)
      if (store(kept_first + first + q, out + q * rout)) keep_failed(kept_first + first + q);
  };
  // Groups of one integrate_work chunk (64 blocks) on one thread, a rank answers requests
  // every 2-3 ms of the demo's chemistry; with T threads 4 T chunks, so that the threads'
  // wait for the group's last chunk stays small. It gives away nothing below 16 blocks.
  const long chunk = 64L * opt_.block_size;
  const int threads = omp_get_max_threads();
  const long group = threads > 1 ? 4L * threads * chunk : chunk;
  const parallel::WorkSharing sharing(share ? d->comm : MPI_COMM_NULL, rin, rout);
  const parallel::WorkSharing::Counts shared = sharing.run(nkept, group, chunk / 4, calls);
  shared_given_ += shared.given;
  shared_taken_ += shared.taken;
  if (share) pace_.computed(plan.work_cost() - given_cost + taken_cost, compute_s);
  {
    const parallel::WaitTimer waiting;
    MPI_Waitall(static_cast<int>(receives.size()), receives.data(), MPI_STATUSES_IGNORE);
  }
  long failed_sent = std::numeric_limits<long>::max();
#pragma omp parallel for schedule(static) reduction(min : failed_sent)
  for (long q = 0; q < nsent; ++q) {
    const long cell = q < kept_first ? q : q + nkept;
    if (store(cell, sent_out.data() + q * rout)) failed_sent = std::min(failed_sent, cell);
  }
  if (failed_sent != std::numeric_limits<long>::max())
    failed = failed < 0 ? failed_sent : std::min(failed, failed_sent);
  if (failed >= 0) {
    // The failed cell with the lowest index (i fastest), named by its global indices when the
    // run's decomposition is known (any rank count gives the same text).
    const long cell = failed;
    const int i = static_cast<int>(cell % nx), j = static_cast<int>((cell / nx) % ny),
              kk = static_cast<int>(cell / (static_cast<long>(nx) * ny));
    std::ostringstream o;
    o << "chemistry solver failed (step limit or non-finite values) in " << (d ? "cell" : "local cell")
      << " (i, j, k) = (" << (d ? d->i0 : 0) + i << ", " << (d ? d->j0 : 0) + j << ", " << kk
      << ") at t = " << st.time_s << " s after the case start (mechanism " << mech_->name << ")";
    throw Error(o.str());
  }
}

void ChemistryProcess::Pace::computed(long cost, double seconds) {
  if (cost <= 0 || seconds <= 0.0) return;
  const double sample = static_cast<double>(cost) / seconds;
  cost_per_s_ = have_cost_ ? k_weight * sample + (1.0 - k_weight) * cost_per_s_ : sample;
  have_cost_ = true;
}

parallel::RankPace ChemistryProcess::Pace::pace() const noexcept {
  // Unknown until measured (the plan then cuts pieces of equal cost).
  return have_cost_ ? parallel::RankPace{cost_per_s_, 0.0} : parallel::RankPace{};
}

void ChemistryProcess::complete_sends(bool wait) {
  std::vector<MPI_Request>& q = buffers_.sends;
  if (q.empty()) return;
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) {
    if (wait) {
      MPI_Waitall(static_cast<int>(q.size()), q.data(), MPI_STATUSES_IGNORE);
    } else {
      // Never blocks: sends whose receiver has left (a run that failed) are let go.
      int done = 0;
      MPI_Testall(static_cast<int>(q.size()), q.data(), &done, MPI_STATUSES_IGNORE);
      if (!done)
        for (MPI_Request& r : q)
          if (r != MPI_REQUEST_NULL) MPI_Request_free(&r);
    }
  }
  q.clear();
}

ChemistryProcess::~ChemistryProcess() { complete_sends(false); }

std::vector<process::CellField> ChemistryProcess::restart_fields(const state::ChemState& st) {
  if (!opt_.reuse_step) return {};
  const grid::Extents owned{st.extents().nx, st.extents().ny, st.extents().nz, 0};
  return {{"chemistry_step_memory", "s",
           "first internal Rosenbrock step of each cell's next chemistry step (0: none yet)", false, [this, owned] {
             if (h_next_s_.size() != owned.size()) h_next_s_.assign(owned.size(), 0.0);
             return grid::View3D<double>(h_next_s_.data(), owned);
           }}};
}

std::string ChemistryProcess::kernels() const {
  const char* generated = opt_.generated_kernels ? chem_generated_for(*sys_, opt_.block_size) : nullptr;
  return std::string(chem_best_isa()) + (generated ? std::string(", generated for ") + generated : std::string());
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
    << " in the step; kernels " << kernels() << ", block " << opt_.block_size
    << (opt_.reuse_step ? ", step memory on" : ", step memory off");
  if (balance_own_mean_ > 0.0 && balance_own_max_ > balance_own_mean_ * (1.0 + 1e-12)) {
    o << "; busiest rank's own cells " << balance_own_max_ / balance_own_mean_ << " x the mean work";
    if (!opt_.balance_ranks) o << " (chemistry.balance_ranks off)";
    else
      o << " (in the " << balance_steps_ << " steps planned over the ranks), shared out in " << moved_steps_
        << " (those above " << opt_.balance_above << ", chemistry.balance_above)";
  }
  if (shared_given_ > 0 || shared_taken_ > 0)
    o << "; cells left at a step's end and computed by a neighbour: " << shared_given_ << " given, " << shared_taken_
      << " taken";
  return o.str();
}

}  // namespace lantian::chem
