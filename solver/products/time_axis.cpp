#include "solver/products/time_axis.hpp"

#include <cctype>
#include <cmath>
#include <sstream>

#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

namespace lantian::products {

namespace {

constexpr long long k_seconds_per_day = 86400;

/// Reads 1 to `max` digits at text[pos]; advances pos.
bool digits(const std::string& text, size_t& pos, size_t max, int& out) {
  size_t n = 0;
  int v = 0;
  while (n < max && pos + n < text.size() && std::isdigit(static_cast<unsigned char>(text[pos + n]))) {
    v = 10 * v + (text[pos + n] - '0');
    ++n;
  }
  if (n == 0) return false;
  out = v;
  pos += n;
  return true;
}

bool skip(const std::string& text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

/// "YYYY-M[M]-D[D]" at text[pos]; false when the text is not of this form.
bool read_date(const std::string& text, size_t& pos, Date& d) {
  size_t p = pos;
  int y = 0;
  if (!digits(text, p, 4, y) || p - pos != 4) return false;
  if (!skip(text, p, '-') || !digits(text, p, 2, d.month) || !skip(text, p, '-') || !digits(text, p, 2, d.day))
    return false;
  d.year = y;
  pos = p;
  return true;
}

/// Time of day after the date: "HH", "HH:MM", "HH:MM:SS[.fff]" [s since midnight, may be 86400].
/// `bad` names what is wrong when it returns false.
bool read_time_of_day(const std::string& text, size_t& pos, double& seconds, std::string& bad) {
  int hh = 0, mm = 0, ss = 0;
  double frac = 0.0;
  if (!digits(text, pos, 2, hh)) {
    bad = "has no hour after the date";
    return false;
  }
  if (skip(text, pos, ':')) {
    if (!digits(text, pos, 2, mm)) return (bad = "has no minutes after 'HH:'", false);
    if (skip(text, pos, ':')) {
      if (!digits(text, pos, 2, ss)) return (bad = "has no seconds after 'HH:MM:'", false);
      if (pos < text.size() && text[pos] == '.') {
        const size_t a = pos++;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
        frac = std::stod("0" + text.substr(a, pos - a));
      }
    }
  }
  const bool midnight_24 = hh == 24 && mm == 0 && ss == 0 && frac == 0.0;
  if (!(hh < 24 || midnight_24) || mm > 59 || ss > 59) return (bad = "has an impossible time of day", false);
  seconds = hh * 3600.0 + mm * 60.0 + ss + frac;
  return true;
}

[[noreturn]] void fail(const std::string& what, const std::string& text, const std::string& why) {
  throw Error(what + ": '" + text + "' " + why);
}

}  // namespace

std::int64_t days_from_civil(Date d) noexcept {
  // An impossible date counts on from its month's start, as std::chrono's calendar does.
  return std::chrono::sys_days{std::chrono::year{d.year} / d.month / d.day}.time_since_epoch().count();
}

Date civil_from_days(std::int64_t days) noexcept {
  const UtcTime t = UtcTime::from_unix_seconds(days * k_seconds_per_day);
  return {t.year(), t.month(), t.day()};
}

std::string to_string(Date d) { return UtcTime::from_unix_seconds(days_from_civil(d) * k_seconds_per_day).date(); }

Date parse_date(const std::string& text, const std::string& what) {
  Date d;
  size_t pos = 0;
  if (!read_date(text, pos, d) || pos != text.size() || !UtcTime::from_fields(d.year, d.month, d.day))
    fail(what, text, "is not a date YYYY-MM-DD");
  return d;
}

UtcTime parse_time(const std::string& text, const std::string& what) {
  Date d;
  size_t pos = 0;
  if (!read_date(text, pos, d)) fail(what, text, "is not a time YYYY-MM-DD[THH:MM:SS]");
  const auto midnight = UtcTime::from_fields(d.year, d.month, d.day);
  if (!midnight) fail(what, text, "is not a date of the calendar");
  double seconds = 0.0;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == ' ') && pos + 1 < text.size() &&
      std::isdigit(static_cast<unsigned char>(text[pos + 1]))) {
    ++pos;
    std::string bad;
    if (!read_time_of_day(text, pos, seconds, bad)) fail(what, text, bad);
  } else if (pos < text.size() && (text[pos] == 'T')) {
    fail(what, text, "has no hour after the date");
  }
  const std::string rest = text::trim(text.substr(pos));
  if (!(rest.empty() || rest == "Z" || rest == "UTC" || rest == "+00:00"))
    fail(what, text, "has unexpected text '" + rest + "' (times are UTC)");
  return midnight->plus_seconds(seconds);
}

double utc_hours(const UtcTime& t) noexcept { return static_cast<double>(t.unix_seconds()) / 3600.0; }

UtcTime utc_time_at(double utc_h) { return UtcTime::from_unix_seconds(std::llround(utc_h * 3600.0)); }

double parse_time_utc_h(const std::string& text, const std::string& what) { return utc_hours(parse_time(text, what)); }

std::string iso_utc(double utc_h) { return utc_time_at(utc_h).iso('T') + "Z"; }

std::string local_time_string(double utc_h, double offset_h) {
  const long long minutes = std::llround((utc_h + offset_h) * 60.0);
  return UtcTime::from_unix_seconds(minutes * 60).iso(' ').substr(0, 16);
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
  return parse_time_utc_h(text::trim(rest), what + " (units '" + units + "')");
}

std::int64_t local_day(const UtcTime& t, double offset_h) { return t.plus_seconds(offset_h * 3600.0).unix_days(); }

std::int64_t local_day(double utc_h, double offset_h) { return local_day(utc_time_at(utc_h), offset_h); }

double local_hour(double utc_h, double offset_h) {
  return utc_h + offset_h - 24.0 * static_cast<double>(local_day(utc_h, offset_h));
}

}  // namespace lantian::products
