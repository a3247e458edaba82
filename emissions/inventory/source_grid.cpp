// Inventory grids (see source_grid.hpp).
#include "emissions/inventory/source_grid.hpp"

#include <algorithm>
#include <cmath>

#include "solver/core/constants.hpp"

namespace lantian::emis {

using constants::k_deg_to_rad;

std::vector<double> edges_from_centres(const std::vector<double>& c, bool clamp_lat) {
  const size_t n = c.size();
  std::vector<double> e(n + 1);
  if (n == 1) {
    e[0] = c[0] - 0.5;
    e[1] = c[0] + 0.5;
  } else {
    for (size_t k = 1; k < n; ++k) e[k] = 0.5 * (c[k - 1] + c[k]);
    e[0] = c[0] - (e[1] - c[0]);
    e[n] = c[n - 1] + (c[n - 1] - e[n - 1]);
  }
  if (clamp_lat)
    for (auto& v : e) v = std::clamp(v, -90.0, 90.0);
  return e;
}

double SourceGrid::cell_area_m2(int i, int j) const {
  if (kind == Kind::latlon) {
    const double r = earth_radius_m;
    return r * r * (x_edges[i + 1] - x_edges[i]) * k_deg_to_rad *
           (std::sin(y_edges[j + 1] * k_deg_to_rad) - std::sin(y_edges[j] * k_deg_to_rad));
  }
  const double dx = x_edges[i + 1] - x_edges[i], dy = y_edges[j + 1] - y_edges[j];
  const grid::LatLon c = centre(i, j);
  const double m = proj.map_factor(c.lat_deg);
  return dx * dy / (m * m);
}

namespace {
using V3 = std::array<double, 3>;
V3 unit_vector(double lon_deg, double lat_deg) {
  const double lo = lon_deg * k_deg_to_rad, la = lat_deg * k_deg_to_rad;
  return {std::cos(la) * std::cos(lo), std::cos(la) * std::sin(lo), std::sin(la)};
}
double dot(const V3& a, const V3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
V3 cross(const V3& a, const V3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
/// Solid angle of the spherical triangle abc (Eriksson 1990): tan(E/2) = |a.(b x c)| /
/// (1 + a.b + b.c + c.a).
double triangle_excess(const V3& a, const V3& b, const V3& c) {
  const double num = std::fabs(dot(a, cross(b, c)));
  const double den = 1.0 + dot(a, b) + dot(b, c) + dot(c, a);
  return 2.0 * std::atan2(num, den);
}
}  // namespace

double SourceGrid::cell_area_great_circle_m2(int i, int j) const {
  const V3 a = unit_vector(x_edges[i], y_edges[j]);
  const V3 b = unit_vector(x_edges[i + 1], y_edges[j]);
  const V3 c = unit_vector(x_edges[i + 1], y_edges[j + 1]);
  const V3 d = unit_vector(x_edges[i], y_edges[j + 1]);
  const double r = earth_radius_m;
  return r * r * (triangle_excess(a, b, c) + triangle_excess(a, c, d));
}

grid::LatLon SourceGrid::centre(int i, int j) const {
  const double xc = 0.5 * (x_edges[i] + x_edges[i + 1]);
  const double yc = 0.5 * (y_edges[j] + y_edges[j + 1]);
  if (kind == Kind::latlon) return grid::LatLon{yc, xc};
  return proj.inverse(grid::XY{xc, yc});
}

std::vector<grid::LatLon> SourceGrid::outline(int i, int j, int nsub) const {
  const double xs[4] = {x_edges[i], x_edges[i + 1], x_edges[i + 1], x_edges[i]};
  const double ys[4] = {y_edges[j], y_edges[j], y_edges[j + 1], y_edges[j + 1]};
  std::vector<grid::LatLon> out;
  out.reserve(static_cast<size_t>(4 * nsub));
  for (int e = 0; e < 4; ++e) {
    const int f = (e + 1) % 4;
    for (int s = 0; s < nsub; ++s) {
      const double t = static_cast<double>(s) / nsub;
      const double x = xs[e] + t * (xs[f] - xs[e]);
      const double y = ys[e] + t * (ys[f] - ys[e]);
      if (kind == Kind::latlon) out.push_back(grid::LatLon{y, x});
      else out.push_back(proj.inverse(grid::XY{x, y}));
    }
  }
  return out;
}

}  // namespace lantian::emis
