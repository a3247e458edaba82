#include "solver/transport/vdiff/vertical_diffusion.hpp"

#include <vector>

#include "solver/transport/vdiff/tridiagonal_kernel.hpp"

namespace lantian::transport {
namespace {

/// Scratch of one row of w columns and nz levels, level-major ([k w + i]).
struct RowScratch {
  RowScratch(int nz, std::size_t w)
      : nzw(static_cast<std::size_t>(nz) * w),
        a(nzw),
        b(nzw),
        c(nzw),
        m(nzw),
        denom(nzw),
        cp(nzw),
        dflux((static_cast<std::size_t>(nz) + 1) * w) {}
  std::size_t nzw;
  std::vector<double> a, b, c, m, denom, cp, dflux;
};

/// What a row needs: the air mass after advection, K at the middle of the step, the species.
struct RowFields {
  grid::View3D<const double> rho, dz, kz;
  state::ChemState* st;
  int nx, nz, ns;  ///< ns: the transported species (ChemState::transported)
  double dt_s;
};

/// Row j of columns: the matrix depends on the met only, so it is factored once per column and
/// shared by every species; the solves run across the row's columns (level-major scratch),
/// which vectorises. Per column the arithmetic is that of solve_tridiagonal, in the same order:
/// the same bits.
[[gnu::always_inline]] inline void row_body(const RowFields& f, int j, RowScratch& s) {
  const std::size_t w = static_cast<std::size_t>(f.nx), nzw = s.nzw;
  const int nz = f.nz;
  const double dt_s = f.dt_s;
  double* dflux = s.dflux.data();
  for (std::size_t i = 0; i < w; ++i) {
    dflux[i] = 0.0;
    dflux[static_cast<std::size_t>(nz) * w + i] = 0.0;
  }
  for (int k = 0; k < nz; ++k) {
    const double* __restrict rho = f.rho.row(j, k);
    const double* __restrict dz = f.dz.row(j, k);
    double* __restrict mk = s.m.data() + static_cast<std::size_t>(k) * w;
    for (std::size_t i = 0; i < w; ++i) mk[i] = rho[i] * dz[i];
  }
  for (int k = 1; k < nz; ++k) {
    const double* __restrict rho_lo = f.rho.row(j, k - 1);
    const double* __restrict rho_hi = f.rho.row(j, k);
    const double* __restrict dz_lo = f.dz.row(j, k - 1);
    const double* __restrict dz_hi = f.dz.row(j, k);
    const double* __restrict kz = f.kz.row(j, k);
    double* __restrict df = dflux + static_cast<std::size_t>(k) * w;
    for (std::size_t i = 0; i < w; ++i) {
      const double rho = 0.5 * (rho_lo[i] + rho_hi[i]);
      const double dz = 0.5 * (dz_lo[i] + dz_hi[i]);
      df[i] = rho * kz[i] / dz;
    }
  }
  {
    double* __restrict a = s.a.data();
    double* __restrict b = s.b.data();
    double* __restrict c = s.c.data();
    const double* __restrict m = s.m.data();
    const double* __restrict dfl = dflux;
    for (std::size_t o = 0; o < nzw; ++o) {
      a[o] = -dt_s * dfl[o];
      c[o] = -dt_s * dfl[o + w];
      b[o] = m[o] + dt_s * (dfl[o] + dfl[o + w]);
    }
  }
  factor_tridiagonal_rows(s.a.data(), s.b.data(), s.c.data(), s.denom.data(), s.cp.data(), nz, f.nx);
  const auto& moved = f.st->transported();
  for (int t = 0; t < f.ns; ++t) {
    auto q = f.st->field(moved[static_cast<std::size_t>(t)]).view();
    // The next species' rows of the columns are fetched into the cache as this one is solved:
    // its layers lie a horizontal field apart, too far for the processor's prefetcher (a hint
    // only: nothing is read).
    if (t + 1 < f.ns) {
      const auto next = f.st->field(moved[static_cast<std::size_t>(t) + 1]).view();
      for (int k = 0; k < nz; ++k) {
        const double* r = next.row(j, k);
        for (int i = 0; i < f.nx; i += 8) __builtin_prefetch(r + i, 1);
        __builtin_prefetch(r + f.nx - 1, 1);
      }
    }
    solve_tridiagonal_rows(s.a.data(), s.denom.data(), s.cp.data(), s.m.data(), q.row(j, 0), q.stride_k(), nz, f.nx);
  }
}

using RowFn = void (*)(const RowFields&, int, RowScratch&);

// row_body in each instruction set. AVX-512F brings fused multiply-add, which GCC would
// contract a * b + c into: this file is compiled with -ffp-contract=off (CMakeLists.txt), so
// every operation rounds as in the baseline.
void row_base(const RowFields& f, int j, RowScratch& s) { row_body(f, j, s); }
#ifdef LANTIAN_TRANSPORT_HAVE_AVX
[[gnu::target("avx2")]] void row_avx2(const RowFields& f, int j, RowScratch& s) { row_body(f, j, s); }
[[gnu::target("avx512f,avx512dq,avx512vl,prefer-vector-width=512")]] void row_avx512(const RowFields& f, int j,
                                                                                     RowScratch& s) {
  row_body(f, j, s);
}
#endif

RowFn row_fn(Isa isa) noexcept {
#ifdef LANTIAN_TRANSPORT_HAVE_AVX
  if (isa == Isa::avx512) return row_avx512;
  if (isa == Isa::avx2) return row_avx2;
#endif
  (void)isa;
  return row_base;
}

}  // namespace

void VerticalDiffusion::advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) {
  const auto& e = st.extents();
  const int nx = e.nx, ny = e.ny, nz = e.nz, ns = static_cast<int>(st.transported().size());
  if (nz < 2 || nx < 1) return;
  // The air mass after advection (met.end), K at the middle of the step (met.mid).
  const RowFields f{met.end.rho_kg_m3.view(), met.end.dz_m.view(), met.mid.kz_m2_s.view(), &st, nx, nz, ns, dt_s};
  const RowFn row = row_fn(isa_);
#pragma omp parallel
  {
    RowScratch s(nz, static_cast<std::size_t>(nx));
#pragma omp for schedule(static)
    for (int j = 0; j < ny; ++j) row(f, j, s);
  }
}

}  // namespace lantian::transport
