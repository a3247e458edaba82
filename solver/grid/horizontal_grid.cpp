#include "solver/grid/horizontal_grid.hpp"

#include <cmath>

namespace lantian::grid {
namespace {
constexpr double d2r = constants::k_deg_to_rad;
}

double HorizontalGrid::map_factor(double i, double j) const {
  if (cartesian || !proj.is_conformal()) return 1.0;
  return proj.map_factor(latlon(i, j).lat_deg);
}

double HorizontalGrid::cell_area_m2(int i, int j) const {
  const double r = proj.params().earth_radius_m;
  if (cartesian) return dx * dy;
  if (!proj.is_conformal()) {
    // Exact area of a latitude-longitude cell on the sphere.
    const double lat_s = latlon(i, j - 0.5).lat_deg * d2r;
    const double lat_n = latlon(i, j + 0.5).lat_deg * d2r;
    return r * r * dx * d2r * (std::sin(lat_n) - std::sin(lat_s));
  }
  const double m = map_factor(i, j);
  return dx * dy / (m * m);
}

double HorizontalGrid::face_x_length_m(int i, int j) const {
  if (cartesian) return dy;
  if (!proj.is_conformal()) return proj.params().earth_radius_m * dy * d2r;
  return dy / map_factor(i - 0.5, j);
}

double HorizontalGrid::face_y_length_m(int i, int j) const {
  if (cartesian) return dx;
  if (!proj.is_conformal()) return proj.params().earth_radius_m * std::cos(latlon(i, j - 0.5).lat_deg * d2r) * dx * d2r;
  return dx / map_factor(i, j - 0.5);
}

double HorizontalGrid::dist_x_m(int i, int j) const {
  if (cartesian) return dx;
  if (!proj.is_conformal()) return proj.params().earth_radius_m * std::cos(latlon(i - 0.5, j).lat_deg * d2r) * dx * d2r;
  return dx / map_factor(i - 0.5, j);
}

double HorizontalGrid::dist_y_m(int i, int j) const {
  if (cartesian) return dy;
  if (!proj.is_conformal()) return proj.params().earth_radius_m * dy * d2r;
  return dy / map_factor(i, j - 0.5);
}

}  // namespace lantian::grid
