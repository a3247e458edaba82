// Closed-box sulfur and nitrogen budget over the aerosol, dry- and wet-deposition processes:
// initial amount (the "emission") = burden + deposited, with the conversions in between.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <vector>

#include "solver/aerosol/aerosol_process.hpp"
#include "solver/aerosol/aerosol_species.hpp"
#include "solver/deposition/deposition_process.hpp"
#include "unit/aerosol/box_met.hpp"

using namespace lantian;

TEST_CASE("Closed box: S and N budgets close", "[deposition][aerosol][budget]") {
  constexpr double mair = 0.0289644;
  state::SpeciesList sp;
  for (const auto& s : aerosol::aerosol_gas_species()) sp.add(s);
  for (const auto& s : aerosol::aerosol_species()) sp.add(s);
  const int nz = 4;
  state::ChemState st(sp, 2, 1, nz, 0);
  test::BoxMet b;
  b.t_k = 283.0;
  b.rh_qv = 0.007;
  b.precip = 2.0;
  b.lu = 12.0;
  b.sw = 400.0;
  meteo::MetFields m = test::box_met(2, 1, nz, b);
  m.qc_kg_kg(0, 0, 2) = 4e-4;  // a cloud in layer 2 of column 0
  m.qc_kg_kg(1, 0, 1) = 2e-4;
  auto set = [&](const char* n, double v) { st.field(sp.index(n)).fill(v); };
  set("SULF", 0.2e-9);
  set("SO2", 8e-9);
  set("H2O2", 1.5e-9);
  set("O3", 50e-9);
  set("HNO3", 4e-9);
  set("NH3", 15e-9);
  set("ASO4", 3.0);
  set("ANH4", 1.0);
  set("ANO3", 0.5);
  aerosol::AerosolProcess aer(sp, aerosol::AerosolOptions{});
  deposition::DepositionOptions o;
  deposition::DryDeposition dry(sp, o);
  deposition::WetDeposition wet(sp, o);
  const int iso2 = sp.index("SO2"), isulf = sp.index("SULF"), iso4 = sp.index("ASO4");
  const int ihno3 = sp.index("HNO3"), inh3 = sp.index("NH3"), ino3 = sp.index("ANO3"), inh4 = sp.index("ANH4");
  // Column totals [mol m-2].
  auto totals = [&](int i, double& s, double& n) {
    s = n = 0.0;
    for (int k = 0; k < nz; ++k) {
      const double air = m.rho_kg_m3(i, 0, k) * m.dz_m(i, 0, k);
      s += (st.field(iso2)(i, 0, k) + st.field(isulf)(i, 0, k)) * air / mair +
           st.field(iso4)(i, 0, k) * air * 1e-6 / 96.06;
      n += (st.field(ihno3)(i, 0, k) + st.field(inh3)(i, 0, k)) * air / mair +
           st.field(ino3)(i, 0, k) * air * 1e-6 / 62.0 + st.field(inh4)(i, 0, k) * air * 1e-6 / 18.04;
    }
  };
  double s0[2], n0[2];
  for (int i = 0; i < 2; ++i) totals(i, s0[i], n0[i]);
  for (int step = 0; step < 6; ++step) {
    aer.advance(st, {m, m, m}, 600.0);
    dry.advance(st, {m, m, m}, 600.0);
    wet.advance(st, {m, m, m}, 600.0);
  }
  for (int i = 0; i < 2; ++i) {
    double s1, n1;
    totals(i, s1, n1);
    double ds = 0.0, dn = 0.0;
    for (const auto* acc : {&dry.accumulated_dry(), &wet.accumulated_wet()}) {
      ds += (*acc)[iso2][i] + (*acc)[isulf][i] + (*acc)[iso4][i] * 1e-6 / 96.06;
      dn += (*acc)[ihno3][i] + (*acc)[inh3][i] + (*acc)[ino3][i] * 1e-6 / 62.0 + (*acc)[inh4][i] * 1e-6 / 18.04;
    }
    // The brief's tolerance (1e-6 relative); the processes conserve to round-off.
    CHECK(std::fabs(s1 + ds - s0[i]) <= 1e-6 * s0[i]);
    CHECK(std::fabs(n1 + dn - n0[i]) <= 1e-6 * n0[i]);
    CHECK(ds > 0.01 * s0[i]);                  // deposition did something
    CHECK(aer.aqueous_so2_mol_m2()[i] > 0.0);  // and so did the cloud chemistry
  }
}

#include <omp.h>

