#pragma once
// The chemistry's moves between the state (one field per species) and a chunk's cell-major
// buffer y [cell][species], and of the results into cell records: pure loops, no allocation.
//
// A chunk's buffer (512 cells x 88 species of CB6r3: 360 KB) does not fit the L1 cache; a
// loop over one species at a time touches a different cache line of it for every cell, and
// the buffer comes from L2 or beyond once per species. The kept cells move in tiles of
// k_tile_cells cells instead: a tile of the buffer (8 x 88 doubles: 5.6 KB, contiguous) stays
// in L1 while every species' field is read or written across it, and each field's line is
// used for the tile's cells in one go (the fields' starts often share their offset modulo
// 4 KiB, i.e. their cache set, so a loop over all species for one cell at a time would evict
// them from each other). Records are contiguous per cell, as is the buffer: cell by cell.
//
// Determinism: every value is the same product as a loop over species then cells would form,
// and each species' sum of clipped amounts adds the cells in increasing order within a
// chunk, so results and diagnostics are bitwise those of that loop (tests/unit/chemistry/
// test_chemistry_work_kernel.cpp).
#include <cstddef>

namespace lantian::chem::work_kernel {

/// Cells per tile of the kept cells' moves.
inline constexpr int k_tile_cells = 8;

/// y[c n + s] = f[s][at[c]] * air[c] for the cells c in [ka, kb) and the species s < n: the
/// state's mixing ratios [mol mol-1] (field s at offset at[c]) times the dry-air density
/// [molecule cm-3] into the buffer.
inline void load_kept(const double* const* f, const std::ptrdiff_t* at, const double* air, int n, int ka, int kb,
                      double* y) noexcept {
  for (int t = ka; t < kb; t += k_tile_cells) {
    const int te = kb - t < k_tile_cells ? kb : t + k_tile_cells;
    for (int s = 0; s < n; ++s) {
      const double* __restrict fs = f[s];
      double* __restrict ys = y + s;
      for (int c = t; c < te; ++c) ys[static_cast<std::ptrdiff_t>(c) * n] = fs[at[c]] * air[c];
    }
  }
}

/// f[s][at[c]] = y[c n + s] * inv[c] for the cells c in [ka, kb) and the species s < n (the
/// results [mol mol-1] into the state, inv = 1 / dry-air density [cm3 molecule-1]), and
/// clip_sum[s] += clip[c n + s] * inv[c] in increasing c for each s (the amounts added by
/// clipping negatives [mol mol-1]).
inline void store_kept(const double* y, const double* clip, const double* inv, int n, int ka, int kb, double* const* f,
                       const std::ptrdiff_t* at, double* clip_sum) noexcept {
  for (int t = ka; t < kb; t += k_tile_cells) {
    const int te = kb - t < k_tile_cells ? kb : t + k_tile_cells;
    for (int s = 0; s < n; ++s) {
      double* __restrict fs = f[s];
      const double* __restrict ys = y + s;
      const double* __restrict cs = clip + s;
      double sum = clip_sum[s];
      for (int c = t; c < te; ++c) {
        const std::ptrdiff_t o = static_cast<std::ptrdiff_t>(c) * n;
        fs[at[c]] = ys[o] * inv[c];
        sum += cs[o] * inv[c];
      }
      clip_sum[s] = sum;
    }
  }
}

/// The same for the cells c in [ca, cb) whose results go to records: out[(c - ca) rec + s] =
/// y[c n + s] * inv[c] (rec: the record's length in doubles; out: the first cell's species),
/// and clip_sum[s] += clip[c n + s] * inv[c] in increasing c for each s.
inline void store_records(const double* y, const double* clip, const double* inv, int n, int ca, int cb, double* out,
                          std::ptrdiff_t rec, double* clip_sum) noexcept {
  for (int c = ca; c < cb; ++c) {
    const std::ptrdiff_t o = static_cast<std::ptrdiff_t>(c) * n;
    const double* __restrict yc = y + o;
    const double* __restrict cc = clip + o;
    double* __restrict r = out + (c - ca) * rec;
    double* __restrict cl = clip_sum;
    const double v = inv[c];
    for (int s = 0; s < n; ++s) {
      r[s] = yc[s] * v;
      cl[s] += cc[s] * v;
    }
  }
}

}  // namespace lantian::chem::work_kernel
