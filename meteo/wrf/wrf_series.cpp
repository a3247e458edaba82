#include "meteo/wrf/wrf_series.hpp"

#include <glob.h>
#include <netcdf.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <netcdf>
#include <optional>

#include "solver/core/error.hpp"
#include "solver/core/log.hpp"
#include "solver/io/cf_read.hpp"
#include "solver/io/nc_complete.hpp"
#include "solver/parallel/agreement.hpp"

namespace lantian::meteo {

namespace {

using netCDF::NcFile;

/// The variable `name` of `f`, or a null NcVar. By id (nc_inq_varid): NcGroup::getVar(name)
/// lists every variable of the file with its name first, a cost per call that grows with the
/// file's variable count (WRF files hold hundreds) and that every record read paid.
netCDF::NcVar find_var(const NcFile& f, const std::string& name) {
  int id = -1;
  if (nc_inq_varid(f.getId(), name.c_str(), &id) != NC_NOERR) return netCDF::NcVar();
  return netCDF::NcVar(f, id);
}

int dim_size(const NcFile& f, const std::string& file, const std::string& name) {
  netCDF::NcDim d = f.getDim(name);
  if (d.isNull()) throw Error::in_file(file, "dimension '" + name + "' is missing");
  return static_cast<int>(d.getSize());
}

bool get_att(const NcFile& f, const std::string& name, double& v) {
  auto atts = f.getAtts();
  auto it = atts.find(name);
  if (it == atts.end()) return false;
  if (it->second.getAttLength() < 1) return false;
  it->second.getValues(&v);
  return true;
}

bool get_att_text(const NcFile& f, const std::string& name, std::string& v) {
  auto atts = f.getAtts();
  auto it = atts.find(name);
  if (it == atts.end()) return false;
  it->second.getValues(v);
  while (!v.empty() && (v.back() == '\0' || v.back() == ' ')) v.pop_back();
  return true;
}

double need_att(const NcFile& f, const std::string& file, const std::string& name) {
  double v = 0;
  if (!get_att(f, name, v)) throw Error::in_file(file, "global attribute is missing", name);
  return v;
}

/// Entry `t` of a file's Times ("YYYY-MM-DD_HH:MM:SS", padded with NULs or blanks in some
/// files), parsed; lantian::Error naming the file, Times and the index when it is no date.
UtcTime parse_times_entry(std::string s, const std::string& path, size_t t) {
  while (!s.empty() && (s.back() == '\0' || s.back() == ' ')) s.pop_back();
  const std::optional<UtcTime> u = UtcTime::parse(s);
  if (!u)
    throw Error::in_file(path, "'" + s + "' is not a date-time YYYY-MM-DD_HH:MM:SS", "Times", 0,
                         "index " + std::to_string(t));
  return *u;
}

}  // namespace

WrfSeries::WrfSeries(std::vector<std::string> files) : files_(std::move(files)) {
  if (files_.empty()) throw Error("meteo: no WRF files given");
  for (int fi = 0; fi < static_cast<int>(files_.size()); ++fi) add_file(fi, read_header(fi));
  if (records_.empty()) throw Error::in_file(files_[0], "no time records", "Times");
}

std::unique_ptr<WrfSeries> WrfSeries::open_shared(std::vector<std::string> files, MPI_Comm comm) {
  int rank = 0, nranks = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &nranks);
  if (nranks == 1) return std::make_unique<WrfSeries>(std::move(files));
  if (files.empty()) {
    if (rank == 0) throw Error("meteo: no WRF files given");
    return nullptr;
  }
  std::unique_ptr<WrfSeries> s(new WrfSeries());
  s->files_ = std::move(files);
  const int nfiles = static_cast<int>(s->files_.size());
  // Every rank reads its share (errors kept, not thrown, so that every rank reaches the
  // gather), then rank 0 takes the headers in file order.
  std::string mine;
  for (int fi = rank; fi < nfiles; fi += nranks) mine += encode(s->read_header(fi));
  const std::vector<std::string> all = parallel::gather_texts(comm, mine, 0);
  if (rank != 0) return nullptr;
  std::vector<std::vector<FileHeader>> parts;
  for (const std::string& text : all) parts.push_back(decode_all(text));
  for (int fi = 0; fi < nfiles; ++fi)
    s->add_file(fi, parts[static_cast<size_t>(fi % nranks)].at(static_cast<size_t>(fi / nranks)));
  if (s->records_.empty()) throw Error::in_file(s->files_[0], "no time records", "Times");
  return s;
}

