#pragma once
// Calendar arithmetic for temporal allocation: proleptic Gregorian dates <-> day numbers
// (days since 1970-01-01), ISO 8601 parsing, day of week. The day-number formulas follow the
// standard era-based derivation (e.g. Richards, 2013, "Calendars", in Explanatory Supplement
// to the Astronomical Almanac, 3rd ed., ch. 15).
#include <cstdint>
#include <string>

namespace lantian::emis {

struct CivilTime {
  int year = 1970, month = 1, day = 1;  ///< month 1..12, day 1..31
  int hour = 0;                          ///< 0..23
  int day_of_week = 0;                   ///< 0 = Monday .. 6 = Sunday
};

/// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(int y, int m, int d) noexcept;
/// Inverse of days_from_civil.
void civil_from_days(std::int64_t z, int& y, int& m, int& d) noexcept;
int days_in_month(int y, int m) noexcept;
bool is_leap(int y) noexcept;
/// Seconds since 1970-01-01 00:00 UTC of "YYYY-MM-DD[THH[:MM[:SS]]][Z]" (UTC); throws
/// lantian::Error naming `where` for malformed text.
std::int64_t parse_iso_utc(const std::string& text, const std::string& where);
/// Local civil time (UTC + offset) of a UTC instant [s since 1970].
CivilTime local_time(double utc_s, double utc_offset_h) noexcept;

}  // namespace lantian::emis
