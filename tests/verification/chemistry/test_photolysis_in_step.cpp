// Photolysis within a chemistry step (chemistry.photolysis_in_step): CB6r3 urban and rural
// boxes through sunrise and sunset at the model's 900-s chemistry step, integrated as the
// model does (RosenbrockBlock, rtol 1e-3, step memory), with photolysis held at the step's
// middle (constant) or linear between the step's start and end (non-autonomous kernels),
// against a reference with the rate constants at every stage time (ScalarRosenbrock, the
// same sun, rtol 1e-8, no chemistry steps). Also: the time-varying reaction subset
// (RosenbrockBlock::set_time_varying with sun_dependent_reactions) against all reactions.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "solver/chemistry/rate_evaluator.hpp"
#include "solver/chemistry/rosenbrock/rosenbrock.hpp"
#include "solver/core/error.hpp"
#include "support/idealised_sun.hpp"
#include "support/test_data.hpp"

using namespace lantian::chem;

namespace {

struct Setup {
  Mechanism m;
  ChemSystem sys;
  RateEvaluator ev;
  double T = 298.15, P = 101325.0, qv = 0.010;
  Setup() : m(read_mechanism(lantian::test::source_dir() + "/configs/mechanisms/cb6r3.mech")), sys(m), ev(m, sys) {}
  void rates(double t_s, double* k) const {
    CellConditions cc;
    cc.temp_k = T;
    cc.press_pa = P;
    cc.qv_kg_kg = qv;
    cc.coszen = std::max(0.0, lantian::test::idealised_coszen(t_s));
    ev.effective_k(cc, k);
  }
  int idx(const std::string& name) const { return sys.solver_of[static_cast<size_t>(m.find_species(name))]; }
  /// Urban (cell 0) or rural (cell 1) starting mixture [molecule cm-3], solver order.
  std::vector<double> initial(int cell) const {
    const double ppb = 1e-9 * air_density(T, P, qv).dry;
    const std::map<std::string, std::pair<double, double>> ic = {
        {"O3", {40, 40}},    {"NO", {20, 0.2}},     {"NO2", {30, 1}},   {"CO", {500, 150}}, {"FORM", {8, 2}},
        {"ALD2", {4, 0.5}},  {"PAR", {150, 10}},    {"ETH", {10, 0.5}}, {"OLE", {3, 0.2}},  {"TOL", {8, 0.3}},
        {"XYLMN", {5, 0.2}}, {"ISOP", {0.5, 3}},    {"HNO3", {2, 0.5}}, {"PAN", {1, 0.3}},  {"SO2", {10, 1}},
        {"H2O2", {1, 2}},    {"HONO", {0.5, 0.02}}, {"MEOH", {10, 3}},  {"ETHA", {5, 2}}};
    std::vector<double> y(static_cast<size_t>(sys.n), 0.0);
    for (const auto& [name, v] : ic) y[static_cast<size_t>(idx(name))] = (cell == 0 ? v.first : v.second) * ppb;
    return y;
  }
};

enum class Mode { constant, linear };

/// The model's way: 900-s chemistry steps from local midnight for 24 h, two cells in one
/// block; the state [step][n * 2] (block layout) at the end of every chemistry step.
std::vector<std::vector<double>> model_run(const Setup& s, Mode mode, double dt, RosStats& total) {
  const int L = 2, n = s.sys.n, nr = s.sys.nr;
  std::vector<double> y(static_cast<size_t>(n) * L), k(static_cast<size_t>(nr) * L), kd(static_cast<size_t>(nr) * L);
  for (int c = 0; c < L; ++c) {
    const std::vector<double> y0 = s.initial(c);
    for (int i = 0; i < n; ++i) y[static_cast<size_t>(i) * L + c] = y0[static_cast<size_t>(i)];
  }
  RosenbrockBlock blk(s.sys, L);
  RosOptions o;  // the model's defaults
  std::vector<double> hmem(L, 0.0), k0(static_cast<size_t>(nr)), k1(static_cast<size_t>(nr));
  std::vector<std::vector<double>> out;
  const int nsteps = static_cast<int>(86400.0 / dt);
  for (int step = 0; step < nsteps; ++step) {
    const double t0 = step * dt;
    if (mode == Mode::constant) {
      s.rates(t0 + 0.5 * dt, k0.data());
      std::fill(k1.begin(), k1.end(), 0.0);
    } else {
      s.rates(t0, k0.data());
      s.rates(t0 + dt, k1.data());
      for (int r = 0; r < nr; ++r)
        k1[static_cast<size_t>(r)] = (k1[static_cast<size_t>(r)] - k0[static_cast<size_t>(r)]) / dt;
    }
    for (int r = 0; r < nr; ++r)
      for (int c = 0; c < L; ++c) {
        k[static_cast<size_t>(r) * L + c] = k0[static_cast<size_t>(r)];
        kd[static_cast<size_t>(r) * L + c] = k1[static_cast<size_t>(r)];
      }
    const RosStats st =
        blk.integrate(y.data(), k.data(), L, dt, o, nullptr, hmem.data(), mode == Mode::linear ? kd.data() : nullptr);
    REQUIRE_FALSE(st.failed);
    total.steps += st.steps;
    total.rejected += st.rejected;
    out.push_back(y);
  }
  return out;
}

}  // namespace

