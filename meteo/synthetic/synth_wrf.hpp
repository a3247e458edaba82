#pragma once
// The parts of synthetic WRF-format meteorology that every episode shares: the domain (Lambert
// conformal grid, WRF eta levels, static surface fields, staggered point lattices), the fields
// of one record, the precipitation accumulation and the wrfout file writer (WRF User's Guide,
// Skamarock et al. 2019, doi:10.5065/1dfh-6p97). Internal to meteo/synthetic.
#include <netcdf>
#include <string>
#include <vector>

#include "meteo/synthetic/synth_met.hpp"
#include "solver/grid/horizontal_grid.hpp"

namespace lantian::meteo::synth {

inline constexpr double k_ptop_pa = 10000.0;                          ///< model top [Pa]
inline constexpr int k_lu_water = 16, k_lu_urban = 1, k_lu_crop = 2;  ///< USGS categories

/// Hermite step from 0 at x <= a to 1 at x >= b.
double smoothstep(double a, double b, double x);

/// Local solar hour [h] at longitude `lon` [degree] when the UTC clock shows `utc_h` [h].
double local_hour(double utc_h, double lon);

/// Terrain height [m] at a point [degree] on land (0 over water; synth_coast.cpp).
double terrain_m(double lat, double lon, bool land);

/// Whether a point [degree] lies in a town (USGS urban land use; synth_coast.cpp).
bool is_urban(double lat, double lon);

/// WRF's eta coordinate: w-levels stretched in height up to p_top, eta from the standard
/// atmosphere; the mass levels halfway, with their nominal heights [m].
struct EtaLevels {
  std::vector<double> w;       ///< ZNW, nz + 1 values from 1 to 0
  std::vector<double> u;       ///< ZNU, nz values
  std::vector<double> zref_u;  ///< nominal height of the mass levels [m]
};

/// Fields on the mass points that do not change in time.
struct StaticFields {
  std::vector<double> lat, lon;  ///< [degree]
  std::vector<double> hgt;       ///< terrain height [m]
  std::vector<double> land;      ///< LANDMASK: 1 land, 0 water
  std::vector<double> xland;     ///< XLAND: 1 land, 2 water
  std::vector<double> lu;        ///< USGS land-use category
  std::vector<double> msf;       ///< map factor [1]
};

/// Points of a (possibly staggered) ni x nj lattice: position [degree], grid rotation [rad],
/// onshore direction of the sea breeze (earth east, north; at most unit length) and map factor.
struct FacePts {
  int ni, nj;
  std::vector<double> lat, lon, rot, on_e, on_n, msf;
};

/// Where a domain sits among WRF's domains (global attributes GRID_ID, PARENT_ID,
/// I_PARENT_START, J_PARENT_START, PARENT_GRID_RATIO; the outer domain 1, 1, 1, 1, 1 as WRF
/// writes it) and its centre (CEN_LAT, CEN_LON) [degree].
struct DomainPlacement {
  int grid_id = 1, parent_id = 1, i_parent_start = 1, j_parent_start = 1, ratio = 1;
  double cen_lat = 0.0, cen_lon = 0.0;
};

/// Everything of the synthetic domain that does not change in time. The options `o` describe
/// the outer domain and the weather; `g` is this domain's grid (the outer domain's projection).
struct SynthDomain {
  const SynthMetOptions& o;
  DomainPlacement place;
  grid::HorizontalGrid g;
  int nx, ny, nz;
  size_t n2;  ///< mass points, nx * ny
  EtaLevels eta;
  StaticFields st;
  FacePts fu, fv, fm;  ///< x-faces, y-faces, mass points
};

/// The outer domain of the options.
SynthDomain make_domain(const SynthMetOptions& o);

/// The domain on grid `g` (nx x ny mass points of the outer domain's projection), with o.nz
/// layers, placed as `place` says.
SynthDomain make_domain_on(const SynthMetOptions& o, const grid::HorizontalGrid& g, const DomainPlacement& place);

/// The grid of nest `n` inside the domain on grid `parent`: the same projection, spacing
/// parent.dx / n.ratio, its south-west corner on the parent's staggered point (i_parent_start,
/// j_parent_start) (1-based). Throws lantian::Error when the nest is not inside the parent
/// (synth_nest.cpp).
grid::HorizontalGrid nest_grid(const grid::HorizontalGrid& parent, const SynthNest& n, int grid_id);

/// The outer domain, then each nest of o.nests (whose parents come before it) (synth_nest.cpp).
std::vector<SynthDomain> make_domains(const SynthMetOptions& o);

/// The file name pattern of domain `grid_id` (> 1): `pattern` with its "d01" replaced by d02,
/// d03, ...; throws lantian::Error when `pattern` has no "d01" (synth_nest.cpp).
std::string nest_name_pattern(const std::string& pattern, int grid_id);

/// Grid-relative (ug, vg) [m s-1] of an earth-relative wind (east, north) [m s-1] at point `c`
/// of `f`.
void to_grid_relative(const FacePts& f, size_t c, double east, double north, double& ug, double& vg);

/// Precipitation rate [mm h-1] at time t_h [h after the start] and a point [degree].
using PrecipRate = double (*)(const SynthMetOptions& o, double t_h, double lat, double lon);

/// Accumulated precipitation [mm] on the mass points, convective (RAINC) and grid-scale
/// (RAINNC), up to time t_h [h after the start].
struct RainAccumulation {
  std::vector<double> conv, grid;
  double t_h = 0.0;
};

/// Accumulates `rate` from acc.t_h to `t_h` in 5-minute steps (midpoint rule), the fraction
/// `conv_frac` [1] as convective and `grid_frac` [1] as grid-scale precipitation.
void accumulate_precip(const SynthDomain& d, double t_h, PrecipRate rate, double conv_frac, double grid_frac,
                       RainAccumulation& acc);

/// The time-varying fields of one record, named and stored (float) as WRF writes them.
struct RecordFields {
  std::vector<float> P, PB, T, QV, QC, QI, CF, PH, PHB, W;  ///< 3-D on mass or w-levels
  std::vector<float> PSFC, T2, Q2, U10, V10, PBLH, HFX, UST, ZNT, SW, RAINC, RAINNC, IRC, IRNC;
  std::vector<float> U, V;  ///< on x-faces, y-faces

