#pragma once
// The run, in the order of the data flow: case -> grid and decomposition -> meteorology ->
// sources -> the time loop of operator-split processes -> outputs and checkpoints.
//
// Split order of one synchronisation step dt (documented in docs/design.md):
//   1. sources (tracer releases; emissions)      4. vertical diffusion (implicit)
//   2. advection: x,y alternating, then z         5. chemistry (Rosenbrock)
//   3. horizontal diffusion                       6. aerosol, deposition
// time.splitting = "symmetric" (Strang): 1-4 for dt/2, 5-6 for dt, then 4-1 for dt/2;
// "sequential": 1-6 once for dt. Met is taken at the start, middle and end of each (half)
// step (winds and K at the middle; the air mass at the start and end drives the
// mass-consistent vertical flux).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "meteo/met_provider.hpp"
#include "solver/config/case_config.hpp"
#include "solver/core/timer.hpp"
#include "solver/core/utc_time.hpp"
#include "solver/grid/horizontal_grid.hpp"
#include "solver/grid/vertical_grid.hpp"
#include "solver/output/checkpoint.hpp"
#include "solver/output/netcdf_writer.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/process/process.hpp"
#include "solver/state/chem_state.hpp"
#include "solver/transport/boundary/boundary.hpp"
#include "solver/transport/metrics.hpp"
#include "solver/transport/transport_config.hpp"

namespace lantian::attribution {
class Attribution;
}

namespace lantian::chem {
class ChemistryProcess;
}

namespace lantian::meteo {
class WrfSeries;
}

namespace lantian::timeloop {

class RunSummary;

/// Declares the keys of the core model (case, grid, species, initial, release, transport,
/// time, output, checkpoint, run, meteo.source) and of every module.
void declare_model_keys(config::Schema& schema);
/// The schema of everything `lantian` reads: the core's keys and every module's.
config::Schema full_schema();

/// Budget of one species over the run [kg of air x mixing ratio]: see Model::budget.
struct SpeciesBudget {
  std::string name;
  double initial = 0.0, final = 0.0, boundary_in = 0.0, sources = 0.0, deposited = 0.0;
};

/// Makes the inflow boundary of a model from its grid, decomposition and species (a parent
/// domain's values, solver/nesting); empty: the case's `boundary.source`.
using BoundaryFactory =
    std::function<std::unique_ptr<transport::BoundaryProvider>(const transport::BoundaryContext& context)>;

class Model {
 public:
  /// `cfg` must outlive the model. `boundary`: where the inflow comes from (empty: the case's
  /// own provider, transport::make_boundary_provider). Collective over `comm`; a failure throws
  /// on every rank alike (the lowest failing rank's error) or ends the mpirun, never on some
  /// ranks only (model.cpp: the stages of the construction and their agreements).
  Model(const config::CaseConfig& cfg, MPI_Comm comm, const BoundaryFactory& boundary = {});
  ~Model();
  /// Every check that does not need the run itself (`lantian CASE --check` and the start of
  /// run()): the met covers the run and is readable to its end, the output and checkpoint
  /// directories are writable, checkpoint hours fall on output times, the restart file belongs
  /// to this case and holds the output before it. Returns the restart file's attributes.
  /// Collective: every rank throws the same error. The answer is kept: begin() (and so run())
  /// checks only when preflight() has not passed yet, so a run is checked once.
  output::CheckpointInfo preflight() const;
  /// Runs from the start (or the restart file) to the end of the case: begin(), then per output
  /// interval begin_interval(), its steps, end_interval(); then finish().
  void run();

  // The stages of run(), for a driver that advances several domains in turn (solver/nesting).
  /// preflight() (unless it has passed) and the state at the run's start (initial or restart;
  /// the first output record).
  void begin();
  /// True once the model has reached the end of the case.
  bool finished() const;
  /// Starts the next output interval: its synchronisation step (Courant limit of the met at the
  /// interval's start) and number of steps; returns the number of steps.
  long begin_interval();
  /// Synchronisation step of the current interval [s].
  double interval_step_s() const noexcept { return dt_; }
  /// Time [s since the case start] at the end of step s of the current interval.
  double interval_step_end_s(long s) const noexcept;
  /// Takes step s (0-based) of the current interval (the time is set as run() sets it).
  void take_interval_step(long s);
  /// Takes n equal steps from the current time to time_s [s since the case start]; the last
  /// sets the time to time_s exactly (a nested child following its parent's step).
  void advance_to(double time_s, long n);
  /// The output record, the summary, any checkpoint at this time, the progress line.
  void end_interval();
  /// Closes the output, the processes' end of run, budget and time shares in the log.
  void finish();

  /// The current time [s since the case start] and the met at that time (this rank's block).
  double time_s() const noexcept { return state_.time_s; }
  const meteo::MetFields& met_now() const noexcept { return met_start_; }
  const grid::VerticalGrid& vertical_grid() const noexcept { return vgrid_; }
  const state::SpeciesList& species() const noexcept { return species_; }
  const config::CaseConfig& config() const noexcept { return cfg_; }
  /// The source-attribution tracers (species names); empty without attribution.
  std::vector<std::string> attribution_tracers() const;
  /// True: the boundary provider sets the attribution tracers' inflow itself (a parent with
  /// the same tags); false (default): the inflow counts as the `boundary` tag.
  void set_provider_sets_tracers(bool yes) noexcept { provider_sets_tracers_ = yes; }

