#pragma once
// The products as whole runs: read the model output or observations, compute, and write every
// file of one product family (AQI and compliance tables and map, warnings and their scenarios,
// scenario comparison, evaluation). The `lantian aqi|warn|compare|evaluate` commands
// (solver/commands/command_products.cpp) fill these settings from the command line.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "solver/products/compliance.hpp"
#include "solver/products/observations.hpp"

namespace lantian::products {

/// Settings every product run shares.
struct RunCommon {
  DailyRules rules;                  ///< local day, valid hours, MDA8 windows
  std::string out_dir = "products";  ///< directory for the products
  std::string zones;                 ///< GeoJSON zones; empty: the whole domain
  bool allow_partial = false;        ///< read unfinished model output (products marked partial)
  bool quiet = false;                ///< no summary on standard output
  std::string command;               ///< "aqi", "warn", ...: named in messages as "lantian <command>"
};

/// Station observations: LanTian's CSV or a PRSA file.
struct ObsSource {
  std::string path;
  std::string format = "lantian";      ///< lantian | prsa
  std::optional<double> utc_offset_h;  ///< hours to subtract to get UTC (default lantian 0, prsa 8)
  double station_lon = 116.397;        ///< PRSA station [deg]
  double station_lat = 39.982;         ///< [deg]
};
/// Reads the observations; throws lantian::Error on an unknown format or bad file.
ObsTable read_observations(const ObsSource& obs);

/// AQI standard: `auto_china` chooses HJ 633-2012 / -2026 by local date.
struct StandardChoice {
  AqiStandard standard = AqiStandard::hj633_2026;
  bool auto_china = true;
};
/// "auto" or a standard's name (throws on anything else).
StandardChoice standard_choice(const std::string& text);

struct AqiRun {
  RunCommon common;
  std::string input;  ///< model output, or empty for observations
  ObsSource obs;      ///< used when obs.path is set
  StandardChoice standard;
  std::optional<Limits> limits;  ///< fixed limit set; none: by date
  bool grid = true;              ///< also the per-cell NetCDF
};
/// aqi_<zones|stations>_daily.csv, _hourly.csv, compliance_<..>.csv and aqi_grid.nc.
void run_aqi(const AqiRun& run);

struct WarnRun {
  RunCommon common;
  std::string input;         ///< forecast output
  std::string rules_path;    ///< warning rule table (TOML)
  bool allow_short = false;  ///< accept a forecast shorter than the rules' min_forecast_hours
};
/// warning_zones.csv, warning_rolling_aqi.csv, scenario_warning.toml (and one per level with an
/// emission cut), warning_map.nc; a summary on standard output unless quiet.
void run_warn(const WarnRun& run);

struct CompareRun {
  RunCommon common;
  std::string base;
  std::vector<std::pair<std::string, std::string>> scenarios;  ///< name, path
  StandardChoice standard;
};
/// compare_<name>.nc per scenario and compare_zones.csv; a summary unless quiet.
void run_compare(const CompareRun& run);

struct EvaluateRun {
  RunCommon common;
  std::string input;
  ObsSource obs;
};
/// eval_pairs.csv and eval_stats.csv; the statistics unless quiet.
void run_evaluate(const EvaluateRun& run);

}  // namespace lantian::products
