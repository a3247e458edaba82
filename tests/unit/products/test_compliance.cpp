// Tests of solver/products/compliance.cpp: natural-day means with the 20-hour rule, MDA8 with
// day boundaries and missing hours (both window rules), trailing means, the standard's
// percentile formula, limits by date, exceedance with GB/T 8170 rounding, annual validity.
// Expected values are worked by hand in the comments.
#include <catch2/catch.hpp>

#include <cmath>

#include "solver/products/compliance.hpp"

using namespace lantian::products;

namespace {
// 2026-01-01T16:00Z = 2026-01-02 00:00 Beijing time.
double t0_bj_midnight() { return parse_time_utc_h("2026-01-01T16:00:00Z"); }
std::vector<double> ramp(std::size_t n) {
  std::vector<double> v(n);
  for (std::size_t k = 0; k < n; ++k) v[k] = static_cast<double>(k);
  return v;
}
}  // namespace

TEST_CASE("Local natural days at UTC+8", "[compliance]") {
  const double t0 = t0_bj_midnight();
  CHECK(to_string(civil_from_days(local_day(t0, 8.0))) == "2026-01-02");
  CHECK(to_string(civil_from_days(local_day(t0 - 1.0, 8.0))) == "2026-01-01");  // 23:00 BJT
  CHECK(local_hour(t0 + 5.0, 8.0) == Approx(5.0));
  std::int64_t d0, d1;
  day_range(t0, 48, 8.0, d0, d1);
  CHECK(d1 - d0 == 1);
  CHECK(iso_utc(t0) == "2026-01-01T16:00:00Z");
  double to_h = 0;
  CHECK(parse_cf_time_units("hours since 2026-01-01 16:00:00", to_h) == Approx(t0));
  CHECK(to_h == 1.0);
  CHECK_THROWS_WITH(parse_cf_time_units("fortnights since 2026-01-01", to_h), Catch::Contains("fortnights"));
}

TEST_CASE("Observation and CF time forms (time_axis)", "[compliance][time]") {
  const double t = parse_time_utc_h("2026-01-01T16:00:00Z");
  for (const char* same : {"2026-01-01 16", "2026-01-01T16:00", "2026-01-01 16:00:00 UTC", "2026-1-1 16:00+00:00",
                           "2026-01-01T16:00:00.2Z", "2026-01-01 16:00\r"})
    CHECK(parse_time_utc_h(same) == t);
  CHECK(parse_time_utc_h("2026-01-01") == t - 16.0);
  CHECK(parse_time_utc_h("2025-12-31 24:00") == t - 16.0);  // the next midnight
  CHECK(parse_time_utc_h("2026-01-01 16:30") == Approx(t + 0.5));
  CHECK_THROWS_WITH(parse_time_utc_h("2026-02-30 00:00"), Catch::Contains("2026-02-30"));
  CHECK_THROWS_WITH(parse_time_utc_h("2026-01-01 25:00"), Catch::Contains("impossible time of day"));
  CHECK_THROWS_WITH(parse_time_utc_h("2026-01-01 24:30"), Catch::Contains("impossible time of day"));
  CHECK_THROWS_WITH(parse_time_utc_h("2026-01-01 16:00+08:00"), Catch::Contains("times are UTC"));
  CHECK_THROWS_WITH(parse_time_utc_h("2026-01-01T"), Catch::Contains("no hour"));
  CHECK_THROWS_WITH(parse_time_utc_h("yesterday noon", "time"), Catch::Contains("time: 'yesterday noon'"));
  CHECK(parse_date("2026-03-01") == Date{2026, 3, 1});
  CHECK_THROWS(parse_date("2026-03-01 00:00"));
  CHECK(local_time_string(t, 8.0) == "2026-01-02 00:00");
  CHECK(local_day(lantian::UtcTime::from_unix_seconds(static_cast<long long>(t * 3600.0)), 8.0) == local_day(t, 8.0));
  CHECK(days_from_civil({1970, 1, 1}) == 0);
  CHECK(civil_from_days(days_from_civil({2024, 2, 29})) == Date{2024, 2, 29});
}

