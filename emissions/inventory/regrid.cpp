// Conservative regridding (see regrid.hpp).
#include "emissions/inventory/regrid.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "solver/core/constants.hpp"

namespace lantian::emis {

namespace {

using Pt = std::array<double, 2>;
using Poly = std::vector<Pt>;

double shoelace(const Poly& p) {
  double a = 0.0;
  const size_t n = p.size();
  for (size_t k = 0; k < n; ++k) {
    const Pt& u = p[k];
    const Pt& v = p[(k + 1) % n];
    a += u[0] * v[1] - v[0] * u[1];
  }
  return 0.5 * a;
}

/// Clips `in` to one half-plane: axis 0/1 (x/y), keep >= c when `lower`, <= c otherwise.
void clip_half(const Poly& in, Poly& out, int axis, double c, bool lower) {
  out.clear();
  const size_t n = in.size();
  if (n == 0) return;
  auto inside = [&](const Pt& p) { return lower ? p[axis] >= c : p[axis] <= c; };
  for (size_t k = 0; k < n; ++k) {
    const Pt& cur = in[k];
    const Pt& prev = in[(k + n - 1) % n];
    const bool ci = inside(cur), pi = inside(prev);
    if (ci != pi) {
      const double t = (c - prev[axis]) / (cur[axis] - prev[axis]);
      Pt q;
      q[axis] = c;
      q[1 - axis] = prev[1 - axis] + t * (cur[1 - axis] - prev[1 - axis]);
      out.push_back(q);
    }
    if (ci) out.push_back(cur);
  }
}

/// Area of the polygon inside the rectangle [x0, x1] x [y0, y1] (Sutherland-Hodgman).
double clipped_area(const Poly& p, double x0, double x1, double y0, double y1, Poly& a, Poly& b) {
  clip_half(p, a, 0, x0, true);
  clip_half(a, b, 0, x1, false);
  clip_half(b, a, 1, y0, true);
  clip_half(a, b, 1, y1, false);
  return b.size() < 3 ? 0.0 : std::fabs(shoelace(b));
}

}  // namespace

void RegridWeights::apply(const std::vector<double>& src, std::vector<double>& out) const {
  for (const auto& e : entries) out[static_cast<size_t>(e.cell)] += e.w * src[e.src];
}

double RegridWeights::covered_total(const std::vector<double>& src) const {
  double t = 0.0;
  for (size_t k = 0; k < src.size(); ++k) t += covered_fraction[k] * src[k];
  return t;
}

namespace {

/// The plane in which source outlines and model cells overlap: the model's projection plane,
/// or for a lat-lon model the equal-area plane (lon - ref_lon, sin lat).
struct OverlapPlane {
  bool ll_model = false;
  std::vector<double> xe, ye;  ///< model cell edges in the plane
  /// Lon/lat box of a conformal model's domain [deg], to skip distant source cells.
  double lon_lo = -1e9, lon_hi = 1e9, lat_lo = -1e9, lat_hi = 1e9;
};

OverlapPlane overlap_plane(const grid::HorizontalGrid& model) {
  using constants::k_deg_to_rad;
  OverlapPlane pl;
  pl.ll_model = !model.proj.is_conformal() && !model.cartesian;
  pl.xe.resize(static_cast<size_t>(model.nx) + 1);
  pl.ye.resize(static_cast<size_t>(model.ny) + 1);
  for (int i = 0; i <= model.nx; ++i) pl.xe[static_cast<size_t>(i)] = model.x0 + (i - 0.5) * model.dx;
  for (int j = 0; j <= model.ny; ++j) {
    const double y = model.y0 + (j - 0.5) * model.dy;
    pl.ye[static_cast<size_t>(j)] = pl.ll_model ? std::sin((model.proj.params().ref_lat_deg + y) * k_deg_to_rad) : y;
  }
  if (pl.ll_model) return pl;
  pl.lon_lo = pl.lat_lo = 1e9;
  pl.lon_hi = pl.lat_hi = -1e9;
  const int nb = 64;
  for (int k = 0; k <= nb; ++k) {
    const double s = static_cast<double>(k) / nb;
    const double pts[4][2] = {{s * model.nx - 0.5, -0.5},
                              {s * model.nx - 0.5, model.ny - 0.5},
                              {-0.5, s * model.ny - 0.5},
                              {model.nx - 0.5, s * model.ny - 0.5}};
    for (const auto& q : pts) {
      const grid::LatLon ll = model.latlon(q[0], q[1]);
      pl.lon_lo = std::min(pl.lon_lo, ll.lon_deg);
      pl.lon_hi = std::max(pl.lon_hi, ll.lon_deg);
      pl.lat_lo = std::min(pl.lat_lo, ll.lat_deg);
      pl.lat_hi = std::max(pl.lat_hi, ll.lat_deg);
    }
  }
  return pl;
}

/// The larger side of source cell (si, sj) [deg] (projected cells: metres / 111 km).
double cell_size_deg(const SourceGrid& src, int si, int sj) {
  const double size = std::max(src.x_edges[si + 1] - src.x_edges[si], src.y_edges[sj + 1] - src.y_edges[sj]);
  return src.kind == SourceGrid::Kind::latlon ? size : size / 111000.0;
}

/// True when a conformal model's domain box, widened by two cell sizes, misses the cell.
bool far_from_domain(const SourceGrid& src, int si, int sj, double size_deg, const OverlapPlane& pl) {
  if (pl.ll_model) return false;
  const grid::LatLon c = src.centre(si, sj);
  const double m = 2.0 * size_deg;
  double dl = c.lon_deg - pl.lon_lo;
  dl -= 360.0 * std::floor(dl / 360.0);
  return c.lat_deg < pl.lat_lo - m || c.lat_deg > pl.lat_hi + m || (dl > (pl.lon_hi - pl.lon_lo) + m && dl < 360.0 - m);
}

/// The outline of a source cell in the overlap plane. Edges are sampled straight in the
/// source plane, about 0.05 degree per segment.
void cell_outline(const SourceGrid& src, int si, int sj, double size_deg, const grid::HorizontalGrid& model,
                  const OverlapPlane& pl, Poly& poly) {
  using constants::k_deg_to_rad;
  const bool same_proj = src.kind == SourceGrid::Kind::projected && !pl.ll_model;
  const int nsub = same_proj ? 4 : std::clamp(static_cast<int>(std::ceil(size_deg / 0.05)), 4, 64);
  const auto ring = src.outline(si, sj, nsub);
  poly.clear();
  for (const auto& ll : ring) {
    if (pl.ll_model) {
      double x = ll.lon_deg - model.proj.params().ref_lon_deg;
      if (!poly.empty()) {  // keep longitudes continuous along the outline
        while (x - poly.back()[0] > 180.0) x -= 360.0;
        while (x - poly.back()[0] < -180.0) x += 360.0;
      }
      poly.push_back({x, std::sin(ll.lat_deg * k_deg_to_rad)});
    } else {
      const grid::XY p = model.proj.forward(ll);
      poly.push_back({p.x, p.y});
    }
  }
}

/// The overlaps of an outline (relative to its first vertex (ox, oy)) with the model cells:
/// returns the area covered by all model cells and lists (owned cell, area) in `hits`.
double cell_overlaps(const Poly& poly, double ox, double oy, const grid::HorizontalGrid& model, const OverlapPlane& pl,
                     int i0, int j0, int nx, int ny, std::vector<std::pair<std::int32_t, double>>& hits, Poly& wa,
                     Poly& wb) {
  const auto& xe = pl.xe;
  const auto& ye = pl.ye;
  hits.clear();
  double covered = 0.0;
  // Lat-lon models: also try the outline shifted by +-360 degrees (wrap-around).
  const int nshift = pl.ll_model ? 3 : 1;
  for (int sh = 0; sh < nshift; ++sh) {
    const double shift = pl.ll_model ? (sh - 1) * 360.0 : 0.0;
    // Model cell edges are compared in the shifted frame: x - ox - shift.
    double bx0 = 1e300, bx1 = -1e300, by0 = 1e300, by1 = -1e300;
    for (const auto& p : poly) {
      bx0 = std::min(bx0, p[0] + ox + shift);
      bx1 = std::max(bx1, p[0] + ox + shift);
      by0 = std::min(by0, p[1] + oy);
      by1 = std::max(by1, p[1] + oy);
    }
    const auto ilo = std::lower_bound(xe.begin(), xe.end(), bx0) - xe.begin() - 1;
    const auto ihi = std::upper_bound(xe.begin(), xe.end(), bx1) - xe.begin();
    const auto jlo = std::lower_bound(ye.begin(), ye.end(), by0) - ye.begin() - 1;
    const auto jhi = std::upper_bound(ye.begin(), ye.end(), by1) - ye.begin();
    for (long j = std::max(0L, static_cast<long>(jlo)); j < std::min<long>(model.ny, jhi); ++j)
      for (long i = std::max(0L, static_cast<long>(ilo)); i < std::min<long>(model.nx, ihi); ++i) {
        const double a =
            clipped_area(poly, xe[static_cast<size_t>(i)] - ox - shift, xe[static_cast<size_t>(i) + 1] - ox - shift,
                         ye[static_cast<size_t>(j)] - oy, ye[static_cast<size_t>(j) + 1] - oy, wa, wb);
        if (a <= 0.0) continue;
        covered += a;
        if (i >= i0 && i < i0 + nx && j >= j0 && j < j0 + ny)
          hits.emplace_back(static_cast<std::int32_t>((j - j0) * nx + (i - i0)), a);
      }
  }
  return covered;
}

}  // namespace

RegridWeights build_regrid_weights(const SourceGrid& src, const grid::HorizontalGrid& model, int i0, int j0, int nx,
                                   int ny) {
  RegridWeights rw;
  rw.i0 = i0;
  rw.j0 = j0;
  rw.nx = nx;
  rw.ny = ny;
  rw.covered_fraction.assign(src.size(), 0.0);
  const OverlapPlane pl = overlap_plane(model);
  Poly poly, wa, wb;
  std::vector<std::pair<std::int32_t, double>> hits;
  for (int sj = 0; sj < src.ny; ++sj) {
    for (int si = 0; si < src.nx; ++si) {
      const std::uint32_t sidx =
          static_cast<std::uint32_t>(sj) * static_cast<std::uint32_t>(src.nx) + static_cast<std::uint32_t>(si);
      const double size_deg = cell_size_deg(src, si, sj);
      if (far_from_domain(src, si, sj, size_deg, pl)) continue;
      cell_outline(src, si, sj, size_deg, model, pl, poly);
      // Work relative to the first vertex: shoelace terms then carry no large offsets
      // (cancellation would cost ~1e-12 relative for small cells far from the origin).
      const double ox = poly[0][0], oy = poly[0][1];
      for (auto& q : poly) {
        q[0] -= ox;
        q[1] -= oy;
      }
      const double total = std::fabs(shoelace(poly));
      if (!(total > 0.0)) continue;
      const double covered = cell_overlaps(poly, ox, oy, model, pl, i0, j0, nx, ny, hits, wa, wb);
      if (covered <= 0.0) continue;
      // Fully covered cells are normalised by the sum of their overlaps, so that the mass is
      // distributed exactly; partly covered cells keep the covered fraction.
      const bool full = std::fabs(covered - total) <= 1e-9 * total;
      const double denom = full ? covered : total;
      rw.covered_fraction[sidx] = full ? 1.0 : covered / total;
      std::sort(hits.begin(), hits.end());
      for (const auto& [cell, a] : hits) rw.entries.push_back({sidx, cell, a / denom});
    }
  }
  return rw;
}

}  // namespace lantian::emis
