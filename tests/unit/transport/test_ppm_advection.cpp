// PpmAdvection (solver/transport/advection/ppm_advection.cpp) against a straightforward
// implementation of the same sweeps written here with the reference line kernel
// ppm_advect_line, one line and one species at a time: the same bits for every species, cell
// and boundary-budget column, in the baseline instruction set and in AVX2, on 1 and 3 threads,
// and on every rank count the test runs with (the decomposed run gathered against a run of the
// whole domain on one rank). The case makes every path run: x and y sub-steps, z sub-steps that
// differ between neighbouring columns, rows of 16 + 4 + 2 + 1 columns (every block width),
// inflow and outflow faces on all sides and at the top. Mass conservation: the tracer mass
// changes by what the boundary budget says crossed the boundaries.
#include <omp.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "meteo/analytic/analytic_met.hpp"
#include "solver/parallel/gather.hpp"
#include "solver/transport/advection/ppm_advection.hpp"
#include "solver/transport/advection/ppm_kernel.hpp"
#include "support/transport_case.hpp"

using namespace lantian;
using transport::k_ppm_halo;

namespace {

constexpr int k_nx = 23, k_ny = 14, k_nz = 6, k_ns = 3;

/// The meteorology, state and boundary values of the test on decomposition d.
struct Case {
  const parallel::Decomposition& d;
  grid::HorizontalGrid g;
  transport::LocalMetrics metrics;
  meteo::MetFields start, mid, end;
  state::ChemState st;
  transport::BoundaryConditions bc;
  transport::BoundaryBudget budget;

