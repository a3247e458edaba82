#pragma once
// Air-quality indices: China's AQI per HJ 633-2026 (in force 2026-03-01) and HJ 633-2012, and
// the US EPA AQI (Technical Assistance Document for the Reporting of Daily Air Quality, EPA-454/
// B-24-002, May 2024, with the 2024 PM2.5 breakpoints). Tables and rules: docs/products.md and
// ../shared/REFERENCES.md sections 1-2.
//
// China: concentrations in ug m-3 (CO mg m-3) at the reference state; HJ 633-2026 rounds them
// first (GB/T 8170: half to even; integers, CO to 0.1 mg m-3); every index is rounded UP
// (ceiling). US: concentrations in the EPA's units (O3, CO ppm; SO2, NO2 ppb; PM ug m-3),
// truncated to the EPA's decimals, the index rounded to the nearest integer.
#include <array>
#include <cstdint>
#include <string>

#include "solver/products/pollutants.hpp"
#include "solver/products/time_axis.hpp"

namespace lantian::products {

enum class AqiStandard { hj633_2012, hj633_2026, us_epa_2024 };

/// "HJ633-2026" | "HJ633-2012" | "US-EPA-2024" (case-insensitive, '-', '_' and ' ' ignored;
/// "auto" is handled by callers through china_standard_for). Throws lantian::Error.
AqiStandard parse_aqi_standard(const std::string& text);
std::string to_string(AqiStandard s);
/// HJ 633-2012 before 2026-03-01, HJ 633-2026 from that day.
AqiStandard china_standard_for(Date local_date) noexcept;
inline bool is_china(AqiStandard s) noexcept { return s != AqiStandard::us_epa_2024; }

/// The columns (averaging times) of the index tables.
enum class IndexColumn : int {
  so2_24h = 0,
  so2_1h,
  no2_24h,
  no2_1h,
  co_24h,
  co_1h,
  co_8h,
  o3_1h,
  o3_8h,
  pm10_24h,
  pm25_24h
};
inline constexpr int k_ncolumns = 11;
/// "SO2_24h", "O3_8h", "PM2.5_24h", ...
const char* column_name(IndexColumn c) noexcept;
Pollutant column_pollutant(IndexColumn c) noexcept;

/// Index value of a column that does not apply or whose input is missing.
inline constexpr int k_no_index = -1;
/// Returned for a concentration above a column's table where the standard says to use another
/// column instead (HJ 633-2012: SO2 1-h > 800 -> 24-h; O3 8-h > 800 -> 1-h; EPA: O3 8-h >
/// 0.200 ppm -> 1-h; SO2 1-h > 304 ppb -> 24-h).
inline constexpr int k_use_other_column = -2;

/// GB/T 8170 rounding of `x` to a multiple of `step` (ties to the even multiple).
double gbt8170_round(double x, double step) noexcept;
/// EPA truncation of `x` to `decimals` decimals (0: integer).
double epa_truncate(double x, int decimals) noexcept;

/// One IAQI of China (HJ 633-2012 or -2026) for a concentration in the table's units (ug m-3,
/// CO mg m-3), with the standard's rounding and special rules. NaN -> k_no_index.
int china_iaqi(AqiStandard s, IndexColumn c, double conc) noexcept;
/// One EPA sub-index for a concentration in the EPA's units (see header). NaN -> k_no_index;
/// O3 1-h below 0.125 ppm -> k_no_index (the 1-h table starts at AQI 101).
int us_iaqi(IndexColumn c, double conc) noexcept;
/// EPA units of a column's input: O3 and CO ppm, SO2 and NO2 ppb, PM ug m-3; converts from the
/// China units (ug m-3, CO mg m-3) at the reference state.
double china_units_to_epa_units(Pollutant p, double value) noexcept;

/// Inputs of a daily report, China units (ug m-3; CO mg m-3). NaN = missing.
struct DailyInputs {
  PollutantValues mean24 = missing_values();  ///< natural-day means
  PollutantValues max1h = missing_values();   ///< daily maximum 1-h values
  double o3_mda8 = k_nan;                     ///< daily maximum 8-h mean O3
  double co_max8h = k_nan;                    ///< daily maximum 8-h mean CO (EPA)
};
/// Inputs of an hourly report, China units. NaN = missing.
struct HourlyInputs {
  PollutantValues c1h = missing_values();     ///< this hour's 1-h means
  PollutantValues mean24 = missing_values();  ///< trailing 24-h means (HJ 633-2012 SO2 rule; EPA PM)
  double o3_8h = k_nan;                       ///< trailing 8-h mean O3 (EPA)
  double co_8h = k_nan;                       ///< trailing 8-h mean CO (EPA)
};

struct AqiResult {
  int aqi = k_no_index;                ///< the index, or k_no_index (NA)
  std::array<int, k_ncolumns> iaqi{};  ///< per column; k_no_index where unused
  std::uint32_t primary = 0;           ///< bit c set: column c is a primary pollutant
  bool incomplete = false;             ///< some required input was missing
  int category = 0;                    ///< 1..6, 0 = NA
};

/// Daily AQI. China 2026: 24-h SO2, NO2, CO, PM10, PM2.5 and MDA8 O3 (> 800 -> 300);
/// 2012 adds the daily maximum 1-h O3 (and MDA8 > 800 uses it instead). EPA: 24-h PM, MDA8 O3
/// (and the 1-h maximum where >= 0.125 ppm), maximum 8-h CO, maximum 1-h SO2 (> 304 ppb: 24-h)
/// and NO2. A missing pollutant: the index of the others is published only if > 100, else NA.
AqiResult daily_aqi(AqiStandard s, const DailyInputs& in);
/// Hourly AQI. China: 1-h SO2 (2026: > 800 -> 200; 2012: > 800 -> 24-h IAQI of the trailing
/// 24-h mean), NO2, CO, O3, and 1-h PM10 and PM2.5 on the 24-h columns. EPA: trailing 24-h PM,
/// trailing 8-h O3 and CO, 1-h O3 (>= 0.125 ppm), 1-h SO2 and NO2.
AqiResult hourly_aqi(AqiStandard s, const HourlyInputs& in);

/// Category 1..6 of an index (0-50, 51-100, 101-150, 151-200, 201-300, > 300); 0 for NA.
int aqi_category(int aqi) noexcept;
/// Category name (China: "优 Excellent" ...; EPA: "Good" ...).
std::string category_name(AqiStandard s, int category);
/// Official colour (r, g, b) of a category (China and EPA differ only in purple).
std::array<int, 3> category_rgb(AqiStandard s, int category) noexcept;
/// Primary pollutant columns as text, "+"-joined ("PM2.5_24h+O3_8h"), "" when none.
std::string primary_text(std::uint32_t primary);

}  // namespace lantian::products
