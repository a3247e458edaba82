#pragma once
// The base of every operator-split process (advection, diffusion, emissions, chemistry, ...).
// One non-virtual entry point adds, once for all, the timer and the collective NaN check
// (after which a failure on any rank stops every rank with the cell, species and time named).
// A process that carries per-cell state from step to step names it in restart_fields().
#include <string>
#include <vector>

#include "meteo/met_fields.hpp"
#include "solver/core/timer.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/state/chem_state.hpp"
#include "solver/process/restart_field.hpp"

namespace lantian::process {

/// The meteorology of one synchronisation step: at its start, middle and end.
struct MetStep {
  const meteo::MetFields& start;
  const meteo::MetFields& mid;
  const meteo::MetFields& end;
};

class Process {
 public:
  virtual ~Process() = default;
  /// Advances the state by dt_s [s] (owned cells; halos are the process's business).
  void advance(state::ChemState& st, const MetStep& met, double dt_s);
  virtual std::string name() const = 0;
  /// Lines for the end-of-run report (this rank's work, e.g. solver statistics); empty: none.
  virtual std::string run_report() const { return {}; }
  /// The per-cell state this process carries from one step to the next and that changes its
  /// results or the outputs, for checkpoints (restart_field.hpp). `st` gives the species and
  /// the owned extents. Default: none (the process starts each step from the state alone).
  virtual std::vector<CellField> restart_fields(const state::ChemState& st) {
    (void)st;
    return {};
  }

  void set_timers(TimerRegistry* timers) noexcept { timers_ = timers; }
  void set_nan_check(const parallel::Decomposition* d, bool on) noexcept {
    decomp_ = d;
    nan_check_ = on;
  }

 protected:
  virtual void advance_impl(state::ChemState& st, const MetStep& met, double dt_s) = 0;

 private:
  TimerRegistry* timers_ = nullptr;
  const parallel::Decomposition* decomp_ = nullptr;
  bool nan_check_ = false;
};

/// Throws, on every rank, if any rank's owned cells hold a NaN or a negative value below
/// -tolerance; the message names the first bad cell (global indices), species and time.
void check_state_collectively(const state::ChemState& st, const parallel::Decomposition& d,
                              const std::string& after);

}  // namespace lantian::process
