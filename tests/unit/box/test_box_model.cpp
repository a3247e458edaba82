// The box model (solver/chemistry/box): KPP's Update_SUN, the --sun forms, #INITVALUES and
// --init files, analytic solutions of small mechanisms, rate constants at every stage time,
// and the sparse one-cell solver against the dense scalar reference on SAPRC-99 and CB6r3.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "solver/chemistry/box/box_model.hpp"
#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "solver/core/error.hpp"
#include "support/test_data.hpp"

using namespace lantian::chem;
using Catch::Matchers::Contains;

namespace {

constexpr double k_air = 2.5e19;  // [molecule cm-3]

BoxConditions air_box() {
  BoxConditions c;
  c.temp_k = 298.0;
  c.air_molec_cm3 = k_air;
  return c;
}

SunSpec constant_sun(double s) {
  SunSpec x;
  x.kind = SunSpec::Kind::constant;
  x.value = s;
  return x;
}

/// Column of species `name` (mechanism variable order, after time) in a run's rows.
size_t column(const BoxModel& b, const std::string& name) {
  const auto var = b.mechanism().variable();
  for (size_t q = 0; q < var.size(); ++q)
    if (b.mechanism().species[static_cast<size_t>(var[q])].name == name) return q + 1;
  FAIL("no species " << name);
  return 0;
}

RosOptions tight(double rtol) {
  RosOptions o;
  o.rtol = rtol;
  o.atol = 1e-3;  // [molecule cm-3]: 4e-14 ppb, far below every value compared
  return o;
}

}  // namespace

TEST_CASE("kpp_update_sun is KPP's Update_SUN", "[box]") {
  // Hand values of (1 + cos(pi T))/2, T = sign(x) x^2, x = (2 t - 24) / 15, t the local hour.
  CHECK(kpp_update_sun(0.0) == 0.0);
  CHECK(kpp_update_sun(4.4 * 3600) == 0.0);
  CHECK(kpp_update_sun(19.6 * 3600) == 0.0);
  CHECK(kpp_update_sun(12.0 * 3600) == 1.0);                                                      // x = 0
  CHECK(kpp_update_sun(36.0 * 3600) == 1.0);                                                      // noon of day 2
  CHECK(kpp_update_sun(8.25 * 3600) == Approx((1 + std::cos(M_PI * -0.25)) / 2).epsilon(1e-14));  // x = -1/2
  CHECK(kpp_update_sun(15.75 * 3600) == Approx((1 + std::cos(M_PI * 0.25)) / 2).epsilon(1e-14));  // x = +1/2
  CHECK(kpp_update_sun(4.5 * 3600) == Approx(0.0).margin(1e-20));                                 // sunrise: cos(-pi)
  CHECK(kpp_update_sun(19.5 * 3600) == Approx(0.0).margin(1e-20));
  CHECK(kpp_update_sun(24 * 3600 + 8.25 * 3600) == Approx(kpp_update_sun(8.25 * 3600)).epsilon(1e-13));
}

TEST_CASE("--sun forms", "[box]") {
  CHECK(parse_sun("constant:0.5").value == 0.5);
  CHECK(parse_sun("kpp-diurnal").kind == SunSpec::Kind::kpp_diurnal);
  CHECK(parse_sun("kpp-diurnal:12").start_hour == 12.0);
  const SunSpec z = parse_sun("zenith:37.5,121.4,2026-06-21T04:00:00Z");
  CHECK(z.kind == SunSpec::Kind::zenith);
  CHECK(z.lat_deg == 37.5);
  CHECK(z.lon_deg == 121.4);
  CHECK(z.start.iso() == "2026-06-21 04:00:00");
  for (const char* bad : {"", "constant", "constant:-1", "constant:x", "kpp-diurnal:25", "sunny", "zenith:1,2",
                          "zenith:95,0,2026-01-01", "zenith:10,20,2026-02-30"})
    CHECK_THROWS_AS(parse_sun(bad), lantian::Error);
  CHECK_THROWS_WITH(parse_sun("zenith:10,20,2026-02-30"), Contains("not a UTC time"));
}

