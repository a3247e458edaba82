#pragma once
// Scenario comparison: a base run against one or more scenario runs of the same grid and
// period, per zone and local day: daily mean PM2.5 and MDA8 O3 and their changes, the daily
// AQI and its category, over-standard days (AQI > 100) avoided or added, category shifts.
#include <string>
#include <vector>

#include "solver/products/compliance.hpp"

namespace lantian::products {

struct CompareRow {
  std::string scenario, zone;
  std::int64_t day = 0;
  double pm25_base = k_nan, pm25_scen = k_nan;  ///< daily mean PM2.5 [ug m-3]
  double mda8_base = k_nan, mda8_scen = k_nan;  ///< MDA8 O3 [ug m-3]
  int aqi_base = -1, aqi_scen = -1;             ///< daily AQI (-1 NA)
  int cat_base = 0, cat_scen = 0;               ///< category 1..6 (0 NA)
};

struct CompareSummary {
  std::string scenario, zone;
  int n_days = 0;                        ///< days with both PM2.5 means valid
  double mean_dpm25 = k_nan;             ///< mean over days of scen - base daily PM2.5 [ug m-3]
  double mean_dmda8 = k_nan;             ///< mean over days of scen - base MDA8 [ug m-3]
  int exceed_base = 0, exceed_scen = 0;  ///< days with AQI > 100
  int avoided = 0;                       ///< base > 100, scenario <= 100
  int added = 0;                         ///< base <= 100, scenario > 100
  int improved = 0, worsened = 0;        ///< days whose category fell / rose
};

struct Comparison {
  std::vector<CompareRow> rows;
  std::vector<CompareSummary> summary;
};

/// Compares zone series of a base and a scenario run (zones aligned; same times).
void compare_zone_days(const std::string& scenario, const std::vector<std::string>& zones,
                       const std::vector<SeriesSet>& base, const std::vector<SeriesSet>& scen, const DailyRules& rules,
                       AqiStandard standard, bool auto_china, Comparison& out);

/// CSV with one row per scenario, zone and day (header line first; a non-empty `mark` of
/// partial inputs as a '#' line before it).
void write_comparison_csv(const std::string& path, const Comparison& c, double utc_offset_h,
                          const std::string& mark = {});
/// A printable summary table (one line per scenario and zone).
std::string format_summary(const Comparison& c);

}  // namespace lantian::products
