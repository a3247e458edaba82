#pragma once
// Calendar arithmetic for products: UTC hours since 1970-01-01, civil dates, CF "hours since"
// time units, ISO 8601 text, and the local natural day (Beijing time = UTC+8 by default).
// Proleptic Gregorian calendar; the day-count algorithm is the standard era/day-of-era
// conversion (as described by H. Hinnant, "chrono-compatible low-level date algorithms").
#include <cstdint>
#include <string>

namespace lantian::products {

/// A civil (calendar) date.
struct Date {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31
  bool operator==(const Date&) const = default;
};

/// Days since 1970-01-01 of a civil date.
std::int64_t days_from_civil(Date d) noexcept;
/// The civil date of a day count since 1970-01-01.
Date civil_from_days(std::int64_t days) noexcept;
/// "YYYY-MM-DD".
std::string to_string(Date d);
/// Parses "YYYY-MM-DD"; throws lantian::Error naming `what` on bad text.
Date parse_date(const std::string& text, const std::string& what = "date");

/// Hours since 1970-01-01 00:00 UTC of an ISO-like time "YYYY-MM-DD[ T]HH[:MM[:SS]][Z]"
/// (a bare date means 00:00). Throws lantian::Error naming `what` on bad text.
double parse_time_utc_h(const std::string& text, const std::string& what = "time");
/// "YYYY-MM-DDTHH:MM:SSZ" of hours since 1970 (rounded to the second).
std::string iso_utc(double utc_h);
/// "YYYY-MM-DD HH:MM" in local time (UTC + offset_h).
std::string local_time_string(double utc_h, double offset_h);

/// Epoch of CF time units "hours since YYYY-MM-DD HH:MM:SS" (also "days since", "minutes
/// since", "seconds since"): returns the factor to hours in `to_hours` and the epoch in hours
/// since 1970. Throws lantian::Error naming `what` when the units are not of this form.
double parse_cf_time_units(const std::string& units, double& to_hours, const std::string& what = "time");

/// Local natural day (days since 1970 in local time) of a UTC time [h]: floor((t + offset)/24).
std::int64_t local_day(double utc_h, double offset_h) noexcept;
/// Hour of the local day [0, 24) of a UTC time [h].
double local_hour(double utc_h, double offset_h) noexcept;

}  // namespace lantian::products
