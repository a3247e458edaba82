#pragma once
// Station observations: LanTian's CSV (station, lon, lat, time, one column per pollutant) and
// an adapter for the UCI "Beijing Multi-Site Air-Quality Data" files (PRSA_Data_*.csv; Zhang et
// al., 2017, Proc. R. Soc. A 473, doi:10.1098/rspa.2017.0457). Values are kept in China units
// (ug m-3; CO mg m-3) at the reference state; times in hours since 1970 UTC.
#include <string>
#include <vector>

#include "solver/products/compliance.hpp"

namespace lantian::products {

struct ObsStation {
  std::string id;
  double lon = k_nan, lat = k_nan;  ///< [deg]
};

struct ObsRecord {
  int station = 0;                       ///< index into ObsTable::stations
  double time_utc_h = 0.0;               ///< [h since 1970 UTC]
  PollutantValues v = missing_values();  ///< China units, NaN missing
  long line = 0;                         ///< line in the file (1-based)
};

struct ObsTable {
  std::string path;
  std::vector<ObsStation> stations;
  std::array<bool, k_npollutants> has{};  ///< pollutant columns present
  std::vector<ObsRecord> records;         ///< in file order
};

/// Reads LanTian's observation CSV. Header: `station,lon,lat,time,<POLLUTANT>[<units>]...`
/// (any order; pollutant names SO2 NO2 CO O3 PM10 PM25/PM2.5; units in brackets: ug m-3,
/// mg m-3, ppb, ppm; default ug m-3, CO mg m-3). Time ISO 8601, UTC unless `utc_offset_h` says
/// the file is in local time. Missing values: empty, NA, NaN or negative. Lines starting with
/// '#' are comments. A station and time given on two lines is an error naming both lines (the
/// statistics would count it twice). Throws lantian::Error naming the file, line and column.
ObsTable read_obs_csv(const std::string& path, double utc_offset_h = 0.0);

/// Reads a PRSA (UCI Beijing) file: No,year,month,day,hour,PM2.5,PM10,SO2,NO2,CO,O3,TEMP,PRES,
/// DEWP,RAIN,wd,WSPM,station; all in ug m-3 (CO too: converted to mg m-3); NA = missing; times
/// are Beijing local (UTC+8, `utc_offset_h`). The file holds no coordinates: give them.
/// A repeated station and hour is an error naming both lines.
ObsTable read_prsa_csv(const std::string& path, double lon, double lat, double utc_offset_h = 8.0);

/// A station's contiguous hourly series from its first to its last record (NaN in gaps).
/// Throws if a time is not on a whole hour or repeats.
SeriesSet station_series(const ObsTable& t, int station);

}  // namespace lantian::products
