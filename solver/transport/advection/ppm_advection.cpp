#include "solver/transport/advection/ppm_advection.hpp"

#include <cmath>

#include "solver/parallel/wait_clock.hpp"
#include "solver/transport/advection/ppm_lines.hpp"

namespace lantian::transport {
namespace {

double outflow_fraction(double f_lo, double f_hi, double m) noexcept {
  return (std::max(f_hi, 0.0) + std::max(-f_lo, 0.0)) / m;
}

}  // namespace

PpmAdvection::PpmAdvection(const parallel::Decomposition& d, const LocalMetrics& metrics, const BoundaryConditions& bc,
                           BoundaryBudget& budget, AdvectionOptions opt)
    : d_(d),
      metrics_(metrics),
      bc_(bc),
      budget_(budget),
      opt_(opt),
      halo_(d),
      kernels_(&ppm_line_kernels(opt.simd, opt.avx512)) {
  LANTIAN_ALWAYS_ASSERT(d.halo >= k_ppm_halo, "PPM needs a halo of 3 cells");
}

void PpmAdvection::air_mass(const meteo::MetFields& met, grid::Field3Dd& m) const {
  const auto& e = met.rho_kg_m3.extents();
  if (!(m.extents() == e)) m = grid::Field3Dd(e);
  const int h = e.halo;
#pragma omp parallel for schedule(static)
  for (int k = 0; k < e.nz; ++k)
    for (int j = -h; j < e.ny + h; ++j)
      for (int i = -h; i < e.nx + h; ++i)
        m(i, j, k) = met.rho_kg_m3(i, j, k) * met.dz_m(i, j, k) * metrics_.area_m2(i, j, 0);
}

const char* PpmAdvection::isa() const noexcept { return kernels_->isa; }

std::vector<grid::View3D<double>> PpmAdvection::exchange_set(state::ChemState& st) {
  std::vector<grid::View3D<double>> v;
  v.reserve(st.transported().size() + 1);
  for (int n : st.transported()) v.push_back(st.field(n).view());
  v.push_back(m_.view());
  return v;
}

PpmSweepFields PpmAdvection::sweep_fields(state::ChemState& st, const grid::Field3Dd& flux) {
  const auto& moved = st.transported();
  q_.resize(moved.size());
  for (size_t s = 0; s < moved.size(); ++s) {
    LANTIAN_ALWAYS_ASSERT(st.field(moved[s]).extents() == m_.extents(),
                          "advection: species and air mass on different grids");
    q_[s] = st.field(moved[s]).data();
  }
  return PpmSweepFields{m_.view(), flux.view(), m_end_.view(), q_.data(), static_cast<int>(moved.size()), moved.data()};
}

int PpmAdvection::global_substeps(double local_max_fraction) const {
  double global_max = 0.0;
  // MAX is exact, so every rank gets the same count whatever the decomposition.
  const parallel::WaitTimer waiting;
  MPI_Allreduce(&local_max_fraction, &global_max, 1, MPI_DOUBLE, MPI_MAX, d_.comm);
  if (!std::isfinite(global_max)) throw Error("advection: non-finite Courant number (check the winds and air density)");
  return std::max(1, static_cast<int>(std::ceil(global_max / opt_.courant_max)));
}

void PpmAdvection::advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) {
  air_mass(met.start, m_);
  air_mass(met.end, m_end_);
  if (opt_.horizontal) {
    if (st.step % 2 == 0) {
      sweep_x(st, met.mid, dt_s);
      sweep_y(st, met.mid, dt_s);
    } else {
      sweep_y(st, met.mid, dt_s);
      sweep_x(st, met.mid, dt_s);
    }
  }
  if (opt_.vertical) sweep_z(st, met.end);
}

// ---------------------------------------------------------------------------------- x ---
void PpmAdvection::fill_x_boundary(const PpmSweepFields& f, int j, int k) {
  const int ns = f.ns;
  const int nx = d_.nx;
  const std::ptrdiff_t off = m_.view().offset(0, j, k);
  if (d_.at_west()) {
    const bool inflow = fx_(0, j, k) > 0.0;
    for (int n = 0; n < ns; ++n) {
      double* q = q_[static_cast<size_t>(n)] + off;
      const double v = inflow ? bc_.west(f.species_of(n), j, k) : q[0];
      for (int l = 1; l <= k_ppm_halo; ++l) q[-l] = v;
    }
    double* m = m_.data() + off;
    for (int l = 1; l <= k_ppm_halo; ++l) m[-l] = m[0];
  }
  if (d_.at_east()) {
    const bool inflow = fx_(nx, j, k) < 0.0;
    for (int n = 0; n < ns; ++n) {
      double* q = q_[static_cast<size_t>(n)] + off;
      const double v = inflow ? bc_.east(f.species_of(n), j, k) : q[nx - 1];
      for (int l = 0; l < k_ppm_halo; ++l) q[nx + l] = v;
    }
    double* m = m_.data() + off;
    for (int l = 0; l < k_ppm_halo; ++l) m[nx + l] = m[nx - 1];
  }
}

