#pragma once
// A series of WRF output files (wrfout) read as one time line: the records of every file, in
// order, with the domain's global attributes, and hyperslab reads of single variables at one
// record (each MPI rank reads only its block). Format: WRF ARW output as described in the WRF
// User's Guide (Skamarock et al. 2019, NCAR/TN-556+STR, doi:10.5065/1dfh-6p97), any netCDF
// flavour (classic, 64-bit offset, netCDF-4).
#include <mpi.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "solver/core/utc_time.hpp"

namespace netCDF {
class NcFile;
}

namespace lantian::meteo {

/// One time record: file number in the series, index along the file's Time dimension and the
/// valid time (from Times, parsed once when the series is opened).
struct WrfRecord {
  int file = 0;
  int index = 0;
  UtcTime time;
};

/// Global attributes of the (first) file, in WRF's names.
struct WrfAttributes {
  int map_proj = 0;                                       ///< 1 LCC, 2 polar stereographic, 3 Mercator, 6 latlon
  double truelat1 = 0, truelat2 = 0;                      ///< [degree]
  double stand_lon = 0;                                   ///< [degree]
  double cen_lat = 0, cen_lon = 0;                        ///< centre of this domain [degree]
  double moad_cen_lat = 0;                                ///< centre latitude of the mother domain [degree]
  double pole_lat = 90.0;                                 ///< POLE_LAT (lat-lon grids: 90 unless rotated) [degree]
  double dx = 0, dy = 0;                                  ///< [m]
  int we_grid_dim = 0, sn_grid_dim = 0, bt_grid_dim = 0;  ///< staggered sizes, as attributes
  int iswater = -1, isurban = -1, islake = -1;            ///< land-use categories (-1: absent)
  double bucket_mm = -1.0;                                ///< rain bucket size [mm] (<= 0: no buckets)
  std::string mminlu;                                     ///< land-use table name (USGS, MODIFIED_IGBP_MODIS_NOAH)
  std::string simulation_start;                           ///< SIMULATION_START_DATE ("" if absent)
};

class WrfSeries {
 public:
  /// Opens every file (in the order given), reads and checks Times, dimensions and the global
  /// attributes. Throws lantian::Error naming the file, variable and time index on: a missing
  /// file or Times variable, dimensions that differ between files, times that are not
  /// increasing (within or across files, including overlaps) or unevenly spaced (a gap).
  explicit WrfSeries(std::vector<std::string> files);
  ~WrfSeries();

  /// The constructor's series with the files' headers read over the ranks of `comm`: file f
  /// by rank f mod nranks, its header sent to rank 0, which checks them in file order as the
  /// constructor does (the same checks, warnings and first error, whatever the rank count).
  /// Collective. Returns the series on rank 0, nullptr on the others; throws on rank 0 alone
  /// (a caller's agreement, parallel::all_or_none, tells the others). A run on N ranks thus
  /// opens each file once, the opens shared out, and no rank opens them all.
  static std::unique_ptr<WrfSeries> open_shared(std::vector<std::string> files, MPI_Comm comm);

  /// What the constructor read (the files, their records, sizes, attributes and the first
  /// file's variable names) as a string, and a series rebuilt from such a string without
  /// opening any file (wrf_series_description.cpp). One rank reads and checks the files and
  /// the others take its description, so that a run opens each file's header once, not once
  /// per rank; a series rebuilt this way opens a file when a record of it is first read.
  /// from_description throws lantian::Error when the string is not such a description.
  std::string description() const;
  static std::unique_ptr<WrfSeries> from_description(const std::string& text);
  WrfSeries(const WrfSeries&) = delete;
  WrfSeries& operator=(const WrfSeries&) = delete;

  const std::vector<std::string>& files() const noexcept { return files_; }
  const std::vector<WrfRecord>& records() const noexcept { return records_; }
  const WrfAttributes& attributes() const noexcept { return att_; }
  /// Mass-point sizes of the files (west_east, south_north, bottom_top).
  int nx() const noexcept { return nx_; }
  int ny() const noexcept { return ny_; }
  int nz() const noexcept { return nz_; }
  /// Spacing of the records [s] (0 for a single record).
  std::int64_t interval_s() const noexcept { return interval_s_; }

  /// True when the first file has the variable.
  bool has(const std::string& var) const;