TEST_CASE("Aerosol and deposition are bitwise identical for 1 and 3 threads", "[deposition][aerosol][omp]") {
  state::SpeciesList sp;
  for (const auto& s : aerosol::aerosol_gas_species()) sp.add(s);
  for (const auto& s : aerosol::aerosol_species()) sp.add(s);
  test::BoxMet b;
  b.precip = 1.5;
  b.hfx = 120.0;
  b.sw = 600.0;
  meteo::MetFields m = test::box_met(5, 4, 3, b);
  for (int j = 0; j < 4; ++j)
    for (int i = 0; i < 5; ++i) {
      m.qc_kg_kg(i, j, 1) = 1e-4 * (i + j);
      m.lu_index(i, j, 0) = 1 + (i + 5 * j) % 17;
      m.temp_k(i, j, 0) = 275.0 + 2.0 * i;
    }
  auto run = [&](int threads, std::vector<double>& out) {
    omp_set_num_threads(threads);
    state::ChemState st(sp, 5, 4, 3, 0);
    for (int n = 0; n < sp.size(); ++n)
      for (int k = 0; k < 3; ++k)
        for (int j = 0; j < 4; ++j)
          for (int i = 0; i < 5; ++i)
            st.field(n)(i, j, k) = (sp[n].phase == state::Phase::gas ? 1e-9 : 1.0) * (1 + n + i + 2 * j + 3 * k);
    aerosol::AerosolProcess aer(sp, aerosol::AerosolOptions{});
    deposition::DryDeposition dry(sp, deposition::DepositionOptions{});
    deposition::WetDeposition wet(sp, deposition::DepositionOptions{});
    for (int s = 0; s < 3; ++s) {
      aer.advance(st, {m, m, m}, 900.0);
      dry.advance(st, {m, m, m}, 900.0);
      wet.advance(st, {m, m, m}, 900.0);
    }
    out.clear();
    for (int n = 0; n < sp.size(); ++n) {
      for (int k = 0; k < 3; ++k)
        for (int j = 0; j < 4; ++j)
          for (int i = 0; i < 5; ++i) out.push_back(st.field(n)(i, j, k));
      for (double v : dry.accumulated_dry()[n]) out.push_back(v);
      for (double v : wet.accumulated_wet()[n]) out.push_back(v);
    }
  };
  std::vector<double> a, c;
  run(1, a);
  run(3, c);
  omp_set_num_threads(1);
  REQUIRE(a.size() == c.size());
  bool finite = true;
  for (double v : a) finite = finite && std::isfinite(v) && v >= 0.0;
  CHECK(finite);
  CHECK(std::memcmp(a.data(), c.data(), a.size() * sizeof(double)) == 0);
}

#include "solver/config/case_config.hpp"

TEST_CASE("Aerosol and deposition keys: defaults and overrides", "[deposition][aerosol][config]") {
  config::Schema s;
  aerosol::declare_aerosol_keys(s);
  deposition::declare_deposition_keys(s);
  const auto cfg = config::CaseConfig::parse(
      s, "[aerosol]\ncloud_ph = 5.0\n[deposition]\nland_use = \"usgs\"\n[deposition.wet]\nfine_b = 0.8\n", "test.toml");
  const aerosol::AerosolOptions a = aerosol::aerosol_options(cfg);
  CHECK(a.cloud_ph == 5.0);
  CHECK(a.soa);
  const deposition::DepositionOptions d = deposition::deposition_options(cfg, 1);
  CHECK_FALSE(d.modis_land_use);
  CHECK(d.fine_wet_b == 0.8);
  CHECK(d.coarse_diameter_um == 5.0);
  CHECK_THROWS_WITH(deposition::deposition_options(cfg, 13), Catch::Contains("month"));
  CHECK_THROWS(config::CaseConfig::parse(s, "[aerosol]\ncloud_ph = 12.0\n", "bad.toml"));
}

#include <chrono>
#include <iostream>

// Hidden (run with `test_deposition "[.bench]"`): one step of each process on the 172 x 127 x 28
// MEIC grid, cloud and rain everywhere, for docs/aerosol.md.
TEST_CASE("Benchmark: one step on the 172 x 127 x 28 grid", "[.bench]") {
  state::SpeciesList sp;
  for (const auto& s : aerosol::aerosol_gas_species()) sp.add(s);
  for (const auto& s : aerosol::aerosol_species()) sp.add(s);
  sp.add({"TOL", state::Phase::gas, 92.14, ""});
  sp.add({"ISOP", state::Phase::gas, 68.12, ""});
  const int nx = 172, ny = 127, nz = 28;
  test::BoxMet b;
  b.qc = 2e-4;
  b.precip = 1.0;
  b.sw = 500.0;
  b.hfx = 100.0;
  const meteo::MetFields m = test::box_met(nx, ny, nz, b);
  state::ChemState st(sp, nx, ny, nz, 0);
  for (int n = 0; n < sp.size(); ++n) st.field(n).fill(sp[n].phase == state::Phase::gas ? 5e-9 : 2.0);
  aerosol::AerosolProcess aer(sp, aerosol::AerosolOptions{});
  deposition::DryDeposition dry(sp, deposition::DepositionOptions{});
  deposition::WetDeposition wet(sp, deposition::DepositionOptions{});
  aer.snapshot_precursors(st);
  st.field(sp.index("TOL")).fill(4e-9);
  st.field(sp.index("ISOP")).fill(3e-9);
  auto time = [&](process::Process& p) {
    const auto t0 = std::chrono::steady_clock::now();
    p.advance(st, {m, m, m}, 600.0);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  const double ta = time(aer), td = time(dry), tw = time(wet);
  std::cout << "aerosol " << ta << " s, dry " << td << " s, wet " << tw << " s (" << omp_get_max_threads()
            << " threads)\n";
  CHECK(ta > 0.0);
}
