// The process base (solver/process/process.hpp): the one entry point runs the scheme, times it
// under the process's name and, when asked (run.nan_check = "process"), checks the state: the
// rank that holds a non-finite value throws alone, naming the species, the global cell, the
// process and the time; the other ranks go on (no collective: lantian's MPI_Abort stops them).
// check_finite() with the step's wording is the check of run.nan_check = "step". Runs on 1 and
// 2 ranks; on 2 the bad cell lies on one rank only.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "meteo/met_fields.hpp"
#include "solver/core/error.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/process/process.hpp"

using namespace lantian;

namespace {

/// Writes `value` into global cell (gi, gj, k) of species n, on the rank that owns it.
class Poke final : public process::Process {
 public:
  Poke(const parallel::Decomposition& d, int n, int gi, int gj, int k, double value, bool changes)
      : d_(d), n_(n), gi_(gi), gj_(gj), k_(k), value_(value), changes_(changes) {}
  std::string name() const override { return "poke"; }
  bool changes_state() const override { return changes_; }
  int calls = 0;

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep&, double dt_s) override {
    ++calls;
    st.time_s += dt_s;
    const int i = gi_ - d_.i0, j = gj_ - d_.j0;
    if (i >= 0 && i < d_.nx && j >= 0 && j < d_.ny) st.field(n_)(i, j, k_) = value_;
  }

 private:
  const parallel::Decomposition& d_;
  int n_, gi_, gj_, k_;
  double value_;
  bool changes_;
};

/// A Poke that declares the one species it writes (written_species), as deposition, aerosol
/// and attribution do.
class PokeDeclared final : public process::Process {
 public:
  PokeDeclared(const parallel::Decomposition& d, int n, int gi, int gj, double value)
      : d_(d), n_(n), gi_(gi), gj_(gj), value_(value) {}
  std::string name() const override { return "declared"; }
  std::vector<int> written_species(const state::ChemState&) const override { return {n_}; }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep&, double) override {
    const int i = gi_ - d_.i0, j = gj_ - d_.j0;
    if (i >= 0 && i < d_.nx && j >= 0 && j < d_.ny) st.field(n_)(i, j, 0) = value_;
  }

 private:
  const parallel::Decomposition& d_;
  int n_, gi_, gj_;
  double value_;
};

struct Setup {
  parallel::Decomposition d = parallel::decompose(MPI_COMM_WORLD, 8, 6, 2);
  state::ChemState st;
  meteo::MetFields met;
  process::MetStep step{met, met, met};
  Setup() {
    state::SpeciesList s;
    s.add({"O3", state::Phase::gas, 48.0, ""});
    s.add({"PM25", state::Phase::aerosol, 0.0, ""});
    st = state::ChemState(s, d.nx, d.ny, 3, d.halo);
  }
  bool owns(int gi, int gj) const { return gi >= d.i0 && gi < d.i0 + d.nx && gj >= d.j0 && gj < d.j0 + d.ny; }
};

}  // namespace

TEST_CASE("A NaN after a process: its rank alone throws, naming species, cell, process and time", "[unit][process]") {
  Setup s;
  // The last global cell (7, 5): on the last rank whatever the decomposition.
  Poke p(s.d, 1, 7, 5, 2, std::numeric_limits<double>::quiet_NaN(), true);
  p.set_nan_check(&s.d, true);
  if (s.owns(7, 5)) {
    CHECK_THROWS_WITH(p.advance(s.st, s.step, 60.0),
                      Catch::Contains("species PM25 in cell (i=7, j=5, k=2) after poke at t = 60 s"));
  } else {
    CHECK_NOTHROW(p.advance(s.st, s.step, 60.0));  // not collective: nothing to wait for
  }
  CHECK(p.calls == 1);
}

TEST_CASE("Infinity is caught like NaN; finite values pass", "[unit][process]") {
  Setup s;
  Poke ok(s.d, 0, 0, 0, 0, -1.0e-30, true);  // finite (negative round-off is not this check's business)
  ok.set_nan_check(&s.d, true);
  CHECK_NOTHROW(ok.advance(s.st, s.step, 10.0));
  Poke inf(s.d, 0, 0, 0, 1, std::numeric_limits<double>::infinity(), true);
  inf.set_nan_check(&s.d, true);
  if (s.owns(0, 0)) CHECK_THROWS_AS(inf.advance(s.st, s.step, 10.0), Error);
  else CHECK_NOTHROW(inf.advance(s.st, s.step, 10.0));
}

