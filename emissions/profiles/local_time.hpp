#pragma once
// Local civil time of the emission chain: UTC plus a fixed offset (emissions.utc_offset_h, no
// daylight saving), the clock in which MEIC's and CAMS-TEMPO's profiles and the scenario
// windows are given. The calendar is lantian::UtcTime's (proleptic Gregorian).
#include <cstdint>
#include <string>

#include "solver/core/utc_time.hpp"

namespace lantian::emis {

/// The local date and hour that contain a UTC instant.
struct LocalTime {
  int year = 1970, month = 1, day = 1;  ///< month 1..12, day 1..31
  int hour = 0;                         ///< 0..23
  int weekday = 3;                      ///< 0 = Monday .. 6 = Sunday
  std::int64_t day_number = 0;          ///< the local date as days since 1970-01-01
};

/// The whole UTC second that contains the instant `unix_s` [s since 1970-01-01 00:00:00 UTC]:
/// what fixes the local hour of a model time.
UtcTime containing_second(double unix_s);

/// Local time (UTC + offset) of `utc`; the offset is rounded to whole seconds.
LocalTime local_time(const UtcTime& utc, double utc_offset_h);

/// The local date of a day number (days since 1970-01-01) as "YYYY-MM-DD".
std::string local_date(std::int64_t day_number);

}  // namespace lantian::emis
