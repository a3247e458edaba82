// The Rosenbrock solver: Jacobian against finite differences, sparse LU against a dense
// solve, order of convergence of ROS3 and RODAS3, sparse against the dense scalar reference,
// bitwise independence of the block size.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>

#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "solver/chemistry/rate_evaluator.hpp"
#include "solver/chemistry/rosenbrock/rosenbrock.hpp"
#include "support/test_data.hpp"

using namespace lantian::chem;

namespace {

Mechanism cb6() { return read_mechanism(lantian::test::source_dir() + "/configs/mechanisms/cb6r3.mech"); }

/// Random but plausible cells: concentrations log-uniform in [1e2, 1e12] molecule cm-3,
/// T in [250, 310] K, daytime or night.
void random_cells(const Mechanism& m, const ChemSystem& sys, int ncell, int L, std::mt19937& rng,
                  std::vector<double>& y, std::vector<double>& k) {
  RateEvaluator ev(m, sys);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  y.assign(static_cast<size_t>(sys.n) * L, 0.0);
  k.assign(static_cast<size_t>(sys.nr) * L, 0.0);
  std::vector<double> kc(static_cast<size_t>(sys.nr));
  for (int c = 0; c < ncell; ++c) {
    CellConditions cc;
    cc.temp_k = 250 + 60 * u(rng);
    cc.press_pa = 60000 + 41325 * u(rng);
    cc.qv_kg_kg = 0.015 * u(rng);
    cc.coszen = u(rng) < 0.3 ? 0.0 : u(rng);
    ev.effective_k(cc, kc.data());
    for (int r = 0; r < sys.nr; ++r) k[static_cast<size_t>(r) * L + c] = kc[static_cast<size_t>(r)];
    for (int s = 0; s < sys.n; ++s) y[static_cast<size_t>(s) * L + c] = std::pow(10.0, 2.0 + 10.0 * u(rng));
  }
}

}  // namespace

TEST_CASE("Jacobian against finite differences for random states", "[chemistry][solver]") {
  std::vector<Mechanism> mechs;
  mechs.push_back(cb6());
  const std::string saprc = lantian::test::shared_data("mechanisms/kpp/saprc99.def");
  if (!saprc.empty()) mechs.push_back(read_mechanism(saprc));
  std::mt19937 rng(12345);
  for (const Mechanism& m : mechs) {
    INFO("mechanism " << m.name);
    const ChemSystem sys(m);
    const int L = 4, n = sys.n;
    RosenbrockBlock blk(sys, L);
    std::vector<double> y, k;
    random_cells(m, sys, L, L, rng, y, k);
    std::vector<double> jv(static_cast<size_t>(sys.nnz) * L), fp(static_cast<size_t>(n) * L),
        fm(static_cast<size_t>(n) * L);
    blk.jac(y.data(), k.data(), jv.data());
    int checked = 0;
    for (int j = 0; j < n; ++j) {
      std::vector<double> yp = y, ym = y;
      for (int c = 0; c < L; ++c) {
        const double d = 1e-4 * y[static_cast<size_t>(j) * L + c];
        yp[static_cast<size_t>(j) * L + c] += d;
        ym[static_cast<size_t>(j) * L + c] -= d;
      }
      blk.fun(yp.data(), k.data(), fp.data());
      blk.fun(ym.data(), k.data(), fm.data());
      for (int i = 0; i < n; ++i)
        for (int c = 0; c < L; ++c) {
          const double d = 1e-4 * y[static_cast<size_t>(j) * L + c];
          const double fd = (fp[static_cast<size_t>(i) * L + c] - fm[static_cast<size_t>(i) * L + c]) / (2 * d);
          const int idx = sys.find(i, j);
          const double an = idx >= 0 ? jv[static_cast<size_t>(idx) * L + c] : 0.0;
          // f is a polynomial of degree <= 3 in each y_j (at most 3 reactants): central
          // differences are exact but for round-off, ~1e-16 |f| / (1e-4 y_j); scale the
          // tolerance by the size of the terms that cancel in f.
          double scale = 0.0;
          for (int e = sys.prod_ptr[static_cast<size_t>(i)]; e < sys.prod_ptr[static_cast<size_t>(i) + 1]; ++e) (void)e;
          scale = std::fabs(fp[static_cast<size_t>(i) * L + c]) + std::fabs(fm[static_cast<size_t>(i) * L + c]);
          const double tol = 1e-6 * std::fabs(an) + 1e-10 * scale / d;
          INFO("d f_" << i << " / d y_" << j << " cell " << c);
          CHECK(std::fabs(fd - an) <= tol);
          if (an != 0.0) ++checked;
        }
    }
    CHECK(checked > n);  // the test saw real entries
  }
}

