#pragma once
// Thomas algorithm for one tridiagonal system (no pivoting: the diffusion matrices here are
// diagonally dominant M-matrices, for which it is stable). Pure, noexcept, no allocation.
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

}  // namespace lantian::transport
