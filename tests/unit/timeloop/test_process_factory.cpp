// The process table (solver/timeloop/process_factory.hpp): each switch adds its processes, and
// they come in the split order sources -> advection -> diffusion -> chemistry -> aerosol ->
// deposition whatever the combination.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/test_data.hpp"
#include "unit/emissions/emis_test_case.hpp"
#include "unit/timeloop/case_context.hpp"

using namespace lantian;

namespace {

/// The processes of the case with these overrides: "name" each, "name (observes)" for one that
/// does not change the state.
std::vector<std::string> split_order(const std::vector<std::string>& overrides, const std::string& extra = "") {
  test::CaseContext c(test::yantai_small_case() + extra, overrides);
  std::vector<std::string> names;
  for (const auto& p : c.processes()) names.push_back(p->name() + (p->changes_state() ? "" : " (observes)"));
  return names;
}

/// The default release point (Zhifu) lies east of this small domain: release in a cell of it.
const std::vector<std::string> k_release = {"release.enabled=true", "release.cell_i=3", "release.cell_j=4"};

const std::string k_mechanism = "chemistry.mechanism=\"" + test::source_dir() + "/configs/mechanisms/cb6r3.mech\"";

}  // namespace

TEST_CASE("Transport alone: advection and vertical diffusion by default", "[unit][timeloop]") {
  using V = std::vector<std::string>;
  CHECK(split_order({}) == V{"advection", "vertical diffusion"});
  CHECK(split_order({"transport.vertical_diffusion=false"}) == V{"advection"});
  CHECK(split_order({"transport.kh_m2_s=100.0"}) == V{"advection", "horizontal diffusion", "vertical diffusion"});
}

TEST_CASE("Each switch adds its processes at their place in the split order", "[unit][timeloop]") {
  using V = std::vector<std::string>;
  CHECK(split_order(k_release) == V{"sources", "advection", "vertical diffusion"});
  CHECK(split_order({"processes.deposition=true"}) ==
        V{"advection", "vertical diffusion", "dry_deposition", "wet_deposition"});
  CHECK(split_order({"processes.chemistry=true", k_mechanism}) == V{"advection", "vertical diffusion", "chemistry"});
  // The aerosol without chemistry has no precursor snapshot to take.
  CHECK(split_order({"processes.aerosol=true"}) == V{"advection", "vertical diffusion", "aerosol"});
  // With chemistry, the aerosol observes the precursors just before it (timed as chemistry).
  CHECK(split_order({"processes.chemistry=true", k_mechanism, "processes.aerosol=true"}) ==
        V{"advection", "vertical diffusion", "chemistry (observes)", "chemistry", "aerosol"});
}

TEST_CASE("Every switch on: the whole split order", "[unit][timeloop]") {
  using V = std::vector<std::string>;
  const std::string dir = test::scratch_dir("process_factory_all");
  std::string emissions;
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  emissions = test::emissions_case(dir, false, false, true, rank == 0);  // skip the points off this small grid
  MPI_Barrier(MPI_COMM_WORLD);
  std::vector<std::string> all = k_release;
  all.insert(all.end(), {"processes.emissions=true", "transport.kh_m2_s=50.0", "processes.chemistry=true", k_mechanism,
                         "processes.aerosol=true", "processes.deposition=true"});
  CHECK(split_order(all, emissions) == V{"sources", "emissions", "advection", "horizontal diffusion",
                                         "vertical diffusion", "chemistry (observes)", "chemistry", "aerosol",
                                         "dry_deposition", "wet_deposition"});
}
