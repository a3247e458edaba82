#pragma once
// Thomas algorithm for tridiagonal systems (no pivoting: the diffusion matrices here are
// diagonally dominant M-matrices, for which it is stable). Pure, noexcept, no allocation.
// Two forms: one system (solve_tridiagonal), and a row of `w` systems that share their
// matrix's factorisation across many right-hand sides (factor_tridiagonal_rows, then
// solve_tridiagonal_rows per right-hand side), laid out level-major (value k of system i at
// [k w + i]) so that the loops over i vectorise. Both do the same operations in the same order
// for each system, so they give the same bits. The row forms are inlined into their callers,
// so that a caller compiled for a wider instruction set (vertical_diffusion.cpp) gets them in
// that set.
#include <cstddef>

namespace lantian::transport {

/// Solves a[k] x[k-1] + b[k] x[k] + c[k] x[k+1] = r[k], k = 0..n-1 (a[0], c[n-1] unused).
/// `cp` is scratch of n values; `x` may alias `r`.
inline void solve_tridiagonal(const double* a, const double* b, const double* c, const double* r, double* x, double* cp,
                              int n) noexcept {
  double denom = b[0];
  cp[0] = c[0] / denom;
  x[0] = r[0] / denom;
  for (int k = 1; k < n; ++k) {
    denom = b[k] - a[k] * cp[k - 1];
    cp[k] = c[k] / denom;
    x[k] = (r[k] - a[k] * x[k - 1]) / denom;
  }
  for (int k = n - 2; k >= 0; --k) x[k] -= cp[k] * x[k + 1];
}

/// Factors w systems of n levels at once (arrays of n x w values, [k w + i]): from a, b, c
/// (as in solve_tridiagonal) it writes the pivots `denom` and the upper factor `cp`, the
/// values solve_tridiagonal computes for the same system.
[[gnu::always_inline]] inline void factor_tridiagonal_rows(const double* __restrict a, const double* __restrict b,
                                                           const double* __restrict c, double* __restrict denom,
                                                           double* __restrict cp, int n, int w) noexcept {
  for (int i = 0; i < w; ++i) {
    denom[i] = b[i];
    cp[i] = c[i] / denom[i];
  }
  for (int k = 1; k < n; ++k) {
    const std::size_t o = static_cast<std::size_t>(k) * static_cast<std::size_t>(w),
                      p = o - static_cast<std::size_t>(w);
    for (int i = 0; i < w; ++i) {
      denom[o + i] = b[o + i] - a[o + i] * cp[p + i];
      cp[o + i] = c[o + i] / denom[o + i];
    }
  }
}

/// Solves the w factored systems for the right-hand side scale[k w + i] * x(k, i), in place:
/// x(k, i) is x[k * stride + i] (a species' column values, levels `stride` apart). The result
/// is bitwise that of solve_tridiagonal on r[k] = scale[k] * x(k).
[[gnu::always_inline]] inline void solve_tridiagonal_rows(const double* __restrict a, const double* __restrict denom,
                                                          const double* __restrict cp, const double* __restrict scale,
                                                          double* __restrict x, std::ptrdiff_t stride, int n,
                                                          int w) noexcept {
  for (int i = 0; i < w; ++i) x[i] = (scale[i] * x[i]) / denom[i];
  for (int k = 1; k < n; ++k) {
    const std::size_t o = static_cast<std::size_t>(k) * static_cast<std::size_t>(w);
    double* __restrict xk = x + k * stride;
    const double* __restrict xp = x + (k - 1) * stride;
    for (int i = 0; i < w; ++i) xk[i] = (scale[o + i] * xk[i] - a[o + i] * xp[i]) / denom[o + i];
  }
  for (int k = n - 2; k >= 0; --k) {
    const std::size_t o = static_cast<std::size_t>(k) * static_cast<std::size_t>(w);
    double* __restrict xk = x + k * stride;
    const double* __restrict xn = x + (k + 1) * stride;
    for (int i = 0; i < w; ++i) xk[i] -= cp[o + i] * xn[i];
  }
}

}  // namespace lantian::transport
