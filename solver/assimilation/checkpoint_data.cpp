#include "solver/assimilation/checkpoint_data.hpp"

#include <netcdf>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "solver/core/constants.hpp"
#include "solver/core/error.hpp"
#include "solver/core/files.hpp"
#include "solver/io/cf_read.hpp"
#include "solver/output/netcdf_writer.hpp"
#include "solver/products/time_axis.hpp"

namespace lantian::assimilation {

using netCDF::NcFile;

namespace {

std::string text_att(const NcFile& nc, const std::string& path, const std::string& name) {
  const auto att = nc.getAtt(name);
  if (att.isNull())
    throw Error::in_file(path, "not a LanTian checkpoint with its case identity (no attribute " + name + ")", name);
  std::string s;
  att.getValues(s);
  return s;
}

/// "truelat1 30, truelat2 60, stand_lon 120, ref_lat 37.5, ref_lon 121, earth_radius_m 6370000".
grid::ProjectionParams parse_projection(const std::string& kind, const std::string& params, const std::string& path,
                                        bool& cartesian) {
  grid::ProjectionParams p;
  cartesian = kind == "cartesian";
  try {
    p.kind = cartesian ? grid::ProjectionKind::lambert_conformal : grid::projection_kind_from_string(kind);
  } catch (const Error& e) {
    throw Error::in_file(path, e.what(), "case_projection");
  }
  std::stringstream in(params);
  std::string item;
  int found = 0;
  while (std::getline(in, item, ',')) {
    std::stringstream words(item);
    std::string key;
    double v = 0.0;
    if (!(words >> key >> v))
      throw Error::in_file(path, "cannot read '" + item + "' as 'name value'", "case_projection_parameters");
    if (key == "truelat1") p.truelat1_deg = v;
    else if (key == "truelat2") p.truelat2_deg = v;
    else if (key == "stand_lon") p.stand_lon_deg = v;
    else if (key == "ref_lat") p.ref_lat_deg = v;
    else if (key == "ref_lon") p.ref_lon_deg = v;
    else if (key == "earth_radius_m") p.earth_radius_m = v;
    else continue;
    ++found;
  }
  if (found != 6)
    throw Error::in_file(
        path, "expected truelat1, truelat2, stand_lon, ref_lat, ref_lon and earth_radius_m in '" + params + "'",
        "case_projection_parameters");
  return p;
}

/// "30 x 25 cells of 12000 x 12000 from (-174000, -144000)".
void parse_grid(const std::string& text, const std::string& path, grid::HorizontalGrid& g) {
  std::string s = text;
  for (char& c : s)
    if (c == '(' || c == ')' || c == ',') c = ' ';
  std::stringstream in(s);
  std::string x1, cells, of, x2, from;
  if (!(in >> g.nx >> x1 >> g.ny >> cells >> of >> g.dx >> x2 >> g.dy >> from >> g.x0 >> g.y0) || x1 != "x" ||
      x2 != "x" || cells != "cells" || of != "of" || from != "from" || g.nx < 1 || g.ny < 1 || !(g.dx > 0) ||
      !(g.dy > 0))
    throw Error::in_file(path, "cannot read the grid from '" + text + "' (NX x NY cells of DX x DY from (X0, Y0))",
                         "case_grid");
}

size_t dim_size(const NcFile& nc, const std::string& path, const char* name) {
  const auto d = nc.getDim(name);
  if (d.isNull()) throw Error::in_file(path, "dimension missing", name);
  return d.getSize();
}

/// The density from the output snapshot (see read_checkpoint_data); false when it cannot be had.
bool density_from_snapshot(CheckpointData& c, const std::string& snapshot, std::string& why) {
  if (!std::filesystem::exists(snapshot)) {
    why = "the output snapshot " + snapshot + " is missing";
    return false;
  }
  try {
    NcFile nc(snapshot, NcFile::read);
    auto tv = nc.getVar("time");
    if (tv.isNull() || tv.getDimCount() != 1) {
      why = snapshot + " has no time axis";
      return false;
    }
    std::string units;
    tv.getAtt("units").getValues(units);
    double to_hours = 1.0;
    const double epoch_h = products::parse_cf_time_units(units, to_hours, snapshot + ": time");
    const std::vector<double> t = io::read_cf_doubles(tv, snapshot);
    const double want_h = products::utc_hours(c.time());
    long rec = -1;
    for (size_t r = 0; r < t.size(); ++r)
      if (std::fabs(epoch_h + t[r] * to_hours - want_h) < 1e-6) rec = static_cast<long>(r);
    if (rec < 0) {
      why = snapshot + " has no record at " + c.time().iso();
      return false;
    }
    const size_t nxy = static_cast<size_t>(c.nx) * static_cast<size_t>(c.ny);
    std::vector<double> sum_c(nxy, 0.0), sum_q(nxy, 0.0);
    int used = 0;
    for (const auto& s : c.species) {
      if (s.gas) continue;
      auto v = nc.getVar(s.name);
      if (v.isNull() || v.getDimCount() != 3) continue;
      const auto vals = io::read_cf_doubles(v, {static_cast<size_t>(rec), 0, 0},
                                            {1, static_cast<size_t>(c.ny), static_cast<size_t>(c.nx)}, snapshot);
      for (size_t q = 0; q < nxy; ++q) {
        if (!std::isfinite(vals[q])) continue;
        sum_c[q] += vals[q];
        sum_q[q] += s.value[q];
      }
      ++used;
    }
    if (used == 0) {
      why = snapshot + " holds no aerosol species";
      return false;
    }
    int fallback = 0;
    const double rho_std = standard_air_density_kg_m3(c.z_mid_m(0));
    for (size_t q = 0; q < nxy; ++q) {
      // Below 1e-6 ug kg-1 the float output carries too few digits for a density.
      const bool ok = sum_q[q] > 1e-6 && sum_c[q] > 0.0;
      c.surface_air_density_kg_m3[q] = ok ? sum_c[q] / sum_q[q] : rho_std;
      fallback += ok ? 0 : 1;
    }
    c.density_source =
        "the model's met density: aerosol concentrations in " + std::filesystem::path(snapshot).filename().string() +
        " over the checkpoint's mixing ratios" +
        (fallback ? " (standard atmosphere in " + std::to_string(fallback) + " cells without aerosol)" : std::string());
    return true;
  } catch (const netCDF::exceptions::NcException& e) {
    why = snapshot + ": " + output::nc_reason(e);
    return false;
  } catch (const Error& e) {
    why = e.what();
    return false;
  }
}

}  // namespace

int CheckpointData::find(const std::string& name) const noexcept {
  for (size_t n = 0; n < species.size(); ++n)
    if (species[n].name == name) return static_cast<int>(n);
  return -1;
}

double standard_air_density_kg_m3(double z_m) noexcept {
  using namespace constants;
  const double t = std_atmosphere_t_k(z_m);
  const double p = k_std_p0_pa * std::pow(t / k_std_t0_k, k_std_exponent);
  return p / (k_rd_j_kg_k * t);
}

CheckpointData read_checkpoint_data(const std::string& path) {
  if (!std::filesystem::exists(path)) throw Error::in_file(path, "checkpoint file not found");
  CheckpointData c;
  c.path = path;
  std::string snapshot;
  try {
    NcFile nc(path, NcFile::read);
    const std::string start = text_att(nc, path, "start_time");
    const auto t0 = UtcTime::parse(start);
    if (!t0) throw Error::in_file(path, "start_time '" + start + "' is not YYYY-MM-DD HH:MM:SS", "start_time");
    c.start = *t0;
    if (nc.getAtt("time_s").isNull()) throw Error::in_file(path, "not a LanTian checkpoint (no time_s)", "time_s");
    nc.getAtt("time_s").getValues(&c.time_s);
    bool cartesian = false;
    const auto params = parse_projection(text_att(nc, path, "case_projection"),
                                         text_att(nc, path, "case_projection_parameters"), path, cartesian);
    c.grid.proj = grid::Projection(params);
    c.grid.cartesian = cartesian;
    parse_grid(text_att(nc, path, "case_grid"), path, c.grid);
    {
      std::stringstream in(text_att(nc, path, "case_layer_interfaces_m"));
      for (double z; in >> z;) c.z_interfaces_m.push_back(z);
    }
    c.nx = c.grid.nx;
    c.ny = c.grid.ny;
    c.nz = static_cast<int>(c.z_interfaces_m.size()) - 1;
    if (c.nz < 1) throw Error::in_file(path, "fewer than two layer interfaces", "case_layer_interfaces_m");
    if (dim_size(nc, path, "x") != static_cast<size_t>(c.nx) || dim_size(nc, path, "y") != static_cast<size_t>(c.ny) ||
        dim_size(nc, path, "z") != static_cast<size_t>(c.nz))
      throw Error::in_file(path, "dimensions (z, y, x) differ from case_grid and case_layer_interfaces_m", "x/y/z");
    std::stringstream names(text_att(nc, path, "case_species"));
    const size_t n3 = static_cast<size_t>(c.nx) * static_cast<size_t>(c.ny) * static_cast<size_t>(c.nz);
    for (std::string name; names >> name;) {
      auto v = nc.getVar(name);
      if (v.isNull()) throw Error::in_file(path, "species named in case_species missing from the checkpoint", name);
      if (v.getDimCount() != 3) throw Error::in_file(path, "expected dimensions (z, y, x)", name);
      std::string units;
      if (!v.getAtt("units").isNull()) v.getAtt("units").getValues(units);
      if (units != "mol mol-1" && units != "ug kg-1")
        throw Error::in_file(path, "units '" + units + "' are not mol mol-1 (gas) or ug kg-1 (aerosol)", name);
      CheckpointSpecies s{name, units == "mol mol-1", io::read_cf_doubles(v, path)};
      if (s.value.size() != n3) throw Error::in_file(path, "wrong number of values", name);
      for (size_t q = 0; q < n3; ++q)
        if (!std::isfinite(s.value[q])) throw Error::in_file(path, "non-finite value", name);
      c.species.push_back(std::move(s));
    }
    const auto snap = nc.getAtt("output_snapshot");
    if (!snap.isNull()) snap.getValues(snapshot);
  } catch (const netCDF::exceptions::NcException& e) {
    throw Error::in_file(path, std::string("cannot read the checkpoint: ") + output::nc_reason(e));
  }
  const size_t nxy = static_cast<size_t>(c.nx) * static_cast<size_t>(c.ny);
  c.surface_air_density_kg_m3.assign(nxy, standard_air_density_kg_m3(c.z_mid_m(0)));
  std::string why = "the checkpoint names no output snapshot";
  if (snapshot.empty() ||
      !density_from_snapshot(c, (std::filesystem::path(path).parent_path() / snapshot).string(), why)) {
    c.surface_air_density_kg_m3.assign(nxy, standard_air_density_kg_m3(c.z_mid_m(0)));
    std::ostringstream os;
    os << "US Standard Atmosphere 1976 at " << c.z_mid_m(0) << " m (" << c.surface_air_density_kg_m3[0]
       << " kg m-3; terrain taken at sea level), because " << why;
    c.density_source = os.str();
  }
  return c;
}

void write_checkpoint_data(const CheckpointData& analysis, const std::vector<std::string>& changed,
                           const std::string& out_path,
                           const std::vector<std::pair<std::string, std::string>>& attributes) {
  namespace fs = std::filesystem;
  const std::string tmp = out_path + ".tmp";
  std::error_code ec;
  const auto dir = fs::path(out_path).parent_path();
  if (!dir.empty()) fs::create_directories(dir, ec);
  if (ec) throw Error::in_file(dir.string(), "cannot create the output directory: " + ec.message());
  if (fs::exists(out_path) && fs::equivalent(out_path, analysis.path, ec))
    throw Error::in_file(out_path, "the analysis would overwrite its own input checkpoint: give another --out");
  auto fail = [&](const std::string& what, const std::string& variable) {
    const std::string full = files::disk_full_note(tmp);
    fs::remove(tmp, ec);
    return Error::in_file(tmp, what + (full.empty() ? "" : ": " + full), variable);
  };
  fs::copy_file(analysis.path, tmp, fs::copy_options::overwrite_existing, ec);
  if (ec) throw fail("cannot copy the checkpoint " + analysis.path + ": " + ec.message(), "");
  std::string variable;
  try {
    NcFile nc(tmp, NcFile::write);
    for (const auto& name : changed) {
      variable = name;
      const int n = analysis.find(name);
      if (n < 0) throw Error("internal error: analysed species " + name + " is not in the checkpoint");
      nc.getVar(name).putVar(analysis.species[static_cast<size_t>(n)].value.data());
    }
    variable.clear();
    for (const auto& [name, value] : attributes) nc.putAtt(name, value);
    // The output before the checkpoint is named relative to the checkpoint's directory.
    const auto snap = nc.getAtt("output_snapshot");
    std::string s;
    if (!snap.isNull()) snap.getValues(s);
    if (!s.empty()) {
      const fs::path target = fs::path(analysis.path).parent_path() / s;
      const fs::path base = fs::absolute(dir.empty() ? fs::path(".") : dir);
      nc.putAtt("output_snapshot", fs::absolute(target).lexically_normal().lexically_relative(base).string());
    }
    nc.close();
  } catch (const netCDF::exceptions::NcException& e) {
    throw fail(std::string("cannot write the analysis: ") + output::nc_reason(e), variable);
  } catch (const Error& e) {
    throw fail(e.what(), variable);
  }
  fs::rename(tmp, out_path, ec);
  if (ec) throw fail("cannot rename the complete analysis to " + out_path + ": " + ec.message(), "");
}

}  // namespace lantian::assimilation
