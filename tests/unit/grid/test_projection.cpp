// Tests of the map projections (solver/grid/projection.cpp): Snyder's (1987) published
// numerical example, round trips, map factors against finite distances on the sphere, wind
// rotation against the direction of the meridian on the map, and WRF's own XLAT/XLONG.
#include <catch2/catch.hpp>

#include <cmath>

#include "solver/core/error.hpp"
#include "solver/grid/projection.hpp"

using namespace lantian::grid;
using lantian::constants::k_deg_to_rad;

namespace {

/// Great-circle distance on a sphere of radius r [m] (haversine).
double sphere_dist(LatLon a, LatLon b, double r) {
  const double p1 = a.lat_deg * k_deg_to_rad, p2 = b.lat_deg * k_deg_to_rad;
  const double dp = p2 - p1, dl = (b.lon_deg - a.lon_deg) * k_deg_to_rad;
  const double h =
      std::sin(dp / 2) * std::sin(dp / 2) + std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
  return 2 * r * std::asin(std::sqrt(h));
}

ProjectionParams lcc(double t1, double t2, double lon0, double lat_ref, double lon_ref) {
  ProjectionParams p;
  p.kind = ProjectionKind::lambert_conformal;
  p.truelat1_deg = t1;
  p.truelat2_deg = t2;
  p.stand_lon_deg = lon0;
  p.ref_lat_deg = lat_ref;
  p.ref_lon_deg = lon_ref;
  return p;
}

}  // namespace

TEST_CASE("LCC reproduces Snyder's spherical numerical example", "[grid][projection]") {
  // Snyder (1987), p. 295-296: R = 1, phi1 = 33, phi2 = 45, phi0 = 23 N, lambda0 = 96 W;
  // (35 N, 75 W) -> n = 0.6304777, x = 0.2966785, y = 0.2462112 (7 digits printed there).
  auto p = lcc(33, 45, -96, 23, -96);
  p.earth_radius_m = 1.0;
  Projection proj(p);
  CHECK(proj.cone() == Approx(0.6304777).epsilon(1e-7));
  XY xy = proj.forward({35.0, -75.0});
  CHECK(xy.x == Approx(0.2966785).margin(1e-7));
  CHECK(xy.y == Approx(0.2462112).margin(1e-7));
  LatLon back = proj.inverse(xy);
  CHECK(back.lat_deg == Approx(35.0).margin(1e-9));
  CHECK(back.lon_deg == Approx(-75.0).margin(1e-9));
}

TEST_CASE("LCC matches WRF's XLAT/XLONG of the au-test domain", "[grid][projection]") {
  // au-test-wrf451 (southern hemisphere, TRUELAT1 -15, TRUELAT2 -40, STAND_LON 133.302,
  // CEN_LAT -23.26802, CEN_LON 148.64, DX 10 km, 14 x 14 mass points). The reference is the
  // domain centre, i.e. mass point (6.5, 6.5) 0-based. XLAT/XLONG of the corner cells, read
  // with `ncdump -v XLAT,XLONG` (floats, 7 digits): WRF's own projection code, independent
  // of this one. Tolerance 1e-4 degree: float storage and WRF's single precision.
  Projection proj(lcc(-15, -40, 133.302, -23.26802, 148.64));
  const double dx = 10000.0;
  auto ll = [&](double i, double j) { return proj.inverse({(i - 6.5) * dx, (j - 6.5) * dx}); };
  LatLon sw = ll(0, 0);
  CHECK(sw.lat_deg == Approx(-23.93375).margin(1e-4));
  CHECK(sw.lon_deg == Approx(148.0725).margin(1e-4));
  LatLon se = ll(13, 0);
  CHECK(se.lat_deg == Approx(-23.78442).margin(1e-4));
  CHECK(se.lon_deg == Approx(149.3689).margin(1e-4));
  LatLon ne = ll(13, 13);
  CHECK(ne.lon_deg == Approx(149.2007).margin(1e-4));
  LatLon r1 = ll(0, 1);
  CHECK(r1.lat_deg == Approx(-23.84247).margin(1e-4));
}

TEST_CASE("Round trips are exact to 1e-6 degree", "[grid][projection]") {
  std::vector<ProjectionParams> cases;
  cases.push_back(lcc(30, 60, 120.5, 37.4, 120.9));         // Yantai, secant
  cases.push_back(lcc(25, 40, 110, 34, 110));               // MEIC China grid
  cases.push_back(lcc(-15, -40, 133.302, -23.27, 148.64));  // southern hemisphere
  cases.push_back(lcc(45, 45, -100, 40, -90));              // tangent cone
  ProjectionParams ps;
  ps.kind = ProjectionKind::polar_stereographic;
  ps.truelat1_deg = 60;
  ps.stand_lon_deg = -45;
  ps.ref_lat_deg = 70;
  ps.ref_lon_deg = -40;
  cases.push_back(ps);
  ps.truelat1_deg = -71;
  ps.ref_lat_deg = -75;
  ps.stand_lon_deg = 0;
  cases.push_back(ps);
  ProjectionParams me;
  me.kind = ProjectionKind::mercator;
  me.truelat1_deg = 10;
  me.ref_lat_deg = 5;
  me.ref_lon_deg = 100;
  cases.push_back(me);
  ProjectionParams ll;
  ll.kind = ProjectionKind::latlon;
  ll.ref_lat_deg = 30;
  ll.ref_lon_deg = 115;
  cases.push_back(ll);
  for (const auto& p : cases) {
    Projection proj(p);
    const double sgn = p.ref_lat_deg < 0 ? -1.0 : 1.0;
    for (double dlat = -8; dlat <= 8; dlat += 2.0) {
      for (double dlon = -12; dlon <= 12; dlon += 3.0) {
        LatLon q{p.ref_lat_deg + sgn * dlat * 0.5, p.ref_lon_deg + dlon};
        if (q.lon_deg >= 180) q.lon_deg -= 360;
        LatLon b = proj.inverse(proj.forward(q));
        INFO(to_string(p.kind) << " lat " << q.lat_deg << " lon " << q.lon_deg);
        CHECK(b.lat_deg == Approx(q.lat_deg).margin(1e-6));
        CHECK(b.lon_deg == Approx(q.lon_deg).margin(1e-6));
      }
    }
    // The reference point maps to the origin.
    XY o = proj.forward({p.ref_lat_deg, p.ref_lon_deg});
    CHECK(std::fabs(o.x) < 1e-6);
    CHECK(std::fabs(o.y) < 1e-6);
  }
}