WrfSeries::FileHeader WrfSeries::read_header(int fi) {
  const std::string& path = files_[static_cast<size_t>(fi)];
  FileHeader h;
  try {
    if (!std::filesystem::exists(path)) throw Error::in_file(path, "WRF file does not exist");
    NcFile& f = open(fi);
    if (fi == 0) read_first_file(f, path);
    const char* names[] = {"west_east", "south_north", "bottom_top"};
    for (int d = 0; d < 3; ++d)
      if (const netCDF::NcDim dim = f.getDim(names[d]); !dim.isNull()) h.dims[d] = static_cast<int>(dim.getSize());
    netCDF::NcVar times = find_var(f, "Times");
    if (times.isNull()) {
      h.times_error = Error::in_file(path, "variable is missing", "Times").full_message();
      return h;
    }
    const auto dims = times.getDims();
    if (dims.size() != 2) {
      h.times_error = Error::in_file(path, "expected Times(Time, DateStrLen)", "Times").full_message();
      return h;
    }
    const size_t nt = dims[0].getSize(), len = dims[1].getSize();
    std::vector<char> buf(nt * len + 1, '\0');
    if (nt > 0) times.getVar(buf.data());
    for (size_t t = 0; t < nt; ++t) h.times.emplace_back(buf.data() + t * len, len);
    netCDF::NcVar xtime = find_var(f, "XTIME");
    h.has_xtime = !xtime.isNull() && get_att_text(f, "SIMULATION_START_DATE", h.simulation_start) && nt > 0 &&
                  xtime.getDimCount() == 1;
    if (h.has_xtime) {
      try {
        h.xtime_min = io::read_cf_doubles(xtime, path);
      } catch (const Error& e) {
        h.xtime_error = e.full_message();
      }
    }
  } catch (const Error& e) {
    h.open_error = e.full_message();
  } catch (const std::exception& e) {
    h.open_error = Error::in_file(path, std::string("cannot read the header: ") + e.what()).full_message();
  }
  return h;
}

void WrfSeries::read_first_file(NcFile& f, const std::string& path) {
  nx_ = dim_size(f, path, "west_east");
  ny_ = dim_size(f, path, "south_north");
  nz_ = dim_size(f, path, "bottom_top");
  for (const auto& kv : f.getVars()) first_vars_.push_back(kv.first);
  std::sort(first_vars_.begin(), first_vars_.end());
  att_.map_proj = static_cast<int>(need_att(f, path, "MAP_PROJ"));
  att_.truelat1 = need_att(f, path, "TRUELAT1");
  att_.truelat2 = need_att(f, path, "TRUELAT2");
  att_.stand_lon = need_att(f, path, "STAND_LON");
  att_.cen_lat = need_att(f, path, "CEN_LAT");
  att_.cen_lon = need_att(f, path, "CEN_LON");
  att_.dx = need_att(f, path, "DX");
  att_.dy = need_att(f, path, "DY");
  att_.moad_cen_lat = att_.cen_lat;
  get_att(f, "MOAD_CEN_LAT", att_.moad_cen_lat);
  get_att(f, "POLE_LAT", att_.pole_lat);
  att_.we_grid_dim = static_cast<int>(need_att(f, path, "WEST-EAST_GRID_DIMENSION"));
  att_.sn_grid_dim = static_cast<int>(need_att(f, path, "SOUTH-NORTH_GRID_DIMENSION"));
  att_.bt_grid_dim = static_cast<int>(need_att(f, path, "BOTTOM-TOP_GRID_DIMENSION"));
  double v = 0;
  if (get_att(f, "ISWATER", v)) att_.iswater = static_cast<int>(v);
  if (get_att(f, "ISURBAN", v)) att_.isurban = static_cast<int>(v);
  if (get_att(f, "ISLAKE", v)) att_.islake = static_cast<int>(v);
  if (get_att(f, "BUCKET_MM", v)) att_.bucket_mm = v;
  get_att_text(f, "MMINLU", att_.mminlu);
  get_att_text(f, "SIMULATION_START_DATE", att_.simulation_start);
  if (!(att_.dx > 0) || !(att_.dy > 0)) throw Error::in_file(path, "DX and DY must be positive", "DX");
}

