// Transport benchmark (not a test): PPM advection (x, y, z sweeps) of 50 species on a
// 200 x 200 x 20 grid, against the machine's memory bandwidth measured in the same run with a
// STREAM-like triad. Prints cell-species updates per second per core, the time per update and
// the fraction of the triad bandwidth that advection's minimal memory traffic reaches. The
// kernels run in the widest of AVX-512 and AVX2 that the processor has; `avx2` or `baseline` as
// the sixth argument caps the instruction set there (the same results bit for bit).
//   bench_transport [nx ny nz species steps [baseline|avx2]]
#include <mpi.h>
#include <omp.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "meteo/analytic/analytic_met.hpp"
#include "solver/process/process.hpp"
#include "solver/transport/advection/ppm_advection.hpp"
#include "solver/transport/advection/ppm_kernel.hpp"
#include "support/transport_case.hpp"

using namespace lantian;

namespace {
double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
/// CPU time of the process, all threads [s]: unlike the wall time, it leaves out the time other
/// jobs hold the cores (not their use of the shared caches and memory).
double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

/// Best-of-5 triad a = b + s c over arrays of n doubles [GB/s] (24 bytes per element moved).
double triad_gb_s(size_t n) {
  std::vector<double> a(n), b(n, 1.0), c(n, 2.0);
#pragma omp parallel for schedule(static)
  for (size_t i = 0; i < n; ++i) a[i] = 0.0;  // first touch by the same threads
  double best = 1e300;
  for (int r = 0; r < 5; ++r) {
    const double t0 = now();
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; ++i) a[i] = b[i] + 3.0 * c[i];
    best = std::min(best, now() - t0);
  }
  if (a[n / 2] != 7.0) std::printf("triad check failed\n");
  return 24.0 * static_cast<double>(n) / best / 1e9;
}
}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  const int nx = argc > 1 ? std::atoi(argv[1]) : 200, ny = argc > 2 ? std::atoi(argv[2]) : 200;
  const int nz = argc > 3 ? std::atoi(argv[3]) : 20, ns = argc > 4 ? std::atoi(argv[4]) : 50;
  const int steps = argc > 5 ? std::atoi(argv[5]) : 4;
  const std::string isa_cap = argc > 6 ? argv[6] : "";
  const bool simd = isa_cap != "baseline", avx512 = isa_cap != "avx2";

  const grid::HorizontalGrid g = test::cartesian_test_grid(nx, ny);
  std::vector<double> zi;
  for (int k = 0; k <= nz; ++k) zi.push_back(k * (50.0 + 10.0 * k));
  const auto v = grid::make_vertical_grid(zi, "bench");
  const auto d = parallel::decompose(MPI_COMM_WORLD, nx, ny, transport::k_ppm_halo);
  const auto metrics = transport::make_local_metrics(g, d);
  meteo::AnalyticMetOptions mo;
  mo.flow = meteo::AnalyticFlow::divergent;  // divergent: the vertical sweep has work to do
  mo.u_m_s = 8.0;
  mo.v_m_s = 5.0;
  mo.standard_atmosphere = true;
  meteo::AnalyticMetProvider met(mo, g, v, d);
  meteo::MetFields m0;
  m0.allocate(d.nx, d.ny, nz, d.halo);
  met.fill(0.0, m0);

  state::SpeciesList sl;
  for (int n = 0; n < ns; ++n) sl.add({"S" + std::to_string(n), state::Phase::gas, 30.0, ""});
  state::ChemState st(sl, d.nx, d.ny, nz, d.halo);
  for (int n = 0; n < ns; ++n) {
    auto q = st.field(n).view();
    for (int k = 0; k < nz; ++k)
      for (int j = 0; j < d.ny; ++j)
        for (int i = 0; i < d.nx; ++i) q(i, j, k) = 1e-9 * (1.0 + std::sin(0.1 * i + 0.07 * j * (n + 1) + k));
  }
  transport::BoundaryConditions bc(ns, d.nx, d.ny, nz);
  for (int n = 0; n < ns; ++n) bc.set_profile(n, std::vector<double>(static_cast<size_t>(nz), 1e-9));
  transport::BoundaryBudget budget;
  budget.allocate(ns, d.nx, d.ny);
  transport::AdvectionOptions opt;
  opt.simd = simd;
  opt.avx512 = avx512;
  transport::PpmAdvection adv(d, metrics, bc, budget, opt);
  const process::MetStep ms{m0, m0, m0};
  const double dt = 300.0;  // Courant ~0.8 along x at 8 m/s on 3 km: one sub-step per sweep

  const size_t triad_n = 40u * 1000u * 1000u;
  const int max_threads = omp_get_max_threads();
  std::printf("LanTian transport benchmark: %d x %d x %d cells, %d species, %d steps, dt %.0f s, kernels: %s\n", nx, ny,
              nz, ns, steps, dt, adv.isa());
  std::printf("%8s %12s %16s %16s %14s %12s %10s %14s %10s\n", "threads", "triad GB/s", "updates/s", "updates/s/core",
              "ns/update/core", "adv GB/s*", "fraction", "cpu ns/update", "best step");
  for (int threads : {1, max_threads}) {
    omp_set_num_threads(threads);
    const double bw = triad_gb_s(triad_n);
    adv.advance(st, ms, dt);  // warm-up
    const double t0 = now(), c0 = cpu_now();
    double best_step = 1e300;
    for (int s = 0; s < steps; ++s) {
      const double c_step = cpu_now();
      adv.advance(st, ms, dt);
      best_step = std::min(best_step, cpu_now() - c_step);
      ++st.step;
    }
    const double t = now() - t0, cpu = cpu_now() - c0;
    const double updates = static_cast<double>(nx) * ny * nz * ns * steps / t;
    // Minimal traffic: each of the three sweeps reads and writes every value once (16 bytes).
    const double adv_bw = updates * 48.0 / 1e9;
    std::printf("%8d %12.2f %16.3e %16.3e %14.2f %12.2f %10.3f %14.2f %10.2f\n", threads, bw, updates,
                updates / threads, 1e9 * threads / updates, adv_bw, adv_bw / bw,
                1e9 * cpu / (static_cast<double>(nx) * ny * nz * ns * steps),
                1e9 * best_step / (static_cast<double>(nx) * ny * nz * ns));
    const int* sub = adv.last_substeps();
    if (threads == max_threads) std::printf("sub-steps per sweep (x, y, z): %d %d %d\n", sub[0], sub[1], sub[2]);
    if (threads == max_threads) break;
  }
  std::printf(
      "ns/update/core: time of one cell-species update (all three sweeps) on one core;\n"
      "* advection's minimal memory traffic (48 bytes per cell-species step) over its time;\n"
      "  'fraction' = that over the triad bandwidth of the same run;\n"
      "cpu ns/update: the process's CPU time (all threads) per update; best step: that of the\n"
      "  step that took the least CPU time (the least disturbed by other jobs).\n");
  MPI_Finalize();
  return 0;
}
