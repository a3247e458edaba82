// The time spent waiting in exchanges (wait_clock.hpp).
#include "solver/parallel/wait_clock.hpp"

namespace lantian::parallel {

namespace {
double g_waited_s = 0.0;
}  // namespace

double waited_s() noexcept { return g_waited_s; }

WaitTimer::~WaitTimer() { g_waited_s += MPI_Wtime() - t0_; }

}  // namespace lantian::parallel
