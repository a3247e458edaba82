#pragma once
// The products' time axis: UTC hours since 1970-01-01 (the model output's time, converted from
// its CF "units"), civil dates, ISO 8601 text, and the local natural day (Beijing time = UTC+8
// by default). Calendar arithmetic and validation are lantian::UtcTime's (solver/core); this
// file reads the time forms that observation files and CF units use and converts to hours.
#include <cstdint>
#include <string>

#include "solver/core/utc_time.hpp"

namespace lantian::products {

/// A civil (calendar) date.
struct Date {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31
  bool operator==(const Date&) const = default;
};

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
std::int64_t days_from_civil(Date d) noexcept;
/// The civil date of a day count since 1970-01-01.
Date civil_from_days(std::int64_t days) noexcept;
/// "YYYY-MM-DD".
std::string to_string(Date d);
/// Parses "YYYY-MM-DD" (month and day may have one digit); throws lantian::Error naming `what`
/// on bad text or an impossible date.
Date parse_date(const std::string& text, const std::string& what = "date");

/// Reads a time as observation files and CF units write it: "YYYY-MM-DD" (midnight), then
/// optionally 'T' or a space and "HH", "HH:MM" or "HH:MM:SS[.fff]" (month, day, hour, minute
/// and second may have one digit; "24:00" is the next midnight; fractions of a second are
/// rounded to the nearest second), then optionally "Z", "UTC" or "+00:00". The calendar is
/// checked (2026-02-30 is an error). Throws lantian::Error naming `what` and the text.
UtcTime parse_time(const std::string& text, const std::string& what = "time");

/// UTC hours since 1970-01-01 00:00 of an instant.
double utc_hours(const UtcTime& t) noexcept;
/// The instant of UTC hours since 1970, rounded to the nearest second.
UtcTime utc_time_at(double utc_h);

/// Hours since 1970-01-01 00:00 UTC of a time in parse_time's forms.
double parse_time_utc_h(const std::string& text, const std::string& what = "time");
/// "YYYY-MM-DDTHH:MM:SSZ" of hours since 1970 (rounded to the second).
std::string iso_utc(double utc_h);
/// "YYYY-MM-DD HH:MM" in local time (UTC + offset_h), rounded to the minute.
std::string local_time_string(double utc_h, double offset_h);

/// Epoch of CF time units "hours since YYYY-MM-DD HH:MM:SS" (also "days since", "minutes
/// since", "seconds since"; the time in parse_time's forms): returns the factor to hours in
/// `to_hours` and the epoch in hours since 1970. Throws lantian::Error naming `what` when the
/// units are not of this form.
double parse_cf_time_units(const std::string& units, double& to_hours, const std::string& what = "time");

/// Local natural day (days since 1970 of the local date) of an instant: the date of UTC + offset.
std::int64_t local_day(const UtcTime& t, double offset_h);
/// The same for UTC hours since 1970: the instant rounded to the second.
std::int64_t local_day(double utc_h, double offset_h);
/// Hour of the local day [0, 24) of a UTC time [h].
double local_hour(double utc_h, double offset_h);

}  // namespace lantian::products
