#pragma once
// AQI and daily statistics over a model grid: every cell, and every zone (zone value = mean
// of the zone's cell concentrations hour by hour, then the index, as a city's AQI is computed
// from the mean of its stations). Cells are independent: OpenMP over cells with a static
// schedule, so results are bitwise identical at any thread count.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "solver/products/compliance.hpp"
#include "solver/products/model_output.hpp"
#include "solver/products/zone_mask.hpp"

namespace lantian::products {

/// Hourly surface concentrations of the six pollutants, China units, time-major
/// (value of cell c at record k: c + ncells*k). An absent pollutant has an empty vector.
struct PollutantFields {
  std::size_t nt = 0, ncells = 0;
  double t0_utc_h = 0.0;
  std::array<std::vector<double>, k_npollutants> c;
  const double* at(Pollutant p) const noexcept {
    const auto& v = c[static_cast<std::size_t>(idx(p))];
    return v.empty() ? nullptr : v.data();
  }
};
/// Reads the pollutants present in an output (hourly records required); warns for absent ones.
PollutantFields read_pollutants(const ModelOutput& m);

/// Zone-mean series (NaN where no cell of the zone has a value), zones 1..n in order.
std::vector<SeriesSet> zone_series(const PollutantFields& f, const ZoneMask& zones);

/// Daily products of every cell, day-major (cell c of day d: c + ncells*d).
struct GridDaily {
  std::vector<std::int64_t> days;
  std::size_t ncells = 0;
  std::vector<double> aqi, category, primary_bits;        ///< NaN where NA
  std::array<std::vector<double>, k_npollutants> mean24;  ///< daily means (NaN invalid)
  std::vector<double> o3_mda8;
};
GridDaily grid_daily(const PollutantFields& f, const DailyRules& rules, AqiStandard s, bool auto_china);

/// Hourly AQI of every cell, time-major; NaN where NA.
struct GridHourly {
  std::vector<double> aqi, category;
};
GridHourly grid_hourly(const PollutantFields& f, const DailyRules& rules, AqiStandard s, bool auto_china);

}  // namespace lantian::products