TEST_CASE("photolysis linear within the chemistry step: NO and OH through sunrise and sunset",
          "[chemistry][verification][photolysis]") {
  const Setup s;
  const double dt = 900.0;
  const int nsteps = static_cast<int>(86400.0 / dt);
  // Reference: rate constants at every stage time (the sun moving continuously), rtol 1e-8.
  std::vector<std::vector<double>> ref(2);  // [cell][step * n]
  {
    ScalarRosenbrock sr(s.sys);
    RosOptions o;
    o.rtol = 1e-8;
    o.atol = 1e-4;
    const RateFunction rf = [&s](double t, double* k) { s.rates(t, k); };
    for (int c = 0; c < 2; ++c) {
      std::vector<double> y = s.initial(c);
      double h = 0.0;
      for (int step = 0; step < nsteps; ++step) {
        const RosStats st = sr.integrate(y.data(), rf, step * dt, dt, o, &h);
        REQUIRE_FALSE(st.failed);
        ref[static_cast<size_t>(c)].insert(ref[static_cast<size_t>(c)].end(), y.begin(), y.end());
      }
    }
  }
  RosStats st_const, st_lin;
  const auto run_const = model_run(s, Mode::constant, dt, st_const);
  const auto run_lin = model_run(s, Mode::linear, dt, st_lin);
  const int n = s.sys.n;
  // Largest relative error of a species at the full hours in [from_h, to_h] local time (as
  // test_chem_box checks), where the reference exceeds 1 % of its peak over the day: OH falls
  // by orders of magnitude at night, where a relative criterion says nothing (rural OH at
  // 20:00, 0.4 % of its peak, is 1.1 % off with linear photolysis).
  auto worst = [&](const std::vector<std::vector<double>>& run, int c, const std::string& name, double from_h,
                   double to_h) {
    const int i = s.idx(name);
    double peak = 0.0;
    for (int step = 0; step < nsteps; ++step)
      peak = std::max(peak, ref[static_cast<size_t>(c)][static_cast<size_t>(step) * n + i]);
    double e = 0.0;
    for (int step = 3; step < nsteps; step += 4) {  // 4 steps of 900 s: the hours
      const double t_h = (step + 1) * dt / 3600.0;
      if (t_h < from_h || t_h > to_h) continue;
      const double r = ref[static_cast<size_t>(c)][static_cast<size_t>(step) * n + i];
      if (r < 1e-2 * peak) continue;
      const double a = run[static_cast<size_t>(step)][static_cast<size_t>(i) * 2 + c];
      e = std::max(e, std::fabs(a - r) / r);
    }
    return e;
  };
  // The sun rises at 05:13 and sets at 18:47 local time (cos(chi) = 0 at hour angle
  // acos(-tan(37.5 deg) tan(15 deg)) = 101.9 deg). Windows: 04-10 h, 16-18 h and the hours
  // after sunset, 20-22 h; the hour just after sunset (19:00) is checked on its own.
  double worst_const = 0.0;
  for (int c = 0; c < 2; ++c)
    for (const char* name : {"NO", "OH"}) {
      for (const auto& [from_h, to_h] : {std::pair{4.0, 10.0}, std::pair{16.0, 18.0}, std::pair{20.0, 22.0}}) {
        const double el = worst(run_lin, c, name, from_h, to_h), ec = worst(run_const, c, name, from_h, to_h);
        INFO((c == 0 ? "urban " : "rural ")
             << name << " " << from_h << "-" << to_h << " h: linear " << el << ", constant " << ec);
        // The criterion: within 1 % of the reference with photolysis linear in the step
        // (measured: at most 0.9 %; constant photolysis: up to 29 %).
        CHECK(el < 0.01);
        worst_const = std::max(worst_const, ec);
      }
      // 19:00, a quarter of an hour after sunset: J falls steeply (exp(-n / cos(chi))) in
      // the last steps before sunset, which a straight line between the steps' ends
      // overestimates. Measured: urban OH 6.9 % (constant: 1.6 %, after 28 % at 18:00),
      // NO below 1 %. Bound 10 %.
      const double e19 = worst(run_lin, c, name, 19.0, 19.0);
      INFO((c == 0 ? "urban " : "rural ") << name << " 19 h: linear " << e19);
      CHECK(e19 < 0.10);
    }
  // Photolysis held at the step's middle is what the linear form corrects: its hourly error
  // exceeds 10 % in these windows (measured 29 %), so the test tells the two apart.
  CHECK(worst_const > 0.10);
  // The non-autonomous steps cost no more internal steps than the constant ones (+10 %;
  // measured: 507 against 817, the jumps of J between steps no longer cause rejections).
  INFO("internal steps: linear " << st_lin.steps << ", constant " << st_const.steps);
  CHECK(st_lin.steps <= 1.1 * st_const.steps);
}

