#include "meteo/wrf/wrf_time.hpp"

#include <cstdio>

#include "solver/core/error.hpp"

namespace lantian::meteo {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant 2013, days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::int64_t parse_time_utc(const std::string& s_in, const std::string& what) {
  std::string s = s_in;
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0' || s.back() == 'Z')) s.pop_back();
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  char sep = 0;
  int consumed = 0;
  const int n = std::sscanf(s.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi,
                            &se, &consumed);
  if (n != 7 || consumed != static_cast<int>(s.size()) || (sep != '_' && sep != ' ' && sep != 'T'))
    throw Error(what + ": '" + s_in + "' is not a date-time YYYY-MM-DD_HH:MM:SS");
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] + ((mo == 2 && leap(y)) ? 1 : 0) || h > 23 ||
      mi > 59 || se > 60 || h < 0 || mi < 0 || se < 0)
    throw Error(what + ": '" + s_in + "' is not a valid date-time");
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
         h * 3600 + mi * 60 + se;
}

std::string format_time_utc(std::int64_t t, char sep) {
  std::int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  std::int64_t sod = t - days * 86400;
  int y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u%c%02d:%02d:%02d", y, m, d, sep,
                static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                static_cast<int>(sod % 60));
  return buf;
}

void day_of_year(std::int64_t t, int& doy, double& sec_of_day, int& year) {
  std::int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  sec_of_day = static_cast<double>(t - days * 86400);
  unsigned m = 0, d = 0;
  civil_from_days(days, year, m, d);
  doy = static_cast<int>(days - days_from_civil(year, 1, 1)) + 1;
}

}  // namespace lantian::meteo
