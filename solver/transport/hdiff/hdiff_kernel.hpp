#pragma once
// The rows of explicit horizontal diffusion (horizontal_diffusion.hpp): the face conductances
// and dt / air mass of a row of cells, and the update of a row of one species. Each writes every
// value of the row with the same expression, left to right as written, so that the loops
// vectorise and the result is that of the cell-by-cell formula bit for bit. Pure, noexcept, no
// allocation; inlined into callers compiled for a wider instruction set.
#include <cstddef>
#include <cstdint>

#define LANTIAN_HDIFF_INLINE [[gnu::always_inline]] inline

namespace lantian::transport {

/// Conductances [kg s-1] of x faces lo..hi of a row: K_h rho dz length / distance, with rho and
/// dz the means of the cells either side (rho, dz: cell 0 of the row, valid from cell lo-1).
LANTIAN_HDIFF_INLINE void hdiff_x_conductance_row(double kh_m2_s, const double* __restrict rho,
                                                  const double* __restrict dz, const double* __restrict face_len_m,
                                                  const double* __restrict dist_m, double* __restrict c, int lo,
                                                  int hi) noexcept {
  for (int i = lo; i <= hi; ++i) {
    const double r = 0.5 * (rho[i - 1] + rho[i]);
    const double h = 0.5 * (dz[i - 1] + dz[i]);
    c[i] = kh_m2_s * r * h * face_len_m[i] / dist_m[i];
  }
}

/// Conductances [kg s-1] of the n y faces between rows s (south) and n (north) of cells.
LANTIAN_HDIFF_INLINE void hdiff_y_conductance_row(double kh_m2_s, const double* __restrict rho_s,
                                                  const double* __restrict rho_n, const double* __restrict dz_s,
                                                  const double* __restrict dz_n, const double* __restrict face_len_m,
                                                  const double* __restrict dist_m, double* __restrict c,
                                                  int n) noexcept {
  for (int i = 0; i < n; ++i) {
    const double r = 0.5 * (rho_s[i] + rho_n[i]);
    const double h = 0.5 * (dz_s[i] + dz_n[i]);
    c[i] = kh_m2_s * r * h * face_len_m[i] / dist_m[i];
  }
}

/// dt / air mass [s kg-1] of n cells: dt / (rho dz area).
LANTIAN_HDIFF_INLINE void hdiff_dt_over_mass_row(double dt_s, const double* __restrict rho, const double* __restrict dz,
                                                 const double* __restrict area_m2, double* __restrict dtm,
                                                 int n) noexcept {
  for (int i = 0; i < n; ++i) dtm[i] = dt_s / (rho[i] * dz[i] * area_m2[i]);
}

/// Asks for the cache lines of the n values at p displaced by `offset` bytes, to be written: a
/// hint, which reads nothing, so any address will do.
LANTIAN_HDIFF_INLINE void hdiff_prefetch_row(const double* p, int n, std::ptrdiff_t offset) noexcept {
  const auto at = reinterpret_cast<std::uintptr_t>(p) + static_cast<std::uintptr_t>(offset);
  for (int i = 0; i < n; i += 8) __builtin_prefetch(reinterpret_cast<const void*>(at + i * sizeof(double)), 1);
  if (n > 0) __builtin_prefetch(reinterpret_cast<const void*>(at + (n - 1) * sizeof(double)), 1);
}

/// One explicit step of n cells of a row: out[i] = q[i] + dtm[i] x (the diffusive flux into
/// cell i). q: the row (cells -1..n), qs, qn: the rows south and north (cells 0..n-1); cx: the
/// row's x faces 0..n (face i west of cell i); cs, cn: the y faces south and north of the row.
/// Reads only old values (Jacobi): `out` must not alias the rows.
LANTIAN_HDIFF_INLINE void hdiff_update_row(const double* __restrict q, const double* __restrict qs,
                                           const double* __restrict qn, const double* __restrict cx,
                                           const double* __restrict cs, const double* __restrict cn,
                                           const double* __restrict dtm, double* __restrict out, int n) noexcept {
  for (int i = 0; i < n; ++i) {
    const double c = q[i];
    const double flux_in =
        cx[i] * (q[i - 1] - c) - cx[i + 1] * (c - q[i + 1]) + cs[i] * (qs[i] - c) - cn[i] * (c - qn[i]);
    out[i] = c + dtm[i] * flux_in;
  }
}

/// One explicit step of a layer of nx x ny cells of one species, in place: row j of the layer
/// at q + j sj (cells -1..nx; rows -1..ny), of the conductances at cx + j (nx + 1) and
/// cy + j nx (rows 0..ny), of dt / air mass at dtm + j nx. Row j's new values go to `rows`
/// (2 nx values of scratch) and into q once row j+1, the last to read row j's old values, is
/// done: the result is that of a copy of the old layer. With `next` non-zero, the rows
/// displaced by `next` bytes (the same layer of the species updated next, a field away: too far
/// for the processor's prefetcher) are fetched into the cache as the pass goes (a hint only:
/// nothing there is read or written).
LANTIAN_HDIFF_INLINE void hdiff_update_layer(double* q, std::ptrdiff_t sj, const double* cx, const double* cy,
                                             const double* dtm, int nx, int ny, double* __restrict rows,
                                             std::ptrdiff_t next = 0) noexcept {
  const std::size_t w = static_cast<std::size_t>(nx);
  for (int j = 0; j < ny; ++j) {
    if (next != 0) hdiff_prefetch_row(q + j * sj, nx, next);
    double* out = rows + (j % 2) * w;
    const std::size_t r = static_cast<std::size_t>(j) * w;
    hdiff_update_row(q + j * sj, q + (j - 1) * sj, q + (j + 1) * sj, cx + static_cast<std::size_t>(j) * (w + 1), cy + r,
                     cy + r + w, dtm + r, out, nx);
    if (j > 0) {
      const double* prev = rows + ((j - 1) % 2) * w;
      double* dst = q + (j - 1) * sj;
      for (int i = 0; i < nx; ++i) dst[i] = prev[i];
    }
  }
  if (ny > 0) {
    const double* last = rows + ((ny - 1) % 2) * w;
    double* dst = q + (ny - 1) * sj;
    for (int i = 0; i < nx; ++i) dst[i] = last[i];
  }
}

}  // namespace lantian::transport
