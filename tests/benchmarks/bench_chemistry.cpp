// Chemistry benchmark (outside ctest): SAPRC-99 (KPP files) and the shipped CB6r3 on 10,000
// differing cells, one hour with 300 s and 600 s chemistry steps, ROS3, rtol 1e-3, atol 1
// molecule cm-3; single thread then all cores; accuracy against rtol 1e-8 on a subset; speed-up
// over the dense scalar reference measured in the same run. Numbers go to docs/chemistry.md.
// Usage: bench_chemistry [--cells N] [--block L] [--saprc PATH] [--cb6 PATH] [--ref-every K]
//                        [--no-reuse-step] [--spinup-h H] [--repeats N] [--baseline] [--avx2] [--avx512]
//                        [--mech saprc|cb6|both] [--dt S] [--no-ref] [--threads N] [--linear]
//                        [--time-varying all|sun] [--dump FILE]
// --spinup-h: hours of chemistry before the timed hour (default 1; 0: cold start);
// --repeats: timed runs per configuration, the fastest (by CPU time) reported (default 3).
// --mech saprc|cb6|both, --dt 300|600|both: a subset (for profiles and instruction counts);
// --no-ref: no accuracy run and no dense reference; --threads N: the multi-thread runs on N
// threads (default: all cores); --linear: photolysis linear within each chemistry step (rate
// constants at the step's start and their rate of change to the step's end: the non-autonomous
// kernels, the model's chemistry.photolysis_in_step = "linear"); --time-varying all|sun: which
// reactions the kernels treat as time-varying under --linear (all, or the sun-dependent ones
// as the model does; default sun); --dump FILE: the one-thread run's final concentrations
// (raw doubles, per mechanism and dt) appended to FILE, to compare results bitwise across
// builds. Instruction counts of the one-thread runs alone:
//   valgrind --tool=callgrind --instr-atstart=no bench_chemistry --mech saprc --dt 300 --no-ref
//            --threads 1 --repeats 1 --cells 400
// then instructions / (internal steps + rejected) per internal step per cell.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "solver/chemistry/rate_evaluator.hpp"
#include "solver/chemistry/rosenbrock/rosenbrock.hpp"
#include "solver/core/error.hpp"

using namespace lantian::chem;