  const parallel::Decomposition& decomposition() const noexcept { return decomp_; }
  const state::ChemState& state() const noexcept { return state_; }
  const grid::HorizontalGrid& horizontal_grid() const noexcept { return hgrid_; }
  /// Mass budgets (ordered global sums, identical on every decomposition).
  std::vector<SpeciesBudget> budget() const;
  /// Total of species n over the domain [kg of air x mixing ratio], ordered global sum.
  double total_mass(int n, const meteo::MetFields& met) const;
  /// What a checkpoint holds besides the species: every process's restart_fields(), the
  /// budget's per-column terms (initial mass, boundary inflow, sources) and the summary so far.
  process::RestartState restart_state();
  const TimerRegistry& timers() const noexcept { return timers_; }
  const std::string& output_path() const noexcept { return output_path_; }

 private:
  // The stages of the constructor, in the order of the data flow.
  /// The grid and the layers: from the WRF files' series when the met comes from WRF (`wrf`
  /// not null), else from the case; no communication.
  void read_grid(const meteo::WrfSeries* wrf);
  /// The decomposition over `comm`, the local metrics, the WRF provider (from `wrf`).
  void build_grid(MPI_Comm comm, std::unique_ptr<meteo::WrfSeries> wrf);
  /// The species (case, mechanism, aerosol) and the state; returns the chemistry process,
  /// built here because its mechanism adds species.
  std::unique_ptr<chem::ChemistryProcess> build_species();
  void build_meteorology();
  /// What a boundary provider may need of this model (its grid, decomposition, species).
  transport::BoundaryContext boundary_context() const;
  void build_processes(std::unique_ptr<chem::ChemistryProcess> chemistry);
  void build_output();
  void set_initial_state();
  /// The state at the run's start: the initial state (and its output record), or the restart
  /// file's state and the output before it.
  void start_state(const output::CheckpointInfo& restart_info);
  /// The output so far copied next to the checkpoint, then the checkpoint (collective).
  void write_checkpoint_at(double hour);
  /// Budget, time shares, process reports and the summary (rank 0 prints).
  void report_end() const;
  /// Each process's time on the fastest and the slowest rank, with their ranks (rank 0 prints;
  /// collective; nothing on one rank).
  void report_rank_spread() const;
  /// The ranks' processor time since they started, summed, with the least and the most
  /// (rank 0 prints; collective).
  void report_processor_time() const;
  double sync_step(double interval_s);
  void step(double dt_s);
  /// run.nan_check = "step": throws lantian::Error on the rank whose owned cells hold a
  /// non-finite value, naming species, global cell and the step's end time (not collective);
  /// otherwise nothing. Called as the last statement of step().
  void check_step_state();
  /// Species n per column [kg of air x mixing ratio], owned columns i + nx j.
  std::vector<double> column_mass(int n, const meteo::MetFields& met) const;
  /// The 2-D fields the processes add to each output record, in declaration order.
  std::vector<const std::vector<double>*> extra_output() const;

  const config::CaseConfig& cfg_;
  UtcTime start_;
  std::string start_time_;  ///< start_ as "YYYY-MM-DD HH:MM:SS"
  std::string checkpoint_dir_;
  output::CheckpointMeta checkpoint_meta_;  ///< identity of the case, written into checkpoints
  grid::HorizontalGrid hgrid_;
  grid::VerticalGrid vgrid_;
  parallel::Decomposition decomp_;
  transport::LocalMetrics metrics_;
  state::SpeciesList species_;
  state::ChemState state_;
  std::unique_ptr<meteo::MetProvider> met_;
  meteo::MetFields met_start_, met_mid_, met_end_;
  meteo::MetFields met_q1_, met_q3_;                     ///< at 1/4 and 3/4 of the step (symmetric split)
  bool symmetric_ = false;                               ///< time.splitting = "symmetric"
  std::vector<std::size_t> outer_first_, outer_second_;  ///< symmetric split: the half steps' processes
  transport::BoundaryConditions bc_;                     ///< the inflow of the current step
  std::unique_ptr<transport::BoundaryProvider> boundary_provider_;
  bool boundaries_set_ = false;  ///< bc_ filled at least once
  bool provider_sets_tracers_ = false;
  std::shared_ptr<const attribution::Attribution> attribution_;  ///< null: no source attribution
  process::ColumnBudget boundary_budget_;                        ///< per-column inflow through the boundaries
  process::ColumnBudget source_budget_;                          ///< per-column sources (release, emissions)
  std::vector<std::unique_ptr<process::Process>> processes_;
  std::unique_ptr<output::NetcdfWriter> writer_;
  std::unique_ptr<RunSummary> summary_;
  std::vector<int> written_;  ///< species written to the output
  mutable std::vector<double> zeros_;
  std::string output_path_;
  /// Per species, the initial mass per owned column [kg of air x mixing ratio] (checkpointed,
  /// so that a restarted run's budget still starts at the case's start).
  std::vector<std::vector<double>> initial_mass_;
  std::vector<double> background_;  ///< per species, output units; -1: none given by name
  TimerRegistry timers_;
  /// preflight()'s answer once it passed (begin() does not check again).
  mutable std::optional<output::CheckpointInfo> checked_;
  bool nan_check_step_ = false;  ///< run.nan_check = "step"
  // The run's progress (begin() .. finish()).
  double t_end_ = 0.0, interval_ = 0.0;  ///< end of the case, output interval [s]
  double wall0_ = 0.0, t_begin_ = 0.0;   ///< wall clock and model time at begin()
  long interval_index_ = 0;
  double t0_ = 0.0, this_interval_ = 0.0, dt_ = 0.0;  ///< current interval: start, length, step [s]
  /// The last step taken [s] (the progress line's dt): dt_ in run(), a nested child's own
  /// steps to its parent's time in advance_to().
  double last_step_s_ = 0.0;
  long nsteps_ = 0;
};

}  // namespace lantian::timeloop
