// A WRF series' description as a string and back (WrfSeries::description, from_description):
// what one rank read from the files' headers, for the ranks that do not open them; and one
// file's header as a string and back (WrfSeries::encode, decode_all), for the rank that checks
// the headers the others read (WrfSeries::open_shared). Format: fields separated by blanks
// (a description starts with a version tag); integers in decimal, doubles as the decimal of
// their 64 bits (exact), strings as "length:bytes" (any byte, blanks and newlines included).
#include <bit>
#include <charconv>
#include <cstdint>
#include <netcdf>
#include <string_view>

#include "meteo/wrf/wrf_series.hpp"
#include "solver/core/error.hpp"

namespace lantian::meteo {

namespace {

constexpr std::string_view k_tag = "lantian-wrf-series-1";

class Writer {
 public:
  void integer(long long v) {
    out_ += std::to_string(v);
    out_ += ' ';
  }
  void real(double v) {
    out_ += std::to_string(std::bit_cast<std::uint64_t>(v));
    out_ += ' ';
  }
  void text(const std::string& t) {
    out_ += std::to_string(t.size());
    out_ += ':';
    out_ += t;
    out_ += ' ';
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  long long integer() {
    long long v = 0;
    number(v);
    return v;
  }
  double real() {
    std::uint64_t bits = 0;
    number(bits);
    return std::bit_cast<double>(bits);
  }
  std::string text() {
    std::size_t n = 0;
    const char* p = in_.data() + pos_;
    const auto [end, ec] = std::from_chars(p, in_.data() + in_.size(), n);
    if (ec != std::errc() || end == in_.data() + in_.size() || *end != ':') bad();
    pos_ = static_cast<std::size_t>(end - in_.data()) + 1;
    if (n > in_.size() - pos_) bad();
    std::string t = in_.substr(pos_, n);
    pos_ += n;
    separator();
    return t;
  }
  bool done() const noexcept { return pos_ == in_.size(); }
  [[noreturn]] void bad() const {
    throw Error("meteo: not a WRF series description (at byte " + std::to_string(pos_) + ")");
  }

 private:
  template <class T>
  void number(T& v) {
    const char* p = in_.data() + pos_;
    const auto [end, ec] = std::from_chars(p, in_.data() + in_.size(), v);
    if (ec != std::errc()) bad();
    pos_ = static_cast<std::size_t>(end - in_.data());
    separator();
  }
  void separator() {
    if (pos_ >= in_.size() || in_[pos_] != ' ') bad();
    ++pos_;
  }
  const std::string& in_;
  std::size_t pos_ = 0;
};

}  // namespace

WrfSeries::WrfSeries() = default;

std::string WrfSeries::description() const {
  Writer w;
  w.text(std::string(k_tag));
  w.integer(static_cast<long long>(files_.size()));
  for (const std::string& f : files_) w.text(f);
  w.integer(static_cast<long long>(records_.size()));
  for (const WrfRecord& r : records_) {
    w.integer(r.file);
    w.integer(r.index);
    w.integer(r.time.unix_seconds());
  }
  w.integer(nx_);
  w.integer(ny_);
  w.integer(nz_);
  w.integer(interval_s_);
  w.integer(static_cast<long long>(first_vars_.size()));
  for (const std::string& v : first_vars_) w.text(v);
  const WrfAttributes& a = att_;
  for (int v : {a.map_proj, a.we_grid_dim, a.sn_grid_dim, a.bt_grid_dim, a.iswater, a.isurban, a.islake}) w.integer(v);
  for (double v :
       {a.truelat1, a.truelat2, a.stand_lon, a.cen_lat, a.cen_lon, a.moad_cen_lat, a.pole_lat, a.dx, a.dy, a.bucket_mm})
    w.real(v);
  w.text(a.mminlu);
  w.text(a.simulation_start);
  return w.take();
}

std::unique_ptr<WrfSeries> WrfSeries::from_description(const std::string& text) {
  Reader r(text);
  if (r.text() != k_tag) r.bad();
  std::unique_ptr<WrfSeries> s(new WrfSeries());
  const long long nfiles = r.integer();
  if (nfiles < 1) r.bad();
  for (long long f = 0; f < nfiles; ++f) s->files_.push_back(r.text());
  const long long nrec = r.integer();
  if (nrec < 1) r.bad();
  for (long long q = 0; q < nrec; ++q) {
    WrfRecord rec;
    rec.file = static_cast<int>(r.integer());
    rec.index = static_cast<int>(r.integer());
    rec.time = UtcTime::from_unix_seconds(r.integer());
    if (rec.file < 0 || rec.file >= nfiles || rec.index < 0) r.bad();
    s->records_.push_back(rec);
  }
  s->nx_ = static_cast<int>(r.integer());
  s->ny_ = static_cast<int>(r.integer());
  s->nz_ = static_cast<int>(r.integer());
  s->interval_s_ = r.integer();
  const long long nvars = r.integer();
  if (nvars < 0) r.bad();
  for (long long v = 0; v < nvars; ++v) s->first_vars_.push_back(r.text());
  WrfAttributes& a = s->att_;
  for (int* v : {&a.map_proj, &a.we_grid_dim, &a.sn_grid_dim, &a.bt_grid_dim, &a.iswater, &a.isurban, &a.islake})
    *v = static_cast<int>(r.integer());
  for (double* v : {&a.truelat1, &a.truelat2, &a.stand_lon, &a.cen_lat, &a.cen_lon, &a.moad_cen_lat, &a.pole_lat, &a.dx,
                    &a.dy, &a.bucket_mm})
    *v = r.real();
  a.mminlu = r.text();
  a.simulation_start = r.text();
  if (!r.done()) r.bad();
  return s;
}

std::string WrfSeries::encode(const FileHeader& h) {
  Writer w;
  w.text(h.open_error);
  for (int d : h.dims) w.integer(d);
  w.text(h.times_error);
  w.integer(static_cast<long long>(h.times.size()));
  for (const std::string& t : h.times) w.text(t);
  w.integer(h.has_xtime ? 1 : 0);
  w.text(h.simulation_start);
  w.integer(static_cast<long long>(h.xtime_min.size()));
  for (double x : h.xtime_min) w.real(x);
  w.text(h.xtime_error);
  return w.take();
}

std::vector<WrfSeries::FileHeader> WrfSeries::decode_all(const std::string& text) {
  Reader r(text);
  std::vector<FileHeader> out;
  while (!r.done()) {
    FileHeader& h = out.emplace_back();
    h.open_error = r.text();
    for (int& d : h.dims) d = static_cast<int>(r.integer());
    h.times_error = r.text();
    const long long nt = r.integer();
    if (nt < 0) r.bad();
    for (long long t = 0; t < nt; ++t) h.times.push_back(r.text());
    h.has_xtime = r.integer() != 0;
    h.simulation_start = r.text();
    const long long nx = r.integer();
    if (nx < 0) r.bad();
    for (long long q = 0; q < nx; ++q) h.xtime_min.push_back(r.real());
    h.xtime_error = r.text();
  }
  return out;
}

}  // namespace lantian::meteo