TEST_CASE("Daily means and maxima with the 20-hour rule", "[compliance]") {
  DailyRules r;       // UTC+8, 20 hours
  auto v = ramp(48);  // hour k of the series has value k; day 1 = 0..23, day 2 = 24..47
  auto m = daily_means(v.data(), v.size(), t0_bj_midnight(), r);
  REQUIRE(m.size() == 2);
  CHECK(m[0] == Approx(11.5));  // mean of 0..23
  CHECK(m[1] == Approx(35.5));  // mean of 24..47
  CHECK(daily_max_1h(v.data(), v.size(), t0_bj_midnight(), r)[0] == 23);
  // 4 hours missing (20 valid): mean of 0..19 = 9.5; 5 missing (19 valid): invalid.
  for (int h = 20; h < 24; ++h) v[static_cast<std::size_t>(h)] = k_nan;
  std::vector<int> n;
  m = daily_means(v.data(), v.size(), t0_bj_midnight(), r, &n);
  CHECK(n[0] == 20);
  CHECK(m[0] == Approx(9.5));
  v[19] = k_nan;
  CHECK(std::isnan(daily_means(v.data(), v.size(), t0_bj_midnight(), r)[0]));
  // A run starting 00 UTC = 08 BJT: its first local day has 16 hours -> invalid at UTC+8,
  // but complete at UTC+0.
  const auto w = ramp(48);
  const double t0 = parse_time_utc_h("2026-01-01T00:00:00Z");
  CHECK(std::isnan(daily_means(w.data(), w.size(), t0, r)[0]));
  DailyRules utc = r;
  utc.utc_offset_h = 0.0;
  CHECK(daily_means(w.data(), w.size(), t0, utc)[0] == Approx(11.5));
}

TEST_CASE("MDA8 with day boundaries and missing hours", "[compliance][mda8]") {
  DailyRules r;
  auto v = ramp(48);
  // Within the day (windows 0-7 .. 16-23): day 1 max = mean(16..23) = 19.5; day 2: mean(40..47) = 43.5.
  auto m8 = daily_max_8h(v.data(), v.size(), t0_bj_midnight(), r);
  REQUIRE(m8.size() == 2);
  CHECK(m8[0] == Approx(19.5));
  CHECK(m8[1] == Approx(43.5));
  // Running windows (starting 0..23 in the day, reaching into the next day): day 1's window
  // starting at 23 covers 23..30 -> 26.5. Day 2: the window starting at 18 has 42..47 (6 valid
  // of 8, the rest past the series) -> 44.5; starting 19 has only 5 -> invalid. 19 valid windows.
  DailyRules run = r;
  run.mda8_within_day = false;
  m8 = daily_max_8h(v.data(), v.size(), t0_bj_midnight(), run);
  CHECK(m8[0] == Approx(26.5));
  CHECK(m8[1] == Approx(44.5));
  // Missing hours 19..23 of day 1: windows starting 14..16 have < 6 valid hours; the window
  // starting at 13 has 13..18 (6 valid) -> 15.5; valid windows 0..13 = 14 -> MDA8 = 15.5.
  for (int h = 19; h < 24; ++h) v[static_cast<std::size_t>(h)] = k_nan;
  CHECK(daily_max_8h(v.data(), v.size(), t0_bj_midnight(), r)[0] == Approx(15.5));
  // One more missing (18..23): only 13 valid windows (< 14) -> no MDA8.
  v[18] = k_nan;
  CHECK(std::isnan(daily_max_8h(v.data(), v.size(), t0_bj_midnight(), r)[0]));
  // Day 2 does not see day 1's gap.
  CHECK(daily_max_8h(v.data(), v.size(), t0_bj_midnight(), r)[1] == Approx(43.5));
}

TEST_CASE("Trailing means", "[compliance]") {
  const auto v = ramp(30);
  const auto t = trailing_means(v.data(), v.size(), 24, 20);
  CHECK(std::isnan(t[18]));      // 19 values
  CHECK(t[19] == Approx(9.5));   // 0..19
  CHECK(t[29] == Approx(17.5));  // 6..29
  const auto e = trailing_means(v.data(), v.size(), 8, 6);
  CHECK(std::isnan(e[4]));
  CHECK(e[7] == Approx(3.5));
}

TEST_CASE("Percentile formula of the standard", "[compliance]") {
  // REFERENCES.md example: {3,4,8,2,5,4}, P90 = 6.5. Sorted 2,3,4,4,5,8; n = 6.
  const std::vector<double> x = {3, 4, 8, 2, 5, 4};
  CHECK(standard_percentile(x, 0.90) == Approx(6.5));
  CHECK(standard_percentile(x, 0.95) == Approx(7.25));  // k = 5.75: 5 + 0.75*3
  CHECK(standard_percentile(x, 0.98) == Approx(7.7));   // k = 5.9: 5 + 0.9*3
  CHECK(standard_percentile(x, 0.0) == 2);
  CHECK(standard_percentile(x, 1.0) == 8);
  CHECK(standard_percentile({7.0, k_nan}, 0.95) == 7.0);
  CHECK(std::isnan(standard_percentile({}, 0.9)));
}