TEST_CASE("init files: header, comments, errors with file and line", "[box]") {
  const std::string dir = lantian::test::scratch_dir("box_init");
  {
    std::ofstream(dir + "/ok.csv") << "species,ppb\n# a comment\n\nNO, 10\nO3,40.5\n";
    const auto v = read_box_init(dir + "/ok.csv");
    REQUIRE(v.size() == 2);
    CHECK(v[0].species == "NO");
    CHECK(v[1].ppb == 40.5);
    CHECK(v[1].line == 5);
  }
  std::ofstream(dir + "/neg.csv") << "NO,10\nO3,-1\n";
  CHECK_THROWS_WITH(read_box_init(dir + "/neg.csv"), Contains("neg.csv:2") && Contains("negative"));
  std::ofstream(dir + "/nan.csv") << "NO,ten\n";
  CHECK_THROWS_WITH(read_box_init(dir + "/nan.csv"), Contains("nan.csv:1") && Contains("not a number"));
  std::ofstream(dir + "/dup.csv") << "NO,1\nNO,2\n";
  CHECK_THROWS_WITH(read_box_init(dir + "/dup.csv"), Contains("dup.csv:2") && Contains("twice"));
  CHECK_THROWS_WITH(read_box_init(dir + "/absent.csv"), Contains("absent.csv") && Contains("cannot read"));
  // an unknown species is found when the box is set up
  Mechanism m = parse_lantian("mechanism T\nspecies A\nspecies B\nR1: A -> B ; arr 1e-3 0 0\n", "t.mech");
  std::ofstream(dir + "/unk.csv") << "A,1\nXYZ,2\n";
  CHECK_THROWS_WITH(
      BoxModel(m, air_box(), constant_sun(0), KppInitValues{}, read_box_init(dir + "/unk.csv"), dir + "/unk.csv"),
      Contains("unk.csv:2") && Contains("unknown species XYZ"));
}

TEST_CASE("first order A -> B: exponential decay", "[box][verification]") {
  const double k = 1e-3;  // [s-1]
  Mechanism m = parse_lantian("mechanism T\nspecies A\nspecies B\nR1: A -> B ; arr 1e-3 0 0\n", "t.mech");
  const BoxModel box(std::move(m), air_box(), constant_sun(0), KppInitValues{}, {{"A", 100.0, 1}}, "init.csv");
  const auto rows = box.run(2.0, 600.0, tight(1e-9));
  REQUIRE(rows.size() == 13);
  const size_t a = column(box, "A"), b = column(box, "B");
  for (const auto& r : rows) {
    const double t = r[0] * 3600.0, exact = 100.0 * std::exp(-k * t);
    // Each accepted step's local error is below rtol |y| + atol; over the <= ~100 steps of a run
    // the global error stays below ~1e2 rtol = 1e-7 relative (plus round-off).
    CHECK(r[a] == Approx(exact).epsilon(1e-7));
    CHECK(r[a] + r[b] == Approx(100.0).epsilon(1e-12));  // A + B is a linear invariant: round-off only
  }
}

TEST_CASE("second order A + A -> B: 1/A = 1/A0 + 2kt", "[box][verification]") {
  // rate = k [A]^2, two A consumed per reaction: d[A]/dt = -2k[A]^2 (molecule cm-3)
  const double k = 1e-15;  // [cm3 molecule-1 s-1]
  Mechanism m = parse_lantian("mechanism T\nspecies A\nspecies B\nR1: A + A -> B ; arr 1e-15 0 0\n", "t.mech");
  const BoxModel box(std::move(m), air_box(), constant_sun(0), KppInitValues{}, {{"A", 100.0, 1}}, "init.csv");
  const auto rows = box.run(1.0, 300.0, tight(1e-9));
  const size_t a = column(box, "A"), b = column(box, "B");
  const double a0 = 100e-9 * k_air;
  for (const auto& r : rows) {
    const double t = r[0] * 3600.0, exact = 1.0 / (1.0 / a0 + 2.0 * k * t) / k_air * 1e9;
    CHECK(r[a] == Approx(exact).epsilon(1e-7));  // as for first order: ~1e2 steps x rtol
    CHECK(r[a] + 2.0 * r[b] == Approx(100.0).epsilon(1e-12));
  }
}

