#pragma once
// The summary printed at the end of a run: per local day and per zone (and the whole domain),
// the mean and the maximum of surface ozone [ppb] and PM2.5 [ug m-3] over the zone's cells and
// the day's hourly outputs. Values are gathered to rank 0 in global order, so the summary is
// the same on any decomposition.
#include <array>
#include <map>
#include <string>
#include <vector>

#include "emissions/scenarios/zones.hpp"
#include "meteo/met_fields.hpp"
#include "solver/core/utc_time.hpp"
#include "solver/grid/horizontal_grid.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/process/restart_field.hpp"
#include "solver/state/chem_state.hpp"

namespace lantian::timeloop {

class RunSummary {
 public:
  /// `o3`: species index of ozone (-1: none); `pm25`: aerosol species summed into PM2.5.
  /// `start`: the case start (UTC); days are local days of UTC + utc_offset_h.
  RunSummary(const grid::HorizontalGrid& g, const parallel::Decomposition& d, const std::vector<emis::Zone>& zones,
             const UtcTime& start, double utc_offset_h, int o3, std::vector<int> pm25);
  /// Adds one output time (collective).
  void add(const state::ChemState& st, const meteo::MetFields& met);
  /// The table (rank 0; empty elsewhere or when there is nothing to report).
  std::string report() const;
  /// The statistics so far, for checkpoints, so that a restarted run reports whole days
  /// (a RunArray: rank 0 saves, every rank restores; other ranks hold nothing).
  process::RunArray restart_array();

 private:
  struct Stat {
    double sum = 0.0, max = -1e300;
    long n = 0;
  };
  const parallel::Decomposition& d_;
  std::vector<std::string> zone_names_;     ///< "domain" first
  std::vector<std::vector<char>> in_zone_;  ///< [zone][global cell]
  UtcTime start_;
  double start_hour_utc_, utc_offset_h_;
  int o3_;
  std::vector<int> pm25_;
  std::map<long, std::vector<std::array<Stat, 2>>> days_;  ///< local day -> zone -> {O3, PM2.5}
};

}  // namespace lantian::timeloop
