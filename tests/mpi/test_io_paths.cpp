// The two I/O paths (docs/parallel-io.md) below the whole program: an error on one rank becomes
// the same error on every rank (no rank waits in a collective call); a checkpoint written by
// the serial path (netCDF-4) and by the parallel path (CDF-5 through PnetCDF) reads back to the
// same values on any decomposition; a failure of the parallel path is a clean error on every
// rank that names the file and leaves no temporary file.
#include <catch2/catch.hpp>

#include <netcdf.h>

#include <filesystem>
#include <string>

#include "solver/core/error.hpp"
#include "solver/core/version.hpp"
#include "solver/output/checkpoint.hpp"
#include "solver/output/nc_sink.hpp"
#include "solver/parallel/agreement.hpp"
#include "support/mpi_world.hpp"

using namespace lantian;

namespace {

using test::world_rank;
using test::world_size;

constexpr int k_nx = 11, k_ny = 7, k_nz = 3, k_halo = 2;
const std::string k_start = "2026-07-15 00:00:00";

double value(int gi, int gj, int k, int n) { return 1e-9 * (n + 1) + gi + 100.0 * gj + 1e4 * k + 1.0 / 3.0; }

state::SpeciesList species() {
  state::SpeciesList sl;
  sl.add({"O3", state::Phase::gas, 48.0, "ozone"});
  sl.add({"ASO4", state::Phase::aerosol, 96.0, "sulfate"});
  return sl;
}

grid::HorizontalGrid plane() {
  grid::HorizontalGrid g;
  g.cartesian = true;
  g.nx = k_nx;
  g.ny = k_ny;
  g.dx = g.dy = 1000.0;
  return g;
}

void write_known(const std::string& path, output::IoPath io) {
  const auto d = parallel::decompose(MPI_COMM_WORLD, k_nx, k_ny, k_halo);
  state::ChemState st(species(), d.nx, d.ny, k_nz, k_halo);
  st.time_s = 7200.0;
  st.step = 9;
  for (int n = 0; n < 2; ++n)
    for (int k = 0; k < k_nz; ++k)
      for (int j = 0; j < d.ny; ++j)
        for (int i = 0; i < d.nx; ++i) st.field(n)(i, j, k) = value(d.i0 + i, d.j0 + j, k, n);
  output::write_checkpoint(path, d, plane(), st, k_start, {}, {}, io);
}

int format_of(const std::string& path) {
  int id = -1, format = -1;
  REQUIRE(nc_open(path.c_str(), NC_NOWRITE, &id) == NC_NOERR);
  nc_inq_format(id, &format);
  nc_close(id);
  return format;
}

}  // namespace

TEST_CASE("an error on one rank becomes the same error on every rank", "[unit][output][mpi]") {
  const int last = world_size() - 1;
  CHECK_NOTHROW(parallel::all_or_none(MPI_COMM_WORLD, [] {}));
  CHECK_THROWS_WITH(parallel::all_or_none(MPI_COMM_WORLD,
                                          [&] {
                                            if (world_rank() == last)
                                              throw Error("rank " + std::to_string(last) + " failed");
                                          }),
                    "rank " + std::to_string(last) + " failed");
  // Several ranks fail: every rank reports the lowest one's error.
  CHECK_THROWS_WITH(parallel::all_or_none(MPI_COMM_WORLD, [&] { throw Error("rank " + std::to_string(world_rank())); }),
                    "rank 0");
  // Every rank's copy is marked as held by every rank (the driver prints it once, on rank 0),
  // the failing rank's own (with its context lines) too; an error outside the agreement is not.
  for (int failing : {0, last}) {
    bool marked = false;
    try {
      parallel::all_or_none(MPI_COMM_WORLD, [&] {
        if (world_rank() == failing) throw Error("bad input").with_context("reading a file");
      });
    } catch (const Error& e) {
      marked = e.on_every_rank();
      if (world_rank() == failing) CHECK(e.full_message() == "bad input\n  while reading a file");
    }
    CHECK(marked);
  }
  CHECK_FALSE(Error("alone").on_every_rank());
  CHECK(Error("x").with_context("y").on_every_rank() == false);
  // The communicator is still usable afterwards (no rank was left inside a collective call).
  int one = 1, sum = 0;
  MPI_Allreduce(&one, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  CHECK(sum == world_size());
}

TEST_CASE("checkpoints of both paths read back to the same values", "[unit][output][mpi]") {
  std::vector<output::IoPath> paths{output::IoPath::serial};
  if (k_have_pnetcdf) paths.push_back(output::IoPath::parallel);
  for (auto io : paths) {
    const bool parallel = io == output::IoPath::parallel;
    const std::string path =
        std::string("io_paths_") + (parallel ? "parallel" : "serial") + "_np" + std::to_string(world_size()) + ".nc";
    write_known(path, io);
    CHECK(format_of(path) == (parallel ? NC_FORMAT_CDF5 : NC_FORMAT_NETCDF4));
    CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
    for (MPI_Comm comm : {MPI_COMM_WORLD, MPI_COMM_SELF}) {
      const auto d = parallel::decompose(comm, k_nx, k_ny, k_halo);
      state::ChemState st(species(), d.nx, d.ny, k_nz, k_halo);
      output::read_checkpoint(path, d, st, k_start);
      CHECK(st.time_s == 7200.0);
      CHECK(st.step == 9);
      long wrong = 0;
      for (int n = 0; n < 2; ++n)
        for (int k = 0; k < k_nz; ++k)
          for (int j = 0; j < d.ny; ++j)
            for (int i = 0; i < d.nx; ++i) wrong += st.field(n)(i, j, k) != value(d.i0 + i, d.j0 + j, k, n);
      CHECK(wrong == 0);
    }
  }
}

TEST_CASE("a failure of the parallel path is a clean error on every rank", "[unit][output][mpi]") {
  if (!k_have_pnetcdf) return;
  // The temporary name is taken by a directory: the library cannot create the file.
  const std::string path = "io_paths_blocked_np" + std::to_string(world_size()) + ".nc";
  if (world_rank() == 0) std::filesystem::create_directories(path + ".tmp");
  MPI_Barrier(MPI_COMM_WORLD);
  try {
    write_known(path, output::IoPath::parallel);
    FAIL("no error");
  } catch (const Error& e) {
    const std::string what = e.what();
    CHECK(what.find(path + ".tmp") != std::string::npos);
    CHECK(what.find("cannot create the checkpoint") != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(path));
  MPI_Barrier(MPI_COMM_WORLD);
  if (world_rank() == 0) std::filesystem::remove_all(path + ".tmp");
}