  /// `still`: a species not transported (SpeciesInfo::transported false); -1: none.
  explicit Case(const parallel::Decomposition& dec, int still = -1) : d(dec) {
    g = test::cartesian_test_grid(k_nx, k_ny);
    metrics = transport::make_local_metrics(g, d);
    std::vector<double> zi;
    for (int k = 0; k <= k_nz; ++k) zi.push_back(k * (40.0 + 20.0 * k));
    const auto v = grid::make_vertical_grid(zi, "test");
    meteo::AnalyticMetOptions mo;
    mo.flow = meteo::AnalyticFlow::divergent;
    mo.u_m_s = 9.0;
    mo.v_m_s = -7.0;
    mo.standard_atmosphere = true;
    meteo::AnalyticMetProvider met(mo, g, v, d);
    for (auto* m : {&start, &mid, &end}) {
      m->allocate(d.nx, d.ny, k_nz, d.halo);
      met.fill(0.0, *m);
    }
    // Winds that change sign across the domain (eastward in the south half, westward in the
    // north; southward in the west, northward in the east: inflow and outflow on every side),
    // with +-30 % noise from face to face, and an end-of-step density that differs column by
    // column, so the vertical flux (from continuity) needs several sub-steps in some columns.
    const int h = d.halo;
    for (int k = 0; k < k_nz; ++k)
      for (int j = -h; j < d.ny + h; ++j)
        for (int i = -h; i < d.nx + h; ++i) {
          const int gi = i + d.i0, gj = j + d.j0;
          mid.u_face_m_s(i, j, k) *= (gj < k_ny / 2 ? 1.0 : -1.0) * (0.7 + 0.6 * test::hash01(gi, gj, k, 2));
          mid.v_face_m_s(i, j, k) *= (gi < k_nx / 2 ? 1.0 : -1.0) * (0.7 + 0.6 * test::hash01(gi, gj, k, 4));
          const double r = test::hash01(gi, gj, 0, 5);
          end.rho_kg_m3(i, j, k) *= 1.0 + (r < 0.3 ? 0.6 : 0.05) * (test::hash01(gi, gj, k, 6) - 0.5);
        }
    state::SpeciesList sl;
    for (int n = 0; n < k_ns; ++n) sl.add({"S" + std::to_string(n), state::Phase::gas, 30.0, "", n != still});
    st = state::ChemState(sl, d.nx, d.ny, k_nz, d.halo);
    for (int n = 0; n < k_ns; ++n)
      for (int k = 0; k < k_nz; ++k)
        for (int j = 0; j < d.ny; ++j)
          for (int i = 0; i < d.nx; ++i) {
            const int gi = i + d.i0, gj = j + d.j0;
            st.field(n)(i, j, k) =
                n == 0 ? 1e-9 : 1e-9 * (test::hash01(gi, gj, k, 10 + n) < 0.1 ? 20.0 : test::hash01(gi, gj, k, 20 + n));
          }
    bc = transport::BoundaryConditions(k_ns, d.nx, d.ny, k_nz);
    for (int n = 0; n < k_ns; ++n) {
      std::vector<double> profile;
      for (int k = 0; k < k_nz; ++k) profile.push_back(1e-9 * (n == 0 ? 1.0 : 0.5 + 0.2 * k + n));
      bc.set_profile(n, profile);
    }
    bc.top_kind = transport::TopBoundary::profile;
    budget.allocate(k_ns, d.nx, d.ny);
  }
  process::MetStep step() const { return {start, mid, end}; }
};

// ---- The reference: the sweeps line by line with ppm_advect_line ------------------------
struct Line {
  std::vector<double> q, m, f, g, m_new, q_new, slope, edge, ql, qr;
  explicit Line(int n)
      : q(n + 2 * k_ppm_halo),
        m(n + 2 * k_ppm_halo),
        f(n + 1),
        g(n + 1),
        m_new(n),
        q_new(n),
        slope(n + 4),
        edge(n + 3),
        ql(n + 2),
        qr(n + 2) {}
  void advect(int n) {
    transport::ppm_advect_line(q.data() + k_ppm_halo, m.data() + k_ppm_halo, f.data(), n, g.data(), m_new.data(),
                               q_new.data(), slope.data(), edge.data(), ql.data(), qr.data());
  }
};

double outflow(double lo, double hi, double m) { return (std::max(hi, 0.0) + std::max(-lo, 0.0)) / m; }

/// One step of the reference on one rank holding the whole domain; returns the z sub-steps'
/// smallest and largest count over the columns.
std::pair<int, int> reference_step(Case& c, double dt) {
  const int nx = k_nx, ny = k_ny, nz = k_nz, ns = k_ns, h = k_ppm_halo;
  auto air = [&](const meteo::MetFields& met) {
    grid::Field3Dd m(met.rho_kg_m3.extents());
    const int hh = m.extents().halo;
    for (int k = 0; k < nz; ++k)
      for (int j = -hh; j < ny + hh; ++j)
        for (int i = -hh; i < nx + hh; ++i)
          m(i, j, k) = met.rho_kg_m3(i, j, k) * met.dz_m(i, j, k) * c.metrics.area_m2(i, j, 0);
    return m;
  };
  grid::Field3Dd m = air(c.start), m_end = air(c.end);
  auto sweep = [&](bool x) {
    const int n = x ? nx : ny, other = x ? ny : nx;
    std::vector<double> fl((n + 1) * static_cast<size_t>(other) * nz);
    auto F = [&](int f, int o, int k) -> double& { return fl[(static_cast<size_t>(k) * other + o) * (n + 1) + f]; };
    auto at = [&](int l, int o) { return x ? std::pair{l, o} : std::pair{o, l}; };
    double most = 0.0;
    for (int k = 0; k < nz; ++k)
      for (int o = 0; o < other; ++o) {
        for (int f = 0; f <= n; ++f) {
          const auto [i, j] = at(f, o);
          const auto [i1, j1] = at(f - 1, o);
          const double rho = 0.5 * (c.mid.rho_kg_m3(i1, j1, k) + c.mid.rho_kg_m3(i, j, k));
          const double dz = 0.5 * (c.mid.dz_m(i1, j1, k) + c.mid.dz_m(i, j, k));
          F(f, o, k) = x ? rho * c.mid.u_face_m_s(i, j, k) * dz * c.metrics.face_x_len_m(i, j, 0) * dt
                         : rho * c.mid.v_face_m_s(i, j, k) * dz * c.metrics.face_y_len_m(i, j, 0) * dt;
        }
        for (int l = 0; l < n; ++l) {
          const auto [i, j] = at(l, o);
          most = std::max(most, outflow(F(l, o, k), F(l + 1, o, k), m(i, j, k)));
        }
      }
    const int nsub = std::max(1, static_cast<int>(std::ceil(most / 0.9)));
    if (nsub > 1)
      for (auto& v : fl) v *= 1.0 / nsub;
    Line w(n);
    for (int s = 0; s < nsub; ++s)
      for (int o = 0; o < other; ++o)
        for (int k = 0; k < nz; ++k) {
          for (int f = 0; f <= n; ++f) w.f[f] = F(f, o, k);
          for (int l = -h; l < n + h; ++l) {
            const auto [i, j] = at(std::clamp(l, 0, n - 1), o);
            w.m[l + h] = m(i, j, k);
          }
          for (int sp = 0; sp < ns; ++sp) {
            auto q = c.st.field(sp).view();
            const bool in_lo = w.f[0] > 0.0, in_hi = w.f[n] < 0.0;
            for (int l = -h; l < n + h; ++l) {
              const auto [i, j] = at(std::clamp(l, 0, n - 1), o);
              double v = q(i, j, k);
              if (l < 0 && in_lo) v = x ? c.bc.west(sp, o, k) : c.bc.south(sp, o, k);
              if (l >= n && in_hi) v = x ? c.bc.east(sp, o, k) : c.bc.north(sp, o, k);
              w.q[l + h] = v;
            }
            w.advect(n);
            for (int l = 0; l < n; ++l) {
              const auto [i, j] = at(l, o);
              q(i, j, k) = w.q_new[l];
            }
            const auto [i0, j0] = at(0, o);
            const auto [i1, j1] = at(n - 1, o);
            c.budget.add(sp, i0, j0, w.g[0]);
            c.budget.add(sp, i1, j1, -w.g[n]);
          }
          for (int l = 0; l < n; ++l) {
            const auto [i, j] = at(l, o);
            m(i, j, k) = w.m_new[l];
          }
        }
  };
  if (c.st.step % 2 == 0) {
    sweep(true);
    sweep(false);
  } else {
    sweep(false);
    sweep(true);
  }
  int lo = 1 << 30, hi = 0;
  Line w(nz);
  std::vector<double> wflux(nz + 1), wsub(nz + 1);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      wflux[0] = 0.0;
      double frac = 0.0;
      for (int k = 0; k < nz; ++k) wflux[k + 1] = wflux[k] + (m(i, j, k) - m_end(i, j, k));
      for (int k = 0; k < nz; ++k) frac = std::max(frac, outflow(wflux[k], wflux[k + 1], m(i, j, k)));
      const int nsub = std::max(1, static_cast<int>(std::ceil(frac / 0.9)));
      lo = std::min(lo, nsub);
      hi = std::max(hi, nsub);
      for (int k = 0; k <= nz; ++k) wsub[k] = wflux[k] / nsub;
      for (int s = 0; s < nsub; ++s) {
        for (int k = -h; k < nz + h; ++k) w.m[k + h] = m(i, j, std::clamp(k, 0, nz - 1));
        for (int sp = 0; sp < ns; ++sp) {
          auto q = c.st.field(sp).view();
          for (int k = -h; k < nz + h; ++k) w.q[k + h] = q(i, j, std::clamp(k, 0, nz - 1));
          if (wsub[nz] < 0.0)
            for (int k = nz; k < nz + h; ++k) w.q[k + h] = c.bc.top(sp, i, j);
          std::copy(wsub.begin(), wsub.end(), w.f.begin());
          w.advect(nz);
          for (int k = 0; k < nz; ++k) q(i, j, k) = w.q_new[k];
          c.budget.add(sp, i, j, -w.g[nz]);
        }
        for (int k = 0; k < nz; ++k) m(i, j, k) = w.m_new[k];
      }
    }
  return {lo, hi};
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// Owned cells of every species and the budget of every column, equal bit for bit.
void require_same(const Case& a, const Case& b) {
  for (int n = 0; n < k_ns; ++n)
    for (int k = 0; k < k_nz; ++k)
      for (int j = 0; j < a.d.ny; ++j)
        for (int i = 0; i < a.d.nx; ++i) {
          INFO("species " << n << ", cell (" << i << ", " << j << ", " << k << ")");
          REQUIRE(same_bits(a.st.field(n)(i, j, k), b.st.field(n)(i, j, k)));
        }
  for (int n = 0; n < k_ns; ++n)
    for (size_t c = 0; c < a.budget.per_column(n).size(); ++c) {
      INFO("budget of species " << n << ", column " << c);
      REQUIRE(same_bits(a.budget.per_column(n)[c], b.budget.per_column(n)[c]));
    }
}

constexpr double k_dt = 600.0;  // with the winds above: 2-3 sub-steps in x and y
constexpr int k_steps = 3;      // x first, y first, x first

}  // namespace

