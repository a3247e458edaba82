// Temporal profiles (annual and monthly totals kept over a full year of hours, local-time
// shift) and Briggs plume rise against hand calculations.
#include <catch2/catch.hpp>

#include <cmath>

#include "emissions/plume_rise/briggs.hpp"
#include "emissions/profiles/local_time.hpp"
#include "emissions/profiles/temporal_profiles.hpp"
#include "support/test_data.hpp"

using namespace lantian::emis;

namespace {
TemporalProfiles meic(double offset_h, bool with_cams_monthly = false) {
  const std::string root = lantian::test::source_dir() + "/configs/profiles/";
  std::vector<ProfileTable> monthly;
  if (with_cams_monthly) {
    const auto m = lantian::test::shared_data("emissions/profiles__copernicus__timeprofiles-month_in_year.csv");
    if (!m.empty()) monthly.push_back(read_profile_table(m, 12));
  }
  return TemporalProfiles(monthly, {read_profile_table(root + "meic_weekly.csv", 7)},
                          {read_profile_table(root + "meic_diurnal_local.csv", 24)}, offset_h, {{"B", "industry"}});
}
}  // namespace

TEST_CASE("local time: UTC plus a fixed offset", "[emis][time]") {
  using lantian::UtcTime;
  // 2017-07-02 16:00 UTC is 2017-07-03 00:00 in UTC+8, a Monday.
  const LocalTime lt = local_time(*UtcTime::parse("2017-07-02 16:00:00"), 8.0);
  CHECK((lt.year == 2017 && lt.month == 7 && lt.day == 3 && lt.hour == 0 && lt.weekday == 0));
  CHECK(lt.day_number == UtcTime::parse("2017-07-03")->unix_days());
  CHECK(local_date(lt.day_number) == "2017-07-03");
  // One second earlier is still Sunday 2 July locally; a negative offset goes back a day.
  CHECK(local_time(*UtcTime::parse("2017-07-02 15:59:59"), 8.0).weekday == 6);
  const LocalTime west = local_time(*UtcTime::parse("2017-01-01 03:00:00"), -5.0);
  CHECK((west.year == 2016 && west.month == 12 && west.day == 31 && west.hour == 22));
  // Half-hour offsets.
  CHECK(local_time(*UtcTime::parse("2017-07-02 18:45:00"), 5.5).hour == 0);
  // A model time is in the hour of the whole second that contains it.
  CHECK(containing_second(3599.999).unix_seconds() == 3599);
  CHECK(containing_second(-0.5).unix_seconds() == -1);
}