namespace {

double now_s() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

struct Cells {
  int ncell = 0;
  std::vector<CellConditions> cond;  // conditions at the start of the hour
  std::vector<double> hour0;         // local solar hour at the start [h]
  std::vector<double> y0;            // [cell][species] solver order, molecule cm-3
  std::vector<double> h0;            // [cell] step memory at the start [s] (empty: none)
};

double coszen(double hour, double lat_deg) {
  const double phi = lat_deg * M_PI / 180, dec = 15.0 * M_PI / 180;
  return std::sin(phi) * std::sin(dec) + std::cos(phi) * std::cos(dec) * std::cos(2 * M_PI * (hour / 24 - 0.5));
}

/// Cells from clean to polluted (log-interpolated), day and night, 260-310 K, 1000-700 hPa.
Cells make_cells(const Mechanism& m, const ChemSystem& sys, int ncell,
                 const std::map<std::string, std::pair<double, double>>& ic_ppb) {
  Cells c;
  c.ncell = ncell;
  c.cond.resize(static_cast<size_t>(ncell));
  c.hour0.resize(static_cast<size_t>(ncell));
  c.y0.assign(static_cast<size_t>(ncell) * sys.n, 0.0);
  unsigned s = 12345u;
  auto rnd = [&]() {
    s = s * 1664525u + 1013904223u;
    return (s >> 8) * (1.0 / 16777216.0);
  };
  for (int q = 0; q < ncell; ++q) {
    CellConditions& cc = c.cond[static_cast<size_t>(q)];
    cc.temp_k = 260 + 50 * rnd();
    cc.press_pa = 70000 + 31325 * rnd();
    cc.qv_kg_kg = 0.001 + 0.015 * rnd() * (cc.temp_k - 255) / 55;
    c.hour0[static_cast<size_t>(q)] = 24 * rnd();
    const double p = rnd();
    const double nd = air_density(cc.temp_k, cc.press_pa, cc.qv_kg_kg).dry;
    for (const auto& [name, v] : ic_ppb) {
      const int sp = m.find_species(name);
      if (sp < 0 || m.species[static_cast<size_t>(sp)].fixed) continue;
      const double lo = std::max(v.first, 1e-6), hi = std::max(v.second, 1e-6);
      const double ppb = std::exp(std::log(lo) * (1 - p) + std::log(hi) * p);
      c.y0[static_cast<size_t>(q) * sys.n + sys.solver_of[static_cast<size_t>(sp)]] = ppb * 1e-9 * nd;
    }
  }
  return c;
}

struct Result {
  std::vector<double> y;  // [cell][species]
  std::vector<double> h;  // [cell] step memory at the end [s]
  RosStats st;
  double seconds = 0;
  double cpu_seconds = 0;  ///< process CPU time (all threads): excludes time lost to other jobs
  long cell_steps = 0;
};

/// One hour for `cells` (every `every`-th cell), chemistry step dt, with L and threads.
/// Start each chemistry step with the step the cell's last one proposed (the model's default,
/// chemistry.reuse_step); --no-reuse-step: h_start_s (30 s) every time.
bool reuse_h = true;
int repeats = 3;                 ///< timed runs per configuration; the fastest is reported (least disturbed)
bool with_ref = true;            ///< accuracy against rtol 1e-8 and the dense reference (--no-ref: skip)
double only_dt = 0.0;            ///< --dt: one chemistry step only [s] (0: 300 and 600)
int n_threads = 0;               ///< --threads: threads of the multi-thread runs (0: all cores)
std::string only_mech = "both";  ///< --mech: saprc, cb6 or both
ChemIsa isa = ChemIsa::best;     ///< --baseline / --avx2 / --avx512: that variant even where a wider one runs
bool linear_j = false;           ///< --linear: rate constants linear within the chemistry step
bool tv_all = false;             ///< --time-varying all: every reaction time-varying (else the sun's)
std::string dump_file;           ///< --dump: final concentrations of the one-thread runs
bool use_generated = true;       ///< the kernels generated for the mechanism, where there are some

Result run_sparse(const Mechanism& m, const ChemSystem& sys, const Cells& cells, double dt, RosOptions opt, int L,
                  int threads, int every) {
  std::vector<int> idx;
  for (int q = 0; q < cells.ncell; q += every) idx.push_back(q);
  const int nc = static_cast<int>(idx.size()), n = sys.n, nr = sys.nr;
  Result res;
  res.y.assign(static_cast<size_t>(nc) * n, 0.0);
  for (int q = 0; q < nc; ++q)
    for (int s = 0; s < n; ++s)
      res.y[static_cast<size_t>(q) * n + s] = cells.y0[static_cast<size_t>(idx[static_cast<size_t>(q)]) * n + s];
  const int nsteps = static_cast<int>(std::lround(3600.0 / dt));
  const int chunk = 8 * L;
  const int nblocks = (nc + chunk - 1) / chunk;
  std::vector<double> hcell(static_cast<size_t>(nc), 0.0);  // each cell's next first step
  if (!cells.h0.empty())
    for (int q = 0; q < nc; ++q)
      hcell[static_cast<size_t>(q)] = cells.h0[static_cast<size_t>(idx[static_cast<size_t>(q)])];
  std::vector<RosStats> bstats(static_cast<size_t>(nblocks));
  omp_set_num_threads(threads);
  const double t0 = now_s();
  const std::clock_t cpu0 = std::clock();
#pragma omp parallel
  {
    RosenbrockBlock blk(sys, L, isa, use_generated);
    if (linear_j && !tv_all) blk.set_time_varying(sun_dependent_reactions(m));
    RateEvaluator ev(m, sys);
    std::vector<double> k(static_cast<size_t>(nr) * chunk), kd(linear_j ? static_cast<size_t>(nr) * chunk : 0),
        k1(linear_j ? static_cast<size_t>(nr) * chunk : 0);
    std::vector<CellConditions> cond(static_cast<size_t>(chunk));
#pragma omp for schedule(static)
    for (int b = 0; b < nblocks; ++b) {
      const int c0 = b * chunk, ncb = std::min(chunk, nc - c0);
      RosStats acc;
      for (int step = 0; step < nsteps; ++step) {
        for (int c = 0; c < ncb; ++c) {
          const int q = idx[static_cast<size_t>(c0 + c)];
          CellConditions& cc = cond[static_cast<size_t>(c)];
          cc = cells.cond[static_cast<size_t>(q)];
          cc.coszen = std::max(0.0, coszen(cells.hour0[static_cast<size_t>(q)] + (step + 0.5) * dt / 3600.0, 37.5));
        }
        if (linear_j) {
          // rate constants at the step's start and (end - start) / dt, as the model's linear mode
          for (int end = 0; end < 2; ++end) {
            for (int c = 0; c < ncb; ++c) {
              const int q = idx[static_cast<size_t>(c0 + c)];
              cond[static_cast<size_t>(c)].coszen =
                  std::max(0.0, coszen(cells.hour0[static_cast<size_t>(q)] + (step + end) * dt / 3600.0, 37.5));
            }
            ev.effective_k_cells(cond.data(), ncb, end == 0 ? k.data() : k1.data());
          }
          for (size_t q = 0; q < static_cast<size_t>(ncb) * nr; ++q) kd[q] = (k1[q] - k[q]) / dt;
        } else {
          ev.effective_k_cells(cond.data(), ncb, k.data());  // rate constants once per chemistry step
        }
        const RosStats st =
            blk.integrate_cells(res.y.data() + static_cast<size_t>(c0) * n, k.data(), ncb, dt, opt, nullptr,
                                reuse_h ? hcell.data() + c0 : nullptr, linear_j ? kd.data() : nullptr);
        acc.steps += st.steps;
        acc.rejected += st.rejected;
        acc.fevals += st.fevals;
        acc.jacobians += st.jacobians;
        acc.lu += st.lu;
        acc.failed = acc.failed || st.failed;
      }
      bstats[static_cast<size_t>(b)] = acc;
    }
  }
  res.seconds = now_s() - t0;
  res.cpu_seconds = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
  for (const auto& b : bstats) {
    res.st.steps += b.steps;
    res.st.rejected += b.rejected;
    res.st.fevals += b.fevals;
    res.st.jacobians += b.jacobians;
    res.st.lu += b.lu;
    res.st.failed = res.st.failed || b.failed;
  }
  res.cell_steps = static_cast<long>(nc) * nsteps;
  res.h = std::move(hcell);
  return res;
}

Result run_dense(const Mechanism& m, const ChemSystem& sys, const Cells& cells, double dt, RosOptions opt, int ncells) {
  const int n = sys.n, nr = sys.nr;
  Result res;
  DenseRosenbrock dense(sys);
  RateEvaluator ev(m, sys);
  std::vector<double> y(static_cast<size_t>(n)), k(static_cast<size_t>(nr));
  const int nsteps = static_cast<int>(std::lround(3600.0 / dt));
  const double t0 = now_s();
  const std::clock_t cpu0 = std::clock();
  for (int q = 0; q < ncells; ++q) {
    std::copy(cells.y0.begin() + static_cast<long>(q) * n, cells.y0.begin() + static_cast<long>(q + 1) * n, y.begin());
    for (int step = 0; step < nsteps; ++step) {
      CellConditions cc = cells.cond[static_cast<size_t>(q)];
      cc.coszen = std::max(0.0, coszen(cells.hour0[static_cast<size_t>(q)] + (step + 0.5) * dt / 3600.0, 37.5));
      ev.effective_k(cc, k.data());
      const RosStats st = dense.integrate(y.data(), k.data(), dt, opt);
      res.st.steps += st.steps;
    }
  }
  res.seconds = now_s() - t0;
  res.cpu_seconds = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
  res.cell_steps = static_cast<long>(ncells) * nsteps;
  return res;
}

/// The cells after `hours` of chemistry (300 s steps, rtol 1e-4) ending at their start hour:
/// the state a model's chemistry step starts from, where the fast species are in balance with
/// the slow ones (the arbitrary initial mixture is not: its first minutes are a transient).
Cells spun_up(const Mechanism& m, const ChemSystem& sys, const Cells& cold, int hours, int L) {
  Cells warm = cold;
  RosOptions op;
  op.rtol = 1e-4;
  op.atol = 1.0;
  for (int h = hours; h > 0; --h) {
    Cells pre = warm;
    for (double& t : pre.hour0) t -= h;
    Result r = run_sparse(m, sys, pre, 300.0, op, L, omp_get_num_procs(), 1);
    warm.y0 = std::move(r.y);
    warm.h0 = std::move(r.h);
  }
  return warm;
}

/// Accuracy of `r1` (the timed run) against rtol 1e-8 on every `every`-th cell, and the scalar
/// dense reference's cost on a subset (same method and tolerances).
void reference_checks(const Mechanism& m, const ChemSystem& sys, const Cells& cells, double dt, const RosOptions& op,
                      int L, int ncores, int every, const Result& r1) {
  RosOptions ref = op;
  ref.rtol = 1e-8;
  ref.atol = 1e-3;
  // accuracy against rtol 1e-8 on every `every`-th cell
  const Result rr = run_sparse(m, sys, cells, dt, ref, L, ncores, every);
  std::vector<double> errs;
  double o3max = 0, no2max = 0, o3max_ppb = 0, o3max_above1 = 0;
  const int io3 = m.find_species("O3") >= 0 ? sys.solver_of[static_cast<size_t>(m.find_species("O3"))] : -1;
  const int ino2 = m.find_species("NO2") >= 0 ? sys.solver_of[static_cast<size_t>(m.find_species("NO2"))] : -1;
  int q = 0;
  for (int cell = 0; cell < cells.ncell; cell += every, ++q)
    for (int s = 0; s < sys.n; ++s) {
      const double a = r1.y[static_cast<size_t>(cell) * sys.n + s], b = rr.y[static_cast<size_t>(q) * sys.n + s];
      if (b < 1e6) continue;  // below ~0.04 ppt: not meaningful at atol 1
      const double e = std::fabs(a - b) / b;
      errs.push_back(e);
      if (s == io3) {
        const CellConditions& cc = cells.cond[static_cast<size_t>(cell)];
        const double ppb = b / air_density(cc.temp_k, cc.press_pa, cc.qv_kg_kg).dry * 1e9;
        if (e > o3max) o3max_ppb = ppb;
        o3max = std::max(o3max, e);
        if (ppb > 1.0) o3max_above1 = std::max(o3max_above1, e);
      }
      if (s == ino2) no2max = std::max(no2max, e);
    }
  std::sort(errs.begin(), errs.end());
  auto pct = [&](double p) { return errs.empty() ? 0.0 : errs[static_cast<size_t>(p * (errs.size() - 1))]; };
  std::printf(
      "  accuracy vs rtol 1e-8 (%d cells, values > 1e6 cm-3): median %.1e, 95th %.1e, 99th %.1e, max %.1e; "
      "O3 max %.1e (where O3 = %.3g ppb; %.1e where O3 > 1 ppb), NO2 max %.1e\n",
      q, pct(0.5), pct(0.95), pct(0.99), pct(1.0), o3max, o3max_ppb, o3max_above1, no2max);
  // scalar dense reference on a subset, same method and tolerances
  const int nd = std::max(20, cells.ncell / 100);
  const Result rd = run_dense(m, sys, cells, dt, op, nd);
  const double tsparse = r1.cpu_seconds / r1.cell_steps, tdense = rd.cpu_seconds / rd.cell_steps;
  std::printf(
      "  scalar dense reference (%d cells, CPU time): %.1f us per cell-step vs %.1f us vectorised sparse: speed-up "
      "%.1fx\n",
      nd, 1e6 * tdense, 1e6 * tsparse, tdense / tsparse);
}

void report(const char* mech_name, const Mechanism& m, const ChemSystem& sys, const Cells& cold, int L, int every,
            int spinup_h) {
  const int ncores = n_threads > 0 ? n_threads : omp_get_num_procs();
  std::printf("\n=== %s: %d variable species, %d reactions; LU %d nonzeros (%d fill-in), %ld flops; %s kernels ===\n",
              mech_name, sys.n, sys.nr, sys.nnz, sys.nnz - sys.nnz_jacobian, sys.flops_lu(),
              RosenbrockBlock(sys, L, isa).isa_name());
  if (linear_j)
    std::printf("photolysis linear in the step: %d of %d reactions time-varying\n",
                tv_all ? sys.nr : static_cast<int>(sun_dependent_reactions(m).size()), sys.nr);
  RosOptions op;
  op.method = RosMethod::ros3;
  op.rtol = 1e-3;
  op.atol = 1.0;
  const Cells cells = spinup_h > 0 ? spun_up(m, sys, cold, spinup_h, L) : cold;
  if (spinup_h > 0) std::printf("cells spun up for %d h (rtol 1e-4) before the timed hour\n", spinup_h);
  for (double dt : {300.0, 600.0}) {
    if (only_dt > 0.0 && dt != only_dt) continue;
    if (spinup_h > 0 && with_ref) {
      const Result rc = run_sparse(m, sys, cold, dt, op, L, 1, 1);
      const double per = static_cast<double>(rc.cell_steps);
      std::printf(
          "dt %4.0f s, cold start (the arbitrary initial mixture, no spin-up), 1 thread: %.0f cell-steps/s/core "
          "(CPU time); %.2f internal steps (%.2f rejected) per cell-step\n",
          dt, rc.cell_steps / rc.cpu_seconds, rc.st.steps / per, rc.st.rejected / per);
    }
    auto best_of = [&](int threads) {
      Result best = run_sparse(m, sys, cells, dt, op, L, threads, 1);
      for (int r = 1; r < repeats; ++r) {
        Result x = run_sparse(m, sys, cells, dt, op, L, threads, 1);
        if (x.cpu_seconds < best.cpu_seconds) best = std::move(x);
      }
      return best;
    };
    // Under `valgrind --tool=callgrind --instr-atstart=no` only the one-thread runs are counted
    // (instructions per internal step do not depend on the load of a shared machine).
    CALLGRIND_START_INSTRUMENTATION;
    const Result r1 = best_of(1);
    CALLGRIND_STOP_INSTRUMENTATION;
    if (!dump_file.empty()) {
      std::FILE* fd = std::fopen(dump_file.c_str(), "ab");
      if (!fd || std::fwrite(r1.y.data(), sizeof(double), r1.y.size(), fd) != r1.y.size() || std::fclose(fd) != 0) {
        std::fprintf(stderr, "bench_chemistry: cannot write %s\n", dump_file.c_str());
        std::exit(1);
      }
    }
    const Result rn = best_of(ncores);
    const double cs1 = r1.cell_steps / r1.seconds, csn = rn.cell_steps / rn.seconds / ncores;
    std::printf(
        "dt %4.0f s, L %d: %ld cell-steps; 1 thread %.3f s = %.0f cell-steps/s/core; %d threads %.3f s = %.0f "
        "cell-steps/s/core (speed-up %.2f)\n",
        dt, L, r1.cell_steps, r1.seconds, cs1, ncores, rn.seconds, csn, r1.seconds / rn.seconds);
    std::printf(
        "  CPU time (excludes time other jobs took from us): 1 thread %.3f s = %.0f cell-steps/s/core; "
        "%d threads %.3f s = %.0f cell-steps/s/core\n",
        r1.cpu_seconds, r1.cell_steps / r1.cpu_seconds, ncores, rn.cpu_seconds, rn.cell_steps / rn.cpu_seconds);
    {
      // the part of a cell-step outside the solver: rate constants (with photolysis) per cell
      RateEvaluator ev(m, sys);
      std::vector<CellConditions> cond(cells.cond);
      for (int q = 0; q < cells.ncell; ++q)
        cond[static_cast<size_t>(q)].coszen = std::max(0.0, coszen(cells.hour0[static_cast<size_t>(q)] + 0.5, 37.5));
      const int nb = 8 * L;  // cells per call, as in the timed runs
      std::vector<double> kk(static_cast<size_t>(sys.nr) * nb);
      const std::clock_t c0 = std::clock();
      double sink = 0.0;
      for (int rep = 0; rep < 3; ++rep)
        for (int q = 0; q < cells.ncell; q += nb) {
          ev.effective_k_cells(cond.data() + q, std::min(nb, cells.ncell - q), kk.data());
          sink += kk[0];
        }
      const double us = 1e6 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC / (3.0 * cells.ncell);
      const RateCost rc = ev.cost();
      std::printf(
          "  rate constants and photolysis: %.2f us per cell-step (included below)%s; per cell %d temperature "
          "exponentials, %d fall-off laws, %d photolysis channels, %d powers of SUN\n",
          us, sink < 0 ? " " : "", rc.exp_temperature, rc.falloff, rc.photolysis_channels, rc.sun_powers);
    }
    const double per = static_cast<double>(r1.cell_steps);
    std::printf(
        "  per cell-step: %.2f internal steps (%.2f rejected), %.2f f evals, %.2f Jacobians, %.2f LU; %.3f us per "
        "internal step per cell\n",
        r1.st.steps / per, r1.st.rejected / per, r1.st.fevals / per, r1.st.jacobians / per, r1.st.lu / per,
        1e6 * r1.cpu_seconds / (r1.st.steps + r1.st.rejected));
    if (const char* gen = RosenbrockBlock(sys, L, isa).generated_for()) {
      // The reference of the same run: the same integration with the kernel programs (f, J, LU,
      // solves) interpreted (block_kernel.hpp) instead of generated; the results must be the
      // same bits.
      use_generated = false;
      const Result ri = best_of(1);
      use_generated = true;
      const bool same =
          ri.y.size() == r1.y.size() && std::memcmp(ri.y.data(), r1.y.data(), r1.y.size() * sizeof(double)) == 0;
      std::printf(
          "  kernels generated for %s: %.3f us per internal step per cell; interpreted %.3f us: generated "
          "faster by %.2f x; results bitwise the same: %s\n",
          gen, 1e6 * r1.cpu_seconds / (r1.st.steps + r1.st.rejected),
          1e6 * ri.cpu_seconds / (ri.st.steps + ri.st.rejected), ri.cpu_seconds / r1.cpu_seconds, same ? "yes" : "NO");
      if (!same) std::exit(1);
    }
    if (with_ref) reference_checks(m, sys, cells, dt, op, L, ncores, every, r1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int ncell = 10000, L = 8, every = 20, spinup_h = 1;
  std::string saprc = std::string(LANTIAN_SOURCE_DIR) + "/../shared/data/mechanisms/kpp/saprc99.def";
  std::string cb6 = std::string(LANTIAN_SOURCE_DIR) + "/configs/mechanisms/cb6r3.mech";
  for (int a = 1; a < argc; ++a) {
    const std::string s = argv[a];
    if (s == "--cells" && a + 1 < argc) ncell = std::atoi(argv[++a]);
    else if (s == "--block" && a + 1 < argc) L = std::atoi(argv[++a]);
    else if (s == "--saprc" && a + 1 < argc) saprc = argv[++a];
    else if (s == "--cb6" && a + 1 < argc) cb6 = argv[++a];
    else if (s == "--ref-every" && a + 1 < argc) every = std::atoi(argv[++a]);
    else if (s == "--no-reuse-step") reuse_h = false;
    else if (s == "--baseline") isa = ChemIsa::baseline;
    else if (s == "--avx2") isa = ChemIsa::avx2;
    else if (s == "--avx512") isa = ChemIsa::avx512;
    else if (s == "--repeats" && a + 1 < argc) repeats = std::max(1, std::atoi(argv[++a]));
    else if (s == "--spinup-h" && a + 1 < argc) spinup_h = std::atoi(argv[++a]);
    else if (s == "--no-ref") with_ref = false;
    else if (s == "--dt" && a + 1 < argc) only_dt = std::atof(argv[++a]);
    else if (s == "--threads" && a + 1 < argc) n_threads = std::max(1, std::atoi(argv[++a]));
    else if (s == "--mech" && a + 1 < argc) only_mech = argv[++a];
    else if (s == "--linear") linear_j = true;
    else if (s == "--time-varying" && a + 1 < argc) tv_all = std::string(argv[++a]) == "all";
    else if (s == "--dump" && a + 1 < argc) dump_file = argv[++a];
    else {
      std::printf(
          "usage: bench_chemistry [--cells N] [--block L] [--saprc PATH] [--cb6 PATH] [--ref-every K] "
          "[--no-reuse-step] [--spinup-h H] [--repeats N] [--baseline] [--avx2] [--avx512] [--mech saprc|cb6|both] "
          "[--dt S] [--no-ref] [--threads N] [--linear] [--time-varying all|sun] [--dump FILE]\n");
      return s == "--help" ? 0 : 2;
    }
  }
  try {
    std::printf("chemistry benchmark: %d cells, 1 h, ROS3 rtol 1e-3 atol 1 molecule cm-3, %d cores%s\n", ncell,
                omp_get_num_procs(),
                linear_j ? (tv_all ? "; photolysis linear in the step, all reactions time-varying"
                                   : "; photolysis linear in the step, the sun-dependent reactions time-varying")
                         : "");
    if (only_mech != "cb6") {
      const Mechanism m = read_mechanism(saprc);
      const ChemSystem sys(m);
      // polluted: saprc99.def's initial values (ppm) x 1000; clean: 1/50 of that, O3 30-60 ppb
      std::map<std::string, std::pair<double, double>> ic = {
          {"NO", {0.05, 100}},         {"NO2", {0.5, 50}},      {"HONO", {0.01, 1}},       {"SO2", {0.5, 50}},
          {"HCHO", {0.5, 11.21}},      {"CCHO", {0.1, 2.316}},  {"RCHO", {0.05, 1.72}},    {"ACET", {1, 5.07}},
          {"MEK", {0.1, 3.26}},        {"MEOH", {1, 5.89}},     {"GLY", {0.01, 0.121}},    {"MGLY", {0.01, 0.0837}},
          {"PHEN", {0.01, 0.606}},     {"CRES", {0.01, 0.56}},  {"BALD", {0.002, 0.0751}}, {"METHACRO", {0.1, 1.3}},
          {"ISOPROD", {0.05, 0.0893}}, {"PROD2", {0.05, 1.93}}, {"ETHENE", {0.2, 18.9}},   {"ISOPRENE", {2, 0.433}},
          {"ALK1", {1, 11.67}},        {"ALK2", {0.5, 18.8}},   {"ALK3", {0.5, 46.9}},     {"ALK4", {0.5, 41.7}},
          {"ALK5", {0.5, 30.6}},       {"ARO1", {0.1, 11.8}},   {"ARO2", {0.1, 8.74}},     {"OLE1", {0.1, 10.4}},
          {"OLE2", {0.1, 7.97}},       {"TERP", {0.3, 0.82}},   {"CO", {120, 1000}},       {"O3", {45, 30}},
          {"HNO3", {0.3, 3}},          {"PAN", {0.2, 2}},       {"H2O2", {1, 2}},          {"HCOOH", {0.2, 0.677}},
          {"CCO_OH", {0.2, 1.16}},     {"RCO_OH", {0.1, 0.392}}};
      const Cells cells = make_cells(m, sys, ncell, ic);
      report("SAPRC-99 (KPP saprc99.eqn/.spc)", m, sys, cells, L, every, spinup_h);
    }
    if (only_mech != "saprc") {
      const Mechanism m = read_mechanism(cb6);
      const ChemSystem sys(m);
      std::map<std::string, std::pair<double, double>> ic = {
          {"O3", {45, 30}},    {"NO", {0.05, 100}},    {"NO2", {0.5, 50}},   {"CO", {120, 1000}}, {"FORM", {0.5, 11}},
          {"ALD2", {0.1, 4}},  {"ALDX", {0.05, 2}},    {"PAR", {5, 250}},    {"ETH", {0.2, 19}},  {"OLE", {0.1, 10}},
          {"IOLE", {0.02, 3}}, {"TOL", {0.1, 12}},     {"XYLMN", {0.05, 9}}, {"ISOP", {2, 0.4}},  {"TERP", {0.3, 0.8}},
          {"ETHA", {1, 10}},   {"PRPA", {0.3, 8}},     {"MEOH", {1, 6}},     {"ETOH", {0.5, 5}},  {"ACET", {1, 5}},
          {"KET", {0.2, 3}},   {"HNO3", {0.3, 3}},     {"PAN", {0.2, 2}},    {"SO2", {0.5, 50}},  {"H2O2", {1, 2}},
          {"HONO", {0.01, 1}}, {"BENZENE", {0.05, 3}}, {"ETHY", {0.3, 5}}};
      const Cells cells = make_cells(m, sys, ncell, ic);
      report("CB6r3 (configs/mechanisms/cb6r3.mech)", m, sys, cells, L, every, spinup_h);
    }
  } catch (const lantian::Error& e) {
    std::fprintf(stderr, "%s\n", e.full_message().c_str());
    return 1;
  }
  return 0;
}
