// The chemistry kernels generated at build time for the shipped mechanisms
// (solver/chemistry/codegen): they serve exactly the system they were generated from, at the
// block size they were generated for, and give the bits of the interpreted programs
// (block_kernel.hpp's fun_k, jac_k, decompose_k and solve_k) in the AVX2 and AVX-512 variants
// (the baseline variant interprets them).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "solver/chemistry/rosenbrock/rosenbrock.hpp"
#include "support/test_data.hpp"

using namespace lantian::chem;

namespace {

Mechanism cb6() { return read_mechanism(lantian::test::source_dir() + "/configs/mechanisms/cb6r3.mech"); }

}  // namespace

TEST_CASE("generated kernels serve only the system and block size they were generated for", "[chemistry][codegen]") {
  // The AVX2 and AVX-512 variants have them; the baseline interprets the programs.
  const ChemSystem sys(cb6());
  CHECK(RosenbrockBlock(sys, 8, ChemIsa::baseline).generated_for() == nullptr);
  if (!chem_avx2_available()) {
    CHECK(chem_generated_for(sys, 8) == nullptr);
    WARN("AVX2 kernels not available here: the generated kernels were not tested");
    return;
  }
  const char* name = chem_generated_for(sys, 8);
  REQUIRE(name != nullptr);
  CHECK(std::string(name) == "cb6r3");
  CHECK(std::string(RosenbrockBlock(sys, 8).generated_for()) == "cb6r3");
  CHECK(std::string(RosenbrockBlock(sys, 8, ChemIsa::avx2).generated_for()) == "cb6r3");
  CHECK(RosenbrockBlock(sys, 8, ChemIsa::best, false).generated_for() == nullptr);
  // Other block sizes interpret the programs.
  for (int L : {1, 4, 16}) {
    CHECK(chem_generated_for(sys, L) == nullptr);
    CHECK(RosenbrockBlock(sys, L).generated_for() == nullptr);
  }
  // A system that differs in one entry of one of its programs (an index, a coefficient's last
  // bit), or another mechanism: none.
  for (int which = 0; which < 3; ++which) {
    ChemSystem changed = sys;
    if (which == 0) changed.lu_upd_kj[changed.lu_upd_kj.size() / 2] += 1;
    if (which == 1) changed.react_var[changed.react_var.size() / 2] += 1;
    if (which == 2) changed.jacg_coef[0] = std::nextafter(changed.jacg_coef[0], 1e300);
    INFO("change " << which);
    CHECK(chem_generated_for(changed, 8) == nullptr);
    CHECK(RosenbrockBlock(changed, 8).generated_for() == nullptr);
  }
  const Mechanism small =
      parse_lantian("species A\nspecies B\nspecies C\nR1: A + B -> C ; arr 1e-9 0 0\n", "small.mech");
  CHECK(chem_generated_for(ChemSystem(small), 8) == nullptr);
}

TEST_CASE("generated kernels give the interpreted programs' bits", "[chemistry][codegen][determinism]") {
  const Mechanism m = cb6();
  const ChemSystem sys(m);
  const int L = 8, n = sys.n;
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  // Rosenbrock matrices 1/(h gamma) I - J of random states: J from the mechanism's Jacobian at
  // concentrations log-uniform in [1e2, 1e12] molecule cm-3 and rate constants of one
  // order of magnitude's spread; h from 1e-3 to 1e3 s (stiff to mild).
  for (int trial = 0; trial < 5; ++trial) {
    std::vector<double> y(static_cast<size_t>(n) * L), k(static_cast<size_t>(sys.nr) * L);
    for (auto& v : y) v = std::pow(10.0, 2.0 + 10.0 * u(rng));
    for (auto& v : k) v = 1e-12 * std::pow(10.0, u(rng));
    std::vector<double> jv(static_cast<size_t>(sys.nnz) * L);
    RosenbrockBlock(sys, L, ChemIsa::baseline, false).jac(y.data(), k.data(), jv.data());
    std::vector<double> a0(jv.size()), b(static_cast<size_t>(n) * L);
    for (size_t q = 0; q < a0.size(); ++q) a0[q] = -jv[q];
    for (int c = 0; c < L; ++c) {
      const double ghinv = 1.0 / (0.4358665215 * std::pow(10.0, -3.0 + 6.0 * u(rng)));
      for (int i = 0; i < n; ++i) a0[static_cast<size_t>(sys.diag[static_cast<size_t>(i)]) * L + c] += ghinv;
    }
    for (auto& v : b) v = 2.0 * u(rng) - 1.0;
    std::vector<double> a_ref = a0, x_ref = b, f_ref(b.size()), j_ref(jv.size());
    RosenbrockBlock interpreted(sys, L, ChemIsa::baseline, false);
    REQUIRE(interpreted.generated_for() == nullptr);
    interpreted.fun(y.data(), k.data(), f_ref.data());
    interpreted.jac_into(y.data(), k.data(), j_ref.data(), -1.0);
    interpreted.decompose(a_ref.data());
    interpreted.solve(a_ref.data(), x_ref.data());
    for (ChemIsa isa : {ChemIsa::avx2, ChemIsa::avx512}) {
      for (bool generated : {false, true}) {
        RosenbrockBlock blk(sys, L, isa, generated);
        INFO("trial " << trial << ", kernels " << blk.isa_name() << (generated ? ", generated" : ", interpreted"));
        REQUIRE((blk.generated_for() != nullptr) == (generated && std::string(blk.isa_name()) != "baseline"));
        std::vector<double> f(b.size()), j(jv.size());
        blk.fun(y.data(), k.data(), f.data());
        blk.jac_into(y.data(), k.data(), j.data(), -1.0);
        CHECK(std::memcmp(f.data(), f_ref.data(), f.size() * sizeof(double)) == 0);
        CHECK(std::memcmp(j.data(), j_ref.data(), j.size() * sizeof(double)) == 0);
        std::vector<double> a = a0, x = b;
        blk.decompose(a.data());
        blk.solve(a.data(), x.data());
        CHECK(std::memcmp(a.data(), a_ref.data(), a.size() * sizeof(double)) == 0);
        CHECK(std::memcmp(x.data(), x_ref.data(), x.size() * sizeof(double)) == 0);
      }
    }
  }
  if (!chem_avx512_available()) WARN("AVX-512F kernels not available here: that variant was not compared");
}
