// The analytic geography of synthetic met: coastline, terrain and towns as functions of latitude
// and longitude only, so that every domain (and every nest) samples the same world. Near Yantai
// (the box below) the Yantai demo's coastline, hills and towns; around it a coarse Bohai rim,
// Yellow Sea and Korean west coast traced by hand from the shapes on a general atlas, with the
// main mountain ranges (Taihang, Yan, central Shandong, eastern Liaoning, Korea) as smooth
// ridges. Illustrative geography, good to a few tens of kilometres.
#include <algorithm>
#include <array>
#include <cmath>

#include "meteo/synthetic/synth_met.hpp"
#include "meteo/synthetic/synth_wrf.hpp"

namespace lantian::meteo {

namespace {

/// The Yantai box [degree]: inside it the geography of the single-domain Yantai demo (unchanged,
/// so its met files stay as they are); it holds every point that the demo's domains (up to
/// 118.7-123.1 E, 35.9-38.8 N) and the smoothing of the sea breeze (0.25 degree) look at.
constexpr double k_box_lon0 = 118.3, k_box_lon1 = 123.5, k_box_lat0 = 35.5, k_box_lat1 = 39.15;

bool in_yantai_box(double lat, double lon) {
  return lon >= k_box_lon0 && lon <= k_box_lon1 && lat >= k_box_lat0 && lat <= k_box_lat1;
}

/// The Yantai demo's coastline: the north coast of the peninsula (Laizhou Bay shore near
/// 37.45 N in the west rising to 37.8 N east of 120.7 E), the south-east coast from Qingdao
/// (36.1 N, 120.4 E) to Rongcheng (37.2 N, 122.4 E).
bool yantai_land(double lat, double lon) {
  const double north = 37.45 + 0.33 * synth::smoothstep(119.9, 120.8, lon) - 0.1 * synth::smoothstep(121.6, 122.3, lon);
  const double south = 36.1 + (lon - 120.4) * 0.55;
  return lat < north && lat > south && lon < 122.45;
}

struct LonLat {
  double lon, lat;
};

/// The land of the region as one polygon (lon, lat) [degree]: the coast from the Yangtze mouth
/// north along Jiangsu, round the Shandong peninsula and Laizhou Bay, the Bohai coast of Hebei,
/// Tianjin and Liaoning, round the Liaodong peninsula (Lushun) to the Yalu (Dandong), down the
/// Korean west coast and up its east coast, closed far inland.
constexpr std::array<LonLat, 91> k_land{{
    {121.5, 29.0},   {121.9, 30.9},   {121.95, 31.7},  {121.4, 32.3},   {121.0, 32.6},   {120.85, 33.1},
    {120.6, 33.6},   {120.3, 34.2},   {119.8, 34.5},   {119.4, 34.75},  {119.35, 35.1},  {119.6, 35.5},
    {120.0, 35.8},   {120.3, 36.05},  {120.7, 36.2},   {121.0, 36.45},  {121.5, 36.7},   {122.0, 36.85},
    {122.45, 36.95}, {122.7, 37.4},   {122.15, 37.55}, {121.4, 37.58},  {120.95, 37.8},  {120.75, 37.82},
    {120.3, 37.72},  {120.05, 37.5},  {119.8, 37.25},  {119.4, 37.12},  {119.05, 37.2},  {118.95, 37.55},
    {119.25, 37.75}, {118.95, 38.05}, {118.5, 38.1},   {118.05, 38.15}, {117.75, 38.35}, {117.6, 38.6},
    {117.65, 38.95}, {117.85, 39.1},  {118.5, 38.95},  {118.9, 39.15},  {119.25, 39.4},  {119.55, 39.85},
    {119.9, 40.05},  {120.5, 40.35},  {120.9, 40.65},  {121.3, 40.9},   {121.8, 40.95},  {122.2, 40.7},
    {122.25, 40.4},  {121.95, 40.05}, {121.6, 39.7},   {121.45, 39.35}, {121.25, 39.0},  {121.15, 38.75},
    {121.45, 38.82}, {121.7, 38.88},  {122.05, 39.05}, {122.5, 39.35},  {123.0, 39.6},   {123.6, 39.75},
    {124.25, 39.85}, {124.6, 39.6},   {125.0, 39.5},   {125.3, 39.0},   {125.2, 38.7},   {124.8, 38.2},
    {125.1, 37.85},  {125.7, 37.75},  {126.2, 37.75},  {126.6, 37.45},  {126.55, 37.0},  {126.2, 36.75},
    {126.5, 36.4},   {126.6, 35.95},  {126.4, 35.4},   {126.3, 34.6},   {127.0, 34.5},   {128.5, 34.9},
    {129.3, 35.2},   {129.5, 36.0},   {129.45, 37.0},  {129.0, 37.9},   {128.3, 38.6},   {127.6, 39.8},
    {128.5, 40.5},   {129.7, 41.0},   {130.7, 42.3},   {131.0, 43.0},   {132.0, 46.0},   {100.0, 46.0},
    {100.0, 29.0},
}};

/// Even-odd ray test of the point against the land polygon.
bool region_land(double lat, double lon) {
  bool inside = false;
  for (size_t a = 0, b = k_land.size() - 1; a < k_land.size(); b = a++) {
    const LonLat& p = k_land[a];
    const LonLat& q = k_land[b];
    if ((p.lat > lat) != (q.lat > lat) && lon < p.lon + (lat - p.lat) * (q.lon - p.lon) / (q.lat - p.lat))
      inside = !inside;
  }
  return inside;
}

/// A mountain ridge: height [m] falling off as a Gaussian of the distance [degree, longitude
/// shrunk by cos 38 N] from the segment (lon0, lat0)-(lon1, lat1), e-folding width `w`.
struct Ridge {
  double lon0, lat0, lon1, lat1, height_m, w;
};

constexpr std::array<Ridge, 5> k_ridges{{
    {113.2, 35.3, 115.6, 40.0, 1100.0, 0.45},  // Taihang
    {115.8, 40.5, 119.5, 40.6, 800.0, 0.35},   // Yan
    {116.8, 36.1, 117.6, 36.4, 700.0, 0.3},    // Tai, Lu and Yi (central Shandong)
    {122.3, 40.0, 124.8, 41.6, 500.0, 0.4},    // eastern Liaoning (Qian)
    {126.8, 36.0, 127.6, 39.5, 700.0, 0.5},    // Korea
}};

double ridge_m(const Ridge& r, double lat, double lon) {
  constexpr double k_coslat = 0.788;  // cos 38 degree
  const double vx = (r.lon1 - r.lon0) * k_coslat, vy = r.lat1 - r.lat0;
  const double px = (lon - r.lon0) * k_coslat, py = lat - r.lat0;
  const double t = std::clamp((px * vx + py * vy) / (vx * vx + vy * vy), 0.0, 1.0);
  const double dx = px - t * vx, dy = py - t * vy;
  return r.height_m * std::exp(-(dx * dx + dy * dy) / (r.w * r.w));
}

/// A town: centre [degree] and radius [degree of latitude].
struct Town {
  double lat, lon, r;
};

constexpr std::array<Town, 11> k_towns{{
    {39.90, 116.40, 0.25},  // Beijing
    {39.10, 117.20, 0.2},   // Tianjin
    {38.04, 114.50, 0.15},  // Shijiazhuang
    {38.87, 115.46, 0.1},   // Baoding
    {39.63, 118.18, 0.12},  // Tangshan
    {36.67, 117.00, 0.15},  // Jinan
    {36.80, 118.05, 0.1},   // Zibo
    {34.26, 117.18, 0.12},  // Xuzhou
    {41.80, 123.43, 0.2},   // Shenyang
    {40.67, 122.23, 0.08},  // Yingkou
    {37.55, 126.99, 0.2},   // Seoul
}};

}  // namespace

bool synth_is_land(double lat, double lon) noexcept {
  return in_yantai_box(lat, lon) ? yantai_land(lat, lon) : region_land(lat, lon);
}

namespace synth {

double terrain_m(double lat, double lon, bool land) {
  if (!land) return 0.0;
  const double yantai = 20.0 + 250.0 * std::exp(-std::pow((lat - 37.25) / 0.25, 2) - std::pow((lon - 121.0) / 0.5, 2));
  if (in_yantai_box(lat, lon)) return yantai;
  double h = yantai;
  for (const Ridge& r : k_ridges) h += ridge_m(r, lat, lon);
  return h;
}

bool is_urban(double lat, double lon) {
  if (in_yantai_box(lat, lon))
    return std::hypot(lat - 37.52, (lon - 121.38) * 0.8) < 0.08 || std::hypot(lat - 37.65, (lon - 120.48) * 0.8) < 0.05;
  return std::any_of(k_towns.begin(), k_towns.end(),
                     [&](const Town& t) { return std::hypot(lat - t.lat, (lon - t.lon) * 0.8) < t.r; });
}

}  // namespace synth

}  // namespace lantian::meteo
