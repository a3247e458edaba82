// Solid-body rotation through the whole model (case file -> grid -> analytic met -> advection):
// the rotating cone as tabulated in the CMAQ Science Document (Odman's test, EPA/600/R-99/030
// ch. 7, Table 7-4) and Zalesak's (1979) slotted cylinder, one rank.
#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>

#include "solver/timeloop/initial_conditions.hpp"
#include "support/model_runner.hpp"
#include "support/test_data.hpp"

using namespace lantian;

namespace {
struct Norms {
  double l1 = 0, l2 = 0, linf = 0, min = 1e300, max = -1e300;
};

/// Relative error norms of `q` (ppb) against the exact field, over all cells.
Norms norms(const std::vector<double>& q_mol_mol, const timeloop::InitialOptions& exact, int nx, int ny) {
  Norms n;
  double s1 = 0, s2 = 0, smax = 0;
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const double q = q_mol_mol[static_cast<size_t>(i + nx * j)] * 1e9;
      const double e = timeloop::initial_shape_value(exact, i, j, 50.0);
      n.l1 += std::fabs(q - e);
      n.l2 += (q - e) * (q - e);
      n.linf = std::max(n.linf, std::fabs(q - e));
      s1 += std::fabs(e);
      s2 += e * e;
      smax = std::max(smax, std::fabs(e));
      n.min = std::min(n.min, q);
      n.max = std::max(n.max, q);
    }
  n.l1 /= s1;
  n.l2 = std::sqrt(n.l2 / s2);
  n.linf /= smax;
  return n;
}

std::string rotation_case(int n, double period_s, double dt_s, double revolutions, const std::string& shape, double ci,
                          double cj, double radius, double background, const std::string& dir) {
  return "[case]\nname = \"rot\"\nstart_time = \"2026-01-01 00:00:00\"\nhours = " +
         std::to_string(revolutions * period_s / 3600.0) +
         "\n[grid]\nprojection = \"cartesian\"\nnx = " + std::to_string(n) + "\nny = " + std::to_string(n) +
         "\ndx = 1000.0\ndy = 1000.0\nz_interfaces_m = [0.0, 100.0]\n"
         "[species]\nnames = [\"C\"]\nmolar_mass_g_mol = [30.0]\ninitial = [" +
         std::to_string(background) + "]\n[initial]\nshape = \"" + shape + "\"\ncenter_i = " + std::to_string(ci) +
         "\ncenter_j = " + std::to_string(cj) + "\nradius_cells = " + std::to_string(radius) +
         "\npeak = 100.0\nbackground = " + std::to_string(background) +
         "\n[meteo.analytic]\nflow = \"rotation\"\nrotation_period_s = " + std::to_string(period_s) +
         "\n[transport]\nvertical_diffusion = false\n[time]\nmax_step_s = " + std::to_string(dt_s) +
         "\ncourant_sync = 100.0\n[output]\ninterval_s = " + std::to_string(period_s) + "\ndir = \"" + dir + "\"\n";
}
}  // namespace

TEST_CASE("Rotating cone (CMAQ Science Document, Table 7-4 setup), two revolutions", "[verification][transport]") {
  // 32 x 32 cells, cone of 100 ppb on 5 ppb, base radius 4 dx, apex on the cell corner 8 dx
  // from the rotation centre (the centre of the domain, index 15.5), 180 steps per revolution
  // (Courant 0.28 at the apex).
  const std::string dir = test::scratch_dir("rot_cone");
  test::CaseRun run(rotation_case(32, 18000.0, 100.0, 2.0, "cone", 23.5, 15.5, 4.0, 5.0, dir));
  run.run();
  const auto q = run.global_field(0);
  timeloop::InitialOptions exact;
  exact.shape = timeloop::InitialShape::cone;
  exact.center_i = 23.5;
  exact.center_j = 15.5;
  exact.radius_cells = 4.0;
  exact.peak = 100.0;
  exact.background = 5.0;
  const Norms e = norms(q, exact, 32, 32);
  // The exact cell maximum: the four cells around the apex, 0.707 dx from it.
  const double exact_max = 5.0 + 95.0 * (1.0 - std::sqrt(0.5) / 4.0);
  const double peak_ratio = e.max / exact_max;
  std::cout << "rotating cone, 2 revolutions: peak ratio " << peak_ratio << " (CMAQ table: PPM 0.61), l1 " << e.l1
            << ", l2 " << e.l2 << ", linf " << e.linf << ", min " << e.min << " ppb\n";
  // Monotone PPM keeps 0.61 of the peak after two revolutions in the CMAQ table, and this
  // implementation gives 0.613: the same scheme on the same grid. 0.58-0.65 allows for the
  // order of the directional splitting and nothing more.
  CHECK(peak_ratio > 0.58);
  CHECK(peak_ratio < 0.65);
  // Monotone: nothing below the background, nothing above the initial maximum.
  CHECK(e.min >= 5.0 - 1e-9);
  CHECK(e.max <= exact_max + 1e-9);
  // Error norms relative to the exact field (background included; the table publishes only the
  // peak). This PPM gives l1 0.081, l2 0.25, linf 0.39; the bounds are ~25 % above, so a
  // regression in the limiter or the splitting shows.
  CHECK(e.l1 < 0.10);
  CHECK(e.l2 < 0.32);
  CHECK(e.linf < 0.49);
  // Mass: the background flows in and out through the boundaries; the budget must close.
  const auto b = run.model->budget().at(0);
  CHECK(std::fabs(b.final - b.initial - b.boundary_in) <= 1e-12 * b.initial);
}

TEST_CASE("Zalesak's slotted cylinder, one revolution", "[verification][transport]") {
  // 100 x 100 cells, radius 15, slot 5 wide, 628 steps per revolution (as Zalesak 1979);
  // zero background so that no mass crosses the boundaries.
  const std::string dir = test::scratch_dir("rot_zalesak");
  const double period = 62800.0, dt = 100.0;
  test::CaseRun run(rotation_case(100, period, dt, 1.0, "slotted_cylinder", 49.5, 74.5, 15.0, 0.0, dir));
  run.run();
  const auto q = run.global_field(0);
  timeloop::InitialOptions exact;
  exact.shape = timeloop::InitialShape::slotted_cylinder;
  exact.center_i = 49.5;
  exact.center_j = 74.5;
  exact.radius_cells = 15.0;
  exact.peak = 100.0;
  const Norms e = norms(q, exact, 100, 100);
  const auto b = run.model->budget().at(0);
  std::cout << "slotted cylinder, 1 revolution: l1 " << e.l1 << ", l2 " << e.l2 << ", linf " << e.linf << ", min "
            << e.min << ", max " << e.max << " ppb, mass change " << (b.final - b.initial) / b.initial << "\n";
  CHECK(e.min >= 0.0);           // positive-definite
  CHECK(e.max <= 100.0 + 1e-9);  // monotone
  // Mass: the budget (initial + what crossed the boundaries = final) closes to round-off. Only
  // the numerical tails (values ~1e-10 ppb) reach the boundaries: under 1e-9 of the mass.
  CHECK(std::fabs(b.final - b.initial - b.boundary_in) <= 1e-12 * b.initial);
  CHECK(std::fabs(b.boundary_in) <= 1e-9 * b.initial);
  // This PPM gives l1 0.277, l2 0.290, linf 0.77 (the slot's sharp corners are lost by every
  // monotone scheme at 5 cells width). Bounds ~15 % above, so a regression in the limiter shows.
  CHECK(e.l1 < 0.32);
  CHECK(e.l2 < 0.34);
  CHECK(e.linf < 0.90);
}
