#include "meteo/synthetic/synth_met.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <netcdf>

#include "meteo/derived/solar.hpp"
#include "meteo/wrf/wrf_time.hpp"
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
  return o.rain_mm_h * env * std::exp(-std::pow((lon - lon_c) / 0.35, 2)) *
         std::exp(-std::pow((lat - 37.4) / 1.2, 2));
}

double local_hour(double utc_h, double lon) {
  double h = std::fmod(utc_h + lon / 15.0, 24.0);
  return h < 0 ? h + 24 : h;
}

std::string file_name(const std::string& pattern, std::int64_t t) {
  const std::string w = format_time_utc(t, '_');  // YYYY-MM-DD_HH:MM:SS
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
    v.putAtt("coordinates", stagger == "X" ? "XLONG_U XLAT_U XTIME"
                                           : stagger == "Y" ? "XLONG_V XLAT_V XTIME" : "XLONG XLAT XTIME");
  return v;
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
  const std::int64_t t0 = parse_time_utc(o.start, "synth-met --start");
  std::filesystem::create_directories(o.out_dir);
  netCDF::NcFile::FileFormat fmt = netCDF::NcFile::nc4;
  if (o.format == "classic") fmt = netCDF::NcFile::classic;
  else if (o.format == "64bit") fmt = netCDF::NcFile::classic64;
  else if (o.format != "netcdf4") throw Error("synth-met: --format must be netcdf4, classic or 64bit");

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
  const int nx = o.nx, ny = o.ny, nz = o.nz;
  const size_t n2 = static_cast<size_t>(nx) * ny;

  // Vertical coordinate: w-levels stretched in height up to p_top, eta from the standard
  // atmosphere.
  const double ztop = 11000.0 + 6341.62 * std::log(22632.0 / k_ptop_pa);
  std::vector<double> eta_w(nz + 1), eta_u(nz), zref_u(nz);
  for (int k = 0; k <= nz; ++k) {
    const double z = ztop * (std::exp(3.0 * k / nz) - 1.0) / (std::exp(3.0) - 1.0);
    eta_w[k] = (p_std(z) - k_ptop_pa) / (101325.0 - k_ptop_pa);
  }
  eta_w[0] = 1.0;
  eta_w[nz] = 0.0;
  for (int k = 0; k < nz; ++k) {
    eta_u[k] = 0.5 * (eta_w[k] + eta_w[k + 1]);
    zref_u[k] = -7400.0 * std::log((k_ptop_pa + eta_u[k] * (101325.0 - k_ptop_pa)) / 101325.0);
  }

  // Static fields on mass points and faces.
  std::vector<double> lat(n2), lon(n2), hgt(n2), land(n2), lu(n2), msf(n2);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const size_t c = static_cast<size_t>(j) * nx + i;
      const grid::LatLon ll = g.latlon(i, j);
      lat[c] = ll.lat_deg;
      lon[c] = ll.lon_deg;
      const bool l = synth_is_land(ll.lat_deg, ll.lon_deg);
      land[c] = l ? 1.0 : 0.0;
      hgt[c] = terrain_m(ll.lat_deg, ll.lon_deg, l);
      const bool city = std::hypot(ll.lat_deg - 37.52, (ll.lon_deg - 121.38) * 0.8) < 0.08 ||
                        std::hypot(ll.lat_deg - 37.65, (ll.lon_deg - 120.48) * 0.8) < 0.05;
      lu[c] = !l ? k_lu_water : (city ? k_lu_urban : k_lu_crop);
      msf[c] = g.proj.map_factor(ll.lat_deg);
    }
  struct FacePts {
    int ni, nj;
    std::vector<double> lat, lon, rot, on_e, on_n, msf;
  };
  auto faces = [&](int ni, int nj, double di, double dj) {
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
  };
  const FacePts fu = faces(nx + 1, ny, -0.5, 0.0), fv = faces(nx, ny + 1, 0.0, -0.5), fm = faces(nx, ny, 0, 0);

  // Earth-relative wind at height z [m] above ground, hour t_h after start, grid-relative out.
  auto wind = [&](const FacePts& f, size_t c, double z, double t_h, double& ug, double& vg) {
    const double utc_h = std::fmod(static_cast<double>(t0 % 86400) / 3600.0 + t_h, 24.0);
    const double lh = local_hour(utc_h, f.lon[c]);
    const double sb = (lh > 9 && lh < 18) ? 4.0 * std::sin(k_pi * (lh - 9) / 9) : 0.0;
    const double prof = std::exp(-z / 500.0) - 0.3 * std::exp(-std::pow((z - 1500.0) / 500.0, 2));
    const double ue = (4.0 + 6.0 * std::min(z, 10000.0) / 10000.0) * std::min(1.0, 0.4 + z / 300.0) +
                      sb * prof * f.on_e[c];
    const double ve = 1.5 * std::min(1.0, 0.4 + z / 300.0) + sb * prof * f.on_n[c];
    const double a = f.rot[c];
    ug = ue * std::cos(a) + ve * std::sin(a);
    vg = -ue * std::sin(a) + ve * std::cos(a);
  };

  std::vector<std::string> paths;
  std::vector<double> acc_c(n2, 0.0), acc_nc(n2, 0.0);
  double acc_t_h = 0.0;  // time up to which rain is accumulated
  for (int h = 0; h <= o.hours; ++h) {
    const std::int64_t t = t0 + static_cast<std::int64_t>(h) * 3600;
    const double t_h = h;
    // Accumulate rain to this time in 5-minute steps (midpoint rule).
    for (; acc_t_h < t_h - 1e-9; acc_t_h += 1.0 / 12.0)
      for (size_t c = 0; c < n2; ++c) {
        const double r = rain_rate(o, acc_t_h + 1.0 / 24.0, lat[c], lon[c]) / 12.0;
        acc_c[c] += 0.3 * r;
        acc_nc[c] += 0.7 * r;
      }
    const double utc_h = std::fmod(static_cast<double>(t % 86400) / 3600.0, 24.0);

    std::vector<float> P(n2 * nz), PB(n2 * nz), T(n2 * nz), QV(n2 * nz), QC(n2 * nz), QI(n2 * nz),
        CF(n2 * nz), PH(n2 * (nz + 1)), PHB(n2 * (nz + 1)), W(n2 * (nz + 1), 0.0f);
    std::vector<float> PSFC(n2), T2(n2), Q2(n2), U10(n2), V10(n2), PBLH(n2), HFX(n2), UST(n2),
        ZNT(n2), SW(n2), RAINC(n2), RAINNC(n2), IRC(n2), IRNC(n2);
    for (size_t c = 0; c < n2; ++c) {
      const bool l = land[c] > 0.5;
      const double lh = local_hour(utc_h, lon[c]);
      const double rr = rain_rate(o, t_h, lat[c], lon[c]);
      const double cfr = std::min(1.0, rr / 1.0);
      const double day = std::max(0.0, std::sin(2 * k_pi * (lh - 9.0) / 24.0));
      const double tsfc = 299.0 - 0.0065 * hgt[c] + (l ? 4.0 * std::sin(2 * k_pi * (lh - 9.0) / 24.0) : 0.5) -
                          2.0 * cfr;
      const double ps = 101300.0 * std::exp(-hgt[c] / 8400.0) - 200.0 * cfr;
      const double psb = 100000.0 * std::exp(-hgt[c] / 8000.0);
      double phi = k_gravity_m_s2 * hgt[c];
      const double phib0 = phi;
      PH[c] = 0.0f;
      PHB[c] = static_cast<float>(phib0);
      double cmax = 0;
      for (int k = 0; k < nz; ++k) {
        const size_t n = static_cast<size_t>(k) * n2 + c;
        const double p = k_ptop_pa + eta_u[k] * (ps - k_ptop_pa);
        const double pb = k_ptop_pa + eta_u[k] * (psb - k_ptop_pa);
        const double tk = std::max(216.65, tsfc * std::pow(p / ps, k_rd_j_kg_k * 0.0065 / k_gravity_m_s2));
        const double z = -7400.0 * std::log(p / ps);
        const double es = 611.2 * std::exp(17.67 * (tk - 273.15) / (tk - 29.65));
        const double qs = 0.622 * es / std::max(p - es, 1.0);
        const bool in_cloud = cfr > 0.05 && z > 1000.0 && z < 6000.0;
        const double rh = in_cloud ? 0.97 : 0.2 + 0.5 * std::exp(-z / 3000.0) + 0.1 * cfr;
        const double qv = std::min(rh * qs, 0.03);
        const double cf = in_cloud ? cfr : 0.0;
        cmax = std::max(cmax, cf);
        P[n] = static_cast<float>(p - pb);
        PB[n] = static_cast<float>(pb);
        T[n] = static_cast<float>(tk * std::pow(1e5 / p, 2.0 / 7.0) - 300.0);
        QV[n] = static_cast<float>(qv);
        CF[n] = static_cast<float>(cf);
        QC[n] = static_cast<float>(tk > 263.0 ? 3e-4 * cf : 0.0);
        QI[n] = static_cast<float>(tk <= 263.0 ? 1e-4 * cf : 0.0);
        // Discrete hydrostatic step to the next w-level, as WRF's: d(phi) = alpha dp with
        // alpha = Rd Tv / p at the mass level, so rho g dz equals the layer's pressure drop.
        const double pw0 = k_ptop_pa + eta_w[k] * (ps - k_ptop_pa);
        const double pw1 = k_ptop_pa + eta_w[k + 1] * (ps - k_ptop_pa);
        phi += k_rd_j_kg_k * tk * (1.0 + 0.608 * qv) / p * (pw0 - pw1);
        const size_t nw = static_cast<size_t>(k + 1) * n2 + c;
        PHB[nw] = static_cast<float>(phib0 + 0.98 * (phi - phib0));
        PH[nw] = static_cast<float>(phi - PHB[nw]);
        if (k == 0) {
          T2[c] = static_cast<float>(tk + (l ? 0.6 * day : 0.0));
          Q2[c] = static_cast<float>(qv);
        }
      }
      PSFC[c] = static_cast<float>(ps);
      const double sun = std::max(0.0, std::sin(k_pi * (lh - 7.0) / 12.0));
      PBLH[c] = static_cast<float>(l ? 200.0 + 1300.0 * std::pow(lh > 7 && lh < 19 ? sun : 0.0, 1.2) : 350.0);
      const double daylight = (lh > 6 && lh < 19) ? std::sin(k_pi * (lh - 6.0) / 13.0) : 0.0;
      HFX[c] = static_cast<float>(l ? (daylight > 0 ? 280.0 * daylight * (1.0 - 0.7 * cmax) : -25.0) : 15.0);
      ZNT[c] = static_cast<float>(l ? (lu[c] == k_lu_urban ? 1.0 : 0.15) : 2e-4);
      double u1 = 0, v1 = 0;
      wind(fm, c, zref_u[0], t_h, u1, v1);
      U10[c] = static_cast<float>(0.8 * u1);
      V10[c] = static_cast<float>(0.8 * v1);
      UST[c] = static_cast<float>(l ? 0.2 + 0.25 * daylight : 0.15 + 0.02 * std::hypot(u1, v1));
      const double cz = cos_solar_zenith(t, 0.0, lat[c], lon[c]);
      SW[c] = static_cast<float>(1050.0 * std::max(0.0, cz) * (1.0 - 0.75 * cmax));
      const double rc = acc_c[c], rnc = acc_nc[c];
      if (o.bucket_mm > 0) {
        IRC[c] = static_cast<float>(std::floor(rc / o.bucket_mm));
        IRNC[c] = static_cast<float>(std::floor(rnc / o.bucket_mm));
        RAINC[c] = static_cast<float>(rc - IRC[c] * o.bucket_mm);
        RAINNC[c] = static_cast<float>(rnc - IRNC[c] * o.bucket_mm);
      } else {
        RAINC[c] = static_cast<float>(rc);
        RAINNC[c] = static_cast<float>(rnc);
      }
    }
    std::vector<float> U(static_cast<size_t>(nx + 1) * ny * nz), V(static_cast<size_t>(nx) * (ny + 1) * nz);
    for (int k = 0; k < nz; ++k) {
      for (size_t c = 0; c < static_cast<size_t>(nx + 1) * ny; ++c) {
        double ug = 0, vg = 0;
        wind(fu, c, zref_u[k], t_h, ug, vg);
        U[static_cast<size_t>(k) * (nx + 1) * ny + c] = static_cast<float>(ug);
      }
      for (size_t c = 0; c < static_cast<size_t>(nx) * (ny + 1); ++c) {
        double ug = 0, vg = 0;
        wind(fv, c, zref_u[k], t_h, ug, vg);
        V[static_cast<size_t>(k) * nx * (ny + 1) + c] = static_cast<float>(vg);
      }
    }

    // Write the file.
    const std::string path = (std::filesystem::path(o.out_dir) / file_name(o.name_pattern, t)).string();
    const std::string tmp = path + ".tmp";
    try {
      netCDF::NcFile f(tmp, netCDF::NcFile::replace, fmt);
      auto dT = f.addDim("Time");
      auto dS = f.addDim("DateStrLen", 19);
      auto dX = f.addDim("west_east", nx);
      auto dY = f.addDim("south_north", ny);
      auto dZ = f.addDim("bottom_top", nz);
      auto dZs = f.addDim("bottom_top_stag", nz + 1);
      auto dXs = f.addDim("west_east_stag", nx + 1);
      auto dYs = f.addDim("south_north_stag", ny + 1);
      const std::string sd = format_time_utc(t0, '_');
      f.putAtt("TITLE", " OUTPUT FROM LANTIAN SYNTH-MET (WRF FORMAT, ANALYTIC YANTAI METEOROLOGY)");
      f.putAtt("START_DATE", sd);
      f.putAtt("SIMULATION_START_DATE", sd);
      f.putAtt("WEST-EAST_GRID_DIMENSION", netCDF::ncInt, nx + 1);
      f.putAtt("SOUTH-NORTH_GRID_DIMENSION", netCDF::ncInt, ny + 1);
      f.putAtt("BOTTOM-TOP_GRID_DIMENSION", netCDF::ncInt, nz + 1);
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
      auto times = f.addVar("Times", netCDF::ncChar, {dT, dS});
      auto xtime = f.addVar("XTIME", netCDF::ncFloat, {dT});
      xtime.putAtt("units", "minutes since " + format_time_utc(t0, ' '));
      xtime.putAtt("description", "minutes since " + format_time_utc(t0, ' '));
      std::vector<netCDF::NcDim> m3{dT, dZ, dY, dX}, w3{dT, dZs, dY, dX}, u3{dT, dZ, dY, dXs},
          v3{dT, dZ, dYs, dX}, m2{dT, dY, dX}, u2{dT, dY, dXs}, v2{dT, dYs, dX}, z1{dT, dZ}, zw1{dT, dZs};
      struct Out {
        netCDF::NcVar v;
        const std::vector<float>* d;
      };
      std::vector<Out> outs;
      std::vector<std::vector<float>> keep;
      auto f32 = [&](const std::vector<double>& v) {
        keep.emplace_back(v.begin(), v.end());
        return &keep.back();
      };
      keep.reserve(32);
      auto add = [&](const char* n, const std::vector<netCDF::NcDim>& d, const char* desc, const char* u,
                     const char* st, const std::vector<float>* data) {
        outs.push_back({def(f, n, d, desc, u, st), data});
      };
      add("XLAT", m2, "LATITUDE, SOUTH IS NEGATIVE", "degree_north", "", f32(lat));
      add("XLONG", m2, "LONGITUDE, WEST IS NEGATIVE", "degree_east", "", f32(lon));
      add("XLAT_U", u2, "LATITUDE, SOUTH IS NEGATIVE", "degree_north", "X", f32(fu.lat));
      add("XLONG_U", u2, "LONGITUDE, WEST IS NEGATIVE", "degree_east", "X", f32(fu.lon));
      add("XLAT_V", v2, "LATITUDE, SOUTH IS NEGATIVE", "degree_north", "Y", f32(fv.lat));
      add("XLONG_V", v2, "LONGITUDE, WEST IS NEGATIVE", "degree_east", "Y", f32(fv.lon));
      add("LU_INDEX", m2, "LAND USE CATEGORY", "", "", f32(lu));
      add("ZNU", z1, "eta values on half (mass) levels", "", "", f32(eta_u));
      add("ZNW", zw1, "eta values on full (w) levels", "", "Z", f32(eta_w));
      add("U", u3, "x-wind component", "m s-1", "X", &U);
      add("V", v3, "y-wind component", "m s-1", "Y", &V);
      add("W", w3, "z-wind component", "m s-1", "Z", &W);
      add("PH", w3, "perturbation geopotential", "m2 s-2", "Z", &PH);
      add("PHB", w3, "base-state geopotential", "m2 s-2", "Z", &PHB);
      add("T", m3, "perturbation potential temperature (theta-t0)", "K", "", &T);
      add("P", m3, "perturbation pressure", "Pa", "", &P);
      add("PB", m3, "BASE STATE PRESSURE", "Pa", "", &PB);
      add("QVAPOR", m3, "Water vapor mixing ratio", "kg kg-1", "", &QV);
      add("QCLOUD", m3, "Cloud water mixing ratio", "kg kg-1", "", &QC);
      add("QICE", m3, "Ice mixing ratio", "kg kg-1", "", &QI);
      add("CLDFRA", m3, "CLOUD FRACTION", "", "", &CF);
      add("Q2", m2, "QV at 2 M", "kg kg-1", "", &Q2);
      add("T2", m2, "TEMP at 2 M", "K", "", &T2);
      add("PSFC", m2, "SFC PRESSURE", "Pa", "", &PSFC);
      add("U10", m2, "U at 10 M", "m s-1", "", &U10);
      add("V10", m2, "V at 10 M", "m s-1", "", &V10);
      add("MAPFAC_M", m2, "Map scale factor on mass grid", "", "", f32(msf));
      add("MAPFAC_U", u2, "Map scale factor on u-grid", "", "X", f32(fu.msf));
      add("MAPFAC_V", v2, "Map scale factor on v-grid", "", "Y", f32(fv.msf));
      add("HGT", m2, "Terrain Height", "m", "", f32(hgt));
      add("RAINC", m2, "ACCUMULATED TOTAL CUMULUS PRECIPITATION", "mm", "", &RAINC);
      add("RAINNC", m2, "ACCUMULATED TOTAL GRID SCALE PRECIPITATION", "mm", "", &RAINNC);
      if (o.bucket_mm > 0) {
        add("I_RAINC", m2, "BUCKET COUNT FOR RAINC", "", "", &IRC);
        add("I_RAINNC", m2, "BUCKET COUNT FOR RAINNC", "", "", &IRNC);
      }
      add("SWDOWN", m2, "DOWNWARD SHORT WAVE FLUX AT GROUND SURFACE", "W m-2", "", &SW);
      add("XLAND", m2, "LAND MASK (1 FOR LAND, 2 FOR WATER)", "", "", f32([&] {
            std::vector<double> x(n2);
            for (size_t c = 0; c < n2; ++c) x[c] = land[c] > 0.5 ? 1.0 : 2.0;
            return x;
          }()));
      add("LANDMASK", m2, "LAND MASK (1 FOR LAND, 0 FOR WATER)", "", "", f32(land));
      add("ZNT", m2, "TIME-VARYING ROUGHNESS LENGTH", "m", "", &ZNT);
      add("UST", m2, "U* IN SIMILARITY THEORY", "m s-1", "", &UST);
      add("PBLH", m2, "PBL HEIGHT", "m", "", &PBLH);
      add("HFX", m2, "UPWARD HEAT FLUX AT THE SURFACE", "W m-2", "", &HFX);
      std::vector<float> ptop{static_cast<float>(k_ptop_pa)};
      add("P_TOP", {dT}, "PRESSURE TOP OF THE MODEL", "Pa", "", &ptop);
      const std::string ts = format_time_utc(t, '_');
      times.putVar({0, 0}, {1, 19}, ts.c_str());
      const float xt = static_cast<float>((t - t0) / 60);
      xtime.putVar({0}, {1}, &xt);
      for (const auto& x : outs) {
        std::vector<size_t> start(x.v.getDimCount(), 0), count;
        for (const auto& d : x.v.getDims()) count.push_back(d.isUnlimited() ? 1 : d.getSize());
        x.v.putVar(start, count, x.d->data());
      }
    } catch (const netCDF::exceptions::NcException& e) {
      throw Error::in_file(tmp, std::string("cannot write: ") + e.what());
    }
    std::filesystem::rename(tmp, path);
    paths.push_back(path);
  }
  return paths;
}

