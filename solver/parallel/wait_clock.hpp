#pragma once
// The time this process spends in the model's exchanges and agreements: waiting for other
// ranks (a halo exchange, an agreement on errors or step counts, a gather to rank 0) rather
// than working. The run's report gives it per rank and, through the model's timers, per
// process.
#include <mpi.h>

namespace lantian::parallel {

/// Seconds spent in timed exchanges since the process started (MPI_Wtime differences). Called
/// from the thread that makes the MPI calls.
double waited_s() noexcept;

/// Adds the time from its construction to its destruction to waited_s(): put around a
/// blocking exchange (MPI_Waitall, MPI_Allreduce, MPI_Gatherv).
class WaitTimer {
 public:
  WaitTimer() noexcept : t0_(MPI_Wtime()) {}
  ~WaitTimer();
  WaitTimer(const WaitTimer&) = delete;
  WaitTimer& operator=(const WaitTimer&) = delete;

 private:
  double t0_;
};

}  // namespace lantian::parallel
