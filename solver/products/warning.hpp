#pragma once
// Heavy-pollution warnings: the warning level of a zone from a forecast's rolling 24-h AQI
// (the index of any continuous 24-h mean) and hourly AQI, and how long they stay above
// thresholds, following rule tables in configs/warnings/*.toml (national grading of the
// 2017/2018 guidance; Shandong's variant). Each level carries its emergency emission cut,
// written as a control scenario (TOML `[[rule]]` tables) for a rerun with the response.
#include <string>
#include <vector>

#include "solver/products/compliance.hpp"

namespace lantian::products {

/// One condition: the longest span of consecutive hours during which `metric` stays above
/// (or at least at) `threshold` lasts at least `min_hours`. For "aqi_24h" a run of R rolling
/// values spans R + 23 hours (the union of its 24-h windows); for "aqi_1h" it spans R hours.
struct WarningCondition {
  std::string metric = "aqi_24h";  ///< "aqi_24h" | "aqi_1h"
  double threshold = 200.0;
  bool inclusive = false;  ///< true: >= threshold ("at_least"); false: > ("above")
  double min_hours = 24.0;
  std::string describe() const;
};

struct WarningLevel {
  std::string name;                                 ///< "blue", "yellow", "orange", "red"
  int rank = 0;                                     ///< 1 = lowest
  double emission_cut = 0.0;                        ///< fraction of SO2, NOx, PM, VOC emissions cut (0.1 = 10 %)
  std::vector<std::vector<WarningCondition>> when;  ///< any alternative whose conditions all hold
};

struct WarningRules {
  std::string path, name, description;
  AqiStandard standard = AqiStandard::hj633_2026;
  bool auto_standard = false;  ///< "auto": HJ 633-2012 before 2026-03-01
  bool include_o3 = true;      ///< O3 (max 8-h mean in the window) in the rolling AQI
  double min_forecast_hours = 72.0;
  std::vector<std::string> cut_species;  ///< species names in the scenario rules
  std::string sectors = "all";
  std::vector<WarningLevel> levels;  ///< sorted by rank
};
/// Reads a rule table; throws lantian::Error naming the file and key.
WarningRules load_warning_rules(const std::string& path);

/// The standard of the index at hour `utc_h`: `standard`, or with `auto_china` the China
/// standard in force on the local day of that hour (HJ 633-2012 before 2026-03-01).
AqiStandard standard_at(double utc_h, const DailyRules& rules, AqiStandard standard, bool auto_china);

/// Rolling 24-h AQI ending at each hour (NaN where too few hours) of six zone series (China
/// units). The 24 h are clipped to the series, hours before its start counting as missing, so
/// that each value follows the validity rules alone: 24-h means with >= min_hours_daily valid
/// hours; the O3 term is the maximum of the 8-h means ending inside the 24 h (each with >=
/// min_hours_8h hours, at least min_windows_mda8 of them valid), and under HJ 633-2012 also the
/// 1-h maximum of the window. When some pollutant is absent, the index of the others is used.
/// The standard of each value is that of its last hour (`standard_at`): the 24 h ending at the
/// last hour of a local day are that day's natural day, whose report follows that day's standard.
std::vector<double> rolling_24h_aqi(const SeriesSet& s, const DailyRules& rules, AqiStandard standard, bool include_o3,
                                    bool auto_china = false);
/// Hourly AQI of each hour (NaN where NA); the standard of each hour as in `standard_at`.
std::vector<double> hourly_aqi_series(const SeriesSet& s, const DailyRules& rules, AqiStandard standard,
                                      bool auto_china = false);

/// Longest run: first and last index (inclusive) of the longest run of consecutive values
/// meeting the condition, and its span in hours. span_h = 0 when there is none.
struct Run {
  long first = -1, last = -1;
  double span_h = 0.0;
};
Run longest_run(const std::vector<double>& v, const WarningCondition& c) noexcept;

struct WarningResult {
  int level = -1;  ///< index in rules.levels, -1 = no warning
  std::string level_name = "none";
  int rank = 0;
  double start_utc_h = k_nan, end_utc_h = k_nan;  ///< warning period [start, end)
  double max_aqi_24h = k_nan, max_aqi_1h = k_nan;
  std::string reason;  ///< the conditions that held, in words
};
/// The highest level whose conditions hold. `t0_utc_h` is the time of value 0 of both series.
WarningResult evaluate_warning(const WarningRules& rules, double t0_utc_h, const std::vector<double>& aqi_24h,
                               const std::vector<double>& aqi_1h);

/// A zone's warning: its rolling 24-h and hourly AQI series and the result. Honours
/// rules.include_o3 (O3 left out of both indices) and rules.auto_standard (each value under the
/// standard of its hour's local day, see `standard_at`).
struct SeriesWarning {
  WarningResult result;
  std::vector<double> aqi_24h, aqi_1h;
  std::vector<AqiStandard> standard_by_hour;       ///< the standard of each value
  AqiStandard standard = AqiStandard::hj633_2026;  ///< the standard of the first value
  std::string standard_text;                       ///< the standards in order, "+"-joined ("HJ633-2012+HJ633-2026")
};
SeriesWarning warn_series(const WarningRules& rules, const SeriesSet& s, const DailyRules& daily_rules);

/// Writes a control scenario (TOML, the `[[rule]]` format of emissions/scenarios/scenario.hpp)
/// with one rule per warned zone whose level has a cut: name, zone (+ zones_file; no zone when
/// `zones_file` is empty: the whole domain), sectors, species, factor = 1 - cut, start and end =
/// the local dates (UTC + `utc_offset_h`) covered by the warning period (the reader's windows
/// are whole local days, inclusive); the exact UTC period is written as a comment.
/// `zones` and `results` align. A non-empty `mark` (partial inputs) is written as a comment line.
void write_warning_scenario(const std::string& path, const WarningRules& rules, const std::vector<std::string>& zones,
                            const std::vector<WarningResult>& results, const std::string& run_label,
                            const std::string& zones_file = {}, double utc_offset_h = 8.0,
                            const std::string& mark = {});

}  // namespace lantian::products
