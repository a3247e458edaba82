#pragma once
// Station data assimilation into a checkpoint: surface observations of PM2.5, O3 (and the other
// criteria pollutants) at one hour analysed by optimal interpolation (optimal_interpolation.hpp)
// in the lowest layer, the increments carried up the column with a vertical decay, PM2.5
// increments spread over its components in proportion to the background (composition kept),
// every mixing ratio kept non-negative. Method, parameters and their sources:
// docs/assimilation.md.
#include <optional>
#include <string>
#include <vector>

#include "solver/assimilation/checkpoint_data.hpp"
#include "solver/assimilation/optimal_interpolation.hpp"
#include "solver/products/observations.hpp"

namespace lantian::assimilation {

/// Errors of one pollutant, in its analysis units (particles ug m-3 at the model's density;
/// gases ppb).
struct SpeciesErrors {
  ErrorModel background;   ///< sigma_b = max(relative x_b, absolute)
  ErrorModel observation;  ///< sigma_o = sqrt(absolute^2 + (relative y)^2)
};

/// The default errors of a pollutant (docs/assimilation.md, "Parameters").
SpeciesErrors default_errors(products::Pollutant p) noexcept;

struct Options {
  std::vector<products::Pollutant> species{products::Pollutant::pm25, products::Pollutant::o3};
  std::optional<UtcTime> time;  ///< observation hour (default: the checkpoint's time)
  Correlation correlation = Correlation::gaussian;
  double length_scale_m = 30000.0;  ///< horizontal correlation length L [m]
  double vertical_scale_m = 500.0;  ///< increments decay as exp(-(z_k - z_0)/Hz) [m]; 0: lowest layer only
  /// Errors per pollutant; a pollutant not listed takes default_errors().
  std::vector<std::pair<products::Pollutant, SpeciesErrors>> errors;
  /// Background check: an observation whose innovation exceeds this many
  /// sqrt(sigma_b^2 + sigma_o^2) is rejected (reported); 0: no check.
  double max_innovation_sigmas = 5.0;
  SpeciesErrors errors_of(products::Pollutant p) const noexcept;
};

/// One station of one pollutant in the analysis (analysis units).
struct StationResult {
  std::string id;
  double lon = 0.0, lat = 0.0;  ///< [deg]
  int i = 0, j = 0;             ///< the cell holding the station (H)
  double observed = 0.0, background = 0.0, analysis = 0.0;
  double sigma_o = 0.0, sigma_b = 0.0;
  bool rejected = false;  ///< failed the background check (not assimilated)
};

struct SpeciesReport {
  products::Pollutant pollutant = products::Pollutant::pm25;
  std::string units;                                  ///< analysis units ("ug m-3", "ppb")
  std::vector<std::string> model_species;             ///< checkpoint species it is made of
  std::vector<StationResult> stations;                ///< stations with a value at the hour, inside the grid
  int missing = 0;                                    ///< stations inside the grid without a value at the hour
  double rmse_background = 0.0, rmse_analysis = 0.0;  ///< over the assimilated stations
  double bias_background = 0.0, bias_analysis = 0.0;  ///< mean (model - observed)
  double max_increment = 0.0, min_increment = 0.0;    ///< surface increment range [analysis units]
};

struct Report {
  UtcTime time;
  std::string obs_path, checkpoint_path, density_source;
  std::vector<std::string> outside;  ///< "id (lon, lat)" of stations outside the grid (skipped)
  std::vector<SpeciesReport> species;
  std::vector<std::string> changed;  ///< checkpoint species the analysis changed
  std::string parameters;            ///< the options as text (written into the analysis)
  /// A few lines: per pollutant the stations used, O-B and O-A statistics.
  std::string summary() const;
  /// One CSV line per station and pollutant (with a header).
  std::string csv() const;
};

struct Analysis {
  CheckpointData state;
  Report report;
};

/// The analysis of `background` with the observations of `obs` at `opt.time` (default: the
/// checkpoint's time). Throws lantian::Error naming the file and the problem when the file has
/// no column of a pollutant asked for, no record at the hour, or no value of a pollutant at the
/// hour inside the grid; or when the checkpoint lacks a pollutant's species. Stations outside
/// the grid are skipped with a warning that lists them. Deterministic (fixed summation order).
Analysis analyse(const CheckpointData& background, const products::ObsTable& obs, const Options& opt);

/// Writes the analysis as a checkpoint (write_checkpoint_data) with attributes that record the
/// method and parameters, the hour, the observation and background files, the air density's
/// source and the summary.
void write_analysis(const Analysis& a, const std::string& out_path);

/// The model species of a pollutant in a checkpoint: PM25 the fine aerosol species present,
/// PM10 those and ACORS, a gas the species of its name. Empty when absent.
std::vector<int> model_species_of(const CheckpointData& c, products::Pollutant p);

}  // namespace lantian::assimilation
