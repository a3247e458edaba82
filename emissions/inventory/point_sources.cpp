// Point sources from CSV (see inventory.hpp): eight stack columns, then one column per
// species with its unit in brackets.
#include "emissions/inventory/inventory.hpp"

#include <cmath>
#include <fstream>
#include <set>

#include "emissions/csv_fields.hpp"
#include "solver/core/error.hpp"

namespace lantian::emis {

namespace {

const std::vector<std::string> k_stack_columns{
    "id", "lon", "lat", "height_m", "diameter_m", "exit_temp_k", "exit_velocity_m_s", "sector"};

/// The header: the stack columns in order, then species columns `NAME[unit]` (t/yr when no
/// unit is given).
struct PointHeader {
  std::vector<std::string> columns;
  std::vector<std::string> species;
  std::vector<UnitSpec> units;
};

PointHeader read_header(const std::vector<std::string>& header, const std::string& path, long ln) {
  PointHeader h;
  h.columns = header;
  const auto& fixed = k_stack_columns;
  if (header.size() <= fixed.size())
    throw Error::in_file(
        path, "header must list " + std::to_string(fixed.size()) + " stack columns and at least one species", "", ln);
  for (size_t c = 0; c < fixed.size(); ++c)
    if (header[c] != fixed[c])
      throw Error::in_file(
          path, "column " + std::to_string(c + 1) + " must be '" + fixed[c] + "', found '" + header[c] + "'", "", ln);
  for (size_t c = fixed.size(); c < header.size(); ++c) {
    std::string name = header[c], u = "t/yr";
    const auto b = name.find('[');
    if (b != std::string::npos) {
      const auto e = name.find(']', b);
      if (e == std::string::npos) throw Error::in_file(path, "unclosed '[' in column '" + name + "'", "", ln);
      u = name.substr(b + 1, e - b - 1);
      name = name.substr(0, b);
    }
    h.species.push_back(name);
    UnitSpec us = parse_unit(u, path + " column " + name);
    if (us.per_m2) throw Error::in_file(path, "point emissions cannot be per m2", name, ln);
    h.units.push_back(us);
  }
  return h;
}

/// One data row with as many fields as the header: stack parameters checked, emissions
/// converted to base units.
PointSource read_row(const std::vector<std::string>& c, const PointHeader& h, const std::string& path, long ln) {
  auto num = [&](size_t k) {
    try {
      size_t used = 0;
      const double v = std::stod(c[k], &used);
      if (used != c[k].size()) throw 1;
      if (!std::isfinite(v)) throw 1;
      return v;
    } catch (...) {
      throw Error::in_file(path, "not a finite number: '" + c[k] + "'", h.columns[k], ln);
    }
  };
  PointSource p;
  p.id = c[0];
  p.lon_deg = num(1);
  p.lat_deg = num(2);
  p.height_m = num(3);
  p.diameter_m = num(4);
  p.exit_temp_k = num(5);
  p.exit_velocity_m_s = num(6);
  p.sector = c[7];
  if (p.lat_deg < -90 || p.lat_deg > 90) throw Error::in_file(path, "latitude out of range", "lat", ln);
  if (p.height_m < 0 || p.diameter_m <= 0 || p.exit_temp_k <= 0 || p.exit_velocity_m_s < 0)
    throw Error::in_file(path,
                         "stack parameters must be height >= 0, diameter > 0, "
                         "temperature > 0 K, velocity >= 0",
                         p.id, ln);
  for (size_t s = 0; s < h.species.size(); ++s) {
    const double v = num(k_stack_columns.size() + s);
    if (v < 0) throw Error::in_file(path, "negative emission", h.species[s], ln);
    UnitSpec ub = h.units[s];
    p.emis[h.species[s]] = v * ub.to_base;
    ub.to_base = 1.0;
    p.unit[h.species[s]] = ub;
  }
  p.origin = path + ":" + std::to_string(ln);
  return p;
}

}  // namespace

std::vector<PointSource> read_point_sources_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error::in_file(path, "cannot open the point-source file");
  std::string line;
  long ln = 0;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    ++ln;
    if (line.empty() || line[0] == '#') continue;
    header = csv_fields(line, path, ln);
    break;
  }
  const PointHeader h = read_header(header, path, ln);
  std::vector<PointSource> out;
  std::set<std::string> ids;
  while (std::getline(in, line)) {
    ++ln;
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto c = csv_fields(line, path, ln);
    if (c.size() != h.columns.size())
      throw Error::in_file(
          path, "expected " + std::to_string(h.columns.size()) + " columns, found " + std::to_string(c.size()), "", ln);
    if (!ids.insert(c[0]).second) throw Error::in_file(path, "duplicate id '" + c[0] + "'", "", ln);
    out.push_back(read_row(c, h, path, ln));
  }
  return out;
}

}  // namespace lantian::emis
