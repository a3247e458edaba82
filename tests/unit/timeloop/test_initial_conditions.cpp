// Initial conditions (solver/timeloop/initial_conditions.hpp): the shapes' values at chosen
// points, the case keys, and the conversion of output units into the state's units.
#include <catch2/catch.hpp>

#include <cmath>

#include "solver/timeloop/initial_conditions.hpp"
#include "unit/timeloop/case_context.hpp"

using namespace lantian;
using timeloop::initial_shape_value;
using timeloop::InitialOptions;
using timeloop::InitialShape;

TEST_CASE("Cone: peak at the centre, linear to the background at the radius", "[unit][timeloop]") {
  InitialOptions o;
  o.shape = InitialShape::cone;
  o.center_i = 10.0;
  o.center_j = 5.0;
  o.radius_cells = 4.0;
  o.peak = 100.0;
  o.background = 5.0;
  CHECK(initial_shape_value(o, 10.0, 5.0, 0.0) == 100.0);
  CHECK(initial_shape_value(o, 12.0, 5.0, 0.0) == Approx(52.5).epsilon(1e-15));  // half way: (100 + 5) / 2
  CHECK(initial_shape_value(o, 10.0, 9.0, 0.0) == 5.0);                          // on the rim
  CHECK(initial_shape_value(o, 20.0, 20.0, 0.0) == 5.0);                         // far outside
  CHECK(initial_shape_value(o, 10.0, 5.0, 1234.0) == 100.0);                     // no height dependence
}

TEST_CASE("Slotted cylinder: the disc holds the peak except in the slot", "[unit][timeloop]") {
  InitialOptions o;
  o.shape = InitialShape::slotted_cylinder;
  o.center_i = 50.0;
  o.center_j = 75.0;
  o.radius_cells = 15.0;
  o.peak = 100.0;
  o.background = 0.0;
  CHECK(initial_shape_value(o, 50.0 + 5.0, 75.0, 0.0) == 100.0);  // in the disc, beside the slot
  CHECK(initial_shape_value(o, 50.0, 75.0, 0.0) == 0.0);          // centre: in the slot
  CHECK(initial_shape_value(o, 50.0 + 2.4, 62.0, 0.0) == 0.0);    // slot width R/3 = 5: |dx| <= 2.5
  CHECK(initial_shape_value(o, 50.0 + 2.6, 62.0, 0.0) == 100.0);
  CHECK(initial_shape_value(o, 50.0, 75.0 + 11.0, 0.0) == 100.0);  // above the slot's top (2R/3 = 10)
  CHECK(initial_shape_value(o, 50.0, 75.0 + 9.0, 0.0) == 0.0);
  CHECK(initial_shape_value(o, 50.0 + 16.0, 75.0, 0.0) == 0.0);  // outside the disc
}

TEST_CASE("Gaussian: background plus peak, e^-1/2 at one sigma in each direction", "[unit][timeloop]") {
  InitialOptions o;
  o.shape = InitialShape::gaussian;
  o.center_i = 3.0;
  o.center_j = 4.0;
  o.sigma_cells = 2.0;
  o.center_z_m = 100.0;
  o.sigma_z_m = 50.0;
  o.peak = 10.0;
  o.background = 1.0;
  CHECK(initial_shape_value(o, 3.0, 4.0, 100.0) == 11.0);
  // exp() of a rounded argument: a few ulps.
  CHECK(initial_shape_value(o, 5.0, 4.0, 100.0) == Approx(1.0 + 10.0 * std::exp(-0.5)).epsilon(1e-14));
  CHECK(initial_shape_value(o, 3.0, 4.0, 150.0) == Approx(1.0 + 10.0 * std::exp(-0.5)).epsilon(1e-14));
  CHECK(initial_shape_value(o, 5.0, 4.0, 150.0) == Approx(1.0 + 10.0 * std::exp(-1.0)).epsilon(1e-14));
  // The default widths (1e30) make it flat: a uniform background + peak (no overflow on the way).
  InitialOptions flat;
  flat.shape = InitialShape::gaussian;
  flat.peak = 7.0;
  CHECK(initial_shape_value(flat, 1000.0, -1000.0, 5000.0) == 7.0);
}

