#pragma once
// The lines of PpmAdvection's sweeps, run through the kernels of ppm_block_kernel.hpp: one x
// line (a contiguous row, every species), y or z lines side by side in blocks of 8, 4, 2 or 1
// neighbouring columns (contiguous in memory), and the air mass they share. Each comes in the
// baseline instruction set and, on x86-64 processors that have them, AVX2 and AVX-512 (without
// fused multiply-add, so the arithmetic and the results are the same bit for bit; chosen once,
// at run time). Included by ppm_advection.cpp only.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "solver/grid/field.hpp"
#include "solver/transport/advection/ppm_block_kernel.hpp"
#include "solver/transport/boundary/boundary.hpp"

#if defined(__GNUC__) && defined(__x86_64__)
#define LANTIAN_PPM_HAVE_AVX2 1
#endif

namespace lantian::transport {

/// What the lines of a sweep read and write. Every species field has the extents of m.
struct PpmSweepFields {
  grid::View3D<double> m;            ///< air mass being advected [kg], updated with the tracers
  grid::View3D<const double> flux;   ///< x, y: air mass through the faces in one sub-step [kg]
  grid::View3D<const double> m_end;  ///< z: the meteorology's air mass at the step's end [kg]
  double* const* q = nullptr;        ///< each advected species' mixing ratios (internal units)
  int ns = 0;                        ///< number of advected species
  const int* species = nullptr;      ///< species index of q[s] (boundary values, budget); null: s
  int species_of(int s) const noexcept { return species ? species[s] : s; }
};

/// Per-thread scratch for lines of up to n cells and ns species.
struct PpmLineScratch {
  PpmLineScratch(int n, int ns);
  std::vector<double> a, b, m_new, g, slope, edge, ql, qr, dq, q6;  ///< shared and per-line work
  std::vector<double> fl, wflux, m_col;                             ///< lanes: face fluxes, column air mass
  std::vector<const double*> m_row;                                 ///< lanes: rows of cells -1..n
  std::vector<double*> q_row;                                       ///< lanes: rows of cells -3..n+2
  std::vector<double> g_lo, g_hi;                                   ///< boundary fluxes, per species x lane
};

/// Widths of the blocks of y and z lines, widest first: a row's columns go in blocks of 8, the
/// rest in one block each of 4, 2 and 1 where they fit.
inline constexpr int k_ppm_widths[4] = {k_ppm_lanes, 4, 2, 1};

/// The line functions of one instruction set.
struct PpmLineKernels {
  /// Advects x line (j, k) of every species and its air mass by one sub-step, in place; g_lo[s]
  /// and g_hi[s]: species s's tracer flux through faces 0 and nx [mixing ratio x kg].
  void (*x_line)(const PpmSweepFields& f, int j, int k, PpmLineScratch& w, double* g_lo, double* g_hi);
  /// y[w]: advects the y lines of the B = k_ppm_widths[w] columns from i0 at layer k;
  /// g_lo[s B + l], g_hi[s B + l]: fluxes through faces 0 and ny of column i0+l.
  void (*y[4])(const PpmSweepFields& f, int i0, int k, PpmLineScratch& w, double* g_lo, double* g_hi);
  /// z[w]: advects the B = k_ppm_widths[w] columns from i0 of row j through the step, with the
  /// vertical air-mass flux diagnosed from continuity and sub-steps per column (each column's
  /// outflow fraction at most courant_max); adds what crosses the model top to `budget`.
  /// Returns the largest number of sub-steps.
  int (*z[4])(const PpmSweepFields& f, const BoundaryConditions& bc, double courant_max, int i0, int j,
              PpmLineScratch& w, BoundaryBudget& budget);
  const char* isa;  ///< "baseline", "avx2" or "avx512"
};

inline PpmLineScratch::PpmLineScratch(int n, int ns) {
  const auto lanes = static_cast<size_t>(k_ppm_lanes), cells = static_cast<size_t>(n) + 6;
  for (auto* v : {&a, &b, &m_new, &g, &slope, &edge, &ql, &qr, &dq, &q6, &fl, &wflux, &m_col}) v->resize(cells * lanes);
  m_row.resize(cells);
  q_row.resize(cells);
  g_lo.resize(static_cast<size_t>(ns) * lanes);
  g_hi.resize(static_cast<size_t>(ns) * lanes);
}

namespace ppm_lines {

/// Bytes from species s's data to species s+1's, 0 for the last (ppm_advect_lanes' `next`).
inline std::ptrdiff_t next_species(const PpmSweepFields& f, int s) noexcept {
  if (s + 1 >= f.ns) return 0;
  return static_cast<std::ptrdiff_t>(reinterpret_cast<std::uintptr_t>(f.q[s + 1]) -
                                     reinterpret_cast<std::uintptr_t>(f.q[s]));
}

inline double outflow_fraction(double f_lo, double f_hi, double m) noexcept {
  return (std::max(f_hi, 0.0) + std::max(-f_lo, 0.0)) / m;
}

LANTIAN_PPM_INLINE void x_line_body(const PpmSweepFields& f, int j, int k, PpmLineScratch& w, double* g_lo,
                                    double* g_hi) {
  const int nx = f.m.extents().nx;
  double* m = &f.m(0, j, k);
  const double* fl = &f.flux(0, j, k);
  ppm_row_coefficients(m, fl, nx, w.a.data(), w.b.data(), w.m_new.data());
  const std::ptrdiff_t off = f.m.offset(0, j, k);
  const PpmRowScratch scratch{w.slope.data(), w.edge.data(), w.ql.data(), w.qr.data(), w.dq.data(), w.q6.data()};
  for (int s = 0; s < f.ns; ++s) {
    ppm_advect_row(f.q[s] + off, m, fl, w.a.data(), w.b.data(), w.m_new.data(), nx, w.g.data(), scratch);
    g_lo[s] = w.g[0];
    g_hi[s] = w.g[static_cast<size_t>(nx)];
  }
  std::copy(w.m_new.begin(), w.m_new.begin() + nx, m);
}

template <int B>
LANTIAN_PPM_INLINE void y_lanes_body(const PpmSweepFields& f, int i0, int k, PpmLineScratch& w, double* g_lo,
                                     double* g_hi) {
  const int ny = f.m.extents().ny;
  const std::ptrdiff_t sj = f.m.stride_j();
  const double** m_row = w.m_row.data() + 1;  // cells -1..ny
  for (int c = -1; c <= ny; ++c) m_row[c] = &f.m(i0, c, k);
  double* fl = w.fl.data();
  for (int c = 0; c <= ny; ++c) ppm_copy_lanes<B>(fl + static_cast<std::ptrdiff_t>(c) * B, &f.flux(i0, c, k));
  ppm_lanes_coefficients<B>(m_row, fl, ny, w.a.data(), w.b.data(), w.m_new.data());
  double** q_row = w.q_row.data() + k_ppm_halo;  // cells -3..ny+2
  const std::ptrdiff_t off = f.m.offset(i0, 0, k);
  for (int s = 0; s < f.ns; ++s) {
    double* base = f.q[s] + off;
    for (int c = -k_ppm_halo; c < ny + k_ppm_halo; ++c) q_row[c] = base + c * sj;
    ppm_advect_lanes<B>(q_row, m_row, fl, w.a.data(), w.b.data(), w.m_new.data(), ny, g_lo + s * B, g_hi + s * B,
                        next_species(f, s));
  }
  for (int c = 0; c < ny; ++c) ppm_copy_lanes<B>(&f.m(i0, c, k), w.m_new.data() + static_cast<std::ptrdiff_t>(c) * B);
}

template <int B>
LANTIAN_PPM_INLINE int z_lanes_body(const PpmSweepFields& f, const BoundaryConditions& bc, double courant_max, int i0,
                                    int j, PpmLineScratch& w, BoundaryBudget& budget) {
  const int nz = f.m.extents().nz;
  // Vertical air-mass flux [kg] through interface k (bottom of layer k), diagnosed from
  // continuity so that every layer ends with the meteorology's air mass m_end. No flux through
  // the ground; what the column gains or loses overall crosses the model top.
  double* wflux = w.wflux.data();
  double frac[B];
  for (int l = 0; l < B; ++l) {
    wflux[l] = 0.0;
    frac[l] = 0.0;
  }
  for (int k = 0; k < nz; ++k) {
    const double* m = &f.m(i0, j, k);
    const double* e = &f.m_end(i0, j, k);
    for (int l = 0; l < B; ++l) wflux[(k + 1) * B + l] = wflux[k * B + l] + (m[l] - e[l]);
  }
  for (int k = 0; k < nz; ++k) {
    const double* m = &f.m(i0, j, k);
    for (int l = 0; l < B; ++l)
      frac[l] = std::max(frac[l], outflow_fraction(wflux[k * B + l], wflux[(k + 1) * B + l], m[l]));
  }
  // Sub-steps per column, so that a column's answer does not depend on the decomposition; the
  // lanes run together when their columns agree (the common case), else one by one.
  int nsub[B];
  for (int l = 0; l < B; ++l) nsub[l] = std::max(1, static_cast<int>(std::ceil(frac[l] / courant_max)));
  if constexpr (B > 1) {
    if (std::any_of(nsub + 1, nsub + B, [&](int v) { return v != nsub[0]; })) {
      int most = 1;
      for (int l = 0; l < B; ++l) most = std::max(most, z_lanes_body<1>(f, bc, courant_max, i0 + l, j, w, budget));
      return most;
    }
  }
  const int n_sub = nsub[0];
  double* wsub = w.fl.data();
  for (int c = 0; c < (nz + 1) * B; ++c) wsub[c] = wflux[c] / n_sub;
  // The column's air mass with one ghost layer each side (zero gradient), rows -1..nz.
  double* m_col = w.m_col.data() + B;
  const double** m_row = w.m_row.data() + 1;
  for (int k = -1; k <= nz; ++k) m_row[k] = m_col + static_cast<std::ptrdiff_t>(k) * B;
  for (int k = 0; k < nz; ++k) ppm_copy_lanes<B>(m_col + static_cast<std::ptrdiff_t>(k) * B, &f.m(i0, j, k));
  bool top_inflow[B];
  for (int l = 0; l < B; ++l) top_inflow[l] = wsub[nz * B + l] < 0.0 && bc.top_kind == TopBoundary::profile;
  double top[B];
  double** q_row = w.q_row.data() + k_ppm_halo;  // cells -3..nz+2
  const std::ptrdiff_t sk = f.m.stride_k(), off = f.m.offset(i0, j, 0);
  double* g_lo = w.g_lo.data();
  double* g_hi = w.g_hi.data();
  for (int sub = 0; sub < n_sub; ++sub) {
    ppm_copy_lanes<B>(m_col - B, m_col);
    ppm_copy_lanes<B>(m_col + static_cast<std::ptrdiff_t>(nz) * B, m_col + static_cast<std::ptrdiff_t>(nz - 1) * B);
    ppm_lanes_coefficients<B>(m_row, wsub, nz, w.a.data(), w.b.data(), w.m_new.data());
    for (int s = 0; s < f.ns; ++s) {
      double* base = f.q[s] + off;
      // Ground: zero gradient (the ghost rows are row 0, read before it is written); top: the
      // boundary values where air enters, else zero gradient.
      for (int c = -k_ppm_halo; c < 0; ++c) q_row[c] = base;
      for (int c = 0; c < nz; ++c) q_row[c] = base + c * sk;
      const double* q_top = base + (nz - 1) * sk;
      for (int l = 0; l < B; ++l) top[l] = top_inflow[l] ? bc.top(f.species_of(s), i0 + l, j) : q_top[l];
      for (int c = nz; c < nz + k_ppm_halo; ++c) q_row[c] = top;
      // The next species' column is fetched as this one computes: its layers lie a horizontal
      // field apart, too far apart for the processor's prefetcher.
      ppm_advect_lanes<B>(q_row, m_row, wsub, w.a.data(), w.b.data(), w.m_new.data(), nz, g_lo,
                          g_hi + static_cast<std::ptrdiff_t>(s) * B, next_species(f, s));
    }
    // What left through the top is added once all the species' columns are written: a load
    // from the budget right after a column's strided stores can wait on them (their addresses
    // may agree in the low 12 bits, which the processor compares first). Measured on the demo,
    // that wait made the z sweep 25 % slower on one rank of two. Each budget value still takes
    // its sub-steps' fluxes in order.
    for (int s = 0; s < f.ns; ++s)
      for (int l = 0, n = f.species_of(s); l < B; ++l) budget.add(n, i0 + l, j, -g_hi[s * B + l]);
    std::copy(w.m_new.begin(), w.m_new.begin() + static_cast<std::ptrdiff_t>(nz) * B, m_col);
  }
  for (int k = 0; k < nz; ++k) ppm_copy_lanes<B>(&f.m(i0, j, k), m_col + static_cast<std::ptrdiff_t>(k) * B);
  return n_sub;
}

// The functions of each instruction set: the same source, compiled for it.
inline void x_line_base(const PpmSweepFields& f, int j, int k, PpmLineScratch& w, double* g_lo, double* g_hi) {
  x_line_body(f, j, k, w, g_lo, g_hi);
}
template <int B>
inline void y_base(const PpmSweepFields& f, int i0, int k, PpmLineScratch& w, double* g_lo, double* g_hi) {
  y_lanes_body<B>(f, i0, k, w, g_lo, g_hi);
}
template <int B>
inline int z_base(const PpmSweepFields& f, const BoundaryConditions& bc, double courant_max, int i0, int j,
                  PpmLineScratch& w, BoundaryBudget& budget) {
  return z_lanes_body<B>(f, bc, courant_max, i0, j, w, budget);
}
inline const PpmLineKernels k_base{x_line_base,
                                   {y_base<k_ppm_widths[0]>, y_base<4>, y_base<2>, y_base<1>},
                                   {z_base<k_ppm_widths[0]>, z_base<4>, z_base<2>, z_base<1>},
                                   "baseline"};

#ifdef LANTIAN_PPM_HAVE_AVX2
// AVX2 without FMA: GCC contracts a * b + c into one rounding only where FMA is enabled, and
// target("avx2") does not enable it, so each operation rounds as in the baseline.
[[gnu::target("avx2")]] inline void x_line_avx2(const PpmSweepFields& f, int j, int k, PpmLineScratch& w, double* g_lo,
                                                double* g_hi) {
  x_line_body(f, j, k, w, g_lo, g_hi);
}
template <int B>
[[gnu::target("avx2")]] inline void y_avx2(const PpmSweepFields& f, int i0, int k, PpmLineScratch& w, double* g_lo,
                                           double* g_hi) {
  y_lanes_body<B>(f, i0, k, w, g_lo, g_hi);
}
template <int B>
[[gnu::target("avx2")]] inline int z_avx2(const PpmSweepFields& f, const BoundaryConditions& bc, double courant_max,
                                          int i0, int j, PpmLineScratch& w, BoundaryBudget& budget) {
  return z_lanes_body<B>(f, bc, courant_max, i0, j, w, budget);
}
inline const PpmLineKernels k_avx2{x_line_avx2,
                                   {y_avx2<k_ppm_widths[0]>, y_avx2<4>, y_avx2<2>, y_base<1>},
                                   {z_avx2<k_ppm_widths[0]>, z_avx2<4>, z_avx2<2>, z_base<1>},
                                   "avx2"};
#endif

#ifdef LANTIAN_PPM_HAVE_AVX2
// AVX-512 (F, DQ, VL): a block of 8 lanes is one register, and the selects use mask registers.
// AVX-512F has fused multiply-add instructions of its own, so ppm_advection.cpp is compiled
// with -ffp-contract=off (solver/transport/CMakeLists.txt): each operation rounds as in the
// baseline.
#define LANTIAN_PPM_AVX512 gnu::target("avx512f,avx512dq,avx512vl,prefer-vector-width=512")
[[LANTIAN_PPM_AVX512]] inline void x_line_avx512(const PpmSweepFields& f, int j, int k, PpmLineScratch& w, double* g_lo,
                                                 double* g_hi) {
  x_line_body(f, j, k, w, g_lo, g_hi);
}
template <int B>
[[LANTIAN_PPM_AVX512]] inline void y_avx512(const PpmSweepFields& f, int i0, int k, PpmLineScratch& w, double* g_lo,
                                            double* g_hi) {
  y_lanes_body<B>(f, i0, k, w, g_lo, g_hi);
}
template <int B>
[[LANTIAN_PPM_AVX512]] inline int z_avx512(const PpmSweepFields& f, const BoundaryConditions& bc, double courant_max,
                                           int i0, int j, PpmLineScratch& w, BoundaryBudget& budget) {
  return z_lanes_body<B>(f, bc, courant_max, i0, j, w, budget);
}
#undef LANTIAN_PPM_AVX512
inline const PpmLineKernels k_avx512{x_line_avx512,
                                     {y_avx512<k_ppm_widths[0]>, y_avx512<4>, y_avx512<2>, y_base<1>},
                                     {z_avx512<k_ppm_widths[0]>, z_avx512<4>, z_avx512<2>, z_base<1>},
                                     "avx512"};
#endif

}  // namespace ppm_lines

/// With `simd`, the widest functions the processor has: AVX-512 (where `avx512` allows it),
/// else AVX2; without, or on a processor with neither, the baseline ones.
inline const PpmLineKernels& ppm_line_kernels(bool simd, bool avx512) noexcept {
#ifdef LANTIAN_PPM_HAVE_AVX2
  static const bool has_avx2 = __builtin_cpu_supports("avx2");
  static const bool has_avx512 =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
  if (simd && avx512 && has_avx512) return ppm_lines::k_avx512;
  if (simd && has_avx2) return ppm_lines::k_avx2;
#endif
  (void)simd;
  (void)avx512;
  return ppm_lines::k_base;
}

}  // namespace lantian::transport
