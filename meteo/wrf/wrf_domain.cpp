#include "meteo/wrf/wrf_domain.hpp"

#include <algorithm>
#include <cmath>

#include "solver/core/error.hpp"
#include "solver/core/log.hpp"

namespace lantian::meteo {

grid::ProjectionKind projection_of_map_proj(int map_proj, const std::string& file) {
  switch (map_proj) {
    case 1: return grid::ProjectionKind::lambert_conformal;
    case 2: return grid::ProjectionKind::polar_stereographic;
    case 3: return grid::ProjectionKind::mercator;
    case 6: return grid::ProjectionKind::latlon;
    default:
      throw Error::in_file(file,
                           "unsupported MAP_PROJ = " + std::to_string(map_proj) +
                               " (1 Lambert, 2 polar stereographic, 3 Mercator, 6 lat-lon)",
                           "MAP_PROJ");
  }
}

namespace {

/// The projection of the global attributes and the grid spacing in its units (metres, or
/// degrees on lat-lon grids). Throws for rotated lat-lon grids.
grid::ProjectionParams projection_params(const WrfAttributes& a, const std::string& file0, double& dx, double& dy) {
  grid::ProjectionParams pp;
  pp.kind = projection_of_map_proj(a.map_proj, file0);
  pp.truelat1_deg = a.truelat1;
  pp.truelat2_deg = a.truelat2;
  pp.stand_lon_deg = a.stand_lon;
  pp.ref_lat_deg = a.cen_lat;
  pp.ref_lon_deg = a.cen_lon;
  if (pp.kind == grid::ProjectionKind::latlon && std::fabs(a.pole_lat - 90.0) > 1e-6)
    throw Error::in_file(file0, "rotated lat-lon grids (POLE_LAT != 90) are not supported", "POLE_LAT");
  dx = a.dx;
  dy = a.dy;
  if (pp.kind == grid::ProjectionKind::latlon) {
    // WRF's lat-lon DX is metres along the equator of its sphere.
    const double m_per_deg = 2.0 * constants::k_pi * constants::k_earth_radius_m / 360.0;
    dx /= m_per_deg;
    dy /= m_per_deg;
  }
  return pp;
}

/// Places the file's first mass point: the mean of x(i,j) - i dx over XLAT/XLONG, snapped to the
/// lattice of the domain the attributes describe (its centre is the reference) when within
/// 0.05 cells. Sets the file grid and the crop offset of `d`; logs when the file is cropped.
void place_file_grid(const WrfSeries& s, const grid::Projection& proj, double dx, double dy,
                     const std::vector<double>& lat, const std::vector<double>& lon, WrfDomain& d) {
  const WrfAttributes& a = s.attributes();
  const std::string& file0 = s.files().front();
  const int nxf = a.we_grid_dim - 1, nyf = a.sn_grid_dim - 1;  // mass points per attributes
  const int nx = s.nx(), ny = s.ny();
  double sx = 0, sy = 0;
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const size_t q = static_cast<size_t>(j) * static_cast<size_t>(nx) + static_cast<size_t>(i);
      const grid::XY xy = proj.forward({lat[q], lon[q]});
      sx += xy.x - i * dx;
      sy += xy.y - j * dy;
    }
  const double x0_fit = sx / (nx * ny), y0_fit = sy / (nx * ny);
  const double fi = x0_fit / dx + 0.5 * (nxf - 1), fj = y0_fit / dy + 0.5 * (nyf - 1);
  const double ri = std::round(fi), rj = std::round(fj);
  double x0 = x0_fit, y0 = y0_fit;
  if (std::fabs(fi - ri) < 0.05 && std::fabs(fj - rj) < 0.05) {
    x0 = (ri - 0.5 * (nxf - 1)) * dx;
    y0 = (rj - 0.5 * (nyf - 1)) * dy;
  }
  d.crop_i = static_cast<int>(ri);
  d.crop_j = static_cast<int>(rj);
  d.cropped = nx != nxf || ny != nyf || d.crop_i != 0 || d.crop_j != 0;
  if (d.cropped)
    log::info(file0 + ": the global attributes describe a " + std::to_string(nxf) + " x " + std::to_string(nyf) +
              " domain, the file holds " + std::to_string(nx) + " x " + std::to_string(ny) + " points starting at (" +
              std::to_string(d.crop_i) + ", " + std::to_string(d.crop_j) + "): window placed from XLAT/XLONG");
  d.file_grid.proj = proj;
  d.file_grid.nx = nx;
  d.file_grid.ny = ny;
  d.file_grid.dx = dx;
  d.file_grid.dy = dy;
  d.file_grid.x0 = x0;
  d.file_grid.y0 = y0;
}

/// Largest difference [degree] between the file grid's positions and XLAT/XLONG; an error
/// above 1e-3 degree (attributes that do not describe the data).
double check_latlon(const WrfDomain& d, const std::vector<double>& lat, const std::vector<double>& lon,
                    const std::string& file0) {
  const int nx = d.file_grid.nx, ny = d.file_grid.ny;
  double err = 0;
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const size_t q = static_cast<size_t>(j) * static_cast<size_t>(nx) + static_cast<size_t>(i);
      const grid::LatLon ll = d.file_grid.latlon(i, j);
      double dlon = std::fabs(ll.lon_deg - lon[q]);
      if (dlon > 180) dlon = 360 - dlon;
      err = std::max({err, std::fabs(ll.lat_deg - lat[q]), dlon});
    }
  if (err > 1e-3)
    throw Error::in_file(file0,
                         "XLAT/XLONG differ by up to " + std::to_string(err) +
                             " degree from the grid of the projection attributes (MAP_PROJ, TRUELAT1/2, "
                             "STAND_LON, CEN_LAT/CEN_LON, DX/DY)",
                         "XLAT");
  return err;
}

