#include "solver/output/netcdf_writer.hpp"

#include <netcdf>

#include <cstdio>
#include <filesystem>

#include "solver/core/error.hpp"
#include "solver/core/files.hpp"
#include "solver/core/log.hpp"
#include "solver/core/version.hpp"
#include "solver/parallel/gather.hpp"

namespace lantian::output {

using netCDF::NcDim;
using netCDF::NcFile;
using netCDF::NcVar;

std::string nc_reason(const std::exception& e) {
  const std::string what = e.what();
  return what.substr(0, what.find('\n'));
}

void write_grid_mapping(NcFile& nc, const grid::HorizontalGrid& g) {
  NcVar crs = nc.addVar("crs", netCDF::ncInt);
  const auto& p = g.proj.params();
  const double r = p.earth_radius_m;
  crs.putAtt("earth_radius", netCDF::ncDouble, r);
  if (g.cartesian) {
    crs.putAtt("grid_mapping_name", "none");
    crs.putAtt("comment",
               "idealised plane geometry (WRF MAP_PROJ=0): x and y are metres on a plane; "
               "lat/lon only label the cells");
    return;
  }
  // CF measures x, y from (latitude_of_projection_origin, central meridian); the model from the
  // reference point. False easting/northing reconcile the two so that x, y here are CF's.
  grid::ProjectionParams cfp = p;
  cfp.ref_lon_deg = p.stand_lon_deg;
  const auto origin = grid::Projection(cfp).forward({p.ref_lat_deg, p.ref_lon_deg});
  switch (p.kind) {
    case grid::ProjectionKind::lambert_conformal: {
      crs.putAtt("grid_mapping_name", "lambert_conformal_conic");
      const double sp[2] = {p.truelat1_deg, p.truelat2_deg};
      crs.putAtt("standard_parallel", netCDF::ncDouble, 2, sp);
      crs.putAtt("longitude_of_central_meridian", netCDF::ncDouble, p.stand_lon_deg);
      crs.putAtt("latitude_of_projection_origin", netCDF::ncDouble, p.ref_lat_deg);
      crs.putAtt("false_easting", netCDF::ncDouble, -origin.x);
      crs.putAtt("false_northing", netCDF::ncDouble, -origin.y);
      break;
    }
    case grid::ProjectionKind::polar_stereographic:
      crs.putAtt("grid_mapping_name", "polar_stereographic");
      crs.putAtt("straight_vertical_longitude_from_pole", netCDF::ncDouble, p.stand_lon_deg);
      crs.putAtt("latitude_of_projection_origin", netCDF::ncDouble, p.truelat1_deg >= 0 ? 90.0 : -90.0);
      crs.putAtt("standard_parallel", netCDF::ncDouble, p.truelat1_deg);
      crs.putAtt("false_easting", netCDF::ncDouble, -origin.x);
      crs.putAtt("false_northing", netCDF::ncDouble, -origin.y);
      break;
    case grid::ProjectionKind::mercator:
      crs.putAtt("grid_mapping_name", "mercator");
      crs.putAtt("longitude_of_projection_origin", netCDF::ncDouble, p.ref_lon_deg);
      crs.putAtt("standard_parallel", netCDF::ncDouble, p.truelat1_deg);
      crs.putAtt("false_easting", netCDF::ncDouble, 0.0);
      crs.putAtt("false_northing", netCDF::ncDouble,
                 -grid::Projection(grid::ProjectionParams{grid::ProjectionKind::mercator, p.truelat1_deg,
                                                          p.truelat1_deg, p.stand_lon_deg, 0.0, p.ref_lon_deg, r})
                      .forward({p.ref_lat_deg, p.ref_lon_deg})
                      .y);
      break;
    case grid::ProjectionKind::latlon: crs.putAtt("grid_mapping_name", "latitude_longitude"); break;
  }
}

NetcdfWriter::NetcdfWriter(const parallel::Decomposition& d, const grid::HorizontalGrid& g, const grid::VerticalGrid& v,
                           const state::SpeciesList& species, OutputOptions opt)
    : d_(d), g_(g), v_(v), species_(species), opt_(std::move(opt)) {
  if (opt_.species.empty()) {
    for (int n = 0; n < species_.size(); ++n) written_.push_back(n);
  } else {
    for (const auto& name : opt_.species) {
      const int n = species_.find(name);
      if (n < 0) throw Error("output.species: '" + name + "' is not a model species");
      written_.push_back(n);
    }
  }
  for (const auto& c : opt_.contrib) {
    std::vector<int> idx;
    for (const auto& t : c.tracers) idx.push_back(species_.index(t));
    LANTIAN_ALWAYS_ASSERT(idx.size() == opt_.tags.size(), "output: one tracer per tag");
    contrib_tracers_.push_back(std::move(idx));
  }
  for (const auto& [name, members] : opt_.sums) {
    if (species_.find(name) >= 0) throw Error("output: derived total '" + name + "' has the name of a species");
    std::vector<int> idx;
    for (const auto& m : members) {
      const int n = species_.find(m);
      if (n < 0) throw Error("output: '" + m + "' (in the total " + name + ") is not a model species");
      if (species_[n].phase != state::Phase::aerosol)
        throw Error("output: '" + m + "' (in the total " + name + ") is not an aerosol species");
      idx.push_back(n);
    }
    sum_members_.push_back(idx);
  }
}

NetcdfWriter::~NetcdfWriter() = default;

namespace {
/// Output-unit value of species s at owned cell (i, j, k): ppb for gases, ug m-3 for aerosols.
inline double output_value(const state::SpeciesInfo& s, double q, double rho) {
  return s.phase == state::Phase::gas ? q * 1.0e9 : q * rho;
}
}  // namespace

Error NetcdfWriter::write_error(const std::string& file, const std::string& what, const std::string& variable) const {
  const std::string full = files::disk_full_note(file);
  return Error::in_file(file, what + (full.empty() ? "" : ": " + full), variable);
}

void NetcdfWriter::choose_part_path() {
  std::filesystem::path dir = std::filesystem::path(opt_.path).parent_path();
  try {
    if (!dir.empty()) std::filesystem::create_directories(dir);
  } catch (const std::filesystem::filesystem_error& e) {
    throw Error::in_file(dir.string(), std::string("cannot create the output directory: ") + e.code().message());
  }
  part_ = files::free_temporary_name(opt_.path, ".part");
  if (part_ != opt_.path + ".part")
    log::warn(opt_.path + ".part exists (another run's unfinished output?): left as it is; this run writes " + part_);
}

void NetcdfWriter::create(const meteo::MetFields& met) {
  std::vector<double> landmask;
  parallel::gather_to_root(d_, met.landmask.view(), 0, 1, landmask);
  if (d_.rank != 0) return;
  choose_part_path();
  const std::string& part = part_;
  try {
    nc_ = std::make_unique<NcFile>(part, NcFile::newFile, NcFile::nc4);
  } catch (const netCDF::exceptions::NcException& e) {
    throw write_error(part, std::string("cannot create the output file: ") + nc_reason(e), "");
  }
  try {
    define(landmask);
  } catch (const netCDF::exceptions::NcException& e) {
    throw write_error(part, std::string("cannot write the output file: ") + nc_reason(e), "");
  }
}

void NetcdfWriter::define(const std::vector<double>& landmask) {
  NcFile& nc = *nc_;
  const size_t nx = static_cast<size_t>(g_.nx), ny = static_cast<size_t>(g_.ny), nz = static_cast<size_t>(v_.nz);
  NcDim dt = nc.addDim("time");
  NcDim dy = nc.addDim("y", ny);
  NcDim dx = nc.addDim("x", nx);
  NcDim dz;
  if (opt_.three_d) dz = nc.addDim("z", nz);

  nc.putAtt("Conventions", "CF-1.8");
  nc.putAtt("title", opt_.title);
  nc.putAtt("institution", "LanTian regional air-quality model");
  nc.putAtt("source", std::string("LanTian ") + k_version);
  nc.putAtt("lantian_version", k_version);
  nc.putAtt("case_name", opt_.case_name);
  nc.putAtt("start_time", opt_.start_time_iso);
  nc.putAtt("meteorology", opt_.met_description);
  nc.putAtt("case_config", opt_.case_config);
  nc.putAtt("run_status", "incomplete");

  NcVar time = nc.addVar("time", netCDF::ncDouble, dt);
  time.putAtt("standard_name", "time");
  time.putAtt("long_name", "time");
  time.putAtt("units", "hours since " + opt_.start_time_iso);
  time.putAtt("calendar", "standard");
  time.putAtt("axis", "T");

  write_grid_mapping(nc, g_);
  NcVar xv = nc.addVar("x", netCDF::ncDouble, dx);
  NcVar yv = nc.addVar("y", netCDF::ncDouble, dy);
  const bool ll = !g_.cartesian && g_.proj.params().kind == grid::ProjectionKind::latlon;
  xv.putAtt("standard_name", ll ? "grid_longitude" : "projection_x_coordinate");
  yv.putAtt("standard_name", ll ? "grid_latitude" : "projection_y_coordinate");
  xv.putAtt("long_name", "x coordinate of cell centre");
  yv.putAtt("long_name", "y coordinate of cell centre");
  xv.putAtt("units", ll ? "degrees" : "m");
  yv.putAtt("units", ll ? "degrees" : "m");
  xv.putAtt("axis", "X");
  yv.putAtt("axis", "Y");
  std::vector<double> xs(nx), ys(ny);
  for (size_t i = 0; i < nx; ++i) xs[i] = g_.xy(static_cast<double>(i), 0).x;
  for (size_t j = 0; j < ny; ++j) ys[j] = g_.xy(0, static_cast<double>(j)).y;
  xv.putVar(xs.data());
  yv.putVar(ys.data());

  NcVar lat = nc.addVar("lat", netCDF::ncDouble, {dy, dx});
  NcVar lon = nc.addVar("lon", netCDF::ncDouble, {dy, dx});
  lat.putAtt("standard_name", "latitude");
  lat.putAtt("long_name", "latitude of cell centre");
  lat.putAtt("units", "degrees_north");
  lon.putAtt("standard_name", "longitude");
  lon.putAtt("long_name", "longitude of cell centre");
  lon.putAtt("units", "degrees_east");
  std::vector<double> la(nx * ny), lo(nx * ny);
  for (size_t j = 0; j < ny; ++j)
    for (size_t i = 0; i < nx; ++i) {
      const auto p = g_.latlon(static_cast<double>(i), static_cast<double>(j));
      la[i + nx * j] = p.lat_deg;
      lo[i + nx * j] = p.lon_deg;
    }
  lat.putVar(la.data());
  lon.putVar(lo.data());

  if (opt_.three_d) {
    NcVar zv = nc.addVar("z", netCDF::ncDouble, dz);
    zv.putAtt("long_name", "nominal height of the layer middle above ground");
    zv.putAtt("units", "m");
    zv.putAtt("positive", "up");
    zv.putAtt("axis", "Z");
    std::vector<double> zs(nz);
    for (size_t k = 0; k < nz; ++k) zs[k] = v_.z_mid_m(static_cast<int>(k));
    zv.putVar(zs.data());
  }

  NcVar lm = nc.addVar("landmask", netCDF::ncFloat, {dy, dx});
  lm.putAtt("long_name", "land mask (1 land, 0 water)");
  lm.putAtt("units", "1");
  lm.putAtt("grid_mapping", "crs");
  lm.putAtt("coordinates", "lat lon");
  std::vector<float> lmf(landmask.begin(), landmask.end());
  lm.putVar(lmf.data());

  for (int n : written_) {
    const auto& s = species_[n];
    const std::string units = s.output_units();
    const std::string long_name = s.long_name.empty() ? s.name : s.long_name;
    NcVar var = nc.addVar(s.name, netCDF::ncFloat, {dt, dy, dx});
    var.putAtt("units", units);
    var.putAtt("long_name", long_name + " in the lowest model layer");
    var.putAtt("grid_mapping", "crs");
    var.putAtt("coordinates", "lat lon");
    if (s.phase == state::Phase::gas) {
      var.putAtt("comment", "mole fraction in dry air, ppb = 1e-9 mol mol-1");
    } else {
      var.putAtt("comment", "mass concentration at actual (model) temperature and pressure");
    }
    if (opt_.three_d) {
      NcVar v3 = nc.addVar(s.name + "_3d", netCDF::ncFloat, {dt, dz, dy, dx});
      v3.putAtt("units", units);
      v3.putAtt("long_name", long_name);
      v3.putAtt("grid_mapping", "crs");
      v3.putAtt("coordinates", "lat lon");
    }
  }
  for (const auto& x : opt_.extra_2d) {
    NcVar var = nc.addVar(x.name, netCDF::ncFloat, {dt, dy, dx});
    var.putAtt("units", x.units);
    var.putAtt("long_name", x.long_name);
    var.putAtt("grid_mapping", "crs");
    var.putAtt("coordinates", "lat lon");
  }
  for (size_t t = 0; t < opt_.sums.size(); ++t) {
    const auto& [name, members] = opt_.sums[t];
    std::string list;
    for (const auto& m : members) list += (list.empty() ? "" : " + ") + m;
    NcVar var = nc.addVar(name, netCDF::ncFloat, {dt, dy, dx});
    var.putAtt("units", "ug m-3");
    var.putAtt("long_name", name + " mass concentration in the lowest model layer");
    var.putAtt("comment", "sum of " + list + " at actual (model) temperature and pressure");
    var.putAtt("grid_mapping", "crs");
    var.putAtt("coordinates", "lat lon");
  }
  if (!opt_.contrib.empty()) define_contrib(nc, dt, dy, dx);
}

void NetcdfWriter::define_contrib(netCDF::NcFile& nc, const netCDF::NcDim& dt, const netCDF::NcDim& dy,
                                  const netCDF::NcDim& dx) {
  NcDim dtag = nc.addDim("tag", opt_.tags.size());
  NcVar tag = nc.addVar("tag", netCDF::ncString, dtag);
  tag.putAtt("long_name", "source-attribution tag");
  std::vector<const char*> names;
  for (const auto& [name, definition] : opt_.tags) {
    names.push_back(name.c_str());
    tag.putAtt("definition_" + name, definition);
  }
  tag.putVar(names.data());
  for (size_t c = 0; c < opt_.contrib.size(); ++c) {
    const auto& s = species_[species_.index(opt_.contrib[c].species)];
    NcVar var = nc.addVar(s.name + "_contrib", netCDF::ncFloat, {dt, dtag, dy, dx});
    var.putAtt("units", s.output_units());
    var.putAtt("long_name", "contribution of each tag to " + s.name + " in the lowest model layer");
    var.putAtt("comment", "the tags sum to " + s.name + " (docs/attribution.md)");
    if (!opt_.contrib[c].method.empty()) var.putAtt("attribution_method", opt_.contrib[c].method);
    var.putAtt("grid_mapping", "crs");
    var.putAtt("coordinates", "tag lat lon");
  }
}

void NetcdfWriter::write(const state::ChemState& st, const meteo::MetFields& met,
                         const std::vector<const std::vector<double>*>& extra_2d) {
  LANTIAN_ALWAYS_ASSERT(extra_2d.size() == opt_.extra_2d.size(), "output: extra fields do not match their declaration");
  if (record_ == 0) create(met);
  try {
    write_record(st, met, extra_2d);
  } catch (const netCDF::exceptions::NcException& e) {
    throw write_error(part_,
                      "cannot write record " + std::to_string(record_ + 1) + " (hour " +
                          std::to_string(st.time_s / 3600.0) + ") of the output file: " + nc_reason(e),
                      "");
  }
  ++record_;
}

void NetcdfWriter::write_record(const state::ChemState& st, const meteo::MetFields& met,
                                const std::vector<const std::vector<double>*>& extra_2d) {
  const int nz = st.extents().nz;
  const int nlev = opt_.three_d ? nz : 1;
  // Convert to output units on each rank (owned cells), then gather.
  grid::Field3Dd out(grid::Extents{d_.nx, d_.ny, nlev, 0});
  std::vector<double> global;
  if (d_.rank == 0) nc_->getVar("time").putVar({record_}, st.time_s / 3600.0);
  for (int n : written_) {
    const auto& s = species_[n];
    const auto q = st.field(n).view();
    for (int k = 0; k < nlev; ++k)
      for (int j = 0; j < d_.ny; ++j)
        for (int i = 0; i < d_.nx; ++i) out(i, j, k) = output_value(s, q(i, j, k), met.rho_kg_m3(i, j, k));
    parallel::gather_to_root(d_, out.view(), 0, nlev, global);
    if (d_.rank != 0) continue;
    const size_t nx = static_cast<size_t>(d_.nx_global), ny = static_cast<size_t>(d_.ny_global);
    std::vector<float> f(global.begin(), global.end());
    nc_->getVar(s.name).putVar({record_, 0, 0}, {1, ny, nx}, f.data());
    if (opt_.three_d)
      nc_->getVar(s.name + "_3d").putVar({record_, 0, 0, 0}, {1, static_cast<size_t>(nz), ny, nx}, f.data());
  }
  for (size_t t = 0; t < sum_members_.size(); ++t) {
    grid::Field3Dd total(grid::Extents{d_.nx, d_.ny, 1, 0}, 0.0);
    for (int n : sum_members_[t]) {  // a fixed order: the same bits on any decomposition
      const auto q = st.field(n).view();
      for (int j = 0; j < d_.ny; ++j)
        for (int i = 0; i < d_.nx; ++i) total(i, j, 0) += output_value(species_[n], q(i, j, 0), met.rho_kg_m3(i, j, 0));
    }
    parallel::gather_to_root(d_, total.view(), 0, 1, global);
    if (d_.rank != 0) continue;
    std::vector<float> f(global.begin(), global.end());
    nc_->getVar(opt_.sums[t].first)
        .putVar({record_, 0, 0}, {1, static_cast<size_t>(d_.ny_global), static_cast<size_t>(d_.nx_global)}, f.data());
  }
  for (size_t c = 0; c < contrib_tracers_.size(); ++c) {
    const auto& tracers = contrib_tracers_[c];
    const int bulk = species_.index(opt_.contrib[c].species);
    const size_t nt = tracers.size();
    grid::Field3Dd surface(grid::Extents{d_.nx, d_.ny, 1, 0}), sum(grid::Extents{d_.nx, d_.ny, 1, 0}, 0.0);
    if (opt_.contrib[c].scaled)
      for (int n : tracers) {
        const auto q = st.field(n).view();
        for (int j = 0; j < d_.ny; ++j)
          for (int i = 0; i < d_.nx; ++i) sum(i, j, 0) += q(i, j, 0);
      }
    const auto s = st.field(bulk).view();
    for (size_t t = 0; t < nt; ++t) {
      const int n = tracers[t];
      const auto q = st.field(n).view();
      for (int j = 0; j < d_.ny; ++j)
        for (int i = 0; i < d_.nx; ++i) {
          if (!opt_.contrib[c].scaled) {
            surface(i, j, 0) = output_value(species_[n], q(i, j, 0), met.rho_kg_m3(i, j, 0));
            continue;
          }
          // The tag's share of the family times the species (the implicit `other` is nt - 3).
          const double share = sum(i, j, 0) > 0.0 ? q(i, j, 0) / sum(i, j, 0) : (t == nt - 3 ? 1.0 : 0.0);
          surface(i, j, 0) = output_value(species_[bulk], s(i, j, 0) * share, met.rho_kg_m3(i, j, 0));
        }
      parallel::gather_to_root(d_, surface.view(), 0, 1, global);
      if (d_.rank != 0) continue;
      std::vector<float> f(global.begin(), global.end());
      nc_->getVar(opt_.contrib[c].species + "_contrib")
          .putVar({record_, t, 0, 0}, {1, 1, static_cast<size_t>(d_.ny_global), static_cast<size_t>(d_.nx_global)},
                  f.data());
    }
  }
  for (size_t t = 0; t < extra_2d.size(); ++t) {
    grid::View3D<const double> v(extra_2d[t]->data(), grid::Extents{d_.nx, d_.ny, 1, 0});
    parallel::gather_to_root(d_, v, 0, 1, global);
    if (d_.rank != 0) continue;
    std::vector<float> f(global.begin(), global.end());
    nc_->getVar(opt_.extra_2d[t].name)
        .putVar({record_, 0, 0}, {1, static_cast<size_t>(d_.ny_global), static_cast<size_t>(d_.nx_global)}, f.data());
  }
  if (d_.rank == 0) nc_->sync();
}

void NetcdfWriter::finish() {
  if (finished_) return;
  finished_ = true;
  if (d_.rank == 0 && nc_) {
    try {
      nc_->putAtt("run_status", "complete");
      nc_->close();
    } catch (const netCDF::exceptions::NcException& e) {
      throw write_error(part_, std::string("cannot complete the output file: ") + nc_reason(e), "");
    }
    nc_.reset();
    std::error_code ec;
    std::filesystem::rename(part_, opt_.path, ec);
    if (ec) throw Error::in_file(part_, "cannot rename the finished output to " + opt_.path + ": " + ec.message());
  }
  MPI_Barrier(d_.comm);
}

size_t NetcdfWriter::snapshot(const std::string& path) {
  if (d_.rank != 0) return record_;
  LANTIAN_ALWAYS_ASSERT(nc_ != nullptr, "output snapshot before the first record");
  const std::string tmp = path + ".tmp";
  try {
    nc_->close();
  } catch (const netCDF::exceptions::NcException& e) {
    throw write_error(part_, std::string("cannot close the output file for its snapshot: ") + nc_reason(e), "");
  }
  nc_.reset();
  std::error_code ec;
  std::filesystem::copy_file(part_, tmp, std::filesystem::copy_options::overwrite_existing, ec);
  if (!ec) std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    const std::string full = files::disk_full_note(tmp);
    throw Error::in_file(tmp, "cannot copy the output so far next to the checkpoint: " + ec.message() +
                                  (full.empty() ? "" : "; " + full));
  }
  try {
    nc_ = std::make_unique<NcFile>(part_, NcFile::write);
  } catch (const netCDF::exceptions::NcException& e) {
    throw write_error(part_, std::string("cannot reopen the output file after its snapshot: ") + nc_reason(e), "");
  }
  return record_;
}

