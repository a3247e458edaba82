#include "solver/grid/grid_config.hpp"

#include <cmath>
#include <string>
#include <vector>

namespace lantian::grid {

using namespace config;

void declare_grid_keys(Schema& s) {
  s.add(key_string("grid.projection", "lambert_conformal", "map projection of the model grid",
                   {"lambert_conformal", "polar_stereographic", "mercator", "latlon", "cartesian"}));
  s.add(key_int("grid.nx", 60, "1", "cells along x (west-east)", 1, 100000));
  s.add(key_int("grid.ny", 50, "1", "cells along y (south-north)", 1, 100000));
  s.add(key_real("grid.dx", 6000.0, "m (degree for latlon)", "cell size along x", 1e-6, 1e7));
  s.add(key_real("grid.dy", 6000.0, "m (degree for latlon)", "cell size along y", 1e-6, 1e7));
  s.add(key_real("grid.truelat1", 30.0, "degree_north", "first true latitude", -90, 90));
  s.add(key_real("grid.truelat2", 60.0, "degree_north", "second true latitude (Lambert)", -90, 90));
  s.add(key_real("grid.stand_lon", 120.5, "degree_east", "central meridian", -180, 360));
  s.add(key_real("grid.center_lat", 37.4, "degree_north", "latitude of the domain centre", -89.9, 89.9));
  s.add(key_real("grid.center_lon", 121.0, "degree_east", "longitude of the domain centre", -180, 360));
  s.add(key_reals("grid.z_interfaces_m",
                  std::vector<double>{0, 40, 100, 200, 350, 550, 800, 1100, 1500, 2000, 2700, 3600, 5000}, "m",
                  "layer interfaces above ground (first 0); nominal with WRF met", 0, 1e5));
}

HorizontalGrid grid_from_config(const config::CaseConfig& cfg) {
  HorizontalGrid g;
  const std::string& proj = cfg.get_string("grid.projection");
  ProjectionParams p;
  g.cartesian = proj == "cartesian";
  p.kind = g.cartesian ? ProjectionKind::lambert_conformal : projection_kind_from_string(proj);
  p.truelat1_deg = cfg.get_real("grid.truelat1");
  p.truelat2_deg = cfg.get_real("grid.truelat2");
  p.stand_lon_deg = cfg.get_real("grid.stand_lon");
  p.ref_lat_deg = cfg.get_real("grid.center_lat");
  p.ref_lon_deg = cfg.get_real("grid.center_lon");
  if (p.kind == ProjectionKind::lambert_conformal && p.truelat1_deg * p.truelat2_deg <= 0)
    throw cfg.error_at("grid.truelat2", "Lambert true latitudes must lie in the same hemisphere");
  g.proj = Projection(p);
  g.nx = static_cast<int>(cfg.get_int("grid.nx"));
  g.ny = static_cast<int>(cfg.get_int("grid.ny"));
  g.dx = cfg.get_real("grid.dx");
  g.dy = cfg.get_real("grid.dy");
  // The domain centre is the projection's reference point.
  g.x0 = -0.5 * (g.nx - 1) * g.dx;
  g.y0 = -0.5 * (g.ny - 1) * g.dy;
  if (p.kind == ProjectionKind::latlon) {
    if (std::fabs(p.ref_lat_deg) + 0.5 * g.ny * g.dy >= 90.0)
      throw cfg.error_at("grid.ny", "the latitude-longitude grid reaches beyond a pole");
  } else if (!g.cartesian) {
    // Every corner must map back to a finite point.
    for (double i : {-0.5, g.nx - 0.5})
      for (double j : {-0.5, g.ny - 0.5}) {
        const auto ll = g.latlon(i, j);
        if (!std::isfinite(ll.lat_deg) || !std::isfinite(ll.lon_deg) || std::fabs(ll.lat_deg) > 89.9)
          throw cfg.error_at("grid.nx", "impossible grid: a corner of the domain falls outside the projection");
      }
  }
  return g;
}

}  // namespace lantian::grid
