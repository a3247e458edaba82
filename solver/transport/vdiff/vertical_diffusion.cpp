#include "solver/transport/vdiff/vertical_diffusion.hpp"

#include <vector>

#include "solver/transport/vdiff/tridiagonal_kernel.hpp"

namespace lantian::transport {

void VerticalDiffusion::advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) {
  const auto& e = st.extents();
  const int nx = e.nx, ny = e.ny, nz = e.nz, ns = st.nspecies();
  if (nz < 2 || nx < 1) return;
  const meteo::MetFields& mass = met.end;  // the air mass after advection
  const meteo::MetFields& mid = met.mid;   // K at the middle of the step
  const size_t w = static_cast<size_t>(nx);
  // One row of columns (fixed j) at a time: the matrix depends on the met only, so it is
  // factored once per column and shared by every species; the solves run across the row's
  // columns (level-major scratch), which vectorises. Per column the arithmetic is that of
  // solve_tridiagonal, in the same order: the same bits.
#pragma omp parallel
  {
    const size_t nzw = static_cast<size_t>(nz) * w;
    std::vector<double> a(nzw), b(nzw), c(nzw), m(nzw), denom(nzw), cp(nzw), dflux((static_cast<size_t>(nz) + 1) * w);
#pragma omp for schedule(static)
    for (int j = 0; j < ny; ++j) {
      for (size_t i = 0; i < w; ++i) {
        dflux[i] = 0.0;
        dflux[static_cast<size_t>(nz) * w + i] = 0.0;
      }
      for (int k = 0; k < nz; ++k) {
        const double* rho = mass.rho_kg_m3.view().row(j, k);
        const double* dz = mass.dz_m.view().row(j, k);
        double* mk = m.data() + static_cast<size_t>(k) * w;
        for (size_t i = 0; i < w; ++i) mk[i] = rho[i] * dz[i];
      }
      for (int k = 1; k < nz; ++k) {
        const double* rho_lo = mass.rho_kg_m3.view().row(j, k - 1);
        const double* rho_hi = mass.rho_kg_m3.view().row(j, k);
        const double* dz_lo = mass.dz_m.view().row(j, k - 1);
        const double* dz_hi = mass.dz_m.view().row(j, k);
        const double* kz = mid.kz_m2_s.view().row(j, k);
        double* df = dflux.data() + static_cast<size_t>(k) * w;
        for (size_t i = 0; i < w; ++i) {
          const double rho = 0.5 * (rho_lo[i] + rho_hi[i]);
          const double dz = 0.5 * (dz_lo[i] + dz_hi[i]);
          df[i] = rho * kz[i] / dz;
        }
      }
      for (size_t o = 0; o < nzw; ++o) {
        a[o] = -dt_s * dflux[o];
        c[o] = -dt_s * dflux[o + w];
        b[o] = m[o] + dt_s * (dflux[o] + dflux[o + w]);
      }
      factor_tridiagonal_rows(a.data(), b.data(), c.data(), denom.data(), cp.data(), nz, nx);
      for (int n = 0; n < ns; ++n) {
        auto q = st.field(n).view();
        solve_tridiagonal_rows(a.data(), denom.data(), cp.data(), m.data(), q.row(j, 0), q.stride_k(), nz, nx);
      }
    }
  }
}

}  // namespace lantian::transport
