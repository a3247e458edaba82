#include "solver/transport/hdiff/horizontal_diffusion.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "solver/transport/hdiff/hdiff_kernel.hpp"

namespace lantian::transport {
namespace {

using LayerFn = void (*)(double*, std::ptrdiff_t, const double*, const double*, const double*, int, int, double*,
                         std::ptrdiff_t);

// hdiff_update_layer in each instruction set. AVX-512F brings fused multiply-add, which GCC
// would contract a * b + c into: this file is compiled with -ffp-contract=off (CMakeLists.txt),
// so every operation rounds as in the baseline.
void layer_base(double* q, std::ptrdiff_t sj, const double* cx, const double* cy, const double* dtm, int nx, int ny,
                double* rows, std::ptrdiff_t next) {
  hdiff_update_layer(q, sj, cx, cy, dtm, nx, ny, rows, next);
}
#ifdef LANTIAN_TRANSPORT_HAVE_AVX
[[gnu::target("avx2")]] void layer_avx2(double* q, std::ptrdiff_t sj, const double* cx, const double* cy,
                                        const double* dtm, int nx, int ny, double* rows, std::ptrdiff_t next) {
  hdiff_update_layer(q, sj, cx, cy, dtm, nx, ny, rows, next);
}
[[gnu::target("avx512f,avx512dq,avx512vl,prefer-vector-width=512")]] void layer_avx512(
    double* q, std::ptrdiff_t sj, const double* cx, const double* cy, const double* dtm, int nx, int ny, double* rows,
    std::ptrdiff_t next) {
  hdiff_update_layer(q, sj, cx, cy, dtm, nx, ny, rows, next);
}
#endif

LayerFn layer_fn(Isa isa) noexcept {
#ifdef LANTIAN_TRANSPORT_HAVE_AVX
  if (isa == Isa::avx512) return layer_avx512;
  if (isa == Isa::avx2) return layer_avx2;
#endif
  (void)isa;
  return layer_base;
}

}  // namespace

HorizontalDiffusion::HorizontalDiffusion(const parallel::Decomposition& d, const LocalMetrics& metrics, double kh_m2_s,
                                         Isa isa_cap)
    : d_(d), metrics_(metrics), kh_m2_s_(kh_m2_s), isa_(usable_isa(isa_cap)), halo_(d) {
  if (kh_m2_s_ <= 0.0) return;
  // Stability: the smallest centre distance anywhere, once per run (the metrics do not change;
  // MIN is exact: the same value on any decomposition).
  double local_min = 1e300;
  for (int j = 0; j < d_.ny; ++j)
    for (int i = 0; i < d_.nx; ++i)
      local_min = std::min({local_min, metrics_.dist_x_m(i, j, 0), metrics_.dist_y_m(i, j, 0)});
  double dmin = 0.0;
  MPI_Allreduce(&local_min, &dmin, 1, MPI_DOUBLE, MPI_MIN, d_.comm);
  dt_max_s_ = 0.2 * dmin * dmin / kh_m2_s_;
}

int HorizontalDiffusion::substeps(double dt_s) const noexcept {
  return std::max(1, static_cast<int>(std::ceil(dt_s / dt_max_s_)));
}

void HorizontalDiffusion::conductances(const meteo::MetFields& mm, double dt_s) {
  // Face conductances [kg s-1] (K rho dz length / distance), zero on the domain's edges, and
  // dt / air mass per cell: once per step, shared by every species.
  const int nx = d_.nx, ny = d_.ny, nz = mm.rho_kg_m3.extents().nz;
  const grid::Extents ex{nx + 1, ny, nz, 0}, ey{nx, ny + 1, nz, 0}, ec{nx, ny, nz, 0};
  if (!(cx_.extents() == ex)) cx_ = grid::Field3Dd(ex);
  if (!(cy_.extents() == ey)) cy_ = grid::Field3Dd(ey);
  if (!(dtm_.extents() == ec)) dtm_ = grid::Field3Dd(ec);
  // x faces i with 0 < i0 + i < nx_global carry a flux; those on the domain's edges none.
  const int ilo = std::max(0, 1 - d_.i0), ihi = std::min(nx, d_.nx_global - 1 - d_.i0);
  const auto rho = mm.rho_kg_m3.view();
  const auto dz = mm.dz_m.view();
#pragma omp parallel for schedule(static)
  for (int k = 0; k < nz; ++k) {
    for (int j = 0; j < ny; ++j) {
      double* c = cx_.view().row(j, k);
      for (int i = 0; i < ilo; ++i) c[i] = 0.0;
      hdiff_x_conductance_row(kh_m2_s_, rho.row(j, k), dz.row(j, k), metrics_.face_x_len_m.view().row(j, 0),
                              metrics_.dist_x_m.view().row(j, 0), c, ilo, ihi);
      for (int i = std::max(ilo, ihi + 1); i <= nx; ++i) c[i] = 0.0;
    }
    for (int j = 0; j <= ny; ++j) {
      double* c = cy_.view().row(j, k);
      const int gj = d_.j0 + j;
      if (gj > 0 && gj < d_.ny_global)
        hdiff_y_conductance_row(kh_m2_s_, rho.row(j - 1, k), rho.row(j, k), dz.row(j - 1, k), dz.row(j, k),
                                metrics_.face_y_len_m.view().row(j, 0), metrics_.dist_y_m.view().row(j, 0), c, nx);
      else std::fill(c, c + nx, 0.0);
    }
    for (int j = 0; j < ny; ++j)
      hdiff_dt_over_mass_row(dt_s, rho.row(j, k), dz.row(j, k), metrics_.area_m2.view().row(j, 0),
                             dtm_.view().row(j, k), nx);
  }
}

void HorizontalDiffusion::advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) {
  if (kh_m2_s_ <= 0.0) return;
  const auto& e = st.extents();
  const int nx = e.nx, ny = e.ny, nz = e.nz, ns = static_cast<int>(st.transported().size());
  const int nsub = substeps(dt_s);
  conductances(met.end, dt_s / nsub);
  std::vector<grid::View3D<double>> views;
  views.reserve(static_cast<size_t>(ns));
  for (int n : st.transported()) views.push_back(st.field(n).view());
  const LayerFn layer = layer_fn(isa_);
  const double *cx = cx_.data(), *cy = cy_.data(), *dtm = dtm_.data();
  const size_t layer_x = static_cast<size_t>(nx + 1) * ny, layer_y = static_cast<size_t>(nx) * (ny + 1),
               layer_c = static_cast<size_t>(nx) * ny;
  for (int s = 0; s < nsub; ++s) {
    // The stencil reads one cell across each face: one layer of halo (of the 3 the fields have).
    halo_.exchange(views, parallel::HaloDirection::both, 1);
#pragma omp parallel
    {
      // The update reads only the old values (Jacobi), so the result does not depend on the
      // order of the layers; a thread's layers share their k, so their conductances stay in
      // the cache from one species to the next.
      std::vector<double> rows(2 * static_cast<size_t>(nx));
#pragma omp for schedule(static) collapse(2)
      for (int k = 0; k < nz; ++k)
        for (int n = 0; n < ns; ++n) {
          const auto& q = views[static_cast<size_t>(n)];
          // The same layer of the next species is fetched into the cache as this one computes.
          const std::ptrdiff_t next = n + 1 < ns
                                          ? reinterpret_cast<const char*>(views[static_cast<size_t>(n) + 1].data()) -
                                                reinterpret_cast<const char*>(q.data())
                                          : 0;
          layer(q.row(0, k), q.stride_j(), cx + k * layer_x, cy + k * layer_y, dtm + k * layer_c, nx, ny, rows.data(),
                next);
        }
    }
  }
}

}  // namespace lantian::transport
