// The local metrics of a rank's block (solver/transport/metrics.hpp): on the plane they are
// exactly dx and dy; on a map projection each entry, halos included, is the grid's function of
// the global index, so two overlapping blocks hold the same bits for the same cell.
#include <catch2/catch.hpp>

#include "solver/grid/projection.hpp"
#include "solver/transport/metrics.hpp"

using namespace lantian;

namespace {

grid::HorizontalGrid lambert_grid() {
  grid::ProjectionParams p;
  p.kind = grid::ProjectionKind::lambert_conformal;
  p.truelat1_deg = 30.0;
  p.truelat2_deg = 60.0;
  p.stand_lon_deg = 121.0;
  p.ref_lat_deg = 37.4;
  p.ref_lon_deg = 121.0;
  grid::HorizontalGrid g;
  g.proj = grid::Projection(p);
  g.nx = 23;
  g.ny = 17;
  g.dx = g.dy = 9000.0;
  g.x0 = -11 * g.dx;
  g.y0 = -8 * g.dy;
  return g;
}

/// A block of the global grid as decompose() would describe it (no communicator needed).
parallel::Decomposition block(int i0, int j0, int nx, int ny, int halo) {
  parallel::Decomposition d;
  d.i0 = i0;
  d.j0 = j0;
  d.nx = nx;
  d.ny = ny;
  d.halo = halo;
  return d;
}

}  // namespace

TEST_CASE("Metrics on the plane are dx and dy", "[unit][transport]") {
  grid::HorizontalGrid g;
  g.cartesian = true;
  g.nx = 8;
  g.ny = 6;
  g.dx = 1000.0;
  g.dy = 2500.0;
  const auto m = transport::make_local_metrics(g, block(0, 0, 8, 6, 3));
  CHECK(m.area_m2.extents() == grid::Extents{8, 6, 1, 3});
  CHECK(m.face_x_len_m.extents() == grid::Extents{9, 6, 1, 3});
  CHECK(m.face_y_len_m.extents() == grid::Extents{8, 7, 1, 3});
  // Exact: products and copies of the spacings, no projection involved.
  for (int j = -3; j < 6 + 3; ++j)
    for (int i = -3; i < 8 + 3; ++i) {
      CHECK(m.area_m2(i, j, 0) == 1000.0 * 2500.0);
      CHECK(m.face_x_len_m(i, j, 0) == 2500.0);
      CHECK(m.dist_x_m(i, j, 0) == 1000.0);
      CHECK(m.face_y_len_m(i, j, 0) == 1000.0);
      CHECK(m.dist_y_m(i, j, 0) == 2500.0);
    }
}

TEST_CASE("Metrics on a projection follow the global index, halos included", "[unit][transport]") {
  const auto g = lambert_grid();
  const auto d1 = block(0, 0, 12, 9, 3);
  const auto d2 = block(9, 6, 14, 11, 3);  // overlaps d1 (halos included) in global cells 6..14, 3..11
  const auto m1 = transport::make_local_metrics(g, d1);
  const auto m2 = transport::make_local_metrics(g, d2);
  for (int j = -3; j < 9 + 3; ++j)
    for (int i = -3; i < 12 + 3; ++i) {
      CHECK(m1.area_m2(i, j, 0) == g.cell_area_m2(i, j));
      CHECK(m1.face_x_len_m(i, j, 0) == g.face_x_length_m(i, j));
      CHECK(m1.face_y_len_m(i, j, 0) == g.face_y_length_m(i, j));
    }
  // The same global cell from both blocks: the same bits (decomposition invariance).
  for (int gj = 3; gj < 12; ++gj)
    for (int gi = 6; gi < 15; ++gi) {
      CHECK(m1.area_m2(gi, gj, 0) == m2.area_m2(gi - 9, gj - 6, 0));
      CHECK(m1.face_x_len_m(gi, gj, 0) == m2.face_x_len_m(gi - 9, gj - 6, 0));
      CHECK(m1.dist_y_m(gi, gj, 0) == m2.dist_y_m(gi - 9, gj - 6, 0));
    }
  // Between the true latitudes the Lambert map factor is below 1, so a cell on the sphere is
  // larger than dx dy, by at most a few per cent on this 200 km domain.
  const double a = m1.area_m2(5, 5, 0);
  CHECK(a > 9000.0 * 9000.0);
  CHECK(a < 1.05 * 9000.0 * 9000.0);
}
