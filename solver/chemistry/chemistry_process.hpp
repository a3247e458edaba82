#pragma once
// The gas-phase chemistry process of the operator-split loop: maps the state's species to the
// mechanism's, converts mol/mol to molecule cm-3 with the air density from met pressure and
// temperature, integrates every cell with the vectorised Rosenbrock solver (Sandu et al.
// 1997, doi:10.1016/S1352-2310(97)00059-9) in blocks of L cells, parallel over chunks of
// blocks with OpenMP, and writes back. The cells' work is shared out over the ranks by cost
// (parallel::WorkBalance): a rank may integrate another rank's cells; the answer is the same.
// CMAQ equivalent: CCTM/src/gas/ros3 + CCTM/src/phot.
#include <mpi.h>

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "meteo/met_fields.hpp"
#include "solver/chemistry/mechanism/mechanism.hpp"
#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "solver/chemistry/rate_evaluator.hpp"
#include "solver/chemistry/rosenbrock/chem_system.hpp"
#include "solver/chemistry/rosenbrock/rosenbrock.hpp"
#include "solver/config/case_config.hpp"
#include "solver/config/schema.hpp"
#include "solver/parallel/work_balance.hpp"
#include "solver/process/process.hpp"
#include "solver/state/chem_state.hpp"
#include "solver/state/species.hpp"

namespace lantian::chem {

/// How photolysis frequencies vary over a chemistry step: `constant` at the step's middle, or
/// `linear` between the step's start and end (the solver then evaluates the rate constants at
/// every stage time, non-autonomous Rosenbrock).
enum class PhotolysisInStep { constant, linear };

struct ChemistryOptions {
  RosOptions ros;      ///< method, rtol [1], atol [molecule cm-3], first step [s] (from the case keys)
  int block_size = 8;  ///< cells per vectorised block (L)
  /// The kernels generated for the shipped mechanisms where they fit (RosenbrockBlock).
  bool generated_kernels = true;
  /// Start each cell's chemistry step with the internal step its previous one proposed
  /// (instead of RosOptions::h_start_s every time); the per-cell memory is step_memory_s().
  bool reuse_step = true;
  double max_dt_s = 3600.0;  ///< longest chemistry step; longer split steps are sub-stepped [s]
  bool photolysis = true;    ///< false: all J = 0 (night everywhere)
  bool cloud_correction = true;
  double j_scale = 1.0;  ///< multiplier on every photolysis frequency [1]
  PhotolysisInStep photolysis_in_step = PhotolysisInStep::linear;
  /// Balance the cells' chemistry over the ranks by the attempts each cell took last step
  /// (parallel::WorkBalance); the answer does not depend on it.
  bool balance_ranks = true;
  /// With balance_ranks, cells move only in the steps where the busiest rank's own cells cost
  /// more than this many times the mean [1]: below, moving them costs about what it saves.
  double balance_above = 1.1;
  /// Optical depth per unit cloud water path [m2 kg-1]: tau = 3 LWP / (2 rho_w r_e), with
  /// r_e = 10 um (Stephens 1978): 150.
  double tau_per_lwp_m2_kg = 150.0;
};

/// A cell's chemistry step as a record of doubles, so that any rank can compute it: inputs
/// (conditions, step memory, mixing ratios [mol mol-1] in solver order) and outputs.
namespace cell_record {
inline constexpr int k_temp = 0;     ///< temperature [K]
inline constexpr int k_press = 1;    ///< pressure [Pa]
inline constexpr int k_qv = 2;       ///< water vapour [kg kg-1]
inline constexpr int k_coszen0 = 3;  ///< cos(solar zenith) at the step's start (constant: its middle) [1]
inline constexpr int k_cloud0 = 4;   ///< cloud factor of photolysis there [1]
inline constexpr int k_coszen1 = 5;  ///< cos(solar zenith) at the step's end [1]
inline constexpr int k_cloud1 = 6;   ///< cloud factor there [1]
inline constexpr int k_h = 7;        ///< first internal step [s] (0: chemistry.h_start_s)
inline constexpr int k_in_species = 8;
inline constexpr int k_h_next = 0;    ///< first internal step of the cell's next chemistry step [s]
inline constexpr int k_attempts = 1;  ///< accepted + rejected internal steps [1]
inline constexpr int k_failed = 2;    ///< 1: the solver failed in this cell
inline constexpr int k_out_species = 3;
}  // namespace cell_record

/// Declares the `chemistry.*` keys.
void declare_chemistry_keys(config::Schema& schema);
/// Options from a case (keys of declare_chemistry_keys).
ChemistryOptions chemistry_options(const config::CaseConfig& cfg);
/// The mechanism named by a case (chemistry.mechanism, chemistry.format); a relative path
/// resolves against the case file's directory, then the working directory.
Mechanism load_mechanism(const config::CaseConfig& cfg);

/// The mechanism's variable species as model species (gas; molar mass where known, 0 else),
/// for the model's species list.
std::vector<state::SpeciesInfo> mechanism_species(const Mechanism& m);

/// A split process of the run (met at the middle of the step). With chemistry.reuse_step its
/// per-cell step memory is model state: restart_fields() hands it to the checkpoints.
class ChemistryProcess final : public process::Process {
 public:
  ChemistryProcess(Mechanism mech, ChemistryOptions opt);
  ~ChemistryProcess() override;
  ChemistryProcess(const ChemistryProcess&) = delete;
  ChemistryProcess& operator=(const ChemistryProcess&) = delete;
  /// From a case: load_mechanism + chemistry_options.
  static std::unique_ptr<ChemistryProcess> from_config(const config::CaseConfig& cfg);

