#include "meteo/synthetic/synth_met.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <filesystem>
#include <netcdf>

#include "meteo/derived/solar.hpp"
#include "solver/core/constants.hpp"
#include "solver/core/error.hpp"
#include "solver/grid/horizontal_grid.hpp"

namespace lantian::meteo {

namespace {

using constants::k_gravity_m_s2;
using constants::k_pi;
using constants::k_rd_j_kg_k;

constexpr double k_ptop_pa = 10000.0;
constexpr int k_lu_water = 16, k_lu_urban = 1, k_lu_crop = 2;  // USGS categories

double smoothstep(double a, double b, double x) {
  const double t = std::clamp((x - a) / (b - a), 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

/// Standard-atmosphere pressure at height z [m] (US Standard Atmosphere 1976, two layers).
double p_std(double z) {
  if (z < 11000.0) return 101325.0 * std::pow(1.0 - 2.25577e-5 * z, 5.25588);
  return 22632.0 * std::exp(-(z - 11000.0) / 6341.62);
}

double terrain_m(double lat, double lon, bool land) {
  if (!land) return 0.0;
  // Gentle hills (Kunyu/Aishan-like) in the peninsula's interior.
  return 20.0 + 250.0 * std::exp(-std::pow((lat - 37.25) / 0.25, 2) - std::pow((lon - 121.0) / 0.5, 2));
}

/// Smoothed land fraction (7 x 7 samples over +-0.15 degree).
double land_smooth(double lat, double lon) {
  double s = 0;
  for (int a = -3; a <= 3; ++a)
    for (int b = -3; b <= 3; ++b) s += synth_is_land(lat + 0.05 * a, lon + 0.05 * b) ? 1.0 : 0.0;
  return s / 49.0;
}

/// Onshore unit-ish vector (earth east, north) of the sea breeze at a point: the gradient of
/// the smoothed land fraction (from sea to land), scaled to at most 1.
void onshore(double lat, double lon, double& e, double& n) {
  const double h = 0.1;
  e = (land_smooth(lat, lon + h) - land_smooth(lat, lon - h)) / (2 * h) * 0.3;
  n = (land_smooth(lat + h, lon) - land_smooth(lat - h, lon)) / (2 * h) * 0.3;
  const double m = std::hypot(e, n);
  if (m > 1.0) {
    e /= m;
    n /= m;
  }
}

double rain_rate(const SynthMetOptions& o, double t_h, double lat, double lon) {
  if (t_h < o.rain_start_h || t_h > o.rain_start_h + o.rain_hours) return 0.0;
  const double f = (t_h - o.rain_start_h) / std::max(o.rain_hours, 1e-6);
  const double lon_c = 119.3 + 3.2 * f;  // a band moving west to east
  const double env = std::sin(k_pi * f);
  return o.rain_mm_h * env * std::exp(-std::pow((lon - lon_c) / 0.35, 2)) * std::exp(-std::pow((lat - 37.4) / 1.2, 2));
}

double local_hour(double utc_h, double lon) {
  double h = std::fmod(utc_h + lon / 15.0, 24.0);
  return h < 0 ? h + 24 : h;
}

/// The file name of the record at `t`: `pattern` with %Y %m %d %H %M %S replaced.
std::string file_name(const std::string& pattern, const UtcTime& t) {
  const std::string w = t.iso('_');  // YYYY-MM-DD_HH:MM:SS
  std::string out;
  for (size_t q = 0; q < pattern.size(); ++q) {
    if (pattern[q] == '%' && q + 1 < pattern.size()) {
      const char c = pattern[++q];
      if (c == 'Y') out += w.substr(0, 4);
      else if (c == 'm') out += w.substr(5, 2);
      else if (c == 'd') out += w.substr(8, 2);
      else if (c == 'H') out += w.substr(11, 2);
      else if (c == 'M') out += w.substr(14, 2);
      else if (c == 'S') out += w.substr(17, 2);
      else if (c == '%') out += '%';
      else throw Error("synth-met: unknown %-code in file name pattern '" + pattern + "'");
    } else {
      out += pattern[q];
    }
  }
  return out;
}

/// Defines a float variable with WRF's attributes (FieldType, MemoryOrder, description, units,
/// stagger, coordinates).
netCDF::NcVar def(netCDF::NcFile& f, const std::string& name, const std::vector<netCDF::NcDim>& dims,
                  const std::string& desc, const std::string& units, const std::string& stagger) {
  netCDF::NcVar v = f.addVar(name, netCDF::ncFloat, dims);
  v.putAtt("FieldType", netCDF::ncInt, 104);
  std::string mo = dims.size() == 4 ? "XYZ" : dims.size() == 3 ? "XY " : "Z  ";
  if (dims.size() == 1) mo = "0  ";
  v.putAtt("MemoryOrder", mo);
  v.putAtt("description", desc);
  v.putAtt("units", units);
  v.putAtt("stagger", stagger);
  if (dims.size() >= 3)
    v.putAtt("coordinates", stagger == "X"   ? "XLONG_U XLAT_U XTIME"
                            : stagger == "Y" ? "XLONG_V XLAT_V XTIME"
                                             : "XLONG XLAT XTIME");
  return v;
}

/// The netCDF flavour of `--format`.
netCDF::NcFile::FileFormat file_format(const std::string& format) {
  if (format == "classic") return netCDF::NcFile::classic;
  if (format == "64bit") return netCDF::NcFile::classic64;
  if (format != "netcdf4") throw Error("synth-met: --format must be netcdf4, classic or 64bit");
  return netCDF::NcFile::nc4;
}

/// The Lambert conformal grid of the options: nx x ny mass points, spacing dx, centred on the
/// reference point (cen_lat, cen_lon).
grid::HorizontalGrid synth_grid(const SynthMetOptions& o) {
  grid::ProjectionParams pp;
  pp.kind = grid::ProjectionKind::lambert_conformal;
  pp.truelat1_deg = o.truelat1;
  pp.truelat2_deg = o.truelat2;
  pp.stand_lon_deg = o.stand_lon;
  pp.ref_lat_deg = o.cen_lat;
  pp.ref_lon_deg = o.cen_lon;
  grid::HorizontalGrid g;
  g.proj = grid::Projection(pp);
  g.nx = o.nx;
  g.ny = o.ny;
  g.dx = g.dy = o.dx_m;
  g.x0 = -0.5 * (o.nx - 1) * o.dx_m;
  g.y0 = -0.5 * (o.ny - 1) * o.dx_m;
  return g;
}

/// WRF's eta coordinate: w-levels stretched in height up to p_top, eta from the standard
/// atmosphere; the mass levels halfway, with their nominal heights [m].
struct EtaLevels {
  std::vector<double> w;       ///< ZNW, nz + 1 values from 1 to 0
  std::vector<double> u;       ///< ZNU, nz values
  std::vector<double> zref_u;  ///< nominal height of the mass levels [m]
};

EtaLevels eta_levels(int nz) {
  const double ztop = 11000.0 + 6341.62 * std::log(22632.0 / k_ptop_pa);
  EtaLevels e;
  e.w.resize(static_cast<size_t>(nz) + 1);
  e.u.resize(static_cast<size_t>(nz));
  e.zref_u.resize(static_cast<size_t>(nz));
  for (int k = 0; k <= nz; ++k) {
    const double z = ztop * (std::exp(3.0 * k / nz) - 1.0) / (std::exp(3.0) - 1.0);
    e.w[k] = (p_std(z) - k_ptop_pa) / (101325.0 - k_ptop_pa);
  }
  e.w[0] = 1.0;
  e.w[nz] = 0.0;
  for (int k = 0; k < nz; ++k) {
    e.u[k] = 0.5 * (e.w[k] + e.w[k + 1]);
    e.zref_u[k] = -7400.0 * std::log((k_ptop_pa + e.u[k] * (101325.0 - k_ptop_pa)) / 101325.0);
  }
  return e;
}

/// Fields on the mass points that do not change in time.
struct StaticFields {
  std::vector<double> lat, lon;  ///< [degree]
  std::vector<double> hgt;       ///< terrain height [m]
  std::vector<double> land;      ///< LANDMASK: 1 land, 0 water
  std::vector<double> xland;     ///< XLAND: 1 land, 2 water
  std::vector<double> lu;        ///< USGS land-use category
  std::vector<double> msf;       ///< map factor [1]
};

StaticFields static_fields(const grid::HorizontalGrid& g) {
  const size_t n2 = static_cast<size_t>(g.nx) * g.ny;
  StaticFields s;
  for (auto* v : {&s.lat, &s.lon, &s.hgt, &s.land, &s.xland, &s.lu, &s.msf}) v->resize(n2);
  for (int j = 0; j < g.ny; ++j)
    for (int i = 0; i < g.nx; ++i) {
      const size_t c = static_cast<size_t>(j) * g.nx + i;
      const grid::LatLon ll = g.latlon(i, j);
      s.lat[c] = ll.lat_deg;
      s.lon[c] = ll.lon_deg;
      const bool l = synth_is_land(ll.lat_deg, ll.lon_deg);
      s.land[c] = l ? 1.0 : 0.0;
      s.xland[c] = l ? 1.0 : 2.0;
      s.hgt[c] = terrain_m(ll.lat_deg, ll.lon_deg, l);
      const bool city = std::hypot(ll.lat_deg - 37.52, (ll.lon_deg - 121.38) * 0.8) < 0.08 ||
                        std::hypot(ll.lat_deg - 37.65, (ll.lon_deg - 120.48) * 0.8) < 0.05;
      s.lu[c] = !l ? k_lu_water : (city ? k_lu_urban : k_lu_crop);
      s.msf[c] = g.proj.map_factor(ll.lat_deg);
    }
  return s;
}

/// Points of a (possibly staggered) ni x nj lattice: position, grid rotation, onshore
/// direction of the sea breeze and map factor.
struct FacePts {
  int ni, nj;
  std::vector<double> lat, lon, rot, on_e, on_n, msf;
};

/// The lattice of grid points (i + di, j + dj), 0 <= i < ni, 0 <= j < nj.
FacePts face_points(const grid::HorizontalGrid& g, int ni, int nj, double di, double dj) {
  FacePts f{ni, nj, {}, {}, {}, {}, {}, {}};
  for (int j = 0; j < nj; ++j)
    for (int i = 0; i < ni; ++i) {
      const grid::LatLon ll = g.latlon(i + di, j + dj);
      double e = 0, n = 0;
      onshore(ll.lat_deg, ll.lon_deg, e, n);
      f.lat.push_back(ll.lat_deg);
      f.lon.push_back(ll.lon_deg);
      f.rot.push_back(g.proj.rotation_rad(ll));
      f.on_e.push_back(e);
      f.on_n.push_back(n);
      f.msf.push_back(g.proj.map_factor(ll.lat_deg));
    }
  return f;
}

/// Wind at point `c` of `f`, height z [m] above ground, at `utc_h` [h of the UTC day]: a
/// synoptic westerly increasing with height plus a daytime sea breeze along the onshore
/// direction; earth-relative, returned grid-relative in (ug, vg) [m s-1].
void synth_wind(const FacePts& f, size_t c, double z, double utc_h, double& ug, double& vg) {
  const double lh = local_hour(utc_h, f.lon[c]);
  const double sb = (lh > 9 && lh < 18) ? 4.0 * std::sin(k_pi * (lh - 9) / 9) : 0.0;
  const double prof = std::exp(-z / 500.0) - 0.3 * std::exp(-std::pow((z - 1500.0) / 500.0, 2));
  const double ue =
      (4.0 + 6.0 * std::min(z, 10000.0) / 10000.0) * std::min(1.0, 0.4 + z / 300.0) + sb * prof * f.on_e[c];
  const double ve = 1.5 * std::min(1.0, 0.4 + z / 300.0) + sb * prof * f.on_n[c];
  const double a = f.rot[c];
  ug = ue * std::cos(a) + ve * std::sin(a);
  vg = -ue * std::sin(a) + ve * std::cos(a);
}

/// Everything of the synthetic domain that does not change in time.
struct SynthDomain {
  const SynthMetOptions& o;
  grid::HorizontalGrid g;
  int nx, ny, nz;
  size_t n2;  ///< mass points, nx * ny
  EtaLevels eta;
  StaticFields st;
  FacePts fu, fv, fm;  ///< x-faces, y-faces, mass points
};

SynthDomain make_domain(const SynthMetOptions& o) {
  grid::HorizontalGrid g = synth_grid(o);
  const int nx = o.nx, ny = o.ny, nz = o.nz;
  SynthDomain d{o,
                g,
                nx,
                ny,
                nz,
                static_cast<size_t>(nx) * ny,
                eta_levels(nz),
                static_fields(g),
                face_points(g, nx + 1, ny, -0.5, 0.0),
                face_points(g, nx, ny + 1, 0.0, -0.5),
                face_points(g, nx, ny, 0, 0)};
  return d;
}

/// Accumulated rain [mm] on the mass points (30 % convective RAINC, 70 % grid-scale RAINNC)
/// up to time t_h [h after the start].
struct RainAccumulation {
  std::vector<double> conv, grid;
  double t_h = 0.0;
};

/// Accumulates the rain from acc.t_h to `t_h` in 5-minute steps (midpoint rule).
void accumulate_rain(const SynthDomain& d, double t_h, RainAccumulation& acc) {
  for (; acc.t_h < t_h - 1e-9; acc.t_h += 1.0 / 12.0)
    for (size_t c = 0; c < d.n2; ++c) {
      const double r = rain_rate(d.o, acc.t_h + 1.0 / 24.0, d.st.lat[c], d.st.lon[c]) / 12.0;
      acc.conv[c] += 0.3 * r;
      acc.grid[c] += 0.7 * r;
    }
}

/// The time-varying fields of one record, named and stored (float) as WRF writes them.
struct RecordFields {
  std::vector<float> P, PB, T, QV, QC, QI, CF, PH, PHB, W;  ///< 3-D on mass or w-levels
  std::vector<float> PSFC, T2, Q2, U10, V10, PBLH, HFX, UST, ZNT, SW, RAINC, RAINNC, IRC, IRNC;
  std::vector<float> U, V;  ///< on x-faces, y-faces

  RecordFields(int nx, int ny, int nz) {
    const size_t n2 = static_cast<size_t>(nx) * ny;
    for (auto* v : {&P, &PB, &T, &QV, &QC, &QI, &CF}) v->resize(n2 * nz);
    for (auto* v : {&PH, &PHB, &W}) v->assign(n2 * (nz + 1), 0.0f);
    for (auto* v : {&PSFC, &T2, &Q2, &U10, &V10, &PBLH, &HFX, &UST, &ZNT, &SW, &RAINC, &RAINNC, &IRC, &IRNC})
      v->resize(n2);
    U.resize(static_cast<size_t>(nx + 1) * ny * nz);
    V.resize(static_cast<size_t>(nx) * (ny + 1) * nz);
  }
};

/// What drives a column at one time: land or sea, local solar hour [h], cloud fraction of the
/// rain band [1] and the daytime heating factor [1].
struct ColumnForcing {
  bool land;
  double lh, cfr, day;
};

ColumnForcing column_forcing(const SynthDomain& d, size_t c, double t_h, double utc_h) {
  ColumnForcing cf;
  cf.land = d.st.land[c] > 0.5;
  cf.lh = local_hour(utc_h, d.st.lon[c]);
  const double rr = rain_rate(d.o, t_h, d.st.lat[c], d.st.lon[c]);
  cf.cfr = std::min(1.0, rr / 1.0);
  cf.day = std::max(0.0, std::sin(2 * k_pi * (cf.lh - 9.0) / 24.0));
  return cf;
}

/// The hydrostatic column at mass point `c`: pressure, temperature, humidity, clouds and
/// geopotential on every level, surface pressure, T2 and Q2. Returns the column's maximum
/// cloud fraction [1].
double column_profile(const SynthDomain& d, size_t c, const ColumnForcing& fc, RecordFields& r) {
  const size_t n2 = d.n2;
  const double hgt = d.st.hgt[c];
  const double tsfc =
      299.0 - 0.0065 * hgt + (fc.land ? 4.0 * std::sin(2 * k_pi * (fc.lh - 9.0) / 24.0) : 0.5) - 2.0 * fc.cfr;
  const double ps = 101300.0 * std::exp(-hgt / 8400.0) - 200.0 * fc.cfr;
  const double psb = 100000.0 * std::exp(-hgt / 8000.0);
  double phi = k_gravity_m_s2 * hgt;
  const double phib0 = phi;
  r.PH[c] = 0.0f;
  r.PHB[c] = static_cast<float>(phib0);
  double cmax = 0;
  for (int k = 0; k < d.nz; ++k) {
    const size_t n = static_cast<size_t>(k) * n2 + c;
    const double p = k_ptop_pa + d.eta.u[k] * (ps - k_ptop_pa);
    const double pb = k_ptop_pa + d.eta.u[k] * (psb - k_ptop_pa);
    const double tk = std::max(216.65, tsfc * std::pow(p / ps, k_rd_j_kg_k * 0.0065 / k_gravity_m_s2));
    const double z = -7400.0 * std::log(p / ps);
    const double es = 611.2 * std::exp(17.67 * (tk - 273.15) / (tk - 29.65));
    const double qs = 0.622 * es / std::max(p - es, 1.0);
    const bool in_cloud = fc.cfr > 0.05 && z > 1000.0 && z < 6000.0;
    const double rh = in_cloud ? 0.97 : 0.2 + 0.5 * std::exp(-z / 3000.0) + 0.1 * fc.cfr;
    const double qv = std::min(rh * qs, 0.03);
    const double cf = in_cloud ? fc.cfr : 0.0;
    cmax = std::max(cmax, cf);
    r.P[n] = static_cast<float>(p - pb);
    r.PB[n] = static_cast<float>(pb);
    r.T[n] = static_cast<float>(tk * std::pow(1e5 / p, 2.0 / 7.0) - 300.0);
    r.QV[n] = static_cast<float>(qv);
    r.CF[n] = static_cast<float>(cf);
    r.QC[n] = static_cast<float>(tk > 263.0 ? 3e-4 * cf : 0.0);
    r.QI[n] = static_cast<float>(tk <= 263.0 ? 1e-4 * cf : 0.0);
    // Discrete hydrostatic step to the next w-level, as WRF's: d(phi) = alpha dp with
    // alpha = Rd Tv / p at the mass level, so rho g dz equals the layer's pressure drop.
    const double pw0 = k_ptop_pa + d.eta.w[k] * (ps - k_ptop_pa);
    const double pw1 = k_ptop_pa + d.eta.w[k + 1] * (ps - k_ptop_pa);
    phi += k_rd_j_kg_k * tk * (1.0 + 0.608 * qv) / p * (pw0 - pw1);
    const size_t nw = static_cast<size_t>(k + 1) * n2 + c;
    r.PHB[nw] = static_cast<float>(phib0 + 0.98 * (phi - phib0));
    r.PH[nw] = static_cast<float>(phi - r.PHB[nw]);
    if (k == 0) {
      r.T2[c] = static_cast<float>(tk + (fc.land ? 0.6 * fc.day : 0.0));
      r.Q2[c] = static_cast<float>(qv);
    }
  }
  r.PSFC[c] = static_cast<float>(ps);
  return cmax;
}

/// Boundary layer and surface at mass point `c`: PBLH, HFX, ZNT, 10 m wind, UST and SWDOWN
/// (clear-sky from the solar zenith angle at `t`, dimmed by the column's cloud `cmax`).
void surface_layer(const SynthDomain& d, size_t c, const ColumnForcing& fc, double cmax, double utc_h, const UtcTime& t,
                   RecordFields& r) {
  const bool l = fc.land;
  const double lh = fc.lh;
  const double sun = std::max(0.0, std::sin(k_pi * (lh - 7.0) / 12.0));
  r.PBLH[c] = static_cast<float>(l ? 200.0 + 1300.0 * std::pow(lh > 7 && lh < 19 ? sun : 0.0, 1.2) : 350.0);
  const double daylight = (lh > 6 && lh < 19) ? std::sin(k_pi * (lh - 6.0) / 13.0) : 0.0;
  r.HFX[c] = static_cast<float>(l ? (daylight > 0 ? 280.0 * daylight * (1.0 - 0.7 * cmax) : -25.0) : 15.0);
  r.ZNT[c] = static_cast<float>(l ? (d.st.lu[c] == k_lu_urban ? 1.0 : 0.15) : 2e-4);
  double u1 = 0, v1 = 0;
  synth_wind(d.fm, c, d.eta.zref_u[0], utc_h, u1, v1);
  r.U10[c] = static_cast<float>(0.8 * u1);
  r.V10[c] = static_cast<float>(0.8 * v1);
  r.UST[c] = static_cast<float>(l ? 0.2 + 0.25 * daylight : 0.15 + 0.02 * std::hypot(u1, v1));
  const double cz = cos_solar_zenith(t, 0.0, d.st.lat[c], d.st.lon[c]);
  r.SW[c] = static_cast<float>(1050.0 * std::max(0.0, cz) * (1.0 - 0.75 * cmax));
}

/// RAINC and RAINNC at mass point `c`; with buckets (bucket_mm > 0) modulo the bucket size,
/// with the counts in I_RAINC and I_RAINNC, as WRF writes them.
void rain_fields(const SynthDomain& d, size_t c, const RainAccumulation& acc, RecordFields& r) {
  const double rc = acc.conv[c], rnc = acc.grid[c];
  const double bucket = d.o.bucket_mm;
  if (bucket > 0) {
    r.IRC[c] = static_cast<float>(std::floor(rc / bucket));
    r.IRNC[c] = static_cast<float>(std::floor(rnc / bucket));
    r.RAINC[c] = static_cast<float>(rc - r.IRC[c] * bucket);
    r.RAINNC[c] = static_cast<float>(rnc - r.IRNC[c] * bucket);
  } else {
    r.RAINC[c] = static_cast<float>(rc);
    r.RAINNC[c] = static_cast<float>(rnc);
  }
}

/// Grid-relative U on the x-faces and V on the y-faces, on every mass level, at `utc_h`.
void face_winds(const SynthDomain& d, double utc_h, RecordFields& r) {
  const size_t nu = static_cast<size_t>(d.nx + 1) * d.ny, nv = static_cast<size_t>(d.nx) * (d.ny + 1);
  for (int k = 0; k < d.nz; ++k) {
    const double z = d.eta.zref_u[k];
    for (size_t c = 0; c < nu; ++c) {
      double ug = 0, vg = 0;
      synth_wind(d.fu, c, z, utc_h, ug, vg);
      r.U[static_cast<size_t>(k) * nu + c] = static_cast<float>(ug);
    }
    for (size_t c = 0; c < nv; ++c) {
      double ug = 0, vg = 0;
      synth_wind(d.fv, c, z, utc_h, ug, vg);
      r.V[static_cast<size_t>(k) * nv + c] = static_cast<float>(vg);
    }
  }
}

/// The fields of the record `t_h` hours after the start (time `t`), with the rain accumulated
/// up to it.
RecordFields record_fields(const SynthDomain& d, double t_h, const UtcTime& t, const RainAccumulation& acc) {
  RecordFields r(d.nx, d.ny, d.nz);
  const double utc_h = std::fmod(t.hour_of_day(), 24.0);
  // The wind's clock: the start's hour of the day plus t_h.
  const double wind_utc_h = std::fmod(d.o.start.hour_of_day() + t_h, 24.0);
  for (size_t c = 0; c < d.n2; ++c) {
    const ColumnForcing fc = column_forcing(d, c, t_h, utc_h);
    const double cmax = column_profile(d, c, fc, r);
    surface_layer(d, c, fc, cmax, wind_utc_h, t, r);
    rain_fields(d, c, acc, r);
  }
  face_winds(d, wind_utc_h, r);
  return r;
}

/// The dimensions of a wrfout file.
struct WrfDims {
  netCDF::NcDim t, s, x, y, z, zs, xs, ys;
};

WrfDims add_dims(netCDF::NcFile& f, int nx, int ny, int nz) {
  WrfDims d;
  d.t = f.addDim("Time");
  d.s = f.addDim("DateStrLen", 19);
  d.x = f.addDim("west_east", nx);
  d.y = f.addDim("south_north", ny);
  d.z = f.addDim("bottom_top", nz);
  d.zs = f.addDim("bottom_top_stag", nz + 1);
  d.xs = f.addDim("west_east_stag", nx + 1);
  d.ys = f.addDim("south_north_stag", ny + 1);
  return d;
}

/// WRF's global attributes: dates, grid dimensions, projection, land-use table, rain buckets.
void put_global_attributes(netCDF::NcFile& f, const SynthMetOptions& o) {
  const std::string sd = o.start.iso('_');
  f.putAtt("TITLE", " OUTPUT FROM LANTIAN SYNTH-MET (WRF FORMAT, ANALYTIC YANTAI METEOROLOGY)");
  f.putAtt("START_DATE", sd);
  f.putAtt("SIMULATION_START_DATE", sd);
  f.putAtt("WEST-EAST_GRID_DIMENSION", netCDF::ncInt, o.nx + 1);
  f.putAtt("SOUTH-NORTH_GRID_DIMENSION", netCDF::ncInt, o.ny + 1);
  f.putAtt("BOTTOM-TOP_GRID_DIMENSION", netCDF::ncInt, o.nz + 1);
  f.putAtt("DX", netCDF::ncFloat, static_cast<float>(o.dx_m));
  f.putAtt("DY", netCDF::ncFloat, static_cast<float>(o.dx_m));
  f.putAtt("GRIDTYPE", "C");
  f.putAtt("CEN_LAT", netCDF::ncFloat, static_cast<float>(o.cen_lat));
  f.putAtt("CEN_LON", netCDF::ncFloat, static_cast<float>(o.cen_lon));
  f.putAtt("TRUELAT1", netCDF::ncFloat, static_cast<float>(o.truelat1));
  f.putAtt("TRUELAT2", netCDF::ncFloat, static_cast<float>(o.truelat2));
  f.putAtt("MOAD_CEN_LAT", netCDF::ncFloat, static_cast<float>(o.cen_lat));
  f.putAtt("STAND_LON", netCDF::ncFloat, static_cast<float>(o.stand_lon));
  f.putAtt("POLE_LAT", netCDF::ncFloat, 90.0f);
  f.putAtt("POLE_LON", netCDF::ncFloat, 0.0f);
  f.putAtt("MAP_PROJ", netCDF::ncInt, 1);
  f.putAtt("MAP_PROJ_CHAR", "Lambert Conformal");
  f.putAtt("MMINLU", "USGS");
  f.putAtt("NUM_LAND_CAT", netCDF::ncInt, 24);
  f.putAtt("ISWATER", netCDF::ncInt, k_lu_water);
  f.putAtt("ISLAKE", netCDF::ncInt, -1);
  f.putAtt("ISICE", netCDF::ncInt, 24);
  f.putAtt("ISURBAN", netCDF::ncInt, k_lu_urban);
  f.putAtt("BUCKET_MM", netCDF::ncFloat, static_cast<float>(o.bucket_mm > 0 ? o.bucket_mm : -1.0));
}

/// A defined variable and the values to write into it.
struct OutVar {
  netCDF::NcVar v;
  const std::vector<float>* d;
};

/// Defines the wrfout variables in WRF's order and pairs each with its values; static fields
/// are converted to float into `keep` (a deque: the pointers stay valid as it grows).
std::vector<OutVar> define_variables(netCDF::NcFile& f, const WrfDims& dm, const SynthDomain& d, const RecordFields& r,
                                     std::deque<std::vector<float>>& keep) {
  const std::vector<netCDF::NcDim> m3{dm.t, dm.z, dm.y, dm.x}, w3{dm.t, dm.zs, dm.y, dm.x}, u3{dm.t, dm.z, dm.y, dm.xs},
      v3{dm.t, dm.z, dm.ys, dm.x}, m2{dm.t, dm.y, dm.x}, u2{dm.t, dm.y, dm.xs}, v2{dm.t, dm.ys, dm.x}, z1{dm.t, dm.z},
      zw1{dm.t, dm.zs};
  std::vector<OutVar> outs;
  auto f32 = [&](const std::vector<double>& v) {
    keep.emplace_back(v.begin(), v.end());
    return &keep.back();
  };
  auto add = [&](const char* n, const std::vector<netCDF::NcDim>& dims, const char* desc, const char* u, const char* st,
                 const std::vector<float>* data) {
    outs.push_back({def(f, n, dims, desc, u, st), data});
  };
  add("XLAT", m2, "LATITUDE, SOUTH IS NEGATIVE", "degree_north", "", f32(d.st.lat));
  add("XLONG", m2, "LONGITUDE, WEST IS NEGATIVE", "degree_east", "", f32(d.st.lon));
  add("XLAT_U", u2, "LATITUDE, SOUTH IS NEGATIVE", "degree_north", "X", f32(d.fu.lat));
  add("XLONG_U", u2, "LONGITUDE, WEST IS NEGATIVE", "degree_east", "X", f32(d.fu.lon));
  add("XLAT_V", v2, "LATITUDE, SOUTH IS NEGATIVE", "degree_north", "Y", f32(d.fv.lat));
  add("XLONG_V", v2, "LONGITUDE, WEST IS NEGATIVE", "degree_east", "Y", f32(d.fv.lon));
  add("LU_INDEX", m2, "LAND USE CATEGORY", "", "", f32(d.st.lu));
  add("ZNU", z1, "eta values on half (mass) levels", "", "", f32(d.eta.u));
  add("ZNW", zw1, "eta values on full (w) levels", "", "Z", f32(d.eta.w));
  add("U", u3, "x-wind component", "m s-1", "X", &r.U);
  add("V", v3, "y-wind component", "m s-1", "Y", &r.V);
  add("W", w3, "z-wind component", "m s-1", "Z", &r.W);
  add("PH", w3, "perturbation geopotential", "m2 s-2", "Z", &r.PH);
  add("PHB", w3, "base-state geopotential", "m2 s-2", "Z", &r.PHB);
  add("T", m3, "perturbation potential temperature (theta-t0)", "K", "", &r.T);
  add("P", m3, "perturbation pressure", "Pa", "", &r.P);
  add("PB", m3, "BASE STATE PRESSURE", "Pa", "", &r.PB);
  add("QVAPOR", m3, "Water vapor mixing ratio", "kg kg-1", "", &r.QV);
  add("QCLOUD", m3, "Cloud water mixing ratio", "kg kg-1", "", &r.QC);
  add("QICE", m3, "Ice mixing ratio", "kg kg-1", "", &r.QI);
  add("CLDFRA", m3, "CLOUD FRACTION", "", "", &r.CF);
  add("Q2", m2, "QV at 2 M", "kg kg-1", "", &r.Q2);
  add("T2", m2, "TEMP at 2 M", "K", "", &r.T2);
  add("PSFC", m2, "SFC PRESSURE", "Pa", "", &r.PSFC);
  add("U10", m2, "U at 10 M", "m s-1", "", &r.U10);
  add("V10", m2, "V at 10 M", "m s-1", "", &r.V10);
  add("MAPFAC_M", m2, "Map scale factor on mass grid", "", "", f32(d.st.msf));
  add("MAPFAC_U", u2, "Map scale factor on u-grid", "", "X", f32(d.fu.msf));
  add("MAPFAC_V", v2, "Map scale factor on v-grid", "", "Y", f32(d.fv.msf));
  add("HGT", m2, "Terrain Height", "m", "", f32(d.st.hgt));
  add("RAINC", m2, "ACCUMULATED TOTAL CUMULUS PRECIPITATION", "mm", "", &r.RAINC);
  add("RAINNC", m2, "ACCUMULATED TOTAL GRID SCALE PRECIPITATION", "mm", "", &r.RAINNC);
  if (d.o.bucket_mm > 0) {
    add("I_RAINC", m2, "BUCKET COUNT FOR RAINC", "", "", &r.IRC);
    add("I_RAINNC", m2, "BUCKET COUNT FOR RAINNC", "", "", &r.IRNC);
  }
  add("SWDOWN", m2, "DOWNWARD SHORT WAVE FLUX AT GROUND SURFACE", "W m-2", "", &r.SW);
  add("XLAND", m2, "LAND MASK (1 FOR LAND, 2 FOR WATER)", "", "", f32(d.st.xland));
  add("LANDMASK", m2, "LAND MASK (1 FOR LAND, 0 FOR WATER)", "", "", f32(d.st.land));
  add("ZNT", m2, "TIME-VARYING ROUGHNESS LENGTH", "m", "", &r.ZNT);
  add("UST", m2, "U* IN SIMILARITY THEORY", "m s-1", "", &r.UST);
  add("PBLH", m2, "PBL HEIGHT", "m", "", &r.PBLH);
  add("HFX", m2, "UPWARD HEAT FLUX AT THE SURFACE", "W m-2", "", &r.HFX);
  keep.push_back({static_cast<float>(k_ptop_pa)});
  add("P_TOP", {dm.t}, "PRESSURE TOP OF THE MODEL", "Pa", "", &keep.back());
  return outs;
}

/// Writes the record at `t` as one wrfout file `path` (to path.tmp, renamed when complete).
void write_record_file(const std::string& path, netCDF::NcFile::FileFormat fmt, const SynthDomain& d, const UtcTime& t,
                       const RecordFields& r) {
  const SynthMetOptions& o = d.o;
  const std::string tmp = path + ".tmp";
  try {
    netCDF::NcFile f(tmp, netCDF::NcFile::replace, fmt);
    const WrfDims dm = add_dims(f, d.nx, d.ny, d.nz);
    put_global_attributes(f, o);
    auto times = f.addVar("Times", netCDF::ncChar, {dm.t, dm.s});
    auto xtime = f.addVar("XTIME", netCDF::ncFloat, {dm.t});
    xtime.putAtt("units", "minutes since " + o.start.iso());
    xtime.putAtt("description", "minutes since " + o.start.iso());
    std::deque<std::vector<float>> keep;
    const std::vector<OutVar> outs = define_variables(f, dm, d, r, keep);
    const std::string ts = t.iso('_');
    times.putVar({0, 0}, {1, 19}, ts.c_str());
    const float xt = static_cast<float>((t.seconds() - o.start.seconds()).count() / 60);
    xtime.putVar({0}, {1}, &xt);
    for (const auto& x : outs) {
      std::vector<size_t> start(x.v.getDimCount(), 0), count;
      for (const auto& dim : x.v.getDims()) count.push_back(dim.isUnlimited() ? 1 : dim.getSize());
      x.v.putVar(start, count, x.d->data());
    }
  } catch (const netCDF::exceptions::NcException& e) {
    throw Error::in_file(tmp, std::string("cannot write: ") + e.what());
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace

bool synth_is_land(double lat, double lon) noexcept {
  // North coast: Laizhou Bay shore near 37.45 N in the west rising to 37.8 N east of 120.7 E.
  const double north = 37.45 + 0.33 * smoothstep(119.9, 120.8, lon) - 0.1 * smoothstep(121.6, 122.3, lon);
  // South-east coast: from Qingdao (36.1 N, 120.4 E) to Rongcheng (37.2 N, 122.4 E).
  const double south = 36.1 + (lon - 120.4) * 0.55;
  return lat < north && lat > south && lon < 122.45;
}

std::vector<std::string> write_synthetic_wrf(const SynthMetOptions& o) {
  if (o.nx < 4 || o.ny < 4 || o.nz < 3) throw Error("synth-met: need nx, ny >= 4 and nz >= 3");
  if (!(o.dx_m > 0)) throw Error("synth-met: dx must be positive");
  if (o.hours < 0) throw Error("synth-met: hours must be >= 0");
  std::filesystem::create_directories(o.out_dir);
  const netCDF::NcFile::FileFormat fmt = file_format(o.format);
  const SynthDomain d = make_domain(o);
  std::vector<std::string> paths;
  RainAccumulation acc{std::vector<double>(d.n2, 0.0), std::vector<double>(d.n2, 0.0), 0.0};
  for (int h = 0; h <= o.hours; ++h) {
    const UtcTime t(o.start.seconds() + std::chrono::hours{h});
    const double t_h = h;
    accumulate_rain(d, t_h, acc);
    const RecordFields r = record_fields(d, t_h, t, acc);
    const std::string path = (std::filesystem::path(o.out_dir) / file_name(o.name_pattern, t)).string();
    write_record_file(path, fmt, d, t, r);
    paths.push_back(path);
  }
  return paths;
}

}  // namespace lantian::meteo
