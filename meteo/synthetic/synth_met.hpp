#pragma once
// Synthetic WRF-format meteorology for a Yantai domain (Shandong peninsula, Bohai/Yellow Sea):
// files with wrfout's variable names, attributes and staggering (WRF User's Guide, Skamarock
// et al. 2019, doi:10.5065/1dfh-6p97), so the WRF reader reads them unchanged. Physically
// consistent but analytic: hydrostatic column (US Standard Atmosphere lapse rate, 1976) over
// gentle terrain, a synoptic westerly plus a daytime sea breeze, a diurnal boundary layer, a
// rain event with clouds (the summer default); or the winter heavy-pollution episode of
// synth_episode.hpp. For demos and tests, not for forecasts. Nests as WRF writes them (GRID_ID,
// PARENT_ID, I/J_PARENT_START, PARENT_GRID_RATIO; synth_nest.cpp): every field is a function of
// geographic position and time, so a nest sees its parent's weather, only finer.
#include <string>
#include <vector>

#include "meteo/synthetic/synth_episode.hpp"
#include "solver/core/utc_time.hpp"

namespace lantian::meteo {

/// A nest, as WRF's namelist places it: inside domain `parent_id` (1 = the outer domain), its
/// south-west corner on the parent's staggered point (i_parent_start, j_parent_start) (1-based,
/// WRF's convention), `ratio` times finer, nx x ny mass points (multiples of `ratio`: WRF's
/// e_we = n * parent_grid_ratio + 1), so that it starts and ends on parent grid points.
struct SynthNest {
  int parent_id = 1;
  int i_parent_start = 1, j_parent_start = 1;
  int ratio = 3;
  int nx = 0, ny = 0;
};

/// Parses "PARENT_ID:I_PARENT_START:J_PARENT_START:RATIO:NX:NY" (the --nest option); throws
/// lantian::Error naming the text otherwise.
SynthNest parse_synth_nest(const std::string& text);

struct SynthMetOptions {
  UtcTime start{std::chrono::sys_days{std::chrono::year{2026} / 7 / 15}};  ///< first record (UTC)
  int hours = 24;                 ///< records after the first (one file per hour)
  double dx_m = 6000.0;           ///< grid spacing [m]
  int nx = 60, ny = 50, nz = 20;  ///< mass points and layers
  std::string out_dir = ".";
  /// File name: strftime-like %Y %m %d %H %M %S (WRF's default below).
  std::string name_pattern = "wrfout_d01_%Y-%m-%d_%H:%M:%S";
  double truelat1 = 30.0, truelat2 = 60.0, stand_lon = 120.5;
  double cen_lat = 37.4, cen_lon = 120.9;  ///< domain centre [degree]
  double rain_start_h = 14.0;              ///< rain from this many hours after `start`
  double rain_hours = 3.0;                 ///< for this long [h]
  double rain_mm_h = 4.0;                  ///< peak rate [mm h-1]
  std::string format = "netcdf4";          ///< netcdf4 | classic | 64bit
  /// WRF's rain buckets: > 0 writes RAINC/RAINNC modulo this [mm] with the bucket counts
  /// I_RAINC/I_RAINNC and the global attribute BUCKET_MM; <= 0: plain accumulations.
  double bucket_mm = -1.0;
  /// The weather of the records: "summer" (the summer day described here, the default) or
  /// "winter_stagnation" (the winter episode of synth_episode.hpp; the rain_* options unused).
  std::string episode = k_episode_summer;
  WinterEpisodeOptions winter;  ///< the winter episode's parameters
  /// Nests of the outer domain (whose grid the options above describe, with cen_lat/cen_lon its
  /// centre and the projection's reference): domain d02 is nests[0], d03 nests[1], ... Each
  /// nest's files are named by `name_pattern` with its "d01" replaced by d02, d03, ...
  std::vector<SynthNest> nests;
};

/// Writes hours+1 files per domain (the outer one, then each nest); returns their paths, domain
/// by domain, in time order. Throws lantian::Error on bad
/// options or when a file cannot be written.
std::vector<std::string> write_synthetic_wrf(const SynthMetOptions& opt);

/// Land (true) or sea of the analytic coastline at a point [degree]. Near Yantai (the box of
/// synth_coast.cpp, 118.3-123.5 E, 35.5-39.1 N): the north coast of the Shandong peninsula near
/// 37.45-37.8 N and the Yellow Sea to the east and south-east. Elsewhere a coarse coastline of
/// the Bohai rim, the Yellow Sea and the Korean west coast.
bool synth_is_land(double lat_deg, double lon_deg) noexcept;

}  // namespace lantian::meteo
