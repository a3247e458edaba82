// Unit tests of the derived meteorology: WRF time strings, solar zenith angle, Kz profile.
#include <catch2/catch.hpp>

#include <cmath>

#include "meteo/derived/pbl_kz.hpp"
#include "meteo/derived/solar.hpp"
#include "solver/core/utc_time.hpp"
#include "unit/meteo/meteo_test_util.hpp"

using namespace lantian;
using namespace lantian::meteo;
using test::utc;

TEST_CASE("WRF time strings through UtcTime", "[meteo][time]") {
  // 2022-12-07 00:00:00 UTC = 1670371200 s (`date -u -d 2022-12-07 +%s`).
  CHECK(utc("2022-12-07_00:00:00").unix_seconds() == 1670371200);
  CHECK(utc("2022-12-07T01:30:00Z").unix_seconds() == 1670371200 + 5400);
  CHECK(utc("2024-02-29_12:00:00").seconds_since(utc("2024-02-28_12:00:00")) == 86400.0);
  CHECK(utc("2022-12-07 01:01:01").iso('_') == "2022-12-07_01:01:01");
  CHECK(utc("1999-12-31_23:59:59").iso('T') == "1999-12-31T23:59:59");
  CHECK_FALSE(UtcTime::parse("2022-13-07_00:00:00"));
  CHECK_FALSE(UtcTime::parse("2023-02-29_00:00:00"));
  const UtcTime t = utc("2024-12-31 06:00:00");
  CHECK(t.day_of_year() == 366);
  CHECK(t.year() == 2024);
  CHECK(t.second_of_day() == 21600);
}

TEST_CASE("Solar zenith angle follows the sun", "[meteo][solar]") {
  // At the June solstice the noon sun is overhead near 23.44 N: local solar noon at 0 E is
  // 12:00 UTC minus the equation of time (about -1.7 min on 21 June). cos(zenith) >= 0.999
  // within 2.5 degrees (Spencer's declination is good to ~0.05 degree).
  const auto t = utc("2021-06-21 12:02:00");
  CHECK(cos_solar_zenith(t, 0.0, 23.44, 0.0) > 0.999);
  // At the equinox, on the equator at noon, the sun is within ~1 degree of the zenith.
  CHECK(cos_solar_zenith(utc("2021-03-20 12:07:00"), 0.0, 0.0, 0.0) > 0.9998);
  // Local midnight: hour angle 180 degree, cos(zenith) = sin^2(23.44) - cos^2(23.44)
  // = -cos(46.88 degree) = -0.6834.
  CHECK(cos_solar_zenith(utc("2021-06-21 00:02:00"), 0.0, 23.44, 0.0) == Approx(-0.6834).margin(0.003));
  // Yantai (37.5 N, 121.4 E), 15 July 04:00 UTC (about local solar noon): zenith = lat - decl
  // = 37.5 - 21.6 = 15.9 degree, cos = 0.962 (declination for 15 July from the Astronomical
  // Almanac, 21.6 degree); tolerance 0.005 for the 10 min from noon and the series.
  CHECK(cos_solar_zenith(utc("2026-07-15 03:58:00"), 0.0, 37.5, 121.4) == Approx(0.962).margin(0.005));
}

TEST_CASE("Holtslag-Boville Kz profile", "[meteo][kz]") {
  // Neutral: K = k u* z (1 - z/h)^2, maximal at z = h/3 with k u* h 4/27.
  const double h = 900, us = 0.4;
  const double k_mid = kz_holtslag_boville_m2_s(h / 3, h, us, 1e6, 0.0);
  // (L = 1e6 m: phi_h = 1 + 5 z/L = 1.0015, hence the 2e-3 tolerance.)
  CHECK(k_mid == Approx(0.4 * us * h * 4.0 / 27.0).epsilon(2e-3));
  CHECK(kz_holtslag_boville_m2_s(h * 1.01, h, us, 1e6, 0.0) == 0.0);
  CHECK(kz_holtslag_boville_m2_s(0.0, h, us, 1e6, 0.0) == 0.0);
  // Stable (L = 50 m) mixes less than neutral; convective (HFX = 300 W m-2) much more.
  CHECK(kz_holtslag_boville_m2_s(100, h, us, 50.0, 0.0) < kz_holtslag_boville_m2_s(100, h, us, 1e6, 0.0));
  const double l_conv = monin_obukhov_length_m(us, 300.0, 1.15, 300.0);
  CHECK(l_conv < 0.0);
  // L = -u*^3 theta / (k g w'theta'), w'theta' = 300 / (1.15 * 1004.5) = 0.2597 K m/s:
  // L = -0.064 * 300 / (0.4 * 9.81 * 0.2597) = -18.84 m.
  CHECK(l_conv == Approx(-18.84).epsilon(2e-3));
  const double ws = convective_velocity_m_s(300.0, 1.15, 300.0, 1500.0);
  CHECK(ws == Approx(std::cbrt(9.81 / 300.0 * 0.2597 * 1500.0)).epsilon(1e-3));
  const double k_conv = kz_holtslag_boville_m2_s(500, 1500, us, l_conv, ws);
  CHECK(k_conv > 3 * kz_holtslag_boville_m2_s(500, 1500, us, 1e6, 0.0));
  CHECK(k_conv < 1000.0);  // tens to a few hundred m2/s in a convective boundary layer
  CHECK(monin_obukhov_length_m(us, 0.0, 1.2, 290.0) == 1e6);
}
