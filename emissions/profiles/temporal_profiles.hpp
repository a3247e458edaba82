#pragma once
// Temporal allocation of annual, monthly or mean-rate emissions to hours, with monthly,
// day-of-week and hour-of-day profiles per sector applied in local time. MEIC's hourly and
// weekly profiles (Li et al., 2017, Atmos. Chem. Phys. 17, 935-963,
// doi:10.5194/acp-17-935-2017) and CAMS-TEMPO's (Guevara et al., 2021, Earth Syst. Sci. Data
// 13, 367-404, doi:10.5194/essd-13-367-2021) are read from tables.
// Guarantee: the hourly amounts of a month add up to that month's amount, and the months of a
// year to the annual amount, up to rounding (the profile is normalised over the actual hours).
#include <array>
#include <map>
#include <string>
#include <vector>

#include "emissions/inventory/units.hpp"
#include "solver/core/utc_time.hpp"

namespace lantian::emis {

/// One profile table: sector -> values (12 months, 7 days Mon..Sun, or 24 local hours).
struct ProfileTable {
  std::string path;
  int length = 0;  ///< 12, 7 or 24
  /// True when the values are fractions of the period's total (MEIC); false for rate factors
  /// (CAMS). Only matters for monthly tables. Set by a comment line `# kind: fraction`.
  bool fractions = false;
  std::map<std::string, std::vector<double>> rows;
};

/// Reads a CSV table: header `sector,<values>` or CAMS's `GNFR,Category,<values>` (rows are
/// then known by code and by category name); '#' lines are comments. Throws naming the file
/// and line for a wrong number of values, negative values or an all-zero row.
ProfileTable read_profile_table(const std::string& path, int expected_length);

class TemporalProfiles {
 public:
  TemporalProfiles() = default;
  /// Tables may be empty (flat profile). `aliases` map inventory sectors to table sectors.
  TemporalProfiles(std::vector<ProfileTable> monthly, std::vector<ProfileTable> weekly,
                   std::vector<ProfileTable> diurnal, double utc_offset_h,
                   std::map<std::string, std::string> aliases = {});

  /// True when every table that is given has a row for the sector (after aliasing), or the
  /// "default" row.
  bool knows(const std::string& sector) const;
  /// Throws naming the tables when a sector is unknown.
  void require(const std::string& sector, const std::string& where) const;

  /// The factor that turns an inventory amount in `unit` (per year, per month, or a rate)
  /// into the rate [amount s-1] during the local hour that contains `utc`.
  /// Year: A * w(month)/sum w * h(hour)/H(month) / 3600; month: A * h/H(month) / 3600;
  /// rate r per period P: the annual amount r * (seconds of the local year)/P, then as year.
  double rate_factor(const std::string& sector, const UnitSpec& unit, const UtcTime& utc) const;

  double utc_offset_h() const noexcept { return utc_offset_h_; }

 private:
  struct Resolved {
    std::array<double, 12> month_w{};  ///< monthly weights (fraction or factor)
    bool month_fractions = false;
    std::array<double, 7> week{};   ///< mean 1
    std::array<double, 24> hour{};  ///< mean 1
  };
  const Resolved& resolve(const std::string& sector) const;
  double month_hours_weight(const Resolved& r, int year, int month) const;
  std::vector<ProfileTable> monthly_, weekly_, diurnal_;
  double utc_offset_h_ = 8.0;
  std::map<std::string, std::string> aliases_;
  mutable std::map<std::string, Resolved> cache_;
  mutable std::map<std::string, double> month_sum_cache_;
};

}  // namespace lantian::emis
