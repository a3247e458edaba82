// UtcTime: the calendar (leap years, month lengths, impossible dates refused), parsing forms,
// arithmetic and formatting.
#include <catch2/catch.hpp>

#include "solver/core/utc_time.hpp"

using lantian::UtcTime;

TEST_CASE("UtcTime parses the forms the model meets and refuses everything else") {
  const auto a = UtcTime::parse("2026-07-14 16:00:00");
  REQUIRE(a);
  CHECK(a->iso() == "2026-07-14 16:00:00");
  CHECK(UtcTime::parse("2026-07-14T16:00:00") == a);
  CHECK(UtcTime::parse("2026-07-14_16:00:00") == a);  // WRF file names and Times
  CHECK(UtcTime::parse("2026-07-14T16:00:00Z") == a);
  CHECK(UtcTime::parse("2026-07-14")->iso() == "2026-07-14 00:00:00");
  for (const char* bad : {"2026-02-30 00:00:00", "2026-13-01 00:00:00", "2026-00-10 00:00:00", "2026-07-01 25:00:00",
                          "2026-07-01 24:00:00", "2026-07-01 12:60:00", "2026-07-01 12:00:60", "2026-04-31",
                          "2025-02-29", "2026-07-01T00:00", "2026-7-1 00:00:00", "2026-07-01 00:00:00 ", " 2026-07-01",
                          "2026-07-01 00:00:00x", "", "yesterday"})
    CHECK_FALSE(UtcTime::parse(bad));
}

TEST_CASE("UtcTime follows the Gregorian calendar") {
  CHECK(UtcTime::parse("2024-02-29"));        // divisible by 4
  CHECK(UtcTime::parse("2000-02-29"));        // divisible by 400
  CHECK_FALSE(UtcTime::parse("1900-02-29"));  // divisible by 100 only
  // 1970-01-01 is the Unix epoch; 2026-03-01 is 20513 days after it (counted independently:
  // 56 years of 365 days + 14 leap days 1972..2024 + 59 days of 2026 before 1 March).
  CHECK(UtcTime::parse("1970-01-01")->unix_seconds() == 0);
  CHECK(UtcTime::parse("2026-03-01")->unix_seconds() == (56LL * 365 + 14 + 59) * 86400);
  const auto t = *UtcTime::parse("2026-02-28 23:30:00");
  const auto u = t.plus_seconds(3600.0);
  CHECK(u.iso() == "2026-03-01 00:30:00");
  CHECK(u.seconds_since(t) == 3600.0);
  CHECK(u.month() == 3);
  CHECK(u.day() == 1);
  CHECK(u.hour_of_day() == 0.5);
  CHECK(u.day_of_year() == 60);
  CHECK(UtcTime::parse("2024-12-31")->day_of_year() == 366);
  CHECK(*UtcTime::from_fields(2026, 12, 31, 23, 59, 59) < *UtcTime::parse("2027-01-01"));
  CHECK_FALSE(UtcTime::from_fields(2026, 6, 31));
}

TEST_CASE("UtcTime day of the week, day numbers and month lengths") {
  // 1970-01-01 was a Thursday; 2017-07-03 a Monday; 2024-03-03 a Sunday.
  CHECK(UtcTime::from_unix_seconds(0).weekday() == 3);
  CHECK(UtcTime::parse("2017-07-03 23:59:59")->weekday() == 0);
  CHECK(UtcTime::parse("2024-03-03")->weekday() == 6);
  CHECK(UtcTime::from_unix_seconds(-1).weekday() == 2);  // 1969-12-31, a Wednesday
  CHECK(UtcTime::parse("1970-01-01 12:00:00")->unix_days() == 0);
  CHECK(UtcTime::from_unix_seconds(-1).unix_days() == -1);
  CHECK(UtcTime::parse("2026-03-01")->unix_days() == 56LL * 365 + 14 + 59);
  CHECK(UtcTime::from_unix_seconds(1234567890).unix_seconds() == 1234567890);
  CHECK(UtcTime::from_unix_seconds(1234567890).iso() == "2009-02-13 23:31:30");
  CHECK(UtcTime::is_leap_year(2000));
  CHECK(UtcTime::is_leap_year(2024));
  CHECK_FALSE(UtcTime::is_leap_year(1900));
  CHECK_FALSE(UtcTime::is_leap_year(2026));
  CHECK(UtcTime::days_in_month(2024, 2) == 29);
  CHECK(UtcTime::days_in_month(2026, 2) == 28);
  CHECK(UtcTime::days_in_month(2026, 4) == 30);
  CHECK(UtcTime::days_in_month(2026, 12) == 31);
}