TEST_CASE("No check for an observing process or with the check off", "[unit][process]") {
  Setup s;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Poke observer(s.d, 0, 3, 3, 0, nan, false);  // changes_state() false: skipped
  observer.set_nan_check(&s.d, true);
  CHECK_NOTHROW(observer.advance(s.st, s.step, 1.0));
  CHECK(observer.calls == 1);
  Poke unchecked(s.d, 0, 3, 3, 0, nan, true);  // check off
  unchecked.set_nan_check(&s.d, false);
  CHECK_NOTHROW(unchecked.advance(s.st, s.step, 1.0));
  Poke no_decomp(s.d, 0, 3, 3, 0, nan, true);  // on, but without a decomposition: nothing to check with
  no_decomp.set_nan_check(nullptr, true);
  CHECK_NOTHROW(no_decomp.advance(s.st, s.step, 1.0));
  // The state still holds the NaN: the check finds it when called directly, on the rank of (3, 3).
  if (s.owns(3, 3)) CHECK_THROWS_AS(process::check_finite(s.st, s.d, "direct"), Error);
  else CHECK_NOTHROW(process::check_finite(s.st, s.d, "direct"));
}

TEST_CASE("advance() times and counts the scheme under the process's name", "[unit][process]") {
  Setup s;
  TimerRegistry timers;
  Poke p(s.d, 0, 1, 1, 0, 1.0, true);
  p.set_timers(&timers);
  p.advance(s.st, s.step, 1.0);
  p.advance(s.st, s.step, 1.0);
  REQUIRE(timers.totals().count("poke") == 1);
  CHECK(timers.totals().at("poke") >= 0.0);
  CHECK(timers.totals().size() == 1);
  CHECK(p.calls == 2);
  CHECK(timers.calls("poke") == 2);  // the count the end-of-run time shares print
  CHECK(timers.calls("never") == 0);
  CHECK(s.st.time_s == 2.0);
  // The defaults of the optional interface: nothing carried, deposited or written.
  CHECK(p.restart_fields(s.st).empty());
  CHECK(p.deposited().empty());
  CHECK(p.output_columns({0, 1}).empty());
  CHECK(p.run_report().empty());
}

TEST_CASE("The check names the first bad value in (species, k, j, i) order, at any row position", "[unit][process]") {
  // The scan tests whole rows at once; every position of a row must still be caught, and with
  // several bad values the one named is the first in (species, k, j, i) order: species 0 before
  // species 1 even at a later cell, then the lowest k, j, i.
  Setup s;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (int gi = 0; gi < 8; ++gi) {
    INFO("gi = " << gi);
    Setup t;
    Poke p(t.d, 1, gi, 4, 1, -inf, true);
    p.set_nan_check(&t.d, true);
    const std::string want = "species PM25 in cell (i=" + std::to_string(gi) + ", j=4, k=1) after poke";
    if (t.owns(gi, 4)) CHECK_THROWS_WITH(p.advance(t.st, t.step, 1.0), Catch::Contains(want));
    else CHECK_NOTHROW(p.advance(t.st, t.step, 1.0));
  }
  // Bad values of species 1 at (2, 1, 0) and of species 0 at (5, 3, 2) and (6, 3, 1), (6, 2, 1):
  // species 0 first, then k = 1 before k = 2, then j = 2 before j = 3, on the rank holding it.
  if (s.owns(2, 1)) s.st.field(1)(2 - s.d.i0, 1 - s.d.j0, 0) = nan;
  const int cells[3][3] = {{5, 3, 2}, {6, 3, 1}, {6, 2, 1}};
  for (const auto& c : cells)
    if (s.owns(c[0], c[1])) s.st.field(0)(c[0] - s.d.i0, c[1] - s.d.j0, c[2]) = nan;
  // A rank without (6, 2) names its own first bad value, if it holds one.
  if (s.owns(6, 2)) {
    CHECK_THROWS_WITH(process::check_finite(s.st, s.d, "after x"),
                      Catch::Contains("species O3 in cell (i=6, j=2, k=1) after x"));
  } else if (s.owns(2, 1) || s.owns(5, 3) || s.owns(6, 3)) {
    CHECK_THROWS_AS(process::check_finite(s.st, s.d, "after x"), Error);
  } else {
    CHECK_NOTHROW(process::check_finite(s.st, s.d, "after x"));
  }
  // The largest finite values, the smallest subnormal and signed zeros pass.
  Setup f;
  f.st.field(0).fill(std::numeric_limits<double>::max());
  f.st.field(1).fill(-std::numeric_limits<double>::max());
  f.st.field(0)(0, 0, 0) = std::numeric_limits<double>::denorm_min();
  f.st.field(1)(0, 0, 1) = -0.0;
  CHECK_NOTHROW(process::check_finite(f.st, f.d, "after x"));
}

