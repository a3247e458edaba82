#pragma once
// Reading LanTian's CF-1.8 hourly output (docs/helpers-brief.md "Output file format") and
// writing gridded product files beside it (same y, x, lat, lon, landmask and crs; a "day" axis
// of local natural days or a "time" axis). Products written as <name>.part, renamed when done.
#include <cstdint>
#include <string>
#include <vector>

#include "solver/products/pollutants.hpp"

namespace lantian::products {

/// An opened output file: its axes and metadata. Fields are read on demand.
struct ModelOutput {
  std::string path;
  std::size_t nt = 0, ny = 0, nx = 0;
  std::vector<double> time_utc_h;  ///< [h since 1970-01-01 UTC]
  std::vector<double> lat, lon;    ///< [deg], ny*nx, x fastest
  std::vector<float> landmask;     ///< 1 land, 0 water; empty when absent
  std::string case_name, start_time, title;

  /// Opens and checks the axes; throws lantian::Error naming the file and variable.
  static ModelOutput open(const std::string& path);
  bool has(const std::string& var) const;
  /// NAME(time, y, x) as doubles [nt*ny*nx], fill values as NaN; `units` receives the units.
  std::vector<double> read(const std::string& var, std::string* units = nullptr) const;
  /// A pollutant in China units (ug m-3; CO mg m-3): gases from ppb (or ppm) at the reference
  /// state 298.15 K / 1013.25 hPa, particles as written (actual conditions).
  std::vector<double> read_china_units(Pollutant p) const;
  /// Throws unless consecutive times are exactly 1 h apart (products need hourly records).
  void require_hourly() const;
  std::size_t ncells() const noexcept { return ny * nx; }
};

/// Throws lantian::Error naming both files and the variable (nx/ny/lat/lon/time) that differs.
void check_same_grid(const ModelOutput& a, const ModelOutput& b, bool check_time = true);

/// A gridded product file on the grid of a model output.
class ProductFile {
 public:
  ProductFile(const std::string& path, const ModelOutput& grid, const std::string& title);
  ~ProductFile();
  ProductFile(const ProductFile&) = delete;
  ProductFile& operator=(const ProductFile&) = delete;
  /// Global text attribute.
  void attribute(const std::string& name, const std::string& value);
  /// Defines the "day" axis (local natural days; written as days since 1970-01-01 and as text).
  void set_days(const std::vector<std::int64_t>& days, double utc_offset_h);
  /// Defines the "time" axis [h since 1970-01-01 UTC].
  void set_times(const std::vector<double>& utc_h);
  /// Adds a float field over ("day"|"time", y, x) or ("", y, x); NaN marks missing values.
  void put(const std::string& name, const std::string& axis, const std::vector<double>& data, const std::string& units,
           const std::string& long_name, const std::string& comment = {});
  /// Closes and renames to the final name.
  void finish();
  const std::string& path() const noexcept { return path_; }

 private:
  struct Impl;
  Impl* impl_;
  std::string path_;
  std::size_t ny_, nx_;
};

}  // namespace lantian::products
