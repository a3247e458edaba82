// Checkpoints with process state (process::RestartState): per-cell and per-column fields and
// rank-0 arrays round-trip exactly on any decomposition (written on every rank of the world,
// read back on the world and on each rank alone); a missing field is an error naming the file
// and the variable, or zeros with a warning when allowed; duplicate names are refused.
#include <catch2/catch.hpp>

#include <netcdf>

#include <string>
#include <vector>

#include "solver/core/error.hpp"
#include "solver/output/checkpoint.hpp"

using namespace lantian;

namespace {

constexpr int k_nx = 13, k_ny = 9, k_nz = 4, k_halo = 2;
const std::string k_start = "2026-07-15 00:00:00";

double value(int gi, int gj, int k, double salt) { return salt + gi + 100.0 * gj + 1e4 * k + 0.25; }

state::SpeciesList two_species() {
  state::SpeciesList sl;
  sl.add({"O3", state::Phase::gas, 48.0, "ozone"});
  sl.add({"ASO4", state::Phase::aerosol, 96.0, "sulfate"});
  return sl;
}

/// A process's storage: a 3-D field with halos and a per-column vector (both empty until
/// asked for, like a process before its first step), and a rank-0 array.
struct Storage {
  grid::Field3Dd cells3d;
  std::vector<double> columns;
  std::vector<double> array;
  std::string layout;
  std::vector<double> restored;
  std::string restored_layout;

  process::RestartState state(const parallel::Decomposition& d, std::string array_name = "summary") {
    process::RestartState r;
    r.fields.push_back({"proc_cells", "s", "a per-cell field with halos", false, [this, &d] {
                          const grid::Extents e{d.nx, d.ny, k_nz, k_halo};
                          if (!(cells3d.extents() == e)) cells3d = grid::Field3Dd(e, 0.0);
                          return cells3d.view();
                        }});
    r.fields.push_back({"proc_columns", "mol m-2", "a per-column field", true, [this, &d] {
                          columns.resize(static_cast<size_t>(d.nx) * d.ny, 0.0);
                          return grid::View3D<double>(columns.data(), grid::Extents{d.nx, d.ny, 1, 0});
                        }});
    r.arrays.push_back({array_name, "1", "a rank-0 array", [this] { return array; }, [this] { return layout; },
                        [this](const std::vector<double>& v, const std::string& l) {
                          if (l != layout) throw Error("layout '" + l + "' is not '" + layout + "'");
                          restored = v;
                          restored_layout = l;
                        }});
    return r;
  }
};

grid::HorizontalGrid plane() {
  grid::HorizontalGrid g;
  g.cartesian = true;
  g.nx = k_nx;
  g.ny = k_ny;
  g.dx = g.dy = 1000.0;
  return g;
}

/// Writes a checkpoint on `comm` with known values; returns its path.
std::string write_known(MPI_Comm comm, const std::string& tag, const std::vector<double>& array) {
  const auto d = parallel::decompose(comm, k_nx, k_ny, k_halo);
  state::ChemState st(two_species(), d.nx, d.ny, k_nz, k_halo);
  st.time_s = 3600.0;
  st.step = 7;
  Storage s;
  s.array = array;
  s.layout = "zones: domain;";
  auto extra = s.state(d);
  auto cells = extra.fields[0].cells();
  auto cols = extra.fields[1].cells();
  for (int k = 0; k < k_nz; ++k)
    for (int j = 0; j < d.ny; ++j)
      for (int i = 0; i < d.nx; ++i) {
        for (int n = 0; n < 2; ++n) st.field(n)(i, j, k) = value(d.i0 + i, d.j0 + j, k, n);
        cells(i, j, k) = value(d.i0 + i, d.j0 + j, k, 0.5);
        if (k == 0) cols(i, j, 0) = value(d.i0 + i, d.j0 + j, 0, 0.75);
      }
  int nranks = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &nranks);
  const std::string path = "checkpoint_state_" + tag + "_np" + std::to_string(nranks) + ".nc";
  output::write_checkpoint(path, d, plane(), st, k_start, extra);
  return path;
}

}  // namespace