TEST_CASE("Map factor is 1 on the true latitudes and matches finite distances", "[grid][projection]") {
  Projection a(lcc(30, 60, 120.5, 37.4, 120.9));
  CHECK(a.map_factor(30) == Approx(1.0).epsilon(1e-12));
  CHECK(a.map_factor(60) == Approx(1.0).epsilon(1e-12));
  CHECK(a.map_factor(45) < 1.0);  // between the true latitudes the cone is inside the sphere
  Projection s(lcc(-15, -40, 133.3, -23, 148));
  CHECK(s.map_factor(-15) == Approx(1.0).epsilon(1e-12));
  CHECK(s.map_factor(-40) == Approx(1.0).epsilon(1e-12));
  Projection t(lcc(45, 45, -100, 40, -90));
  CHECK(t.map_factor(45) == Approx(1.0).epsilon(1e-12));
  ProjectionParams ps;
  ps.kind = ProjectionKind::polar_stereographic;
  ps.truelat1_deg = 60;
  ps.ref_lat_deg = 70;
  Projection p(ps);
  CHECK(p.map_factor(60) == Approx(1.0).epsilon(1e-12));
  ProjectionParams me;
  me.kind = ProjectionKind::mercator;
  me.truelat1_deg = 10;
  Projection m(me);
  CHECK(m.map_factor(10) == Approx(1.0).epsilon(1e-12));
  CHECK(m.map_factor(-10) == Approx(1.0).epsilon(1e-12));

  // m = (map distance)/(sphere distance) for a 100 m step centred on the point, in both
  // directions: conformal, so the same along x and y. Centred, the truncation error is
  // O((100 m / R)^2) ~ 1e-10 relative.
  for (const Projection* pr : {&a, &s, &p, &m}) {
    const double r = pr->params().earth_radius_m;
    for (double lat : {pr->params().ref_lat_deg - 3, pr->params().ref_lat_deg + 2}) {
      LatLon c{lat, pr->params().ref_lon_deg + 4};
      XY xy = pr->forward(c);
      for (XY d : {XY{100, 0}, XY{0, 100}}) {
        LatLon e0 = pr->inverse({xy.x - 0.5 * d.x, xy.y - 0.5 * d.y});
        LatLon e1 = pr->inverse({xy.x + 0.5 * d.x, xy.y + 0.5 * d.y});
        const double m_num = 100.0 / sphere_dist(e0, e1, r);
        CHECK(m_num == Approx(pr->map_factor(lat)).epsilon(1e-7));
      }
    }
  }
}

TEST_CASE("Rotation turns grid winds to earth winds", "[grid][projection]") {
  // A wind blowing to true north (u_e = 0, v_e = 1) has grid components along the map
  // image of the meridian; rotating them with rotation_rad must give back (0, 1).
  for (auto pp : {lcc(30, 60, 120.5, 37.4, 120.9), lcc(-15, -40, 133.3, -23, 148)}) {
    Projection proj(pp);
    for (double dlon : {-10.0, 0.0, 7.0}) {
      LatLon c{pp.ref_lat_deg, pp.stand_lon_deg + dlon};
      XY a = proj.forward(c);
      XY b = proj.forward({c.lat_deg + 1e-4, c.lon_deg});
      double gx = b.x - a.x, gy = b.y - a.y;
      const double norm = std::hypot(gx, gy);
      gx /= norm;
      gy /= norm;
      const double al = proj.rotation_rad(c);
      const double ue = gx * std::cos(al) - gy * std::sin(al);
      const double ve = gx * std::sin(al) + gy * std::cos(al);
      CHECK(ue == Approx(0.0).margin(1e-6));
      CHECK(ve == Approx(1.0).margin(1e-6));
    }
  }
}

TEST_CASE("Projection names", "[grid][projection]") {
  for (auto k : {ProjectionKind::lambert_conformal, ProjectionKind::polar_stereographic, ProjectionKind::mercator,
                 ProjectionKind::latlon})
    CHECK(projection_kind_from_string(to_string(k)) == k);
  CHECK_THROWS_AS(projection_kind_from_string("gnomonic"), lantian::Error);
  Projection a(lcc(30, 60, 120.5, 37.4, 120.9));
  CHECK(a.cf_grid_mapping_name() == "lambert_conformal_conic");
  ProjectionParams bad = lcc(0, 0, 0, 0, 0);
  CHECK_THROWS_AS(Projection(bad), lantian::Error);
}
