// Conservative regridding: analytic overlaps, a rotated projected grid, global totals, and
// the OpenMethane CH4 prior onto its own WRF grid (every sector's total to 1e-6).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "emissions/inventory/inventory.hpp"
#include "emissions/inventory/regrid.hpp"
#include "meteo/wrf/wrf_domain.hpp"
#include "meteo/wrf/wrf_series.hpp"
#include "solver/core/constants.hpp"
#include "support/test_data.hpp"
#include "unit/emissions/emis_test_case.hpp"

using namespace lantian;
using namespace lantian::emis;

namespace {
grid::HorizontalGrid latlon_model(double lon0, double lat0, double d, int nx, int ny) {
  grid::ProjectionParams p;
  p.kind = grid::ProjectionKind::latlon;
  p.ref_lat_deg = 0.0;
  p.ref_lon_deg = 0.0;
  grid::HorizontalGrid g;
  g.proj = grid::Projection(p);
  g.nx = nx;
  g.ny = ny;
  g.dx = g.dy = d;
  g.x0 = lon0 + 0.5 * d;  // centre of cell (0, 0)
  g.y0 = lat0 + 0.5 * d;
  return g;
}
SourceGrid latlon_source(double lon0, double lat0, double d, int nx, int ny) {
  SourceGrid s;
  s.kind = SourceGrid::Kind::latlon;
  s.nx = nx;
  s.ny = ny;
  for (int i = 0; i <= nx; ++i) s.x_edges.push_back(lon0 + i * d);
  for (int j = 0; j <= ny; ++j) s.y_edges.push_back(lat0 + j * d);
  return s;
}
double sum(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s;
}
}  // namespace

TEST_CASE("a lat-lon cell exactly covering 2 x 2 model cells", "[emis][regrid]") {
  // Source cell 120-121 E, 37-38 N onto a 0.5-degree model grid 119.5-121.5 E, 36.5-38.5 N.
  const auto src = latlon_source(120.0, 37.0, 1.0, 1, 1);
  const auto model = latlon_model(119.5, 36.5, 0.5, 4, 4);
  const auto w = build_regrid_weights(src, model, 0, 0, 4, 4);
  std::vector<double> out(16, 0.0);
  w.apply({1000.0}, out);
  // Exactly the four cells (1..2, 1..2), each with the share of its true area on the sphere:
  // (sin 37.5 - sin 37) / (sin 38 - sin 37) for the southern row.
  const double d2r = constants::k_deg_to_rad;
  const double south =
      0.5 * (std::sin(37.5 * d2r) - std::sin(37.0 * d2r)) / (std::sin(38.0 * d2r) - std::sin(37.0 * d2r));
  for (int j = 0; j < 4; ++j)
    for (int i = 0; i < 4; ++i) {
      const double v = out[static_cast<size_t>(j * 4 + i)];
      if (i >= 1 && i <= 2 && j >= 1 && j <= 2)
        CHECK(v == Approx(1000.0 * (j == 1 ? south : 0.5 - south)).epsilon(1e-12));
      else CHECK(v == 0.0);
    }
  CHECK(sum(out) == Approx(1000.0).epsilon(1e-14));
  CHECK(w.covered_fraction[0] == 1.0);
}

TEST_CASE("a source cell half outside the domain keeps the covered half", "[emis][regrid]") {
  const auto src = latlon_source(121.0, 37.0, 1.0, 1, 1);
  const auto model = latlon_model(119.5, 36.5, 0.5, 4, 4);  // ends at 121.5 E
  const auto w = build_regrid_weights(src, model, 0, 0, 4, 4);
  std::vector<double> out(16, 0.0);
  w.apply({1000.0}, out);
  CHECK(w.covered_fraction[0] == Approx(0.5).epsilon(1e-12));
  CHECK(sum(out) == Approx(500.0).epsilon(1e-12));
  CHECK(w.covered_total({1000.0}) == Approx(sum(out)).epsilon(1e-14));
}

TEST_CASE("projected grid rotated against the lat-lon grid: totals and uniform flux", "[emis][regrid]") {
  // Yantai on MEIC's China LCC (true latitudes 25/40 N, 110 E): at 121 E the grid is rotated
  // by n (121-110) = about 7 degrees against the meridians.
  const grid::HorizontalGrid model = test::meic_lcc_grid(40, 30, 6000.0, 37.4, 120.9, 20, 15);
  // 0.1-degree source cells with a uniform flux: amount = flux * true cell area.
  SourceGrid src = latlon_source(119.0, 36.0, 0.1, 40, 30);
  src.earth_radius_m = model.proj.params().earth_radius_m;  // the same sphere for both areas
  std::vector<double> amount(src.size());
  const double flux = 1e-3;  // [g m-2 per period]
  for (int j = 0; j < src.ny; ++j)
    for (int i = 0; i < src.nx; ++i) amount[static_cast<size_t>(j * src.nx + i)] = flux * src.cell_area_m2(i, j);
  const auto w = build_regrid_weights(src, model, 0, 0, model.nx, model.ny);
  std::vector<double> out(static_cast<size_t>(model.nx * model.ny), 0.0);
  w.apply(amount, out);
  // Conservation: what the grid receives equals the covered part of the source (1e-12:
  // rounding of ~1e3 additions).
  CHECK(sum(out) == Approx(w.covered_total(amount)).epsilon(1e-12));
  // A model cell well inside the source area receives flux * its own area on the sphere, to
  // the accuracy of doing the overlap in the projection plane (area distortion m^2 varies by
  // ~1e-5 across a 0.1-degree cell: 1e-4 is safe).
  for (int j = 5; j < 25; j += 7)
    for (int i = 5; i < 35; i += 9) {
      const grid::LatLon ll = model.latlon(i, j);
      if (ll.lon_deg < 119.2 || ll.lon_deg > 122.8 || ll.lat_deg < 36.2 || ll.lat_deg > 38.8) continue;
      CHECK(out[static_cast<size_t>(j * model.nx + i)] == Approx(flux * model.cell_area_m2(i, j)).epsilon(1e-4));
    }
}

