#pragma once
// A global model's CF-netCDF output (CAMS, GEOS-CF and the like) as a series of time records:
// the latitude/longitude grid, the vertical levels (pressure, or hybrid sigma-pressure with
// formula_terms) and the time axis of one or several files, checked once, and windows of one
// record read on demand. CF Conventions 1.11: §4.1-4.2 (latitude, longitude by units or
// standard_name), §4.3.3 and Appendix D (atmosphere_hybrid_sigma_pressure_coordinate:
// p(k) = a(k) p0 + b(k) ps, or ap(k) + b(k) ps), §4.4 (time "<unit> since <instant>").
#include <memory>
#include <string>
#include <vector>

#include "solver/core/utc_time.hpp"

namespace netCDF {
class NcFile;
}

namespace lantian::transport {

/// One time record: file, index in the file's time axis, instant.
struct GlobalRecord {
  int file = 0;
  size_t index = 0;
  UtcTime time;
};

class GlobalCfFiles {
 public:
  /// Opens every file, finds the axes and checks that the files agree on them and that the
  /// records' times increase strictly across the files in the order given. Throws lantian::Error
  /// naming the file and variable: missing or non-monotonic axes, units that are no pressure or
  /// time, a calendar other than the standard one.
  explicit GlobalCfFiles(std::vector<std::string> files);
  ~GlobalCfFiles();
  GlobalCfFiles(const GlobalCfFiles&) = delete;
  GlobalCfFiles& operator=(const GlobalCfFiles&) = delete;

  const std::vector<std::string>& files() const noexcept { return files_; }
  const std::vector<GlobalRecord>& records() const noexcept { return records_; }
  /// Latitudes [degrees_north] (either order) and longitudes [degrees_east] (increasing).
  const std::vector<double>& lat() const noexcept { return lat_; }
  const std::vector<double>& lon() const noexcept { return lon_; }
  /// True when the longitudes close around the earth (the wrap is interpolated).
  bool lon_global() const noexcept { return lon_global_; }
  const std::string& lat_name() const noexcept { return lat_name_; }
  const std::string& lon_name() const noexcept { return lon_name_; }
  const std::string& lev_name() const noexcept { return lev_name_; }
  const std::string& time_name() const noexcept { return time_name_; }
  int nlev() const noexcept { return static_cast<int>(a_pa_.size()); }
  /// Level pressure p(k) = a_pa(k) + b(k) ps [Pa]; pressure levels have b = 0.
  const std::vector<double>& a_pa() const noexcept { return a_pa_; }
  const std::vector<double>& b() const noexcept { return b_; }
  bool hybrid() const noexcept { return !ps_name_.empty(); }
  /// The surface-pressure variable of a hybrid coordinate ("" for pressure levels).
  const std::string& ps_name() const noexcept { return ps_name_; }
  /// Factor from the surface-pressure variable's units to Pa.
  double ps_to_pa() const noexcept { return ps_to_pa_; }

  /// Checks that `var` exists in every file with dimensions (time, level, lat, lon) (or (time,
  /// lat, lon) when `surface`) and returns its `units` attribute ("" when absent).
  std::string check_variable(const std::string& var, bool surface) const;
  /// Record `r` of `var` on latitude rows [j0, j0 + nj) and longitude columns [i0, i0 + ni):
  /// values [level][row][column] (levels in file order; one level when `surface`), unpacked,
  /// in the variable's units. Throws naming file, variable and time at a missing value.
  std::vector<double> read_window(const std::string& var, bool surface, size_t r, int j0, int nj, int i0, int ni) const;

 private:
  std::vector<std::string> files_;
  std::vector<GlobalRecord> records_;
  std::vector<double> lat_, lon_, a_pa_, b_;
  bool lon_global_ = false;
  std::string lat_name_, lon_name_, lev_name_, time_name_, ps_name_;
  double ps_to_pa_ = 1.0;
  /// The file read last, kept open (one open per file rather than per variable and record).
  mutable std::unique_ptr<netCDF::NcFile> open_;
  mutable int open_index_ = -1;
};

}  // namespace lantian::transport