TEST_CASE("reversible A <-> B relaxes to equilibrium", "[box][verification]") {
  const double kf = 2e-3, kb = 5e-4;
  Mechanism m = parse_lantian("mechanism T\nspecies A\nspecies B\nF: A -> B ; arr 2e-3 0 0\nR: B -> A ; arr 5e-4 0 0\n",
                              "t.mech");
  const BoxModel box(std::move(m), air_box(), constant_sun(0), KppInitValues{}, {{"A", 50.0, 1}, {"B", 10.0, 2}},
                     "init.csv");
  const auto rows = box.run(3.0, 900.0, tight(1e-9));
  const size_t a = column(box, "A");
  const double aeq = 60.0 * kb / (kf + kb);
  for (const auto& r : rows) {
    const double t = r[0] * 3600.0, exact = aeq + (50.0 - aeq) * std::exp(-(kf + kb) * t);
    CHECK(r[a] == Approx(exact).epsilon(1e-7));
  }
  CHECK(rows.back()[a] == Approx(aeq).epsilon(1e-5));  // exp(-2.5e-3 x 10800) = 2e-12 from the limit
}

TEST_CASE("NO-NO2-O3 photostationary state under a constant sun", "[box][verification]") {
  // J [NO2] = k [NO][O3] with NOx = NO + NO2 and Ox = O3 + NO2 conserved: x = [NO2] is the root
  // in [0, min(NOx, Ox)] of k (N - x)(O - x) - J x = 0. Sun factor 0.6 multiplies J = 8e-3 s-1.
  Mechanism m = parse_lantian(
      "mechanism PSS\nspecies NO\nspecies NO2\nspecies O3\n"
      "R1: NO2 -> NO + O3 ; sun 1 8e-3\nR2: NO + O3 -> NO2 ; arr 1.8e-12 0 1370\n",
      "pss.mech");
  const BoxModel box(std::move(m), air_box(), constant_sun(0.6), KppInitValues{},
                     {{"NO", 5.0, 1}, {"NO2", 20.0, 2}, {"O3", 30.0, 3}}, "init.csv");
  const auto rows = box.run(2.0, 3600.0, tight(1e-10));
  const double j = 0.6 * 8e-3, k = 1.8e-12 * std::exp(-1370.0 / 298.0);
  const double n = 25e-9 * k_air, o = 50e-9 * k_air;
  // k x^2 - (k (N + O) + J) x + k N O = 0, smaller root
  const double bq = k * (n + o) + j, x = (bq - std::sqrt(bq * bq - 4 * k * k * n * o)) / (2 * k);
  const auto& last = rows.back();
  // relaxation time 1/(J + k(NO + O3)) ~ 150 s: after 2 h the transient is e^-48 away; what
  // remains is the integration error, ~1e2 steps x rtol 1e-10
  CHECK(last[column(box, "NO2")] == Approx(x / k_air * 1e9).epsilon(1e-7));
  CHECK(last[column(box, "NO")] == Approx((n - x) / k_air * 1e9).epsilon(1e-7));
  CHECK(last[column(box, "O3")] == Approx((o - x) / k_air * 1e9).epsilon(1e-7));
}

