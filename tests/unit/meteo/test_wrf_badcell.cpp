// A bad met value (here a negative pressure) is named by the global WRF grid point, its
// latitude/longitude and the ISO time, with the same message on every rank and at any rank
// count (run on 1 and 2 ranks).
#include <mpi.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <netcdf>

#include "meteo/wrf/wrf_met_provider.hpp"
#include "solver/parallel/agreement.hpp"
#include "solver/parallel/decomposition.hpp"
#include "unit/meteo/meteo_test_util.hpp"

using namespace lantian;
using namespace lantian::meteo;
using Catch::Matchers::Contains;

TEST_CASE("A bad met cell is named by global (i, j, k), lat/lon and time on any rank count", "[meteo][wrf][mpi]") {
  auto src = test::au_test_files();
  if (src.empty()) return;
  int rank = 0, nranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &nranks);
  const std::string dir = std::filesystem::current_path().string() + "/scratch/badcell_np" + std::to_string(nranks);
  std::vector<std::string> files;
  for (int q = 0; q < 2; ++q)
    files.push_back(dir + "/" + std::filesystem::path(src[static_cast<size_t>(q)]).filename().string());
  if (rank == 0) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    for (int q = 0; q < 2; ++q) {
      std::filesystem::copy_file(src[static_cast<size_t>(q)], files[static_cast<size_t>(q)]);
      std::filesystem::permissions(files[static_cast<size_t>(q)], std::filesystem::perms::owner_write,
                                   std::filesystem::perm_options::add);
    }
    // PB = -2e5 Pa at (k, j, i) = (3, 9, 11) of the second file: P + PB < 0. Column i = 11
    // lies in the east half: on 2 ranks only one rank owns it.
    netCDF::NcFile f(files[1], netCDF::NcFile::write);
    const float bad = -2.0e5f;
    f.getVar("PB").putVar({0, 3, 9, 11}, {1, 1, 1, 1}, &bad);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  const auto dec = parallel::decompose(MPI_COMM_WORLD, 14, 14, 1);
  WrfMetProvider p(files, {}, dec, test::utc("2022-12-07 00:00:00"));
  MetFields m;
  std::string msg;
  try {
    p.fill(3600.0, m);
  } catch (const Error& e) {
    msg = e.full_message();
  }
  CHECK_THAT(msg, Contains(files[1]));
  CHECK_THAT(msg, Contains("'P'"));
  CHECK_THAT(msg, Contains("is not positive"));
  CHECK_THAT(msg, Contains("(i, j, k) = (11, 9, 3)"));
  CHECK_THAT(msg, Contains("2022-12-07T01:00:00Z"));
  CHECK_THAT(msg, Contains("lat -"));  // southern hemisphere: XLAT of the point
  CHECK_THAT(msg, !Contains("element"));
  // The same text on every rank (rank 0's message broadcast and compared).
  std::string first = msg;
  parallel::broadcast(MPI_COMM_WORLD, first);
  CHECK(msg == first);
}
