// Rosenbrock kernels over a block of L cells (structure of arrays, cells fastest: item q of
// lane c at [q * L + c]); ROS3 and RODAS3 of Sandu et al. (1997, doi:10.1016/S1352-2310(97)00059-9)
// in the form of Hairer & Wanner (1996), with the sparse programs of ChemSystem.
//
// Included once per instruction set by block_kernel_<isa>.cpp, which defines
// LANTIAN_CHEM_ISA_NS (the namespace) and LANTIAN_CHEM_ISA_NAME first; hence no include guard.
// Everything here has internal linkage and uses no std:: containers or algorithms (only
// <cmath>'s builtins and libm's cbrt), so nothing compiled for one instruction set can be
// linked into the other. Every operation is an IEEE-754 add, multiply, divide, sqrt or a libm
// cbrt in a fixed order per lane, with no FMA contraction (ISO C++ mode; the kernel files are
// also compiled with -ffp-contract=off), so both variants and every lane count give bitwise
// identical results.
// Guarantees: a cell's arithmetic never involves another cell (per-lane step size, error and
// accept/reject), so results do not depend on the block size or on which lane a cell gets.
#include <cmath>

#include "solver/chemistry/rosenbrock/block_kernel_set.hpp"
#include "solver/chemistry/rosenbrock/rosenbrock_method.hpp"

#ifndef LANTIAN_CHEM_ISA_NS
#error "define LANTIAN_CHEM_ISA_NS before including block_kernel.hpp"
#endif

namespace lantian::chem::detail::LANTIAN_CHEM_ISA_NS {
namespace {

// With a compile-time lane count LC > 0 the kernels work on chunks of min(LC, 8) lanes held in
// native vectors (one AVX-512 register, two AVX2 or four SSE2 registers), so that each index
// read from the programs serves up to 8 lanes at once (the index loads and address arithmetic,
// not the flops, bound these sparse kernels) and each row's sum stays in registers and is
// stored once. With the run-time lane count (LC == 0): plain lane loops. Every lane sees the
// same operations in the same order in all variants.
#if !defined(__GNUC__)
#error "the chemistry block kernels use GCC/Clang vector extensions"
#endif
#if defined(__AVX512F__)
constexpr int k_w = 8;
#elif defined(__AVX__)
constexpr int k_w = 4;
#else
constexpr int k_w = 2;
#endif

/// min(LC, 8) lanes as nv native vectors of w lanes (GCC's generic vectors wider than the
/// registers compiled to code through memory, 4x slower; an array of native vectors with
/// constant indices stays in registers).
template <int LC>
struct Lanes {
  static constexpr int cw = LC < 8 ? LC : 8;
  static constexpr int w = cw < k_w ? cw : k_w;
  static constexpr int nv = cw / w;
  typedef double V __attribute__((vector_size(w * sizeof(double))));
  V v[nv];

