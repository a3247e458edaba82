// HorizontalDiffusion (solver/transport/hdiff/horizontal_diffusion.cpp) against the explicit
// flux-form update written here cell by cell, with a copy of the old layer: the same bits for
// every species and cell, in the baseline instruction set, AVX2 and AVX-512 (each where the
// processor has it), on 1 and 3 threads, and on every rank count the test runs with (the
// decomposed run gathered against a run of the whole domain on one rank). The case takes 3
// sub-steps per step (halo exchanges between them), with air density and layer thickness that
// vary from cell to cell (every face's conductance differs). Conservation: the tracer mass is
// unchanged (no flux through the lateral boundaries), and a uniform mixing ratio stays uniform.
#include <omp.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "meteo/analytic/analytic_met.hpp"
#include "solver/parallel/gather.hpp"
#include "solver/transport/hdiff/horizontal_diffusion.hpp"
#include "support/transport_case.hpp"

using namespace lantian;

namespace {

constexpr int k_nx = 23, k_ny = 14, k_nz = 4, k_ns = 3, k_halo = 3;
constexpr double k_kh_m2_s = 2000.0;  // stable sub-step 0.2 (3 km)^2 / K_h = 900 s
constexpr double k_dt_s = 2000.0;     // 3 sub-steps

/// The meteorology and state of the test on decomposition d.
struct Case {
  const parallel::Decomposition& d;
  grid::HorizontalGrid g;
  transport::LocalMetrics metrics;
  meteo::MetFields start, mid, end;
  state::ChemState st;

