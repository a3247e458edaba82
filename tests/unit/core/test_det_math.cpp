// det_math: exp and log against long-double references, special values, and the same bits in
// a vectorised loop as in scalar calls.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "solver/core/det_math.hpp"

using namespace lantian;

namespace {

/// Distance in units in the last place between a double and a long-double reference,
/// measured at the reference's rounding to double (0 when they round the same).
double ulps(double got, long double ref) {
  const double r = static_cast<double>(ref);
  if (got == r) return 0.0;
  const double ulp = std::nextafter(std::fabs(r), std::numeric_limits<double>::infinity()) - std::fabs(r);
  // ulp of a subnormal result is the smallest subnormal: a fixed absolute scale
  return static_cast<double>(std::fabs(static_cast<long double>(got) - ref) / ulp);
}

// The series are cut below 4e-18 of their sums (det_math.hpp), so what is left is the
// rounding of ~16 operations: measured worst 1.1 ulp (exp) and 1.9 ulp (log) on these fixed
// samples. 2 ulp fails if a coefficient or a reduction constant is wrong in any digit that
// matters (a wrong 1/k! shows as >= 1e3 ulp).
constexpr double k_max_ulp = 2.0;

/// Keeps the compiler from turning a scalar loop into a vectorised one.
double scalar_exp(double x) {
  volatile double v = x;
  return det_math::exp(v);
}
double scalar_log(double x) {
  volatile double v = x;
  return det_math::log(v);
}

#if defined(__GNUC__) && defined(__x86_64__)
#define LANTIAN_TEST_AVX2 1
/// The loops of the test below compiled for AVX2 (as the rate program's avx2 clones).
__attribute__((target("avx2"))) void exp_log_avx2(const double* x, double* e, double* l, int n) {
#pragma omp simd
  for (int i = 0; i < n; ++i) e[i] = det_math::exp(x[i]);
#pragma omp simd
  for (int i = 0; i < n; ++i) l[i] = det_math::log(e[i]);
}
/// The same for AVX-512 (as the rate program's avx512f clones).
__attribute__((target("avx512f"))) void exp_log_avx512(const double* x, double* e, double* l, int n) {
#pragma omp simd
  for (int i = 0; i < n; ++i) e[i] = det_math::exp(x[i]);
#pragma omp simd
  for (int i = 0; i < n; ++i) l[i] = det_math::log(e[i]);
}
#endif

}  // namespace

TEST_CASE("det_math::exp is within 2 ulp over its whole range") {
  std::mt19937_64 gen(20261202);
  std::uniform_real_distribution<double> wide(-745.0, 709.7), narrow(-60.0, 20.0), tiny(-1e-6, 1e-6);
  double worst = 0.0;
  for (auto* d : {&wide, &narrow, &tiny})
    for (int i = 0; i < 200000; ++i) {
      const double x = (*d)(gen);
      const double u = ulps(det_math::exp(x), std::exp(static_cast<long double>(x)));
      worst = std::max(worst, u);
    }
  INFO("worst ulp " << worst);
  CHECK(worst <= k_max_ulp);
  // exact points
  CHECK(det_math::exp(0.0) == 1.0);
  CHECK(det_math::exp(-0.0) == 1.0);
  CHECK(ulps(det_math::exp(1.0), std::exp(1.0L)) <= k_max_ulp);
  CHECK(ulps(det_math::exp(std::log(2.0)), 2.0L) <= k_max_ulp);
}

TEST_CASE("det_math::exp special values and the edges of its range") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  CHECK(det_math::exp(inf) == inf);
  CHECK(det_math::exp(-inf) == 0.0);
  CHECK(std::isnan(det_math::exp(std::numeric_limits<double>::quiet_NaN())));
  CHECK(det_math::exp(710.0) == inf);
  CHECK(det_math::exp(-746.0) == 0.0);
  // the largest finite result and the subnormal range (rounded once)
  CHECK(std::isfinite(det_math::exp(709.78)));
  CHECK(ulps(det_math::exp(709.78), std::exp(static_cast<long double>(709.78))) <= k_max_ulp);
  const double sub = det_math::exp(-740.0);
  CHECK(sub > 0.0);
  CHECK(sub < std::numeric_limits<double>::min());
  CHECK(ulps(sub, std::exp(-740.0L)) <= 1.0);
}

