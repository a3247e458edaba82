#pragma once
// Test helper: a synthetic run output with source-attribution tags, in the layout of
// solver/output/netcdf_writer.cpp (define_contrib): the bulk fields of synthetic_output.hpp,
// a `tag` string coordinate with definition_<tag> attributes, and S_contrib(time, tag, y, x).
//
// The attribution case (grid 6 x 5, 48 h from 2026-07-14 16:00 UTC = Beijing midnight of
// 2026-07-15; zones West (i < 3) and East (i >= 3) of k_attribute_zones), in output units:
//   tags: west_industry (zone West), east_traffic (zone East), power_box (a box), other,
//   boundary, initial; tagged ASO4, ANO3 [ug m-3], O3 [ppb] (attribution_method "ratio step
//   (test)") and HNO3 [ppb] (no AQI pollutant);
//   AEC (untagged) 10 on day 1, 6 on day 2; PM10 = PM25 + 10; SO2 5, NO2 20, CO 300 ppb.
//   Day 1 (2026-07-15), West: ASO4 west_industry 30 (even hours) / 40 (odd), east_traffic 5,
//     other 10, boundary 20; ANO3 west_industry 10, other 5, boundary 5 -> PM2.5 mean 100:
//     west_industry 45, east_traffic 5, other 15, boundary 25, untagged 10 (AQI 137).
//     O3: boundary 30, west_industry 20 in local hours 10-17, other 10 in hours 12-19 -> MDA8
//     window 10:00-18:00: 30 + 20 + 60/8 = 57.5 ppb (west_industry 20, other 7.5, boundary 30).
//   Day 1, East: ASO4 west_industry 5, east_traffic 20, other 5; ANO3 east_traffic 10 -> PM2.5
//     50: east_traffic 30, west_industry 5, other 5, untagged 10. O3 boundary 30 (window 00-08).
//   Day 2 (2026-07-16), both: ASO4 boundary 10, ANO3 other 4 -> PM2.5 20; O3 boundary 25 and
//     east_traffic 8 in hours 0-7 -> MDA8 33 (window 00:00-08:00).
#include <netcdf>

#include <string>
#include <utility>
#include <vector>

#include "synthetic_output.hpp"

namespace lantian::test {

inline const char* k_attribute_zones = R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "West"},
  "geometry": {"type": "Polygon", "coordinates": [[[119.9, 35.9], [120.6, 35.9], [120.6, 37.0], [119.9, 37.0], [119.9, 35.9]]]}},
 {"type": "Feature", "properties": {"name": "East"},
  "geometry": {"type": "Polygon", "coordinates": [[[120.6, 35.9], [121.4, 35.9], [121.4, 37.0], [120.6, 37.0], [120.6, 35.9]]]}}
]})";

inline const std::vector<std::pair<std::string, std::string>>& attribute_tags() {
  static const std::vector<std::pair<std::string, std::string>> t = {
      {"west_industry", "zone 'West' of zones.geojson; sectors industry (tags.toml:1)"},
      {"east_traffic", "zone 'East' of zones.geojson; sectors transport (tags.toml:6)"},
      {"power_box", "box [120, 36, 121, 37]; sectors power (tags.toml:11)"},
      {"other", "emissions that no tag selects"},
      {"boundary", "lateral and top inflow"},
      {"initial", "the initial state"}};
  return t;
}

