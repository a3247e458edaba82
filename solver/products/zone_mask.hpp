#pragma once
// Zones for aggregation: a per-cell integer zone id (0 = no zone, 1..n) and the zone names,
// built from GeoJSON polygons (FeatureCollection; properties.name; Polygon/MultiPolygon in
// lon/lat degrees) by testing each cell centre with the even-odd (crossing-number) rule
// (Shimrat 1962, "Algorithm 112: Position of point relative to polygon", CACM 5(8) 434,
// doi:10.1145/368637.368653). Could later share code with emissions' zone reader
// (emissions/scenarios/zones.hpp).
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

/// A ring of (lon, lat) vertices; the closing vertex may repeat the first.
using Ring = std::vector<std::pair<double, double>>;
/// Even-odd rule over all rings of one polygon (outer ring and holes).
bool point_in_rings(const std::vector<Ring>& rings, double lon, double lat) noexcept;

/// Zone mask from a GeoJSON file; a cell belongs to the first feature containing its centre.
/// `name_property` names the feature property that holds the zone name. Throws lantian::Error
/// naming the file and the feature on bad input.
ZoneMask zone_mask_from_geojson(const std::string& path, const std::vector<double>& lat,
                                const std::vector<double>& lon, std::size_t nx, std::size_t ny,
                                const std::string& name_property = "name");

}  // namespace lantian::products
