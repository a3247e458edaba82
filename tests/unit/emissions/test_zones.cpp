// Zones: GeoJSON reading, point-in-polygon with holes and multipolygons, boxes, and the shipped
// Yantai district file (each district contains its own seat and no other).
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "emissions/scenarios/zones.hpp"
#include "solver/core/error.hpp"
#include "support/test_data.hpp"

using namespace lantian::emis;

namespace {
std::string write(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string p = dir + "/" + name;
  std::ofstream(p) << text;
  return p;
}
}  // namespace

TEST_CASE("zone_contains: square with a hole and a second part", "[zones]") {
  const auto dir = lantian::test::scratch_dir("zones_hole");
  const auto p = write(dir, "z.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"A"},"geometry":{"type":"MultiPolygon","coordinates":[
      [[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[3,1],[3,3],[1,3],[1,1]]],
      [[[10,10],[11,10],[11,11],[10,11],[10,10]]]]}},
    {"type":"Feature","properties":{"name":"B"},"geometry":{"type":"Polygon","coordinates":[
      [[1,1],[3,1],[3,3],[1,3],[1,1]]]}}]})");
  const auto zones = read_zones_geojson(p);
  REQUIRE(zones.size() == 2);
  const Zone& a = find_zone(zones, "A", p);
  CHECK(a.rings_lonlat.size() == 3);
  CHECK(zone_contains(a, 0.5, 0.5));    // in the outer ring
  CHECK_FALSE(zone_contains(a, 2, 2));  // in the hole
  CHECK(zone_contains(a, 10.5, 10.5));  // in the second part
  CHECK_FALSE(zone_contains(a, 5, 5));
  CHECK(zone_contains(find_zone(zones, "B", p), 2, 2));
  // A point on the shared edge y = 1 belongs to exactly one of A and B (half-open rule).
  CHECK(zone_contains(a, 2, 1) != zone_contains(find_zone(zones, "B", p), 2, 1));
  CHECK_THROWS_AS(find_zone(zones, "C", p), lantian::Error);
}

TEST_CASE("box zones", "[zones]") {
  const Zone b = make_box_zone("box", 120.0, 37.0, 121.0, 38.0);
  CHECK(zone_contains(b, 120.5, 37.5));
  CHECK_FALSE(zone_contains(b, 121.5, 37.5));
  CHECK_FALSE(zone_contains(b, 120.5, 38.5));
  CHECK_THROWS_AS(make_box_zone("bad", 121.0, 37.0, 120.0, 38.0), lantian::Error);
  const auto bb = zone_bbox(b);
  CHECK(bb[0] == 120.0);
  CHECK(bb[3] == 38.0);
}

TEST_CASE("malformed zone files are errors naming the file", "[zones][errors]") {
  const auto dir = lantian::test::scratch_dir("zones_bad");
  auto expect_error = [&](const std::string& text, const std::string& fragment) {
    const auto p = write(dir, "bad.geojson", text);
    try {
      read_zones_geojson(p);
      FAIL("no error for " << text);
    } catch (const lantian::Error& e) {
      const std::string msg = e.what();
      CHECK(msg.find("bad.geojson") != std::string::npos);
      CHECK(msg.find(fragment) != std::string::npos);
    }
  };
  expect_error("{not json", "malformed JSON");
  expect_error(R"({"type":"Feature"})", "FeatureCollection");
  expect_error(R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
      "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]})",
               "properties.name");
  expect_error(R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"P"},
      "geometry":{"type":"Point","coordinates":[0,0]}}]})",
               "unsupported geometry");
  expect_error(R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"P"},
      "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}}]})",
               "fewer than 3");
}

