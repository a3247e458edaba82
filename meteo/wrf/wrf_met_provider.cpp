#include "meteo/wrf/wrf_met_provider.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <sstream>

#include "meteo/derived/pbl_diag.hpp"
#include "meteo/wrf/wrf_columns.hpp"
#include "solver/core/error.hpp"
#include "solver/core/log.hpp"
#include "solver/parallel/agreement.hpp"
#include "solver/parallel/wait_clock.hpp"

namespace lantian::meteo {

using namespace wrf_columns;

namespace {

/// The variables the pre-run check reads the last record of, in every file the run reads.
const std::vector<std::string> k_preflight_vars = {
    "U",   "V",      "T",     "P",      "PB",       "PH",       "PHB",      "QVAPOR", "HGT",  "PBLH", "UST",
    "HFX", "QCLOUD", "QICE",  "CLDFRA", "LU_INDEX", "ZNT",      "LANDMASK", "XLAND",  "T2",   "Q2",   "U10",
    "V10", "SWDOWN", "RAINC", "RAINNC", "I_RAINC",  "I_RAINNC", "EXCH_H",   "XLAT",   "XLONG"};

/// The fields of MetFields, for loops over all of them.
std::vector<grid::Field3Dd*> all_fields(MetFields& m) {
  return {&m.rho_kg_m3, &m.temp_k,      &m.press_pa,    &m.qv_kg_kg,   &m.qc_kg_kg, &m.cloud_frac,
          &m.dz_m,      &m.zmid_m,      &m.u_face_m_s,  &m.v_face_m_s, &m.kz_m2_s,  &m.pblh_m,
          &m.ustar_m_s, &m.hfx_w_m2,    &m.znt_m,       &m.t2_k,       &m.q2_kg_kg, &m.u10_m_s,
          &m.v10_m_s,   &m.swdown_w_m2, &m.precip_mm_h, &m.coszen,     &m.lu_index, &m.landmask};
}

}  // namespace

WrfMetProvider::WrfMetProvider(std::vector<std::string> files, const WrfProviderOptions& opt,
                               const parallel::Decomposition& decomp, const UtcTime& start)
    : WrfMetProvider(std::make_unique<WrfSeries>(std::move(files)), opt, decomp, start) {}

WrfMetProvider::WrfMetProvider(std::unique_ptr<WrfSeries> series, const WrfProviderOptions& opt,
                               const parallel::Decomposition& decomp, const UtcTime& start)
    : series_(std::move(series)), opt_(opt), dec_(decomp), start_(start) {
  domain_ = make_wrf_domain(*series_, opt_.window);
  if (dec_.nx_global != domain_.model_grid.nx || dec_.ny_global != domain_.model_grid.ny)
    throw Error::in_file(series_->files().front(),
                         "grid does not match the case: the model window of the WRF files is " +
                             std::to_string(domain_.model_grid.nx) + " x " + std::to_string(domain_.model_grid.ny) +
                             " cells (btrim " + std::to_string(opt_.window.btrim) + "), the case decomposes " +
                             std::to_string(dec_.nx_global) + " x " + std::to_string(dec_.ny_global),
                         "west_east");
  for (const char* v : {"U", "V", "T", "P", "PB", "PH", "PHB", "QVAPOR", "HGT"})
    if (!series_->has(v)) throw Error::in_file(series_->files().front(), "variable is missing", v);
  // Surface-layer fields with documented fallbacks (meteo/derived/pbl_diag.hpp).
  has_pblh_ = series_->has("PBLH");
  has_ust_ = series_->has("UST");
  has_hfx_ = series_->has("HFX");
  const std::string& f0 = series_->files().front();
  if (dec_.rank == 0) {
    if (!has_pblh_)
      log::warn(f0 +
                ": no PBLH: the boundary-layer height is diagnosed from the profile (bulk "
                "Richardson number, Vogelezang & Holtslag 1996, Ri_c = 0.25)");
    if (!has_ust_)
      log::warn(f0 +
                ": no UST: the friction velocity is diagnosed from the lowest-layer wind "
                "(neutral log law with ZNT or a land/water roughness length)");
    if (!has_hfx_) log::warn(f0 + ": no HFX: the sensible heat flux is taken as 0 W m-2 (neutral surface layer)");
  }
}

WrfMetProvider::~WrfMetProvider() = default;

std::string WrfMetProvider::describe() const {
  std::ostringstream o;
  o << "WRF met: " << series_->files().size() << " file(s), " << series_->records().size() << " records from "
    << series_->time_string(0) << " every " << series_->interval_s() << " s; window " << domain_.model_grid.nx << " x "
    << domain_.model_grid.ny << " x " << domain_.nz() << " (btrim " << opt_.window.btrim << ")";
  return o.str();
}

std::vector<double> WrfMetProvider::record_times_s() const {
  std::vector<double> t;
  for (const auto& r : series_->records()) t.push_back(r.time.seconds_since(start_));
  return t;
}

void WrfMetProvider::prepare(int rec, MetFields& out) {
  const int nzm = domain_.nz();
  if (out.rho_kg_m3.extents() != grid::Extents{dec_.nx, dec_.ny, nzm, dec_.halo})
    out.allocate(dec_.nx, dec_.ny, nzm, dec_.halo);
  const WrfAttributes& att = series_->attributes();
  const std::vector<int>& wl = domain_.w_levels;
  const RecordBlock b(*series_, domain_, dec_, rec);

  const WrfColumns w = read_columns(b);
  const WrfLayers l = derive_layers(b, w);
  const ModelLayers m = collapse_layers(b, w, l, wl);

  SurfaceFields sf;
  read_land_surface(b, att, sf);
  sf.hfx = has_hfx_ ? b.surface("HFX") : std::vector<double>(b.ncol, 0.0);
  if (has_ust_) sf.ust = b.surface("UST");
  if (has_pblh_) sf.pblh = b.surface("PBLH");
  if (!has_ust_ || !has_pblh_)
    diagnose_surface_layer(rec, b.ci_lo, b.cj_lo, b.bni, b.bnj, w.th, w.qv, l.zw, sf.znt, sf.ust, sf.pblh);
  read_near_surface(b, w, l, sf);
  sf.prate = precipitation_rate(b, att);

  const Block kz = interface_kz(b, w, l, sf, att, opt_.kz, opt_.use_exch_h, wl);
  const FaceWinds faces = face_winds(b, l.mass, wl);

  copy_cells(out, b, m, kz, sf);
  copy_faces(out, b, faces);
  const UtcTime t = series_->records()[static_cast<size_t>(rec)].time;
  out.time_s = t.seconds_since(start_);
  fill_coszen(out, domain_, dec_, t, 0.0);
}

void WrfMetProvider::diagnose_surface_layer(int rec, int ci_lo, int cj_lo, int bni, int bnj,
                                            const std::vector<double>& th, const std::vector<double>& qv,
                                            const std::vector<double>& zw, const std::vector<double>& znt,
                                            std::vector<double>& ust, std::vector<double>& pblh) const {
  const WrfSeries& s = *series_;
  const int nzw = s.nz(), i0 = ci_lo + domain_.offset_i, j0 = cj_lo + domain_.offset_j;
  const size_t ncol = static_cast<size_t>(bni) * static_cast<size_t>(bnj);
  // Winds at the mass points: the mean of the two faces of each cell.
  const auto u = s.read("U", rec, {"bottom_top", "south_north", "west_east_stag"}, 0, nzw, j0, bnj, i0, bni + 1);
  const auto v = s.read("V", rec, {"bottom_top", "south_north_stag", "west_east"}, 0, nzw, j0, bnj + 1, i0, bni);
  const size_t nz = static_cast<size_t>(nzw);
  std::vector<double> z(nz), thv(nz), uc(nz), vc(nz);
  if (!has_ust_) ust.assign(ncol, 0.0);
  if (!has_pblh_) pblh.assign(ncol, 0.0);
  for (int cj = 0; cj < bnj; ++cj)
    for (int ci = 0; ci < bni; ++ci) {
      const size_t c = static_cast<size_t>(cj) * static_cast<size_t>(bni) + static_cast<size_t>(ci);
      for (size_t k = 0; k < nz; ++k) {
        const size_t n = k * ncol + c;
        z[k] = 0.5 * (zw[n] + zw[n + ncol]);
        thv[k] = (th[n] + 300.0) * (1.0 + 0.608 * qv[n]);
        const size_t ku = (k * static_cast<size_t>(bnj) + static_cast<size_t>(cj)) * static_cast<size_t>(bni + 1) +
                          static_cast<size_t>(ci);
        const size_t kv = (k * static_cast<size_t>(bnj + 1) + static_cast<size_t>(cj)) * static_cast<size_t>(bni) +
                          static_cast<size_t>(ci);
        uc[k] = 0.5 * (u[ku] + u[ku + 1]);
        vc[k] = 0.5 * (v[kv] + v[kv + static_cast<size_t>(bni)]);
      }
      if (!has_ust_) ust[c] = ustar_log_law_m_s(std::hypot(uc[0], vc[0]), z[0], znt[c]);
      if (!has_pblh_) pblh[c] = pblh_bulk_richardson_m(z.data(), thv.data(), uc.data(), vc.data(), nzw, ust[c]);
    }
}

void WrfMetProvider::preflight(double t_end_s) const {
  // The coverage: every rank holds the series' times, so every rank finds the same answer
  // without communication.
  const WrfSeries& s = *series_;
  const auto& recs = s.records();
  const UtcTime first = recs.front().time, last = recs.back().time;
  const UtcTime need_end = start_.plus_seconds(std::ceil(t_end_s));
  if (start_ < first || need_end > last) {
    const std::string iso_first = first.iso('T') + "Z", iso_last = last.iso('T') + "Z";
    const std::string iso_start = start_.iso('T') + "Z", iso_end = need_end.iso('T') + "Z";
    std::string missing;
    if (start_ < first) missing = iso_start + " to " + iso_first;
    if (need_end > last) missing += (missing.empty() ? "" : " and ") + iso_last + " to " + iso_end;
    throw Error::in_file(s.files().front(),
                         "the meteorology does not cover the run: the run needs " + iso_start + " to " + iso_end +
                             ", the files cover " + iso_first + " (" + s.files().front() + ") to " + iso_last + " (" +
                             s.files().back() + "); missing " + missing,
                         "Times");
  }
  // Every file the run reads a record from (those of the records around the start to the
  // records around the end; the headers and times of every file were checked when the series
  // was opened) must read to its end. The files are shared out over the ranks (file q of
  // them on rank q mod nranks), each rank stopping at its first bad file; the lowest bad file
  // is reported, with its checking rank's message, on every rank: the answer of one rank
  // checking them all in order, at 1/nranks of its cost.
  int r_lo = 0, r_hi = 0;
  if (recs.size() > 1) {
    const std::int64_t dt = s.interval_s(), t0 = (start_.seconds() - first.seconds()).count();
    const std::int64_t t1 = (need_end.seconds() - first.seconds()).count();
    const int n = static_cast<int>(recs.size());
    r_lo = std::clamp(static_cast<int>(t0 / dt), 0, n - 1);
    r_hi = std::clamp(static_cast<int>((t1 + dt - 1) / dt), 0, n - 1);
  }
  const int f_lo = recs[static_cast<size_t>(r_lo)].file, f_hi = recs[static_cast<size_t>(r_hi)].file;
  const bool shared = dec_.comm != MPI_COMM_NULL && dec_.nranks > 1;
  const int rank = shared ? dec_.rank : 0, nranks = shared ? dec_.nranks : 1;
  int bad_file = INT_MAX;
  std::string msg;
  for (int f = f_lo + rank; f <= f_hi && bad_file == INT_MAX; f += nranks) {
    try {
      s.check_file_readable(f, k_preflight_vars);
    } catch (const Error& e) {
      bad_file = f;
      msg = e.full_message();
    }
  }
  if (shared) {
    int mine[2] = {bad_file, dec_.rank}, lowest[2] = {INT_MAX, 0};
    MPI_Allreduce(mine, lowest, 1, MPI_2INT, MPI_MINLOC, dec_.comm);
    if (lowest[0] == INT_MAX) return;
    parallel::broadcast(dec_.comm, msg, lowest[1]);
  }
  if (!msg.empty()) throw Error(msg);
}

const MetFields& WrfMetProvider::cached(int rec, int keep) {
  for (auto& sl : slots_)
    if (sl.rec == rec) return sl.f;
  Slot& sl = slots_[0].rec == keep && keep >= 0 ? slots_[1] : slots_[0];
  sl.rec = -1;
  ++records_prepared_;
  prepare(rec, sl.f);
  sl.rec = rec;
  return sl.f;
}

void WrfMetProvider::fill_record(int rec, MetFields& out) { prepare(rec, out); }

void WrfMetProvider::fill(double time_s, MetFields& out) {
  // Errors are checked collectively: a rank whose block holds bad data must not leave the
  // others waiting in the next halo exchange. Only reading a record can fail on some ranks and
  // not on others (each reads its own block); whether a fill reads one, and the check of its
  // time against the files, depend on the time alone, the same on every rank. So the ranks
  // agree only after a fill that read a record (about once per record interval, not at every
  // fill of every step).
  const long prepared_before = records_prepared_;
  bool failed = false;
  Error err("");
  try {
    fill_local(time_s, out);
  } catch (const Error& e) {
    failed = true;
    err = e;
  }
  if (dec_.comm != MPI_COMM_NULL && dec_.nranks > 1 && records_prepared_ != prepared_before) {
    // Every rank throws the message of the lowest failing rank: it names global indices, so
    // the text does not depend on the decomposition.
    int mine = failed ? dec_.rank : INT_MAX, first = INT_MAX;
    {
      const parallel::WaitTimer waiting;
      MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, dec_.comm);
    }
    if (first == INT_MAX) return;
    std::string msg = dec_.rank == first ? err.full_message() : std::string();
    parallel::broadcast(dec_.comm, msg, first);
    if (dec_.rank == first) throw err;
    throw Error(msg);
  }
  if (failed) throw err;
}

