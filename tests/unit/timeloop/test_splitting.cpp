// The split of a synchronisation step (time.splitting, solver/timeloop/model_run.cpp): the
// symmetric (Strang) split is second order in the step, the sequential split first order.
//
// The case: a constant point release S of species A into one cell, no wind, no diffusion, and
// a first-order loss A -> B at k = 1e-3 s-1 as the "chemistry" (solved to rtol 1e-8, so that the
// solver's error is negligible next to the splitting error). In the release cell A obeys
// dA/dt = S - k A, with the steady state S / k; after 6 h (21.6 / k) the state is steady to
// e^-21.6. A split step dt gives, per step, at its end:
//   sequential: A' = (A + S dt) e^(-k dt)                  -> A* = S/k x k dt e^(-k dt) / (1 - e^(-k dt))
//   symmetric:  A' = (A + S dt/2) e^(-k dt) + S dt/2         -> A* = S/k x (k dt/2) coth(k dt/2)
// At k dt = 0.9 (900 s) and 0.45 (450 s) the relative errors are -38.3 % and -20.8 %
// (sequential: ratio 1.84, tending to 2 as dt -> 0) and +6.66 % and +1.68 % (symmetric: ratio
// 3.96, tending to 4). The test takes the exact steady state from a symmetric run at 30-s
// steps (error (k dt)^2 / 12 = 7.5e-5, below 1 % of the smallest error compared) and checks
// the errors against these closed forms to 1 % of their values (the reference's error, the
// solver's and the 6-h transient are each far smaller), and the orders from the ratios.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "support/model_runner.hpp"
#include "support/test_data.hpp"

using namespace lantian;

namespace {

constexpr double k_loss_s = 1e-3;  // first-order loss rate of A [s-1]

std::string decay_case(const std::string& mechanism) {
  return "[case]\nname = \"split\"\nstart_time = \"2017-07-03 00:00:00\"\nhours = 6\n"
         "[grid]\nprojection = \"lambert_conformal\"\nnx = 6\nny = 5\ndx = 6000.0\ndy = 6000.0\n"
         "center_lat = 37.35\ncenter_lon = 120.75\nz_interfaces_m = [0.0, 50.0, 150.0]\n"
         "[species]\nnames = [\"TRACER\"]\nphases = [\"gas\"]\nmolar_mass_g_mol = [28.97]\n"
         "[meteo.analytic]\nu_m_s = 0.0\nv_m_s = 0.0\n"
         "[transport]\nvertical_diffusion = false\n"
         "[processes]\nchemistry = true\n"
         "[chemistry]\nmechanism = \"" +
         mechanism +
         "\"\nrtol = 1e-8\n"
         "[release]\nenabled = true\nspecies = \"A\"\ncell_i = 2\ncell_j = 2\nheight_m = 10.0\nrate_g_s = 100.0\n"
         "[output]\ndir = \"" +
         test::scratch_dir("splitting_out") + "\"\n[checkpoint]\nhours = []\n";
}

/// A in the release cell (2, 2, 0) after 6 h [mol mol-1] (on rank 0; 0 elsewhere).
double release_cell_a(const std::string& mechanism, const std::string& splitting, double dt_s) {
  test::CaseRun r(decay_case(mechanism),
                  {"time.splitting=\"" + splitting + "\"", "time.max_step_s=" + std::to_string(dt_s),
                   "chemistry.dt_s=" + std::to_string(dt_s)});
  r.run();
  const int a = r.model->species().find("A");
  const auto g = r.global_field(a);
  return g.empty() ? 0.0 : g[static_cast<size_t>(2 + 6 * 2)];
}

/// The "chemistry": A -> B at k_loss_s, written by rank 0 into a scratch folder of that name.
std::string decay_mechanism(const std::string& folder) {
  const std::string mech = test::scratch_dir(folder) + "/decay.mech";
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 0) {
    std::ofstream f(mech);
    f << "mechanism DECAY\nspecies A mw=30\nspecies B mw=30\nR1: A -> B ; arr 1e-3 0 0\n";
  }
  MPI_Barrier(MPI_COMM_WORLD);
  return mech;
}

double sequential_error(double kdt) { return kdt * std::exp(-kdt) / (1.0 - std::exp(-kdt)) - 1.0; }
double symmetric_error(double kdt) { return 0.5 * kdt / std::tanh(0.5 * kdt) - 1.0; }

}  // namespace

TEST_CASE("The symmetric split is second order in the step, the sequential split first order", "[unit][timeloop]") {
  const std::string mech = decay_mechanism("splitting_mech");
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);

  const double exact = release_cell_a(mech, "symmetric", 30.0);
  struct Run {
    const char* splitting;
    double dt_s;
    double (*closed_form)(double);
    double error = 0.0;
  };
  std::vector<Run> runs = {{"sequential", 900.0, sequential_error},
                           {"sequential", 450.0, sequential_error},
                           {"symmetric", 900.0, symmetric_error},
                           {"symmetric", 450.0, symmetric_error}};
  for (auto& r : runs) r.error = release_cell_a(mech, r.splitting, r.dt_s) / exact - 1.0;
  if (rank != 0) return;
  REQUIRE(exact > 0.0);
  for (const auto& r : runs) {
    INFO(r.splitting << " at " << r.dt_s << " s: error " << r.error);
    CHECK(r.error == Approx(r.closed_form(k_loss_s * r.dt_s)).epsilon(0.01));
  }
  // Halving the step: the sequential error halves (ratio 1.84 here), the symmetric one drops
  // by about 4 (3.96).
  CHECK(runs[0].error / runs[1].error == Approx(1.84).epsilon(0.03));
  CHECK(runs[2].error / runs[3].error == Approx(3.96).epsilon(0.03));
  // At the same step the symmetric split is more accurate by far.
  CHECK(std::fabs(runs[2].error) < 0.2 * std::fabs(runs[0].error));
}

TEST_CASE("Unset, the synchronisation step is 900 s for transport alone and 450 s with chemistry", "[unit][timeloop]") {
  const std::string mech = decay_mechanism("splitting_mech_default");
  // No wind, so no Courant limit: the step is the largest allowed one (one hour in equal steps).
  const auto first_step = [&](const std::vector<std::string>& overrides) {
    test::CaseRun r(decay_case(mech), overrides);
    r.model->begin();
    r.model->begin_interval();
    return r.model->interval_step_s();
  };
  CHECK(first_step({}) == 450.0);
  CHECK(first_step({"processes.chemistry=false", "release.species=\"TRACER\""}) == 900.0);
  // Set, the key wins with chemistry too.
  CHECK(first_step({"time.max_step_s=900"}) == 900.0);
  CHECK(first_step({"time.max_step_s=600"}) == 600.0);
}