TEST_CASE("global EDGAR file onto a global 2-degree grid: the total is conserved", "[emis][regrid]") {
  const auto p = lantian::test::shared_data("emissions/v6.0_CH4_2015_TOTALS.5.3x5.1.nc");
  if (p.empty()) return;
  const Inventory inv = read_inventory(p);
  const auto model = latlon_model(-180.0, -90.0, 2.0, 180, 90);
  const auto w = build_regrid_weights(inv.grid, model, 0, 0, model.nx, model.ny);
  std::vector<double> out(static_cast<size_t>(model.nx * model.ny), 0.0);
  w.apply(inv.streams[0].per_cell, out);
  // Every source cell lies on the globe (the file's cells overlap across 0/360 E; each keeps
  // its own amount), so the whole file's amount arrives: 1e-12 is rounding.
  CHECK(sum(out) == Approx(stream_total(inv.streams[0])).epsilon(1e-12));
  for (double f : w.covered_fraction) CHECK(f == 1.0);
}

TEST_CASE("OpenMethane CH4 prior onto the au-test WRF grid: sector totals to 1e-6", "[emis][regrid]") {
  const auto prior = lantian::test::shared_data("emissions/prior-emissions.nc");
  const auto wrf = lantian::test::shared_data("wrf/au-test-wrf451/WRFOUT_d01_2022-12-07T0000Z.nc");
  if (prior.empty() || wrf.empty()) return;
  const Inventory inv = read_inventory(prior);
  REQUIRE(inv.grid.kind == SourceGrid::Kind::projected);
  REQUIRE(inv.streams.size() >= 10);
  // The model grid from the WRF file's own attributes (independent of the prior's CF ones).
  meteo::WrfSeries series({wrf});
  const auto dom = meteo::make_wrf_domain(series, {});
  const auto& model = dom.model_grid;
  const auto w = build_regrid_weights(inv.grid, model, 0, 0, model.nx, model.ny);
  for (const auto& s : inv.streams) {
    std::vector<double> out(static_cast<size_t>(model.nx * model.ny), 0.0);
    w.apply(s.per_cell, out);
    INFO(s.origin);
    CHECK(sum(out) == Approx(stream_total(s)).epsilon(1e-6));
    // The grids coincide (MCIP's window: prior cell (i, j) = WRF cell (i+2, j+2)), so each
    // cell maps 1:1 up to the 0.4 m offset of the two files' coordinates (4e-5 of a cell).
    double vmax = 0.0;
    for (double v : s.per_cell) vmax = std::max(vmax, v);
    for (int j = 0; j < inv.grid.ny; j += 3)
      for (int i = 0; i < inv.grid.nx; i += 3) {
        const double a = s.per_cell[static_cast<size_t>(j * inv.grid.nx + i)];
        const double b = out[static_cast<size_t>((j + 2) * model.nx + i + 2)];
        CHECK(b == Approx(a).epsilon(2e-4).margin(2e-4 * vmax));
      }
  }
}

TEST_CASE("a full MEIC grid (0.25 degree, 70-150 E, 10-60 N) onto a Yantai grid", "[emis][regrid][meic]") {
  // A MEIC-size ESRI grid of 1 t per cell: the Yantai grid must receive exactly the cells it
  // covers, and the far-away cells are skipped cheaply (the test would take minutes otherwise).
  const auto dir = lantian::test::scratch_dir("meic_full");
  const std::string path = dir + "/2017_07__industry__SO2.asc";
  {
    std::ofstream o(path);
    o << "ncols 320\nnrows 200\nxllcorner 70\nyllcorner 10\ncellsize 0.25\nNODATA_value -9999\n";
    for (int r = 0; r < 200; ++r) {
      for (int i = 0; i < 320; ++i) o << "1 ";
      o << "\n";
    }
  }
  const Inventory inv = read_inventory(path);
  const grid::HorizontalGrid model = test::meic_lcc_grid(50, 40, 5000.0, 37.4, 120.9, 25, 20);
  const auto w = build_regrid_weights(inv.grid, model, 0, 0, model.nx, model.ny);
  std::vector<double> out(static_cast<size_t>(model.nx * model.ny), 0.0);
  w.apply(inv.streams[0].per_cell, out);
  // 1 t per 0.25-degree cell at 37.4 N is 1e6 g over (0.25 * 111.2 km)^2 cos(37.4) = 614 km2;
  // a 25 km2 model cell inside gets about 1e6 * 25/614 = 4.07e4 g (the LCC scale factor
  // m ~ 0.99 and the latitude span change it by ~2 %: 5 % tolerance).
  CHECK(out[static_cast<size_t>(20 * model.nx + 25)] == Approx(4.07e4).epsilon(0.05));
  CHECK(sum(out) == Approx(w.covered_total(inv.streams[0].per_cell)).epsilon(1e-12));
  // The domain (250 km x 200 km, 5e4 km2) covers about 5e4/614 = 81 source cells' worth.
  CHECK(sum(out) / 1e6 == Approx(81.4).epsilon(0.05));
}
