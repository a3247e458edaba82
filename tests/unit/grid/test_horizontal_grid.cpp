// Horizontal-grid metrics: areas and face lengths on the sphere for each projection.
#include <catch2/catch.hpp>

#include <cmath>

#include "solver/grid/horizontal_grid.hpp"

using namespace lantian::grid;

TEST_CASE("latitude-longitude cells have their exact spherical areas", "[unit][grid]") {
  HorizontalGrid g;
  ProjectionParams p;
  p.kind = ProjectionKind::latlon;
  p.ref_lat_deg = 37.0;
  p.ref_lon_deg = 120.0;
  g.proj = Projection(p);
  g.nx = 40;
  g.ny = 20;
  g.dx = 0.25;
  g.dy = 0.25;
  g.x0 = -0.5 * (g.nx - 1) * g.dx;
  g.y0 = -0.5 * (g.ny - 1) * g.dy;
  double total = 0.0;
  for (int j = 0; j < g.ny; ++j)
    for (int i = 0; i < g.nx; ++i) total += g.cell_area_m2(i, j);
  // The band 34.5-39.5 N, 10 degrees wide: R^2 dlon (sin(lat_n) - sin(lat_s)).
  const double d2r = 3.14159265358979323846 / 180.0, r = 6370000.0;
  const double exact = r * r * 10.0 * d2r * (std::sin(39.5 * d2r) - std::sin(34.5 * d2r));
  CHECK(std::fabs(total / exact - 1.0) < 1e-12);
  // Face lengths: a meridian face is R dlat; a parallel face R cos(lat) dlon.
  CHECK(std::fabs(g.face_x_length_m(5, 5) - r * 0.25 * d2r) < 1e-6);
  const double lat_face = g.latlon(5, 4.5).lat_deg;
  CHECK(std::fabs(g.face_y_length_m(5, 5) - r * std::cos(lat_face * d2r) * 0.25 * d2r) < 1e-6);
}

TEST_CASE("conformal grids use the map factor; cartesian grids are plain", "[unit][grid]") {
  HorizontalGrid g;
  ProjectionParams p;
  p.kind = ProjectionKind::lambert_conformal;
  p.truelat1_deg = 30.0;
  p.truelat2_deg = 60.0;
  p.stand_lon_deg = 120.0;
  p.ref_lat_deg = 37.0;
  p.ref_lon_deg = 120.0;
  g.proj = Projection(p);
  g.nx = g.ny = 11;
  g.dx = g.dy = 10000.0;
  g.x0 = g.y0 = -50000.0;
  const double m = g.map_factor(5, 5);
  CHECK(m < 1.0);  // between the true latitudes the cone lies inside the sphere
  CHECK(std::fabs(g.cell_area_m2(5, 5) - 1e8 / (m * m)) < 1e-3);
  CHECK(std::fabs(g.face_x_length_m(5, 5) - 1e4 / g.map_factor(4.5, 5)) < 1e-9);
  g.cartesian = true;
  CHECK(g.cell_area_m2(5, 5) == 1e8);
  CHECK(g.face_y_length_m(3, 3) == 1e4);
  CHECK(g.map_factor(2, 2) == 1.0);
}