TEST_CASE("PPM advection: the reference sweeps' bits in every instruction set and on 1 and 3 threads",
          "[unit][transport]") {
  const auto d = parallel::decompose(MPI_COMM_SELF, k_nx, k_ny, k_ppm_halo);
  Case ref(d);
  int z_lo = 1 << 30, z_hi = 0;
  for (int s = 0; s < k_steps; ++s) {
    const auto [lo, hi] = reference_step(ref, k_dt);
    z_lo = std::min(z_lo, lo);
    z_hi = std::max(z_hi, hi);
    ++ref.st.step;
  }
  // The case makes the columns disagree on their vertical sub-steps (the lanes' mixed path).
  CHECK(z_lo < z_hi);
  // Baseline, AVX2 (AVX-512 not allowed), the widest: each where the processor has it.
  for (const auto& [simd, avx512] : {std::pair{false, false}, std::pair{true, false}, std::pair{true, true}})
    for (const int threads : {1, 3}) {
      Case c(d);
      transport::AdvectionOptions opt;
      opt.simd = simd;
      opt.avx512 = avx512;
      transport::PpmAdvection adv(d, c.metrics, c.bc, c.budget, opt);
      INFO("instruction set " << adv.isa() << ", " << threads << " threads");
#if defined(__GNUC__) && defined(__x86_64__)
      const bool has_avx512 =
          __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
      if (simd && __builtin_cpu_supports("avx2") && !(avx512 && has_avx512)) CHECK(std::string(adv.isa()) == "avx2");
      if (simd && avx512 && has_avx512) CHECK(std::string(adv.isa()) == "avx512");
#endif
      omp_set_num_threads(threads);
      for (int s = 0; s < k_steps; ++s) {
        adv.advance(c.st, c.step(), k_dt);
        ++c.st.step;
      }
      CHECK(adv.last_substeps()[0] > 1);
      CHECK(adv.last_substeps()[1] > 1);
      CHECK(adv.last_substeps()[2] == z_hi);
      require_same(c, ref);
    }
  omp_set_num_threads(1);
}

