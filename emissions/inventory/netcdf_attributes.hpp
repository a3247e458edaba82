#pragma once
// NetCDF access shared by the NetCDF inventory readers: attributes as strings or numbers, and
// whole variables or emission slabs, CF-unpacked (scale_factor, add_offset, fill values).
#include <string>
#include <vector>

#include <netcdf>

namespace lantian::emis::detail {

/// A text attribute without trailing NULs and spaces; "" when absent or not text.
std::string att_string(const netCDF::NcVar& v, const std::string& name);
/// The first value of a numeric attribute, or `def` when absent.
double att_double(const netCDF::NcVar& v, const std::string& name, double def);
/// All values of a numeric attribute (empty when absent).
std::vector<double> att_doubles(const netCDF::NcVar& v, const std::string& name);
/// A whole variable, CF-unpacked (scale_factor/add_offset), missing values as NaN.
std::vector<double> read_all(const netCDF::NcVar& v, const std::string& path);
/// Emission values, CF-unpacked: fill values, missing_value and values outside the valid range
/// are cells without emission (0); NaN stored as data stays NaN for check_values to report.
std::vector<double> read_emission(const netCDF::NcVar& v, const std::vector<size_t>& start,
                                  const std::vector<size_t>& count, const std::string& path);
/// The whole variable, as read_emission.
std::vector<double> read_emission(const netCDF::NcVar& v, const std::string& path);

}  // namespace lantian::emis::detail
