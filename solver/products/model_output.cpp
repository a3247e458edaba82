#include "solver/products/model_output.hpp"

#include <netcdf>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "solver/core/error.hpp"
#include "solver/core/text.hpp"
#include "solver/io/cf_read.hpp"
#include "solver/products/time_axis.hpp"

namespace lantian::products {

using netCDF::NcFile;
using netCDF::NcVar;

namespace {

std::string text_att(const NcVar& v, const std::string& name) {
  try {
    auto atts = v.getAtts();
    auto it = atts.find(name);
    if (it == atts.end()) return {};
    std::string s;
    it->second.getValues(s);
    while (!s.empty() && s.back() == '\0') s.pop_back();
    return s;
  } catch (const netCDF::exceptions::NcException&) {
    return {};
  }
}

std::string global_text(const NcFile& nc, const std::string& name) {
  auto atts = nc.getAtts();
  auto it = atts.find(name);
  if (it == atts.end()) return {};
  std::string s;
  it->second.getValues(s);
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

std::unique_ptr<NcFile> open_nc(const std::string& path) {
  if (!std::filesystem::exists(path)) throw Error::in_file(path, "no such file");
  try {
    return std::make_unique<NcFile>(path, NcFile::read);
  } catch (const netCDF::exceptions::NcException& e) {
    throw Error::in_file(path, std::string("not a readable NetCDF file: ") + e.what());
  }
}

NcVar need_var(const NcFile& nc, const std::string& path, const std::string& name) {
  NcVar v = nc.getVar(name);
  if (v.isNull()) throw Error::in_file(path, "variable missing", name);
  return v;
}

}  // namespace

ModelOutput ModelOutput::open(const std::string& path) {
  ModelOutput m;
  m.path = path;
  auto nc = open_nc(path);
  auto dim = [&](const char* name) {
    auto d = nc->getDim(name);
    if (d.isNull()) throw Error::in_file(path, "dimension missing", name);
    return d.getSize();
  };
  m.nt = dim("time");
  m.ny = dim("y");
  m.nx = dim("x");
  if (m.nt == 0) throw Error::in_file(path, "no time records", "time");
  NcVar t = need_var(*nc, path, "time");
  const std::string units = text_att(t, "units");
  double to_h = 1.0;
  double epoch_h = 0.0;
  try {
    epoch_h = parse_cf_time_units(units, to_h, "time units");
  } catch (const Error& e) {
    throw Error::in_file(path, e.what(), "time");
  }
  const std::vector<double> raw = io::read_cf_doubles(t, path);
  for (std::size_t k = 0; k < m.nt; ++k)
    if (!std::isfinite(raw[k]))
      throw Error::in_file(path, "time value " + std::to_string(k) + " is missing or not finite", "time");
  m.time_utc_h.resize(m.nt);
  for (std::size_t k = 0; k < m.nt; ++k) m.time_utc_h[k] = epoch_h + raw[k] * to_h;
  for (const char* name : {"lat", "lon"}) {
    NcVar v = need_var(*nc, path, name);
    if (v.getDimCount() != 2 || v.getDim(0).getName() != "y" || v.getDim(1).getName() != "x")
      throw Error::in_file(path, "expected dimensions (y, x)", name);
    auto& dst = std::string(name) == "lat" ? m.lat : m.lon;
    dst = io::read_cf_doubles(v, path);
  }
  NcVar lm = nc->getVar("landmask");
  if (!lm.isNull()) {
    const std::vector<double> mask = io::read_cf_doubles(lm, path);
    m.landmask.assign(mask.begin(), mask.end());
  }
  m.case_name = global_text(*nc, "case_name");
  m.start_time = global_text(*nc, "start_time");
  m.title = global_text(*nc, "title");
  return m;
}

bool ModelOutput::has(const std::string& var) const {
  auto nc = open_nc(path);
  return !nc->getVar(var).isNull();
}

std::vector<double> ModelOutput::read(const std::string& var, std::string* units) const {
  auto nc = open_nc(path);
  NcVar v = need_var(*nc, path, var);
  if (v.getDimCount() != 3 || v.getDim(0).getName() != "time" || v.getDim(1).getName() != "y" ||
      v.getDim(2).getName() != "x")
    throw Error::in_file(path, "expected dimensions (time, y, x)", var);
  // CF reading: packed values unpacked, _FillValue / missing_value / valid range -> NaN.
  std::vector<double> d = io::read_cf_doubles(v, path);
  for (double& x : d)
    if (!std::isfinite(x)) x = k_nan;
  if (units) *units = text_att(v, "units");
  return d;
}

std::vector<double> ModelOutput::read_china_units(Pollutant p) const {
  std::string units;
  auto d = read(model_name(p), &units);
  const std::string u = text::units_key(units);
  double factor = 1.0;
  bool from_ppb = false;
  if (is_gas(p)) {
    if (u == "ppb" || u == "ppbv" || u == "nmolmol-1" || u == "1e-9") {
      from_ppb = true;
    } else if (u == "ppm" || u == "ppmv") {
      from_ppb = true;
      factor = 1000.0;
    } else if (u == "ugm-3" || u == "ugm3") {
      factor = p == Pollutant::co ? 1e-3 : 1.0;
    } else if (p == Pollutant::co && (u == "mgm-3" || u == "mgm3")) {
      factor = 1.0;
    } else {
      throw Error::in_file(path, "units '" + units + "' are not ppb, ppm or ug m-3", model_name(p));
    }
  } else if (!(u == "ugm-3" || u == "ugm3")) {
    throw Error::in_file(path, "units '" + units + "' are not ug m-3", model_name(p));
  }
  for (auto& x : d) x = from_ppb ? ppb_to_china_units(p, x * factor) : x * factor;
  return d;
}

void ModelOutput::require_hourly() const {
  for (std::size_t k = 1; k < nt; ++k)
    if (std::fabs(time_utc_h[k] - time_utc_h[k - 1] - 1.0) > 1e-6)
      throw Error::in_file(path,
                           "records must be 1 h apart; record " + std::to_string(k) + " is " +
                               std::to_string(time_utc_h[k] - time_utc_h[k - 1]) + " h after the previous",
                           "time", 0, iso_utc(time_utc_h[k]));
}

void check_same_grid(const ModelOutput& a, const ModelOutput& b, bool check_time) {
  const std::string both = a.path + " and " + b.path;
  if (a.nx != b.nx || a.ny != b.ny)
    throw Error(both + ": grids differ ('x' x 'y': " + std::to_string(a.nx) + " x " + std::to_string(a.ny) + " vs " +
                std::to_string(b.nx) + " x " + std::to_string(b.ny) + ")");
  for (std::size_t c = 0; c < a.ncells(); ++c) {
    if (std::fabs(a.lat[c] - b.lat[c]) > 1e-5 || std::fabs(a.lon[c] - b.lon[c]) > 1e-5)
      throw Error(both + ": grids differ in 'lat'/'lon' at cell (i=" + std::to_string(c % a.nx) +
                  ", j=" + std::to_string(c / a.nx) + ")");
  }
  if (!check_time) return;
  if (a.nt != b.nt)
    throw Error(both + ": 'time' lengths differ (" + std::to_string(a.nt) + " vs " + std::to_string(b.nt) + ")");
  for (std::size_t k = 0; k < a.nt; ++k)
    if (std::fabs(a.time_utc_h[k] - b.time_utc_h[k]) > 1e-6)
      throw Error(both + ": 'time' differs at record " + std::to_string(k) + " (" + iso_utc(a.time_utc_h[k]) + " vs " +
                  iso_utc(b.time_utc_h[k]) + ")");
}

// ---------------------------------------------------------------------------------------------

struct ProductFile::Impl {
  std::unique_ptr<NcFile> nc;
  netCDF::NcDim dy, dx, dday, dtime;
  bool finished = false;
};

ProductFile::ProductFile(const std::string& path, const ModelOutput& g, const std::string& title)
    : impl_(new Impl), path_(path), ny_(g.ny), nx_(g.nx) {
  const auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir);
  try {
    impl_->nc = std::make_unique<NcFile>(path + ".part", NcFile::replace, NcFile::nc4);
  } catch (const netCDF::exceptions::NcException& e) {
    delete impl_;
    throw Error::in_file(path + ".part", std::string("cannot create: ") + e.what());
  }
  NcFile& nc = *impl_->nc;
  nc.putAtt("Conventions", "CF-1.8");
  nc.putAtt("title", title);
  nc.putAtt("source_file", g.path);
  nc.putAtt("case_name", g.case_name);
  nc.putAtt("model_start_time", g.start_time);
  impl_->dy = nc.addDim("y", ny_);
  impl_->dx = nc.addDim("x", nx_);
  NcVar lat = nc.addVar("lat", netCDF::ncDouble, {impl_->dy, impl_->dx});
  lat.putAtt("standard_name", "latitude");
  lat.putAtt("units", "degrees_north");
  lat.putVar(g.lat.data());
  NcVar lon = nc.addVar("lon", netCDF::ncDouble, {impl_->dy, impl_->dx});
  lon.putAtt("standard_name", "longitude");
  lon.putAtt("units", "degrees_east");
  lon.putVar(g.lon.data());
  if (!g.landmask.empty()) {
    NcVar lm = nc.addVar("landmask", netCDF::ncFloat, {impl_->dy, impl_->dx});
    lm.putAtt("long_name", "land mask (1 land, 0 water)");
    lm.putAtt("units", "1");
    lm.putAtt("coordinates", "lat lon");
    lm.putVar(g.landmask.data());
  }
  // Copy the grid mapping so that the products plot on the model's projection.
  auto src = open_nc(g.path);
  NcVar scrs = src->getVar("crs");
  if (!scrs.isNull()) {
    NcVar crs = nc.addVar("crs", netCDF::ncInt);
    for (const auto& [name, att] : scrs.getAtts()) {
      const auto len = att.getAttLength();
      if (att.getType() == netCDF::ncChar || att.getType() == netCDF::ncString) {
        std::string s;
        att.getValues(s);
        crs.putAtt(name, s);
      } else {
        std::vector<double> v(len);
        att.getValues(v.data());
        crs.putAtt(name, netCDF::ncDouble, len, v.data());
      }
    }
  }
}

ProductFile::~ProductFile() {
  if (impl_ && !impl_->finished && impl_->nc) {
    try {
      impl_->nc->close();
      std::filesystem::remove(path_ + ".part");
    } catch (...) {}
  }
  delete impl_;
}

void ProductFile::attribute(const std::string& name, const std::string& value) { impl_->nc->putAtt(name, value); }

void ProductFile::set_days(const std::vector<std::int64_t>& days, double utc_offset_h) {
  NcFile& nc = *impl_->nc;
  impl_->dday = nc.addDim("day", days.size());
  NcVar v = nc.addVar("day", netCDF::ncDouble, impl_->dday);
  char off[32];
  std::snprintf(off, sizeof off, "%+g", utc_offset_h);
  v.putAtt("long_name", std::string("local natural day (UTC") + off + " h)");
  v.putAtt("units", "days since 1970-01-01");
  v.putAtt("calendar", "standard");
  std::vector<double> d(days.begin(), days.end());
  if (!d.empty()) v.putVar(d.data());
  std::string text;
  for (auto x : days) text += (text.empty() ? "" : " ") + to_string(civil_from_days(x));
  v.putAtt("dates", text);
}

void ProductFile::set_times(const std::vector<double>& utc_h) {
  NcFile& nc = *impl_->nc;
  impl_->dtime = nc.addDim("time", utc_h.size());
  NcVar v = nc.addVar("time", netCDF::ncDouble, impl_->dtime);
  v.putAtt("standard_name", "time");
  v.putAtt("units", "hours since 1970-01-01 00:00:00");
  v.putAtt("calendar", "standard");
  if (!utc_h.empty()) v.putVar(utc_h.data());
}

void ProductFile::put(const std::string& name, const std::string& axis, const std::vector<double>& data,
                      const std::string& units, const std::string& long_name, const std::string& comment) {
  NcFile& nc = *impl_->nc;
  std::vector<netCDF::NcDim> dims;
  if (axis == "day") dims.push_back(impl_->dday);
  else if (axis == "time") dims.push_back(impl_->dtime);
  else if (!axis.empty()) throw Error("ProductFile::put: unknown axis '" + axis + "'");
  if (!axis.empty() && dims.back().isNull()) throw Error("ProductFile::put: axis '" + axis + "' not defined yet");
  dims.push_back(impl_->dy);
  dims.push_back(impl_->dx);
  const std::size_t n = (axis.empty() ? 1 : dims.front().getSize()) * ny_ * nx_;
  if (data.size() != n)
    throw Error("ProductFile::put: '" + name + "' has " + std::to_string(data.size()) + " values, expected " +
                std::to_string(n));
  NcVar v = nc.addVar(name, netCDF::ncFloat, dims);
  const float fill = std::nanf("");
  v.putAtt("_FillValue", netCDF::ncFloat, fill);
  v.putAtt("units", units);
  v.putAtt("long_name", long_name);
  v.putAtt("coordinates", "lat lon");
  if (!nc.getVar("crs").isNull()) v.putAtt("grid_mapping", "crs");
  if (!comment.empty()) v.putAtt("comment", comment);
  std::vector<float> f(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) f[i] = static_cast<float>(data[i]);
  if (!f.empty()) v.putVar(f.data());
}

void ProductFile::finish() {
  if (impl_->finished) return;
  impl_->nc->close();
  impl_->finished = true;
  std::filesystem::rename(path_ + ".part", path_);
}

}  // namespace lantian::products
