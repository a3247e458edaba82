#pragma once
// The base of every operator-split process (advection, diffusion, emissions, chemistry, ...).
// One non-virtual entry point adds, once for all, the timer and, when asked (run.nan_check =
// "process"), the check for non-finite values, which names the cell, species, process and time.
// A process that carries per-cell state from step to step names it in restart_fields().
#include <limits>
#include <string>
#include <vector>

#include "meteo/met_fields.hpp"
#include "solver/core/timer.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/process/restart_field.hpp"
#include "solver/state/chem_state.hpp"

namespace lantian::process {

/// The meteorology of one synchronisation step: at its start, middle and end.
struct MetStep {
  const meteo::MetFields& start;
  const meteo::MetFields& mid;
  const meteo::MetFields& end;
};

/// What a process removed from the domain since the case start, per species (state order;
/// species past the end: none) and owned column (i + nx j), per m2 of ground: gases
/// [mol m-2], aerosols [ug m-2]. The run turns it into budget units with the cell area.
struct DepositedColumns {
  const std::vector<std::vector<double>>* per_m2 = nullptr;
};

/// A 2-D field a process adds to every output record (e.g. accumulated deposition): one value
/// per owned column (i + nx j), in `units`.
struct OutputColumns {
  std::string name, units, long_name;
  const std::vector<double>* columns = nullptr;  ///< nullptr: zeros (nothing accumulated yet)
};

class Process {
 public:
  virtual ~Process() = default;
  /// Advances the state by dt_s [s] (owned cells; halos are the process's business).
  void advance(state::ChemState& st, const MetStep& met, double dt_s);
  virtual std::string name() const = 0;
  /// False for a process that only observes the state (no NaN check after it).
  virtual bool changes_state() const { return true; }
  /// True for a process that changes every transported species by one and the same linear
  /// operator (the diffusions): a sum of species then changes as each of them does, up to
  /// round-off, so source attribution puts no ratio step after it (solver/attribution).
  virtual bool same_linear_change_for_all() const { return false; }
  /// How many of the lowest layers advance_impl may write (dry deposition: the surface layer);
  /// what follows the process needs to look at no other layer. Default: every layer.
  virtual int layers_written() const { return std::numeric_limits<int>::max(); }
  /// Per owned column (i + nx j): 1 where the last advance_impl may have written (wet
  /// deposition: where it rains), 0 where it left every value as it was; nullptr: every column.
  virtual const std::vector<char>* columns_written() const { return nullptr; }
  /// The species (state indices) that advance_impl may write; the NaN check after it scans
  /// only these. A process cannot make a species it does not write non-finite, and every other
  /// species was checked after the process that last wrote it, so the check still names the
  /// process that produced a bad value. An override must list every species it writes.
  /// Default: every species.
  virtual std::vector<int> written_species(const state::ChemState& st) const;
  /// Lines for the end-of-run report (this rank's work, e.g. solver statistics); empty: none.
  virtual std::string run_report() const { return {}; }
  /// The instruction set this process's vector kernels run in on this processor ("avx512",
  /// "avx2" or "baseline"), for the run log; empty: no kernels of its own.
  virtual std::string kernels() const { return {}; }
  /// The per-cell state this process carries from one step to the next and that changes its
  /// results or the outputs, for checkpoints (restart_field.hpp). `st` gives the species and
  /// the owned extents. Default: none (the process starts each step from the state alone).
  virtual std::vector<CellField> restart_fields(const state::ChemState& st) {
    (void)st;
    return {};
  }

  /// Mass removed from the domain since the start, for the run's budget (default: none).
  virtual std::vector<DepositedColumns> deposited() const { return {}; }
  /// 2-D fields for every output record, given the species written (default: none). Called
  /// once to declare them and again before every record (the pointers may change).
  virtual std::vector<OutputColumns> output_columns(const std::vector<int>& written) const {
    (void)written;
    return {};
  }
  /// Called once after the last step with the end of the run [s since the case start], for
  /// work a process does at the end (e.g. a report). Default: nothing.
  virtual void finish_run(double t_end_s) { (void)t_end_s; }

  void set_timers(TimerRegistry* timers) noexcept { timers_ = timers; }
  /// `on`: check_finite() over written_species() after every advance (run.nan_check =
  /// "process"); `d` names cells by their global indices (nullptr: no check).
  void set_nan_check(const parallel::Decomposition* d, bool on) noexcept {
    decomp_ = d;
    nan_check_ = on;
  }

 protected:
  virtual void advance_impl(state::ChemState& st, const MetStep& met, double dt_s) = 0;
  /// The run's decomposition (for naming cells by global indices), or nullptr outside a run.
  const parallel::Decomposition* decomposition() const noexcept { return decomp_; }

 private:
  TimerRegistry* timers_ = nullptr;
  const parallel::Decomposition* decomp_ = nullptr;
  bool nan_check_ = false;
};

/// Throws lantian::Error if this rank's owned cells hold a NaN or an infinity; the message names
/// the first bad value in (species, k, j, i) order on this rank, its species and global cell,
/// followed by `when` (e.g. "after advection at t = 900 s"). Not collective: only a rank that
/// finds a bad value throws, and the others go on until the driver's MPI_Abort stops them
/// (solver/main.cpp), so that the check adds no synchronisation point to the run. Cost: one
/// vectorised pass over the owned values (species in parallel threads). With `species`: only
/// those species (state indices, any order).
void check_finite(const state::ChemState& st, const parallel::Decomposition& d, const std::string& when,
                  const std::vector<int>* species = nullptr);

}  // namespace lantian::process