TEST_CASE("rate constants follow the sun at every stage time: A -> B with k = c SUN(t)", "[box][verification]") {
  // [A](t) = A0 exp(-c integral of SUN): the integral by composite Simpson on 1-s panels
  // (error ~1e-13 relative for this smooth S). A solver that held k for a whole step would
  // miss it by O(h dk/dt) per step (~1e-3 here with its 10-30 min steps); with the stage times
  // and the h gamma_i df/dt term the error is that of the tolerance.
  const double c = 1e-4;  // [s-1]
  auto check = [&](double start_hour, double hours, double tol) {
    Mechanism m = parse_lantian("mechanism T\nspecies A\nspecies B\nR1: A -> B ; sun 1 1e-4\n", "t.mech");
    SunSpec sun;
    sun.kind = SunSpec::Kind::kpp_diurnal;
    sun.start_hour = start_hour;
    const BoxModel box(std::move(m), air_box(), sun, KppInitValues{}, {{"A", 100.0, 1}}, "init.csv");
    CHECK(box.clock_start_s() == start_hour * 3600.0);
    const auto rows = box.run(hours, 3600.0, tight(1e-10));
    const size_t a = column(box, "A");
    double integral = 0.0, t_prev = box.clock_start_s(), worst = 0.0;
    for (const auto& r : rows) {
      const double t = box.clock_start_s() + r[0] * 3600.0;
      const int np = static_cast<int>(std::lround(t - t_prev));
      for (int q = 0; q < np; ++q) {
        const double t0 = t_prev + q, h = 1.0;
        integral += h / 6.0 * (kpp_update_sun(t0) + 4.0 * kpp_update_sun(t0 + h / 2) + kpp_update_sun(t0 + h));
      }
      t_prev = t;
      const double exact = 100.0 * std::exp(-c * integral);
      CHECK(r[a] == Approx(exact).epsilon(tol));
      worst = std::max(worst, std::fabs(r[a] / exact - 1.0));
    }
    CHECK(rows.back()[a] < 50.0);  // the sun did act
    WARN("k = c SUN(t) from " << start_hour << " h for " << hours << " h: largest relative error " << worst);
  };
  // Daylight only (6 h to 18 h): S is smooth; ~1e2 steps x rtol 1e-10.
  check(6.0, 12.0, 1e-8);
  // Through sunrise (4.5 h) and sunset (19.5 h): S is C1 there but S'' jumps, which the order-3
  // method's embedded error estimate sees only partly when one step straddles the kink (night
  // steps grow to the output interval, f being 0 there): measured 4e-8, hence 1e-7.
  check(4.0, 17.0, 1e-7);
}

TEST_CASE("KPP #INITVALUES: CFACTOR, ALL_SPEC, fixed species", "[box]") {
  const std::string def = lantian::test::shared_data("mechanisms/kpp/saprc99.def");
  if (def.empty()) return;
  Mechanism m = read_mechanism(def);
  const KppInitValues iv = read_kpp_initvalues(def, m);
  REQUIRE(iv.present);
  CHECK(iv.cfactor == 2.4476e13);
  CHECK(iv.molec_cm3(m, m.find_species("NO")) == 1.0e-1 * 2.4476e13);
  CHECK(iv.molec_cm3(m, m.find_species("AIR")) == 1.0e6 * 2.4476e13);
  CHECK(iv.molec_cm3(m, m.find_species("H2")) == 0.0);  // not named: ALL_SPEC = 0, as KPP
  CHECK(iv.molec_cm3(m, m.find_species("OH")) == 0.0);
  // --init overrides a fixed species (ppb of M)
  BoxConditions c;
  c.temp_k = 300.0;
  c.air_molec_cm3 = 2.4476e19;
  const BoxModel box(m, c, constant_sun(1.0), iv, {{"H2", 500.0, 1}}, "init.csv");
  CHECK(box.fixed_molec_cm3(box.mechanism().find_species("H2")) == Approx(500e-9 * 2.4476e19).epsilon(1e-15));
  CHECK(box.fixed_molec_cm3(box.mechanism().find_species("O2")) == 2.09e5 * 2.4476e13);
  // errors name the file and line
  const std::string dir = lantian::test::scratch_dir("box_kpp");
  std::ofstream(dir + "/bad.def") << "#INCLUDE x.spc\n#INITVALUES\n CFACTOR = 1.;\n NOPE = 1.0;\n";
  CHECK_THROWS_WITH(read_kpp_initvalues(dir + "/bad.def", m), Contains("bad.def:4") && Contains("NOPE"));
  std::ofstream(dir + "/bad2.def") << "#INITVALUES\n NO = 1.0q0;\n";
  CHECK_THROWS_WITH(read_kpp_initvalues(dir + "/bad2.def", m), Contains("bad2.def:2") && Contains("not a number"));
}

