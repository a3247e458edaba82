#include "solver/products/zone_mask.hpp"

#include "emissions/scenarios/zones.hpp"
#include "solver/core/error.hpp"
#include "solver/core/log.hpp"

namespace lantian::products {

std::vector<std::size_t> ZoneMask::cells(int z) const {
  std::vector<std::size_t> c;
  for (std::size_t i = 0; i < id.size(); ++i)
    if (id[i] == z) c.push_back(i);
  return c;
}

ZoneMask whole_domain_zone(std::size_t nx, std::size_t ny, const std::string& name) {
  ZoneMask m;
  m.nx = nx;
  m.ny = ny;
  m.id.assign(nx * ny, 1);
  m.names = {name};
  return m;
}

ZoneMask zone_mask_from_geojson(const std::string& path, const std::vector<double>& lat, const std::vector<double>& lon,
                                std::size_t nx, std::size_t ny) {
  // The zones and the point-in-polygon rule are the emissions stage's (one reader for both).
  const auto zones = emis::read_zones_geojson(path);
  ZoneMask m;
  m.nx = nx;
  m.ny = ny;
  m.id.assign(nx * ny, 0);
  for (const auto& z : zones) m.names.push_back(z.name);
  for (std::size_t c = 0; c < nx * ny; ++c)
    for (std::size_t f = 0; f < zones.size(); ++f)
      if (emis::zone_contains(zones[f], lon[c], lat[c])) {
        m.id[c] = static_cast<int>(f) + 1;  // the first zone containing the centre
        break;
      }
  for (int z = 1; z <= m.count(); ++z)
    if (m.cells(z).empty())
      log::warn(path + ": zone '" + m.names[static_cast<std::size_t>(z - 1)] + "' holds no cell centre of the grid");
  return m;
}

}  // namespace lantian::products
