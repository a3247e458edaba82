// Benchmark: what this machine gives a bulk-synchronous code on P ranks, without the model.
// Run it on the ranks the model would use (mpirun -np P bench_machine [MB [CHUNK_US]]). Each
// kind of work is timed on rank 0 alone (the reference, measured in the same run) and on every
// rank at once, alternating, 3 times each (the medians count: a virtual machine's speed moves
// from one second to the next); the ratio is the share of a lone rank's speed each rank keeps:
//   compute            independent chains of multiplies and adds in registers (the cores);
//   memory             a STREAM-like triad a = b + 0.5 c over MB megabytes per rank (caches
//                      and memory bandwidth);
//   memory, lock-step  the same triad in chunks of about CHUNK_US microseconds with an
//                      MPI_Allreduce after each, as a model's processes are separated by halo
//                      exchanges: each chunk waits for the slowest rank;
//   compute, lock-step the same for the compute work.
// A parallel run of the model on P ranks cannot keep more of its 1-rank speed than the ratio
// of the kind of work it spends its time on: the ratios bound its parallel efficiency from
// this machine's side (docs/performance.md, "Scaling"). BENCH_MACHINE_DEBUG=1 (passed with
// mpirun -x) prints every repetition.
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

double now_s() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

/// n rounds of 8 independent multiply-add chains, held in registers. One copy of the code
/// (not inlined): every run times the same instructions.
[[gnu::noinline]] double compute(long n, double seed) {
  double a[8];
  for (int i = 0; i < 8; ++i) a[i] = seed + i * 1e-9;
  for (long r = 0; r < n; ++r)
    for (double& x : a) x = x * 0.9999999 + 1e-7;
  double s = 0.0;
  for (const double x : a) s += x;
  return s;
}

/// a = b + 0.5 c over [lo, hi).
[[gnu::noinline]] void triad(double* a, const double* b, const double* c, std::size_t lo, std::size_t hi) {
  for (std::size_t i = lo; i < hi; ++i) a[i] = b[i] + 0.5 * c[i];
}

struct Work {
  std::vector<double> a, b, c;
  std::size_t chunk = 0;  ///< triad values per lock-step chunk
  long compute_rounds = 0, compute_chunk = 0;
  int passes = 0;
  double sink = 0.0;

  /// The work of one run; lock-step: an allreduce after every chunk. Returns the seconds.
  double run(bool memory, bool lock_step, MPI_Comm comm) {
    const double t0 = now_s();
    if (memory) {
      for (int p = 0; p < passes; ++p)
        for (std::size_t lo = 0; lo < a.size(); lo += chunk) {
          triad(a.data(), b.data(), c.data(), lo, std::min(a.size(), lo + chunk));
          if (lock_step) {
            double x = a[lo], y = 0.0;
            MPI_Allreduce(&x, &y, 1, MPI_DOUBLE, MPI_MAX, comm);
            b[lo] += y * 1e-300;
          }
        }
      sink += a[a.size() / 2];
    } else {
      for (long r = 0; r < compute_rounds; r += compute_chunk) {
        sink += compute(compute_chunk, sink * 1e-300 + 1.0);
        if (lock_step) {
          double x = sink, y = 0.0;
          MPI_Allreduce(&x, &y, 1, MPI_DOUBLE, MPI_MAX, comm);
          sink = y;
        }
      }
    }
    return now_s() - t0;
  }
};

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, nranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &nranks);
  const double mb = argc > 1 ? std::atof(argv[1]) : 24.0;  // about the demo's state on one of 2 ranks
  const double chunk_us = argc > 2 ? std::atof(argv[2]) : 1000.0;
  Work w;
  const std::size_t n = static_cast<std::size_t>(mb * 1e6 / (3 * sizeof(double)));
  w.a.assign(n, 0.0);
  w.b.assign(n, 1.0);
  w.c.assign(n, 2.0);
  // Calibrate on rank 0 (the others idle) so that each kind runs about 1 s alone, then share
  // the sizes: every rank does the same work.
  long sizes[3] = {0, 0, 0};
  if (rank == 0) {
    w.passes = 1;
    w.chunk = n;
    const double pass_s = std::max(1e-6, w.run(true, false, MPI_COMM_SELF));
    sizes[0] = std::max(1L, static_cast<long>(1.0 / pass_s));
    sizes[1] = std::max(1L, static_cast<long>(n * chunk_us * 1e-6 / pass_s));
    w.compute_rounds = w.compute_chunk = 1 << 20;
    const double round_s = std::max(1e-9, w.run(false, false, MPI_COMM_SELF) / (1 << 20));
    sizes[2] = std::max(1L, static_cast<long>(chunk_us * 1e-6 / round_s));
    w.compute_rounds = static_cast<long>(1.0 / round_s);
  }
  MPI_Bcast(sizes, 3, MPI_LONG, 0, MPI_COMM_WORLD);
  MPI_Bcast(&w.compute_rounds, 1, MPI_LONG, 0, MPI_COMM_WORLD);
  w.passes = static_cast<int>(sizes[0]);
  w.chunk = static_cast<std::size_t>(std::min<long>(sizes[1], static_cast<long>(n)));
  w.compute_chunk = std::min(sizes[2], w.compute_rounds);

  struct Kind {
    const char* name;
    bool memory, lock_step;
  };
  const Kind kinds[] = {{"compute", false, false},
                        {"memory", true, false},
                        {"memory, lock-step", true, true},
                        {"compute, lock-step", false, true}};
  if (rank == 0)
    std::printf(
        "%d ranks; triad over %.1f MB per rank; lock-step chunks of about %.0f us\n"
        "%-20s %10s %14s %s\n",
        nranks, mb, chunk_us, "work", "alone [s]", "all ranks [s]", "share of a lone rank's speed kept");
  const auto median3 = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[1];
  };
  for (const Kind& k : kinds) {
    std::vector<double> alone, all;
    for (int rep = 0; rep < 3; ++rep) {
      double t = 0.0;
      MPI_Barrier(MPI_COMM_WORLD);
      if (rank == 0) t = w.run(k.memory, false, MPI_COMM_SELF);
      alone.push_back(t);
      MPI_Barrier(MPI_COMM_WORLD);
      const double mine = w.run(k.memory, k.lock_step, MPI_COMM_WORLD);
      double slowest = 0.0;
      MPI_Reduce(&mine, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
      all.push_back(slowest);
      if (rank == 0 && std::getenv("BENCH_MACHINE_DEBUG"))
        std::printf("  %s rep %d: %.3f %.3f\n", k.name, rep, alone.back(), slowest);
    }
    if (rank == 0)
      std::printf("%-20s %10.3f %14.3f %.2f\n", k.name, median3(alone), median3(all), median3(alone) / median3(all));
  }
  double sink = 0.0;
  MPI_Reduce(&w.sink, &sink, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  if (rank == 0 && sink == 12345.678) std::printf("\n");  // keeps the work from being optimised away
  MPI_Finalize();
  return 0;
}