  static Lanes load(const double* p) {
    Lanes r;
    for (int i = 0; i < nv; ++i) __builtin_memcpy(&r.v[i], p + i * w, sizeof(V));
    return r;
  }
  void store(double* p) const {
    for (int i = 0; i < nv; ++i) __builtin_memcpy(p + i * w, &v[i], sizeof(V));
  }
  static Lanes splat(double x) {
    Lanes r;
    for (int i = 0; i < nv; ++i) r.v[i] = V{} + x;
    return r;
  }
  Lanes& operator*=(const Lanes& o) {
    for (int i = 0; i < nv; ++i) v[i] *= o.v[i];
    return *this;
  }
  Lanes& operator+=(const Lanes& o) {
    for (int i = 0; i < nv; ++i) v[i] += o.v[i];
    return *this;
  }
  Lanes& operator-=(const Lanes& o) {
    for (int i = 0; i < nv; ++i) v[i] -= o.v[i];
    return *this;
  }
  friend Lanes operator*(Lanes a, const Lanes& b) { return a *= b; }
  friend Lanes operator-(Lanes a, const Lanes& b) { return a -= b; }
  friend Lanes operator*(double x, Lanes b) {
    for (int i = 0; i < nv; ++i) b.v[i] = x * b.v[i];
    return b;
  }
};
/// The vector path for compile-time lane counts.
template <int LC>
constexpr bool k_vec = LC > 0;

/// out = k x the product of the y rows at offsets var[p] for p in [p0, p1), in that order: a
/// reaction rate (its reactants), or a partial derivative (its reactants but one).
template <int LC>
inline void product_row(int L, const double* __restrict kr, const int* var, int p0, int p1, const double* __restrict y,
                        double* __restrict out) {
  if constexpr (k_vec<LC>) {
    using V = Lanes<LC>;
    for (int c0 = 0; c0 < LC; c0 += V::cw) {
      V acc = V::load(kr + c0);
      for (int p = p0; p < p1; ++p) acc *= V::load(y + var[p] + c0);
      acc.store(out + c0);
    }
  } else {
#pragma omp simd
    for (int c = 0; c < L; ++c) out[c] = kr[c];
    for (int p = p0; p < p1; ++p) {
      const double* __restrict yv = y + var[p];
#pragma omp simd
      for (int c = 0; c < L; ++c) out[c] *= yv[c];
    }
  }
}

/// out = sum over entries [e0, e1) of (scale x coef[e]) x the src row at offset idx[e] (scale only when
/// kScale), from zero, in entry order: a species' net production, or one Jacobian nonzero
/// from its partials.
template <int LC, bool kScale>
inline void weighted_sum_row(int L, double scale, const double* coef, const int* idx, int e0, int e1,
                             const double* __restrict src, double* __restrict out) {
  if constexpr (k_vec<LC>) {
    using V = Lanes<LC>;
    for (int c0 = 0; c0 < LC; c0 += V::cw) {
      V acc = V::splat(0.0);
      for (int e = e0; e < e1; ++e) acc += (kScale ? scale * coef[e] : coef[e]) * V::load(src + idx[e] + c0);
      acc.store(out + c0);
    }
  } else {
#pragma omp simd
    for (int c = 0; c < L; ++c) out[c] = 0.0;
    for (int e = e0; e < e1; ++e) {
      const double ce = kScale ? scale * coef[e] : coef[e];
      const double* __restrict sr = src + idx[e];
#pragma omp simd
      for (int c = 0; c < L; ++c) out[c] += ce * sr[c];
    }
  }
}

// The kernels generated at build time for the shipped mechanisms (solver/chemistry/codegen/
// chem_codegen.cpp; the build directory's generated/): namespaces gen_<mechanism> and the table
// k_generated, k_ngenerated, k_generated_lanes. The baseline variant (processors without AVX2)
// interprets the programs: with 8 lanes in four SSE2 registers the generated code took longer
// to compile (1.5 minutes, many more under the sanitizers) than it could save there.
#if defined(LANTIAN_CHEM_NO_GENERATED)
constexpr const GeneratedKernels* k_generated = nullptr;
constexpr int k_ngenerated = 0;
constexpr int k_generated_lanes = 8;
#else
#include "chem_generated_kernels.inc"
#endif

/// f(y): reaction rates into w.rate, then each species' net production.
template <int LC>
void fun_k(const BlockWork& w, const double* __restrict y, const double* __restrict k, double* __restrict f) {
  if constexpr (LC == k_generated_lanes) {
    if (w.generated) return w.generated->fun(y, k, w.rate, f);
  }
  const SysView& s = w.sys;
  const int L = LC > 0 ? LC : w.L;
  for (int r = 0; r < s.nr; ++r)
    product_row<LC>(L, k + static_cast<long>(r) * L, s.react_var, s.react_ptr[r], s.react_ptr[r + 1], y,
                    w.rate + static_cast<long>(r) * L);
  for (int i = 0; i < s.n; ++i)
    weighted_sum_row<LC, false>(L, 1.0, s.prod_coef, s.prod_rxn, s.prod_ptr[i], s.prod_ptr[i + 1], w.rate,
                                f + static_cast<long>(i) * L);
}

/// jv = sign x J in the LU pattern (fill-in positions zero).
template <int LC>
void jac_k(const BlockWork& w, const double* __restrict y, const double* __restrict k, double* __restrict jv,
           double sign) {
  if constexpr (LC == k_generated_lanes) {
    if (w.generated && sign == -1.0) return w.generated->jac_neg(y, k, w.dr, jv);
  }
  const SysView& s = w.sys;
  const int L = LC > 0 ? LC : w.L;
  for (int d = 0; d < s.ndr; ++d)
    product_row<LC>(L, k + s.dr_koff[d], s.dr_var, s.dr_ptr[d], s.dr_ptr[d + 1], y, w.dr + static_cast<long>(d) * L);
  // sign -1 (the Rosenbrock matrix) with the negated coefficients: (-1 x c) is -c exactly
  if (sign == -1.0) {
    for (int q = 0; q < s.nnz; ++q)
      weighted_sum_row<LC, false>(L, 1.0, s.jacg_coef_neg, s.jacg_dr, s.jacg_ptr[q], s.jacg_ptr[q + 1], w.dr,
                                  jv + static_cast<long>(q) * L);
  } else {
    for (int q = 0; q < s.nnz; ++q)
      weighted_sum_row<LC, true>(L, sign, s.jacg_coef, s.jacg_dr, s.jacg_ptr[q], s.jacg_ptr[q + 1], w.dr,
                                 jv + static_cast<long>(q) * L);
  }
}

/// In-place sparse LU (Doolittle, the precomputed program); 1/diagonal into w.inv_diag.
template <int LC>
void decompose_k(const BlockWork& w, double* __restrict a) {
  if constexpr (LC == k_generated_lanes) {
    if (w.generated) return w.generated->decompose(a, w.inv_diag);
  }
  const SysView& s = w.sys;
  const int L = LC > 0 ? LC : w.L;
  double* __restrict inv = w.inv_diag;
  for (int i = 0; i < s.n; ++i) {
    for (int q = s.lu_row_ptr[i]; q < s.lu_row_ptr[i + 1]; ++q) {
      double* __restrict aik = a + s.lu_ik[q];
      const double* __restrict dk = inv + s.lu_k[q];
      const int u0 = s.lu_upd_ptr[q], u1 = s.lu_upd_ptr[q + 1];
      if constexpr (k_vec<LC>) {
        using V = Lanes<LC>;
        for (int c0 = 0; c0 < LC; c0 += V::cw) {
          const V l = V::load(aik + c0) * V::load(dk + c0);
          l.store(aik + c0);
          for (int u = u0; u < u1; ++u) {
            double* aij = a + s.lu_upd_ij[u] + c0;
            (V::load(aij) - l * V::load(a + s.lu_upd_kj[u] + c0)).store(aij);
          }
        }
      } else {
#pragma omp simd
        for (int c = 0; c < L; ++c) aik[c] *= dk[c];
        for (int u = u0; u < u1; ++u) {
          double* __restrict aij = a + s.lu_upd_ij[u];
          const double* __restrict akj = a + s.lu_upd_kj[u];
#pragma omp simd
          for (int c = 0; c < L; ++c) aij[c] -= aik[c] * akj[c];
        }
      }
    }
    const double* __restrict aii = a + static_cast<long>(s.diag[i]) * L;
    double* __restrict di = inv + static_cast<long>(i) * L;
#pragma omp simd
    for (int c = 0; c < L; ++c) di[c] = 1.0 / aii[c];
  }
}

/// Solves (LU) x = b in place (b in x).
template <int LC>
void solve_k(const BlockWork& w, const double* __restrict a, double* __restrict x) {
  if constexpr (LC == k_generated_lanes) {
    if (w.generated) return w.generated->solve(a, w.inv_diag, x);
  }
  const SysView& s = w.sys;
  const int L = LC > 0 ? LC : w.L;
  const double* __restrict inv = w.inv_diag;
  for (int i = 0; i < s.n; ++i) {
    double* __restrict xi = x + static_cast<long>(i) * L;
    const int q0 = s.row_ptr[i], q1 = s.diag[i];
    if constexpr (k_vec<LC>) {
      using V = Lanes<LC>;
      for (int c0 = 0; c0 < LC; c0 += V::cw) {
        V acc = V::load(xi + c0);
        for (int q = q0; q < q1; ++q) acc -= V::load(a + static_cast<long>(q) * LC + c0) * V::load(x + s.col[q] + c0);
        acc.store(xi + c0);
      }
    } else {
      for (int q = q0; q < q1; ++q) {
        const double* __restrict aq = a + static_cast<long>(q) * L;
        const double* __restrict xj = x + s.col[q];
#pragma omp simd
        for (int c = 0; c < L; ++c) xi[c] -= aq[c] * xj[c];
      }
    }
  }
  for (int i = s.n - 1; i >= 0; --i) {
    double* __restrict xi = x + static_cast<long>(i) * L;
    const double* __restrict di = inv + static_cast<long>(i) * L;
    const int q0 = s.diag[i] + 1, q1 = s.row_ptr[i + 1];
    if constexpr (k_vec<LC>) {
      using V = Lanes<LC>;
      for (int c0 = 0; c0 < LC; c0 += V::cw) {
        V acc = V::load(xi + c0);
        for (int q = q0; q < q1; ++q) acc -= V::load(a + static_cast<long>(q) * LC + c0) * V::load(x + s.col[q] + c0);
        (acc * V::load(di + c0)).store(xi + c0);
      }
    } else {
      for (int q = q0; q < q1; ++q) {
        const double* __restrict aq = a + static_cast<long>(q) * L;
        const double* __restrict xj = x + s.col[q];
#pragma omp simd
        for (int c = 0; c < L; ++c) xi[c] -= aq[c] * xj[c];
      }
#pragma omp simd
      for (int c = 0; c < L; ++c) xi[c] *= di[c];
    }
  }
}

}  // namespace
}  // namespace lantian::chem::detail::LANTIAN_CHEM_ISA_NS

// The step driver (integrate_k) and the table of kernels.
#include "solver/chemistry/rosenbrock/block_integrate.hpp"
