// Calendar arithmetic (see civil_time.hpp).
#include "emissions/profiles/civil_time.hpp"

#include <cmath>
#include <cstdio>

#include "solver/core/error.hpp"

namespace lantian::emis {

bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) noexcept {
  static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

std::int64_t days_from_civil(int y, int m, int d) noexcept {
  // Years start in March so the leap day is the last day of the year; 400-year eras.
  const std::int64_t yy = m <= 2 ? y - 1 : y;
  const std::int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  const std::int64_t yoe = yy - era * 400;
  const std::int64_t mp = (m + 9) % 12;  // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

std::int64_t parse_iso_utc(const std::string& text, const std::string& where) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  const int n = std::sscanf(text.c_str(), "%d-%d-%d%*c%d:%d:%d", &y, &mo, &d, &h, &mi, &s);
  if (n < 3 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h < 0 || h > 23 ||
      mi < 0 || mi > 59 || s < 0 || s > 60)
    throw Error::in_file(where, "malformed ISO 8601 date/time '" + text + "'");
  return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

CivilTime local_time(double utc_s, double utc_offset_h) noexcept {
  const double t = utc_s + utc_offset_h * 3600.0;
  const auto days = static_cast<std::int64_t>(std::floor(t / 86400.0));
  CivilTime c;
  civil_from_days(days, c.year, c.month, c.day);
  c.hour = static_cast<int>(std::floor((t - static_cast<double>(days) * 86400.0) / 3600.0));
  if (c.hour > 23) c.hour = 23;
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  c.day_of_week = static_cast<int>(((days % 7) + 7 + 3) % 7);
  return c;
}

}  // namespace lantian::emis