  /// `still`: a species not transported (SpeciesInfo::transported false); -1: none.
  Case(const parallel::Decomposition& dec, bool uniform, int still = -1) : d(dec) {
    g = test::cartesian_test_grid(k_nx, k_ny);
    metrics = transport::make_local_metrics(g, d);
    std::vector<double> zi;
    for (int k = 0; k <= k_nz; ++k) zi.push_back(k * (40.0 + 20.0 * k));
    const auto v = grid::make_vertical_grid(zi, "test");
    meteo::AnalyticMetOptions mo;
    mo.standard_atmosphere = true;
    meteo::AnalyticMetProvider met(mo, g, v, d);
    for (auto* m : {&start, &mid, &end}) {
      m->allocate(d.nx, d.ny, k_nz, d.halo);
      met.fill(0.0, *m);
    }
    // Density and thickness (the diffusion reads the step's end) that vary cell by cell, halo
    // cells included, as functions of the global index.
    for (int k = 0; k < k_nz; ++k)
      for (int j = -d.halo; j < d.ny + d.halo; ++j)
        for (int i = -d.halo; i < d.nx + d.halo; ++i) {
          const int gi = i + d.i0, gj = j + d.j0;
          end.rho_kg_m3(i, j, k) *= 0.8 + 0.4 * test::hash01(gi, gj, k, 1);
          end.dz_m(i, j, k) *= 0.9 + 0.2 * test::hash01(gi, gj, k, 2);
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
                uniform ? 3e-9 * (n + 1)
                        : 1e-9 * (test::hash01(gi, gj, k, 10 + n) < 0.1 ? 20.0 : test::hash01(gi, gj, k, 20 + n));
          }
  }
  process::MetStep step() const { return {start, mid, end}; }
  /// Tracer mass [kg x mixing ratio] of species n over this rank's cells.
  double mass(int n) const {
    double sum = 0.0;
    for (int k = 0; k < k_nz; ++k)
      for (int j = 0; j < d.ny; ++j)
        for (int i = 0; i < d.nx; ++i)
          sum += st.field(n)(i, j, k) * end.rho_kg_m3(i, j, k) * end.dz_m(i, j, k) * metrics.area_m2(i, j, 0);
    return sum;
  }
};

/// One step of the reference on one rank holding the whole domain: each sub-step computes every
/// cell of a layer from a copy of the old layer.
void reference_step(Case& c, double dt_s, int nsub) {
  const double dt = dt_s / nsub;
  const auto& m = c.end;
  auto cx = [&](int i, int j, int k) {
    if (i <= 0 || i >= k_nx) return 0.0;
    const double rho = 0.5 * (m.rho_kg_m3(i - 1, j, k) + m.rho_kg_m3(i, j, k));
    const double dz = 0.5 * (m.dz_m(i - 1, j, k) + m.dz_m(i, j, k));
    return k_kh_m2_s * rho * dz * c.metrics.face_x_len_m(i, j, 0) / c.metrics.dist_x_m(i, j, 0);
  };
  auto cy = [&](int i, int j, int k) {
    if (j <= 0 || j >= k_ny) return 0.0;
    const double rho = 0.5 * (m.rho_kg_m3(i, j - 1, k) + m.rho_kg_m3(i, j, k));
    const double dz = 0.5 * (m.dz_m(i, j - 1, k) + m.dz_m(i, j, k));
    return k_kh_m2_s * rho * dz * c.metrics.face_y_len_m(i, j, 0) / c.metrics.dist_y_m(i, j, 0);
  };
  for (int s = 0; s < nsub; ++s)
    for (int n = 0; n < k_ns; ++n) {
      auto q = c.st.field(n).view();
      for (int k = 0; k < k_nz; ++k) {
        grid::Field3Dd old(grid::Extents{k_nx, k_ny, 1, 1});
        for (int j = -1; j <= k_ny; ++j)
          for (int i = -1; i <= k_nx; ++i) old(i, j, 0) = q(i, j, k);
        for (int j = 0; j < k_ny; ++j)
          for (int i = 0; i < k_nx; ++i) {
            const double v = old(i, j, 0);
            const double flux_in = cx(i, j, k) * (old(i - 1, j, 0) - v) - cx(i + 1, j, k) * (v - old(i + 1, j, 0)) +
                                   cy(i, j, k) * (old(i, j - 1, 0) - v) - cy(i, j + 1, k) * (v - old(i, j + 1, 0));
            const double dtm = dt / (m.rho_kg_m3(i, j, k) * m.dz_m(i, j, k) * c.metrics.area_m2(i, j, 0));
            q(i, j, k) = v + dtm * flux_in;
          }
      }
    }
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

constexpr int k_steps = 2;

}  // namespace

TEST_CASE("horizontal diffusion: the reference's bits in every instruction set and on 1 and 3 threads",
          "[unit][transport]") {
  const auto d = parallel::decompose(MPI_COMM_SELF, k_nx, k_ny, k_halo);
  Case ref(d, false);
  const Case fresh(d, false);
  for (int s = 0; s < k_steps; ++s) reference_step(ref, k_dt_s, 3);
  for (const auto cap : {transport::Isa::baseline, transport::Isa::avx2, transport::Isa::avx512})
    for (const int threads : {1, 3}) {
      Case c(d, false);
      transport::HorizontalDiffusion hd(d, c.metrics, k_kh_m2_s, cap);
      INFO("instruction set " << hd.isa() << ", " << threads << " threads");
      CHECK(std::string(hd.isa()) == transport::isa_name(transport::usable_isa(cap)));
      CHECK(hd.substeps(k_dt_s) == 3);
      omp_set_num_threads(threads);
      for (int s = 0; s < k_steps; ++s) hd.advance(c.st, c.step(), k_dt_s);
      int changed = 0;
      for (int n = 0; n < k_ns; ++n)
        for (int k = 0; k < k_nz; ++k)
          for (int j = 0; j < k_ny; ++j)
            for (int i = 0; i < k_nx; ++i) {
              INFO("species " << n << ", cell (" << i << ", " << j << ", " << k << ")");
              REQUIRE(same_bits(c.st.field(n)(i, j, k), ref.st.field(n)(i, j, k)));
              changed += c.st.field(n)(i, j, k) != fresh.st.field(n)(i, j, k);
            }
      CHECK(changed > k_ns * k_nz * k_ny * k_nx / 2);  // the comparison is not of untouched fields
    }
  omp_set_num_threads(1);
}

TEST_CASE("horizontal diffusion: a species not transported is left alone, the others keep their bits",
          "[unit][transport]") {
  const auto d = parallel::decompose(MPI_COMM_SELF, k_nx, k_ny, k_halo);
  Case all(d, false), some(d, false, 1);
  const Case fresh(d, false);
  transport::HorizontalDiffusion hd(d, all.metrics, k_kh_m2_s);
  for (int s = 0; s < k_steps; ++s) {
    hd.advance(all.st, all.step(), k_dt_s);
    hd.advance(some.st, some.step(), k_dt_s);
  }
  int moved = 0;
  CHECK(test::still_species_mismatch(some.st, all.st, fresh.st, 1, moved).empty());
  CHECK(moved > k_ns * k_nz * k_ny * k_nx / 2);  // the diffusion changed the fields compared
}

TEST_CASE("horizontal diffusion: tracer mass kept, a uniform mixing ratio stays uniform", "[unit][transport]") {
  const auto d = parallel::decompose(MPI_COMM_SELF, k_nx, k_ny, k_halo);
  Case c(d, false), u(d, true);
  transport::HorizontalDiffusion hd(d, c.metrics, k_kh_m2_s);
  std::vector<double> before;
  for (int n = 0; n < k_ns; ++n) before.push_back(c.mass(n));
  Case fresh(d, false);
  hd.advance(c.st, c.step(), k_dt_s);
  hd.advance(u.st, u.step(), k_dt_s);
  for (int n = 0; n < k_ns; ++n) {
    INFO("species " << n);
    // Every face's flux leaves one cell and enters its neighbour; each update adds a rounded
    // flux to a value of order 1e-9, so the sum of ~1,300 cells drifts by ~1e-16 x their count
    // relative: 1e-12 is well above that and far below one cell's share (~1e-3).
    CHECK(c.mass(n) == Approx(before[static_cast<size_t>(n)]).epsilon(1e-12));
    double largest_change = 0.0;
    for (int k = 0; k < k_nz; ++k)
      for (int j = 0; j < k_ny; ++j)
        for (int i = 0; i < k_nx; ++i) {
          largest_change = std::max(largest_change, std::fabs(c.st.field(n)(i, j, k) - fresh.st.field(n)(i, j, k)));
          // Uniform: every difference is exactly zero, so every value keeps its bits.
          REQUIRE(same_bits(u.st.field(n)(i, j, k), 3e-9 * (n + 1)));
        }
    CHECK(largest_change > 1e-11);  // the field did diffuse (values of order 1e-9)
  }
}

TEST_CASE("horizontal diffusion: the same bits on any number of ranks", "[unit][transport][mpi]") {
  const auto whole = parallel::decompose(MPI_COMM_SELF, k_nx, k_ny, k_halo);
  const auto d = parallel::decompose(MPI_COMM_WORLD, k_nx, k_ny, k_halo);
  Case one(whole, false), many(d, false);
  transport::HorizontalDiffusion hd_one(whole, one.metrics, k_kh_m2_s);
  transport::HorizontalDiffusion hd_many(d, many.metrics, k_kh_m2_s);
  for (int s = 0; s < k_steps; ++s) {
    hd_one.advance(one.st, one.step(), k_dt_s);
    hd_many.advance(many.st, many.step(), k_dt_s);
  }
  std::vector<double> global;
  for (int n = 0; n < k_ns; ++n) {
    const grid::View3D<const double> v = many.st.field(n).view();
    parallel::gather_to_root(d, v, 0, k_nz, global);
    if (d.rank != 0) continue;
    INFO("species " << n << " on " << d.nranks << " ranks");
    for (int k = 0; k < k_nz; ++k)
      for (int j = 0; j < k_ny; ++j)
        for (int i = 0; i < k_nx; ++i)
          REQUIRE(same_bits(global[static_cast<size_t>(i + k_nx * (j + k_ny * k))], one.st.field(n)(i, j, k)));
  }
}