TEST_CASE("PPM advection: a species not transported is left alone, the others keep their bits", "[unit][transport]") {
  // The middle species stays put: the others' boundary values and budget columns must still be
  // their own (each species has its own inflow profile), as in a run that moves all three.
  const auto d = parallel::decompose(MPI_COMM_SELF, k_nx, k_ny, k_ppm_halo);
  Case all(d), some(d, 1);
  const Case fresh(d);
  transport::PpmAdvection adv_all(d, all.metrics, all.bc, all.budget, transport::AdvectionOptions{});
  transport::PpmAdvection adv_some(d, some.metrics, some.bc, some.budget, transport::AdvectionOptions{});
  REQUIRE(some.st.transported() == std::vector<int>{0, 2});
  for (int s = 0; s < k_steps; ++s) {
    adv_all.advance(all.st, all.step(), k_dt);
    adv_some.advance(some.st, some.step(), k_dt);
    ++all.st.step;
    ++some.st.step;
  }
  int moved = 0;
  CHECK(test::still_species_mismatch(some.st, all.st, fresh.st, 1, moved).empty());
  for (int n = 0; n < k_ns; ++n) {
    for (size_t c = 0; c < some.budget.per_column(n).size(); ++c) {
      INFO("budget of species " << n << ", column " << c);
      REQUIRE(same_bits(some.budget.per_column(n)[c], n == 1 ? 0.0 : all.budget.per_column(n)[c]));
    }
  }
  CHECK(moved > k_ns * k_nz * k_ny * k_nx / 2);  // advection changed the fields compared
}