TEST_CASE("After a process that declares the species it writes, those are checked and named", "[unit][process]") {
  Setup s;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // The default: every species, in order.
  Poke all(s.d, 1, 0, 0, 0, 1.0, true);
  REQUIRE(all.written_species(s.st) == std::vector<int>{0, 1});
  // A NaN in the declared species is caught, named with the process.
  PokeDeclared p(s.d, 1, 4, 2, nan);
  p.set_nan_check(&s.d, true);
  if (s.owns(4, 2))
    CHECK_THROWS_WITH(p.advance(s.st, s.step, 1.0),
                      Catch::Contains("species PM25 in cell (i=4, j=2, k=0) after declared"));
  else CHECK_NOTHROW(p.advance(s.st, s.step, 1.0));
  // The check of a list scans exactly the species listed (duplicates and order do not matter).
  Setup t;
  if (t.owns(1, 1)) t.st.field(0)(1 - t.d.i0, 1 - t.d.j0, 2) = nan;
  const std::vector<int> only1{1, 1}, both{1, 0};
  CHECK_NOTHROW(process::check_finite(t.st, t.d, "after x", &only1));
  if (t.owns(1, 1))
    CHECK_THROWS_WITH(process::check_finite(t.st, t.d, "after x", &both),
                      Catch::Contains("species O3 in cell (i=1, j=1, k=2) after x"));
  else CHECK_NOTHROW(process::check_finite(t.st, t.d, "after x", &both));
}

TEST_CASE("The step's check (run.nan_check = \"step\"): every species, its rank alone names cell and step end",
          "[unit][process]") {
  // The time loop's check at the end of a step (Model::check_step_state) is check_finite over
  // every species with the step's end time. A NaN left by a process that is not checked after
  // itself (check off) is found there, with species, global cell and time; on 2 ranks only the
  // rank holding the cell throws, and a rank that returns has waited for no one.
  Setup s;
  Poke p(s.d, 1, 7, 5, 2, std::numeric_limits<double>::quiet_NaN(), true);
  p.set_nan_check(&s.d, false);  // "step": no check after each process
  CHECK_NOTHROW(p.advance(s.st, s.step, 900.0));
  const std::string when = "in the step ending at t = 900 s";
  if (s.owns(7, 5))
    CHECK_THROWS_WITH(process::check_finite(s.st, s.d, when),
                      Catch::Contains("of species PM25 in cell (i=7, j=5, k=2) in the step ending at t = 900 s"));
  else CHECK_NOTHROW(process::check_finite(s.st, s.d, when));
  // "process": the same NaN named with the process that wrote it.
  Setup t;
  Poke q(t.d, 0, 0, 0, 1, std::numeric_limits<double>::infinity(), true);
  q.set_nan_check(&t.d, true);
  if (t.owns(0, 0))
    CHECK_THROWS_WITH(q.advance(t.st, t.step, 30.0),
                      Catch::Contains("value inf of species O3 in cell (i=0, j=0, k=1) after poke at t = 30 s"));
  else CHECK_NOTHROW(q.advance(t.st, t.step, 30.0));
}