  /// Advances the owned cells of `st` by dt_s [s] with met at (about) the middle of the step
  /// (and, with photolysis_in_step = linear, the sun of met_start and met_end: the zenith
  /// angle at the step's start and end). Throws lantian::Error listing the mechanism species
  /// missing from the state, or naming the cell (i, j, k) and time of a failed integration.
  void advance(state::ChemState& st, const meteo::MetFields& met_start, const meteo::MetFields& met,
               const meteo::MetFields& met_end, double dt_s);
  /// The same with one met for the whole step (the sun does not move: photolysis constant).
  void advance(state::ChemState& st, const meteo::MetFields& met, double dt_s) { advance(st, met, met, met, dt_s); }
  /// The split-process entry point (timer, NaN check) as well.
  using process::Process::advance;

  std::string name() const override { return "chemistry"; }
  /// The mechanism's species (every species before the first step binds them to the state).
  std::vector<int> written_species(const state::ChemState& st) const override;
  std::string run_report() const override { return work_summary(); }
  /// The instruction set, and ", generated for NAME" where the kernels generated for a shipped
  /// mechanism run (chem_generated_for).
  std::string kernels() const override;
  std::vector<process::CellField> restart_fields(const state::ChemState& st) override;
  const Mechanism& mechanism() const noexcept { return *mech_; }
  const ChemSystem& system() const noexcept { return *sys_; }
  const ChemistryOptions& options() const noexcept { return opt_; }

  /// Counters of the last advance, summed over the cells this rank computed (per cell-step:
  /// divide by last_cells()).
  const RosStats& last_stats() const noexcept { return stats_; }
  long last_cells() const noexcept { return cells_; }
  /// Counters summed over every advance so far, and the cell-steps they cover (cells x
  /// chemistry sub-steps).
  const RosStats& total_stats() const noexcept { return total_; }
  long total_cell_steps() const noexcept { return total_cell_steps_; }
  /// One line for the end of a run: solver work per cell-step and the kernels used.
  std::string work_summary() const;
  /// Amount added by clipping negatives in the last advance, per mechanism variable species in
  /// solver order, summed in a fixed order over the cells this rank computed (its own with
  /// one rank) [mol mol-1 summed over cells].
  const std::vector<double>& last_clipped() const noexcept { return clipped_; }

  /// The balance's cost of a cell's chemistry step in integer units, from the attempts
  /// (accepted + rejected internal steps) it took: each attempt costs k_cost_per_attempt, and
  /// the work that does not depend on the attempts (conditions, rate constants, the sun's
  /// slope, loading the lanes, write-back) k_cost_per_cell (ratio measured on the Yantai demo
  /// at 450-s steps, docs/performance.md). The same on every rank; the answer never depends
  /// on it.
  static constexpr long k_cost_per_attempt = 4, k_cost_per_cell = 3;
  static constexpr long balance_cost(long attempts) noexcept {
    return k_cost_per_attempt * (attempts > 1 ? attempts : 1) + k_cost_per_cell;
  }

  /// The solver's memory between calls (with reuse_step): per owned cell, i fastest then j
  /// then k, the first internal step of the cell's next chemistry step [s]; 0 = none yet
  /// (h_start_s). Part of the model state for a bitwise restart: checkpoints save it, and a
  /// restart fills it (resized to the owned cells) before the first advance.
  std::vector<double>& step_memory_s() noexcept { return h_next_s_; }
  const std::vector<double>& step_memory_s() const noexcept { return h_next_s_; }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override {
    advance(st, met.start, met.mid, met.end, dt_s);
  }