TEST_CASE("process state round-trips on any decomposition", "[unit][output][mpi]") {
  const std::vector<double> array{1.0, -1e300, 3.5};
  const std::string path = write_known(MPI_COMM_WORLD, "roundtrip", array);
  for (MPI_Comm comm : {MPI_COMM_WORLD, MPI_COMM_SELF}) {
    const auto d = parallel::decompose(comm, k_nx, k_ny, k_halo);
    state::ChemState st(two_species(), d.nx, d.ny, k_nz, k_halo);
    Storage s;
    s.layout = "zones: domain;";
    output::read_checkpoint(path, d, st, k_start, s.state(d));
    CHECK(st.time_s == 3600.0);
    CHECK(st.step == 7);
    REQUIRE(s.cells3d.extents() == grid::Extents{d.nx, d.ny, k_nz, k_halo});
    REQUIRE(s.columns.size() == static_cast<size_t>(d.nx) * d.ny);
    long wrong = 0;
    for (int k = 0; k < k_nz; ++k)
      for (int j = 0; j < d.ny; ++j)
        for (int i = 0; i < d.nx; ++i) {
          for (int n = 0; n < 2; ++n) wrong += st.field(n)(i, j, k) != value(d.i0 + i, d.j0 + j, k, n);
          wrong += s.cells3d(i, j, k) != value(d.i0 + i, d.j0 + j, k, 0.5);
          if (k == 0) wrong += s.columns[static_cast<size_t>(i + d.nx * j)] != value(d.i0 + i, d.j0 + j, 0, 0.75);
        }
    CHECK(wrong == 0);
    CHECK(s.restored == array);
    CHECK(s.restored_layout == "zones: domain;");
  }
  // The variables carry CF units and long names.
  netCDF::NcFile nc(path, netCDF::NcFile::read);
  std::string units, long_name;
  nc.getVar("proc_columns").getAtt("units").getValues(units);
  nc.getVar("proc_columns").getAtt("long_name").getValues(long_name);
  CHECK(units == "mol m-2");
  CHECK(long_name == "a per-column field");
  CHECK(nc.getVar("proc_columns").getDimCount() == 2);
  CHECK(nc.getVar("proc_cells").getDimCount() == 3);
}

TEST_CASE("an empty rank-0 array round-trips", "[unit][output][mpi]") {
  const std::string path = write_known(MPI_COMM_WORLD, "empty", {});
  const auto d = parallel::decompose(MPI_COMM_WORLD, k_nx, k_ny, k_halo);
  state::ChemState st(two_species(), d.nx, d.ny, k_nz, k_halo);
  Storage s;
  s.layout = "zones: domain;";
  s.restored = {42.0};
  output::read_checkpoint(path, d, st, k_start, s.state(d));
  CHECK(s.restored.empty());
}

TEST_CASE("missing process state: an error naming file and variable, or zeros when allowed", "[unit][output][mpi]") {
  const std::string path = write_known(MPI_COMM_WORLD, "missing", {2.0});
  const auto d = parallel::decompose(MPI_COMM_WORLD, k_nx, k_ny, k_halo);
  state::ChemState st(two_species(), d.nx, d.ny, k_nz, k_halo);
  Storage s;
  s.layout = "zones: domain;";
  auto extra = s.state(d);
  std::vector<double> absent;
  extra.fields.push_back({"newer_process_state", "1", "not in the file", true, [&] {
                            absent.assign(static_cast<size_t>(d.nx) * d.ny, 0.0);
                            return grid::View3D<double>(absent.data(), grid::Extents{d.nx, d.ny, 1, 0});
                          }});
  try {
    output::read_checkpoint(path, d, st, k_start, extra);
    FAIL("no error for a missing field");
  } catch (const Error& e) {
    const std::string msg = e.what();
    CHECK(msg.find(path) != std::string::npos);
    CHECK(msg.find("'newer_process_state'") != std::string::npos);
    CHECK(msg.find("checkpoint.allow_missing_state") != std::string::npos);
  }
  // Allowed: the rest is read, the missing one keeps its "nothing yet".
  state::ChemState st2(two_species(), d.nx, d.ny, k_nz, k_halo);
  Storage s2;
  s2.layout = "zones: domain;";
  auto extra2 = s2.state(d);
  extra2.fields.push_back(extra.fields.back());
  absent.clear();
  output::read_checkpoint(path, d, st2, k_start, extra2, output::MissingState::zero_warn);
  CHECK(absent.empty());
  CHECK(s2.columns.size() == static_cast<size_t>(d.nx) * d.ny);
  CHECK(s2.restored == std::vector<double>{2.0});
  // A rank-0 array missing is the same error.
  Storage s3;
  s3.layout = "zones: domain;";
  state::ChemState st3(two_species(), d.nx, d.ny, k_nz, k_halo);
  CHECK_THROWS_WITH(output::read_checkpoint(path, d, st3, k_start, s3.state(d, "other_summary")),
                    Catch::Contains("'other_summary'") && Catch::Contains(path));
}

TEST_CASE("a layout that does not fit is an error naming file and variable", "[unit][output][mpi]") {
  const std::string path = write_known(MPI_COMM_WORLD, "layout", {1.0});
  const auto d = parallel::decompose(MPI_COMM_WORLD, k_nx, k_ny, k_halo);
  state::ChemState st(two_species(), d.nx, d.ny, k_nz, k_halo);
  Storage s;
  s.layout = "zones: domain; Zhifu;";
  CHECK_THROWS_WITH(output::read_checkpoint(path, d, st, k_start, s.state(d)),
                    Catch::Contains(path) && Catch::Contains("'summary'") && Catch::Contains("Zhifu"));
}

TEST_CASE("a field named like a species is refused before anything is written", "[unit][output][mpi]") {
  const auto d = parallel::decompose(MPI_COMM_WORLD, k_nx, k_ny, k_halo);
  state::ChemState st(two_species(), d.nx, d.ny, k_nz, k_halo);
  Storage s;
  auto extra = s.state(d);
  extra.fields[0].name = "O3";
  CHECK_THROWS_WITH(output::write_checkpoint("checkpoint_state_dup.nc", d, plane(), st, k_start, extra),
                    Catch::Contains("'O3'") && Catch::Contains("share"));
}
