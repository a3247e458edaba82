// RateEvaluator's compiled program (shared temperature factors, rate laws grouped by form,
// cells in blocks) against the rate laws evaluated one reaction at a time
// (Mechanism::rate_constants, the form-by-form definitions of docs/chemistry.md) with the fixed
// species multiplied in; and the block entry point bitwise equal to the single-cell one.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>

#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "solver/chemistry/rate_evaluator.hpp"
#include "solver/core/text.hpp"
#include "support/test_data.hpp"

using namespace lantian::chem;

namespace {

std::vector<CellConditions> random_conditions(int n, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<CellConditions> c(static_cast<size_t>(n));
  for (auto& x : c) {
    x.temp_k = 200.0 + 120.0 * u(rng);
    x.press_pa = 5000.0 + 100000.0 * u(rng);
    x.qv_kg_kg = 0.02 * u(rng);
    x.coszen = u(rng) < 0.25 ? -0.2 * u(rng) : u(rng);  // a quarter at night
    x.cloud_factor = 0.3 + 1.2 * u(rng);
  }
  return c;
}

/// k of every reaction, one law at a time, fixed concentrations multiplied in.
std::vector<double> reference_k(const Mechanism& m, const ChemSystem& sys, const CellConditions& c, double j_scale) {
  const AirDensity a = air_density(c.temp_k, c.press_pa, c.qv_kg_kg);
  RateEnv env;
  env.temp_k = c.temp_k;
  env.press_pa = c.press_pa;
  env.m_molec_cm3 = a.total;
  const double cf = c.cloud_factor * j_scale;
  std::vector<double> j(m.photolysis_names.size() + 1), k(m.reactions.size());
  if (!m.photolysis_names.empty()) PhotolysisMap(m.photolysis_names).evaluate(c.coszen, cf, j.data());
  m.rate_constants(env, j.data(), sun_factor(c.coszen) * cf, k.data());
  for (int r = 0; r < sys.nr; ++r)
    for (int q = sys.fixed_ptr[static_cast<size_t>(r)]; q < sys.fixed_ptr[static_cast<size_t>(r) + 1]; ++q) {
      const Species& sp = m.species[static_cast<size_t>(sys.fixed_sp[static_cast<size_t>(q)])];
      const std::string u = lantian::text::upper(sp.name);
      const double conc = sp.fixed_mixing_ratio >= 0.0 ? sp.fixed_mixing_ratio * a.dry
                          : u == "M" || u == "AIR"     ? a.total
                          : u == "O2"                  ? 0.2095 * a.dry
                          : u == "N2"                  ? 0.7808 * a.dry
                                                       : a.h2o;
      k[static_cast<size_t>(r)] *= conc;
    }
  return k;
}

void check_mechanism(const std::string& file) {
  INFO(file);
  const Mechanism m = read_mechanism(file);
  const ChemSystem sys(m);
  const RateEvaluator ev(m, sys);
  std::mt19937 rng(7);
  const int ncell = 45;  // three blocks of 16, the last one partial
  const auto cells = random_conditions(ncell, rng);
  const int nr = sys.nr;
  std::vector<double> kb(static_cast<size_t>(ncell) * nr), k1(static_cast<size_t>(nr));
  ev.effective_k_cells(cells.data(), ncell, kb.data(), 0.8);
  int exact = 0, thermal_falloff = 0;
  for (int c = 0; c < ncell; ++c) {
    const auto ref = reference_k(m, sys, cells[static_cast<size_t>(c)], 0.8);
    ev.effective_k(cells[static_cast<size_t>(c)], k1.data(), 0.8);
    // the block entry point gives the single-cell result bit for bit, wherever the cell sits
    REQUIRE(std::memcmp(k1.data(), kb.data() + static_cast<size_t>(c) * nr, sizeof(double) * nr) == 0);
    for (int r = 0; r < nr; ++r) {
      const RateKind kind = m.reactions[static_cast<size_t>(r)].rate.kind;
      INFO("reaction " << m.reactions[static_cast<size_t>(r)].label << ", cell " << c);
      const double x = k1[static_cast<size_t>(r)], y = ref[static_cast<size_t>(r)];
      if (kind == RateKind::troe || kind == RateKind::sum_m || kind == RateKind::hno3_oh ||
          kind == RateKind::reference) {
        // The program multiplies by 1/T where the law divides by T (and shares exp factors
        // between limbs): at most a few units in the last place of the exponent's argument
        // (|x| < 40 here), so a relative 1e-13 bounds the difference with a margin of ~10.
        CHECK(std::fabs(x - y) <= 1e-13 * std::fabs(y));
        ++thermal_falloff;
      } else {
        // Arrhenius, photolysis, SUN, external: the same operations in the same order.
        CHECK(x == y);
        ++exact;
      }
    }
  }
  CHECK(exact > 0);
  WARN(file << ": " << exact << " values bit for bit, " << thermal_falloff << " within 1e-13; "
            << ev.cost().exp_temperature << " temperature factors, " << ev.cost().falloff << " fall-off, "
            << ev.cost().photolysis_channels << " photolysis channels per cell");
}

}  // namespace