/// Contribution of tag t (index in attribute_tags()) to species s at cell (i, j), record k.
inline double attribute_contrib(const std::string& s, std::size_t t, std::size_t i, std::size_t k) {
  const bool west = i < 3, day1 = k < 24;
  const std::size_t h = k % 24;
  const std::size_t wi = 0, et = 1, other = 3, boundary = 4;
  if (s == "ASO4") {
    if (!day1) return t == boundary ? 10.0 : 0.0;
    if (west)
      return t == wi         ? 30.0 + 10.0 * static_cast<double>(k % 2)
             : t == et       ? 5.0
             : t == other    ? 10.0
             : t == boundary ? 20.0
                             : 0.0;
    return t == wi ? 5.0 : t == et ? 20.0 : t == other ? 5.0 : 0.0;
  }
  if (s == "ANO3") {
    if (!day1) return t == other ? 4.0 : 0.0;
    if (west) return t == wi ? 10.0 : t == other ? 5.0 : t == boundary ? 5.0 : 0.0;
    return t == et ? 10.0 : 0.0;
  }
  if (s == "O3") {
    if (!day1) return t == boundary ? 25.0 : (t == et && h < 8) ? 8.0 : 0.0;
    if (t == boundary) return 30.0;
    if (!west) return 0.0;
    if (t == wi) return (h >= 10 && h <= 17) ? 20.0 : 0.0;
    if (t == other) return (h >= 12 && h <= 19) ? 10.0 : 0.0;
    return 0.0;
  }
  return 0.0;  // HNO3
}

/// Bulk value of species s (sum of its tags; PM2.5 with the untagged AEC).
inline double attribute_bulk(const std::string& s, std::size_t i, std::size_t k) {
  const auto sum = [&](const std::string& x) {
    double v = 0.0;
    for (std::size_t t = 0; t < attribute_tags().size(); ++t) v += attribute_contrib(x, t, i, k);
    return v;
  };
  const double aec = k < 24 ? 10.0 : 6.0;
  if (s == "PM25") return sum("ASO4") + sum("ANO3") + aec;
  if (s == "PM10") return sum("ASO4") + sum("ANO3") + aec + 10.0;
  if (s == "O3") return sum("O3");
  if (s == "SO2") return 5.0;
  if (s == "NO2") return 20.0;
  return 300.0;  // CO [ppb]
}

/// Writes the attribution case to `path`; `contrib_species` chooses the S_contrib variables
/// (none: a run without tags), `g.species` the bulk ones; `scale` multiplies every value (0: a
/// run of zeros, whose percentages are undefined).
inline void write_attributed_output(const std::string& path, SyntheticGrid g,
                                    const std::vector<std::string>& contrib_species = {"ASO4", "ANO3", "O3", "HNO3"},
                                    double scale = 1.0) {
  g.nt = 48;
  g.start = "2026-07-14 16:00:00";
  write_synthetic_output(path, g, [scale](const std::string& s, std::size_t i, std::size_t, std::size_t k) {
    return scale * attribute_bulk(s, i, k);
  });
  if (contrib_species.empty()) return;
  netCDF::NcFile nc(path, netCDF::NcFile::write);
  const auto& tags = attribute_tags();
  auto dtag = nc.addDim("tag", tags.size());
  auto tag = nc.addVar("tag", netCDF::ncString, dtag);
  tag.putAtt("long_name", "source-attribution tag");
  std::vector<const char*> names;
  for (const auto& [name, def] : tags) {
    names.push_back(name.c_str());
    tag.putAtt("definition_" + name, def);
  }
  tag.putVar(names.data());
  const auto dt = nc.getDim("time"), dy = nc.getDim("y"), dx = nc.getDim("x");
  for (const auto& s : contrib_species) {
    auto v = nc.addVar(s + "_contrib", netCDF::ncFloat, {dt, tag.getDim(0), dy, dx});
    v.putAtt("units", (s == "O3" || s == "HNO3") ? "ppb" : "ug m-3");
    v.putAtt("coordinates", "tag lat lon");
    if (s == "O3") v.putAtt("attribution_method", "ratio step (test)");
    std::vector<float> f(tags.size() * g.ny * g.nx);
    for (std::size_t k = 0; k < g.nt; ++k) {
      for (std::size_t t = 0; t < tags.size(); ++t)
        for (std::size_t j = 0; j < g.ny; ++j)
          for (std::size_t i = 0; i < g.nx; ++i)
            f[i + g.nx * (j + g.ny * t)] = static_cast<float>(scale * attribute_contrib(s, t, i, k));
      v.putVar({k, 0, 0, 0}, {1, tags.size(), g.ny, g.nx}, f.data());
    }
  }
}

}  // namespace lantian::test
