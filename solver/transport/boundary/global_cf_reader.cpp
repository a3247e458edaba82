#include "solver/transport/boundary/global_cf_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <netcdf>
#include <optional>
#include <sstream>

#include "solver/core/error.hpp"
#include "solver/core/text.hpp"
#include "solver/io/cf_read.hpp"

namespace lantian::transport {

namespace {

using netCDF::NcFile;
using netCDF::NcVar;

std::optional<std::string> att_text(const NcVar& v, const std::string& name) {
  const auto atts = v.getAtts();
  const auto it = atts.find(name);
  if (it == atts.end()) return std::nullopt;
  if (it->second.getType().getTypeClass() != NC_CHAR && it->second.getType().getTypeClass() != NC_STRING)
    return std::nullopt;
  std::string s;
  it->second.getValues(s);
  while (!s.empty() && (s.back() == '\0' || s.back() == ' ')) s.pop_back();
  return s;
}

using text::lower;

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

/// The 1-D coordinate variables of a file (variable named like its only dimension).
std::vector<NcVar> coordinate_vars(const NcFile& f) {
  std::vector<NcVar> out;
  for (const auto& [name, v] : f.getVars())
    if (v.getDimCount() == 1 && v.getDim(0).getName() == name) out.push_back(v);
  return out;
}

bool is_lat(const NcVar& v) {
  const std::string u = lower(att_text(v, "units").value_or("")), sn = att_text(v, "standard_name").value_or("");
  return sn == "latitude" || u == "degrees_north" || u == "degree_north" || u == "degrees_n" || u == "degree_n" ||
         u == "degreen" || u == "degreesn";
}
bool is_lon(const NcVar& v) {
  const std::string u = lower(att_text(v, "units").value_or("")), sn = att_text(v, "standard_name").value_or("");
  return sn == "longitude" || u == "degrees_east" || u == "degree_east" || u == "degrees_e" || u == "degree_e" ||
         u == "degreee" || u == "degreese";
}
/// Factor to Pa of a pressure unit, 0 when `u` is none.
double pressure_factor(const std::string& units) {
  const std::string u = lower(units);
  if (u == "pa") return 1.0;
  if (u == "hpa" || u == "mbar" || u == "millibar" || u == "millibars" || u == "mb") return 100.0;
  if (u == "kpa") return 1000.0;
  return 0.0;
}

/// Strictly monotonic, or an Error naming the file, the variable and the first offending index.
void check_monotonic(const std::vector<double>& a, const std::string& path, const std::string& name,
                     bool increasing_only) {
  if (a.empty()) throw Error::in_file(path, "the coordinate has no values", name);
  for (double x : a)
    if (!std::isfinite(x)) throw Error::in_file(path, "the coordinate holds a missing or non-finite value", name);
  if (a.size() < 2) return;
  const bool inc = a[1] > a[0];
  for (size_t q = 1; q < a.size(); ++q) {
    if ((inc && a[q] > a[q - 1]) || (!inc && a[q] < a[q - 1])) continue;
    std::ostringstream os;
    os << "the coordinate is not strictly monotonic: " << a[q] << " at index " << q << " after " << a[q - 1];
    throw Error::in_file(path, os.str(), name);
  }
  if (increasing_only && !inc) throw Error::in_file(path, "longitudes must increase along the axis", name);
}

struct TimeAxis {
  double unit_s = 0;
  UtcTime ref;
};

/// "<unit> since <instant>" (CF §4.4), with the standard calendar.
TimeAxis parse_time_units(const NcVar& v, const std::string& path) {
  const std::string name = v.getName();
  const std::string units = att_text(v, "units").value_or("");
  const std::string cal = lower(att_text(v, "calendar").value_or("standard"));
  if (cal != "standard" && cal != "gregorian" && cal != "proleptic_gregorian")
    throw Error::in_file(path, "calendar '" + cal + "' is not supported (standard, gregorian, proleptic_gregorian)",
                         name);
  const auto s = units.find(" since ");
  if (s == std::string::npos)
    throw Error::in_file(path, "units '" + units + "' are not of the form '<unit> since <date-time>'", name);
  const std::string unit = lower(units.substr(0, s));
  TimeAxis t;
  if (unit == "seconds" || unit == "second" || unit == "s") t.unit_s = 1;
  else if (unit == "minutes" || unit == "minute" || unit == "min") t.unit_s = 60;
  else if (unit == "hours" || unit == "hour" || unit == "h") t.unit_s = 3600;
  else if (unit == "days" || unit == "day" || unit == "d") t.unit_s = 86400;
  else throw Error::in_file(path, "time unit '" + unit + "' is not seconds, minutes, hours or days", name);
  std::string ref = units.substr(s + 7);
  while (!ref.empty() && ref.back() == ' ') ref.pop_back();
  for (const std::string tail : {" UTC", " utc", "+00:00", " +00:00", "+0:00", " 0:00"})
    if (ref.size() > tail.size() && ref.compare(ref.size() - tail.size(), tail.size(), tail) == 0)
      ref.erase(ref.size() - tail.size());
  std::optional<UtcTime> u = UtcTime::parse(ref);
  if (!u) u = UtcTime::parse(ref + ":00");  // "YYYY-MM-DD HH:MM"
  if (!u) throw Error::in_file(path, "the reference time of units '" + units + "' is not a date-time", name);
  t.ref = *u;
  return t;
}

}  // namespace

GlobalCfFiles::GlobalCfFiles(std::vector<std::string> files) : files_(std::move(files)) {
  if (files_.empty()) throw Error("boundary: no global files given");
  for (int fi = 0; fi < static_cast<int>(files_.size()); ++fi) {
    const std::string& path = files_[static_cast<size_t>(fi)];
    if (!std::filesystem::exists(path)) throw Error::in_file(path, "global boundary file does not exist");
    std::unique_ptr<NcFile> fp;
    try {
      fp = std::make_unique<NcFile>(path, NcFile::read);
    } catch (const std::exception& e) {
      throw Error::in_file(path, std::string("cannot open as NetCDF: ") + e.what());
    }
    const NcFile& f = *fp;
    std::optional<NcVar> vlat, vlon, vlev, vtime;
    for (const NcVar& v : coordinate_vars(f)) {
      const std::string n = v.getName(), ln = lower(n);
      const std::string sn = att_text(v, "standard_name").value_or("");
      if (!vlat && is_lat(v)) vlat = v;
      else if (!vlon && is_lon(v)) vlon = v;
      else if (!vtime && (ln == "time" || sn == "time" || att_text(v, "axis").value_or("") == "T")) vtime = v;
      else if (!vlev && (sn == "atmosphere_hybrid_sigma_pressure_coordinate" ||
                         ((ln == "plev" || ln == "level" || ln == "lev" || ln == "pressure" || sn == "air_pressure") &&
                          pressure_factor(att_text(v, "units").value_or("")) > 0)))
        vlev = v;
    }
    if (!vlat) throw Error::in_file(path, "no latitude coordinate (units degrees_north or standard_name latitude)");
    if (!vlon) throw Error::in_file(path, "no longitude coordinate (units degrees_east or standard_name longitude)");
    if (!vtime) throw Error::in_file(path, "no time coordinate ('time', standard_name time or axis T)");
    if (!vlev)
      throw Error::in_file(path,
                           "no vertical coordinate: pressure levels (plev, level or lev with units Pa or hPa) or "
                           "standard_name atmosphere_hybrid_sigma_pressure_coordinate");
    const std::vector<double> lat = io::read_cf_doubles(*vlat, path), lon = io::read_cf_doubles(*vlon, path);
    check_monotonic(lat, path, vlat->getName(), false);
    check_monotonic(lon, path, vlon->getName(), true);
    // Vertical levels: p(k) = a_pa(k) + b(k) ps.
    std::vector<double> a_pa, b;
    std::string ps_name;
    double ps_to_pa = 1.0;
    const std::string lev = vlev->getName();
    if (att_text(*vlev, "standard_name").value_or("") == "atmosphere_hybrid_sigma_pressure_coordinate") {
      const std::string ft = att_text(*vlev, "formula_terms").value_or("");
      std::istringstream is(ft);
      std::string key, var;
      std::map<std::string, std::string> terms;
      while (is >> key >> var) terms[key] = var;
      auto term = [&](const std::string& k) -> NcVar {
        const auto it = terms.find(k + ":");
        if (it == terms.end()) throw Error::in_file(path, "formula_terms '" + ft + "' has no '" + k + ":'", lev);
        NcVar v = f.getVar(it->second);
        if (v.isNull())
          throw Error::in_file(path, "variable '" + it->second + "' of formula_terms ('" + k + "') is missing", lev);
        return v;
      };
      const NcVar vb = term("b");
      b = io::read_cf_doubles(vb, path);
      if (terms.count("ap:")) {
        const NcVar vap = term("ap");
        const double fac = pressure_factor(att_text(vap, "units").value_or(""));
        if (fac == 0) throw Error::in_file(path, "units of 'ap' are no pressure (Pa or hPa)", vap.getName());
        a_pa = io::read_cf_doubles(vap, path);
        for (double& x : a_pa) x *= fac;
      } else {
        const NcVar va = term("a"), vp0 = term("p0");
        const double fac = pressure_factor(att_text(vp0, "units").value_or(""));
        if (fac == 0) throw Error::in_file(path, "units of 'p0' are no pressure (Pa or hPa)", vp0.getName());
        const std::vector<double> p0 = io::read_cf_doubles(vp0, path);
        if (p0.size() != 1) throw Error::in_file(path, "'p0' must be a scalar", vp0.getName());
        a_pa = io::read_cf_doubles(va, path);
        for (double& x : a_pa) x *= p0[0] * fac;
      }
      const NcVar vps = term("ps");
      ps_name = vps.getName();
      ps_to_pa = pressure_factor(att_text(vps, "units").value_or(""));
      if (ps_to_pa == 0)
        throw Error::in_file(path, "units of the surface pressure are no pressure (Pa or hPa)", ps_name);
      if (a_pa.size() != b.size() || a_pa.size() != vlev->getDim(0).getSize())
        throw Error::in_file(path, "the hybrid coefficients do not have one value per level", lev);
    } else {
      a_pa = io::read_cf_doubles(*vlev, path);
      check_monotonic(a_pa, path, lev, false);
      const double fac = pressure_factor(att_text(*vlev, "units").value_or(""));
      for (double& x : a_pa) x *= fac;
      b.assign(a_pa.size(), 0.0);
    }
    if (fi == 0) {
      lat_ = lat, lon_ = lon, a_pa_ = a_pa, b_ = b, ps_name_ = ps_name, ps_to_pa_ = ps_to_pa;
      lat_name_ = vlat->getName(), lon_name_ = vlon->getName(), lev_name_ = lev, time_name_ = vtime->getName();
      const double dlon = lon.size() > 1 ? lon[1] - lon[0] : 360.0;
      lon_global_ = lon.size() > 1 && std::fabs(lon.front() + 360.0 - lon.back() - dlon) < 1e-6 * dlon;
    } else if (lat != lat_ || lon != lon_ || a_pa != a_pa_ || b != b_ || ps_name != ps_name_) {
      throw Error::in_file(path, "the grid (latitudes, longitudes or levels) differs from that of " + files_[0]);
    }
    // Time records, strictly increasing across the files.
    const TimeAxis ta = parse_time_units(*vtime, path);
    const std::vector<double> tv = io::read_cf_doubles(*vtime, path);
    for (size_t q = 0; q < tv.size(); ++q) {
      if (!std::isfinite(tv[q]))
        throw Error::in_file(path, "missing time value at index " + std::to_string(q), vtime->getName());
      const UtcTime t = ta.ref.plus_seconds(tv[q] * ta.unit_s);
      if (!records_.empty() && !(t > records_.back().time))
        throw Error::in_file(path,
                             "the time axis is not strictly increasing across the files: " + t.iso() + " at index " +
                                 std::to_string(q) + " after " + records_.back().time.iso(),
                             vtime->getName());
      records_.push_back({fi, q, t});
    }
  }
  if (records_.empty()) throw Error::in_file(files_[0], "no time records", time_name_);
}

GlobalCfFiles::~GlobalCfFiles() = default;

std::string GlobalCfFiles::check_variable(const std::string& var, bool surface) const {
  std::string units;
  for (const std::string& path : files_) {
    const NcFile f(path, NcFile::read);
    const NcVar v = f.getVar(var);
    if (v.isNull()) throw Error::in_file(path, "variable is missing", var);
    std::vector<std::string> want{time_name_, lat_name_, lon_name_};
    if (!surface) want.insert(want.begin() + 1, lev_name_);
    std::vector<std::string> got;
    for (const auto& d : v.getDims()) got.push_back(d.getName());
    if (got != want) throw Error::in_file(path, "dimensions (" + join(got) + ") are not (" + join(want) + ")", var);
    const std::string u = att_text(v, "units").value_or("");
    if (&path != &files_.front() && u != units)
      throw Error::in_file(path, "units '" + u + "' differ from '" + units + "' in " + files_.front(), var);
    units = u;
  }
  return units;
}

std::vector<double> GlobalCfFiles::read_window(const std::string& var, bool surface, size_t r, int j0, int nj, int i0,
                                               int ni) const {
  const GlobalRecord& rec = records_.at(r);
  const std::string& path = files_[static_cast<size_t>(rec.file)];
  if (open_index_ != rec.file) {
    open_.reset();
    open_index_ = -1;
    open_ = std::make_unique<NcFile>(path, NcFile::read);
    open_index_ = rec.file;
  }
  const NcVar v = open_->getVar(var);
  if (v.isNull()) throw Error::in_file(path, "variable is missing", var, 0, rec.time.iso());
  std::vector<size_t> start{rec.index}, count{1};
  if (!surface) start.push_back(0), count.push_back(static_cast<size_t>(nlev()));
  start.push_back(static_cast<size_t>(j0)), count.push_back(static_cast<size_t>(nj));
  start.push_back(static_cast<size_t>(i0)), count.push_back(static_cast<size_t>(ni));
  io::CfValues cf = io::read_cf(v, start, count, path);
  for (size_t q = 0; q < cf.values.size(); ++q) {
    if (std::isfinite(cf.values[q])) continue;
    const size_t i = q % static_cast<size_t>(ni), j = (q / static_cast<size_t>(ni)) % static_cast<size_t>(nj);
    const size_t k = q / (static_cast<size_t>(ni) * static_cast<size_t>(nj));
    std::ostringstream os;
    os << (cf.missing[q] ? "missing value" : "NaN or infinite value") << " at " << lat_[static_cast<size_t>(j0) + j]
       << " N, " << lon_[static_cast<size_t>(i0) + i] << " E" << (surface ? "" : ", level " + std::to_string(k))
       << " (the inflow needs it)";
    throw Error::in_file(path, os.str(), var, 0, rec.time.iso());
  }
  return std::move(cf.values);
}

}  // namespace lantian::transport