TEST_CASE("self-intersecting polygons are errors naming the file, feature and edges", "[zones][errors]") {
  const auto dir = lantian::test::scratch_dir("zones_simple");
  auto fc = [](const std::string& geometry) {
    return R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"Ok"},"geometry":{"type":"Polygon","coordinates":[[[5,5],[6,5],[6,6],[5,5]]]}},
      {"type":"Feature","properties":{"name":"Bad"},"geometry":)" +
           geometry + "}]}";
  };
  auto expect_error = [&](const std::string& geometry, const std::vector<std::string>& fragments) {
    const auto p = write(dir, "bad.geojson", fc(geometry));
    try {
      read_zones_geojson(p);
      FAIL("no error for " << geometry);
    } catch (const lantian::Error& e) {
      const std::string msg = e.what();
      INFO(msg);
      CHECK(msg.find("bad.geojson") != std::string::npos);
      CHECK(msg.find("feature #1 'Bad'") != std::string::npos);
      for (const auto& f : fragments) CHECK(msg.find(f) != std::string::npos);
    }
  };
  // A bow tie: edge 1-2 crosses edge 3-4 at (1, 0.5).
  expect_error(R"({"type":"Polygon","coordinates":[[[0,0],[2,1],[2,0],[0,1],[0,0]]]})",
               {"outer ring intersects itself", "vertex 1 (0, 0) to vertex 2 (2, 1)", "crosses",
                "vertex 3 (2, 0) to vertex 4 (0, 1)", "at about (1, 0.5)"});
  // A figure eight pinched at a vertex that lies on a non-adjacent edge.
  expect_error(R"({"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[1,0],[0,2],[0,0]]]})",
               {"intersects itself", "touches"});
  // Spikes: the ring comes back along the line it went out on, at the next edge or later.
  expect_error(R"({"type":"Polygon","coordinates":[[[0,0],[2,0],[1,0],[1,2],[0,0]]]})",
               {"folds back on itself", "vertex 1 (0, 0) to vertex 2 (2, 0) and the edge from vertex 2"});
  expect_error(R"({"type":"Polygon","coordinates":[[[0,0],[2,0],[3,0],[1,0],[1,2],[0,0]]]})",
               {"intersects itself", "overlaps"});
  // A hole that crosses the outer ring.
  expect_error(R"({"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[5,1],[5,3],[1,3],[1,1]]]})",
               {"outer ring and hole 1 cross",
                "vertex 2 (4, 0) to vertex 3 (4, 4) (outer ring) crosses the edge from vertex 1 (1, 1) to vertex 2 (5, "
                "1) (hole 1) at about (4, 1)"});
  // Two parts of a MultiPolygon that cross.
  expect_error(
      R"({"type":"MultiPolygon","coordinates":[[[[0,0],[2,0],[2,2],[0,2],[0,0]]],[[[1,1],[3,1],[3,3],[1,3],[1,1]]]]})",
      {"part 1, outer ring and part 2, outer ring cross"});
  // Nearly collinear: vertex 2 lies 1e-8 degree (1 mm) above the line from vertex 1 to 3; the
  // exact test sees a thin but simple ring, where a tolerance could call it a fold.
  const auto ok =
      write(dir, "ok.geojson", fc(R"({"type":"Polygon","coordinates":[[[0,0],[1,1e-8],[2,0],[1,1],[0,0]]]})"));
  CHECK_NOTHROW(read_zones_geojson(ok));
  // Accepted: parts touching at one point; repeated consecutive vertices; a triangle.
  const auto touch =
      write(dir, "touch.geojson",
            fc(R"({"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[1,1],[2,1],[2,2],[1,1]]]]})"));
  CHECK_NOTHROW(read_zones_geojson(touch));
  const auto rep =
      write(dir, "rep.geojson", fc(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,0],[1,1],[0,1],[0,0]]]})"));
  CHECK(read_zones_geojson(rep).size() == 2);
}

TEST_CASE("the shipped zone files are simple polygons", "[zones]") {
  for (const char* f : {"yantai_districts.geojson", "neighbours.geojson"})
    CHECK_NOTHROW(read_zones_geojson(lantian::test::source_dir() + "/configs/zones/" + f));
}

TEST_CASE("Yantai districts: each seat lies in its own district only", "[zones]") {
  const auto zones = read_zones_geojson(lantian::test::source_dir() + "/configs/zones/yantai_districts.geojson");
  REQUIRE(zones.size() == 11);
  // District seats from the project's reference notes (section 5), [degree].
  const struct {
    const char* name;
    double lon, lat;
  } seats[] = {{"Zhifu", 121.40, 37.54},   {"Fushan", 121.27, 37.50},  {"Muping", 121.60, 37.38},
               {"Laishan", 121.44, 37.51}, {"Penglai", 120.73, 37.82}, {"Longkou", 120.49, 37.66},
               {"Laiyang", 120.71, 36.98}, {"Laizhou", 119.93, 37.18}, {"Zhaoyuan", 120.40, 37.36},
               {"Qixia", 120.85, 37.34},   {"Haiyang", 121.17, 36.78}};
  for (const auto& s : seats)
    for (const auto& z : zones) CHECK(zone_contains(z, s.lon, s.lat) == (z.name == s.name));
  // Changdao (37.92 N 120.74 E) is part of Penglai (second polygon of a MultiPolygon).
  CHECK(zone_contains(find_zone(zones, "Penglai", "test"), 120.74, 37.92));
  const auto nb = read_zones_geojson(lantian::test::source_dir() + "/configs/zones/neighbours.geojson");
  CHECK(nb.size() == 3);
  CHECK(zone_contains(find_zone(nb, "Weihai", "test"), 122.12, 37.51));
}