TEST_CASE("sparse LU solve against a dense solve with pivoting", "[chemistry][solver]") {
  const Mechanism m = cb6();
  const ChemSystem sys(m);
  const int L = 3, n = sys.n;
  RosenbrockBlock blk(sys, L);
  std::mt19937 rng(7);
  std::vector<double> y, k;
  random_cells(m, sys, L, L, rng, y, k);
  std::vector<double> jv(static_cast<size_t>(sys.nnz) * L);
  blk.jac(y.data(), k.data(), jv.data());
  const double ghinv = 1.0 / (0.4358665215 * 30.0);
  std::vector<double> a(jv.size());
  for (size_t q = 0; q < a.size(); ++q) a[q] = -jv[q];
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < L; ++c) a[static_cast<size_t>(sys.diag[static_cast<size_t>(i)]) * L + c] += ghinv;
  const std::vector<double> a0 = a;
  std::vector<double> x(static_cast<size_t>(n) * L);
  std::uniform_real_distribution<double> u(-1, 1);
  for (auto& v : x) v = u(rng);
  const std::vector<double> b = x;
  blk.decompose(a.data());
  blk.solve(a.data(), x.data());
  for (int c = 0; c < L; ++c) {
    // dense Gaussian elimination with partial pivoting (independent reference)
    std::vector<double> d(static_cast<size_t>(n * n), 0.0), rhs(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      rhs[static_cast<size_t>(i)] = b[static_cast<size_t>(i) * L + c];
      for (int q = sys.row_ptr[static_cast<size_t>(i)]; q < sys.row_ptr[static_cast<size_t>(i) + 1]; ++q)
        d[static_cast<size_t>(i * n + sys.col[static_cast<size_t>(q)])] = a0[static_cast<size_t>(q) * L + c];
    }
    for (int p = 0; p < n; ++p) {
      int piv = p;
      for (int r = p + 1; r < n; ++r)
        if (std::fabs(d[static_cast<size_t>(r * n + p)]) > std::fabs(d[static_cast<size_t>(piv * n + p)])) piv = r;
      for (int q = 0; q < n; ++q) std::swap(d[static_cast<size_t>(p * n + q)], d[static_cast<size_t>(piv * n + q)]);
      std::swap(rhs[static_cast<size_t>(p)], rhs[static_cast<size_t>(piv)]);
      for (int r = p + 1; r < n; ++r) {
        const double f = d[static_cast<size_t>(r * n + p)] / d[static_cast<size_t>(p * n + p)];
        for (int q = p; q < n; ++q) d[static_cast<size_t>(r * n + q)] -= f * d[static_cast<size_t>(p * n + q)];
        rhs[static_cast<size_t>(r)] -= f * rhs[static_cast<size_t>(p)];
      }
    }
    for (int i = n - 1; i >= 0; --i) {
      double s = rhs[static_cast<size_t>(i)];
      for (int q = i + 1; q < n; ++q) s -= d[static_cast<size_t>(i * n + q)] * rhs[static_cast<size_t>(q)];
      rhs[static_cast<size_t>(i)] = s / d[static_cast<size_t>(i * n + i)];
    }
    for (int i = 0; i < n; ++i) {
      // the matrix is diagonally dominant (condition number modest): 1e-9 relative
      const double ref = rhs[static_cast<size_t>(i)];
      CHECK(x[static_cast<size_t>(i) * L + c] == Approx(ref).epsilon(1e-9).margin(1e-12));
    }
  }
}

