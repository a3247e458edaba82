// Decomposition invariance: EmissionModel on 1, 2 or 4 ranks gives, on each rank's block,
// bitwise the serial rates, and the same report file.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "emis_test_case.hpp"
#include "solver/parallel/gather.hpp"

using namespace lantian;
using namespace lantian::emis;

TEST_CASE("emission rates and report are decomposition independent (bitwise)", "[emis][mpi]") {
  int rank = 0, nranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &nranks);
  const std::string dir = test::source_dir() + "/build/scratch_emis_mpi_np" + std::to_string(nranks);
  std::string text;
  if (rank == 0) {  // one writer: HDF5 files must not be written by several processes
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    text = test::emissions_case(dir, true);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank != 0) text = test::emissions_case(dir, true, false, false, /*write=*/false);
  const auto g = test::yantai_grid(37, 29);  // odd sizes: uneven blocks
  const auto sp = test::cb6_species();
  const auto d = parallel::decompose(MPI_COMM_WORLD, g.nx, g.ny, 2);
  MPI_Barrier(MPI_COMM_WORLD);
  const EmissionModel par(test::parse_case(text), g, d, sp, 10);
  const auto met = test::simple_met(d.nx, d.ny, 10);
  const UtcTime start = *UtcTime::parse("2017-07-02T16:00:00Z");
  std::vector<grid::Field3Dd> e;
  par.rates(34 * 3600.0, start, met, e);  // 10 local on 07-03: the rule is active
  par.write_report(dir + "/report_par.csv", start, 48 * 3600.0);
  // The species the model emits are the same on every rank (its sources are known to all),
  // whichever cells a rank owns; the others have no field.
  std::vector<std::vector<double>> gathered(static_cast<size_t>(sp.size()));
  int emitted = 0;
  for (int s = 0; s < sp.size(); ++s) {
    CHECK((e[static_cast<size_t>(s)].size() != 0) == par.emits(s));
    if (!par.emits(s)) continue;
    ++emitted;
    parallel::gather_to_root(d, e[static_cast<size_t>(s)].view(), 0, 10, gathered[static_cast<size_t>(s)]);
  }
  CHECK(emitted > 5);
  CHECK(emitted < sp.size());
  if (rank == 0) {
    const auto ds = parallel::decompose(MPI_COMM_SELF, g.nx, g.ny, 2);
    const EmissionModel ser(test::parse_case(text), g, ds, sp, 10);
    const auto mets = test::simple_met(ds.nx, ds.ny, 10);
    std::vector<grid::Field3Dd> es;
    ser.rates(34 * 3600.0, start, mets, es);
    ser.write_report(dir + "/report_ser.csv", start, 48 * 3600.0);
    long differ = 0, nonzero = 0;
    for (int s = 0; s < sp.size(); ++s) {
      CHECK(ser.emits(s) == par.emits(s));
      CHECK((es[static_cast<size_t>(s)].size() != 0) == ser.emits(s));
      if (!ser.emits(s)) continue;
      for (int k = 0; k < 10; ++k)
        for (int j = 0; j < g.ny; ++j)
          for (int i = 0; i < g.nx; ++i) {
            const double a = gathered[static_cast<size_t>(s)][static_cast<size_t>(i + g.nx * (j + g.ny * k))];
            const double b = es[static_cast<size_t>(s)](i, j, k);
            differ += a != b;
            nonzero += b != 0.0;
          }
    }
    CHECK(differ == 0);
    CHECK(nonzero > 1000);
    auto slurp = [](const std::string& p) {
      std::ifstream in(p);
      std::stringstream ss;
      ss << in.rdbuf();
      return ss.str();
    };
    const std::string rp = slurp(dir + "/report_par.csv"), rs = slurp(dir + "/report_ser.csv");
    CHECK(rp.size() > 1000);
    CHECK(rp == rs);
  }
}
