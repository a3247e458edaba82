// Tests of solver/products/zone_mask.cpp: the even-odd rule with holes and multipolygons, the
// mask of a grid, and the project's Yantai district file (each district seat in its district).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>

#include "emissions/scenarios/zones.hpp"
#include "solver/products/zone_mask.hpp"
#include "support/test_data.hpp"

using namespace lantian::products;

TEST_CASE("Point in polygon with a hole", "[zones]") {
  // Square 0..4 with a hole 1..3: (0.5, 0.5) inside, (2, 2) in the hole, (5, 2) outside.
  const lantian::emis::Zone poly{"p", {{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{1, 1}, {3, 1}, {3, 3}, {1, 3}}}};
  CHECK(lantian::emis::zone_contains(poly, 0.5, 0.5));
  CHECK_FALSE(lantian::emis::zone_contains(poly, 2, 2));
  CHECK_FALSE(lantian::emis::zone_contains(poly, 5, 2));
  // A triangle: (1, 0.4) inside (below the hypotenuse y = x / 2 ... 0.5), (1, 0.6) outside.
  const lantian::emis::Zone tri{"t", {{{0, 0}, {2, 0}, {2, 1}}}};
  CHECK(lantian::emis::zone_contains(tri, 1.0, 0.4));
  CHECK_FALSE(lantian::emis::zone_contains(tri, 1.0, 0.6));
}

TEST_CASE("Zone mask of a grid from GeoJSON", "[zones]") {
  const auto dir = lantian::test::scratch_dir("zone_mask");
  std::ofstream(dir + "/z.geojson") << R"({"type": "FeatureCollection", "features": [
   {"type": "Feature", "properties": {"name": "A"}, "geometry": {"type": "MultiPolygon", "coordinates": [
      [[[-0.5, -0.5], [1.5, -0.5], [1.5, 0.5], [-0.5, 0.5], [-0.5, -0.5]]],
      [[[2.5, 1.5], [3.5, 1.5], [3.5, 2.5], [2.5, 2.5], [2.5, 1.5]]]]}},
   {"type": "Feature", "properties": {"name": "B"}, "geometry": {"type": "Polygon", "coordinates":
      [[[-0.5, -0.5], [4.5, -0.5], [4.5, 2.5], [-0.5, 2.5], [-0.5, -0.5]]]}}]})";
  // 5 x 3 cells at lon = i, lat = j.
  std::vector<double> lat, lon;
  for (int j = 0; j < 3; ++j)
    for (int i = 0; i < 5; ++i) {
      lat.push_back(j);
      lon.push_back(i);
    }
  const auto m = zone_mask_from_geojson(dir + "/z.geojson", lat, lon, 5, 3);
  REQUIRE(m.names == std::vector<std::string>{"A", "B"});
  // A: cells (0,0), (1,0) and (3,2); B: the rest (the first feature wins).
  CHECK(m.cells(1) == std::vector<std::size_t>{0, 1, 13});
  CHECK(m.cells(2).size() == 12);
  CHECK(whole_domain_zone(5, 3).cells(1).size() == 15);
  std::ofstream(dir + "/bad.geojson") << R"({"type": "FeatureCollection", "features": [
   {"type": "Feature", "properties": {"name": "A"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0]]]}}]})";
  CHECK_THROWS_WITH(zone_mask_from_geojson(dir + "/bad.geojson", lat, lon, 5, 3),
                    Catch::Contains("bad.geojson") && Catch::Contains("fewer than 3 distinct points"));
  std::ofstream(dir + "/noname.geojson") << R"({"type": "FeatureCollection", "features": [
   {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1]]]}}]})";
  CHECK_THROWS_WITH(zone_mask_from_geojson(dir + "/noname.geojson", lat, lon, 5, 3),
                    Catch::Contains("noname.geojson") && Catch::Contains("properties.name"));
  std::ofstream(dir + "/json.geojson") << "{\"type\": ";
  CHECK_THROWS_WITH(zone_mask_from_geojson(dir + "/json.geojson", lat, lon, 5, 3),
                    Catch::Contains("json.geojson") && Catch::Contains("malformed JSON"));
}

TEST_CASE("Yantai district file: every district seat lies in its district", "[zones]") {
  const auto path = lantian::test::source_dir() + "/configs/zones/yantai_districts.geojson";
  std::ifstream in(path);
  if (!in) {
    WARN("SKIPPED: " << path << " absent");
    return;
  }
  const auto doc = nlohmann::json::parse(in);
  std::vector<double> lat, lon;
  std::vector<std::string> names;
  for (const auto& f : doc["features"]) {
    const auto& p = f["properties"];
    if (!p.contains("seat_lon")) continue;
    names.push_back(p["name"].get<std::string>());
    lon.push_back(p["seat_lon"].get<double>());
    lat.push_back(p["seat_lat"].get<double>());
  }
  REQUIRE(names.size() >= 5);
  // A one-row "grid" whose cells are the seats.
  const auto m = zone_mask_from_geojson(path, lat, lon, names.size(), 1);
  for (std::size_t c = 0; c < names.size(); ++c) {
    INFO(names[c]);
    REQUIRE(m.id[c] > 0);
    CHECK(m.names[static_cast<std::size_t>(m.id[c] - 1)] == names[c]);
  }
}
