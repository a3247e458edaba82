#pragma once
// Case-file keys of the WRF meteorology (`meteo.*`, except `meteo.source`, which the driver
// declares) and the factory that builds a WrfMetProvider from a case.
#include <memory>
#include <string>
#include <vector>

#include "meteo/met_provider.hpp"
#include "meteo/wrf/wrf_series.hpp"
#include "solver/config/case_config.hpp"
#include "solver/config/schema.hpp"
#include "solver/core/utc_time.hpp"
#include "solver/grid/horizontal_grid.hpp"
#include "solver/parallel/decomposition.hpp"

namespace lantian::meteo {

/// Declares meteo.files, meteo.btrim, meteo.layer_interfaces, meteo.kz_min_m2_s,
/// meteo.kz_min_urban_m2_s, meteo.kz_max_m2_s, meteo.use_exch_h.
void declare_meteo_keys(config::Schema& schema);

/// The WRF files of the case: meteo.files expanded (globs, paths relative to the case file).
std::vector<std::string> wrf_files(const config::CaseConfig& cfg);

/// The WRF files of the case (wrf_files) opened as one series: Times, dimensions and global
/// attributes of every file read and checked (WrfSeries). A run opens them once and builds the
/// grid, the layers and the provider from this one series (opening a series reads every file's
/// header: about 10 ms per netCDF-4 file).
std::unique_ptr<WrfSeries> open_wrf_series(const config::CaseConfig& cfg);

/// The model grid of a WRF case (the window after meteo.btrim), from the first file.
grid::HorizontalGrid wrf_model_grid(const WrfSeries& series, const config::CaseConfig& cfg);

/// Model layers of a WRF case: their number and nominal interface heights above ground [m]
/// (window mean at the first record), nz+1 values starting at 0.
std::vector<double> wrf_layer_interfaces_m(const WrfSeries& series, const config::CaseConfig& cfg);

/// A WrfMetProvider for the case on this rank's block, reading `series` (open_wrf_series);
/// `start`: the case start (time 0).
std::unique_ptr<MetProvider> make_wrf_provider(std::unique_ptr<WrfSeries> series, const config::CaseConfig& cfg,
                                               const parallel::Decomposition& decomp, const UtcTime& start);

/// The same, each opening the case's files itself (tools and tests that need one of them).
grid::HorizontalGrid wrf_model_grid(const config::CaseConfig& cfg);
std::vector<double> wrf_layer_interfaces_m(const config::CaseConfig& cfg);
std::unique_ptr<MetProvider> make_wrf_provider(const config::CaseConfig& cfg, const parallel::Decomposition& decomp,
                                               const UtcTime& start);

}  // namespace lantian::meteo
