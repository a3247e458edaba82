// Local civil time (see local_time.hpp).
#include "emissions/profiles/local_time.hpp"

#include <cmath>

namespace lantian::emis {

UtcTime containing_second(double unix_s) {
  return UtcTime::from_unix_seconds(static_cast<long long>(std::floor(unix_s)));
}

LocalTime local_time(const UtcTime& utc, double utc_offset_h) {
  // The local wall clock read as if it were UTC: its calendar fields are the local ones.
  const UtcTime wall = utc.plus_seconds(utc_offset_h * 3600.0);
  LocalTime lt;
  lt.year = wall.year();
  lt.month = wall.month();
  lt.day = wall.day();
  lt.hour = wall.hour();
  lt.weekday = wall.weekday();
  lt.day_number = wall.unix_days();
  return lt;
}

std::string local_date(std::int64_t day_number) {
  return UtcTime::from_unix_seconds(static_cast<long long>(day_number) * 86400).date();
}

}  // namespace lantian::emis
