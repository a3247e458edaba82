#include "solver/output/output_layout.hpp"

#include "solver/core/version.hpp"
#include "solver/output/netcdf_writer.hpp"

namespace lantian::output {

std::vector<NcAtt> grid_mapping_atts(const grid::HorizontalGrid& g) {
  const auto& p = g.proj.params();
  const double r = p.earth_radius_m;
  std::vector<NcAtt> a{NcAtt::dbl("earth_radius", {r})};
  if (g.cartesian) {
    a.push_back(NcAtt::str("grid_mapping_name", "none"));
    a.push_back(NcAtt::str("comment",
                           "idealised plane geometry (WRF MAP_PROJ=0): x and y are metres on a plane; "
                           "lat/lon only label the cells"));
    return a;
  }
  // CF measures x, y from (latitude_of_projection_origin, central meridian); the model from the
  // reference point. False easting/northing reconcile the two so that x, y here are CF's.
  grid::ProjectionParams cfp = p;
  cfp.ref_lon_deg = p.stand_lon_deg;
  const auto origin = grid::Projection(cfp).forward({p.ref_lat_deg, p.ref_lon_deg});
  switch (p.kind) {
    case grid::ProjectionKind::lambert_conformal:
      a.push_back(NcAtt::str("grid_mapping_name", "lambert_conformal_conic"));
      a.push_back(NcAtt::dbl("standard_parallel", {p.truelat1_deg, p.truelat2_deg}));
      a.push_back(NcAtt::dbl("longitude_of_central_meridian", {p.stand_lon_deg}));
      a.push_back(NcAtt::dbl("latitude_of_projection_origin", {p.ref_lat_deg}));
      a.push_back(NcAtt::dbl("false_easting", {-origin.x}));
      a.push_back(NcAtt::dbl("false_northing", {-origin.y}));
      break;
    case grid::ProjectionKind::polar_stereographic:
      a.push_back(NcAtt::str("grid_mapping_name", "polar_stereographic"));
      a.push_back(NcAtt::dbl("straight_vertical_longitude_from_pole", {p.stand_lon_deg}));
      a.push_back(NcAtt::dbl("latitude_of_projection_origin", {p.truelat1_deg >= 0 ? 90.0 : -90.0}));
      a.push_back(NcAtt::dbl("standard_parallel", {p.truelat1_deg}));
      a.push_back(NcAtt::dbl("false_easting", {-origin.x}));
      a.push_back(NcAtt::dbl("false_northing", {-origin.y}));
      break;
    case grid::ProjectionKind::mercator:
      a.push_back(NcAtt::str("grid_mapping_name", "mercator"));
      a.push_back(NcAtt::dbl("longitude_of_projection_origin", {p.ref_lon_deg}));
      a.push_back(NcAtt::dbl("standard_parallel", {p.truelat1_deg}));
      a.push_back(NcAtt::dbl("false_easting", {0.0}));
      a.push_back(
          NcAtt::dbl("false_northing",
                     {-grid::Projection(grid::ProjectionParams{grid::ProjectionKind::mercator, p.truelat1_deg,
                                                               p.truelat1_deg, p.stand_lon_deg, 0.0, p.ref_lon_deg, r})
                           .forward({p.ref_lat_deg, p.ref_lon_deg})
                           .y}));
      break;
    case grid::ProjectionKind::latlon: a.push_back(NcAtt::str("grid_mapping_name", "latitude_longitude")); break;
  }
  return a;
}

Coordinates output_coordinates(const grid::HorizontalGrid& g, const grid::VerticalGrid& v) {
  const size_t nx = static_cast<size_t>(g.nx), ny = static_cast<size_t>(g.ny);
  Coordinates c;
  c.x.resize(nx);
  c.y.resize(ny);
  for (size_t i = 0; i < nx; ++i) c.x[i] = g.xy(static_cast<double>(i), 0).x;
  for (size_t j = 0; j < ny; ++j) c.y[j] = g.xy(0, static_cast<double>(j)).y;
  c.lat.resize(nx * ny);
  c.lon.resize(nx * ny);
  for (size_t j = 0; j < ny; ++j)
    for (size_t i = 0; i < nx; ++i) {
      const auto p = g.latlon(static_cast<double>(i), static_cast<double>(j));
      c.lat[i + nx * j] = p.lat_deg;
      c.lon[i + nx * j] = p.lon_deg;
    }
  for (int k = 0; k < v.nz; ++k) c.z.push_back(v.z_mid_m(k));
  return c;
}

namespace {
std::vector<NcAtt> field_atts(const std::string& units, const std::string& long_name) {
  return {NcAtt::str("units", units), NcAtt::str("long_name", long_name), NcAtt::str("grid_mapping", "crs"),
          NcAtt::str("coordinates", "lat lon")};
}
}  // namespace

NcLayout output_layout(const OutputOptions& opt, const grid::HorizontalGrid& g, const grid::VerticalGrid& v,
                       const state::SpeciesList& species, const std::vector<int>& written) {
  NcLayout L;
  L.dims = {{"time", 0}, {"y", static_cast<size_t>(g.ny)}, {"x", static_cast<size_t>(g.nx)}};
  if (opt.three_d) L.dims.push_back({"z", static_cast<size_t>(v.nz)});
  L.atts = {NcAtt::str("Conventions", "CF-1.8"),
            NcAtt::str("title", opt.title),
            NcAtt::str("institution", "LanTian regional air-quality model"),
            NcAtt::str("source", std::string("LanTian ") + k_version),
            NcAtt::str("lantian_version", k_version),
            NcAtt::str("case_name", opt.case_name),
            NcAtt::str("start_time", opt.start_time_iso),
            NcAtt::str("meteorology", opt.met_description),
            NcAtt::str("case_config", opt.case_config),
            NcAtt::str("run_status", "incomplete")};

  L.add_var("time", NcType::f64, {"time"}).atts = {NcAtt::str("standard_name", "time"), NcAtt::str("long_name", "time"),
                                                   NcAtt::str("units", "hours since " + opt.start_time_iso),
                                                   NcAtt::str("calendar", "standard"), NcAtt::str("axis", "T")};
  auto& crs = L.add_var("crs", NcType::i32, {});
  crs.atts = grid_mapping_atts(g);
  crs.never_written = true;
  const bool ll = !g.cartesian && g.proj.params().kind == grid::ProjectionKind::latlon;
  for (const char* axis : {"x", "y"}) {
    const std::string a(axis);
    L.add_var(a, NcType::f64, {a}).atts = {
        NcAtt::str("standard_name", ll ? (a == "x" ? "grid_longitude" : "grid_latitude")
                                       : (a == "x" ? "projection_x_coordinate" : "projection_y_coordinate")),
        NcAtt::str("long_name", a + " coordinate of cell centre"), NcAtt::str("units", ll ? "degrees" : "m"),
        NcAtt::str("axis", a == "x" ? "X" : "Y")};
  }
  L.add_var("lat", NcType::f64, {"y", "x"}).atts = {NcAtt::str("standard_name", "latitude"),
                                                    NcAtt::str("long_name", "latitude of cell centre"),
                                                    NcAtt::str("units", "degrees_north")};
  L.add_var("lon", NcType::f64, {"y", "x"}).atts = {NcAtt::str("standard_name", "longitude"),
                                                    NcAtt::str("long_name", "longitude of cell centre"),
                                                    NcAtt::str("units", "degrees_east")};
  if (opt.three_d)
    L.add_var("z", NcType::f64, {"z"}).atts = {
        NcAtt::str("long_name", "nominal height of the layer middle above ground"), NcAtt::str("units", "m"),
        NcAtt::str("positive", "up"), NcAtt::str("axis", "Z")};
  L.add_var("landmask", NcType::f32, {"y", "x"}, true).atts = {
      NcAtt::str("long_name", "land mask (1 land, 0 water)"), NcAtt::str("units", "1"),
      NcAtt::str("grid_mapping", "crs"), NcAtt::str("coordinates", "lat lon")};

  for (int n : written) {
    const auto& s = species[n];
    const std::string units = s.output_units();
    const std::string long_name = s.long_name.empty() ? s.name : s.long_name;
    auto& var = L.add_var(s.name, NcType::f32, {"time", "y", "x"}, true);
    var.atts = field_atts(units, long_name + " in the lowest model layer");
    var.atts.push_back(NcAtt::str("comment", s.phase == state::Phase::gas
                                                 ? "mole fraction in dry air, ppb = 1e-9 mol mol-1"
                                                 : "mass concentration at actual (model) temperature and pressure"));
    if (opt.three_d)
      L.add_var(s.name + "_3d", NcType::f32, {"time", "z", "y", "x"}, true).atts = field_atts(units, long_name);
  }
  for (const auto& x : opt.extra_2d)
    L.add_var(x.name, NcType::f32, {"time", "y", "x"}, true).atts = field_atts(x.units, x.long_name);
  for (const auto& [name, members] : opt.sums) {
    std::string list;
    for (const auto& m : members) list += (list.empty() ? "" : " + ") + m;
    auto& var = L.add_var(name, NcType::f32, {"time", "y", "x"}, true);
    var.atts = {NcAtt::str("units", "ug m-3"),
                NcAtt::str("long_name", name + " mass concentration in the lowest model layer"),
                NcAtt::str("comment", "sum of " + list + " at actual (model) temperature and pressure"),
                NcAtt::str("grid_mapping", "crs"), NcAtt::str("coordinates", "lat lon")};
  }
  if (!opt.contrib.empty()) {
    L.dims.push_back({"tag", opt.tags.size()});
    auto& tag = L.add_var("tag", NcType::str, {"tag"});
    tag.atts.push_back(NcAtt::str("long_name", "source-attribution tag"));
    for (const auto& [name, definition] : opt.tags) tag.atts.push_back(NcAtt::str("definition_" + name, definition));
    for (const auto& c : opt.contrib) {
      const auto& s = species[species.index(c.species)];
      auto& var = L.add_var(s.name + "_contrib", NcType::f32, {"time", "tag", "y", "x"}, true);
      var.atts = {NcAtt::str("units", s.output_units()),
                  NcAtt::str("long_name", "contribution of each tag to " + s.name + " in the lowest model layer"),
                  NcAtt::str("comment", "the tags sum to " + s.name + " (docs/attribution.md)")};
      if (!c.method.empty()) var.atts.push_back(NcAtt::str("attribution_method", c.method));
      var.atts.push_back(NcAtt::str("grid_mapping", "crs"));
      var.atts.push_back(NcAtt::str("coordinates", "tag lat lon"));
    }
  }
  return L;
}

}  // namespace lantian::output
