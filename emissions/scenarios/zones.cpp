// GeoJSON zones and the point-in-polygon test (see zones.hpp).
#include "emissions/scenarios/zones.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iomanip>
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
    if (!std::isfinite(lon) || !std::isfinite(lat) || std::fabs(lon) > 360.0 || lat < -90.0 || lat > 90.0)
      throw Error::in_file(
          path, "position out of range (lon " + std::to_string(lon) + ", lat " + std::to_string(lat) + ")", feature);
    ring.push_back({lon, lat});
  }
  // Drop the closing point (GeoJSON repeats the first point); the test closes rings itself.
  if (ring.size() >= 2 && ring.front() == ring.back()) ring.pop_back();
  if (ring.size() < 3) throw Error::in_file(path, "a ring has fewer than 3 distinct points", feature);
  return ring;
}

/// Appends a Polygon's rings to the zone and a label per ring ("outer ring", "hole 1", with
/// "part p, " in front for MultiPolygon parts) for messages.
void add_polygon(const json& coords, Zone& z, const std::string& path, const std::string& part,
                 std::vector<std::string>& labels) {
  if (!coords.is_array() || coords.empty()) throw Error::in_file(path, "Polygon coordinates are empty", z.name);
  int k = 0;
  for (const auto& r : coords) {
    z.rings_lonlat.push_back(parse_ring(r, path, z.name));
    labels.push_back(part + (k == 0 ? std::string("outer ring") : "hole " + std::to_string(k)));
    ++k;
  }
}

// ---- Simplicity of rings ---------------------------------------------------------------
// Orientation tests are exact: coordinates are rounded to integers of 1e-9 degree (0.1 mm,
// far below the precision of any boundary file) and the cross products are formed in 128-bit
// integers (|coordinate| < 2^39, so products stay below 2^81). Floating-point orientation can
// misjudge nearly collinear edges; integers cannot.
__extension__ typedef __int128 Int128;
struct IPoint {
  std::int64_t x, y;
};
IPoint to_int(const std::array<double, 2>& p) {
  return {static_cast<std::int64_t>(std::llround(p[0] * 1e9)), static_cast<std::int64_t>(std::llround(p[1] * 1e9))};
}
int orient(const IPoint& a, const IPoint& b, const IPoint& c) {
  const Int128 d = static_cast<Int128>(b.x - a.x) * (c.y - a.y) - static_cast<Int128>(b.y - a.y) * (c.x - a.x);
  return d > 0 ? 1 : (d < 0 ? -1 : 0);
}
/// c lies in the bounding box of a-b (with orient(a, b, c) == 0: on the segment).
bool within(const IPoint& a, const IPoint& b, const IPoint& c) {
  return std::min(a.x, b.x) <= c.x && c.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= c.y &&
         c.y <= std::max(a.y, b.y);
}

enum class Contact { none, touch, cross, overlap };

/// How segments p1-p2 and q1-q2 meet: `cross` (interiors cross at one point), `touch` (an
/// endpoint lies on the other segment), `overlap` (collinear with a common part of positive
/// length), or `none`.
Contact contact(const IPoint& p1, const IPoint& p2, const IPoint& q1, const IPoint& q2) {
  const int d1 = orient(q1, q2, p1), d2 = orient(q1, q2, p2);
  const int d3 = orient(p1, p2, q1), d4 = orient(p1, p2, q2);
  if (d1 == 0 && d2 == 0) {  // collinear: compare the projections on the longer axis
    const bool use_x = std::max(p1.x, p2.x) - std::min(p1.x, p2.x) >= std::max(p1.y, p2.y) - std::min(p1.y, p2.y);
    auto lo = [&](const IPoint& a, const IPoint& b) { return use_x ? std::min(a.x, b.x) : std::min(a.y, b.y); };
    auto hi = [&](const IPoint& a, const IPoint& b) { return use_x ? std::max(a.x, b.x) : std::max(a.y, b.y); };
    const std::int64_t l = std::max(lo(p1, p2), lo(q1, q2)), h = std::min(hi(p1, p2), hi(q1, q2));
    if (l < h) return Contact::overlap;
    return l == h ? Contact::touch : Contact::none;
  }
  if (d1 * d2 < 0 && d3 * d4 < 0) return Contact::cross;
  if ((d1 == 0 && within(q1, q2, p1)) || (d2 == 0 && within(q1, q2, p2)) || (d3 == 0 && within(p1, p2, q1)) ||
      (d4 == 0 && within(p1, p2, q2)))
    return Contact::touch;
  return Contact::none;
}