int command_synth_met(int argc, char** argv) {
  namespace po = boost::program_options;
  SynthMetOptions o;
  po::options_description desc(
      "lantian synth-met: write synthetic WRF-format meteorology for a Yantai domain\n"
      "(Lambert conformal, sea to the north and east, sea breeze, diurnal PBL, a rain event).\n"
      "Options");
  desc.add_options()("help,h", "print this help")
      ("start", po::value(&o.start)->default_value(o.start), "first time, UTC (\"YYYY-MM-DD HH:MM:SS\")")
      ("hours", po::value(&o.hours)->default_value(o.hours), "hours after the first file (hours+1 files)")
      ("dx", po::value(&o.dx_m)->default_value(o.dx_m), "grid spacing [m]")
      ("nx", po::value(&o.nx)->default_value(o.nx), "mass points west-east")
      ("ny", po::value(&o.ny)->default_value(o.ny), "mass points south-north")
      ("nz", po::value(&o.nz)->default_value(o.nz), "layers")
      ("out,o", po::value(&o.out_dir)->default_value(o.out_dir), "output directory")
      ("name", po::value(&o.name_pattern)->default_value(o.name_pattern),
       "file name pattern (%Y %m %d %H %M %S)")
      ("truelat1", po::value(&o.truelat1)->default_value(o.truelat1), "first true latitude [degree]")
      ("truelat2", po::value(&o.truelat2)->default_value(o.truelat2), "second true latitude [degree]")
      ("stand-lon", po::value(&o.stand_lon)->default_value(o.stand_lon), "central meridian [degree]")
      ("cen-lat", po::value(&o.cen_lat)->default_value(o.cen_lat), "domain centre latitude [degree]")
      ("cen-lon", po::value(&o.cen_lon)->default_value(o.cen_lon), "domain centre longitude [degree]")
      ("rain-start", po::value(&o.rain_start_h)->default_value(o.rain_start_h), "rain starts [h after start]")
      ("rain-hours", po::value(&o.rain_hours)->default_value(o.rain_hours), "rain duration [h]")
      ("rain-rate", po::value(&o.rain_mm_h)->default_value(o.rain_mm_h), "peak rain rate [mm/h]")
      ("format", po::value(&o.format)->default_value(o.format), "netcdf4 | classic | 64bit");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(std::string("synth-met: ") + e.what() + " (see --help)");
  }
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return 0;
  }
  const auto paths = write_synthetic_wrf(o);
  std::cout << "synth-met: wrote " << paths.size() << " files to " << o.out_dir << "\n";
  return 0;
}

}  // namespace lantian::meteo
