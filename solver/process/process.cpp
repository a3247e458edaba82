#include "solver/process/process.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <vector>

namespace lantian::process {

void Process::advance(state::ChemState& st, const MetStep& met, double dt_s) {
  if (timers_) {
    ScopedTimer t(*timers_, name());
    advance_impl(st, met, dt_s);
  } else {
    advance_impl(st, met, dt_s);
  }
  if (!nan_check_ || !decomp_ || !changes_state()) return;
  if (timers_) {
    ScopedTimer t(*timers_, "nan check");
    check_state_collectively(st, *decomp_, name());
  } else {
    check_state_collectively(st, *decomp_, name());
  }
}

namespace {

/// True if any of the n values is NaN or infinite (exponent bits all ones). On the bits, in
/// integer arithmetic without branches, so that the loop vectorises: the masked exponent plus
/// one unit of the exponent's lowest bit carries into the sign bit exactly when the exponent is
/// all ones.
bool any_non_finite(const double* x, std::size_t n) noexcept {
  constexpr std::uint64_t k_exponent = 0x7ff0000000000000ULL, k_exponent_unit = 0x0010000000000000ULL;
  std::uint64_t acc = 0;
  for (std::size_t i = 0; i < n; ++i) acc |= (std::bit_cast<std::uint64_t>(x[i]) & k_exponent) + k_exponent_unit;
  return (acc >> 63) != 0;
}

/// The first non-finite owned value of species n in (k, j, i) order, as the error message; empty
/// if none.
std::string first_non_finite(const state::ChemState& st, int n, const parallel::Decomposition& d,
                             const std::string& after) {
  const auto& e = st.extents();
  auto v = st.field(n).view();
  for (int k = 0; k < e.nz; ++k)
    for (int j = 0; j < e.ny; ++j)
      for (int i = 0; i < e.nx; ++i) {
        const double x = v(i, j, k);
        if (!std::isfinite(x)) {
          std::ostringstream os;
          os << "non-finite value " << x << " of species " << st.species()[n].name << " in cell (i=" << d.i0 + i
             << ", j=" << d.j0 + j << ", k=" << k << ") after " << after << " at t = " << st.time_s << " s";
          return os.str();
        }
      }
  return {};
}

}  // namespace

void check_state_collectively(const state::ChemState& st, const parallel::Decomposition& d, const std::string& after) {
  // Every owned value is tested (rows of constant (j, k) are contiguous; species in parallel);
  // only a species found bad is scanned again, in order, to name its first bad cell: the
  // message is the one of a plain scan in (species, k, j, i) order.
  const auto& e = st.extents();
  const int ns = st.nspecies();
  std::vector<char> bad_species(static_cast<std::size_t>(ns), 0);
#pragma omp parallel for schedule(static)
  for (int n = 0; n < ns; ++n) {
    auto v = st.field(n).view();
    bool bad = false;
    for (int k = 0; k < e.nz; ++k)
      for (int j = 0; j < e.ny; ++j) bad |= any_non_finite(v.row(j, k), static_cast<std::size_t>(e.nx));
    bad_species[static_cast<std::size_t>(n)] = bad ? 1 : 0;
  }
  std::string local_msg;
  for (int n = 0; n < ns && local_msg.empty(); ++n)
    if (bad_species[static_cast<std::size_t>(n)]) local_msg = first_non_finite(st, n, d, after);
  int bad = local_msg.empty() ? 0 : 1, any = 0;
  MPI_Allreduce(&bad, &any, 1, MPI_INT, MPI_MAX, d.comm);
  if (!any) return;
  if (bad) throw Error(local_msg);
  throw Error("another rank found a non-finite value after " + after + " (see its message)");
}

}  // namespace lantian::process