  /// Reads the block [k0, k0+nk) x [j0, j0+nj) x [i0, i0+ni) of `var` at record `rec`, with
  /// i fastest, as double. Indices count along the variable's own (possibly staggered)
  /// dimensions; for a 2-D variable (y, x) pass k0 = 0, nk = 1. Variables without a Time
  /// dimension (static fields in post-processed files) are read the same. Checks that the
  /// variable exists, that its dimensions are `expect_dims` (e.g. {"bottom_top",
  /// "south_north", "west_east_stag"}) and that no value is NaN, infinite or missing. Values are
  /// read with CF unpacking (scale_factor/add_offset, as ncpdq leaves them). A bad value is
  /// named by the file, variable, ISO time and global grid point (see point()).
  std::vector<double> read(const std::string& var, int rec, const std::vector<std::string>& expect_dims, int k0, int nk,
                           int j0, int nj, int i0, int ni) const;

  /// A whole 2-D mass-point field (south_north x west_east) at a record.
  std::vector<double> read_2d(const std::string& var, int rec) const {
    return read(var, rec, {"south_north", "west_east"}, 0, 1, 0, ny_, 0, nx_);
  }

  /// Checks that every file can be read to its end: not a truncated netCDF-3 file (header
  /// against file size), and the last time record of each of `vars` present in the file reads
  /// (HDF5 errors of truncated netCDF-4 files) and is not all fill values. Throws lantian::Error
  /// naming the file and the variable. Cost: one record of each variable per file.
  void check_readable(const std::vector<std::string>& vars) const;
  /// The same for file `file` alone (0-based index in files()).
  void check_file_readable(int file, const std::vector<std::string>& vars) const;

  /// Valid time of a record as ISO 8601 UTC ("2022-12-07T01:00:00Z").
  std::string iso_time(int rec) const;
  /// "WRF grid point (i, j, k) = (...) (...), lat .. lon .." for messages: the file's global
  /// 0-based indices (the same on every rank) and the nearest mass point's XLAT/XLONG. `dims`:
  /// the variable's dimension names, to name staggered ones (may be empty).
  std::string point(int rec, int i, int j, int k, const std::vector<std::string>& dims = {}) const;

  /// "file, time index i (YYYY-MM-DD_HH:MM:SS)" for messages.
  std::string where(int rec) const;
  /// Valid time of a record in WRF's form ("2022-12-07_01:00:00").
  std::string time_string(int rec) const;

 private:
  WrfSeries();  ///< empty, for from_description and open_shared
  netCDF::NcFile& open(int file) const;
  /// Sizes, variable names and global attributes of the first file.
  void read_first_file(netCDF::NcFile& f, const std::string& path);
  /// What the series takes from one file, as read without the files before it; the errors
  /// met reading it are kept as messages, for add_file to raise in the constructor's order.
  struct FileHeader {
    std::string open_error;          ///< missing, not netCDF, or (first file) no size or attribute
    int dims[3] = {-1, -1, -1};      ///< west_east, south_north, bottom_top (-1: missing)
    std::string times_error;         ///< no Times(Time, DateStrLen)
    std::vector<std::string> times;  ///< the Times entries as stored
    bool has_xtime = false;          ///< XTIME(Time) and SIMULATION_START_DATE present
    std::string simulation_start;
    std::vector<double> xtime_min;  ///< XTIME [minutes since SIMULATION_START_DATE]
    std::string xtime_error;        ///< XTIME unreadable
  };
  /// Reads file `fi`'s header (the first file's sizes, variables and attributes into *this).
  FileHeader read_header(int fi);
  /// Checks file `fi`'s header against the files before it (sizes, times increasing evenly)
  /// and appends its records; warns when XTIME disagrees with Times.
  void add_file(int fi, const FileHeader& h);
  /// A header as a string, and the headers of such strings one after another, back
  /// (wrf_series_description.cpp).
  static std::string encode(const FileHeader& h);
  static std::vector<FileHeader> decode_all(const std::string& text);

  std::vector<std::string> files_;
  std::vector<WrfRecord> records_;
  WrfAttributes att_;
  int nx_ = 0, ny_ = 0, nz_ = 0;
  std::int64_t interval_s_ = 0;
  // A small cache of open files (a month of hourly files would exceed the open-file limit).
  mutable std::vector<std::pair<int, std::unique_ptr<netCDF::NcFile>>> open_;
  std::vector<std::string> first_vars_;
};

/// Expands a list of paths and shell globs (`*`, `?`, `[...]` in the file name) into a sorted
/// list of existing files; relative entries resolve against `base_dir`. Throws if an entry
/// matches nothing.
std::vector<std::string> expand_file_globs(const std::vector<std::string>& patterns, const std::string& base_dir);

}  // namespace lantian::meteo