  RecordFields(int nx, int ny, int nz);
};

/// The state of one mass level of a column.
struct MassLevel {
  double p_pa, pb_pa;  ///< pressure and WRF's base-state pressure [Pa]
  double t_k;          ///< temperature [K]
  double qv_kg_kg;     ///< water-vapour mixing ratio [kg kg-1]
  double cloud;        ///< cloud fraction [1]
};

/// Stores mass level k of column `c` (P, PB, T, QVAPOR, CLDFRA; cloud water above 263 K, ice
/// below) and steps the geopotential `phi` [m2 s-2] to the next w-level with WRF's discrete
/// hydrostatic relation d(phi) = alpha dp, alpha = Rd Tv / p at the mass level, so rho g dz
/// equals the layer's pressure drop (surface pressure `ps` [Pa]); PHB holds the base state
/// phib0 + 98 % of the rise, PH the rest.
void put_mass_level(const SynthDomain& d, size_t c, int k, double ps, const MassLevel& m, double phib0, double& phi,
                    RecordFields& r);

/// RAINC and RAINNC at mass point `c`; with buckets (bucket_mm > 0) modulo the bucket size,
/// with the counts in I_RAINC and I_RAINNC, as WRF writes them.
void rain_fields(const SynthDomain& d, size_t c, const RainAccumulation& acc, RecordFields& r);

/// The file name of the record at `t`: `pattern` with %Y %m %d %H %M %S replaced.
std::string file_name(const std::string& pattern, const UtcTime& t);

/// The netCDF flavour of `--format` (netcdf4 | classic | 64bit).
netCDF::NcFile::FileFormat file_format(const std::string& format);

/// Writes the record at `t` as one wrfout file `path` (to path.tmp, renamed when complete).
void write_record_file(const std::string& path, netCDF::NcFile::FileFormat fmt, const SynthDomain& d, const UtcTime& t,
                       const RecordFields& r);

}  // namespace lantian::meteo::synth
