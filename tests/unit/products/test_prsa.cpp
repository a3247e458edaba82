// The real Beijing station record (UCI PRSA, Aotizhongxin, 2013-03-01 .. 2017-02-28): the
// adapter reads it, and daily means, MDA8, daily AQI (HJ 633-2012, in force then) and
// exceedance-day counts are checked against values worked independently from the file.
//
// How the expected numbers were obtained: a separate Python one-off (csv module, no LanTian
// code) grouped the rows by the file's own date (Beijing local days; hours 0..23), took daily
// means where >= 20 hours are valid ("NA" = missing), MDA8 as the maximum of the 17 8-h
// windows 0-7 .. 16-23 with >= 6 valid hours each and >= 14 valid windows, the IAQI by the
// HJ 633-2012 table with ceiling, CO converted ug -> mg, and counted exceedances of the
// GB 3095-2012 Grade II 24-h limits (PM2.5 75, PM10 150, SO2 150, NO2 80, CO 4, O3 MDA8 160)
// after rounding half to even (Python Decimal ROUND_HALF_EVEN). Its output:
//   2013-03-01: SO2 11.7083 NO2 22.5833 CO 0.4292 PM10 10.75 PM2.5 7.125, O3 max 77, MDA8 74.5;
//               IAQI SO2 12 NO2 29 CO 11 PM10 11 PM2.5 11 O3_1h 25 O3_8h 38 -> AQI 38
//   2013-03-05: PM2.5 148.875 -> IAQI 199 = AQI (primary PM2.5); NO2 132.83 -> 127
//   2014-01-16: PM2.5 358.0 -> 406 = AQI; PM10 396.96 -> 268
//   2015-12-01: CO only 8 valid hours (no daily CO); PM2.5 493.5652 (23 h) -> 496 = AQI
//   2016-07-01: O3 max 185, MDA8 143.125 -> O3_8h 86 = AQI (primary O3_8h); O3_1h 82
//   whole record: 1461 days; valid PM2.5 days 1417, O3 MDA8 days 1367; exceedance days
//   PM2.5 594, PM10 340, SO2 0, NO2 280, CO 39, O3 250; any pollutant 761;
//   PM2.5 daily mean over valid days 82.4473, P95 226.7772.
//   Annual PM2.5 (>= 324 valid days, >= 27 per month, February >= 25): 2015: 354 days, mean
//   82.16997, valid; 2014: 341 days, mean 89.05395, invalid (a month with 15 valid days).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "solver/products/observations.hpp"
#include "support/test_data.hpp"

using namespace lantian::products;

namespace {
const DailyRecord& day(const std::vector<DailyRecord>& recs, const std::string& date) {
  const auto d = days_from_civil(parse_date(date));
  for (const auto& r : recs)
    if (r.day == d) return r;
  FAIL("day " << date << " not in the records");
  return recs.front();
}
double mean(const DailyRecord& r, Pollutant p) { return r.in.mean24[static_cast<std::size_t>(idx(p))]; }
}  // namespace

