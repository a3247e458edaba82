// Map projections on a sphere (Snyder 1987, USGS PP 1395, doi:10.3133/pp1395), in the form
// WRF/WPS use them (module_map_utils / module_llxy): cone constant from the two true latitudes
// taken as absolute values, hemisphere from the sign of TRUELAT1, southern-hemisphere maps as
// the mirror image of the northern ones.
#include "solver/grid/projection.hpp"

#include <cmath>

#include "solver/core/error.hpp"

namespace lantian::grid {

namespace {

using constants::k_deg_to_rad;
using constants::k_rad_to_deg;

/// Longitude difference a - b in (-180, 180] [degree].
double wrap_dlon(double dlon_deg) {
  double d = std::fmod(dlon_deg, 360.0);
  if (d > 180.0) d -= 360.0;
  if (d <= -180.0) d += 360.0;
  return d;
}

/// Longitude in [-180, 180) [degree], as WRF's XLONG.
double wrap_lon(double lon_deg) {
  double d = std::fmod(lon_deg + 180.0, 360.0);
  if (d < 0.0) d += 360.0;
  return d - 180.0;
}

/// tan of half the colatitude measured from the projection pole, for a hemisphere-folded
/// latitude (positive towards the projection pole) [-].
double half_colat_tan(double lat_folded_deg) { return std::tan((90.0 - lat_folded_deg) * 0.5 * k_deg_to_rad); }

}  // namespace

Projection::Projection(const ProjectionParams& params) : params_(params) {
  const double r = params_.earth_radius_m;
  if (!(r > 0.0)) throw Error("projection: earth radius must be positive");
  auto check_lat = [](double v, const char* what) {
    if (!(v >= -90.0 && v <= 90.0))
      throw Error(std::string("projection: ") + what + " = " + std::to_string(v) + " is outside [-90, 90] degrees");
  };
  check_lat(params_.ref_lat_deg, "ref_lat_deg");
  check_lat(params_.truelat1_deg, "truelat1_deg");
  check_lat(params_.truelat2_deg, "truelat2_deg");

  switch (params_.kind) {
    case ProjectionKind::lambert_conformal: {
      hemi_ = params_.truelat1_deg < 0.0 ? -1.0 : 1.0;
      const double t1 = std::fabs(params_.truelat1_deg);
      const double t2 = std::fabs(params_.truelat2_deg);
      if (t1 < 1e-6 || t1 > 90.0 - 1e-6) throw Error("projection: Lambert conformal needs 0 < |truelat1| < 90 degrees");
      // WPS set_cone: secant cone when the true latitudes differ by more than 0.1 degree.
      if (std::fabs(params_.truelat1_deg - params_.truelat2_deg) > 0.1) {
        if (t2 < 1e-6 || t2 > 90.0 - 1e-6)
          throw Error("projection: Lambert conformal needs 0 < |truelat2| < 90 degrees");
        n_ = (std::log(std::cos(t1 * k_deg_to_rad)) - std::log(std::cos(t2 * k_deg_to_rad))) /
             (std::log(half_colat_tan(t1)) - std::log(half_colat_tan(t2)));
      } else {
        n_ = std::sin(t1 * k_deg_to_rad);
      }
      // rho(lat) = F t(lat)^n with F = R cos(phi1) / (n t(phi1)^n) (Snyder eq. 15-1..15-3).
      f_ = r * std::cos(t1 * k_deg_to_rad) / (n_ * std::pow(half_colat_tan(t1), n_));
      break;
    }
    case ProjectionKind::polar_stereographic: {
      hemi_ = params_.truelat1_deg < 0.0 ? -1.0 : 1.0;
      n_ = 1.0;
      // rho(lat) = R (1 + sin phi1) tan((90 - lat)/2): true scale at phi1 (Snyder eq. 21-33
      // with the scale factor chosen so that m(phi1) = 1, as WPS does).
      f_ = r * (1.0 + std::sin(std::fabs(params_.truelat1_deg) * k_deg_to_rad));
      break;
    }
    case ProjectionKind::mercator: {
      if (std::fabs(params_.truelat1_deg) > 89.0) throw Error("projection: Mercator needs |truelat1| <= 89 degrees");
      n_ = 0.0;
      f_ = r * std::cos(params_.truelat1_deg * k_deg_to_rad);  // R cos(phi1): true scale at phi1
      break;
    }
    case ProjectionKind::latlon:
      n_ = 0.0;
      f_ = 1.0;
      break;
  }
  // Map coordinates of the reference point in the projection's natural frame.
  x_ref_ = 0.0;
  y_ref_ = 0.0;
  const ProjectionParams saved = params_;
  const XY ref = forward(LatLon{params_.ref_lat_deg, params_.ref_lon_deg});
  params_ = saved;
  x_ref_ = ref.x;
  y_ref_ = ref.y;
}

XY Projection::forward(LatLon p) const {
  switch (params_.kind) {
    case ProjectionKind::lambert_conformal:
    case ProjectionKind::polar_stereographic: {
      // Folded to the northern hemisphere: lat' = hemi lat; the map of the southern case is
      // the mirror image (y -> -y) of the northern one.
      const double lat_f = hemi_ * p.lat_deg;
      const double rho = lat_f >= 90.0 ? 0.0 : f_ * std::pow(half_colat_tan(lat_f), n_);
      const double theta = n_ * wrap_dlon(p.lon_deg - params_.stand_lon_deg) * k_deg_to_rad;
      const double x = rho * std::sin(theta);
      const double y = -hemi_ * rho * std::cos(theta);
      return XY{x - x_ref_, y - y_ref_};
    }
    case ProjectionKind::mercator: {
      const double dlon = wrap_dlon(p.lon_deg - params_.ref_lon_deg) * k_deg_to_rad;
      const double y = f_ * std::log(std::tan((45.0 + 0.5 * p.lat_deg) * k_deg_to_rad));
      return XY{f_ * dlon, y - y_ref_};
    }
    case ProjectionKind::latlon: return XY{wrap_dlon(p.lon_deg - params_.ref_lon_deg), p.lat_deg - params_.ref_lat_deg};
  }
  return XY{};
}

LatLon Projection::inverse(XY p) const {
  switch (params_.kind) {
    case ProjectionKind::lambert_conformal:
    case ProjectionKind::polar_stereographic: {
      const double x = p.x + x_ref_;
      const double y_f = hemi_ * (p.y + y_ref_);  // folded to the northern hemisphere
      const double rho = std::hypot(x, y_f);
      if (rho == 0.0) return LatLon{hemi_ * 90.0, wrap_lon(params_.stand_lon_deg)};
      const double theta = std::atan2(x, -y_f);
      const double lon = params_.stand_lon_deg + theta / n_ * k_rad_to_deg;
      const double t = std::pow(rho / f_, 1.0 / n_);
      const double lat_f = 90.0 - 2.0 * std::atan(t) * k_rad_to_deg;
      return LatLon{hemi_ * lat_f, wrap_lon(lon)};
    }
    case ProjectionKind::mercator: {
      const double lon = params_.ref_lon_deg + p.x / f_ * k_rad_to_deg;
      const double lat = 2.0 * std::atan(std::exp((p.y + y_ref_) / f_)) * k_rad_to_deg - 90.0;
      return LatLon{lat, wrap_lon(lon)};
    }
    case ProjectionKind::latlon: return LatLon{p.y + params_.ref_lat_deg, wrap_lon(p.x + params_.ref_lon_deg)};
  }
  return LatLon{};
}

double Projection::map_factor(double lat_deg) const {
  switch (params_.kind) {
    case ProjectionKind::lambert_conformal: {
      // m = n rho / (R cos lat) (Snyder eq. 15-4).
      const double lat_f = hemi_ * lat_deg;
      const double c = std::cos(lat_deg * k_deg_to_rad);
      return n_ * f_ * std::pow(half_colat_tan(lat_f), n_) / (params_.earth_radius_m * c);
    }
    case ProjectionKind::polar_stereographic: {
      // m = (1 + sin phi1) / (1 + sin lat), folded (Snyder eq. 21-4), finite at the pole.
      const double lat_f = hemi_ * lat_deg;
      return f_ / params_.earth_radius_m / (1.0 + std::sin(lat_f * k_deg_to_rad));
    }
    case ProjectionKind::mercator: return f_ / (params_.earth_radius_m * std::cos(lat_deg * k_deg_to_rad));
    case ProjectionKind::latlon: return 1.0;
  }
  return 1.0;
}

double Projection::rotation_rad(LatLon p) const {
  switch (params_.kind) {
    case ProjectionKind::lambert_conformal:
    case ProjectionKind::polar_stereographic:
      // Grid north is turned by n (lon - stand_lon) from true north, clockwise in the
      // northern hemisphere east of the central meridian; the sign flips in the south.
      return -hemi_ * n_ * wrap_dlon(p.lon_deg - params_.stand_lon_deg) * k_deg_to_rad;
    case ProjectionKind::mercator:
    case ProjectionKind::latlon: return 0.0;
  }
  return 0.0;
}

std::string Projection::cf_grid_mapping_name() const {
  switch (params_.kind) {
    case ProjectionKind::lambert_conformal: return "lambert_conformal_conic";
    case ProjectionKind::polar_stereographic: return "polar_stereographic";
    case ProjectionKind::mercator: return "mercator";
    case ProjectionKind::latlon: return "latitude_longitude";
  }
  return "";
}

ProjectionKind projection_kind_from_string(const std::string& s) {
  if (s == "lambert_conformal" || s == "lambert" || s == "lcc" || s == "lambert_conformal_conic")
    return ProjectionKind::lambert_conformal;
  if (s == "polar_stereographic" || s == "polar") return ProjectionKind::polar_stereographic;
  if (s == "mercator") return ProjectionKind::mercator;
  if (s == "latlon" || s == "latitude_longitude") return ProjectionKind::latlon;
  throw Error("unknown projection '" + s + "' (expected lambert_conformal, polar_stereographic, mercator or latlon)");
}

std::string to_string(ProjectionKind k) {
  switch (k) {
    case ProjectionKind::lambert_conformal: return "lambert_conformal";
    case ProjectionKind::polar_stereographic: return "polar_stereographic";
    case ProjectionKind::mercator: return "mercator";
    case ProjectionKind::latlon: return "latlon";
  }
  return "";
}

}  // namespace lantian::grid