namespace {

/// Sparse (the box's solver) against the dense scalar reference, both at rtol 1e-10.
void compare_with_dense(const BoxModel& box, double hours, double every_s) {
  RosOptions o;
  o.rtol = 1e-10;
  o.atol = 1e-2;  // [molecule cm-3]
  const auto sparse = box.run(hours, every_s, o);
  const auto dense = box.run(hours, every_s, o, true);
  REQUIRE(sparse.size() == dense.size());
  const double floor_ppb = 1e3 * o.atol / box.air_molec_cm3() * 1e9;
  double worst = 0.0;
  for (size_t r = 0; r < sparse.size(); ++r)
    for (size_t q = 1; q < sparse[r].size(); ++q) {
      // Same method, controller and tolerances; only the linear algebra's round-off differs
      // (Markowitz-ordered sparse LU vs dense LU), so the two runs take the same steps until an
      // error norm near 1 tips one decision, and then differ by the global error of either:
      // ~1e2-1e3 steps x rtol 1e-10 <= 1e-7 relative. Values below 1e3 atol (4e-11 ppb) are
      // compared absolutely at that floor.
      const double a = sparse[r][q], b = dense[r][q];
      INFO("row " << r << " column " << q);
      CHECK(std::fabs(a - b) <= 1e-7 * std::max(std::fabs(a), std::fabs(b)) + floor_ppb);
      if (std::max(a, b) > floor_ppb) worst = std::max(worst, std::fabs(a - b) / std::max(a, b));
    }
  WARN(box.mechanism().name << ": largest relative difference sparse vs dense " << worst);
}

}  // namespace

TEST_CASE("SAPRC-99 (KPP file) box: sparse solver agrees with the dense reference", "[box][verification]") {
  const std::string def = lantian::test::shared_data("mechanisms/kpp/saprc99.def");
  if (def.empty()) return;
  Mechanism m = read_mechanism(def);
  const KppInitValues iv = read_kpp_initvalues(def, m);
  BoxConditions c;  // KPP's example: TEMP = 300 K, M = 1e6 CFACTOR (as its FALL/EP2/EP3 use it)
  c.temp_k = 300.0;
  c.air_molec_cm3 = 1e6 * iv.cfactor;
  SunSpec sun;
  sun.kind = SunSpec::Kind::kpp_diurnal;
  sun.start_hour = 12.0;  // KPP's TSTART; through sunset at 19.5 h
  const BoxModel box(std::move(m), c, sun, iv, {}, "");
  compare_with_dense(box, 9.0, 3600.0);
}

TEST_CASE("CB6r3 box: sparse solver agrees with the dense reference", "[box][verification]") {
  Mechanism m = read_mechanism(lantian::test::source_dir() + "/configs/mechanisms/cb6r3.mech");
  BoxConditions c;
  c.temp_k = 298.0;
  c.press_pa = 101325.0;
  SunSpec sun;
  sun.kind = SunSpec::Kind::kpp_diurnal;
  sun.start_hour = 4.0;  // through sunrise at 4.5 h
  const std::vector<BoxInitValue> init = {
      {"NO", 5, 1},   {"NO2", 15, 2}, {"O3", 40, 3},  {"CO", 200, 4}, {"FORM", 5, 5},   {"ALD2", 2, 6},  {"ISOP", 2, 7},
      {"PAR", 50, 8}, {"ETH", 2, 9},  {"OLE", 1, 10}, {"TOL", 2, 11}, {"XYLMN", 1, 12}, {"H2O", 1e7, 13}};
  const BoxModel box(std::move(m), c, sun, KppInitValues{}, init, "init.csv");
  compare_with_dense(box, 4.0, 1800.0);
}