void WrfSeries::add_file(int fi, const FileHeader& h) {
  const std::string& path = files_[static_cast<size_t>(fi)];
  if (!h.open_error.empty()) throw Error(h.open_error);
  if (fi > 0) {
    const char* names[] = {"west_east", "south_north", "bottom_top"};
    const int want[] = {nx_, ny_, nz_};
    for (int d = 0; d < 3; ++d) {
      if (h.dims[d] < 0) throw Error::in_file(path, "dimension '" + std::string(names[d]) + "' is missing");
      if (h.dims[d] != want[d])
        throw Error::in_file(path,
                             "mismatched dimensions: " + std::to_string(h.dims[d]) + " here, " +
                                 std::to_string(want[d]) + " in " + files_[0],
                             names[d]);
    }
  }
  if (!h.times_error.empty()) throw Error(h.times_error);
  for (size_t t = 0; t < h.times.size(); ++t) {
    const UtcTime e = parse_times_entry(h.times[t], path, t);
    const std::string at = "index " + std::to_string(t) + " (" + e.iso('_') + ")";
    if (!records_.empty()) {
      const WrfRecord& prev = records_.back();
      if (e <= prev.time) {
        const bool across = prev.file != fi;
        throw Error::in_file(path,
                             std::string(across ? "overlapping times: not after the last time of the previous file "
                                                : "non-monotonic times: not after the previous time ") +
                                 prev.time.iso('_'),
                             "Times", 0, at);
      }
      const std::int64_t dt = (e.seconds() - prev.time.seconds()).count();
      if (interval_s_ == 0) {
        interval_s_ = dt;
      } else if (dt != interval_s_) {
        throw Error::in_file(path,
                             "time gap: " + std::to_string(dt) + " s after " + prev.time.iso('_') +
                                 ", the series steps by " + std::to_string(interval_s_) + " s",
                             "Times", 0, at);
      }
    }
    records_.push_back(WrfRecord{fi, static_cast<int>(t), e});
  }
  // XTIME (minutes since SIMULATION_START_DATE) against Times: a warning, Times wins.
  if (!h.has_xtime) return;
  if (!h.xtime_error.empty()) throw Error(h.xtime_error);
  const std::optional<UtcTime> t0 = UtcTime::parse(h.simulation_start);
  if (!t0)
    throw Error::in_file(path, "'" + h.simulation_start + "' is not a date-time YYYY-MM-DD_HH:MM:SS",
                         "SIMULATION_START_DATE");
  const size_t nt = h.times.size();
  for (size_t t = 0; t < std::min(nt, h.xtime_min.size()); ++t) {
    const double want = records_[records_.size() - nt + t].time.seconds_since(*t0) / 60.0;
    if (std::fabs(h.xtime_min[t] - want) > 0.5)
      log::warn(path + ": XTIME[" + std::to_string(t) + "] = " + std::to_string(h.xtime_min[t]) +
                " min disagrees with Times (" + std::to_string(want) +
                " min after SIMULATION_START_DATE); using Times");
  }
}

WrfSeries::~WrfSeries() = default;

NcFile& WrfSeries::open(int file) const {
  for (auto& p : open_)
    if (p.first == file) return *p.second;
  const std::string& path = files_.at(static_cast<size_t>(file));
  std::unique_ptr<NcFile> f;
  try {
    f = std::make_unique<NcFile>(path, NcFile::read);
  } catch (const std::exception& e) {
    throw Error::in_file(path, std::string("cannot open as netCDF: ") + e.what());
  }
  if (open_.size() >= 4) open_.erase(open_.begin());
  open_.emplace_back(file, std::move(f));
  return *open_.back().second;
}

bool WrfSeries::has(const std::string& var) const {
  return std::binary_search(first_vars_.begin(), first_vars_.end(), var);
}

std::string WrfSeries::time_string(int rec) const { return records_.at(static_cast<size_t>(rec)).time.iso('_'); }

std::string WrfSeries::where(int rec) const {
  const WrfRecord& r = records_.at(static_cast<size_t>(rec));
  return files_[static_cast<size_t>(r.file)] + ", time index " + std::to_string(r.index) + " (" + time_string(rec) +
         ")";
}

