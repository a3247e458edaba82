// The shared parts of synthetic WRF-format meteorology: domain, record fields, precipitation
// accumulation, wrfout writer.
#include "meteo/synthetic/synth_wrf.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <filesystem>

#include "solver/core/constants.hpp"
#include "solver/core/error.hpp"

namespace lantian::meteo::synth {

namespace {

/// Standard-atmosphere pressure at height z [m] (US Standard Atmosphere 1976, two layers).
double p_std(double z) {
  if (z < 11000.0) return 101325.0 * std::pow(1.0 - 2.25577e-5 * z, 5.25588);
  return 22632.0 * std::exp(-(z - 11000.0) / 6341.62);
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

/// The eta levels of `nz` layers.
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

/// The static fields of the grid's mass points: position, terrain, land, land use, map factor.
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
      const bool city = is_urban(ll.lat_deg, ll.lon_deg);
      s.lu[c] = !l ? k_lu_water : (city ? k_lu_urban : k_lu_crop);
      s.msf[c] = g.proj.map_factor(ll.lat_deg);
    }
  return s;
}

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

/// WRF's global attributes: dates, grid dimensions, the domain's place among the nests,
/// projection (CEN_LAT/CEN_LON the domain's centre, MOAD_CEN_LAT the outer domain's), land-use
/// table, rain buckets (and the episode when it is not the summer default).
void put_global_attributes(netCDF::NcFile& f, const SynthDomain& d) {
  const SynthMetOptions& o = d.o;
  const std::string sd = o.start.iso('_');
  f.putAtt("TITLE", " OUTPUT FROM LANTIAN SYNTH-MET (WRF FORMAT, ANALYTIC YANTAI METEOROLOGY)");
  f.putAtt("START_DATE", sd);
  f.putAtt("SIMULATION_START_DATE", sd);
  f.putAtt("WEST-EAST_GRID_DIMENSION", netCDF::ncInt, d.nx + 1);
  f.putAtt("SOUTH-NORTH_GRID_DIMENSION", netCDF::ncInt, d.ny + 1);
  f.putAtt("BOTTOM-TOP_GRID_DIMENSION", netCDF::ncInt, d.nz + 1);
  f.putAtt("DX", netCDF::ncFloat, static_cast<float>(d.g.dx));
  f.putAtt("DY", netCDF::ncFloat, static_cast<float>(d.g.dy));
  f.putAtt("GRIDTYPE", "C");
  f.putAtt("GRID_ID", netCDF::ncInt, d.place.grid_id);
  f.putAtt("PARENT_ID", netCDF::ncInt, d.place.parent_id);
  f.putAtt("I_PARENT_START", netCDF::ncInt, d.place.i_parent_start);
  f.putAtt("J_PARENT_START", netCDF::ncInt, d.place.j_parent_start);
  f.putAtt("PARENT_GRID_RATIO", netCDF::ncInt, d.place.ratio);
  f.putAtt("CEN_LAT", netCDF::ncFloat, static_cast<float>(d.place.cen_lat));
  f.putAtt("CEN_LON", netCDF::ncFloat, static_cast<float>(d.place.cen_lon));
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
  // The episode, for files other than the summer default (whose files stay as they are).
  if (o.episode != k_episode_summer) f.putAtt("LANTIAN_SYNTH_EPISODE", o.episode);
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

}  // namespace

double smoothstep(double a, double b, double x) {
  const double t = std::clamp((x - a) / (b - a), 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

double local_hour(double utc_h, double lon) {
  double h = std::fmod(utc_h + lon / 15.0, 24.0);
  return h < 0 ? h + 24 : h;
}

SynthDomain make_domain(const SynthMetOptions& o) {
  DomainPlacement place;
  place.cen_lat = o.cen_lat;
  place.cen_lon = o.cen_lon;
  return make_domain_on(o, synth_grid(o), place);
}

SynthDomain make_domain_on(const SynthMetOptions& o, const grid::HorizontalGrid& g, const DomainPlacement& place) {
  const int nx = g.nx, ny = g.ny, nz = o.nz;
  SynthDomain d{o,
                place,
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

void to_grid_relative(const FacePts& f, size_t c, double east, double north, double& ug, double& vg) {
  const double a = f.rot[c];
  ug = east * std::cos(a) + north * std::sin(a);
  vg = -east * std::sin(a) + north * std::cos(a);
}

void accumulate_precip(const SynthDomain& d, double t_h, PrecipRate rate, double conv_frac, double grid_frac,
                       RainAccumulation& acc) {
  for (; acc.t_h < t_h - 1e-9; acc.t_h += 1.0 / 12.0)
    for (size_t c = 0; c < d.n2; ++c) {
      const double r = rate(d.o, acc.t_h + 1.0 / 24.0, d.st.lat[c], d.st.lon[c]) / 12.0;
      acc.conv[c] += conv_frac * r;
      acc.grid[c] += grid_frac * r;
    }
}

RecordFields::RecordFields(int nx, int ny, int nz) {
  const size_t n2 = static_cast<size_t>(nx) * ny;
  for (auto* v : {&P, &PB, &T, &QV, &QC, &QI, &CF}) v->resize(n2 * nz);
  for (auto* v : {&PH, &PHB, &W}) v->assign(n2 * (nz + 1), 0.0f);
  for (auto* v : {&PSFC, &T2, &Q2, &U10, &V10, &PBLH, &HFX, &UST, &ZNT, &SW, &RAINC, &RAINNC, &IRC, &IRNC})
    v->resize(n2);
  U.resize(static_cast<size_t>(nx + 1) * ny * nz);
  V.resize(static_cast<size_t>(nx) * (ny + 1) * nz);
}

void put_mass_level(const SynthDomain& d, size_t c, int k, double ps, const MassLevel& m, double phib0, double& phi,
                    RecordFields& r) {
  const size_t n2 = d.n2;
  const size_t n = static_cast<size_t>(k) * n2 + c;
  const double p = m.p_pa, tk = m.t_k, qv = m.qv_kg_kg, cf = m.cloud;
  r.P[n] = static_cast<float>(p - m.pb_pa);
  r.PB[n] = static_cast<float>(m.pb_pa);
  r.T[n] = static_cast<float>(tk * std::pow(1e5 / p, 2.0 / 7.0) - 300.0);
  r.QV[n] = static_cast<float>(qv);
  r.CF[n] = static_cast<float>(cf);
  r.QC[n] = static_cast<float>(tk > 263.0 ? 3e-4 * cf : 0.0);
  r.QI[n] = static_cast<float>(tk <= 263.0 ? 1e-4 * cf : 0.0);
  const double pw0 = k_ptop_pa + d.eta.w[k] * (ps - k_ptop_pa);
  const double pw1 = k_ptop_pa + d.eta.w[k + 1] * (ps - k_ptop_pa);
  phi += constants::k_rd_j_kg_k * tk * (1.0 + 0.608 * qv) / p * (pw0 - pw1);
  const size_t nw = static_cast<size_t>(k + 1) * n2 + c;
  r.PHB[nw] = static_cast<float>(phib0 + 0.98 * (phi - phib0));
  r.PH[nw] = static_cast<float>(phi - r.PHB[nw]);
}

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

netCDF::NcFile::FileFormat file_format(const std::string& format) {
  if (format == "classic") return netCDF::NcFile::classic;
  if (format == "64bit") return netCDF::NcFile::classic64;
  if (format != "netcdf4") throw Error("synth-met: --format must be netcdf4, classic or 64bit");
  return netCDF::NcFile::nc4;
}

void write_record_file(const std::string& path, netCDF::NcFile::FileFormat fmt, const SynthDomain& d, const UtcTime& t,
                       const RecordFields& r) {
  const SynthMetOptions& o = d.o;
  const std::string tmp = path + ".tmp";
  try {
    netCDF::NcFile f(tmp, netCDF::NcFile::replace, fmt);
    const WrfDims dm = add_dims(f, d.nx, d.ny, d.nz);
    put_global_attributes(f, d);
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

}  // namespace lantian::meteo::synth