TEST_CASE("ROS3 and RODAS3 converge with order 3", "[chemistry][solver][verification]") {
  // A + B -> C with rate k A B and A0 != B0: with d = A0 - B0 (conserved),
  // A(t) = d A0 / (A0 - B0 exp(-k d t)) (analytic). (A + A -> B is integrated exactly by any
  // Rosenbrock method with gamma = 1/2, such as RODAS3, so it cannot measure order.)
  const Mechanism m = parse_lantian("species A\nspecies B\nspecies C\nR1: A + B -> C ; arr 1e-9 0 0\n", "order.mech");
  const ChemSystem sys(m);
  const int ia = sys.solver_of[static_cast<size_t>(m.find_species("A"))];
  const int ib = sys.solver_of[static_cast<size_t>(m.find_species("B"))];
  const int ic = sys.solver_of[static_cast<size_t>(m.find_species("C"))];
  const double a0 = 2e9, b0 = 1e9, kk = 1e-9, d = a0 - b0, T = 5.0;
  const double exact = d * a0 / (a0 - b0 * std::exp(-kk * d * T));
  for (RosMethod meth : {RosMethod::ros3, RosMethod::rodas3}) {
    std::vector<double> errs;
    for (int nsteps : {10, 20, 40, 80}) {
      RosenbrockBlock blk(sys, 1);
      std::vector<double> y(3, 0.0), k(1, kk);
      y[static_cast<size_t>(ia)] = a0;
      y[static_cast<size_t>(ib)] = b0;
      RosOptions o;
      o.method = meth;
      o.fixed_step = true;
      o.h_start_s = T / nsteps;
      auto st = blk.integrate(y.data(), k.data(), 1, T, o);
      CHECK(st.steps == nsteps);
      errs.push_back(std::fabs(y[static_cast<size_t>(ia)] - exact) / exact);
      // A + C conserved by every Rosenbrock step (a linear invariant) to round-off
      CHECK(y[static_cast<size_t>(ia)] + y[static_cast<size_t>(ic)] == Approx(a0).epsilon(1e-12));
    }
    for (size_t q = 1; q < errs.size(); ++q) {
      const double order = std::log2(errs[q - 1] / errs[q]);
      INFO("method " << static_cast<int>(meth) << " errors " << errs[q - 1] << " -> " << errs[q]);
      // asymptotic order 3; allow 2.6 to 3.6 for the pre-asymptotic coarse pairs
      CHECK(order > 2.6);
      CHECK(order < 3.6);
    }
  }
}

TEST_CASE("sparse vectorised solver agrees with the dense scalar reference", "[chemistry][solver]") {
  const Mechanism m = cb6();
  const ChemSystem sys(m);
  const int L = 8, n = sys.n;
  std::mt19937 rng(99);
  std::vector<double> y, k;
  random_cells(m, sys, L, L, rng, y, k);
  RosOptions o;
  o.rtol = 1e-6;
  o.atol = 1e-2;
  RosenbrockBlock blk(sys, L);
  std::vector<double> ys = y;
  auto st = blk.integrate(ys.data(), k.data(), L, 600.0, o);
  REQUIRE_FALSE(st.failed);
  DenseRosenbrock dense(sys);
  for (int c = 0; c < L; ++c) {
    std::vector<double> yc(static_cast<size_t>(n)), kc(static_cast<size_t>(sys.nr));
    for (int s = 0; s < n; ++s) yc[static_cast<size_t>(s)] = y[static_cast<size_t>(s) * L + c];
    for (int r = 0; r < sys.nr; ++r) kc[static_cast<size_t>(r)] = k[static_cast<size_t>(r) * L + c];
    auto sd = dense.integrate(yc.data(), kc.data(), 600.0, o);
    REQUIRE_FALSE(sd.failed);
    for (int s = 0; s < n; ++s) {
      // two integrations at rtol 1e-6 with different round-off (sparse vs dense LU): the
      // global error is a few rtol; allow 1e-4 relative, plus 1e-6 of the cell's largest value
      // for species near zero
      INFO("cell " << c << " species " << m.species[static_cast<size_t>(sys.species_of[static_cast<size_t>(s)])].name);
      CHECK(ys[static_cast<size_t>(s) * L + c] == Approx(yc[static_cast<size_t>(s)]).epsilon(1e-4).margin(1e6));
    }
  }
}