 private:
  void bind(const state::SpeciesList& sl);
  /// Chang et al. (1987) inputs of a column: cloud fraction (max over the column's cloudy
  /// layers), optical depth from its cloud water path, and its cloudy layers.
  struct ColumnCloud {
    double frac = 0.0, tau = 0.0;
    int base = -1, top = -1;
  };
  /// The inputs of the step being advanced (valid inside advance only).
  struct StepInputs {
    const meteo::MetFields* met = nullptr;   ///< T, p, qv, clouds: the step's middle
    const meteo::MetFields* sun0 = nullptr;  ///< the sun at the step's start (constant: middle)
    const meteo::MetFields* sun1 = nullptr;  ///< the sun at its end (constant: middle)
    bool linear = false;
    int nx = 0, ny = 0, nz = 0;
    grid::View3D<double> layout;   ///< the state's fields' layout (offsets)
    std::vector<double*> species;  ///< per solver species: its state field's storage
  };
  /// The work list of a step: positions [kept_offset, kept_offset + kept_count) are the own
  /// cells kept_first, ... computed in place (read from and written to the state); the others
  /// are records received from other ranks (`received_in`, results into `received_out`).
  struct WorkList {
    long nwork = 0, kept_offset = 0, kept_count = 0, kept_first = 0;
    const double* received_in = nullptr;
    double* received_out = nullptr;
  };
  /// The conditions of owned cell `cell` (i fastest, then j, then k) at the step's start
  /// (constant: middle) and end; returns the cell's offset in the state's fields.
  std::ptrdiff_t cell_conditions(long cell, CellConditions& c0, CellConditions& c1) const;
  /// The cell_record inputs of owned cell `cell`.
  void pack_record(long cell, double* r) const;
  /// Integrates the work list over dt_s [s], writing the kept cells' results into the state,
  /// the step memory and the balance's cost; adds its counters and clipping to stats_,
  /// cells_, clipped_ and total_. Returns the smallest index of a failed kept cell, or -1.
  long integrate_work(const WorkList& wl, double dt_s);
  std::unique_ptr<Mechanism> mech_;
  std::unique_ptr<ChemSystem> sys_;
  ChemistryOptions opt_;
  std::vector<int> state_index_;  ///< per solver species: index in the state
  const state::SpeciesList* bound_ = nullptr;
  int bound_n_ = -1;
  RosStats stats_;
  long cells_ = 0;
  RosStats total_;
  long total_cell_steps_ = 0;
  std::vector<double> clipped_;
  std::vector<double> h_next_s_;
  std::vector<long> cost_;  ///< per owned cell: the balance's cost (balance_cost of its last attempts)
  StepInputs in_;
  std::vector<ColumnCloud> clouds_;  ///< per column (i fastest), the step's clouds
  /// Per column, the clear-sky photolysis frequencies for the sun at the step's start and end
  /// (RateEvaluator::photolysis_raw), shared by the column's kept cells [s-1].
  std::vector<double> j_raw0_, j_raw1_;
  std::unique_ptr<RateEvaluator> photo_rates_;  ///< for j_raw0_, j_raw1_
  /// Buffers kept between steps: the records of the own cells computed elsewhere (in, out),
  /// and those this rank computes for others (in, out).
  struct RecordBuffers {
    std::vector<double> sent_in, sent_out, received_in, received_out;
    std::vector<MPI_Request> sends;  ///< the last step's sends of received_out, not yet completed
  } buffers_;
  /// Completes the pending sends of buffers_.sends: waiting for them (wait), or, when the
  /// process ends, without blocking (those still pending are freed).
  void complete_sends(bool wait);
  /// Per OpenMP thread: solver, rate program and chunk scratch (chemistry_work.cpp), kept
  /// between steps.
  struct ThreadWork;
  std::vector<std::shared_ptr<ThreadWork>> thread_work_;
  double balance_own_max_ = 0.0, balance_own_mean_ = 0.0;  ///< summed over steps: busiest rank's and mean cost
  long shared_given_ = 0, shared_taken_ = 0;               ///< cells given to and taken from the neighbours, summed
  long balance_steps_ = 0, moved_steps_ = 0;               ///< steps planned over the ranks, and those that moved cells
  static constexpr int k_balance_recheck = 8;              ///< steps between plans while no cells move
  int steps_unplanned_ = 0;                                ///< steps since the last plan
  bool moved_last_ = false;                                ///< the last plan moved cells
  /// This rank's pace for the balance (parallel::RankPace), averaged over the steps
  /// (exponentially, weight k_weight on the newest): the cost its integration computes per
  /// second. The work outside the chemistry is left out of the plan: halo exchanges separate
  /// most of it from the chemistry, so a rank that is slower there makes the others wait
  /// whatever its share of the cells, and the sharing at the step's end would give back what
  /// the plan took away.
  class Pace {
   public:
    void computed(long cost, double seconds);
    parallel::RankPace pace() const noexcept;

   private:
    static constexpr double k_weight = 0.25;
    double cost_per_s_ = 0.0;
    bool have_cost_ = false;
  } pace_;
};

}  // namespace lantian::chem
