// The Thomas algorithm (solver/transport/vdiff/tridiagonal_kernel.hpp) against a dense
// Gaussian elimination with partial pivoting on the same diagonally dominant systems.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <utility>
#include <vector>

#include "solver/transport/vdiff/tridiagonal_kernel.hpp"

using lantian::transport::factor_tridiagonal_rows;
using lantian::transport::solve_tridiagonal;
using lantian::transport::solve_tridiagonal_rows;

namespace {

/// Solves A x = r densely (partial pivoting); A is n x n, row-major.
std::vector<double> dense_solve(std::vector<double> a, std::vector<double> r, int n) {
  auto at = [&](int i, int j) -> double& { return a[static_cast<size_t>(i * n + j)]; };
  for (int c = 0; c < n; ++c) {
    int p = c;
    for (int i = c + 1; i < n; ++i)
      if (std::fabs(at(i, c)) > std::fabs(at(p, c))) p = i;
    for (int j = 0; j < n; ++j) std::swap(at(c, j), at(p, j));
    std::swap(r[c], r[p]);
    for (int i = c + 1; i < n; ++i) {
      const double f = at(i, c) / at(c, c);
      for (int j = c; j < n; ++j) at(i, j) -= f * at(c, j);
      r[i] -= f * r[c];
    }
  }
  std::vector<double> x(n);
  for (int i = n - 1; i >= 0; --i) {
    double s = r[i];
    for (int j = i + 1; j < n; ++j) s -= at(i, j) * x[j];
    x[i] = s / at(i, i);
  }
  return x;
}

/// A random implicit-diffusion-like system: a, c <= 0, b = 1 - a - c + something positive.
struct System {
  std::vector<double> a, b, c, r;
};
System random_system(int n, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  System s{std::vector<double>(n), std::vector<double>(n), std::vector<double>(n), std::vector<double>(n)};
  for (int k = 0; k < n; ++k) {
    s.a[k] = k > 0 ? -5.0 * u(rng) : 0.0;
    s.c[k] = k < n - 1 ? -5.0 * u(rng) : 0.0;
    s.b[k] = 1.0 - s.a[k] - s.c[k] + 0.1 * u(rng);
    s.r[k] = u(rng) - 0.3;
  }
  return s;
}

}  // namespace

TEST_CASE("Thomas algorithm agrees with a dense solve", "[unit][transport]") {
  std::mt19937 rng(3);
  for (const int n : {1, 2, 5, 12, 40}) {
    INFO("n = " << n);
    const System s = random_system(n, rng);
    std::vector<double> dense(static_cast<size_t>(n * n), 0.0);
    for (int k = 0; k < n; ++k) {
      dense[static_cast<size_t>(k * n + k)] = s.b[k];
      if (k > 0) dense[static_cast<size_t>(k * n + k - 1)] = s.a[k];
      if (k < n - 1) dense[static_cast<size_t>(k * n + k + 1)] = s.c[k];
    }
    const std::vector<double> want = dense_solve(dense, s.r, n);
    std::vector<double> x(n), cp(n);
    solve_tridiagonal(s.a.data(), s.b.data(), s.c.data(), s.r.data(), x.data(), cp.data(), n);
    // Diagonally dominant M-matrix: both methods are backward stable and the condition number
    // is small (b exceeds |a| + |c| by 1), so they agree to a few hundred ulps of max |x|.
    double xmax = 0.0;
    for (double v : want) xmax = std::max(xmax, std::fabs(v));
    for (int k = 0; k < n; ++k) CHECK(x[k] == Approx(want[k]).margin(1e-13 * xmax));
    // The residual of the tridiagonal solution itself.
    for (int k = 0; k < n; ++k) {
      double lhs = s.b[k] * x[k];
      if (k > 0) lhs += s.a[k] * x[k - 1];
      if (k < n - 1) lhs += s.c[k] * x[k + 1];
      CHECK(lhs == Approx(s.r[k]).margin(1e-13 * (1.0 + std::fabs(s.b[k]) * xmax)));
    }
  }
}