/// WRF's own map factors, when present, must agree with the projection's (float storage:
/// 1e-5); a disagreement means a projection this reader does not reproduce (a warning).
void check_map_factors(const WrfSeries& s, const grid::Projection& proj, const std::vector<double>& lat) {
  const std::vector<double> msf = s.read_2d("MAPFAC_M", 0);
  double worst = 0;
  for (size_t q = 0; q < msf.size(); ++q) worst = std::max(worst, std::fabs(proj.map_factor(lat[q]) / msf[q] - 1.0));
  if (worst > 1e-4)
    log::warn(s.files().front() + ": MAPFAC_M differs from the projection's map factor by up to " +
              std::to_string(worst * 100) + " %");
}

/// The model window: the file grid less btrim + 1 rows on each side (MCIP's BTRIM).
void set_window(const WrfSeries& s, const WrfWindowOptions& opt, WrfDomain& d) {
  const int nx = s.nx(), ny = s.ny();
  const int off = opt.btrim >= 0 ? opt.btrim + 1 : 0;
  if (nx - 2 * off < 1 || ny - 2 * off < 1)
    throw Error("meteo.btrim = " + std::to_string(opt.btrim) + " leaves no cells of the " + std::to_string(nx) + " x " +
                std::to_string(ny) + " WRF grid in " + s.files().front());
  d.offset_i = off;
  d.offset_j = off;
  d.model_grid = d.file_grid;
  d.model_grid.nx = nx - 2 * off;
  d.model_grid.ny = ny - 2 * off;
  d.model_grid.x0 = d.file_grid.x0 + off * d.file_grid.dx;
  d.model_grid.y0 = d.file_grid.y0 + off * d.file_grid.dy;
}

/// The WRF w-levels of the model interfaces: every level, or meteo.layer_interfaces checked.
std::vector<int> model_w_levels(const WrfSeries& s, const WrfWindowOptions& opt) {
  const int nzw = s.nz();
  std::vector<int> w;
  if (opt.layer_interfaces.empty()) {
    for (int k = 0; k <= nzw; ++k) w.push_back(k);
    return w;
  }
  w = opt.layer_interfaces;
  bool ok = w.size() >= 2 && w.front() == 0 && w.back() == nzw;
  for (size_t k = 1; ok && k < w.size(); ++k) ok = w[k] > w[k - 1];
  if (!ok)
    throw Error("meteo.layer_interfaces: must start at 0, end at the WRF top w-level " + std::to_string(nzw) +
                " (bottom_top of " + s.files().front() + ") and increase strictly");
  return w;
}

}  // namespace

WrfDomain make_wrf_domain(const WrfSeries& s, const WrfWindowOptions& opt) {
  const std::string& file0 = s.files().front();
  WrfDomain d;
  double dx = 0, dy = 0;
  const grid::ProjectionParams pp = projection_params(s.attributes(), file0, dx, dy);
  const grid::Projection proj(pp);
  // XLAT/XLONG of the first record (with or without a Time dimension).
  const std::vector<double> lat = s.read_2d("XLAT", 0);
  const std::vector<double> lon = s.read_2d("XLONG", 0);
  place_file_grid(s, proj, dx, dy, lat, lon, d);
  d.max_latlon_error_deg = check_latlon(d, lat, lon, file0);
  if (s.has("MAPFAC_M") && pp.kind != grid::ProjectionKind::latlon) check_map_factors(s, proj, lat);
  set_window(s, opt, d);
  d.w_levels = model_w_levels(s, opt);
  return d;
}

}  // namespace lantian::meteo
