// The point release (solver/timeloop/tracer_release.hpp): where it lands, the errors for a
// point outside the domain, an unknown or untransported species, and the mass it adds per step.
#include <catch2/catch.hpp>

#include "solver/timeloop/tracer_release.hpp"
#include "unit/timeloop/case_context.hpp"

using namespace lantian;

TEST_CASE("A release outside the domain is an error naming the point", "[unit][timeloop]") {
  test::CaseContext c(test::yantai_small_case());
  timeloop::ReleaseOptions r;
  r.species = 0;
  r.lat_deg = 30.0;  // Shanghai's latitude: 800 km south of a 60 km domain
  r.lon_deg = 120.75;
  CHECK_THROWS_WITH(timeloop::TracerRelease(r, c.hgrid, c.decomp, c.metrics, c.sources),
                    Catch::Contains("release at 30.000000 N, 120.750000 E lies outside the model domain"));
  // Off by one cell past either end of the grid, given as cells.
  r.cell_i = 12;
  r.cell_j = 0;
  CHECK_THROWS_WITH(timeloop::TracerRelease(r, c.hgrid, c.decomp, c.metrics, c.sources),
                    Catch::Contains("(cell 12, 0)"));
  r.cell_i = 0;
  r.cell_j = 10;
  CHECK_THROWS_WITH(timeloop::TracerRelease(r, c.hgrid, c.decomp, c.metrics, c.sources),
                    Catch::Contains("(cell 0, 10)"));
  // Through the process table, the error names the case key and its source.
  test::CaseContext far(test::yantai_small_case(), {"release.enabled=true", "release.lat=30.0"});
  CHECK_THROWS_WITH(far.processes(), Catch::Contains("release.lon") && Catch::Contains("outside the model domain"));
}

TEST_CASE("The release lands in the cell of its point, or in the cell given", "[unit][timeloop]") {
  test::CaseContext c(test::yantai_small_case());
  timeloop::ReleaseOptions r;
  r.species = 0;
  r.lat_deg = 37.35;  // the domain centre: between cells 5 and 6 of 12, 4 and 5 of 10
  r.lon_deg = 120.75;
  const timeloop::TracerRelease centre(r, c.hgrid, c.decomp, c.metrics, c.sources);
  CHECK((centre.gi() == 5 || centre.gi() == 6));
  CHECK((centre.gj() == 4 || centre.gj() == 5));
  r.cell_i = 0;
  r.cell_j = 9;
  const timeloop::TracerRelease corner(r, c.hgrid, c.decomp, c.metrics, c.sources);
  CHECK(corner.gi() == 0);
  CHECK(corner.gj() == 9);
  CHECK(corner.name() == "sources");
}

TEST_CASE("release.species must be a model species", "[unit][timeloop]") {
  test::CaseContext c(test::yantai_small_case(), {"release.species=\"SO2\""});
  CHECK_THROWS_WITH(timeloop::release_options(c.cfg, c.species),
                    Catch::Contains("release.species") && Catch::Contains("not one of species.names"));
  // A species the transport does not move would stay in the release's cell.
  state::SpeciesList still;
  for (int n = 0; n < c.species.size(); ++n) {
    state::SpeciesInfo s = c.species[n];
    s.transported = false;
    still.add(s);
  }
  test::CaseContext tracer(test::yantai_small_case());
  CHECK_THROWS_WITH(timeloop::release_options(tracer.cfg, still),
                    Catch::Contains("release.species") && Catch::Contains("does not transport"));
}

TEST_CASE("The release adds rate x time in its window to its layer and to the budget", "[unit][timeloop]") {
  test::CaseContext c(test::yantai_small_case() + "[release]\nenabled = true\n",
                      {"species.phases=[\"aerosol\"]", "release.cell_i=3", "release.cell_j=2", "release.height_m=60.0",
                       "release.rate_g_s=2.0", "release.end_h=1.0"});
  const auto r = timeloop::release_options(c.cfg, c.species);
  timeloop::TracerRelease rel(r, c.hgrid, c.decomp, c.metrics, c.sources);
  state::ChemState st(c.species, c.decomp.nx, c.decomp.ny, c.vgrid.nz, c.decomp.halo);
  meteo::MetFields met;
  met.allocate(c.decomp.nx, c.decomp.ny, c.vgrid.nz, c.decomp.halo);
  met.rho_kg_m3.fill(1.2);
  for (int k = 0; k < c.vgrid.nz; ++k)
    for (int j = 0; j < c.decomp.ny; ++j)
      for (int i = 0; i < c.decomp.nx; ++i) met.dz_m(i, j, k) = k == 0 ? 50.0 : k == 1 ? 100.0 : 250.0;
  const process::MetStep step{met, met, met};
  // A 600 s step from t = 3300 s: only its first 300 s lie in the window (which ends at 1 h).
  st.time_s = 3300.0;
  rel.advance(st, step, 600.0);
  double budget = 0.0;
  for (double v : c.sources.per_column(0)) budget += v;
  // Aerosol budget in [kg x ug kg-1] = ug: 2 g/s x 300 s = 600 g = 6e8 ug. The division by the
  // air mass and the multiplication back round twice: 1e-14 relative.
  CHECK(budget == Approx(6.0e8).epsilon(1e-14));
  if (c.decomp.i0 <= 3 && 3 < c.decomp.i0 + c.decomp.nx && c.decomp.j0 <= 2 && 2 < c.decomp.j0 + c.decomp.ny) {
    const int i = 3 - c.decomp.i0, j = 2 - c.decomp.j0;
    // 60 m lies in the second layer (50-150 m); the others stay clean.
    CHECK(st.field(0)(i, j, 0) == 0.0);
    CHECK(st.field(0)(i, j, 1) > 0.0);
    CHECK(st.field(0)(i, j, 2) == 0.0);
    CHECK(st.field(0)(i, j, 1) * 1.2 * 100.0 * c.metrics.area_m2(i, j, 0) == Approx(6.0e8).epsilon(1e-14));
  }
  // After the window: nothing more.
  st.time_s = 3600.0;
  rel.advance(st, step, 600.0);
  double after = 0.0;
  for (double v : c.sources.per_column(0)) after += v;
  CHECK(after == budget);
}
