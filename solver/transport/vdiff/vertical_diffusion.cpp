#include "solver/transport/vdiff/vertical_diffusion.hpp"

#include <vector>

#include "solver/transport/vdiff/tridiagonal_kernel.hpp"

namespace lantian::transport {

void VerticalDiffusion::advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) {
  const auto& e = st.extents();
  const int nx = e.nx, ny = e.ny, nz = e.nz, ns = st.nspecies();
  if (nz < 2) return;
  const meteo::MetFields& mass = met.end;  // the air mass after advection
  const meteo::MetFields& mid = met.mid;   // K at the middle of the step
#pragma omp parallel
  {
    std::vector<double> a(nz), b(nz), c(nz), r(nz), x(nz), cp(nz), m(nz), dflux(nz + 1);
#pragma omp for schedule(static)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        dflux[0] = 0.0;
        dflux[nz] = 0.0;
        for (int k = 0; k < nz; ++k) m[k] = mass.rho_kg_m3(i, j, k) * mass.dz_m(i, j, k);
        for (int k = 1; k < nz; ++k) {
          const double rho = 0.5 * (mass.rho_kg_m3(i, j, k - 1) + mass.rho_kg_m3(i, j, k));
          const double dz = 0.5 * (mass.dz_m(i, j, k - 1) + mass.dz_m(i, j, k));
          dflux[k] = rho * mid.kz_m2_s(i, j, k) / dz;
        }
        for (int k = 0; k < nz; ++k) {
          a[k] = -dt_s * dflux[k];
          c[k] = -dt_s * dflux[k + 1];
          b[k] = m[k] + dt_s * (dflux[k] + dflux[k + 1]);
        }
        for (int n = 0; n < ns; ++n) {
          auto q = st.field(n).view();
          for (int k = 0; k < nz; ++k) r[k] = m[k] * q(i, j, k);
          solve_tridiagonal(a.data(), b.data(), c.data(), r.data(), x.data(), cp.data(), nz);
          for (int k = 0; k < nz; ++k) q(i, j, k) = x[k];
        }
      }
  }
}

}  // namespace lantian::transport