void WrfMetProvider::fill_local(double time_s, MetFields& out) {
  const auto& recs = series_->records();
  const int n = static_cast<int>(recs.size());
  const double t = time_s + start_.seconds_since(recs.front().time);  // since record 0
  const double span = recs.back().time.seconds_since(recs.front().time);
  const double tol = 1e-6;
  if (t < -tol || t > span + tol)
    throw Error::in_file(series_->files().front(),
                         "no meteorology for " + start_.plus_seconds(std::floor(time_s)).iso() + " UTC (+" +
                             std::to_string(time_s) + " s after the case start): the files cover " +
                             series_->time_string(0) + " to " + series_->time_string(n - 1),
                         "Times");
  int r = 0;
  double w = 0.0;
  if (n > 1) {
    const double dt = static_cast<double>(series_->interval_s());
    r = std::clamp(static_cast<int>(std::floor(t / dt)), 0, n - 2);
    w = std::clamp((t - r * dt) / dt, 0.0, 1.0);
  }
  const int nzm = domain_.nz();
  if (out.rho_kg_m3.extents() != grid::Extents{dec_.nx, dec_.ny, nzm, dec_.halo})
    out.allocate(dec_.nx, dec_.ny, nzm, dec_.halo);
  // Keep the lower record's fields alive while the upper one is prepared (two slots).
  const MetFields& a = cached(r, -1);
  // At a record time the upper record is not needed (and not read).
  const MetFields& b = (n > 1 && w > 0.0) ? cached(r + 1, r) : a;
  auto fo = all_fields(out);
  auto fa = all_fields(const_cast<MetFields&>(a));
  auto fb = all_fields(const_cast<MetFields&>(b));
  for (size_t q = 0; q < fo.size(); ++q) {
    double* o = fo[q]->data();
    const double* pa = fa[q]->data();
    const double* pb = fb[q]->data();
    const size_t sz = fo[q]->size();
    if (fo[q] == &out.precip_mm_h || fo[q] == &out.lu_index || fo[q] == &out.landmask) {
      std::copy(pa, pa + sz, o);  // rates of the interval; categories: not interpolated
      continue;
    }
    for (size_t e = 0; e < sz; ++e) o[e] = (1.0 - w) * pa[e] + w * pb[e];
  }
  out.time_s = time_s;
  const double whole = std::floor(time_s);
  fill_coszen(out, domain_, dec_, start_.plus_seconds(whole), time_s - whole);
}

}  // namespace lantian::meteo