TEST_CASE("det_math::log is within 2 ulp for positive normal and subnormal inputs") {
  std::mt19937_64 gen(42);
  std::uniform_real_distribution<double> mant(1.0, 2.0), near1(0.99, 1.01);
  std::uniform_int_distribution<int> expo(-1073, 1023);
  double worst = 0.0;
  for (int i = 0; i < 400000; ++i) {
    const double x = i % 4 == 0 ? near1(gen) : std::ldexp(mant(gen), expo(gen));
    if (!(x > 0.0)) continue;
    worst = std::max(worst, ulps(det_math::log(x), std::log(static_cast<long double>(x))));
  }
  INFO("worst ulp " << worst);
  CHECK(worst <= k_max_ulp);
  CHECK(det_math::log(1.0) == 0.0);
  CHECK(ulps(det_math::log(2.0), std::log(2.0L)) <= k_max_ulp);
  CHECK(ulps(det_math::log(std::numeric_limits<double>::denorm_min()),
             std::log(static_cast<long double>(std::numeric_limits<double>::denorm_min()))) <= k_max_ulp);
  CHECK(ulps(det_math::log(std::numeric_limits<double>::max()),
             std::log(static_cast<long double>(std::numeric_limits<double>::max()))) <= k_max_ulp);
}

TEST_CASE("det_math::log special values") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  CHECK(det_math::log(0.0) == -inf);
  CHECK(det_math::log(-0.0) == -inf);
  CHECK(std::isnan(det_math::log(-1.0)));
  CHECK(std::isnan(det_math::log(-inf)));
  CHECK(std::isnan(det_math::log(std::numeric_limits<double>::quiet_NaN())));
  CHECK(det_math::log(inf) == inf);
}

TEST_CASE("det_math: vectorised loops (baseline, AVX2, AVX-512) give the bits of scalar calls") {
  // Odd length: the vector body and the scalar remainder both run.
  const int n = 1001;
  std::vector<double> x(n), e(n), l(n);
  for (int i = 0; i < n; ++i) x[static_cast<size_t>(i)] = -700.0 + 1.4 * i + 1e-3 * (i % 7);
#pragma omp simd
  for (int i = 0; i < n; ++i) e[static_cast<size_t>(i)] = det_math::exp(x[static_cast<size_t>(i)]);
#pragma omp simd
  for (int i = 0; i < n; ++i) l[static_cast<size_t>(i)] = det_math::log(e[static_cast<size_t>(i)]);
  int diff = 0;
  for (int i = 0; i < n; ++i) {
    const size_t s = static_cast<size_t>(i);
    diff += scalar_exp(x[s]) != e[s];
    diff += scalar_log(e[s]) != l[s];
  }
  CHECK(diff == 0);
#ifdef LANTIAN_TEST_AVX2
  struct Variant {
    const char* name;
    bool usable;
    void (*loops)(const double*, double*, double*, int);
  };
  for (const Variant& v : {Variant{"AVX2", __builtin_cpu_supports("avx2") != 0, exp_log_avx2},
                           Variant{"AVX-512", __builtin_cpu_supports("avx512f") != 0, exp_log_avx512}}) {
    if (!v.usable) {
      WARN("this processor has no " << v.name << ": the " << v.name << " variant was not compared");
      continue;
    }
    std::vector<double> ev(n), lv(n);
    v.loops(x.data(), ev.data(), lv.data(), n);
    int diff_v = 0;
    for (size_t i = 0; i < static_cast<size_t>(n); ++i) diff_v += ev[i] != e[i] || lv[i] != l[i];
    INFO(v.name << " variant");
    CHECK(diff_v == 0);
  }
#endif
}
