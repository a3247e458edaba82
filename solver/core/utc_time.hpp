#pragma once
// One UTC instant type for the whole model: parsed once where a date enters (case file, command
// line), validated against the proleptic Gregorian calendar (C++20 <chrono> calendar types:
// 2026-02-30, month 13, hour 25 are errors), and carried as a typed value afterwards.
// Leap seconds are not represented (as in WRF, CF "standard" calendar after 1582 and MEIC).
#include <chrono>
#include <optional>
#include <string>

namespace lantian {

/// A UTC instant with whole-second resolution.
class UtcTime {
 public:
  using Seconds = std::chrono::sys_seconds;

  UtcTime() = default;
  explicit UtcTime(Seconds t) : t_(t) {}
  /// From calendar fields; nullopt when they name no instant (month 13, 30 February, hour 24).
  static std::optional<UtcTime> from_fields(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);
  /// Parses "YYYY-MM-DD HH:MM:SS" (also "YYYY-MM-DDTHH:MM:SS", "YYYY-MM-DD_HH:MM:SS" as WRF
  /// writes it, an optional trailing "Z", and "YYYY-MM-DD" alone for midnight). nullopt on
  /// anything else, including impossible dates and trailing characters.
  static std::optional<UtcTime> parse(const std::string& text);
  /// The instant `s` seconds after 1970-01-01 00:00:00 UTC (inverse of unix_seconds()).
  static UtcTime from_unix_seconds(long long s) { return UtcTime(Seconds{std::chrono::seconds{s}}); }

  /// True for a leap year of the proleptic Gregorian calendar.
  static bool is_leap_year(int year);
  /// Days of a month (28-31); month 1-12.
  static int days_in_month(int year, int month);

  Seconds seconds() const noexcept { return t_; }
  /// Seconds since 1970-01-01 00:00:00 UTC.
  long long unix_seconds() const noexcept { return t_.time_since_epoch().count(); }
  /// This instant plus `s` seconds, rounded to the nearest whole second.
  UtcTime plus_seconds(double s) const;
  /// (this - earlier) [s].
  double seconds_since(const UtcTime& earlier) const noexcept { return static_cast<double>((t_ - earlier.t_).count()); }

  int year() const;
  int month() const;  ///< 1-12
  int day() const;    ///< 1-31
  int hour() const;   ///< 0-23
  int minute() const;
  int second() const;
  /// Hour of the day as a real number [h], 0 <= h < 24.
  double hour_of_day() const;
  /// Seconds since midnight [s], 0-86399.
  int second_of_day() const;
  /// Day of the year, 1-366.
  int day_of_year() const;
  /// Day of the week, 0 = Monday .. 6 = Sunday (ISO 8601 order).
  int weekday() const;
  /// Days from 1970-01-01 to this instant's date (negative before 1970): a date as a number.
  long long unix_days() const;

  /// "YYYY-MM-DD HH:MM:SS" (the model's attribute and CF "units" form).
  std::string iso() const;
  /// "YYYY-MM-DD<sep>HH:MM:SS": `sep` 'T' for ISO 8601, '_' for WRF's Times and file names.
  std::string iso(char sep) const;
  /// "YYYY-MM-DD".
  std::string date() const;

  friend bool operator==(const UtcTime& a, const UtcTime& b) { return a.t_ == b.t_; }
  friend auto operator<=>(const UtcTime& a, const UtcTime& b) { return a.t_ <=> b.t_; }

 private:
  Seconds t_{};
};

}  // namespace lantian
