#include "solver/products/zone_mask.hpp"

#include <nlohmann/json.hpp>

#include <fstream>

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

bool point_in_rings(const std::vector<Ring>& rings, double x, double y) noexcept {
  bool inside = false;
  for (const auto& r : rings) {
    const std::size_t n = r.size();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
      const double xi = r[i].first, yi = r[i].second, xj = r[j].first, yj = r[j].second;
      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

namespace {

using nlohmann::json;

Ring read_ring(const json& j, const std::string& path, const std::string& where) {
  if (!j.is_array() || j.size() < 3) throw Error::in_file(path, "a ring needs at least 3 [lon, lat] positions", where);
  Ring r;
  for (const auto& p : j) {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number())
      throw Error::in_file(path, "a position must be [lon, lat] numbers", where);
    r.emplace_back(p[0].get<double>(), p[1].get<double>());
  }
  return r;
}

std::vector<Ring> read_polygon(const json& j, const std::string& path, const std::string& where) {
  if (!j.is_array() || j.empty()) throw Error::in_file(path, "a Polygon needs an array of rings", where);
  std::vector<Ring> rings;
  for (std::size_t k = 0; k < j.size(); ++k) rings.push_back(read_ring(j[k], path, where + "[" + std::to_string(k) + "]"));
  return rings;
}

}  // namespace

ZoneMask zone_mask_from_geojson(const std::string& path, const std::vector<double>& lat, const std::vector<double>& lon,
                                std::size_t nx, std::size_t ny, const std::string& name_property) {
  std::ifstream in(path);
  if (!in) throw Error::in_file(path, "cannot open the zone file");
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::parse_error& e) {
    throw Error::in_file(path, std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_object() || doc.value("type", "") != "FeatureCollection" || !doc.contains("features") ||
      !doc["features"].is_array())
    throw Error::in_file(path, "expected a GeoJSON FeatureCollection with 'features'", "type");
  ZoneMask m;
  m.nx = nx;
  m.ny = ny;
  m.id.assign(nx * ny, 0);
  std::vector<std::vector<std::vector<Ring>>> polys;  // per feature: polygons
  const auto& feats = doc["features"];
  for (std::size_t f = 0; f < feats.size(); ++f) {
    const std::string where = "features[" + std::to_string(f) + "]";
    const auto& ft = feats[f];
    if (!ft.is_object() || !ft.contains("geometry") || !ft["geometry"].is_object())
      throw Error::in_file(path, "feature without a geometry", where);
    std::string name;
    if (ft.contains("properties") && ft["properties"].is_object() && ft["properties"].contains(name_property)) {
      const auto& p = ft["properties"][name_property];
      name = p.is_string() ? p.get<std::string>() : p.dump();
    }
    if (name.empty()) throw Error::in_file(path, "feature has no properties." + name_property, where);
    const auto& g = ft["geometry"];
    const std::string type = g.value("type", "");
    if (!g.contains("coordinates")) throw Error::in_file(path, "geometry without coordinates", where + ".geometry");
    std::vector<std::vector<Ring>> fp;
    if (type == "Polygon") {
      fp.push_back(read_polygon(g["coordinates"], path, where + ".geometry.coordinates"));
    } else if (type == "MultiPolygon") {
      const auto& c = g["coordinates"];
      if (!c.is_array()) throw Error::in_file(path, "MultiPolygon coordinates must be an array", where);
      for (std::size_t k = 0; k < c.size(); ++k)
        fp.push_back(read_polygon(c[k], path, where + ".geometry.coordinates[" + std::to_string(k) + "]"));
    } else {
      throw Error::in_file(path, "geometry type '" + type + "' is not Polygon or MultiPolygon", where + ".geometry.type");
    }
    m.names.push_back(name);
    polys.push_back(std::move(fp));
  }
  for (std::size_t c = 0; c < nx * ny; ++c) {
    for (std::size_t f = 0; f < polys.size() && m.id[c] == 0; ++f)
      for (const auto& poly : polys[f])
        if (point_in_rings(poly, lon[c], lat[c])) {
          m.id[c] = static_cast<int>(f) + 1;
          break;
        }
  }
  for (int z = 1; z <= m.count(); ++z)
    if (m.cells(z).empty()) log::warn(path + ": zone '" + m.names[static_cast<std::size_t>(z - 1)] + "' holds no cell centre of the grid");
  return m;
}

}  // namespace lantian::products
