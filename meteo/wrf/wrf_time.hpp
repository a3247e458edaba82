#pragma once
// Calendar times of WRF files: "YYYY-MM-DD_HH:MM:SS" (WRF's Times) and ISO "YYYY-MM-DD HH:MM:SS"
// (the case start), as whole seconds since 1970-01-01 00:00:00 UTC (proleptic Gregorian
// calendar; days from civil date by the algorithm of Hinnant, "chrono-compatible low-level date
// algorithms", 2013).
#include <cstdint>
#include <string>

namespace lantian::meteo {

/// Seconds since 1970-01-01 00:00:00 UTC of a date-time string. Accepts "YYYY-MM-DD_HH:MM:SS",
/// "YYYY-MM-DD HH:MM:SS", "YYYY-MM-DDTHH:MM:SS" (optionally ending in "Z"). Throws
/// lantian::Error naming `what` on a malformed or impossible date.
std::int64_t parse_time_utc(const std::string& s, const std::string& what = "time");

/// "YYYY-MM-DD_HH:MM:SS" (WRF's form, `sep` = '_') or "YYYY-MM-DD HH:MM:SS" (`sep` = ' ').
std::string format_time_utc(std::int64_t epoch_s, char sep = '_');

/// Day of the year (1..366) and seconds since midnight of a time [s since 1970, UTC].
void day_of_year(std::int64_t epoch_s, int& doy, double& sec_of_day, int& year);

}  // namespace lantian::meteo
