// Passive tracers driven by real WRF output (WRF 4.5.1 au-test, 24 hourly files; WRF 3.3.1
// Tibet crop, 3-hourly): mass changes only through the boundaries, and a uniform mixing ratio
// stays uniform (the mass-consistent transport with real met).
#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>

#include "support/model_runner.hpp"
#include "support/test_data.hpp"

using namespace lantian;

namespace {
void check_tracer_run(const std::string& files_glob, const std::string& start, double hours, const std::string& name) {
  const std::string dir = test::scratch_dir(name);
  test::CaseRun run(
      "[case]\nname = \"" + name + "\"\nstart_time = \"" + start + "\"\nhours = " + std::to_string(hours) +
      "\n[species]\nnames = [\"U\", \"P\"]\ninitial = [50.0, 0.0]\nboundary = [50.0, 0.0]\n"
      "[initial]\nshape = \"cone\"\nspecies = [\"P\"]\ncenter_i = 5\ncenter_j = 4\nradius_cells = 3\npeak = 100.0\n"
      "[meteo]\nsource = \"wrf\"\nfiles = [\"" +
      files_glob +
      "\"]\n"
      "[transport]\nkh_m2_s = 100.0\n[output]\ndir = \"" +
      dir + "\"\n");
  run.run();
  for (const auto& b : run.model->budget()) {
    const double residual = (b.final - b.initial - b.boundary_in - b.sources) / std::max(b.initial, b.final);
    std::cout << name << " budget " << b.name << ": initial " << b.initial << ", final " << b.final << ", boundaries "
              << b.boundary_in << ", residual " << residual << "\n";
    // Flux form: each face's flux leaves one cell and enters the next, and the budget sums the
    // boundary faces; only round-off remains (~1e-15 per operation, ~1e5 operations per cell).
    CHECK(std::fabs(residual) < 1e-10);
  }
  const auto u = run.global_field(0);
  double worst = 0.0;
  for (double x : u) worst = std::max(worst, std::fabs(x / 50e-9 - 1.0));
  std::cout << name << ": uniform tracer, largest relative departure " << worst << "\n";
  // Mass-consistent by construction (the vertical flux closes continuity against WRF's
  // density): round-off only, far inside the 1e-6.
  CHECK(worst < 1e-10);
  const auto p = run.global_field(1);
  for (double x : p) CHECK(x >= 0.0);
}
}  // namespace

TEST_CASE("Tracers with WRF 4.5.1 met (au-test, 24 h): budget closes, uniform stays uniform", "[verification][meteo]") {
  const auto dir = test::shared_data("wrf/au-test-wrf451");
  if (dir.empty()) return;
  check_tracer_run(dir + "/WRFOUT_d01_*.nc", "2022-12-07 00:00:00", 24.0, "real_au");
}

TEST_CASE("Tracers with WRF 3.3.1 met (Tibet crop, 9 h): budget closes, uniform stays uniform",
          "[verification][meteo]") {
  const auto file = test::shared_data("wrf/tibet-wrf331/wrf_d01_allvars_cropped.nc");
  if (file.empty()) return;
  check_tracer_run(file, "2005-09-21 00:00:00", 9.0, "real_tibet");
}
