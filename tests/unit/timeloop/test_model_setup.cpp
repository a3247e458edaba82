// The model's set-up (timeloop::Model's constructor) when one rank fails alone: the last rank is
// given a case that fails in one stage of the set-up, the other ranks a good one; every rank
// must throw, with the failing rank's message, and the ranks must still be in step (a good
// model is built and checked after each failure). Without the agreement at the stages' ends
// the failing rank would leave the others waiting in a collective: the test's time limit
// catches that. One rank: the failure is every rank's and is reported alike. Then: run() takes
// the answer of an earlier preflight() (a run is checked once).
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <mpi.h>
#include <catch2/catch.hpp>

#include "solver/core/error.hpp"
#include "solver/parallel/agreement.hpp"
#include "solver/timeloop/model.hpp"
#include "support/mpi_world.hpp"

namespace fs = std::filesystem;
using namespace lantian;
using test::world_rank;
using test::world_size;

namespace {

const std::string k_case = std::string(LANTIAN_SOURCE_DIR) + "/tests/unit/attribution/case.toml";

/// A directory of this test run (the same on every rank).
std::string out_dir() { return (fs::current_path() / ("model_setup_np" + std::to_string(world_size()))).string(); }

/// Builds the model of the attribution test case with `overrides` on every rank, `bad` added on
/// the last rank only; returns this rank's error message ("" when the model was built).
std::string build(const std::vector<std::string>& bad) {
  const config::Schema schema = timeloop::full_schema();
  std::vector<std::string> o{"output.dir=\"" + out_dir() + "\"", "checkpoint.dir=\"" + out_dir() + "\""};
  if (world_rank() == world_size() - 1) o.insert(o.end(), bad.begin(), bad.end());
  const auto cfg = config::CaseConfig::load(schema, k_case, o);
  try {
    timeloop::Model model(cfg, MPI_COMM_WORLD);
    model.preflight();
  } catch (const Error& e) {
    return e.full_message();
  }
  return {};
}

/// The last rank's string on every rank.
std::string from_last_rank(std::string s) {
  parallel::broadcast(MPI_COMM_WORLD, s, world_size() - 1);
  return s;
}

}  // namespace

TEST_CASE("A model that fails to set up on one rank fails on every rank, with that rank's error", "[timeloop][mpi]") {
  if (world_rank() == 0) {
    fs::create_directories(out_dir());
    std::ofstream(out_dir() + "/no_tags.toml") << "description = \"a tags file without tags\"\n";
  }
  MPI_Barrier(MPI_COMM_WORLD);
  struct Stage {
    const char* what;
    std::vector<std::string> bad;
    const char* expect;  ///< in the message
  };
  // One failure per stage of the constructor (model.cpp): the grid's source (WRF files that do
  // not exist), the species (the tags file: after the decomposition's collective), the output
  // (an unknown output species: after the emissions' collectives).
  const std::vector<Stage> stages{
      {"grid", {"meteo.source=\"wrf\"", "meteo.files=[\"" + out_dir() + "/no_wrfout_d01_*\"]"}, "no_wrfout_d01_"},
      {"species", {"attribution.tags_file=\"" + out_dir() + "/no_tags.toml\""}, "no [[tag]] tables"},
      {"output", {"output.species=[\"NO2\", \"XX\"]"}, "'XX' is not one of species.names"},
  };
  for (const auto& s : stages) {
    SECTION(s.what) {
      const std::string mine = build(s.bad);
      const std::string failing = from_last_rank(mine);
      INFO("rank " << world_rank() << ": '" << mine << "'; the failing rank's: '" << failing << "'");
      CHECK(failing.find(s.expect) != std::string::npos);
      CHECK(mine == failing);  // every rank failed, with the failing rank's error
      // The ranks are in step: a good model is built and checked on every rank.
      CHECK(build({}).empty());
    }
  }
}

TEST_CASE("run() takes an earlier preflight()'s answer: a run is checked once", "[timeloop][mpi]") {
  // The output directory passes the check, then becomes a file. A run whose preflight() has
  // passed does not check again: it fails where the output is first written (the writer's
  // message); a run without an earlier preflight() is stopped by the check (its message).
  const std::string dir = out_dir() + "/once";
  const config::Schema schema = timeloop::full_schema();
  const auto cfg = config::CaseConfig::load(
      schema, k_case, {"output.dir=\"" + dir + "\"", "checkpoint.dir=\"" + dir + "\"", "case.hours=1"});
  auto run_after_swap = [&](bool checked_first) {
    if (world_rank() == 0) {
      fs::remove_all(dir);
      fs::create_directories(dir);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    timeloop::Model model(cfg, MPI_COMM_WORLD);
    if (checked_first) model.preflight();
    MPI_Barrier(MPI_COMM_WORLD);
    if (world_rank() == 0) {
      fs::remove_all(dir);
      std::ofstream(dir) << "not a directory\n";
    }
    MPI_Barrier(MPI_COMM_WORLD);
    std::string msg;
    try {
      model.run();
    } catch (const Error& e) {
      msg = e.full_message();
    }
    return msg;
  };
  const std::string once = run_after_swap(true);
  INFO(once);
  CHECK(once.find("cannot create the output directory") != std::string::npos);
  CHECK(once.find("is not a directory") == std::string::npos);
  const std::string unchecked = run_after_swap(false);
  INFO(unchecked);
  CHECK(unchecked.find("is not a directory") != std::string::npos);
  if (world_rank() == 0) fs::remove(dir);
}
