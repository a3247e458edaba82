#pragma once
// Zones for aggregation: a per-cell integer zone id (0 = no zone, 1..n) and the zone names,
// built from GeoJSON polygons with the emissions stage's zone reader and its even-odd rule
// (emissions/scenarios/zones.hpp), testing each cell centre.
#include <string>
#include <vector>

namespace lantian::products {

struct ZoneMask {
  std::size_t nx = 0, ny = 0;
  std::vector<int> id;             ///< ny*nx, x fastest; 0 = outside every zone
  std::vector<std::string> names;  ///< names[z-1] is zone z
  int count() const noexcept { return static_cast<int>(names.size()); }
  /// Cells of zone z (1-based), in increasing index order.
  std::vector<std::size_t> cells(int z) const;
};

/// One zone, "domain" by default, holding every cell.
ZoneMask whole_domain_zone(std::size_t nx, std::size_t ny, const std::string& name = "domain");

/// Zone mask from a GeoJSON file (read by emissions/scenarios/zones.hpp, properties.name); a
/// cell belongs to the first zone containing its centre. Throws lantian::Error naming the file
/// and the feature on bad input.
ZoneMask zone_mask_from_geojson(const std::string& path, const std::vector<double>& lat, const std::vector<double>& lon,
                                std::size_t nx, std::size_t ny);

}  // namespace lantian::products