TEST_CASE("PPM advection: tracer mass changes by the boundary budget", "[unit][transport]") {
  const auto d = parallel::decompose(MPI_COMM_SELF, k_nx, k_ny, k_ppm_halo);
  Case c(d);
  transport::PpmAdvection adv(d, c.metrics, c.bc, c.budget, transport::AdvectionOptions{});
  // Tracer mass [kg x mixing ratio]: the mixing ratio times the meteorology's air mass, which
  // the column has at the end of every step (the vertical flux is diagnosed so).
  auto mass = [&](int n, const meteo::MetFields& met) {
    double sum = 0.0;
    for (int k = 0; k < k_nz; ++k)
      for (int j = 0; j < k_ny; ++j)
        for (int i = 0; i < k_nx; ++i)
          sum += c.st.field(n)(i, j, k) * met.rho_kg_m3(i, j, k) * met.dz_m(i, j, k) * c.metrics.area_m2(i, j, 0);
    return sum;
  };
  std::vector<double> before;
  for (int n = 0; n < k_ns; ++n) before.push_back(mass(n, c.start));
  adv.advance(c.st, c.step(), k_dt);
  for (int n = 0; n < k_ns; ++n) {
    double in = 0.0;
    for (const double v : c.budget.per_column(n)) in += v;
    INFO("species " << n);
    // Sums of ~2,000 products of order 1e-9 x 1e9 kg: the change (inflow minus outflow, a few
    // per cent of the mass) matches to 1e-10 of the mass, well above round-off (~1e-13) and far
    // below any real leak (one cell's mass is ~1e-3 of the total).
    CHECK(mass(n, c.end) == Approx(before[static_cast<size_t>(n)] + in).epsilon(1e-10));
    CHECK(std::fabs(in) > 1e-3 * before[static_cast<size_t>(n)]);  // something did cross
  }
}

TEST_CASE("PPM advection: the same bits on any number of ranks", "[unit][transport][mpi]") {
  const auto whole = parallel::decompose(MPI_COMM_SELF, k_nx, k_ny, k_ppm_halo);
  const auto d = parallel::decompose(MPI_COMM_WORLD, k_nx, k_ny, k_ppm_halo);
  Case one(whole), many(d);
  transport::PpmAdvection adv_one(whole, one.metrics, one.bc, one.budget, transport::AdvectionOptions{});
  transport::PpmAdvection adv_many(d, many.metrics, many.bc, many.budget, transport::AdvectionOptions{});
  for (int s = 0; s < k_steps; ++s) {
    adv_one.advance(one.st, one.step(), k_dt);
    adv_many.advance(many.st, many.step(), k_dt);
    ++one.st.step;
    ++many.st.step;
  }
  std::vector<double> global;
  for (int n = 0; n <= k_ns; ++n) {
    // Species n, then (n == k_ns) the budget columns of every species as one 2-D field each.
    for (int b = 0; b < (n < k_ns ? 1 : k_ns); ++b) {
      grid::Field3Dd budget_field(grid::Extents{d.nx, d.ny, 1, 0});
      if (n == k_ns) std::copy(many.budget.per_column(b).begin(), many.budget.per_column(b).end(), budget_field.data());
      const grid::View3D<const double> v = n < k_ns ? many.st.field(n).view() : budget_field.view();
      parallel::gather_to_root(d, v, 0, n < k_ns ? k_nz : 1, global);
      if (d.rank != 0) continue;
      INFO((n < k_ns ? "species " : "budget of species ") << (n < k_ns ? n : b) << " on " << d.nranks << " ranks");
      for (int k = 0; k < (n < k_ns ? k_nz : 1); ++k)
        for (int j = 0; j < k_ny; ++j)
          for (int i = 0; i < k_nx; ++i) {
            const double expected =
                n < k_ns ? one.st.field(n)(i, j, k) : one.budget.per_column(b)[static_cast<size_t>(i + k_nx * j)];
            REQUIRE(same_bits(global[static_cast<size_t>(i + k_nx * (j + k_ny * k))], expected));
          }
    }
  }
}
