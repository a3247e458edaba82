#include "solver/process/process.hpp"

#include <algorithm>
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
  const std::vector<int> written = written_species(st);
  std::ostringstream when;
  when << "after " << name() << " at t = " << st.time_s << " s";
  if (timers_) {
    ScopedTimer t(*timers_, "nan check");
    check_finite(st, *decomp_, when.str(), &written);
  } else {
    check_finite(st, *decomp_, when.str(), &written);
  }
}

std::vector<int> Process::written_species(const state::ChemState& st) const {
  std::vector<int> all(static_cast<std::size_t>(st.nspecies()));
  for (int n = 0; n < st.nspecies(); ++n) all[static_cast<std::size_t>(n)] = n;
  return all;
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
                             const std::string& when) {
  const auto& e = st.extents();
  auto v = st.field(n).view();
  for (int k = 0; k < e.nz; ++k)
    for (int j = 0; j < e.ny; ++j)
      for (int i = 0; i < e.nx; ++i) {
        const double x = v(i, j, k);
        if (!std::isfinite(x)) {
          std::ostringstream os;
          os << "non-finite value " << x << " of species " << st.species()[n].name << " in cell (i=" << d.i0 + i
             << ", j=" << d.j0 + j << ", k=" << k << ") " << when;
          return os.str();
        }
      }
  return {};
}

}  // namespace

void check_finite(const state::ChemState& st, const parallel::Decomposition& d, const std::string& when,
                  const std::vector<int>* species) {
  // Every owned value of the species is tested (rows of constant (j, k) are contiguous; species
  // in parallel); only a species found bad is scanned again, in order, to name its first bad
  // cell: the message is the one of a plain scan in (species, k, j, i) order.
  const auto& e = st.extents();
  std::vector<int> list;
  if (species) {
    list = *species;
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  } else {
    for (int n = 0; n < st.nspecies(); ++n) list.push_back(n);
  }
  const int ns = static_cast<int>(list.size());
  std::vector<char> bad_species(static_cast<std::size_t>(ns), 0);
#pragma omp parallel for schedule(static)
  for (int q = 0; q < ns; ++q) {
    auto v = st.field(list[static_cast<std::size_t>(q)]).view();
    bool bad = false;
    for (int k = 0; k < e.nz; ++k)
      for (int j = 0; j < e.ny; ++j) bad |= any_non_finite(v.row(j, k), static_cast<std::size_t>(e.nx));
    bad_species[static_cast<std::size_t>(q)] = bad ? 1 : 0;
  }
  for (int q = 0; q < ns; ++q)
    if (bad_species[static_cast<std::size_t>(q)]) {
      const std::string msg = first_non_finite(st, list[static_cast<std::size_t>(q)], d, when);
      if (!msg.empty()) throw Error(msg);
    }
}

}  // namespace lantian::process
