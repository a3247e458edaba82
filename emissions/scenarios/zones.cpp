// GeoJSON zones and the point-in-polygon test (see zones.hpp).
#include "emissions/scenarios/zones.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "solver/core/error.hpp"

namespace lantian::emis {

namespace {

using Ring = std::vector<std::array<double, 2>>;
using json = nlohmann::json;

Ring parse_ring(const json& j, const std::string& path, const std::string& feature) {
  if (!j.is_array()) throw Error::in_file(path, "a ring is not an array", feature);
  Ring ring;
  for (const auto& p : j) {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number())
      throw Error::in_file(path, "a position is not [lon, lat]", feature);
    const double lon = p[0].get<double>(), lat = p[1].get<double>();
    if (!std::isfinite(lon) || !std::isfinite(lat) || lat < -90.0 || lat > 90.0)
      throw Error::in_file(path, "position out of range (lon " + std::to_string(lon) +
                                     ", lat " + std::to_string(lat) + ")",
                           feature);
    ring.push_back({lon, lat});
  }
  // Drop the closing point (GeoJSON repeats the first point); the test closes rings itself.
  if (ring.size() >= 2 && ring.front() == ring.back()) ring.pop_back();
  if (ring.size() < 3)
    throw Error::in_file(path, "a ring has fewer than 3 distinct points", feature);
  return ring;
}

void add_polygon(const json& coords, Zone& z, const std::string& path) {
  if (!coords.is_array() || coords.empty())
    throw Error::in_file(path, "Polygon coordinates are empty", z.name);
  for (const auto& r : coords) z.rings_lonlat.push_back(parse_ring(r, path, z.name));
}

}  // namespace

std::vector<Zone> read_zones_geojson(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error::in_file(path, "cannot open the zones file");
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::parse_error& e) {
    throw Error::in_file(path, std::string("malformed JSON: ") + e.what(), "", 0);
  }
  if (!doc.is_object() || doc.value("type", "") != "FeatureCollection" ||
      !doc.contains("features") || !doc["features"].is_array())
    throw Error::in_file(path, "not a GeoJSON FeatureCollection");
  std::vector<Zone> zones;
  std::set<std::string> names;
  int index = 0;
  for (const auto& f : doc["features"]) {
    const std::string where = "feature #" + std::to_string(index++);
    if (!f.is_object() || !f.contains("properties") || !f["properties"].is_object() ||
        !f["properties"].contains("name") || !f["properties"]["name"].is_string())
      throw Error::in_file(path, "feature without a string properties.name", where);
    Zone z;
    z.name = f["properties"]["name"].get<std::string>();
    if (!names.insert(z.name).second)
      throw Error::in_file(path, "duplicate zone name", z.name);
    if (!f.contains("geometry") || !f["geometry"].is_object())
      throw Error::in_file(path, "feature without a geometry", z.name);
    const auto& g = f["geometry"];
    const std::string type = g.value("type", "");
    if (!g.contains("coordinates"))
      throw Error::in_file(path, "geometry without coordinates", z.name);
    if (type == "Polygon") {
      add_polygon(g["coordinates"], z, path);
    } else if (type == "MultiPolygon") {
      if (!g["coordinates"].is_array() || g["coordinates"].empty())
        throw Error::in_file(path, "MultiPolygon coordinates are empty", z.name);
      for (const auto& poly : g["coordinates"]) add_polygon(poly, z, path);
    } else {
      throw Error::in_file(path, "unsupported geometry type '" + type +
                                     "' (Polygon or MultiPolygon expected)",
                           z.name);
    }
    zones.push_back(std::move(z));
  }
  if (zones.empty()) throw Error::in_file(path, "the FeatureCollection has no features");
  return zones;
}

bool zone_contains(const Zone& zone, double lon_deg, double lat_deg) {
  bool inside = false;
  for (const auto& ring : zone.rings_lonlat) {
    const size_t n = ring.size();
    for (size_t a = 0, b = n - 1; a < n; b = a++) {
      const double xa = ring[a][0], ya = ring[a][1];
      const double xb = ring[b][0], yb = ring[b][1];
      // Edge crosses the horizontal line through the point (half-open in latitude).
      if ((ya > lat_deg) != (yb > lat_deg)) {
        const double x_cross = xa + (lat_deg - ya) * (xb - xa) / (yb - ya);
        if (lon_deg < x_cross) inside = !inside;
      }
    }
  }
  return inside;
}

Zone make_box_zone(const std::string& name, double lon0_deg, double lat0_deg, double lon1_deg,
                   double lat1_deg) {
  if (!(lon0_deg < lon1_deg) || !(lat0_deg < lat1_deg))
    throw Error("zone '" + name + "': box must be [lon0, lat0, lon1, lat1] with lon0 < lon1 "
                "and lat0 < lat1");
  Zone z;
  z.name = name;
  z.rings_lonlat.push_back(
      {{lon0_deg, lat0_deg}, {lon1_deg, lat0_deg}, {lon1_deg, lat1_deg}, {lon0_deg, lat1_deg}});
  return z;
}

const Zone& find_zone(const std::vector<Zone>& zones, const std::string& name,
                      const std::string& where) {
  for (const auto& z : zones)
    if (z.name == name) return z;
  std::ostringstream known;
  for (size_t n = 0; n < zones.size(); ++n) known << (n ? ", " : "") << zones[n].name;
  throw Error::in_file(where, "unknown zone '" + name + "' (known: " + known.str() + ")");
}

std::array<double, 4> zone_bbox(const Zone& zone) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::array<double, 4> b{inf, inf, -inf, -inf};
  for (const auto& ring : zone.rings_lonlat)
    for (const auto& p : ring) {
      b[0] = std::min(b[0], p[0]);
      b[1] = std::min(b[1], p[1]);
      b[2] = std::max(b[2], p[0]);
      b[3] = std::max(b[3], p[1]);
    }
  return b;
}

}  // namespace lantian::emis
