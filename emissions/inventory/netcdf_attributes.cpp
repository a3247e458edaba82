// NetCDF access for the inventory readers (see netcdf_attributes.hpp).
#include "emissions/inventory/netcdf_attributes.hpp"

#include "solver/io/cf_read.hpp"

namespace lantian::emis::detail {

using netCDF::NcVar;

std::string att_string(const NcVar& v, const std::string& name) {
  try {
    const auto atts = v.getAtts();
    auto it = atts.find(name);
    if (it == atts.end()) return {};
    std::string s;
    it->second.getValues(s);
    while (!s.empty() && (s.back() == '\0' || s.back() == ' ')) s.pop_back();
    return s;
  } catch (...) {
    return {};
  }
}
double att_double(const NcVar& v, const std::string& name, double def) {
  auto atts = v.getAtts();
  auto it = atts.find(name);
  if (it == atts.end()) return def;
  std::vector<double> d(it->second.getAttLength());
  it->second.getValues(d.data());
  return d.empty() ? def : d[0];
}
std::vector<double> att_doubles(const NcVar& v, const std::string& name) {
  auto atts = v.getAtts();
  auto it = atts.find(name);
  if (it == atts.end()) return {};
  std::vector<double> d(it->second.getAttLength());
  it->second.getValues(d.data());
  return d;
}
std::vector<double> read_all(const NcVar& v, const std::string& path) { return io::read_cf_doubles(v, path); }

std::vector<double> read_emission(const NcVar& v, const std::vector<size_t>& start, const std::vector<size_t>& count,
                                  const std::string& path) {
  io::CfValues r = io::read_cf(v, start, count, path);
  for (size_t q = 0; q < r.values.size(); ++q)
    if (r.missing[q]) r.values[q] = 0.0;
  return std::move(r.values);
}
std::vector<double> read_emission(const NcVar& v, const std::string& path) {
  std::vector<size_t> start, count;
  for (const auto& d : v.getDims()) {
    start.push_back(0);
    count.push_back(d.getSize());
  }
  return read_emission(v, start, count, path);
}

}  // namespace lantian::emis::detail
