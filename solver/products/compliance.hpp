#pragma once
// Compliance statistics of hourly series per GB 3095-2026 / GB 3095-2012 and HJ 663: natural-day
// means with validity rules, the daily maximum 8-h ozone (MDA8), trailing means for hourly
// reports, exceedance days, annual means and the evaluation percentiles with the standard's
// percentile formula. Limits and rules: docs/products.md, ../shared/REFERENCES.md section 3.
//
// An hourly series is contiguous: value k is the hour stamped t0 + k [h UTC], NaN = missing;
// a stamp belongs to the local natural day floor((t + offset)/24) (Beijing: offset +8 h), as
// the monitoring network labels its hours 0..23 within the day.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "solver/products/aqi.hpp"

namespace lantian::products {

/// Hourly series of one zone or station: six contiguous series of n values.
struct SeriesSet {
  std::size_t n = 0;
  double t0_utc_h = 0.0;
  std::array<std::vector<double>, k_npollutants> c;  ///< empty = absent
  std::array<const double*, k_npollutants> pointers() const noexcept;
};
/// Validity and window rules (HJ 663 / GB 3095 defaults).
struct DailyRules {
  double utc_offset_h = 8.0;  ///< local time = UTC + offset (China: +8)
  int min_hours_daily = 20;   ///< valid 1-h values for a daily mean or daily maximum
  int min_hours_8h = 6;       ///< valid 1-h values for an 8-h mean
  int min_windows_mda8 = 14;  ///< valid 8-h means for an MDA8
  /// true: the 17 windows inside the natural day (hours 0-7 ... 16-23, HJ 663-2013; GB 3095-2026
  /// "within the natural day"); false: the 24 windows starting in the day (EPA style).
  bool mda8_within_day = true;
};

/// A whole local day's statistics of the six pollutants, China units (ug m-3; CO mg m-3).
struct DailyRecord {
  std::int64_t day = 0;                      ///< local natural day, days since 1970-01-01
  DailyInputs in;                            ///< means, 1-h maxima, MDA8 (NaN when invalid)
  std::array<int, k_npollutants> n_hours{};  ///< valid hourly values of each pollutant
  AqiResult aqi;                             ///< filled by daily_aqi_records
};

/// Local days spanned by a series: first and last day (inclusive).
void day_range(double t0_utc_h, std::size_t n, double offset_h, std::int64_t& first, std::int64_t& last) noexcept;

/// Local days that hold at least rules.min_hours_daily hours of the series' span (a contiguous
/// series: only its first and last days can hold fewer). The other days of day_range can never
/// have a valid daily value: the daily products leave them out rather than report them as NA.
std::vector<std::int64_t> covered_days(double t0_utc_h, std::size_t n, const DailyRules& rules);

/// Natural-day means (NaN where fewer than rules.min_hours_daily valid hours). One value per day
/// of day_range; `n_valid` (optional) receives the valid-hour counts.
std::vector<double> daily_means(const double* v, std::size_t n, double t0_utc_h, const DailyRules& rules,
                                std::vector<int>* n_valid = nullptr);
/// Natural-day maxima of the 1-h values (same validity as the means).
std::vector<double> daily_max_1h(const double* v, std::size_t n, double t0_utc_h, const DailyRules& rules);
/// Daily maximum 8-h means (MDA8) under `rules`.
std::vector<double> daily_max_8h(const double* v, std::size_t n, double t0_utc_h, const DailyRules& rules);
/// Trailing means over `window` hours ending at each hour (NaN with fewer than min_valid).
std::vector<double> trailing_means(const double* v, std::size_t n, int window, int min_valid);

/// The six series (China units, NaN missing; null pointer = pollutant absent) to daily records,
/// each with its daily AQI under `standard` (a China standard may be chosen per day: pass
/// `auto_china` to use HJ 633-2012 before 2026-03-01 and -2026 after). One record per day of
/// covered_days: a day the series covers for fewer than min_hours_daily hours (the last hour
/// of a run reaching into a new day, the 16 h of a run starting 00 UTC at UTC+8) is left out.
std::vector<DailyRecord> daily_records(const std::array<const double*, k_npollutants>& series, std::size_t n,
                                       double t0_utc_h, const DailyRules& rules, AqiStandard standard,
                                       bool auto_china = false);

/// Hourly AQI of each hour of the six series (trailing 24-h and 8-h means computed inside).
std::vector<AqiResult> hourly_records(const std::array<const double*, k_npollutants>& series, std::size_t n,
                                      double t0_utc_h, const DailyRules& rules, AqiStandard standard,
                                      bool auto_china = false);

/// Percentile of the valid (non-NaN) values by the standard's formula: sort X(1..n),
/// k = 1 + (n-1) p, s = floor(k), X(s) + (X(s+1) - X(s)) (k - s). p in [0, 1]. NaN if empty.
double standard_percentile(std::vector<double> values, double p);

/// Ambient limits (Grade II) [ug m-3; CO mg m-3]; NaN where the standard sets none.
struct Limits {
  std::string name;                           ///< "GB3095-2026 transitional" ...
  PollutantValues daily = missing_values();   ///< 24-h limits; O3: MDA8 limit
  PollutantValues annual = missing_values();  ///< annual limits
  PollutantValues hourly = missing_values();  ///< 1-h limits
};
/// GB 3095-2012 before 2026-03-01; GB 3095-2026 transitional limits to 2030-12-31; final from 2031.
Limits limits_for(Date d);
/// By name: "GB3095-2012", "GB3095-2026-transitional", "GB3095-2026-final" (or "auto" -> throws).
Limits limits_by_name(const std::string& name);
/// Evaluation percentile of each pollutant: 0.98 SO2/NO2, 0.95 PM10/PM2.5/CO, 0.90 O3 (MDA8).
double evaluation_percentile(Pollutant p) noexcept;
/// Whether a daily value exceeds a limit: value rounded as HJ 633-2026 (integer; CO 0.1) > limit.
bool exceeds(Pollutant p, double value, double limit) noexcept;

/// Annual (or period) mean of daily values with the HJ 663 validity rule: >= 324 valid days,
/// >= 27 in each month (February >= 25). `valid` tells whether the rule holds; `reason` says why not.
struct PeriodMean {
  double mean = k_nan;
  int n_days = 0;
  bool valid = false;
  std::string reason;
};
PeriodMean annual_mean(const std::vector<std::int64_t>& days, const std::vector<double>& values);

/// Per-pollutant compliance summary of daily records.
struct PollutantSummary {
  int n_days = 0;             ///< days with a valid daily value (MDA8 for O3)
  double mean = k_nan;        ///< period mean of the daily values
  double percentile = k_nan;  ///< evaluation percentile (see evaluation_percentile)
  int exceed_days = 0;        ///< days above the daily limit
};
struct ComplianceSummary {
  std::array<PollutantSummary, k_npollutants> pollutant{};
  int n_days = 0;                      ///< days in the records
  int aqi_days = 0;                    ///< days with a valid AQI
  int exceed_days_any = 0;             ///< days on which any pollutant exceeded its daily limit
  int aqi_over_100_days = 0;           ///< days with AQI > 100 (over-standard days of the AQI report)
  std::array<int, 7> category_days{};  ///< days per category (0 = NA)
};
/// Limits are chosen per day by limits_for unless `fixed` is given.
ComplianceSummary summarize(const std::vector<DailyRecord>& days, const Limits* fixed = nullptr);

}  // namespace lantian::products
