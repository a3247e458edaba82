#pragma once
// Map projections of the model grid, on a sphere: Lambert conformal conic (WRF MAP_PROJ=1),
// polar stereographic (2), Mercator (3) and regular latitude-longitude. Forward and inverse
// formulas from Snyder (1987), "Map Projections — A Working Manual", USGS PP 1395
// (doi:10.3133/pp1395), ch. 15 (LCC), 21 (stereographic), 7 (Mercator), spherical forms, as WRF's
// WPS uses them (module_map_utils).
#include <string>

#include "solver/core/constants.hpp"

namespace lantian::grid {

enum class ProjectionKind { lambert_conformal, polar_stereographic, mercator, latlon };

/// Parameters, in WRF's vocabulary. Angles in degrees.
struct ProjectionParams {
  ProjectionKind kind = ProjectionKind::lambert_conformal;
  double truelat1_deg = 30.0;  ///< LCC/Mercator/polar: first true latitude
  double truelat2_deg = 60.0;  ///< LCC: second true latitude (= truelat1 for a tangent cone)
  double stand_lon_deg = 0.0;  ///< central meridian (LCC, polar)
  double ref_lat_deg = 0.0;    ///< the point that maps to (x, y) = (0, 0)
  double ref_lon_deg = 0.0;
  double earth_radius_m = constants::k_earth_radius_m;
};

struct LatLon {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
};
struct XY {
  double x = 0.0;  ///< [m] (latlon: degrees of longitude east of ref_lon)
  double y = 0.0;  ///< [m] (latlon: degrees of latitude north of ref_lat)
};

/// A projection: (lat, lon) <-> (x, y). For the conformal projections x, y are metres on the
/// projection plane with the reference point at the origin; for latlon they are degrees
/// relative to the reference point. Accurate to 1e-6 degrees round trip.
class Projection {
 public:
  Projection() = default;
  explicit Projection(const ProjectionParams& params);

  const ProjectionParams& params() const noexcept { return params_; }
  XY forward(LatLon p) const;
  LatLon inverse(XY p) const;

  /// Map-scale factor m = (distance on the map)/(distance on the sphere) at a latitude,
  /// for the conformal projections (the same in x and y). For latlon: m_x = 1/cos(lat) in
  /// degree units is not meaningful, so use `cell_metrics` of HorizontalGrid instead; this
  /// returns 1.
  double map_factor(double lat_deg) const;

  /// Angle [rad] to rotate grid-relative winds to earth-relative (WRF's COSALPHA/SINALPHA):
  /// u_earth = u cos(a) - v sin(a); v_earth = u sin(a) + v cos(a).
  double rotation_rad(LatLon p) const;

  /// Cone constant (LCC), 1 for polar stereographic, 0 for Mercator/latlon.
  double cone() const noexcept { return n_; }

  /// CF grid_mapping_name and its attributes are written by output/ from params().
  std::string cf_grid_mapping_name() const;
  bool is_conformal() const noexcept { return params_.kind != ProjectionKind::latlon; }

 private:
  ProjectionParams params_;
  // Precomputed constants (set by the constructor).
  double n_ = 0.0;      ///< cone constant
  double f_ = 0.0;      ///< LCC scale constant F, or polar/Mercator scale
  double rho0_ = 0.0;   ///< distance of the reference point from the pole on the map [m]
  double hemi_ = 1.0;   ///< +1 northern, -1 southern hemisphere (LCC, polar)
  double x_ref_ = 0.0;  ///< (Mercator/polar) map coordinates of the reference point
  double y_ref_ = 0.0;
};

/// Parses "lambert_conformal" | "polar_stereographic" | "mercator" | "latlon".
ProjectionKind projection_kind_from_string(const std::string& s);
std::string to_string(ProjectionKind k);

}  // namespace lantian::grid