void NetcdfWriter::resume(const std::string& snapshot, size_t records, double last_time_h) {
  record_ = records;
  if (d_.rank == 0) {
    if (!std::filesystem::exists(snapshot))
      throw Error::in_file(snapshot,
                           "the output before the checkpoint is missing (it is written next to the "
                           "checkpoint and holds the hours from the case start)");
    choose_part_path();
    std::error_code ec;
    std::filesystem::copy_file(snapshot, part_, ec);
    if (ec)
      throw write_error(part_, "cannot copy the output before the checkpoint (" + snapshot + "): " + ec.message(), "");
    try {
      nc_ = std::make_unique<NcFile>(part_, NcFile::write);
      const auto time = nc_->getVar("time");
      const size_t n = time.isNull() ? 0 : time.getDim(0).getSize();
      double last = -1.0;
      if (n > 0) time.getVar({n - 1}, {1}, &last);
      if (n != records || last != last_time_h)
        throw Error::in_file(snapshot,
                             "holds " + std::to_string(n) + " records up to hour " + std::to_string(last) +
                                 ", the checkpoint expects " + std::to_string(records) + " up to hour " +
                                 std::to_string(last_time_h),
                             "time");
      auto need = [&](const std::string& name) {
        if (nc_->getVar(name).isNull())
          throw Error::in_file(snapshot,
                               "variable missing: the output of this run (output.species, output.pm25, "
                               "output.pm10, output.three_d, deposition) differs from the run that wrote "
                               "the checkpoint",
                               name);
      };
      for (int n2 : written_) {
        need(species_[n2].name);
        if (opt_.three_d) need(species_[n2].name + "_3d");
      }
      for (const auto& x : opt_.extra_2d) need(x.name);
      for (const auto& sum : opt_.sums) need(sum.first);
    } catch (const netCDF::exceptions::NcException& e) {
      throw Error::in_file(snapshot, std::string("cannot continue the output before the checkpoint: ") + nc_reason(e));
    }
    try {
      nc_->putAtt("restarted", "from the checkpoint at hour " + std::to_string(last_time_h) +
                                   "; records up to it copied from " + snapshot);
    } catch (const netCDF::exceptions::NcException& e) {
      throw write_error(part_, std::string("cannot write the output file: ") + nc_reason(e), "");
    }
    log::info("output: hours 0-" + std::to_string(last_time_h) + " copied from " + snapshot + " into " + part_);
  }
}

}  // namespace lantian::output