TEST_CASE("linear photolysis: bitwise identical for any block size and kernel variant",
          "[chemistry][photolysis][determinism]") {
  const Setup s;
  const int ncell = 11, n = s.sys.n, nr = s.sys.nr;
  const double dt = 900.0;
  // cells: the urban and rural mixtures scaled by 0.5-1.5, each at its own time around sunrise
  std::vector<double> y0(static_cast<size_t>(ncell) * n), k0(static_cast<size_t>(ncell) * nr),
      kd(static_cast<size_t>(ncell) * nr), ka(static_cast<size_t>(nr)), kb(static_cast<size_t>(nr));
  for (int c = 0; c < ncell; ++c) {
    const std::vector<double> yc = s.initial(c % 2);
    for (int i = 0; i < n; ++i) y0[static_cast<size_t>(c) * n + i] = yc[static_cast<size_t>(i)] * (0.5 + 0.1 * c);
    const double t0 = 4.5 * 3600.0 + 300.0 * c;
    s.rates(t0, ka.data());
    s.rates(t0 + dt, kb.data());
    for (int r = 0; r < nr; ++r) {
      k0[static_cast<size_t>(c) * nr + r] = ka[static_cast<size_t>(r)];
      kd[static_cast<size_t>(c) * nr + r] = (kb[static_cast<size_t>(r)] - ka[static_cast<size_t>(r)]) / dt;
    }
  }
  auto run = [&](int L, ChemIsa isa) {
    std::vector<double> y = y0, hmem(static_cast<size_t>(ncell), 0.0);
    RosenbrockBlock blk(s.sys, L, isa);
    for (int step = 0; step < 2; ++step) {  // the step memory carried into the second step
      const RosStats st =
          blk.integrate_cells(y.data(), k0.data(), ncell, dt, RosOptions{}, nullptr, hmem.data(), kd.data());
      REQUIRE_FALSE(st.failed);
    }
    return y;
  };
  const auto ref = run(1, ChemIsa::baseline);
  for (ChemIsa isa : {ChemIsa::baseline, ChemIsa::avx2, ChemIsa::avx512})
    for (int L : {2, 4, 5, 8, 16}) {
      RosenbrockBlock probe(s.sys, L, isa);
      INFO("block size " << L << ", kernels " << probe.isa_name());
      const auto r = run(L, isa);
      CHECK(std::memcmp(r.data(), ref.data(), r.size() * sizeof(double)) == 0);
    }
  // and the linear path differs from the constant one (the rates of change are used)
  std::vector<double> yc = y0, hm(static_cast<size_t>(ncell), 0.0);
  RosenbrockBlock blk(s.sys, 4);
  REQUIRE_FALSE(blk.integrate_cells(yc.data(), k0.data(), ncell, dt, RosOptions{}, nullptr, hm.data()).failed);
  std::vector<double> yl = y0;
  std::fill(hm.begin(), hm.end(), 0.0);
  REQUIRE_FALSE(
      blk.integrate_cells(yl.data(), k0.data(), ncell, dt, RosOptions{}, nullptr, hm.data(), kd.data()).failed);
  CHECK(std::memcmp(yc.data(), yl.data(), yc.size() * sizeof(double)) != 0);
}