TEST_CASE("initial.* keys: the shape, its species, and an unknown species names the key", "[unit][timeloop]") {
  const std::string two =
      "[species]\nnames = [\"A\", \"P\"]\nphases = [\"gas\", \"aerosol\"]\n"
      "molar_mass_g_mol = [30.0, 1.0]\ninitial = [2.0, 3.0]\n";
  const auto base = test::yantai_small_case().substr(0, test::yantai_small_case().find("[species]"));
  {
    test::CaseContext c(base + two + "[initial]\nshape = \"cone\"\nspecies = [\"P\"]\nradius_cells = 2.5\n");
    const auto o = timeloop::initial_options(c.cfg, c.species, std::vector<double>(2, -1.0));
    CHECK(o.shape == InitialShape::cone);
    CHECK(o.species == std::vector<int>{1});
    CHECK(o.uniform == std::vector<double>{2.0, 3.0});
    CHECK(o.radius_cells == 2.5);
    // A background value replaces species.initial for its species.
    const auto b = timeloop::initial_options(c.cfg, c.species, {-1.0, 9.0});
    CHECK(b.uniform == std::vector<double>{2.0, 9.0});
  }
  {
    // A shape without initial.species applies to every species.
    test::CaseContext c(base + two + "[initial]\nshape = \"gaussian\"\n");
    CHECK(timeloop::initial_options(c.cfg, c.species, {-1.0, -1.0}).species == std::vector<int>{0, 1});
  }
  test::CaseContext bad(base + two + "[initial]\nshape = \"cone\"\nspecies = [\"Q\"]\n");
  CHECK_THROWS_WITH(timeloop::initial_options(bad.cfg, bad.species, {-1.0, -1.0}),
                    Catch::Contains("initial.species") && Catch::Contains("'Q' is not one of species.names"));
}

TEST_CASE("set_initial_conditions converts ppb and ug m-3 into the state's units", "[unit][timeloop]") {
  const auto d = parallel::decompose(MPI_COMM_WORLD, 6, 4, 3);
  state::SpeciesList s;
  s.add({"G", state::Phase::gas, 30.0, ""});
  s.add({"P", state::Phase::aerosol, 1.0, ""});
  state::ChemState st(s, d.nx, d.ny, 2, d.halo);
  meteo::MetFields met;
  met.allocate(d.nx, d.ny, 2, d.halo);
  met.rho_kg_m3.fill(1.25);
  met.zmid_m.fill(25.0);
  InitialOptions o;
  o.shape = InitialShape::cone;
  o.species = {1};
  o.uniform = {40.0, 10.0};
  o.center_i = 2.0;
  o.center_j = 1.0;
  o.radius_cells = 2.0;
  o.peak = 50.0;
  o.background = 10.0;
  timeloop::set_initial_conditions(o, st, met, d);
  for (int j = 0; j < d.ny; ++j)
    for (int i = 0; i < d.nx; ++i) {
      CHECK(st.field(0)(i, j, 1) == 40.0 * 1.0e-9);                                 // ppb -> mol mol-1
      const double want = initial_shape_value(o, d.i0 + i, d.j0 + j, 25.0) / 1.25;  // ug m-3 -> ug kg-1
      CHECK(st.field(1)(i, j, 0) == want);
    }
  // The cone's apex, in global cell (2, 1), on the rank that owns it.
  if (d.i0 <= 2 && 2 < d.i0 + d.nx && d.j0 <= 1 && 1 < d.j0 + d.ny)
    CHECK(st.field(1)(2 - d.i0, 1 - d.j0, 0) == 50.0 / 1.25);
  // Halos are left alone (zero): they are the transport's business.
  CHECK(st.field(0)(-1, 0, 0) == 0.0);
}
