#pragma once
// The time this process spends in the model's exchanges and agreements: waiting for other
// ranks (a halo exchange, an agreement on errors or step counts, a gather to rank 0) rather
// than working. The chemistry's balance takes it out of a rank's time between two chemistry
// steps to find the work that rank did outside the chemistry (chemistry_process.cpp).
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
