// VerticalDiffusion (solver/transport/vdiff/vertical_diffusion.cpp) against the backward-Euler
// system of its header built here column by column and solved with solve_tridiagonal: the same
// bits for every species and cell, in the baseline instruction set, AVX2 and AVX-512 (each
// where the processor has it), on 1 and 3 threads, and on every rank count the test runs with.
// Air density, layer thickness and K vary from cell to cell; rows of 23 columns take every
// vector loop's remainder path. Conservation: each column's tracer mass is kept.
#include <omp.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "meteo/analytic/analytic_met.hpp"
#include "solver/parallel/gather.hpp"
#include "solver/transport/metrics.hpp"
#include "solver/transport/vdiff/tridiagonal_kernel.hpp"
#include "solver/transport/vdiff/vertical_diffusion.hpp"
#include "support/transport_case.hpp"

using namespace lantian;

namespace {

constexpr int k_nx = 23, k_ny = 14, k_nz = 9, k_ns = 3, k_halo = 3;
constexpr double k_dt_s = 900.0;

/// The meteorology and state of the test on decomposition d.
struct Case {
  const parallel::Decomposition& d;
  meteo::MetFields start, mid, end;
  state::ChemState st;

  /// `still`: a species not transported (SpeciesInfo::transported false); -1: none.
  explicit Case(const parallel::Decomposition& dec, int still = -1) : d(dec) {
    const grid::HorizontalGrid g = test::cartesian_test_grid(k_nx, k_ny);
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
    // The air mass after advection (end) and K at the step's middle (mid), varying cell by cell;
    // K from 0.1 to 100 m2 s-1 (weak and strong mixing side by side).
    for (int k = 0; k < k_nz; ++k)
      for (int j = 0; j < d.ny; ++j)
        for (int i = 0; i < d.nx; ++i) {
          const int gi = i + d.i0, gj = j + d.j0;
          end.rho_kg_m3(i, j, k) *= 0.8 + 0.4 * test::hash01(gi, gj, k, 1);
          end.dz_m(i, j, k) *= 0.9 + 0.2 * test::hash01(gi, gj, k, 2);
          mid.kz_m2_s(i, j, k) = 0.1 * std::pow(1000.0, test::hash01(gi, gj, k, 3));
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
                1e-9 * (test::hash01(gi, gj, k, 10 + n) < 0.1 ? 20.0 : test::hash01(gi, gj, k, 20 + n));
          }
  }
  process::MetStep step() const { return {start, mid, end}; }
  /// Tracer mass of column (i, j) of species n per m2 [kg m-2 x mixing ratio].
  double column_mass(int n, int i, int j) const {
    double sum = 0.0;
    for (int k = 0; k < k_nz; ++k) sum += st.field(n)(i, j, k) * end.rho_kg_m3(i, j, k) * end.dz_m(i, j, k);
    return sum;
  }
};

/// One step of the reference: each column's system (M, D as vertical_diffusion.hpp says) solved
/// with solve_tridiagonal, one species at a time.
void reference_step(Case& c, double dt_s) {
  std::vector<double> a(k_nz), b(k_nz), cc(k_nz), r(k_nz), x(k_nz), cp(k_nz), m(k_nz), dflux(k_nz + 1);
  for (int j = 0; j < c.d.ny; ++j)
    for (int i = 0; i < c.d.nx; ++i) {
      for (int k = 0; k < k_nz; ++k) m[k] = c.end.rho_kg_m3(i, j, k) * c.end.dz_m(i, j, k);
      dflux[0] = dflux[k_nz] = 0.0;
      for (int k = 1; k < k_nz; ++k) {
        const double rho = 0.5 * (c.end.rho_kg_m3(i, j, k - 1) + c.end.rho_kg_m3(i, j, k));
        const double dz = 0.5 * (c.end.dz_m(i, j, k - 1) + c.end.dz_m(i, j, k));
        dflux[k] = rho * c.mid.kz_m2_s(i, j, k) / dz;
      }
      for (int k = 0; k < k_nz; ++k) {
        a[k] = -dt_s * dflux[k];
        cc[k] = -dt_s * dflux[k + 1];
        b[k] = m[k] + dt_s * (dflux[k] + dflux[k + 1]);
      }
      for (int n = 0; n < k_ns; ++n) {
        for (int k = 0; k < k_nz; ++k) r[k] = m[k] * c.st.field(n)(i, j, k);
        transport::solve_tridiagonal(a.data(), b.data(), cc.data(), r.data(), x.data(), cp.data(), k_nz);
        for (int k = 0; k < k_nz; ++k) c.st.field(n)(i, j, k) = x[k];
      }
    }
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("vertical diffusion: the reference's bits in every instruction set and on 1 and 3 threads",
          "[unit][transport]") {
  const auto d = parallel::decompose(MPI_COMM_SELF, k_nx, k_ny, k_halo);
  Case ref(d);
  const Case fresh(d);
  reference_step(ref, k_dt_s);
  for (const auto cap : {transport::Isa::baseline, transport::Isa::avx2, transport::Isa::avx512})
    for (const int threads : {1, 3}) {
      Case c(d);
      transport::VerticalDiffusion vd(d, cap);
      INFO("instruction set " << vd.isa() << ", " << threads << " threads");
      CHECK(std::string(vd.isa()) == transport::isa_name(transport::usable_isa(cap)));
      omp_set_num_threads(threads);
      vd.advance(c.st, c.step(), k_dt_s);
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

TEST_CASE("vertical diffusion: a species not transported is left alone, the others keep their bits",
          "[unit][transport]") {
  const auto d = parallel::decompose(MPI_COMM_SELF, k_nx, k_ny, k_halo);
  Case all(d), some(d, 1);
  const Case fresh(d);
  transport::VerticalDiffusion vd(d);
  vd.advance(all.st, all.step(), k_dt_s);
  vd.advance(some.st, some.step(), k_dt_s);
  int moved = 0;
  CHECK(test::still_species_mismatch(some.st, all.st, fresh.st, 1, moved).empty());
  CHECK(moved > k_ns * k_nz * k_ny * k_nx / 2);  // the diffusion changed the fields compared
}

TEST_CASE("vertical diffusion: each column's tracer mass is kept", "[unit][transport]") {
  const auto d = parallel::decompose(MPI_COMM_SELF, k_nx, k_ny, k_halo);
  Case c(d);
  const Case fresh(d);
  transport::VerticalDiffusion vd(d);
  vd.advance(c.st, c.step(), k_dt_s);
  for (int n = 0; n < k_ns; ++n)
    for (int j = 0; j < k_ny; ++j)
      for (int i = 0; i < k_nx; ++i) {
        INFO("species " << n << ", column (" << i << ", " << j << ")");
        // The flux between two layers leaves one and enters the other; the solve's round-off on
        // 9 layers is a few 1e-16 of the column's mass: 1e-13 is far above it and far below a
        // leak of one layer's share (~0.1).
        CHECK(c.column_mass(n, i, j) == Approx(fresh.column_mass(n, i, j)).epsilon(1e-13));
      }
}

TEST_CASE("vertical diffusion: the same bits on any number of ranks", "[unit][transport][mpi]") {
  const auto whole = parallel::decompose(MPI_COMM_SELF, k_nx, k_ny, k_halo);
  const auto d = parallel::decompose(MPI_COMM_WORLD, k_nx, k_ny, k_halo);
  Case one(whole), many(d);
  transport::VerticalDiffusion vd_one(whole), vd_many(d);
  vd_one.advance(one.st, one.step(), k_dt_s);
  vd_many.advance(many.st, many.step(), k_dt_s);
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
