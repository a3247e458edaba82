#include "solver/transport/hdiff/horizontal_diffusion.hpp"

#include <cmath>

namespace lantian::transport {

void HorizontalDiffusion::advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) {
  if (kh_m2_s_ <= 0.0) return;
  const auto& e = st.extents();
  const int nx = e.nx, ny = e.ny, nz = e.nz, ns = st.nspecies();
  const meteo::MetFields& mm = met.end;
  // Stability: the smallest centre distance anywhere (MIN is exact: same count on any ranks).
  double local_min = 1e300;
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i)
      local_min = std::min({local_min, metrics_.dist_x_m(i, j, 0), metrics_.dist_y_m(i, j, 0)});
  double dmin = 0.0;
  MPI_Allreduce(&local_min, &dmin, 1, MPI_DOUBLE, MPI_MIN, d_.comm);
  const double dt_max = 0.2 * dmin * dmin / kh_m2_s_;
  const int nsub = std::max(1, static_cast<int>(std::ceil(dt_s / dt_max)));
  const double dt = dt_s / nsub;
  // Face conductances [kg s-1] (K rho dz length / distance), zero on the domain's edges, and
  // dt / air mass per cell: computed once per step, shared by every species.
  const grid::Extents ex{nx + 1, ny, nz, 0}, ey{nx, ny + 1, nz, 0}, ec{nx, ny, nz, 0};
  if (!(cx_.extents() == ex)) cx_ = grid::Field3Dd(ex);
  if (!(cy_.extents() == ey)) cy_ = grid::Field3Dd(ey);
  if (!(dtm_.extents() == ec)) dtm_ = grid::Field3Dd(ec);
#pragma omp parallel for schedule(static)
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j <= ny; ++j)
      for (int i = 0; i <= nx; ++i) {
        if (j < ny) {
          const int gi = d_.i0 + i;
          double c = 0.0;
          if (gi > 0 && gi < d_.nx_global) {
            const double rho = 0.5 * (mm.rho_kg_m3(i - 1, j, k) + mm.rho_kg_m3(i, j, k));
            const double dz = 0.5 * (mm.dz_m(i - 1, j, k) + mm.dz_m(i, j, k));
            c = kh_m2_s_ * rho * dz * metrics_.face_x_len_m(i, j, 0) / metrics_.dist_x_m(i, j, 0);
          }
          cx_(i, j, k) = c;
        }
        if (i < nx) {
          const int gj = d_.j0 + j;
          double c = 0.0;
          if (gj > 0 && gj < d_.ny_global) {
            const double rho = 0.5 * (mm.rho_kg_m3(i, j - 1, k) + mm.rho_kg_m3(i, j, k));
            const double dz = 0.5 * (mm.dz_m(i, j - 1, k) + mm.dz_m(i, j, k));
            c = kh_m2_s_ * rho * dz * metrics_.face_y_len_m(i, j, 0) / metrics_.dist_y_m(i, j, 0);
          }
          cy_(i, j, k) = c;
        }
        if (i < nx && j < ny)
          dtm_(i, j, k) = dt / (mm.rho_kg_m3(i, j, k) * mm.dz_m(i, j, k) * metrics_.area_m2(i, j, 0));
      }
  std::vector<grid::View3D<double>> views;
  for (int n = 0; n < ns; ++n) views.push_back(st.field(n).view());
  for (int s = 0; s < nsub; ++s) {
    halo_.exchange(views, parallel::HaloDirection::both);
#pragma omp parallel
    {
      // One species-layer at a time into a per-thread buffer: the update reads only the old
      // values (Jacobi), so the result does not depend on the loop order.
      std::vector<double> plane(static_cast<size_t>(nx) * ny);
#pragma omp for schedule(static) collapse(2)
      for (int n = 0; n < ns; ++n)
        for (int k = 0; k < nz; ++k) {
          auto q = views[static_cast<size_t>(n)];
          for (int j = 0; j < ny; ++j)
            for (int i = 0; i < nx; ++i) {
              const double c = q(i, j, k);
              const double flux_in = cx_(i, j, k) * (q(i - 1, j, k) - c) - cx_(i + 1, j, k) * (c - q(i + 1, j, k)) +
                                     cy_(i, j, k) * (q(i, j - 1, k) - c) - cy_(i, j + 1, k) * (c - q(i, j + 1, k));
              plane[static_cast<size_t>(i + nx * j)] = c + dtm_(i, j, k) * flux_in;
            }
          for (int j = 0; j < ny; ++j)
            for (int i = 0; i < nx; ++i) q(i, j, k) = plane[static_cast<size_t>(i + nx * j)];
        }
    }
  }
}

}  // namespace lantian::transport
