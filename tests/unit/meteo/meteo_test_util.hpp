#pragma once
// Helpers shared by the meteo tests: a serial decomposition of a whole grid, reading single
// values with NetCDF-C++ (independently of the reader under test), the au-test file list, UTC
// instants from text.
#include <filesystem>
#include <netcdf>
#include <string>
#include <vector>

#include "solver/core/error.hpp"
#include "solver/core/utc_time.hpp"
#include "solver/parallel/decomposition.hpp"
#include "support/test_data.hpp"

namespace lantian::test {

/// The whole nx x ny grid on one rank, with `halo` cells.
inline parallel::Decomposition serial_decomposition(int nx, int ny, int halo) {
  parallel::Decomposition d;
  d.nx_global = d.nx = nx;
  d.ny_global = d.ny = ny;
  d.halo = halo;
  return d;
}

/// The 25 au-test wrfout files in time order, or empty when the data are missing.
inline std::vector<std::string> au_test_files() {
  const std::string dir = shared_data("wrf/au-test-wrf451");
  std::vector<std::string> out;
  if (dir.empty()) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

/// The instant of a date-time literal ("2022-12-07 00:00:00"); lantian::Error if it is none.
inline UtcTime utc(const std::string& text) {
  const auto t = UtcTime::parse(text);
  if (!t) throw Error("test: '" + text + "' is not a date-time");
  return *t;
}

/// One value of a netCDF variable at the given indices (all dimensions), as double.
inline double nc_value(const std::string& path, const std::string& var, std::vector<size_t> idx) {
  netCDF::NcFile f(path, netCDF::NcFile::read);
  double v = 0;
  f.getVar(var).getVar(idx, &v);
  return v;
}

}  // namespace lantian::test
