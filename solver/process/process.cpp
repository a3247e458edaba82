#include "solver/process/process.hpp"

#include <cmath>
#include <sstream>

namespace lantian::process {

void Process::advance(state::ChemState& st, const MetStep& met, double dt_s) {
  if (timers_) {
    ScopedTimer t(*timers_, name());
    advance_impl(st, met, dt_s);
  } else {
    advance_impl(st, met, dt_s);
  }
  if (nan_check_ && decomp_ && changes_state()) check_state_collectively(st, *decomp_, name());
}

void check_state_collectively(const state::ChemState& st, const parallel::Decomposition& d, const std::string& after) {
  const auto& e = st.extents();
  std::string local_msg;
  for (int n = 0; n < st.nspecies() && local_msg.empty(); ++n) {
    auto v = st.field(n).view();
    for (int k = 0; k < e.nz && local_msg.empty(); ++k)
      for (int j = 0; j < e.ny && local_msg.empty(); ++j)
        for (int i = 0; i < e.nx; ++i) {
          const double x = v(i, j, k);
          if (!std::isfinite(x)) {
            std::ostringstream os;
            os << "non-finite value " << x << " of species " << st.species()[n].name << " in cell (i=" << d.i0 + i
               << ", j=" << d.j0 + j << ", k=" << k << ") after " << after << " at t = " << st.time_s << " s";
            local_msg = os.str();
            break;
          }
        }
  }
  int bad = local_msg.empty() ? 0 : 1, any = 0;
  MPI_Allreduce(&bad, &any, 1, MPI_INT, MPI_MAX, d.comm);
  if (!any) return;
  if (bad) throw Error(local_msg);
  throw Error("another rank found a non-finite value after " + after + " (see its message)");
}

}  // namespace lantian::process