TEST_CASE("compiled rate program equals the rate laws one by one", "[chemistry][rates]") {
  check_mechanism(lantian::test::source_dir() + "/configs/mechanisms/cb6r3.mech");
  for (const char* f : {"mechanisms/kpp/saprc99.def", "mechanisms/kpp/small_strato.def"}) {
    const std::string path = lantian::test::shared_data(f);
    if (path.empty()) {
      WARN("shared test data missing: " << f);
      continue;
    }
    check_mechanism(path);
  }
}

TEST_CASE("temperature factors are shared between reactions", "[chemistry][rates]") {
  const Mechanism m = read_mechanism(lantian::test::source_dir() + "/configs/mechanisms/cb6r3.mech");
  const ChemSystem sys(m);
  const RateEvaluator ev(m, sys);
  // Count the temperature-dependent Arrhenius terms of the laws (2 per fall-off and sum_m,
  // 3 per hno3_oh); the program needs one exponential per distinct (B, C) only.
  int terms = 0;
  for (const auto& r : m.reactions) {
    const int nt = r.rate.kind == RateKind::arrhenius                                ? 1
                   : r.rate.kind == RateKind::troe || r.rate.kind == RateKind::sum_m ? 2
                   : r.rate.kind == RateKind::hno3_oh                                ? 3
                                                                                     : 0;
    for (int t = 0; t < nt; ++t) terms += r.rate.p[3 * t + 1] != 0.0 || r.rate.p[3 * t + 2] != 0.0;
  }
  CHECK(ev.cost().exp_temperature > 0);
  CHECK(ev.cost().exp_temperature < terms);
  // CB6r3's 24 photolysis names use fewer MCM channels than the table holds
  CHECK(ev.cost().photolysis_channels > 0);
  CHECK(ev.cost().photolysis_channels < static_cast<int>(mcm_channels().size()));
}

TEST_CASE("rates of change over a step: the sun's reactions alone, bitwise as two full evaluations",
          "[chemistry][rates]") {
  std::vector<std::string> paths{lantian::test::source_dir() + "/configs/mechanisms/cb6r3.mech"};
  // SAPRC-99 from KPP: photolysis as powers of KPP's SUN
  if (const std::string p = lantian::test::shared_data("mechanisms/kpp/saprc99.def"); !p.empty()) paths.push_back(p);
  for (const std::string& path : paths) {
    INFO(path);
    const Mechanism m = read_mechanism(path);
    const ChemSystem sys(m);
    const RateEvaluator ev(m, sys);
    REQUIRE(!ev.time_varying_reactions().empty());
    std::mt19937 rng(7);
    const int nc = 37;  // more than one block of the evaluator, and a partial one
    std::vector<CellConditions> c0 = random_conditions(nc, rng), c1 = c0;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (auto& x : c1) {  // the sun moves; temperature, pressure and humidity do not
      x.coszen = u(rng) < 0.25 ? -0.1 * u(rng) : u(rng);
      x.cloud_factor = 0.3 + 1.2 * u(rng);
    }
    const int nr = sys.nr;
    const double dt = 900.0;
    std::vector<double> k0(static_cast<size_t>(nc) * nr), k1(k0.size()), kdot(k0.size(), -1.0);
    ev.effective_k_cells(c0.data(), nc, k0.data());
    ev.effective_k_cells(c1.data(), nc, k1.data());
    ev.sun_slope_cells(c1.data(), nc, k0.data(), dt, kdot.data());
    std::vector<char> varies(static_cast<size_t>(nr), 0);
    for (int r : ev.time_varying_reactions()) varies[static_cast<size_t>(r)] = 1;
    int differ = 0, moving = 0;
    for (int c = 0; c < nc; ++c)
      for (int r = 0; r < nr; ++r) {
        const size_t q = static_cast<size_t>(c) * nr + r;
        const double want = (k1[q] - k0[q]) / dt;
        if (varies[static_cast<size_t>(r)]) {
          differ += std::memcmp(&want, &kdot[q], sizeof(double)) != 0;
        } else {
          CHECK(k1[q] == k0[q]);   // the others do not move,
          CHECK(kdot[q] == -1.0);  // and their entries are left to the caller (never written)
        }
        moving += kdot[q] != 0.0;
      }
    CHECK(differ == 0);
    CHECK(moving > 0);
  }
}