void PpmAdvection::sweep_x(state::ChemState& st, const meteo::MetFields& mid, double dt_s) {
  const int nx = d_.nx, ny = d_.ny, nz = st.extents().nz, ns = static_cast<int>(st.transported().size());
  if (!(fx_.extents() == grid::Extents{nx + 1, ny, nz, d_.halo}))
    fx_ = grid::Field3Dd(grid::Extents{nx + 1, ny, nz, d_.halo});
  double local_max = 0.0;
#pragma omp parallel for schedule(static) collapse(2) reduction(max : local_max)
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j) {
      for (int i = 0; i <= nx; ++i) {
        const double rho = 0.5 * (mid.rho_kg_m3(i - 1, j, k) + mid.rho_kg_m3(i, j, k));
        const double dz = 0.5 * (mid.dz_m(i - 1, j, k) + mid.dz_m(i, j, k));
        fx_(i, j, k) = rho * mid.u_face_m_s(i, j, k) * dz * metrics_.face_x_len_m(i, j, 0) * dt_s;
      }
      for (int i = 0; i < nx; ++i)
        local_max = std::max(local_max, outflow_fraction(fx_(i, j, k), fx_(i + 1, j, k), m_(i, j, k)));
    }
  const int nsub = global_substeps(local_max);
  substeps_[0] = nsub;
  if (nsub > 1) {
    const double inv = 1.0 / nsub;
    for (size_t c = 0; c < fx_.size(); ++c) fx_.data()[c] *= inv;
  }
  auto views = exchange_set(st);
  const PpmSweepFields f = sweep_fields(st, fx_);
  for (int s = 0; s < nsub; ++s) {
    halo_.exchange(views, parallel::HaloDirection::x);
    // Layer by layer, so that the rows of a species follow each other in memory; parallel over
    // rows j, the same rows to a thread in every layer (static schedule, the same count): each
    // thread owns whole columns of the boundary budget, and adds to them in layer order. A
    // row's ghost cells at the domain's edges are filled just before the row is advected (no
    // other row reads them), while its ends are in the cache.
#pragma omp parallel
    {
      PpmLineScratch w(nx, ns);
      for (int k = 0; k < nz; ++k) {
#pragma omp for schedule(static) nowait
        for (int j = 0; j < ny; ++j) {
          fill_x_boundary(f, j, k);
          kernels_->x_line(f, j, k, w, w.g_lo.data(), w.g_hi.data());
          for (int n = 0; n < ns; ++n) {
            if (d_.at_west()) budget_.add(f.species_of(n), 0, j, w.g_lo[static_cast<size_t>(n)]);
            if (d_.at_east()) budget_.add(f.species_of(n), nx - 1, j, -w.g_hi[static_cast<size_t>(n)]);
          }
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------- y ---
void PpmAdvection::fill_y_boundary(const PpmSweepFields& f, int i_begin, int i_end, int k) {
  const int ns = f.ns;
  const int ny = d_.ny;
  const auto m = m_.view();
  if (d_.at_south()) {
    const double* fl = &fy_(0, 0, k);
    for (int n = 0; n < ns; ++n) {
      const grid::View3D<double> q(q_[static_cast<size_t>(n)], m.extents());
      for (int i = i_begin; i < i_end; ++i) {
        const double v = fl[i] > 0.0 ? bc_.south(f.species_of(n), i, k) : q(i, 0, k);
        for (int l = 1; l <= k_ppm_halo; ++l) q(i, -l, k) = v;
      }
    }
    for (int l = 1; l <= k_ppm_halo; ++l)
      for (int i = i_begin; i < i_end; ++i) m(i, -l, k) = m(i, 0, k);
  }
  if (d_.at_north()) {
    const double* fl = &fy_(0, ny, k);
    for (int n = 0; n < ns; ++n) {
      const grid::View3D<double> q(q_[static_cast<size_t>(n)], m.extents());
      for (int i = i_begin; i < i_end; ++i) {
        const double v = fl[i] < 0.0 ? bc_.north(f.species_of(n), i, k) : q(i, ny - 1, k);
        for (int l = 0; l < k_ppm_halo; ++l) q(i, ny + l, k) = v;
      }
    }
    for (int l = 0; l < k_ppm_halo; ++l)
      for (int i = i_begin; i < i_end; ++i) m(i, ny + l, k) = m(i, ny - 1, k);
  }
}

void PpmAdvection::sweep_y(state::ChemState& st, const meteo::MetFields& mid, double dt_s) {
  const int nx = d_.nx, ny = d_.ny, nz = st.extents().nz, ns = static_cast<int>(st.transported().size());
  if (!(fy_.extents() == grid::Extents{nx, ny + 1, nz, d_.halo}))
    fy_ = grid::Field3Dd(grid::Extents{nx, ny + 1, nz, d_.halo});
  double local_max = 0.0;
#pragma omp parallel for schedule(static) reduction(max : local_max)
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j <= ny; ++j) {
      for (int i = 0; i < nx; ++i) {
        const double rho = 0.5 * (mid.rho_kg_m3(i, j - 1, k) + mid.rho_kg_m3(i, j, k));
        const double dz = 0.5 * (mid.dz_m(i, j - 1, k) + mid.dz_m(i, j, k));
        fy_(i, j, k) = rho * mid.v_face_m_s(i, j, k) * dz * metrics_.face_y_len_m(i, j, 0) * dt_s;
      }
      if (j > 0)
        for (int i = 0; i < nx; ++i)
          local_max = std::max(local_max, outflow_fraction(fy_(i, j - 1, k), fy_(i, j, k), m_(i, j - 1, k)));
    }
  const int nsub = global_substeps(local_max);
  substeps_[1] = nsub;
  if (nsub > 1) {
    const double inv = 1.0 / nsub;
    for (size_t c = 0; c < fy_.size(); ++c) fy_.data()[c] *= inv;
  }
  auto views = exchange_set(st);
  const PpmSweepFields f = sweep_fields(st, fy_);
  const size_t per_species = static_cast<size_t>(nz) * static_cast<size_t>(nx);
  // Every value is written before it is read (each column's, in the pass over its block); only
  // ranks at the domain's south or north edge keep them.
  const bool keep_faces = d_.at_south() || d_.at_north();
  y_lo_.resize(per_species * static_cast<size_t>(ns));
  y_hi_.resize(per_species * static_cast<size_t>(ns));
  const int blocks = nx / k_ppm_lanes;
  for (int s = 0; s < nsub; ++s) {
    halo_.exchange(views, parallel::HaloDirection::y);
    // Parallel over (layer, block of columns); the fluxes through the domain's south and north
    // faces are kept per layer and added to the budget afterwards, in layer order. A block's
    // ghost cells at the domain's edges are filled just before it is advected (no other block
    // reads them).
#pragma omp parallel
    {
      PpmLineScratch w(ny, ns);
#pragma omp for schedule(static) collapse(2)
      for (int k = 0; k < nz; ++k)
        for (int b = 0; b <= blocks; ++b) {
          const int i0 = b * k_ppm_lanes;
          fill_y_boundary(f, i0, b < blocks ? i0 + k_ppm_lanes : nx, k);
          const auto keep = [&](int i, const double* g_lo, const double* g_hi, int stride) {
            for (int n = 0; n < ns; ++n) {
              const size_t out = static_cast<size_t>(n) * per_species + static_cast<size_t>(k) * nx + i;
              y_lo_[out] = g_lo[n * stride];
              y_hi_[out] = g_hi[n * stride];
            }
          };
          // Block b of 8 columns; the last item takes the rest in blocks of 4, 2 and 1.
          for (int wi = b < blocks ? 0 : 1, i = i0; wi < 4; ++wi) {
            const int width = k_ppm_widths[wi];
            if (i + width > nx || (b < blocks && wi > 0)) continue;
            kernels_->y[wi](f, i, k, w, w.g_lo.data(), w.g_hi.data());
            if (keep_faces)
              for (int l = 0; l < width; ++l) keep(i + l, w.g_lo.data() + l, w.g_hi.data() + l, width);
            i += width;
          }
        }
    }
    if (!keep_faces) continue;
#pragma omp parallel for schedule(static)
    for (int n = 0; n < ns; ++n)
      for (int i = 0; i < nx; ++i)
        for (int k = 0; k < nz; ++k) {
          const size_t c = static_cast<size_t>(n) * per_species + static_cast<size_t>(k) * nx + i;
          if (d_.at_south()) budget_.add(f.species_of(n), i, 0, y_lo_[c]);
          if (d_.at_north()) budget_.add(f.species_of(n), i, ny - 1, -y_hi_[c]);
        }
  }
}

// ---------------------------------------------------------------------------------- z ---
void PpmAdvection::sweep_z(state::ChemState& st, const meteo::MetFields& /*end*/) {
  const int nx = d_.nx, ny = d_.ny, nz = st.extents().nz, ns = static_cast<int>(st.transported().size());
  const PpmSweepFields f = sweep_fields(st, m_end_);
  int max_sub = 1;
  // Parallel over rows j: each thread owns whole columns (and their budget).
#pragma omp parallel reduction(max : max_sub)
  {
    PpmLineScratch w(nz, ns);
#pragma omp for schedule(static)
    for (int j = 0; j < ny; ++j) {
      for (int wi = 0, i = 0; wi < 4; ++wi) {
        const int width = k_ppm_widths[wi];
        // Blocks of 8 while they fit, then at most one each of 4, 2 and 1.
        while (i + width <= nx) {
          max_sub = std::max(max_sub, kernels_->z[wi](f, bc_, opt_.courant_max, i, j, w, budget_));
          i += width;
          if (wi > 0) break;
        }
      }
    }
  }
  substeps_[2] = max_sub;
}

}  // namespace lantian::transport