std::vector<double> WrfSeries::read(const std::string& var, int rec, const std::vector<std::string>& expect_dims,
                                    int k0, int nk, int j0, int nj, int i0, int ni) const {
  const WrfRecord& r = records_.at(static_cast<size_t>(rec));
  const std::string& path = files_[static_cast<size_t>(r.file)];
  const std::string at = "index " + std::to_string(r.index) + " (" + time_string(rec) + ")";
  NcFile& f = open(r.file);
  netCDF::NcVar v = find_var(f, var);
  if (v.isNull()) throw Error::in_file(path, "variable is missing", var, 0, at);
  std::vector<netCDF::NcDim> dims = v.getDims();
  const bool timed = !dims.empty() && dims[0].getName() == "Time";
  std::vector<size_t> start, count;
  if (timed) {
    start.push_back(static_cast<size_t>(r.index));
    count.push_back(1);
    dims.erase(dims.begin());
  }
  std::string got, want;
  for (const auto& d : dims) got += (got.empty() ? "" : ", ") + d.getName() + "=" + std::to_string(d.getSize());
  for (const auto& d : expect_dims) want += (want.empty() ? "" : ", ") + d;
  if (dims.size() != expect_dims.size())
    throw Error::in_file(path, "mismatched dimensions: (" + got + "), expected (" + want + ")", var, 0, at);
  for (size_t d = 0; d < dims.size(); ++d)
    if (dims[d].getName() != expect_dims[d])
      throw Error::in_file(path, "mismatched dimensions: (" + got + "), expected (" + want + ")", var, 0, at);
  // Expected sizes of the named dimensions, from the mass-point sizes of the series.
  auto size_of = [&](const std::string& n) -> long {
    if (n == "west_east") return nx_;
    if (n == "west_east_stag") return nx_ + 1;
    if (n == "south_north") return ny_;
    if (n == "south_north_stag") return ny_ + 1;
    if (n == "bottom_top") return nz_;
    if (n == "bottom_top_stag") return nz_ + 1;
    return -1;
  };
  for (const auto& d : dims) {
    const long s = size_of(d.getName());
    if (s >= 0 && static_cast<long>(d.getSize()) != s)
      throw Error::in_file(path,
                           "mismatched dimensions: " + d.getName() + " = " + std::to_string(d.getSize()) +
                               ", expected " + std::to_string(s),
                           var, 0, at);
  }
  std::vector<long> lo, n;
  if (dims.size() == 3) {
    lo = {k0, j0, i0};
    n = {nk, nj, ni};
  } else if (dims.size() == 2) {
    lo = {j0, i0};
    n = {nj, ni};
  } else if (dims.size() == 1) {
    lo = {k0};
    n = {nk};
  } else {
    throw Error::in_file(path, "unsupported number of dimensions", var, 0, at);
  }
  for (size_t d = 0; d < lo.size(); ++d) {
    if (lo[d] < 0 || n[d] < 0 || lo[d] + n[d] > static_cast<long>(dims[d].getSize()))
      throw Error::in_file(path, "requested block outside dimension " + dims[d].getName(), var, 0, at);
    start.push_back(static_cast<size_t>(lo[d]));
    count.push_back(static_cast<size_t>(n[d]));
  }
  io::CfValues cf = io::read_cf(v, start, count, path);
  for (size_t q = 0; q < cf.values.size(); ++q) {
    if (std::isfinite(cf.values[q])) continue;
    // The block's (k, j, i) at q, back to the file's global indices (the same on every rank).
    const long ni_ = n.back(), nj_ = n.size() >= 2 ? n[n.size() - 2] : 1;
    const long qi = static_cast<long>(q);
    const long gi = n.size() >= 2 ? lo.back() + qi % ni_ : 0;
    const long gj = n.size() >= 2 ? lo[lo.size() - 2] + (qi / ni_) % nj_ : 0;
    const long gk = n.size() == 3 ? lo[0] + qi / (ni_ * nj_) : (n.size() == 1 ? lo[0] + qi : 0);
    const std::string what =
        cf.missing[q] ? "missing value (_FillValue, missing_value or outside valid_range)" : "NaN or infinite value";
    throw Error::in_file(
        path, what + " at " + point(rec, static_cast<int>(gi), static_cast<int>(gj), static_cast<int>(gk), expect_dims),
        var, 0, iso_time(rec) + ", time index " + std::to_string(r.index));
  }
  return std::move(cf.values);
}