TEST_CASE("PRSA Aotizhongxin: reader, daily AQI, MDA8, exceedance days", "[prsa][regression]") {
  const auto path = lantian::test::shared_data("obs/PRSA_Data_Aotizhongxin_20130301-20170228.csv");
  if (path.empty()) return;
  const ObsTable t = read_prsa_csv(path, 116.397, 39.982);
  REQUIRE(t.stations.size() == 1);
  CHECK(t.stations[0].id == "Aotizhongxin");
  CHECK(t.records.size() == 35064);
  // First record: 2013-03-01 00:00 Beijing = 2013-02-28T16:00Z; CO 300 ug m-3 = 0.3 mg m-3.
  CHECK(iso_utc(t.records[0].time_utc_h) == "2013-02-28T16:00:00Z");
  CHECK(t.records[0].v[static_cast<int>(Pollutant::co)] == Approx(0.3));
  const SeriesSet s = station_series(t, 0);
  CHECK(s.n == 35064);
  DailyRules rules;  // UTC+8, 20 h, 17 windows / 14 valid
  const auto recs = daily_records(s.pointers(), s.n, s.t0_utc_h, rules, AqiStandard::hj633_2026, true);
  REQUIRE(recs.size() == 1461);
  // Tolerances: 1e-4 relative covers the 4-6 decimals quoted from the one-off.
  const auto& a = day(recs, "2013-03-01");
  CHECK(mean(a, Pollutant::pm25) == Approx(7.125));
  CHECK(mean(a, Pollutant::so2) == Approx(11.7083).epsilon(1e-4));
  CHECK(mean(a, Pollutant::co) == Approx(0.4292).epsilon(1e-3));
  CHECK(a.in.max1h[static_cast<int>(Pollutant::o3)] == 77);
  CHECK(a.in.o3_mda8 == Approx(74.5));
  CHECK(a.aqi.aqi == 38);
  CHECK(a.aqi.iaqi[static_cast<int>(IndexColumn::o3_1h)] == 25);  // HJ 633-2012 daily includes 1-h O3
  CHECK(a.aqi.primary == 0u);                                     // AQI <= 50
  const auto& b = day(recs, "2013-03-05");
  CHECK(mean(b, Pollutant::pm25) == Approx(148.875));
  CHECK(b.aqi.aqi == 199);
  CHECK(b.aqi.iaqi[static_cast<int>(IndexColumn::no2_24h)] == 127);
  CHECK(primary_text(b.aqi.primary) == "PM2.5_24h");
  CHECK(b.aqi.category == 4);
  const auto& c = day(recs, "2014-01-16");
  CHECK(mean(c, Pollutant::pm25) == Approx(358.0));
  CHECK(c.aqi.aqi == 406);
  CHECK(c.aqi.iaqi[static_cast<int>(IndexColumn::pm10_24h)] == 268);
  CHECK(c.aqi.category == 6);
  const auto& d = day(recs, "2015-12-01");
  CHECK(std::isnan(mean(d, Pollutant::co)));
  CHECK(d.n_hours[static_cast<int>(Pollutant::co)] == 8);
  CHECK(mean(d, Pollutant::pm25) == Approx(493.5652).epsilon(1e-5));
  CHECK(d.aqi.incomplete);
  CHECK(d.aqi.aqi == 496);  // published: > 100 although CO is missing
  const auto& e = day(recs, "2016-07-01");
  CHECK(e.in.o3_mda8 == Approx(143.125));
  CHECK(e.aqi.aqi == 86);
  CHECK(primary_text(e.aqi.primary) == "O3_8h");

  const auto sum = summarize(recs);
  const auto P = [&](Pollutant p) { return sum.pollutant[static_cast<std::size_t>(idx(p))]; };
  CHECK(sum.n_days == 1461);
  CHECK(P(Pollutant::pm25).n_days == 1417);
  CHECK(P(Pollutant::o3).n_days == 1367);
  CHECK(P(Pollutant::pm25).exceed_days == 594);
  CHECK(P(Pollutant::pm10).exceed_days == 340);
  CHECK(P(Pollutant::so2).exceed_days == 0);
  CHECK(P(Pollutant::no2).exceed_days == 280);
  CHECK(P(Pollutant::co).exceed_days == 39);
  CHECK(P(Pollutant::o3).exceed_days == 250);
  CHECK(sum.exceed_days_any == 761);
  CHECK(P(Pollutant::pm25).mean == Approx(82.4473).epsilon(1e-5));
  CHECK(P(Pollutant::pm25).percentile == Approx(226.7772).epsilon(1e-5));

  for (int year : {2014, 2015}) {
    std::vector<std::int64_t> days;
    std::vector<double> vals;
    for (const auto& r : recs)
      if (civil_from_days(r.day).year == year) {
        days.push_back(r.day);
        vals.push_back(mean(r, Pollutant::pm25));
      }
    const auto am = annual_mean(days, vals);
    CHECK(am.n_days == (year == 2015 ? 354 : 341));
    CHECK(am.mean == Approx(year == 2015 ? 82.16997 : 89.05395).epsilon(1e-6));
    CHECK(am.valid == (year == 2015));
  }
}

TEST_CASE("PRSA adapter: malformed files give file and line", "[prsa][obs]") {
  const auto dir = lantian::test::scratch_dir("prsa_bad");
  const std::string head =
      "\"No\",\"year\",\"month\",\"day\",\"hour\",\"PM2.5\",\"PM10\",\"SO2\",\"NO2\",\"CO\",\"O3\",\"TEMP\",\"PRES\","
      "\"DEWP\",\"RAIN\",\"wd\",\"WSPM\",\"station\"\n";
  const auto write = [&](const std::string& name, const std::string& text) {
    const auto p = dir + "/" + name;
    std::ofstream(p) << text;
    return p;
  };
  const auto p1 = write("short.csv", head +
                                         "1,2013,3,1,0,4,4,4,7,300,77,-0.7,1023,-18.8,0,\"NNW\",4.4,\"A\"\n"
                                         "2,2013,3,1,1,8,8,4,7\n");
  CHECK_THROWS_WITH(read_prsa_csv(p1, 116, 40), Catch::Contains("short.csv:3") && Catch::Contains("18 fields"));
  const auto p2 = write("num.csv", head + "1,2013,3,1,0,4,x4,4,7,300,77,-0.7,1023,-18.8,0,\"NNW\",4.4,\"A\"\n");
  CHECK_THROWS_WITH(read_prsa_csv(p2, 116, 40), Catch::Contains("num.csv:2") && Catch::Contains("'PM10'"));
  const auto p3 = write("hour.csv", head + "1,2013,2,30,0,4,4,4,7,300,77,-0.7,1023,-18.8,0,\"NNW\",4.4,\"A\"\n");
  CHECK_THROWS_WITH(read_prsa_csv(p3, 116, 40), Catch::Contains("hour.csv:2") && Catch::Contains("impossible"));
  const auto p4 = write("head.csv", "No,year,month,day,hour,PM25\n");
  CHECK_THROWS_WITH(read_prsa_csv(p4, 116, 40), Catch::Contains("head.csv:1"));
  CHECK_THROWS_WITH(read_prsa_csv(dir + "/none.csv", 116, 40), Catch::Contains("none.csv"));
}
