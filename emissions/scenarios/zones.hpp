#pragma once
// Named geographic zones (districts, neighbouring cities, lon/lat boxes) read from GeoJSON
// (RFC 7946) and a point-in-polygon test (even-odd crossing rule; Shimrat, 1962, "Algorithm
// 112: Position of point relative to polygon", CACM 5(8) 434, doi:10.1145/368637.368653).
#include <array>
#include <string>
#include <vector>

namespace lantian::emis {

/// A zone: one or more closed rings in lon/lat degrees. Outer rings and holes of a Polygon and
/// the parts of a MultiPolygon are all stored as rings; membership uses the even-odd rule over
/// all rings, so a hole removes its area and disjoint parts add theirs (parts of a
/// MultiPolygon must not overlap, as RFC 7946 requires).
struct Zone {
  std::string name;
  std::vector<std::vector<std::array<double, 2>>> rings_lonlat;  ///< [degree] {lon, lat}
};

/// Reads a GeoJSON FeatureCollection: one Zone per Feature with a Polygon or MultiPolygon
/// geometry, named by properties.name. Throws lantian::Error naming the file and the feature
/// (index and name) for malformed JSON, a missing name, a duplicate name, an unsupported
/// geometry, a ring with fewer than 3 distinct points, or a polygon that is not simple: a ring
/// that crosses, touches or folds back on itself, or two rings that cross (the message names
/// both edges by vertex number and position, and the crossing point). The test is exact
/// (integer orientation on coordinates rounded to 1e-9 degree); edges sharing a vertex are
/// not crossings; rings of one zone may touch at isolated points.
std::vector<Zone> read_zones_geojson(const std::string& path);

/// True when (lon, lat) lies inside the zone (even-odd rule). Points exactly on an edge are
/// assigned consistently (half-open in latitude), so a point on a boundary shared by two
/// zones of one tessellation belongs to exactly one of them.
bool zone_contains(const Zone& zone, double lon_deg, double lat_deg);

/// A rectangular zone lon0..lon1, lat0..lat1 [degree] (lon0 < lon1, lat0 < lat1).
Zone make_box_zone(const std::string& name, double lon0_deg, double lat0_deg, double lon1_deg, double lat1_deg);

/// The zone named `name` in `zones`; throws naming `where` (file) and the known names if
/// absent.
const Zone& find_zone(const std::vector<Zone>& zones, const std::string& name, const std::string& where);

/// Bounding box {lon_min, lat_min, lon_max, lat_max} [degree] of all rings.
std::array<double, 4> zone_bbox(const Zone& zone);

}  // namespace lantian::emis
