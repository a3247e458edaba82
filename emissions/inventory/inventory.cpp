// Inventory reading: the format is chosen here, each format has its own reader
// (inventory_formats.hpp; point sources: point_sources.cpp).
#include "emissions/inventory/inventory.hpp"

#include <filesystem>
#include <regex>

#include <netcdf>

#include "emissions/inventory/inventory_formats.hpp"
#include "solver/core/error.hpp"

namespace lantian::emis {

namespace fs = std::filesystem;
using netCDF::NcFile;

double stream_total(const GriddedStream& s) {
  double t = 0.0;
  for (double v : s.per_cell) t += v;
  return t;
}

bool parse_meic_name(const std::string& path, int& year, int& month, std::string& sector, std::string& species) {
  static const std::regex re(R"(^(\d{4})_(\d{2})__([A-Za-z0-9_\-]+?)__([A-Za-z0-9_.\-]+)\.(asc|nc)$)");
  std::smatch m;
  const std::string name = fs::path(path).filename().string();
  if (!std::regex_match(name, m, re)) return false;
  year = std::stoi(m[1]);
  month = std::stoi(m[2]);
  sector = m[3];
  species = m[4];
  return month >= 1 && month <= 12;
}

Inventory read_inventory(const std::string& path, const InventoryOptions& opt) {
  if (!fs::exists(path)) throw Error::in_file(path, "inventory file not found");
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".asc") return detail::read_meic_ascii(path, opt);
  try {
    NcFile f(path, NcFile::read);
    const auto vars = f.getVars();
    if (vars.count("x_range") && vars.count("z")) return detail::read_meic_gmt(path, f, opt);
    if (!f.getDim("source").isNull() && vars.count("emis_cat_code")) return detail::read_tno(path, f);
    return detail::read_netcdf_cf(path, f, opt);
  } catch (const netCDF::exceptions::NcException& e) {
    throw Error::in_file(path, std::string("NetCDF error: ") + e.what());
  }
}

}  // namespace lantian::emis
