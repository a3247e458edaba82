#include "solver/core/utc_time.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace lantian {

namespace chr = std::chrono;

std::optional<UtcTime> UtcTime::from_fields(int year, int month, int day, int hour, int minute, int second) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  const chr::year_month_day ymd{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                                chr::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return std::nullopt;
  return UtcTime(chr::sys_days{ymd} + chr::hours{hour} + chr::minutes{minute} + chr::seconds{second});
}

namespace {
/// Reads exactly `n` digits at text[pos]; advances pos.
bool digits(const std::string& text, size_t& pos, size_t n, int& out) {
  if (pos + n > text.size()) return false;
  int v = 0;
  for (size_t q = 0; q < n; ++q) {
    const char c = text[pos + q];
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    v = 10 * v + (c - '0');
  }
  out = v;
  pos += n;
  return true;
}
bool expect(const std::string& text, size_t& pos, const char* any_of) {
  if (pos >= text.size()) return false;
  for (const char* c = any_of; *c; ++c)
    if (text[pos] == *c) {
      ++pos;
      return true;
    }
  return false;
}
}  // namespace

std::optional<UtcTime> UtcTime::parse(const std::string& text) {
  size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!digits(text, pos, 4, y) || !expect(text, pos, "-") || !digits(text, pos, 2, mo) || !expect(text, pos, "-") ||
      !digits(text, pos, 2, d))
    return std::nullopt;
  if (pos < text.size()) {
    if (!expect(text, pos, " T_") || !digits(text, pos, 2, h) || !expect(text, pos, ":") || !digits(text, pos, 2, mi) ||
        !expect(text, pos, ":") || !digits(text, pos, 2, s))
      return std::nullopt;
    if (pos < text.size() && text[pos] == 'Z') ++pos;
    if (pos != text.size()) return std::nullopt;
  }
  return from_fields(y, mo, d, h, mi, s);
}

UtcTime UtcTime::plus_seconds(double s) const { return UtcTime(t_ + chr::seconds{std::llround(s)}); }

namespace {
chr::year_month_day ymd_of(UtcTime::Seconds t) { return chr::year_month_day{chr::floor<chr::days>(t)}; }
long long seconds_into_day(UtcTime::Seconds t) { return (t - chr::floor<chr::days>(t)).count(); }
}  // namespace

int UtcTime::year() const { return static_cast<int>(ymd_of(t_).year()); }
int UtcTime::month() const { return static_cast<int>(static_cast<unsigned>(ymd_of(t_).month())); }
int UtcTime::day() const { return static_cast<int>(static_cast<unsigned>(ymd_of(t_).day())); }
int UtcTime::hour() const { return static_cast<int>(seconds_into_day(t_) / 3600); }
int UtcTime::minute() const { return static_cast<int>(seconds_into_day(t_) / 60 % 60); }
int UtcTime::second() const { return static_cast<int>(seconds_into_day(t_) % 60); }
double UtcTime::hour_of_day() const { return static_cast<double>(seconds_into_day(t_)) / 3600.0; }
int UtcTime::second_of_day() const { return static_cast<int>(seconds_into_day(t_)); }
int UtcTime::day_of_year() const {
  const auto days = chr::floor<chr::days>(t_);
  const chr::sys_days jan1{chr::year_month_day{ymd_of(t_).year(), chr::January, chr::day{1}}};
  return static_cast<int>((days - jan1).count()) + 1;
}

int UtcTime::weekday() const { return static_cast<int>(chr::weekday{chr::floor<chr::days>(t_)}.iso_encoding()) - 1; }

long long UtcTime::unix_days() const { return chr::floor<chr::days>(t_).time_since_epoch().count(); }

bool UtcTime::is_leap_year(int year) { return chr::year{year}.is_leap(); }

int UtcTime::days_in_month(int year, int month) {
  const chr::year_month_day_last last{chr::year{year}, chr::month_day_last{chr::month{static_cast<unsigned>(month)}}};
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

std::string UtcTime::iso() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", year(), month(), day(), hour(), minute(), second());
  return buf;
}

std::string UtcTime::iso(char sep) const {
  std::string s = iso();
  s[10] = sep;
  return s;
}

std::string UtcTime::date() const { return iso().substr(0, 10); }

}  // namespace lantian
