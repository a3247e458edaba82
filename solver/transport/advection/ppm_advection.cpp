#include "solver/transport/advection/ppm_advection.hpp"

#include <cmath>

#include "solver/transport/advection/ppm_kernel.hpp"

namespace lantian::transport {
namespace {

/// Scratch for one line of up to n cells, one per thread.
struct LineScratch {
  std::vector<double> q, m, f, g, m_new, q_new, slope, edge, ql, qr;
  explicit LineScratch(int n) {
    const size_t h = k_ppm_halo;
    q.resize(n + 2 * h);
    m.resize(n + 2 * h);
    f.resize(n + 1);
    g.resize(n + 1);
    m_new.resize(n);
    q_new.resize(n);
    slope.resize(n + 4);
    edge.resize(n + 3);
    ql.resize(n + 2);
    qr.resize(n + 2);
  }
  void advect(const double* qline, const double* mline, const double* fline, int n) {
    ppm_advect_line(qline, mline, fline, n, g.data(), m_new.data(), q_new.data(), slope.data(), edge.data(), ql.data(),
                    qr.data());
  }
};

double outflow_fraction(double f_lo, double f_hi, double m) noexcept {
  return (std::max(f_hi, 0.0) + std::max(-f_lo, 0.0)) / m;
}

}  // namespace

PpmAdvection::PpmAdvection(const parallel::Decomposition& d, const LocalMetrics& metrics, const BoundaryConditions& bc,
                           BoundaryBudget& budget, AdvectionOptions opt)
    : d_(d), metrics_(metrics), bc_(bc), budget_(budget), opt_(opt), halo_(d) {
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

std::vector<grid::View3D<double>> PpmAdvection::exchange_set(state::ChemState& st) {
  std::vector<grid::View3D<double>> v;
  v.reserve(static_cast<size_t>(st.nspecies()) + 1);
  for (int n = 0; n < st.nspecies(); ++n) v.push_back(st.field(n).view());
  v.push_back(m_.view());
  return v;
}

int PpmAdvection::global_substeps(double local_max_fraction) const {
  double global_max = 0.0;
  // MAX is exact, so every rank gets the same count whatever the decomposition.
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
void PpmAdvection::fill_x_boundary(state::ChemState& st) {
  const int nx = d_.nx, ny = d_.ny, nz = st.extents().nz;
  for (int n = 0; n < st.nspecies(); ++n) {
    auto q = st.field(n).view();
    for (int k = 0; k < nz; ++k)
      for (int j = 0; j < ny; ++j) {
        if (d_.at_west()) {
          const bool inflow = fx_(0, j, k) > 0.0;
          for (int l = 1; l <= k_ppm_halo; ++l) q(-l, j, k) = inflow ? bc_.west(n, j, k) : q(0, j, k);
        }
        if (d_.at_east()) {
          const bool inflow = fx_(nx, j, k) < 0.0;
          for (int l = 0; l < k_ppm_halo; ++l) q(nx + l, j, k) = inflow ? bc_.east(n, j, k) : q(nx - 1, j, k);
        }
      }
  }
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j) {
      if (d_.at_west())
        for (int l = 1; l <= k_ppm_halo; ++l) m_(-l, j, k) = m_(0, j, k);
      if (d_.at_east())
        for (int l = 0; l < k_ppm_halo; ++l) m_(nx + l, j, k) = m_(nx - 1, j, k);
    }
}

void PpmAdvection::sweep_x(state::ChemState& st, const meteo::MetFields& mid, double dt_s) {
  const int nx = d_.nx, ny = d_.ny, nz = st.extents().nz, ns = st.nspecies();
  if (!(fx_.extents() == grid::Extents{nx + 1, ny, nz, d_.halo}))
    fx_ = grid::Field3Dd(grid::Extents{nx + 1, ny, nz, d_.halo});
  double local_max = 0.0;
#pragma omp parallel for schedule(static) reduction(max : local_max)
  for (int j = 0; j < ny; ++j)
    for (int k = 0; k < nz; ++k) {
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
  for (int s = 0; s < nsub; ++s) {
    halo_.exchange(views, parallel::HaloDirection::x);
    fill_x_boundary(st);
    // Parallel over rows j: each thread owns whole columns of the boundary budget.
#pragma omp parallel
    {
      LineScratch w(nx);
#pragma omp for schedule(static)
      for (int j = 0; j < ny; ++j)
        for (int k = 0; k < nz; ++k) {
          const double* mrow = &m_(0, j, k);
          const double* frow = &fx_(0, j, k);
          for (int n = 0; n < ns; ++n) {
            double* qrow = &st.field(n)(0, j, k);
            w.advect(qrow, mrow, frow, nx);
            for (int i = 0; i < nx; ++i) qrow[i] = w.q_new[static_cast<size_t>(i)];
            if (d_.at_west()) budget_.add(n, 0, j, w.g[0]);
            if (d_.at_east()) budget_.add(n, nx - 1, j, -w.g[static_cast<size_t>(nx)]);
          }
          double* mw = &m_(0, j, k);
          for (int i = 0; i < nx; ++i) mw[i] = w.m_new[static_cast<size_t>(i)];
        }
    }
  }
}

// ---------------------------------------------------------------------------------- y ---
void PpmAdvection::fill_y_boundary(state::ChemState& st) {
  const int nx = d_.nx, ny = d_.ny, nz = st.extents().nz;
  for (int n = 0; n < st.nspecies(); ++n) {
    auto q = st.field(n).view();
    for (int k = 0; k < nz; ++k)
      for (int i = 0; i < nx; ++i) {
        if (d_.at_south()) {
          const bool inflow = fy_(i, 0, k) > 0.0;
          for (int l = 1; l <= k_ppm_halo; ++l) q(i, -l, k) = inflow ? bc_.south(n, i, k) : q(i, 0, k);
        }
        if (d_.at_north()) {
          const bool inflow = fy_(i, ny, k) < 0.0;
          for (int l = 0; l < k_ppm_halo; ++l) q(i, ny + l, k) = inflow ? bc_.north(n, i, k) : q(i, ny - 1, k);
        }
      }
  }
  for (int k = 0; k < nz; ++k)
    for (int i = 0; i < nx; ++i) {
      if (d_.at_south())
        for (int l = 1; l <= k_ppm_halo; ++l) m_(i, -l, k) = m_(i, 0, k);
      if (d_.at_north())
        for (int l = 0; l < k_ppm_halo; ++l) m_(i, ny + l, k) = m_(i, ny - 1, k);
    }
}

void PpmAdvection::sweep_y(state::ChemState& st, const meteo::MetFields& mid, double dt_s) {
  const int nx = d_.nx, ny = d_.ny, nz = st.extents().nz, ns = st.nspecies();
  if (!(fy_.extents() == grid::Extents{nx, ny + 1, nz, d_.halo}))
    fy_ = grid::Field3Dd(grid::Extents{nx, ny + 1, nz, d_.halo});
  double local_max = 0.0;
#pragma omp parallel for schedule(static) reduction(max : local_max)
  for (int i = 0; i < nx; ++i)
    for (int k = 0; k < nz; ++k) {
      for (int j = 0; j <= ny; ++j) {
        const double rho = 0.5 * (mid.rho_kg_m3(i, j - 1, k) + mid.rho_kg_m3(i, j, k));
        const double dz = 0.5 * (mid.dz_m(i, j - 1, k) + mid.dz_m(i, j, k));
        fy_(i, j, k) = rho * mid.v_face_m_s(i, j, k) * dz * metrics_.face_y_len_m(i, j, 0) * dt_s;
      }
      for (int j = 0; j < ny; ++j)
        local_max = std::max(local_max, outflow_fraction(fy_(i, j, k), fy_(i, j + 1, k), m_(i, j, k)));
    }
  const int nsub = global_substeps(local_max);
  substeps_[1] = nsub;
  if (nsub > 1) {
    const double inv = 1.0 / nsub;
    for (size_t c = 0; c < fy_.size(); ++c) fy_.data()[c] *= inv;
  }
  auto views = exchange_set(st);
  const int h = k_ppm_halo;
  for (int s = 0; s < nsub; ++s) {
    halo_.exchange(views, parallel::HaloDirection::y);
    fill_y_boundary(st);
#pragma omp parallel
    {
      LineScratch w(ny);
      std::vector<double> fline(static_cast<size_t>(ny) + 1);
#pragma omp for schedule(static)
      for (int i = 0; i < nx; ++i)
        for (int k = 0; k < nz; ++k) {
          for (int j = -h; j < ny + h; ++j) w.m[static_cast<size_t>(j + h)] = m_(i, j, k);
          for (int j = 0; j <= ny; ++j) fline[static_cast<size_t>(j)] = fy_(i, j, k);
          for (int n = 0; n < ns; ++n) {
            auto q = st.field(n).view();
            for (int j = -h; j < ny + h; ++j) w.q[static_cast<size_t>(j + h)] = q(i, j, k);
            w.advect(w.q.data() + h, w.m.data() + h, fline.data(), ny);
            for (int j = 0; j < ny; ++j) q(i, j, k) = w.q_new[static_cast<size_t>(j)];
            if (d_.at_south()) budget_.add(n, i, 0, w.g[0]);
            if (d_.at_north()) budget_.add(n, i, ny - 1, -w.g[static_cast<size_t>(ny)]);
          }
          for (int j = 0; j < ny; ++j) m_(i, j, k) = w.m_new[static_cast<size_t>(j)];
        }
    }
  }
}

// ---------------------------------------------------------------------------------- z ---
void PpmAdvection::sweep_z(state::ChemState& st, const meteo::MetFields& /*end*/) {
  const int nx = d_.nx, ny = d_.ny, nz = st.extents().nz, ns = st.nspecies();
  const int h = k_ppm_halo;
  int max_sub = 1;
#pragma omp parallel reduction(max : max_sub)
  {
    LineScratch w(nz);
    std::vector<double> wflux(static_cast<size_t>(nz) + 1), wsub(static_cast<size_t>(nz) + 1);
#pragma omp for schedule(static)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        // Vertical air-mass flux [kg] through interface k (bottom of layer k), diagnosed from
        // continuity so that every layer ends with the meteorology's air mass m_end. No flux
        // through the ground; what the column gains or loses overall crosses the model top.
        wflux[0] = 0.0;
        double frac = 0.0;
        for (int k = 0; k < nz; ++k)
          wflux[static_cast<size_t>(k) + 1] = wflux[static_cast<size_t>(k)] + (m_(i, j, k) - m_end_(i, j, k));
        for (int k = 0; k < nz; ++k)
          frac = std::max(
              frac, outflow_fraction(wflux[static_cast<size_t>(k)], wflux[static_cast<size_t>(k) + 1], m_(i, j, k)));
        // Per-column sub-steps: a column's answer does not depend on the decomposition.
        const int nsub = std::max(1, static_cast<int>(std::ceil(frac / opt_.courant_max)));
        max_sub = std::max(max_sub, nsub);
        for (int k = 0; k <= nz; ++k) wsub[static_cast<size_t>(k)] = wflux[static_cast<size_t>(k)] / nsub;
        for (int k = 0; k < nz; ++k) w.m[static_cast<size_t>(k + h)] = m_(i, j, k);
        for (int s = 0; s < nsub; ++s) {
          for (int l = 1; l <= h; ++l) {
            w.m[static_cast<size_t>(h - l)] = w.m[static_cast<size_t>(h)];
            w.m[static_cast<size_t>(nz + h - 1 + l)] = w.m[static_cast<size_t>(nz + h - 1)];
          }
          for (int n = 0; n < ns; ++n) {
            auto q = st.field(n).view();
            for (int k = 0; k < nz; ++k) w.q[static_cast<size_t>(k + h)] = q(i, j, k);
            const bool top_inflow = wsub[static_cast<size_t>(nz)] < 0.0 && bc_.top_kind == TopBoundary::profile;
            for (int l = 1; l <= h; ++l) {
              w.q[static_cast<size_t>(h - l)] = w.q[static_cast<size_t>(h)];
              w.q[static_cast<size_t>(nz + h - 1 + l)] =
                  top_inflow ? bc_.top(n, i, j) : w.q[static_cast<size_t>(nz + h - 1)];
            }
            w.advect(w.q.data() + h, w.m.data() + h, wsub.data(), nz);
            for (int k = 0; k < nz; ++k) q(i, j, k) = w.q_new[static_cast<size_t>(k)];
            budget_.add(n, i, j, -w.g[static_cast<size_t>(nz)]);
          }
          for (int k = 0; k < nz; ++k) w.m[static_cast<size_t>(k + h)] = w.m_new[static_cast<size_t>(k)];
        }
        for (int k = 0; k < nz; ++k) m_(i, j, k) = w.m[static_cast<size_t>(k + h)];
      }
  }
  substeps_[2] = max_sub;
}

}  // namespace lantian::transport
