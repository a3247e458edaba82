#include "solver/products/time_axis.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "solver/core/error.hpp"

namespace lantian::products {

std::int64_t days_from_civil(Date d) noexcept {
  const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (d.month + 9) % 12;  // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  Date d;
  d.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  d.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  d.year = static_cast<int>(yoe + era * 400 + (d.month <= 2 ? 1 : 0));
  return d;
}

std::string to_string(Date d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

namespace {
bool valid_date(const Date& d) {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  return civil_from_days(days_from_civil(d)) == d;
}
}  // namespace

Date parse_date(const std::string& text, const std::string& what) {
  Date d;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%d%c", &d.year, &d.month, &d.day, &tail) != 3 || !valid_date(d))
    throw Error(what + ": '" + text + "' is not a date YYYY-MM-DD");
  return d;
}

double parse_time_utc_h(const std::string& text, const std::string& what) {
  Date d;
  int hh = 0, mm = 0;
  double ss = 0.0;
  int pos = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%d%n", &d.year, &d.month, &d.day, &pos) != 3 || !valid_date(d))
    throw Error(what + ": '" + text + "' is not a time YYYY-MM-DD[THH:MM:SS]");
  std::string rest = text.substr(static_cast<size_t>(pos));
  if (!rest.empty() && (rest[0] == 'T' || rest[0] == ' ')) {
    rest = rest.substr(1);
    int consumed = 0;
    if (std::sscanf(rest.c_str(), "%d:%d:%lf%n", &hh, &mm, &ss, &consumed) == 3) {
    } else if (std::sscanf(rest.c_str(), "%d:%d%n", &hh, &mm, &consumed) == 2) {
    } else if (std::sscanf(rest.c_str(), "%d%n", &hh, &consumed) != 1) {
      throw Error(what + ": '" + text + "' has no hour after the date");
    }
    rest = rest.substr(static_cast<size_t>(consumed));
  }
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\r')) rest.pop_back();
  if (!(rest.empty() || rest == "Z" || rest == "UTC" || rest == "+00:00" || rest == " UTC"))
    throw Error(what + ": '" + text + "' has unexpected text '" + rest + "' (times are UTC)");
  if (hh < 0 || hh > 24 || mm < 0 || mm > 59 || ss < 0 || ss >= 61)
    throw Error(what + ": '" + text + "' has an impossible time of day");
  return static_cast<double>(days_from_civil(d)) * 24.0 + hh + mm / 60.0 + ss / 3600.0;
}

std::string iso_utc(double utc_h) {
  const auto secs = static_cast<std::int64_t>(std::llround(utc_h * 3600.0));
  std::int64_t days = secs / 86400;
  std::int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  const Date d = civil_from_days(days);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
                static_cast<int>(rem / 3600), static_cast<int>(rem % 3600 / 60), static_cast<int>(rem % 60));
  return buf;
}

std::string local_time_string(double utc_h, double offset_h) {
  const double t = utc_h + offset_h;
  const auto mins = static_cast<std::int64_t>(std::llround(t * 60.0));
  std::int64_t days = mins / 1440;
  std::int64_t rem = mins % 1440;
  if (rem < 0) {
    rem += 1440;
    --days;
  }
  const Date d = civil_from_days(days);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", d.year, d.month, d.day, static_cast<int>(rem / 60),
                static_cast<int>(rem % 60));
  return buf;
}

double parse_cf_time_units(const std::string& units, double& to_hours, const std::string& what) {
  std::istringstream in(units);
  std::string unit, since;
  in >> unit >> since;
  if (since != "since") throw Error(what + ": units '" + units + "' are not '<unit> since <time>'");
  if (unit == "hours" || unit == "hour" || unit == "h") to_hours = 1.0;
  else if (unit == "days" || unit == "day") to_hours = 24.0;
  else if (unit == "minutes" || unit == "minute") to_hours = 1.0 / 60.0;
  else if (unit == "seconds" || unit == "second" || unit == "s") to_hours = 1.0 / 3600.0;
  else throw Error(what + ": time unit '" + unit + "' in '" + units + "' is not hours/days/minutes/seconds");
  std::string rest;
  std::getline(in, rest);
  while (!rest.empty() && rest.front() == ' ') rest.erase(rest.begin());
  return parse_time_utc_h(rest, what + " (units '" + units + "')");
}

std::int64_t local_day(double utc_h, double offset_h) noexcept {
  return static_cast<std::int64_t>(std::floor((utc_h + offset_h) / 24.0 + 1e-9));
}

double local_hour(double utc_h, double offset_h) noexcept {
  const double t = utc_h + offset_h;
  return t - 24.0 * static_cast<double>(local_day(utc_h, offset_h));
}

}  // namespace lantian::products