std::string lonlat_text(const std::array<double, 2>& p) {
  std::ostringstream os;
  os << std::setprecision(10) << "(" << p[0] << ", " << p[1] << ")";
  return os.str();
}

/// Throws when a ring crosses or touches itself (edges sharing a vertex are not crossings,
/// unless the second folds back along the first), or when two rings of the zone cross.
/// Rings touching each other at a point are allowed (as in OGC Simple Features). Edges are
/// swept in order of their western end, so only edges whose longitude ranges overlap are
/// compared: O(n log n + k) for n edges and k overlapping pairs.
void check_simple(const Zone& z, const std::vector<std::string>& labels, const std::string& path,
                  const std::string& feature) {
  struct Edge {
    size_t ring, k;  // ring index, position of the first vertex in the ring
    IPoint a, b;
    std::int64_t xmin, xmax, ymin, ymax;
  };
  std::vector<std::vector<size_t>> vertex_of;  // per ring: ring index of each kept vertex
  std::vector<Edge> edges;
  for (size_t r = 0; r < z.rings_lonlat.size(); ++r) {
    const auto& ring = z.rings_lonlat[r];
    std::vector<size_t> keep;  // vertices after dropping consecutive repeats
    for (size_t k = 0; k < ring.size(); ++k) {
      const IPoint p = to_int(ring[k]);
      if (!keep.empty()) {
        const IPoint q = to_int(ring[keep.back()]);
        if (q.x == p.x && q.y == p.y) continue;
      }
      keep.push_back(k);
    }
    while (keep.size() > 1) {
      const IPoint f = to_int(ring[keep.front()]), l = to_int(ring[keep.back()]);
      if (f.x != l.x || f.y != l.y) break;
      keep.pop_back();
    }
    if (keep.size() < 3)
      throw Error::in_file(path, feature + ", " + labels[r] + ": fewer than 3 distinct points", z.name);
    for (size_t m = 0; m < keep.size(); ++m) {
      const IPoint a = to_int(ring[keep[m]]), b = to_int(ring[keep[(m + 1) % keep.size()]]);
      edges.push_back({r, m, a, b, std::min(a.x, b.x), std::max(a.x, b.x), std::min(a.y, b.y), std::max(a.y, b.y)});
    }
    vertex_of.push_back(std::move(keep));
  }
  std::stable_sort(edges.begin(), edges.end(), [](const Edge& p, const Edge& q) { return p.xmin < q.xmin; });
  auto vertex = [&](size_t r, size_t m) {
    const auto& v = vertex_of[r];
    return z.rings_lonlat[r][v[m % v.size()]];
  };
  auto edge_text = [&](const Edge& e) {
    const size_t n = vertex_of[e.ring].size();
    return "the edge from vertex " + std::to_string(vertex_of[e.ring][e.k] + 1) + " " +
           lonlat_text(vertex(e.ring, e.k)) + " to vertex " + std::to_string(vertex_of[e.ring][(e.k + 1) % n] + 1) +
           " " + lonlat_text(vertex(e.ring, e.k + 1));
  };
  for (size_t i = 0; i < edges.size(); ++i) {
    const Edge& e = edges[i];
    for (size_t j = i + 1; j < edges.size() && edges[j].xmin <= e.xmax; ++j) {
      const Edge& f = edges[j];
      if (f.ymin > e.ymax || f.ymax < e.ymin) continue;
      const bool same = e.ring == f.ring;
      const size_t n = vertex_of[e.ring].size();
      const bool adjacent = same && ((e.k + 1) % n == f.k || (f.k + 1) % n == e.k);
      const Contact c = contact(e.a, e.b, f.a, f.b);
      if (c == Contact::none) continue;
      // Name the two edges in file order.
      const bool swap = f.ring < e.ring || (same && f.k < e.k);
      const Edge& e1 = swap ? f : e;
      const Edge& e2 = swap ? e : f;
      std::string what;
      if (adjacent) {
        if (c != Contact::overlap) continue;  // sharing their common vertex only
        what = labels[e.ring] + " folds back on itself: " + edge_text(e1) + " and " + edge_text(e2) + " overlap";
      } else if (c == Contact::cross || c == Contact::overlap || (same && c == Contact::touch)) {
        std::string at;
        if (c == Contact::cross) {
          // Where they cross (for the message only; floating point is enough here).
          const auto p1 = vertex(e1.ring, e1.k), p2 = vertex(e1.ring, e1.k + 1);
          const auto q1 = vertex(e2.ring, e2.k), q2 = vertex(e2.ring, e2.k + 1);
          const double den = (p2[0] - p1[0]) * (q2[1] - q1[1]) - (p2[1] - p1[1]) * (q2[0] - q1[0]);
          const double t = ((q1[0] - p1[0]) * (q2[1] - q1[1]) - (q1[1] - p1[1]) * (q2[0] - q1[0])) / den;
          at = " at about " + lonlat_text({p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])});
        }
        const char* verb = c == Contact::cross ? " crosses " : (c == Contact::overlap ? " overlaps " : " touches ");
        if (same) what = labels[e1.ring] + " intersects itself: " + edge_text(e1) + verb + edge_text(e2) + at;
        else
          what = labels[e1.ring] + " and " + labels[e2.ring] + " cross: " + edge_text(e1) + " (" + labels[e1.ring] +
                 ")" + verb + edge_text(e2) + " (" + labels[e2.ring] + ")" + at;
      } else {
        continue;
      }
      throw Error::in_file(path, feature + " is not a simple polygon: " + what, z.name);
    }
  }
}

}  // namespace

