#pragma once
// Emission units as inventories state them ("kg m-2 s-1", "t/month", "Mmol/month", "kg/year",
// "tonnes per cell per month") parsed into a scale to base units (g or mol), an area basis and
// a time period. Unknown units are errors (no guessing).
#include <string>

namespace lantian::emis {

/// What the base unit counts: mass [g] or amount of substance [mol].
enum class Basis { mass, moles };
/// The time the amount refers to: a rate (per second, hour, day) or a total over a calendar
/// month or year.
enum class Period { second, hour, day, month, year };

struct UnitSpec {
  std::string text;      ///< as written in the file or case
  double to_base = 1.0;  ///< multiply a value by this to get [g] or [mol] (per m2 / per s)
  Basis basis = Basis::mass;
  bool per_m2 = false;  ///< the value is per square metre (else per cell or per source)
  Period period = Period::year;
  bool is_rate() const noexcept { return period == Period::second || period == Period::hour || period == Period::day; }
  /// Seconds of a rate period (1, 3600, 86400); 0 for month and year.
  double rate_seconds() const noexcept;
};

/// Parses a unit string; throws lantian::Error naming `where` (file and variable) for anything
/// it does not know, for a missing time unit and for a missing amount unit.
UnitSpec parse_unit(const std::string& text, const std::string& where);

std::string to_string(Basis b);

}  // namespace lantian::emis