TEST_CASE("Limits by date and exceedance with rounding", "[compliance]") {
  CHECK(limits_for({2026, 2, 28}).name == "GB3095-2012");
  CHECK(limits_for({2026, 2, 28}).daily[static_cast<int>(Pollutant::pm25)] == 75);
  CHECK(limits_for({2026, 3, 1}).daily[static_cast<int>(Pollutant::pm25)] == 60);
  CHECK(limits_for({2030, 12, 31}).daily[static_cast<int>(Pollutant::pm10)] == 120);
  CHECK(limits_for({2031, 1, 1}).daily[static_cast<int>(Pollutant::pm25)] == 50);
  CHECK(limits_for({2031, 1, 1}).annual[static_cast<int>(Pollutant::so2)] == 20);
  CHECK_THROWS_WITH(limits_by_name("GB3095-1996"), Catch::Contains("GB3095-1996"));
  CHECK_FALSE(exceeds(Pollutant::pm25, 60.4, 60));
  CHECK_FALSE(exceeds(Pollutant::pm25, 60.5, 60));  // tie -> 60 (even)
  CHECK(exceeds(Pollutant::pm25, 60.51, 60));
  CHECK(exceeds(Pollutant::pm25, 61.5, 60));     // tie -> 62
  CHECK_FALSE(exceeds(Pollutant::co, 4.05, 4));  // -> 4.0
  CHECK(exceeds(Pollutant::co, 4.15, 4));        // -> 4.2
}

TEST_CASE("Annual mean validity", "[compliance]") {
  std::vector<std::int64_t> days;
  std::vector<double> v;
  const auto d0 = days_from_civil({2027, 1, 1});
  for (int i = 0; i < 365; ++i) {
    days.push_back(d0 + i);
    v.push_back(i % 2 ? 30.0 : 40.0);  // 183 x 40 + 182 x 30 = 12780 / 365 = 35.0137
  }
  auto a = annual_mean(days, v);
  CHECK(a.valid);
  CHECK(a.n_days == 365);
  CHECK(a.mean == Approx(12780.0 / 365.0));
  // February with 24 valid days (< 25): invalid.
  for (int i = 0; i < 4; ++i) v[static_cast<std::size_t>(31 + i)] = k_nan;
  a = annual_mean(days, v);
  CHECK_FALSE(a.valid);
  CHECK(a.reason.find("2027-2") != std::string::npos);
  // 323 valid days: invalid.
  auto w = std::vector<double>(365, 10.0);
  for (int i = 0; i < 42; ++i) w[static_cast<std::size_t>(i * 8)] = k_nan;
  a = annual_mean(days, w);
  CHECK(a.n_days == 323);
  CHECK_FALSE(a.valid);
}

TEST_CASE("Compliance summary of daily records", "[compliance]") {
  std::vector<DailyRecord> recs(3);
  const double pm[3] = {50, 70, 80};
  for (int i = 0; i < 3; ++i) {
    recs[static_cast<std::size_t>(i)].day = days_from_civil({2026, 6, 1}) + i;
    recs[static_cast<std::size_t>(i)].in.mean24[static_cast<int>(Pollutant::pm25)] = pm[i];
    recs[static_cast<std::size_t>(i)].in.o3_mda8 = 150 + 10 * i;  // 150, 160, 170: one > 160
    recs[static_cast<std::size_t>(i)].aqi = daily_aqi(AqiStandard::hj633_2026, recs[static_cast<std::size_t>(i)].in);
  }
  const auto s = summarize(recs);
  const auto& p = s.pollutant[static_cast<int>(Pollutant::pm25)];
  CHECK(p.n_days == 3);
  CHECK(p.exceed_days == 2);  // 70 and 80 > 60 (GB 3095-2026 transitional)
  CHECK(p.mean == Approx(200.0 / 3.0));
  CHECK(p.percentile == Approx(79.0));  // k = 1 + 2*0.95 = 2.9: 70 + 0.9*10
  CHECK(s.pollutant[static_cast<int>(Pollutant::o3)].exceed_days == 1);
  CHECK(s.exceed_days_any == 2);
  // Daily AQI from PM2.5 and O3 only (incomplete): 50 -> 80 (NA, <= 100); 70 -> 110; 80 -> 119.
  CHECK(s.aqi_over_100_days == 2);
  CHECK(s.category_days[0] == 1);
}
