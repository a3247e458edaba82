#pragma once
// One daily forecast cycle (`lantian forecast CYCLE.toml --date YYYY-MM-DD`): warm start from
// the previous cycle's checkpoint (or a cold start with a spin-up run), the base forecast, the
// products (AQI, warnings, source attribution), the response scenario run when a warning level
// with emission cuts is issued, its comparison with the base, and the bulletin; a status file
// says what ran and what failed. Every model run of the cycle shares the one mpirun.
// docs/forecast.md describes the cycle file and the directory it writes.
#include <optional>
#include <string>
#include <vector>

#include <mpi.h>

#include "solver/core/utc_time.hpp"

namespace lantian::forecast {

/// The cycle file (TOML), paths resolved against its directory.
struct CycleConfig {
  std::string path;                    ///< the cycle file
  std::string case_file;               ///< the model case (`case`)
  std::vector<std::string> met_files;  ///< WRF forecast files, glob patterns (`meteo_files`); empty: the case's
  double utc_offset_h = 8.0;           ///< local time = UTC + this [h]
  int start_hour_local = 0;            ///< the cycle starts at this local hour of --date [h]
  int forecast_hours = 72;             ///< length of the forecast [h], >= 24
  int spin_up_hours = 24;              ///< cold start: a run of this length ending at the cycle start [h]
  std::string output_dir;              ///< cycles go to <output_dir>/YYYYMMDD
  std::string warning_rules;           ///< warning rule table (TOML); empty: no warnings
  std::string zones;                   ///< districts (GeoJSON) for the products and the bulletin
  bool response_scenario = true;       ///< run the warning's response scenario when a level cuts emissions
  /// The response run's scenario files (`response_scenarios`: e.g. the region-wide emergency
  /// cuts of joint prevention); empty: the warning's own per-district scenario.
  std::vector<std::string> response_files;
  std::string bulletin_script;  ///< scripts/make_bulletin.py (empty: no bulletin)
  std::string python = "/usr/bin/python3";
  std::vector<std::string> overrides;  ///< case keys for every run of the cycle (`[case_overrides]`)
  /// Station observations (LanTian's CSV): assimilated at the cycle start and compared with
  /// the previous cycle's forecast; empty: neither.
  std::string observations;
  double observations_utc_offset_h = 0.0;  ///< hours to subtract from the CSV's times to get UTC
  bool assimilate = true;                  ///< analyse the initial state with the observations
  std::vector<std::string> assimilation_species{"PM25", "O3"};
};

/// Reads and checks a cycle file; errors name the file, the key and the line.
CycleConfig read_cycle(const std::string& path);

/// The cycle's start (UTC) for a local date: date + start_hour_local - utc_offset_h.
UtcTime cycle_start(const CycleConfig& c, const UtcTime& local_date);

/// Runs one cycle on every rank of `comm`; `extra` are --set overrides for every run.
/// Returns 0 when the base forecast and its products were written (a failed scenario run is
/// recorded in the status file and the bulletin, not an error), non-zero otherwise.
int run_cycle(const CycleConfig& c, const UtcTime& local_date, const std::vector<std::string>& extra, MPI_Comm comm);

/// `lantian forecast CYCLE.toml --date YYYY-MM-DD [--set KEY=VALUE ...]` (under mpirun).
int command_forecast(int argc, char** argv, MPI_Comm comm);

}  // namespace lantian::forecast
