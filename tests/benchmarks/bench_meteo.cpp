// Benchmark: time to read and prepare one hour of WRF meteorology (one record: hyperslab reads,
// de-staggering, density, heights, Kz, precipitation) per million model cells, on synthetic
// WRF files. Reference measured in the same run: a STREAM-like copy of the same number of
// bytes as the fields prepared (memory bandwidth bound), printed as a ratio.
#include <mpi.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "meteo/synthetic/synth_met.hpp"
#include "meteo/wrf/wrf_met_provider.hpp"

using namespace lantian;

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  meteo::SynthMetOptions o;
  o.nx = argc > 1 ? std::atoi(argv[1]) : 120;
  o.ny = argc > 2 ? std::atoi(argv[2]) : 100;
  o.nz = argc > 3 ? std::atoi(argv[3]) : 30;
  o.hours = 4;
  o.out_dir = (std::filesystem::temp_directory_path() / "lantian_bench_meteo").string();
  std::filesystem::remove_all(o.out_dir);
  const auto files = meteo::write_synthetic_wrf(o);
  parallel::Decomposition d;
  d.nx_global = d.nx = o.nx;
  d.ny_global = d.ny = o.ny;
  d.halo = 2;
  meteo::WrfMetProvider p(files, {}, d, o.start);
  meteo::MetFields m;
  p.fill(0.0, m);  // warm-up: opens the first file
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  int n = 0;
  for (int h = 1; h <= o.hours; ++h, ++n) p.fill(h * 3600.0, m);  // one new record each
  const double per_hour = std::chrono::duration<double>(clock::now() - t0).count() / n;
  const double cells = static_cast<double>(o.nx) * o.ny * o.nz;
  // Reference: copy as many doubles as the prepared fields hold (about 12 3-D fields).
  const size_t nbytes_fields = 12 * static_cast<size_t>(cells);
  std::vector<double> a(nbytes_fields, 1.0), b(nbytes_fields, 0.0);
  const auto r0 = clock::now();
  for (int rep = 0; rep < 10; ++rep) {
    for (size_t q = 0; q < a.size(); ++q) b[q] = a[q] + 1e-9 * rep;
  }
  const double copy_s = std::chrono::duration<double>(clock::now() - r0).count() / 10;
  std::printf(
      "bench_meteo: %d x %d x %d = %.0f cells, %.4f s per hour of met, %.3f s per million cells;"
      " reference copy of the fields %.4f s (ratio %.1f); check %g\n",
      o.nx, o.ny, o.nz, cells, per_hour, per_hour / cells * 1e6, copy_s, per_hour / copy_s,
      b[b.size() / 2] + m.temp_k(1, 1, 1));
  std::filesystem::remove_all(o.out_dir);
  MPI_Finalize();
  return 0;
}
