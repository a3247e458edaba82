#pragma once
// The run, in the order of the data flow: case -> grid and decomposition -> meteorology ->
// sources -> the time loop of operator-split processes -> outputs and checkpoints.
//
// Split order of one synchronisation step dt (documented in docs/design.md):
//   1. sources (tracer releases; emissions)      4. vertical diffusion (implicit)
//   2. advection: x,y alternating, then z         5. chemistry (Rosenbrock)
//   3. horizontal diffusion                       6. aerosol, deposition
// Met is taken at the step's start, middle and end (winds and K at the middle; the air mass
// at the start and end drives the mass-consistent vertical flux).
#include <memory>
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

namespace lantian::attribution {
class Attribution;
}

namespace lantian::chem {
class ChemistryProcess;
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

class Model {
 public:
  Model(const config::CaseConfig& cfg, MPI_Comm comm);
  ~Model();
  /// Every check that does not need the run itself (`lantian CASE --check` and the start of
  /// run()): the met covers the run and is readable to its end, the output and checkpoint
  /// directories are writable, checkpoint hours fall on output times, the restart file belongs
  /// to this case and holds the output before it. Returns the restart file's attributes.
  output::CheckpointInfo preflight() const;
  /// Runs from the start (or the restart file) to the end of the case.
  void run();

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
  void build_grid(MPI_Comm comm);
  /// The species (case, mechanism, aerosol) and the state; returns the chemistry process,
  /// built here because its mechanism adds species.
  std::unique_ptr<chem::ChemistryProcess> build_species();
  void build_meteorology();
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
  double sync_step(double interval_s);
  void step(double dt_s);
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
  transport::BoundaryConditions bc_;  ///< the inflow of the current step
  std::unique_ptr<transport::BoundaryProvider> boundary_provider_;
  bool boundaries_set_ = false;  ///< bc_ filled at least once
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
};

}  // namespace lantian::timeloop