TEST_CASE("Thomas algorithm may solve in place (x aliases r)", "[unit][transport]") {
  std::mt19937 rng(5);
  const int n = 9;
  const System s = random_system(n, rng);
  std::vector<double> x(n), cp(n), inplace = s.r, cp2(n);
  solve_tridiagonal(s.a.data(), s.b.data(), s.c.data(), s.r.data(), x.data(), cp.data(), n);
  solve_tridiagonal(s.a.data(), s.b.data(), s.c.data(), inplace.data(), inplace.data(), cp2.data(), n);
  for (int k = 0; k < n; ++k) CHECK(inplace[k] == x[k]);  // the same operations: bit for bit
}

TEST_CASE("Thomas algorithm keeps a uniform column uniform under pure diffusion", "[unit][transport]") {
  // Implicit diffusion with zero-flux ends: rows sum to 1 (a + b + c = 1), so a uniform
  // right-hand side is the solution.
  const int n = 8;
  std::vector<double> a(n), b(n), c(n), r(n, 2.5), x(n), cp(n);
  for (int k = 0; k < n; ++k) {
    a[k] = k > 0 ? -0.3 * (k + 1) : 0.0;
    c[k] = k < n - 1 ? -0.2 * (k + 2) : 0.0;
    b[k] = 1.0 - a[k] - c[k];
  }
  solve_tridiagonal(a.data(), b.data(), c.data(), r.data(), x.data(), cp.data(), n);
  for (int k = 0; k < n; ++k) CHECK(x[k] == Approx(2.5).epsilon(1e-14));
}

TEST_CASE("A row of factored systems gives the bits of one solve per system", "[unit][transport]") {
  // w systems of n levels, level-major ([k w + i]), the right-hand side scale * x(k, i) solved in
  // place in a strided array (as a species' columns, levels `stride` apart): each column must be
  // bitwise the result of solve_tridiagonal on r[k] = scale[k] * x(k), for odd and even widths
  // (vector remainders) and several right-hand sides per factorisation.
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (const int w : {1, 2, 3, 7, 60}) {
    for (const int n : {2, 5, 20}) {
      INFO("w = " << w << ", n = " << n);
      const size_t sz = static_cast<size_t>(n) * static_cast<size_t>(w);
      std::vector<double> a(sz), b(sz), c(sz), scale(sz), denom(sz), cp(sz);
      std::vector<System> sys;
      for (int i = 0; i < w; ++i) {
        sys.push_back(random_system(n, rng));
        for (int k = 0; k < n; ++k) {
          const size_t o = static_cast<size_t>(k * w + i);
          a[o] = sys.back().a[k];
          b[o] = sys.back().b[k];
          c[o] = sys.back().c[k];
          scale[o] = 0.5 + u(rng);
        }
      }
      factor_tridiagonal_rows(a.data(), b.data(), c.data(), denom.data(), cp.data(), n, w);
      const std::ptrdiff_t stride = w + 3;  // rows longer than w: padding must be left alone
      for (int rhs = 0; rhs < 3; ++rhs) {
        std::vector<double> x(static_cast<size_t>(stride) * static_cast<size_t>(n), -7.0);
        for (int k = 0; k < n; ++k)
          for (int i = 0; i < w; ++i) x[static_cast<size_t>(k * stride + i)] = u(rng) - 0.2;
        const std::vector<double> x0 = x;
        solve_tridiagonal_rows(a.data(), denom.data(), cp.data(), scale.data(), x.data(), stride, n, w);
        for (int i = 0; i < w; ++i) {
          std::vector<double> sa(n), sb(n), sc(n), r(n), want(n), scp(n);
          for (int k = 0; k < n; ++k) {
            const size_t o = static_cast<size_t>(k * w + i);
            sa[k] = a[o];
            sb[k] = b[o];
            sc[k] = c[o];
            r[k] = scale[o] * x0[static_cast<size_t>(k * stride + i)];
          }
          solve_tridiagonal(sa.data(), sb.data(), sc.data(), r.data(), want.data(), scp.data(), n);
          for (int k = 0; k < n; ++k) CHECK(x[static_cast<size_t>(k * stride + i)] == want[k]);
        }
        for (int k = 0; k < n; ++k)
          for (std::ptrdiff_t i = w; i < stride; ++i) CHECK(x[static_cast<size_t>(k * stride + i)] == -7.0);
      }
    }
  }
}
