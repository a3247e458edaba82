#include "solver/products/aqi.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <vector>

#include "solver/core/error.hpp"

namespace lantian::products {

namespace {

// ---- China: breakpoints at IAQI 0, 50, 100, 150, 200, 300, 400, 500 (HJ 633 Table 1). ----
constexpr double k_iaqi_levels[8] = {0, 50, 100, 150, 200, 300, 400, 500};

struct ChinaColumn {
  int n;         // number of breakpoints used (8, or fewer where the table stops)
  double bp[8];  // concentration breakpoints [ug m-3; CO mg m-3]
};

// HJ 633-2026 columns; HJ 633-2012 differs only at IAQI 100 of PM10 (150) and PM2.5 (75).
ChinaColumn china_column(AqiStandard s, IndexColumn c) noexcept {
  const bool y2012 = s == AqiStandard::hj633_2012;
  switch (c) {
    case IndexColumn::so2_24h: return {8, {0, 50, 150, 475, 800, 1600, 2100, 2620}};
    case IndexColumn::so2_1h: return {5, {0, 150, 500, 650, 800, 0, 0, 0}};
    case IndexColumn::no2_24h: return {8, {0, 40, 80, 180, 280, 565, 750, 940}};
    case IndexColumn::no2_1h: return {8, {0, 100, 200, 700, 1200, 2340, 3090, 3840}};
    case IndexColumn::co_24h: return {8, {0, 2, 4, 14, 24, 36, 48, 60}};
    case IndexColumn::co_1h: return {8, {0, 5, 10, 35, 60, 90, 120, 150}};
    case IndexColumn::o3_1h: return {8, {0, 160, 200, 300, 400, 800, 1000, 1200}};
    case IndexColumn::o3_8h: return {6, {0, 100, 160, 215, 265, 800, 0, 0}};
    case IndexColumn::pm10_24h: return {8, {0, 50, y2012 ? 150.0 : 120.0, 250, 350, 420, 500, 600}};
    case IndexColumn::pm25_24h: return {8, {0, 35, y2012 ? 75.0 : 60.0, 115, 150, 250, 350, 500}};
    case IndexColumn::co_8h: break;  // not a China column
  }
  return {0, {}};
}

// ---- EPA segments: [c_lo, c_hi] -> [i_lo, i_hi], and the truncation decimals. ----
struct EpaSegment {
  double c_lo, c_hi, i_lo, i_hi;
};
struct EpaColumn {
  int decimals;
  std::vector<EpaSegment> seg;
  double use_other_above;  // above this: k_use_other_column (NaN: extrapolate the last segment)
};

const EpaColumn& epa_column(IndexColumn c) {
  static const EpaColumn pm25{1,
                              {{0, 9.0, 0, 50},
                               {9.1, 35.4, 51, 100},
                               {35.5, 55.4, 101, 150},
                               {55.5, 125.4, 151, 200},
                               {125.5, 225.4, 201, 300},
                               {225.5, 325.4, 301, 500}},
                              k_nan};
  static const EpaColumn pm10{0,
                              {{0, 54, 0, 50},
                               {55, 154, 51, 100},
                               {155, 254, 101, 150},
                               {255, 354, 151, 200},
                               {355, 424, 201, 300},
                               {425, 604, 301, 500}},
                              k_nan};
  static const EpaColumn o3_8h{3,
                               {{0, 0.054, 0, 50},
                                {0.055, 0.070, 51, 100},
                                {0.071, 0.085, 101, 150},
                                {0.086, 0.105, 151, 200},
                                {0.106, 0.200, 201, 300}},
                               0.200};
  static const EpaColumn o3_1h{
      3,
      {{0.125, 0.164, 101, 150}, {0.165, 0.204, 151, 200}, {0.205, 0.404, 201, 300}, {0.405, 0.604, 301, 500}},
      k_nan};
  static const EpaColumn co_8h{1,
                               {{0, 4.4, 0, 50},
                                {4.5, 9.4, 51, 100},
                                {9.5, 12.4, 101, 150},
                                {12.5, 15.4, 151, 200},
                                {15.5, 30.4, 201, 300},
                                {30.5, 50.4, 301, 500}},
                               k_nan};
  static const EpaColumn so2_1h{0, {{0, 35, 0, 50}, {36, 75, 51, 100}, {76, 185, 101, 150}, {186, 304, 151, 200}}, 304};
  static const EpaColumn so2_24h{0, {{305, 604, 201, 300}, {605, 1004, 301, 500}}, k_nan};
  static const EpaColumn no2_1h{0,
                                {{0, 53, 0, 50},
                                 {54, 100, 51, 100},
                                 {101, 360, 101, 150},
                                 {361, 649, 151, 200},
                                 {650, 1249, 201, 300},
                                 {1250, 2049, 301, 500}},
                                k_nan};
  static const EpaColumn none{0, {}, k_nan};
  switch (c) {
    case IndexColumn::pm25_24h: return pm25;
    case IndexColumn::pm10_24h: return pm10;
    case IndexColumn::o3_8h: return o3_8h;
    case IndexColumn::o3_1h: return o3_1h;
    case IndexColumn::co_8h: return co_8h;
    case IndexColumn::so2_1h: return so2_1h;
    case IndexColumn::so2_24h: return so2_24h;
    case IndexColumn::no2_1h: return no2_1h;
    default: return none;
  }
}

// Ceiling that ignores floating-point noise below 1e-9 (an exact 50.0 stays 50).
int ceil_index(double v) noexcept { return static_cast<int>(std::ceil(v - 1e-9)); }

}  // namespace

AqiStandard parse_aqi_standard(const std::string& text) {
  std::string u;
  for (char c : text)
    if (c != '-' && c != '_' && c != ' ') u.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (u == "HJ6332026" || u == "CN2026" || u == "CHINA2026") return AqiStandard::hj633_2026;
  if (u == "HJ6332012" || u == "CN2012" || u == "CHINA2012") return AqiStandard::hj633_2012;
  if (u == "USEPA2024" || u == "USEPA" || u == "US" || u == "EPA") return AqiStandard::us_epa_2024;
  throw Error("AQI standard '" + text + "' is not one of HJ633-2026, HJ633-2012, US-EPA-2024 (or auto)");
}

std::string to_string(AqiStandard s) {
  switch (s) {
    case AqiStandard::hj633_2012: return "HJ633-2012";
    case AqiStandard::hj633_2026: return "HJ633-2026";
    case AqiStandard::us_epa_2024: return "US-EPA-2024";
  }
  return "?";
}

AqiStandard china_standard_for(Date d) noexcept {
  return days_from_civil(d) < days_from_civil({2026, 3, 1}) ? AqiStandard::hj633_2012 : AqiStandard::hj633_2026;
}

const char* column_name(IndexColumn c) noexcept {
  static const char* names[k_ncolumns] = {"SO2_24h", "SO2_1h", "NO2_24h", "NO2_1h",   "CO_24h",   "CO_1h",
                                          "CO_8h",   "O3_1h",  "O3_8h",   "PM10_24h", "PM2.5_24h"};
  return names[static_cast<int>(c)];
}

Pollutant column_pollutant(IndexColumn c) noexcept {
  switch (c) {
    case IndexColumn::so2_24h:
    case IndexColumn::so2_1h: return Pollutant::so2;
    case IndexColumn::no2_24h:
    case IndexColumn::no2_1h: return Pollutant::no2;
    case IndexColumn::co_24h:
    case IndexColumn::co_1h:
    case IndexColumn::co_8h: return Pollutant::co;
    case IndexColumn::o3_1h:
    case IndexColumn::o3_8h: return Pollutant::o3;
    case IndexColumn::pm10_24h: return Pollutant::pm10;
    case IndexColumn::pm25_24h: return Pollutant::pm25;
  }
  return Pollutant::pm25;
}

double gbt8170_round(double x, double step) noexcept {
  const double q = x / step;
  const double fl = std::floor(q);
  const double frac = q - fl;
  double r;
  if (std::fabs(frac - 0.5) < 1e-9) {
    r = std::fmod(fl, 2.0) == 0.0 ? fl : fl + 1.0;  // a tie goes to the even multiple
  } else {
    r = frac < 0.5 ? fl : fl + 1.0;
  }
  return r * step;
}

double epa_truncate(double x, int decimals) noexcept {
  const double scale = std::pow(10.0, decimals);
  // 1e-7 absorbs representation and unit-conversion noise (35.4 ppb must not become 35.3).
  return std::floor(x * scale + 1e-7) / scale;
}

int china_iaqi(AqiStandard s, IndexColumn c, double conc) noexcept {
  if (std::isnan(conc) || !is_china(s)) return k_no_index;
  const ChinaColumn col = china_column(s, c);
  if (col.n == 0) return k_no_index;
  double x = std::max(0.0, conc);
  if (s == AqiStandard::hj633_2026)
    x = gbt8170_round(x, c == IndexColumn::co_24h || c == IndexColumn::co_1h ? 0.1 : 1.0);
  const double top = col.bp[col.n - 1];
  if (x > top) {
    if (c == IndexColumn::so2_1h) return s == AqiStandard::hj633_2026 ? 200 : k_use_other_column;
    if (c == IndexColumn::o3_8h) return s == AqiStandard::hj633_2026 ? 300 : k_use_other_column;
    return 500;  // beyond the table: the index is reported as 500
  }
  for (int k = 0; k + 1 < col.n; ++k) {
    if (x <= col.bp[k + 1]) {
      const double v =
          (k_iaqi_levels[k + 1] - k_iaqi_levels[k]) / (col.bp[k + 1] - col.bp[k]) * (x - col.bp[k]) + k_iaqi_levels[k];
      return ceil_index(v);
    }
  }
  return 500;
}

int us_iaqi(IndexColumn c, double conc) noexcept {
  if (std::isnan(conc)) return k_no_index;
  const EpaColumn& col = epa_column(c);
  if (col.seg.empty()) return k_no_index;
  const double x = epa_truncate(std::max(0.0, conc), col.decimals);
  if (!std::isnan(col.use_other_above) && x > col.use_other_above + 1e-12) return k_use_other_column;
  if (x < col.seg.front().c_lo - 1e-12) {
    if (c == IndexColumn::so2_24h) return 200;  // 1-h SO2 > 304 ppb with a 24-h mean below 305 ppb
    return k_no_index;                          // O3 1-h below 0.125 ppm: no 1-h index
  }
  const EpaSegment* s = &col.seg.back();
  for (const auto& seg : col.seg)
    if (x <= seg.c_hi + 1e-12) {
      s = &seg;
      break;
    }
  const double xc = std::max(x, s->c_lo);  // inside a gap between truncated ranges
  const double v = (s->i_hi - s->i_lo) / (s->c_hi - s->c_lo) * (xc - s->c_lo) + s->i_lo;
  return static_cast<int>(std::floor(v + 0.5));  // nearest integer (beyond 500: extrapolated)
}

double china_units_to_epa_units(Pollutant p, double value) noexcept {
  if (!is_gas(p)) return value;
  const double ppb = china_units_to_ppb(p, value);
  return (p == Pollutant::o3 || p == Pollutant::co) ? ppb / 1000.0 : ppb;
}

namespace {

struct Builder {
  AqiResult r;
  Builder() { r.iaqi.fill(k_no_index); }
  void set(IndexColumn c, int v) { r.iaqi[static_cast<size_t>(c)] = v; }
  void required(IndexColumn c, double conc, int v) {
    if (std::isnan(conc)) r.incomplete = true;
    set(c, v < 0 ? k_no_index : v);
  }
  AqiResult finish(bool china) {
    int m = k_no_index;
    for (int v : r.iaqi) m = std::max(m, v);
    r.aqi = m;
    if (r.incomplete && m <= 100) r.aqi = k_no_index;  // HJ 633: publish only if > 100
    r.primary = 0;
    if (r.aqi >= 0 && (!china || r.aqi > 50))
      for (int c = 0; c < k_ncolumns; ++c)
        if (r.iaqi[static_cast<size_t>(c)] == r.aqi) r.primary |= 1u << c;
    r.category = aqi_category(r.aqi);
    return r;
  }
};

double epa(Pollutant p, double v) { return china_units_to_epa_units(p, v); }

}  // namespace

AqiResult daily_aqi(AqiStandard s, const DailyInputs& in) {
  Builder b;
  using C = IndexColumn;
  using P = Pollutant;
  if (is_china(s)) {
    const auto m = [&](P p) { return in.mean24[static_cast<size_t>(idx(p))]; };
    b.required(C::so2_24h, m(P::so2), china_iaqi(s, C::so2_24h, m(P::so2)));
    b.required(C::no2_24h, m(P::no2), china_iaqi(s, C::no2_24h, m(P::no2)));
    b.required(C::co_24h, m(P::co), china_iaqi(s, C::co_24h, m(P::co)));
    b.required(C::pm10_24h, m(P::pm10), china_iaqi(s, C::pm10_24h, m(P::pm10)));
    b.required(C::pm25_24h, m(P::pm25), china_iaqi(s, C::pm25_24h, m(P::pm25)));
    const int o8 = china_iaqi(s, C::o3_8h, in.o3_mda8);
    b.required(C::o3_8h, in.o3_mda8, o8);  // 2012, > 800: k_use_other -> dropped, 1-h O3 below
    if (s == AqiStandard::hj633_2012) {
      const double o1 = in.max1h[static_cast<size_t>(idx(P::o3))];
      b.required(C::o3_1h, o1, china_iaqi(s, C::o3_1h, o1));
    }
    return b.finish(true);
  }
  const auto m = [&](P p) { return epa(p, in.mean24[static_cast<size_t>(idx(p))]); };
  const auto x1 = [&](P p) { return epa(p, in.max1h[static_cast<size_t>(idx(p))]); };
  b.required(C::pm25_24h, m(P::pm25), us_iaqi(C::pm25_24h, m(P::pm25)));
  b.required(C::pm10_24h, m(P::pm10), us_iaqi(C::pm10_24h, m(P::pm10)));
  const double o8 = epa(P::o3, in.o3_mda8);
  b.required(C::o3_8h, o8, us_iaqi(C::o3_8h, o8));
  b.set(C::o3_1h, us_iaqi(C::o3_1h, x1(P::o3)) < 0 ? k_no_index : us_iaqi(C::o3_1h, x1(P::o3)));
  const double co8 = epa(P::co, in.co_max8h);
  b.required(C::co_8h, co8, us_iaqi(C::co_8h, co8));
  int so2 = us_iaqi(C::so2_1h, x1(P::so2));
  if (so2 == k_use_other_column) {
    b.required(C::so2_24h, m(P::so2), us_iaqi(C::so2_24h, m(P::so2)));
  } else {
    b.required(C::so2_1h, x1(P::so2), so2);
  }
  b.required(C::no2_1h, x1(P::no2), us_iaqi(C::no2_1h, x1(P::no2)));
  return b.finish(false);
}

AqiResult hourly_aqi(AqiStandard s, const HourlyInputs& in) {
  Builder b;
  using C = IndexColumn;
  using P = Pollutant;
  const auto c1 = [&](P p) { return in.c1h[static_cast<size_t>(idx(p))]; };
  if (is_china(s)) {
    const int so2 = china_iaqi(s, C::so2_1h, c1(P::so2));
    if (so2 == k_use_other_column) {  // HJ 633-2012: use the 24-h SO2 index
      const double m = in.mean24[static_cast<size_t>(idx(P::so2))];
      b.required(C::so2_24h, m, china_iaqi(s, C::so2_24h, m));
    } else {
      b.required(C::so2_1h, c1(P::so2), so2);
    }
    b.required(C::no2_1h, c1(P::no2), china_iaqi(s, C::no2_1h, c1(P::no2)));
    b.required(C::co_1h, c1(P::co), china_iaqi(s, C::co_1h, c1(P::co)));
    b.required(C::o3_1h, c1(P::o3), china_iaqi(s, C::o3_1h, c1(P::o3)));
    b.required(C::pm10_24h, c1(P::pm10), china_iaqi(s, C::pm10_24h, c1(P::pm10)));
    b.required(C::pm25_24h, c1(P::pm25), china_iaqi(s, C::pm25_24h, c1(P::pm25)));
    return b.finish(true);
  }
  const auto m = [&](P p) { return epa(p, in.mean24[static_cast<size_t>(idx(p))]); };
  b.required(C::pm25_24h, m(P::pm25), us_iaqi(C::pm25_24h, m(P::pm25)));
  b.required(C::pm10_24h, m(P::pm10), us_iaqi(C::pm10_24h, m(P::pm10)));
  const double o8 = epa(P::o3, in.o3_8h);
  b.required(C::o3_8h, o8, us_iaqi(C::o3_8h, o8));
  const int o1 = us_iaqi(C::o3_1h, epa(P::o3, c1(P::o3)));
  b.set(C::o3_1h, o1 < 0 ? k_no_index : o1);
  const double co8 = epa(P::co, in.co_8h);
  b.required(C::co_8h, co8, us_iaqi(C::co_8h, co8));
  const double so2c = epa(P::so2, c1(P::so2));
  const int so2 = us_iaqi(C::so2_1h, so2c);
  if (so2 == k_use_other_column) {
    b.required(C::so2_24h, m(P::so2), us_iaqi(C::so2_24h, m(P::so2)));
  } else {
    b.required(C::so2_1h, so2c, so2);
  }
  const double no2c = epa(P::no2, c1(P::no2));
  b.required(C::no2_1h, no2c, us_iaqi(C::no2_1h, no2c));
  return b.finish(false);
}

int aqi_category(int aqi) noexcept {
  if (aqi < 0) return 0;
  if (aqi <= 50) return 1;
  if (aqi <= 100) return 2;
  if (aqi <= 150) return 3;
  if (aqi <= 200) return 4;
  if (aqi <= 300) return 5;
  return 6;
}

std::string category_name(AqiStandard s, int category) {
  static const char* cn[] = {"NA",
                             "优 Excellent",
                             "良 Good",
                             "轻度污染 Lightly polluted",
                             "中度污染 Moderately polluted",
                             "重度污染 Heavily polluted",
                             "严重污染 Severely polluted"};
  static const char* us[] = {"NA",        "Good",           "Moderate", "Unhealthy for Sensitive Groups",
                             "Unhealthy", "Very Unhealthy", "Hazardous"};
  if (category < 0 || category > 6) return "NA";
  return is_china(s) ? cn[category] : us[category];
}

std::array<int, 3> category_rgb(AqiStandard s, int category) noexcept {
  switch (category) {
    case 1: return {0, 228, 0};
    case 2: return {255, 255, 0};
    case 3: return {255, 126, 0};
    case 4: return {255, 0, 0};
    case 5: return is_china(s) ? std::array<int, 3>{153, 0, 76} : std::array<int, 3>{143, 63, 151};
    case 6: return {126, 0, 35};
    default: return {200, 200, 200};
  }
}

std::string primary_text(std::uint32_t primary) {
  std::string t;
  for (int c = 0; c < k_ncolumns; ++c)
    if (primary & (1u << c)) {
      if (!t.empty()) t += '+';
      t += column_name(static_cast<IndexColumn>(c));
    }
  return t;
}

}  // namespace lantian::products