TEST_CASE("annual and monthly totals kept over a full (local) year of hours", "[emis][profiles]") {
  for (bool cams : {false, true}) {
    const TemporalProfiles tp = meic(8.0, cams);
    const UnitSpec year = parse_unit("t/yr", "t"), rate = parse_unit("kg/s", "t");
    for (const char* sector : {"industry", "power", "transportation", "residential", "B"}) {
      // Local year 2017 = UTC 2016-12-31 16:00 to 2017-12-31 16:00.
      const auto t0 = lantian::UtcTime::parse("2016-12-31 16:00:00")->plus_seconds(1.0);
      double total = 0.0, total_rate = 0.0, july = 0.0;
      for (int h = 0; h < 365 * 24; ++h) {
        const auto t = t0.plus_seconds(h * 3600.0);
        const double f = tp.rate_factor(sector, year, t) * 3600.0;
        total += f;
        total_rate += tp.rate_factor(sector, rate, t) * 3600.0;
        if (local_time(t, 8.0).month == 7) july += f;
      }
      INFO(sector << (cams ? " with CAMS monthly" : ""));
      // Sums of 8760 terms: 1e-12 covers the rounding.
      CHECK(total == Approx(1.0).epsilon(1e-12));
      // A mean rate of 1 per s over the year gives the seconds of the year.
      CHECK(total_rate == Approx(365.0 * 86400.0).epsilon(1e-12));
      if (!cams) CHECK(july == Approx(31.0 / 365.0).epsilon(1e-12));  // flat months by days
    }
  }
  // Monthly amounts: the hours of the month add up to the month's amount.
  const TemporalProfiles tp = meic(8.0);
  const UnitSpec month = parse_unit("t/month", "t");
  const auto t0 = lantian::UtcTime::parse("2017-01-31 16:00:00")->plus_seconds(1.0);
  double sum = 0.0;
  for (int h = 0; h < 28 * 24; ++h) sum += tp.rate_factor("industry", month, t0.plus_seconds(h * 3600.0)) * 3600.0;
  CHECK(sum == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("diurnal profile applied in local time", "[emis][profiles]") {
  const UnitSpec year = parse_unit("t/yr", "t");
  const TemporalProfiles cst = meic(8.0), utc = meic(0.0);
  // 2017-07-04 (Tuesday) 02:00 UTC = 10:00 China Standard Time: the local table's 10 h value
  // (.068 of the day, from MEIC's UTC hour 2). With offset 0 the same instant reads 02 h (.007).
  const auto t = *lantian::UtcTime::parse("2017-07-04 02:00:01");
  const double ratio = cst.rate_factor("industry", year, t) / utc.rate_factor("industry", year, t);
  // Same day and month in both clocks, so the ratio is 0.068/0.007 up to the month
  // normalisation, which differs only by the local/UTC month boundary (< 1e-3).
  CHECK(ratio == Approx(0.068 / 0.007).epsilon(1e-3));
  // Hour 19 local (UTC 11) vs hour 3 local (UTC 19) for power: 0.0473 / 0.0284.
  const auto d0 = *lantian::UtcTime::parse("2017-07-04");
  CHECK(cst.rate_factor("power", year, d0.plus_seconds(11 * 3600.0 + 1)) /
            cst.rate_factor("power", year, d0.plus_seconds(19 * 3600.0 + 1)) ==
        Approx(0.0473 / 0.0284).epsilon(1e-12));
  CHECK_THROWS(cst.require("shipping", "test"));
}

TEST_CASE("Briggs plume rise against hand calculations", "[emis][plume]") {
  // Stack: v = 20 m/s, d = 5 m, Ts = 420 K, Ta = 290 K.
  // F = g v d^2/4 (Ts - Ta)/Ts = 9.81 * 20 * 25/4 * 130/420 = 1226.25 * 0.3095238 = 379.554 m4/s3.
  const double f = briggs_buoyancy_flux(20.0, 5.0, 420.0, 290.0);
  CHECK(f == Approx(379.5536).epsilon(1e-6));
  // Neutral (dtheta/dz = 0), u = 5 m/s, F >= 55: dh = 38.71 F^0.6 / u.
  // F^0.6 = exp(0.6 ln 379.5536) = exp(0.6 * 5.938950) = exp(3.563370) = 35.28287;
  // dh = 38.71 * 35.28287 / 5 = 273.160 m.
  CHECK(briggs_rise_m(f, 5.0, 0.0, 290.0) == Approx(273.160).epsilon(1e-5));
  // Unstable (dtheta/dz = -0.01 K/m), u = 2 m/s: the same formula, dh = 38.71 * 35.28287 / 2
  // = 682.900 m.
  CHECK(briggs_rise_m(f, 2.0, -0.01, 290.0) == Approx(682.900).epsilon(1e-5));
  // Small source, F < 55: v = 5, d = 1, Ts = 350, Ta = 290: F = 9.81*5*0.25*60/350 = 2.10214;
  // dh = 21.425 F^0.75 / u, F^0.75 = exp(0.75 * ln 2.102143) = exp(0.75 * 0.742958) = 1.745809;
  // u = 3: 21.425 * 1.745809 / 3 = 12.4680 m.
  const double fs = briggs_buoyancy_flux(5.0, 1.0, 350.0, 290.0);
  CHECK(fs == Approx(2.102143).epsilon(1e-6));
  CHECK(briggs_rise_m(fs, 3.0, 0.0, 290.0) == Approx(12.4680).epsilon(1e-5));
  // Stable (dtheta/dz = 0.02 K/m, Pasquill E), u = 5: s = 9.81/290 * 0.02 = 6.76552e-4 s-2;
  // windy: 2.6 (F/(u s))^(1/3) = 2.6 * (379.5536/(5 * 6.765517e-4))^(1/3) = 2.6 * (112202.4)^(1/3)
  // = 2.6 * 48.23186 = 125.403 m; calm: 4 F^0.25 s^-0.375 = 4 * 4.413857 * 15.43964 = 272.59 m;
  // the smaller, 125.403 m.
  CHECK(briggs_rise_m(f, 5.0, 0.02, 290.0) == Approx(125.403).epsilon(1e-5));
  // Calm stable (u at the 1 m/s floor) with strong stability 0.035 K/m (Pasquill F):
  // s = 1.183966e-3; windy: 2.6 (379.5536/1.183966e-3)^(1/3) = 2.6 * 68.44021 = 177.945 m;
  // calm: 4 * 4.413857 * s^-0.375 = 4 * 4.413857 * 12.51693 = 220.99 m -> 177.945 m.
  CHECK(briggs_rise_m(f, 0.3, 0.035, 290.0) == Approx(177.945).epsilon(1e-5));
  CHECK(briggs_buoyancy_flux(20.0, 5.0, 280.0, 290.0) == 0.0);  // cold plume: no buoyancy
}

TEST_CASE("plume spread over the layers it reaches", "[emis][plume]") {
  const std::vector<double> z{0, 50, 100, 200, 400, 800};
  // Stack 100 m, rise 100 m: plume centre 200 m, spread 150..250 m -> layer 2 (100-200) gets
  // 50/100, layer 3 (200-400) gets 50/100.
  auto f = plume_layer_fractions(100.0, 100.0, z);
  CHECK(f[0] == 0.0);
  CHECK(f[2] == Approx(0.5));
  CHECK(f[3] == Approx(0.5));
  // No rise: the layer holding the stack top.
  f = plume_layer_fractions(120.0, 0.0, z);
  CHECK(f[2] == 1.0);
  // Above the model top: the top layer.
  f = plume_layer_fractions(900.0, 100.0, z);
  CHECK(f[4] == 1.0);
}
