// Write time of an hourly output record by the two I/O paths (docs/parallel-io.md), in one
// run on the ranks it is started with: the serial path (netCDF-4 by rank 0 after a gather,
// the reference) and the parallel path (CDF-5 through PnetCDF, every rank its own hyperslab).
// Prints, per path, the time of the first record (file creation, definitions, coordinates),
// the mean time of the following records [s] and their volume [MB], and the ratio
// parallel/serial of the mean record time. tests/benchmarks/bench_io.sh runs it on 1, 2 and 4
// ranks.
//   bench_io [NX NY NZ NSPECIES RECORDS DIR]   (default 200 200 20 10 4 .)
#include <mpi.h>

#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <string>

#include "solver/core/version.hpp"
#include "solver/output/nc_sink.hpp"
#include "solver/output/netcdf_writer.hpp"

using namespace lantian;

namespace {

struct Timing {
  double first_s = 0.0, mean_s = 0.0;
};

/// The slowest rank's time of `f` (every rank waits for the others first).
template <class F>
double timed(MPI_Comm comm, F&& f) {
  MPI_Barrier(comm);
  const double t0 = MPI_Wtime();
  f();
  double dt = MPI_Wtime() - t0, worst = 0.0;
  MPI_Allreduce(&dt, &worst, 1, MPI_DOUBLE, MPI_MAX, comm);
  return worst;
}

Timing run(output::IoOptions::Request request, const parallel::Decomposition& d, const grid::HorizontalGrid& g,
           const grid::VerticalGrid& v, const state::SpeciesList& species, const state::ChemState& st0,
           const meteo::MetFields& met, int records, const std::string& path) {
  output::OutputOptions opt;
  opt.path = path;
  opt.three_d = true;
  opt.case_name = "bench_io";
  opt.start_time_iso = "2026-07-01 00:00:00";
  opt.io.request = request;
  state::ChemState st = st0;
  Timing t;
  {
    output::NetcdfWriter w(d, g, v, species, opt);
    for (int r = 0; r < records; ++r) {
      st.time_s = 3600.0 * (r + 1);
      const double s = timed(d.comm, [&] { w.write(st, met); });
      if (r == 0) t.first_s = s;
      else t.mean_s += s / (records - 1);
    }
    w.finish();
  }
  if (d.rank == 0) std::filesystem::remove(path);
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  output::prefer_romio_before_mpi_init();
  MPI_Init(&argc, &argv);
  int rank = 0, nranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &nranks);
  auto arg = [&](int i, int def) { return argc > i ? std::atoi(argv[i]) : def; };
  const int nx = arg(1, 200), ny = arg(2, 200), nz = arg(3, 20), ns = arg(4, 10), records = std::max(2, arg(5, 4));
  const std::string dir = argc > 6 ? argv[6] : ".";
  try {
    const auto d = parallel::decompose(MPI_COMM_WORLD, nx, ny, 2);
    grid::HorizontalGrid g;
    g.cartesian = true;
    g.nx = nx;
    g.ny = ny;
    g.dx = g.dy = 3000.0;
    std::vector<double> zi;
    for (int k = 0; k <= nz; ++k) zi.push_back(50.0 * k * (k + 1) / 2.0);
    const auto v = grid::make_vertical_grid(zi, "bench_io");
    state::SpeciesList species;
    for (int n = 0; n < ns; ++n)
      species.add({"S" + std::to_string(n), n % 2 ? state::Phase::aerosol : state::Phase::gas, 48.0, ""});
    state::ChemState st(species, d.nx, d.ny, nz, 2);
    for (int n = 0; n < ns; ++n)
      for (int k = 0; k < nz; ++k)
        for (int j = 0; j < d.ny; ++j)
          for (int i = 0; i < d.nx; ++i)
            st.field(n)(i, j, k) = 1e-9 * (1.0 + n + 0.01 * (d.i0 + i) + 0.001 * (d.j0 + j) + 0.1 * k);
    meteo::MetFields met;
    met.allocate(d.nx, d.ny, nz, 2);
    for (int k = 0; k < nz; ++k)
      for (int j = 0; j < d.ny; ++j)
        for (int i = 0; i < d.nx; ++i) met.rho_kg_m3(i, j, k) = 1.2 - 0.01 * k;
    const double mb = 4.0 * nx * ny * (nz + 1.0) * ns / 1e6;  // float, 3-D + surface
    const auto serial = run(output::IoOptions::Request::serial, d, g, v, species, st, met, records,
                            dir + "/bench_io_serial_np" + std::to_string(nranks) + ".nc");
    Timing par;
    if (k_have_pnetcdf)
      par = run(output::IoOptions::Request::parallel, d, g, v, species, st, met, records,
                dir + "/bench_io_parallel_np" + std::to_string(nranks) + ".nc");
    if (rank == 0) {
      std::cout << std::fixed << std::setprecision(3) << "bench_io: " << nx << " x " << ny << " x " << nz << ", " << ns
                << " species, 3-D output, " << records << " records of " << std::setprecision(1) << mb << " MB, "
                << nranks << " rank(s), parallel I/O: " << k_parallel_io << '\n'
                << std::setprecision(3) << "  serial   (netCDF-4, gather): first record " << serial.first_s
                << " s, then " << serial.mean_s << " s per record (" << std::setprecision(0) << mb / serial.mean_s
                << " MB/s)\n";
      if (k_have_pnetcdf)
        std::cout << std::setprecision(3) << "  parallel (CDF-5, PnetCDF):   first record " << par.first_s
                  << " s, then " << par.mean_s << " s per record (" << std::setprecision(0) << mb / par.mean_s
                  << " MB/s)\n"
                  << std::setprecision(2) << "  ratio parallel/serial (per record): " << par.mean_s / serial.mean_s
                  << '\n';
    }
  } catch (const std::exception& e) {
    std::cerr << "bench_io: " << e.what() << '\n';
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  MPI_Finalize();
  return 0;
}
