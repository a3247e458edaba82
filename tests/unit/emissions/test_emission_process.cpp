// The emission process against the emission model's rates: each cell's increment and the
// column source budget.
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "emis_test_case.hpp"
#include "emissions/emission_process.hpp"
#include "solver/core/constants.hpp"
#include "solver/state/chem_state.hpp"

using namespace lantian;
using namespace lantian::emis;

TEST_CASE("emission process: every cell's rate over the step, plume levels included", "[emis][process]") {
  // The process visits only the lowest level and the point sources' columns (the cells the
  // model's rates reach); every cell must still get rate x dt as a mixing ratio of the
  // step-start air, the same arithmetic as the process's, so the comparison is exact.
  const auto dir = test::scratch_dir("emis_process");
  const auto g = test::yantai_grid();
  const parallel::Decomposition d = parallel::decompose(MPI_COMM_SELF, g.nx, g.ny, 2);
  const auto sp = test::cb6_species();
  const int nz = 10;
  auto met = test::simple_met(d.nx, d.ny, nz);
  for (int j = 0; j < d.ny; ++j)
    for (int i = 0; i < d.nx; ++i)
      for (int k = 0; k < nz; ++k) met.rho_kg_m3(i, j, k) = met.press_pa(i, j, k) / (287.05 * met.temp_k(i, j, k));
  const std::vector<double> area_m2(static_cast<size_t>(d.nx) * d.ny, 1.44e8);
  process::ColumnBudget sources;
  sources.allocate(sp.size(), d.nx, d.ny);
  const UtcTime start = *UtcTime::parse("2017-07-02T16:00:00Z");
  EmissionProcess proc(
      std::make_unique<EmissionModel>(test::parse_case(test::emissions_case(dir, false)), g, d, sp, nz), start, area_m2,
      sources);
  state::ChemState st(sp, d.nx, d.ny, nz, 2);
  st.time_s = 10 * 3600.0;
  const double dt = 900.0;
  proc.advance(st, process::MetStep{met, met, met}, dt);
  proc.advance(st, process::MetStep{met, met, met}, dt);  // a second step on the fields of the first

  std::vector<grid::Field3Dd> e;
  proc.model().rates(st.time_s + 0.5 * dt, start, met, e);
  long plume_cells = 0, emitting = 0;
  int not_emitted = 0;
  for (int n = 0; n < sp.size(); ++n) {
    if (e[static_cast<size_t>(n)].size() == 0) {
      // A species the model does not emit: no field, and the process adds nothing to it.
      CHECK_FALSE(proc.model().emits(n));
      ++not_emitted;
      bool untouched = true;
      for (int k = 0; k < nz; ++k)
        for (int j = 0; j < d.ny; ++j)
          for (int i = 0; i < d.nx; ++i) untouched = untouched && st.field(n)(i, j, k) == 0.0;
      for (const double v : sources.per_column(n)) untouched = untouched && v == 0.0;
      CHECK(untouched);
      continue;
    }
    CHECK(proc.model().emits(n));
    const bool gas = sp[n].phase == state::Phase::gas;
    for (int j = 0; j < d.ny; ++j)
      for (int i = 0; i < d.nx; ++i) {
        double column = 0.0;
        for (int k = 0; k < nz; ++k) {
          const double air_kg = met.rho_kg_m3(i, j, k) * met.dz_m(i, j, k) * 1.44e8;
          const double dq =
              gas ? e[n](i, j, k) * dt / (air_kg / constants::k_m_air_kg_mol) : e[n](i, j, k) * 1.0e6 * dt / air_kg;
          const double expected = 0.0 + dq + dq;  // two steps of the same hour
          if (st.field(n)(i, j, k) != expected) {
            INFO(sp[n].name << " cell " << i << " " << j << " " << k);
            CHECK(st.field(n)(i, j, k) == expected);
          }
          if (e[n](i, j, k) != 0.0) {
            ++emitting;
            if (k > 0) ++plume_cells;
          }
          column += 2.0 * dq * air_kg;
        }
        // The budget adds each step's cells in level order: a different sum order, so to
        // round-off (1e-12 of the column's amount).
        CHECK(sources.per_column(n)[static_cast<size_t>(i + d.nx * j)] == Approx(column).epsilon(1e-12).margin(1e-300));
      }
  }
  CHECK(emitting > 100);
  CHECK(not_emitted > 0);  // the test inventory emits 7 of the list's 12 species
  CHECK(plume_cells > 0);  // a plume above the lowest level was among the cells checked
}