TEST_CASE("results are bitwise identical for any block size and kernel variant", "[chemistry][solver][determinism]") {
  const Mechanism m = cb6();
  const ChemSystem sys(m);
  const int ncell = 37, n = sys.n;
  std::mt19937 rng(2024);
  std::vector<double> y0, k0;
  random_cells(m, sys, ncell, ncell, rng, y0, k0);
  RosOptions o;  // operational settings
  // Two chemistry steps with the step memory of the first carried into the second (as
  // ChemistryProcess does with chemistry.reuse_step).
  auto run = [&](int L, ChemIsa isa, bool generated = true) {
    std::vector<double> out(static_cast<size_t>(n) * ncell), hmem(static_cast<size_t>(ncell), 0.0);
    RosenbrockBlock blk(sys, L, isa, generated);
    std::vector<double> y(static_cast<size_t>(n) * L), k(static_cast<size_t>(sys.nr) * L);
    for (int c0 = 0; c0 < ncell; c0 += L) {
      const int nc = std::min(L, ncell - c0);
      for (int c = 0; c < L; ++c) {
        const int src = c0 + (c < nc ? c : 0);
        for (int s = 0; s < n; ++s) y[static_cast<size_t>(s) * L + c] = y0[static_cast<size_t>(s) * ncell + src];
        for (int r = 0; r < sys.nr; ++r) k[static_cast<size_t>(r) * L + c] = k0[static_cast<size_t>(r) * ncell + src];
      }
      for (int step = 0; step < 2; ++step) {
        auto st = blk.integrate(y.data(), k.data(), nc, 900.0, o, nullptr, hmem.data() + c0);
        REQUIRE_FALSE(st.failed);
      }
      for (int c = 0; c < nc; ++c)
        for (int s = 0; s < n; ++s) out[static_cast<size_t>(s) * ncell + c0 + c] = y[static_cast<size_t>(s) * L + c];
    }
    for (double h : hmem) CHECK(h > 0.0);  // every cell left a proposal for its next step
    return out;
  };
  const auto ref = run(1, ChemIsa::baseline);
  // 4, 8, 16, 64: compile-time lane counts (vector-register kernels); the others run-time. At
  // 8 lanes in the AVX2 and AVX-512 variants the kernels generated for CB6r3
  // (solver/chemistry/codegen), and the same programs interpreted.
  for (ChemIsa isa : {ChemIsa::baseline, ChemIsa::avx2, ChemIsa::avx512})
    for (int L : {2, 4, 5, 8, 16, 37, 64})
      for (bool generated : {true, false}) {
        if (!generated && L != 8) continue;
        RosenbrockBlock probe(sys, L, isa, generated);
        INFO("block size " << L << ", kernels " << probe.isa_name() << ", kernel programs "
                           << (probe.generated_for() ? "generated" : "interpreted"));
        CHECK((probe.generated_for() != nullptr) ==
              (generated && L == 8 && std::string(probe.isa_name()) != "baseline"));
        const auto r = run(L, isa, generated);
        CHECK(std::memcmp(r.data(), ref.data(), r.size() * sizeof(double)) == 0);
      }
  // Say which variants were compared: on a processor without AVX2 only the baseline runs.
  if (!chem_avx2_available()) WARN("AVX2 kernels not available here: only the baseline variant was compared");
  if (!chem_avx512_available()) WARN("AVX-512F kernels not available here: that variant was not compared");
  CHECK(std::string(RosenbrockBlock(sys, 8, ChemIsa::baseline).isa_name()) == "baseline");
}
