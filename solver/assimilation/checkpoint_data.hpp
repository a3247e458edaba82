#pragma once
// A LanTian checkpoint as one process reads it whole (solver/output/checkpoint.hpp writes it):
// the species' mixing ratios on the global grid, the model time, and the grid rebuilt from the
// case identity attributes (case_projection, case_projection_parameters, case_grid,
// case_layer_interfaces_m, case_species). With the surface air density needed to convert
// aerosol mixing ratios [ug kg-1] to concentrations [ug m-3]. Written back (the analysis) as a
// copy of the input with the changed species replaced: every other variable and attribute
// (process state, identity) is kept bit for bit, so the analysis restarts a run as the input does.
#include <string>
#include <utility>
#include <vector>

#include "solver/core/utc_time.hpp"
#include "solver/grid/horizontal_grid.hpp"

namespace lantian::assimilation {

struct CheckpointSpecies {
  std::string name;
  bool gas = true;            ///< gas [mol mol-1]; false: aerosol [ug kg-1 of dry air]
  std::vector<double> value;  ///< nz x ny x nx, x fastest (the file's (z, y, x) order)
};

struct CheckpointData {
  std::string path;
  grid::HorizontalGrid grid;
  std::vector<double> z_interfaces_m;  ///< layer interfaces [m above ground], nz + 1, from 0
  int nx = 0, ny = 0, nz = 0;
  UtcTime start;        ///< case start (attribute start_time)
  double time_s = 0.0;  ///< model time [s since start]
  std::vector<CheckpointSpecies> species;
  /// Dry-air density of the lowest layer [kg m-3], ny x nx (x fastest); see density_source.
  std::vector<double> surface_air_density_kg_m3;
  std::string density_source;  ///< where the density comes from (reported and written)

  UtcTime time() const { return start.plus_seconds(time_s); }
  /// Index of a species in `species`, -1 if absent.
  int find(const std::string& name) const noexcept;
  size_t at(int i, int j, int k) const noexcept {
    return static_cast<size_t>(i) + static_cast<size_t>(nx) * (static_cast<size_t>(j) + static_cast<size_t>(ny) * k);
  }
  /// Mid-height of layer k [m above ground].
  double z_mid_m(int k) const {
    return 0.5 * (z_interfaces_m[static_cast<size_t>(k)] + z_interfaces_m[static_cast<size_t>(k) + 1]);
  }
};

/// Dry-air density [kg m-3] of the US Standard Atmosphere 1976 at `z_m` [m above sea level]:
/// p / (R_d T) with T = 288.15 K - 6.5 K km-1 z, p = 101325 Pa (T / 288.15 K)^5.2559.
double standard_air_density_kg_m3(double z_m) noexcept;

/// Reads a checkpoint whole. The surface air density comes from the output written next to the
/// checkpoint (attribute output_snapshot) where it holds the checkpoint's hour: per cell, the
/// sum of the aerosol species written there [ug m-3] over the same species' mixing ratios in
/// the checkpoint [ug kg-1] (the model's own met density, to float precision); elsewhere
/// (no snapshot, no aerosol in it, a cell with no aerosol) the standard atmosphere at the
/// lowest layer's mid-height above sea level. Throws lantian::Error naming the file and the
/// attribute or variable when it is not a LanTian checkpoint or a value is not finite.
CheckpointData read_checkpoint_data(const std::string& path);

/// Writes `analysis` to `out_path`: a copy of the checkpoint `analysis.path` with the species
/// named in `changed` replaced by analysis's values and the global attributes `attributes`
/// added, written as `<out_path>.tmp` and renamed when complete (removed on failure). The
/// attribute output_snapshot is rewritten relative to the new directory.
void write_checkpoint_data(const CheckpointData& analysis, const std::vector<std::string>& changed,
                           const std::string& out_path,
                           const std::vector<std::pair<std::string, std::string>>& attributes);

}  // namespace lantian::assimilation
