#include "solver/transport/hdiff/horizontal_diffusion.hpp"

#include <cmath>

namespace lantian::transport {

void HorizontalDiffusion::advance_impl(state::ChemState& st, const timeloop::MetStep& met, double dt_s) {
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
  if (!(tmp_.extents() == e)) tmp_ = grid::Field3Dd(e);
  std::vector<grid::View3D<double>> views;
  for (int n = 0; n < ns; ++n) views.push_back(st.field(n).view());
  for (int s = 0; s < nsub; ++s) {
    halo_.exchange(views, parallel::HaloDirection::both);
    for (int n = 0; n < ns; ++n) {
      auto q = st.field(n).view();
      auto out = tmp_.view();
#pragma omp parallel for schedule(static)
      for (int k = 0; k < nz; ++k)
        for (int j = 0; j < ny; ++j)
          for (int i = 0; i < nx; ++i) {
            // Diffusive flux [kg s-1 x mixing ratio] through each face; zero at domain edges.
            auto fx = [&](int ii) {
              const int gi = d_.i0 + ii;
              if (gi <= 0 || gi >= d_.nx_global) return 0.0;
              const double rho = 0.5 * (mm.rho_kg_m3(ii - 1, j, k) + mm.rho_kg_m3(ii, j, k));
              const double dz = 0.5 * (mm.dz_m(ii - 1, j, k) + mm.dz_m(ii, j, k));
              return kh_m2_s_ * rho * dz * metrics_.face_x_len_m(ii, j, 0) * (q(ii - 1, j, k) - q(ii, j, k)) /
                     metrics_.dist_x_m(ii, j, 0);
            };
            auto fy = [&](int jj) {
              const int gj = d_.j0 + jj;
              if (gj <= 0 || gj >= d_.ny_global) return 0.0;
              const double rho = 0.5 * (mm.rho_kg_m3(i, jj - 1, k) + mm.rho_kg_m3(i, jj, k));
              const double dz = 0.5 * (mm.dz_m(i, jj - 1, k) + mm.dz_m(i, jj, k));
              return kh_m2_s_ * rho * dz * metrics_.face_y_len_m(i, jj, 0) * (q(i, jj - 1, k) - q(i, jj, k)) /
                     metrics_.dist_y_m(i, jj, 0);
            };
            const double m = mm.rho_kg_m3(i, j, k) * mm.dz_m(i, j, k) * metrics_.area_m2(i, j, 0);
            out(i, j, k) = q(i, j, k) + dt * ((fx(i) - fx(i + 1)) + (fy(j) - fy(j + 1))) / m;
          }
#pragma omp parallel for schedule(static)
      for (int k = 0; k < nz; ++k)
        for (int j = 0; j < ny; ++j)
          for (int i = 0; i < nx; ++i) q(i, j, k) = out(i, j, k);
    }
  }
}

}  // namespace lantian::transport