TEST_CASE("photolysis frequencies shared by a column give the cell's own bits", "[chemistry][rates]") {
  // The model evaluates the clear-sky frequencies once per column (photolysis_raw) and each
  // cell multiplies them by its cloud factor: k and dk/dt must be those of the cell's own
  // evaluation, bit for bit, in daylight and in the dark.
  const Mechanism m = read_mechanism(lantian::test::source_dir() + "/configs/mechanisms/cb6r3.mech");
  const ChemSystem sys(m);
  const RateEvaluator ev(m, sys);
  REQUIRE(ev.photolysis_names() > 0);
  std::mt19937 rng(11);
  const int nc = 37;
  std::vector<CellConditions> own = random_conditions(nc, rng), shared = own, own1 = own;
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> raw(static_cast<size_t>(nc) * ev.photolysis_names()), raw1(raw.size());
  for (int c = 0; c < nc; ++c) {
    own[static_cast<size_t>(c)].coszen = c % 5 == 0 ? -0.2 : u(rng);
    own[static_cast<size_t>(c)].cloud_factor = 0.3 + 1.2 * u(rng);
    own1[static_cast<size_t>(c)] = own[static_cast<size_t>(c)];
    own1[static_cast<size_t>(c)].coszen = c % 7 == 0 ? 0.0 : u(rng);
  }
  std::vector<CellConditions> shared1 = own1;
  shared = own;
  for (int c = 0; c < nc; ++c) {
    double* r0 = raw.data() + static_cast<size_t>(c) * ev.photolysis_names();
    double* r1 = raw1.data() + static_cast<size_t>(c) * ev.photolysis_names();
    ev.photolysis_raw(own[static_cast<size_t>(c)].coszen, r0);
    ev.photolysis_raw(own1[static_cast<size_t>(c)].coszen, r1);
    shared[static_cast<size_t>(c)].j_raw = r0;
    shared1[static_cast<size_t>(c)].j_raw = r1;
  }
  const size_t nk = static_cast<size_t>(nc) * sys.nr;
  std::vector<double> ka(nk), kb(nk), da(nk, 0.0), db(nk, 0.0);
  ev.effective_k_cells(own.data(), nc, ka.data(), 1.3);
  ev.effective_k_cells(shared.data(), nc, kb.data(), 1.3);
  CHECK(std::memcmp(ka.data(), kb.data(), nk * sizeof(double)) == 0);
  ev.sun_slope_cells(own1.data(), nc, ka.data(), 450.0, da.data(), 1.3);
  ev.sun_slope_cells(shared1.data(), nc, ka.data(), 450.0, db.data(), 1.3);
  CHECK(std::memcmp(da.data(), db.data(), nk * sizeof(double)) == 0);
  int moving = 0;  // the sun moved: photolysis rates of change were compared, not only zeros
  for (double x : db) moving += x != 0.0;
  CHECK(moving > 0);
}