std::vector<Zone> read_zones_geojson(const std::string& path) {
  std::ifstream in(path);
  // A directory opens as a stream on Linux but throws std::ios_base::failure when read.
  if (!in || std::filesystem::is_directory(path)) throw Error::in_file(path, "cannot open the zones file");
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for a number like 1e999
    throw Error::in_file(path, std::string("malformed JSON: ") + e.what(), "", 0);
  }
  if (!doc.is_object() || !doc.contains("type") || doc["type"] != "FeatureCollection" || !doc.contains("features") ||
      !doc["features"].is_array())
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
    if (!names.insert(z.name).second) throw Error::in_file(path, "duplicate zone name", z.name);
    if (!f.contains("geometry") || !f["geometry"].is_object())
      throw Error::in_file(path, "feature without a geometry", z.name);
    const auto& g = f["geometry"];
    const std::string type = g.contains("type") && g["type"].is_string() ? g["type"].get<std::string>() : "";
    if (!g.contains("coordinates")) throw Error::in_file(path, "geometry without coordinates", z.name);
    std::vector<std::string> labels;
    if (type == "Polygon") {
      add_polygon(g["coordinates"], z, path, "", labels);
    } else if (type == "MultiPolygon") {
      if (!g["coordinates"].is_array() || g["coordinates"].empty())
        throw Error::in_file(path, "MultiPolygon coordinates are empty", z.name);
      int part = 0;
      for (const auto& poly : g["coordinates"])
        add_polygon(poly, z, path, "part " + std::to_string(++part) + ", ", labels);
    } else {
      throw Error::in_file(path, "unsupported geometry type '" + type + "' (Polygon or MultiPolygon expected)", z.name);
    }
    check_simple(z, labels, path, where + " '" + z.name + "'");
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

Zone make_box_zone(const std::string& name, double lon0_deg, double lat0_deg, double lon1_deg, double lat1_deg) {
  if (!(lon0_deg < lon1_deg) || !(lat0_deg < lat1_deg))
    throw Error("zone '" + name +
                "': box must be [lon0, lat0, lon1, lat1] with lon0 < lon1 "
                "and lat0 < lat1");
  Zone z;
  z.name = name;
  z.rings_lonlat.push_back({{lon0_deg, lat0_deg}, {lon1_deg, lat0_deg}, {lon1_deg, lat1_deg}, {lon0_deg, lat1_deg}});
  return z;
}

const Zone& find_zone(const std::vector<Zone>& zones, const std::string& name, const std::string& where) {
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