std::string WrfSeries::iso_time(int rec) const { return records_.at(static_cast<size_t>(rec)).time.iso('T') + "Z"; }

std::string WrfSeries::point(int rec, int i, int j, int k, const std::vector<std::string>& dims) const {
  std::string grid;
  for (const auto& d : dims)
    if (d.size() > 5 && d.compare(d.size() - 5, 5, "_stag") == 0) grid += (grid.empty() ? "" : ", ") + d;
  std::string s = "WRF grid point (i, j, k) = (" + std::to_string(i) + ", " + std::to_string(j) + ", " +
                  std::to_string(k) + ") (0-based west_east, south_north, bottom_top of the file" +
                  (grid.empty() ? std::string() : "; staggered along " + grid) + ")";
  // Latitude and longitude of the nearest mass point, from the file's XLAT/XLONG.
  try {
    const int mi = std::clamp(i, 0, nx_ - 1), mj = std::clamp(j, 0, ny_ - 1);
    const WrfRecord& r = records_.at(static_cast<size_t>(rec));
    NcFile& f = open(r.file);
    double ll[2] = {0, 0};
    const char* names[2] = {"XLAT", "XLONG"};
    for (int q = 0; q < 2; ++q) {
      netCDF::NcVar v = find_var(f, names[q]);
      if (v.isNull()) return s;
      std::vector<size_t> st;
      if (v.getDimCount() == 3) st.push_back(static_cast<size_t>(r.index));
      st.push_back(static_cast<size_t>(mj));
      st.push_back(static_cast<size_t>(mi));
      std::vector<size_t> ct(st.size(), 1);
      ll[q] = io::read_cf_doubles(v, st, ct, files_[static_cast<size_t>(r.file)]).at(0);
    }
    char buf[96];
    std::snprintf(buf, sizeof buf, ", lat %.4f lon %.4f", ll[0], ll[1]);
    s += buf;
  } catch (const std::exception&) {
    // The location stays without coordinates when XLAT/XLONG cannot be read.
  }
  return s;
}

void WrfSeries::check_readable(const std::vector<std::string>& vars) const {
  for (int fi = 0; fi < static_cast<int>(files_.size()); ++fi) check_file_readable(fi, vars);
}

void WrfSeries::check_file_readable(int fi, const std::vector<std::string>& vars) const {
  const std::string& path = files_.at(static_cast<size_t>(fi));
  io::check_not_truncated(path);
  NcFile& f = open(fi);
  for (const auto& name : vars) {
    netCDF::NcVar v = find_var(f, name);
    if (v.isNull()) continue;  // absence is reported (or handled) where the variable is used
    const auto dims = v.getDims();
    std::vector<size_t> start(dims.size(), 0), count;
    for (const auto& d : dims) count.push_back(d.getSize());
    if (!dims.empty() && dims[0].getName() == "Time") {
      if (count[0] == 0) continue;
      start[0] = count[0] - 1;  // the last record: the part a truncated write loses first
      count[0] = 1;
    }
    io::CfValues cf;
    try {
      cf = io::read_cf(v, start, count, path);
    } catch (const Error& e) {
      throw Error::in_file(path, std::string("unreadable (truncated or corrupt file?): ") + e.what(), name);
    }
    if (cf.n_missing == cf.values.size() && !cf.values.empty())
      throw Error::in_file(path, "the last time record holds only fill values (truncated or unfinished file?)", name);
  }
}

std::vector<std::string> expand_file_globs(const std::vector<std::string>& patterns, const std::string& base_dir) {
  std::vector<std::string> out;
  for (const auto& p0 : patterns) {
    std::filesystem::path p(p0);
    if (p.is_relative() && !base_dir.empty()) p = std::filesystem::path(base_dir) / p;
    const std::string pat = p.string();
    if (pat.find_first_of("*?[") == std::string::npos) {
      if (!std::filesystem::exists(p)) throw Error("meteo.files: '" + pat + "' does not exist");
      out.push_back(pat);
      continue;
    }
    glob_t g{};
    const int rc = ::glob(pat.c_str(), 0, nullptr, &g);
    std::vector<std::string> found;
    if (rc == 0)
      for (size_t q = 0; q < g.gl_pathc; ++q) found.emplace_back(g.gl_pathv[q]);
    globfree(&g);
    if (found.empty()) throw Error("meteo.files: '" + pat + "' matches no file");
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace lantian::meteo