TEST_CASE("time-varying reactions: the sun-dependent subset gives bitwise the results of all reactions",
          "[chemistry][photolysis][determinism]") {
  const Setup s;
  const int ncell = 11, n = s.sys.n, nr = s.sys.nr;
  const double dt = 900.0;
  const std::vector<int> sun = sun_dependent_reactions(s.m);
  // CB6r3: a few dozen photolysis reactions out of ~220
  REQUIRE(sun.size() >= 20);
  REQUIRE(static_cast<int>(sun.size()) < nr / 2);
  std::vector<char> is_sun(static_cast<size_t>(nr), 0);
  for (int r : sun) is_sun[static_cast<size_t>(r)] = 1;
  std::vector<double> y0(static_cast<size_t>(ncell) * n), k0(static_cast<size_t>(ncell) * nr),
      kd(static_cast<size_t>(ncell) * nr), ka(static_cast<size_t>(nr)), kb(static_cast<size_t>(nr));
  int moving = 0;
  for (int c = 0; c < ncell; ++c) {
    const std::vector<double> yc = s.initial(c % 2);
    for (int i = 0; i < n; ++i) y0[static_cast<size_t>(c) * n + i] = yc[static_cast<size_t>(i)] * (0.5 + 0.1 * c);
    const double t0 = 4.5 * 3600.0 + 300.0 * c;  // around sunrise: J grows within the step
    s.rates(t0, ka.data());
    s.rates(t0 + dt, kb.data());
    for (int r = 0; r < nr; ++r) {
      const double d = (kb[static_cast<size_t>(r)] - ka[static_cast<size_t>(r)]) / dt;
      k0[static_cast<size_t>(c) * nr + r] = ka[static_cast<size_t>(r)];
      kd[static_cast<size_t>(c) * nr + r] = d;
      // only the sun moves: every other rate constant is the same at both ends, exactly
      if (!is_sun[static_cast<size_t>(r)]) REQUIRE(d == 0.0);
      moving += d != 0.0;
    }
  }
  REQUIRE(moving > 0);
  auto run = [&](int L, ChemIsa isa, const std::vector<int>* subset, const std::vector<double>& kdot,
                 std::vector<double>* h_out = nullptr) {
    std::vector<double> y = y0, hmem(static_cast<size_t>(ncell), 0.0);
    RosenbrockBlock blk(s.sys, L, isa);
    REQUIRE(blk.time_varying_count() == nr);  // the default: all reactions
    if (subset) {
      blk.set_time_varying(*subset);
      REQUIRE(blk.time_varying_count() == static_cast<int>(subset->size()));
    }
    for (int step = 0; step < 2; ++step) {
      const RosStats st =
          blk.integrate_cells(y.data(), k0.data(), ncell, dt, RosOptions{}, nullptr, hmem.data(), kdot.data());
      REQUIRE_FALSE(st.failed);
    }
    if (h_out) *h_out = hmem;
    return y;
  };
  std::vector<double> h_all, h_sub;
  const auto all = run(1, ChemIsa::baseline, nullptr, kd, &h_all);
  for (ChemIsa isa : {ChemIsa::baseline, ChemIsa::avx2, ChemIsa::avx512})
    for (int L : {1, 3, 4, 8}) {
      RosenbrockBlock probe(s.sys, L, isa);
      INFO("block size " << L << ", kernels " << probe.isa_name());
      const auto r = run(L, isa, &sun, kd, &h_sub);
      CHECK(std::memcmp(r.data(), all.data(), r.size() * sizeof(double)) == 0);
      CHECK(std::memcmp(h_sub.data(), h_all.data(), h_sub.size() * sizeof(double)) == 0);
    }
  // The list decides: a reaction left out has its dk/dt ignored. Without NO2's photolysis
  // (the largest J, first of the list) the result equals the run with that dk/dt zeroed, and
  // differs from the run with every reaction time-varying.
  const std::vector<int> most(sun.begin() + 1, sun.end());
  std::vector<double> kd0 = kd;
  for (int c = 0; c < ncell; ++c) kd0[static_cast<size_t>(c) * nr + sun.front()] = 0.0;
  const auto r_most = run(4, ChemIsa::best, &most, kd);
  const auto r_zeroed = run(4, ChemIsa::best, nullptr, kd0);
  CHECK(std::memcmp(r_most.data(), r_zeroed.data(), r_most.size() * sizeof(double)) == 0);
  CHECK(std::memcmp(r_most.data(), all.data(), r_most.size() * sizeof(double)) != 0);
  // bad indices are errors; duplicates and order do not matter
  RosenbrockBlock blk(s.sys, 4);
  CHECK_THROWS_AS(blk.set_time_varying({0, nr}), lantian::Error);
  CHECK_THROWS_AS(blk.set_time_varying({-1}), lantian::Error);
  blk.set_time_varying({5, 2, 5, 2});
  CHECK(blk.time_varying_count() == 2);
  blk.set_all_time_varying();
  CHECK(blk.time_varying_count() == nr);
}

TEST_CASE("sun_dependent_reactions: photolysis, SUN powers and references to them", "[chemistry][photolysis]") {
  // a reference to a photolysis reaction varies with the sun; one to a thermal law does not
  const Mechanism m = parse_lantian(
      "mechanism REFS\n"
      "species NO\nspecies NO2\nspecies O3\nspecies O\n"
      "R1: NO2 -> NO + O ; photo NO2_IUPAC10 1\n"
      "R2: O -> O3 ; arr 1e5 0 0\n"
      "R3: NO + O3 -> NO2 ; arr 1.8e-12 0 1370\n"
      "R4: O3 -> O ; ref R1 0.01\n"
      "R5: NO2 -> NO + O3 ; sun 1 8e-3\n"
      "R6: NO2 + O -> NO ; ref R3 2\n",
      "refs");
  CHECK(sun_dependent_reactions(m) == std::vector<int>{0, 3, 4});
}
