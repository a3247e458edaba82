#include "meteo/wrf/wrf_met_provider.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <sstream>

#include "meteo/derived/pbl_diag.hpp"
#include "meteo/derived/solar.hpp"
#include "meteo/wrf/wrf_time.hpp"
#include "solver/core/constants.hpp"
#include "solver/core/error.hpp"
#include "solver/core/log.hpp"

namespace lantian::meteo {

namespace {

using constants::k_gravity_m_s2;
using constants::k_kappa;
using constants::k_p0_pa;
using constants::k_rd_j_kg_k;
using constants::k_rv_j_kg_k;

/// The fields of MetFields, for loops over all of them.
std::vector<grid::Field3Dd*> all_fields(MetFields& m) {
  return {&m.rho_kg_m3, &m.temp_k,   &m.press_pa,  &m.qv_kg_kg,    &m.qc_kg_kg,    &m.cloud_frac,
          &m.dz_m,      &m.zmid_m,   &m.u_face_m_s, &m.v_face_m_s, &m.kz_m2_s,     &m.pblh_m,
          &m.ustar_m_s, &m.hfx_w_m2, &m.znt_m,     &m.t2_k,        &m.q2_kg_kg,    &m.u10_m_s,
          &m.v10_m_s,   &m.swdown_w_m2, &m.precip_mm_h, &m.coszen, &m.lu_index,    &m.landmask};
}

int clampi(int v, int lo, int hi) { return v < lo ? lo : (v > hi ? hi : v); }

/// A block of cells [ci_lo, ci_hi] x [cj_lo, cj_hi] (model indices) with nk levels.
struct Block {
  int ilo = 0, jlo = 0, ni = 0, nj = 0, nk = 0;
  std::vector<double> v;
  void init(int ilo_, int jlo_, int ni_, int nj_, int nk_, double fill = 0.0) {
    ilo = ilo_;
    jlo = jlo_;
    ni = ni_;
    nj = nj_;
    nk = nk_;
    v.assign(static_cast<size_t>(ni) * static_cast<size_t>(nj) * static_cast<size_t>(nk), fill);
  }
  size_t idx(int k, int gj, int gi) const {
    return (static_cast<size_t>(k) * static_cast<size_t>(nj) + static_cast<size_t>(gj - jlo)) *
               static_cast<size_t>(ni) +
           static_cast<size_t>(gi - ilo);
  }
  double& operator()(int k, int gj, int gi) { return v[idx(k, gj, gi)]; }
  double operator()(int k, int gj, int gi) const { return v[idx(k, gj, gi)]; }
};

}  // namespace

WrfMetProvider::WrfMetProvider(std::vector<std::string> files, const WrfProviderOptions& opt,
                               const parallel::Decomposition& decomp,
                               const std::string& start_time_iso)
    : series_(std::make_unique<WrfSeries>(std::move(files))), opt_(opt), dec_(decomp) {
  domain_ = make_wrf_domain(*series_, opt_.window);
  start_epoch_s_ = parse_time_utc(start_time_iso, "case start time");
  if (dec_.nx_global != domain_.model_grid.nx || dec_.ny_global != domain_.model_grid.ny)
    throw Error::in_file(series_->files().front(),
                         "grid does not match the case: the model window of the WRF files is " +
                             std::to_string(domain_.model_grid.nx) + " x " +
                             std::to_string(domain_.model_grid.ny) + " cells (btrim " +
                             std::to_string(opt_.window.btrim) + "), the case decomposes " +
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
      log::warn(f0 + ": no PBLH: the boundary-layer height is diagnosed from the profile (bulk "
                     "Richardson number, Vogelezang & Holtslag 1996, Ri_c = 0.25)");
    if (!has_ust_)
      log::warn(f0 + ": no UST: the friction velocity is diagnosed from the lowest-layer wind "
                     "(neutral log law with ZNT or a land/water roughness length)");
    if (!has_hfx_)
      log::warn(f0 + ": no HFX: the sensible heat flux is taken as 0 W m-2 (neutral surface layer)");
  }
}

WrfMetProvider::~WrfMetProvider() = default;

std::string WrfMetProvider::describe() const {
  std::ostringstream o;
  o << "WRF met: " << series_->files().size() << " file(s), " << series_->records().size()
    << " records from " << series_->time_string(0) << " every " << series_->interval_s()
    << " s; window " << domain_.model_grid.nx << " x " << domain_.model_grid.ny << " x "
    << domain_.nz() << " (btrim " << opt_.window.btrim << ")";
  return o.str();
}

std::vector<double> WrfMetProvider::record_times_s() const {
  std::vector<double> t;
  for (const auto& r : series_->records()) t.push_back(static_cast<double>(r.epoch_s - start_epoch_s_));
  return t;
}

void WrfMetProvider::prepare(int rec, MetFields& out) {
  const WrfSeries& s = *series_;
  const WrfAttributes& att = s.attributes();
  const int nxm = domain_.model_grid.nx, nym = domain_.model_grid.ny;
  const int off_i = domain_.offset_i, off_j = domain_.offset_j;
  const int h = dec_.halo, nzw = s.nz(), nzm = domain_.nz();
  const std::vector<int>& wl = domain_.w_levels;
  if (out.rho_kg_m3.extents() != grid::Extents{dec_.nx, dec_.ny, nzm, h}) out.allocate(dec_.nx, dec_.ny, nzm, h);

  // Cells needed: owned + halo, plus one more on each side for the face weights, clipped.
  const int ci_lo = std::max(0, dec_.i0 - h - 1), ci_hi = std::min(nxm - 1, dec_.i0 + dec_.nx + h);
  const int cj_lo = std::max(0, dec_.j0 - h - 1), cj_hi = std::min(nym - 1, dec_.j0 + dec_.ny + h);
  const int bni = ci_hi - ci_lo + 1, bnj = cj_hi - cj_lo + 1;
  const std::vector<std::string> d3{"bottom_top", "south_north", "west_east"};
  const std::vector<std::string> d3w{"bottom_top_stag", "south_north", "west_east"};
  const std::vector<std::string> d2{"south_north", "west_east"};
  auto rd3 = [&](const char* v) { return s.read(v, rec, d3, 0, nzw, cj_lo + off_j, bnj, ci_lo + off_i, bni); };
  auto rd3w = [&](const char* v) { return s.read(v, rec, d3w, 0, nzw + 1, cj_lo + off_j, bnj, ci_lo + off_i, bni); };
  auto rd2 = [&](const char* v, int r) { return s.read(v, r, d2, 0, 1, cj_lo + off_j, bnj, ci_lo + off_i, bni); };

  const std::vector<double> p = rd3("P"), pb = rd3("PB"), th = rd3("T"), qv = rd3("QVAPOR");
  const std::vector<double> ph = rd3w("PH"), phb = rd3w("PHB");
  const std::vector<double> hgt = rd2("HGT", rec);
  std::vector<double> qc(p.size(), 0.0), cf(p.size(), 0.0);
  for (const char* v : {"QCLOUD", "QICE"})
    if (s.has(v)) {
      const auto q = rd3(v);
      for (size_t n = 0; n < qc.size(); ++n) qc[n] += q[n];
    }
  if (s.has("CLDFRA")) cf = rd3("CLDFRA");

  // WRF column quantities on the block, then the model layers.
  const size_t ncol = static_cast<size_t>(bni) * static_cast<size_t>(bnj);
  std::vector<double> temp(p.size()), pres(p.size()), rho(p.size()), mass(p.size()), zw(ph.size());
  // A physically impossible value is named by file, variable, ISO time and the global WRF
  // grid point (the same on every rank), never by its place in this rank's block.
  const WrfRecord& wrec = s.records()[static_cast<size_t>(rec)];
  auto bad_value = [&](const char* var, const std::string& what, size_t n) {
    const int k = static_cast<int>(n / ncol), c = static_cast<int>(n % ncol);
    return Error::in_file(s.files()[static_cast<size_t>(wrec.file)],
                          what + " at " + s.point(rec, ci_lo + off_i + c % bni, cj_lo + off_j + c / bni, k),
                          var, 0, s.iso_time(rec) + ", time index " + std::to_string(wrec.index));
  };
  for (size_t n = 0; n < p.size(); ++n) {
    pres[n] = p[n] + pb[n];
    if (!(pres[n] > 0.0))
      throw bad_value("P", "pressure P + PB = " + std::to_string(pres[n]) + " Pa is not positive", n);
    temp[n] = (th[n] + 300.0) * std::pow(pres[n] / k_p0_pa, k_kappa);
    // 100-400 K brackets every tropospheric and stratospheric temperature on Earth.
    if (!(temp[n] > 100.0 && temp[n] < 400.0))
      throw bad_value("T", "temperature (T + 300) (p/p0)^kappa = " + std::to_string(temp[n]) +
                               " K is outside 100-400 K", n);
    if (!(qv[n] > -1e-6))  // WRF's advection leaves negative round-off far below 1e-6 kg kg-1
      throw bad_value("QVAPOR", "water-vapour mixing ratio " + std::to_string(qv[n]) + " kg kg-1 is negative", n);
    // Dry-air density from WRF's equation of state: p = rho_d Rd T (1 + (Rv/Rd) qv).
    rho[n] = pres[n] / (k_rd_j_kg_k * temp[n] * (1.0 + k_rv_j_kg_k / k_rd_j_kg_k * qv[n]));
  }
  for (size_t n = 0; n < ph.size(); ++n) zw[n] = (ph[n] + phb[n]) / k_gravity_m_s2 - hgt[n % ncol];
  for (int k = 0; k < nzw; ++k)
    for (size_t c = 0; c < ncol; ++c) {
      const size_t n = static_cast<size_t>(k) * ncol + c;
      const double dz = zw[n + ncol] - zw[n];
      if (!(dz > 0.0))
        throw bad_value("PH", "layer thickness from PH + PHB = " + std::to_string(dz) + " m is not positive", n);
      mass[n] = rho[n] * dz;
    }

  Block bRho, bT, bP, bQv, bQc, bCf, bDz, bZm, bKz;
  for (Block* b : {&bRho, &bT, &bP, &bQv, &bQc, &bCf, &bDz, &bZm}) b->init(ci_lo, cj_lo, bni, bnj, nzm);
  bKz.init(ci_lo, cj_lo, bni, bnj, nzm + 1);
  for (int kk = 0; kk < nzm; ++kk) {
    const int a = wl[static_cast<size_t>(kk)], b = wl[static_cast<size_t>(kk) + 1];
    for (size_t c = 0; c < ncol; ++c) {
      const size_t o = static_cast<size_t>(kk) * ncol + c;
      const size_t na = static_cast<size_t>(a) * ncol + c;
      bDz.v[o] = zw[static_cast<size_t>(b) * ncol + c] - zw[na];
      bZm.v[o] = 0.5 * (zw[static_cast<size_t>(b) * ncol + c] + zw[na]);
      if (b == a + 1) {  // one WRF layer: its values exactly
        bRho.v[o] = rho[na];
        bT.v[o] = temp[na];
        bP.v[o] = pres[na];
        bQv.v[o] = qv[na];
        bQc.v[o] = qc[na];
        bCf.v[o] = cf[na];
        continue;
      }
      // Several WRF layers: dry mass summed (rho = M / dz, so the column mass is kept),
      // intensive quantities mass-weighted, cloud fraction the maximum (maximum overlap).
      double m = 0, st = 0, sp = 0, sq = 0, sc = 0, cmax = 0;
      for (int k = a; k < b; ++k) {
        const size_t n = static_cast<size_t>(k) * ncol + c;
        m += mass[n];
        st += mass[n] * temp[n];
        sp += mass[n] * pres[n];
        sq += mass[n] * qv[n];
        sc += mass[n] * qc[n];
        cmax = std::max(cmax, cf[n]);
      }
      bRho.v[o] = m / bDz.v[o];
      bT.v[o] = st / m;
      bP.v[o] = sp / m;
      bQv.v[o] = sq / m;
      bQc.v[o] = sc / m;
      bCf.v[o] = cmax;
    }
  }

  // Surface fields.
  auto opt2 = [&](const char* v, double def) {
    return s.has(v) ? rd2(v, rec) : std::vector<double>(ncol, def);
  };
  std::vector<double> lu = opt2("LU_INDEX", -1.0);
  std::vector<double> znt;
  if (s.has("ZNT")) {
    znt = rd2("ZNT", rec);
  }
  std::vector<double> lmask(ncol, 1.0);
  if (s.has("LANDMASK")) {
    lmask = rd2("LANDMASK", rec);
  } else if (s.has("LU_INDEX") && att.iswater > 0) {
    for (size_t c = 0; c < ncol; ++c)
      lmask[c] = (static_cast<int>(lu[c]) == att.iswater || static_cast<int>(lu[c]) == att.islake) ? 0.0 : 1.0;
  } else if (s.has("XLAND")) {
    const auto xl = rd2("XLAND", rec);
    for (size_t c = 0; c < ncol; ++c) lmask[c] = xl[c] > 1.5 ? 0.0 : 1.0;
  }
  if (znt.empty()) {  // no ZNT: typical roughness of land and water [m]
    znt.resize(ncol);
    for (size_t c = 0; c < ncol; ++c) znt[c] = lmask[c] > 0.5 ? 0.1 : 1e-4;
  }
  std::vector<double> pblh, ust, hfx = has_hfx_ ? rd2("HFX", rec) : std::vector<double>(ncol, 0.0);
  if (has_ust_) ust = rd2("UST", rec);
  if (has_pblh_) pblh = rd2("PBLH", rec);
  if (!has_ust_ || !has_pblh_) diagnose_surface_layer(rec, ci_lo, cj_lo, bni, bnj, th, qv, zw, znt, ust, pblh);
  std::vector<double> t2(ncol), q2(ncol);
  if (s.has("T2")) t2 = rd2("T2", rec); else for (size_t c = 0; c < ncol; ++c) t2[c] = temp[c];
  if (s.has("Q2")) q2 = rd2("Q2", rec); else for (size_t c = 0; c < ncol; ++c) q2[c] = qv[c];
  const std::vector<double> u10 = opt2("U10", 0.0), v10 = opt2("V10", 0.0), sw = opt2("SWDOWN", 0.0);

  // Precipitation rate of the interval that starts at this record (the last record: the one
  // that ends there), from accumulated RAINC + RAINNC with bucket counts.
  std::vector<double> prate(ncol, 0.0);
  const int nrec = static_cast<int>(s.records().size());
  if (nrec > 1 && (s.has("RAINC") || s.has("RAINNC"))) {
    const int ra = rec + 1 < nrec ? rec : rec - 1, rb = ra + 1;
    auto acc = [&](int r) {
      std::vector<double> t(ncol, 0.0);
      for (const char* v : {"RAINC", "RAINNC"})
        if (s.has(v)) {
          const auto x = rd2(v, r);
          for (size_t c = 0; c < ncol; ++c) t[c] += x[c];
        }
      if (att.bucket_mm > 0)
        for (const char* v : {"I_RAINC", "I_RAINNC"})
          if (s.has(v)) {
            const auto x = rd2(v, r);
            for (size_t c = 0; c < ncol; ++c) t[c] += x[c] * att.bucket_mm;
          }
      return t;
    };
    const auto a0 = acc(ra), a1 = acc(rb);
    const double dt_h = static_cast<double>(s.interval_s()) / 3600.0;
    for (size_t c = 0; c < ncol; ++c) prate[c] = std::max(0.0, (a1[c] - a0[c]) / dt_h);
  }

  // Kz at the model interfaces.
  const bool exch = opt_.use_exch_h && s.has("EXCH_H");
  std::vector<double> exch_h;
  if (exch) exch_h = rd3("EXCH_H");
  for (size_t c = 0; c < ncol; ++c) {
    const double theta_v = (th[c] + 300.0) * (1.0 + 0.608 * qv[c]);
    const double lmo = monin_obukhov_length_m(ust[c], hfx[c], rho[c], theta_v);
    const double wstar = convective_velocity_m_s(hfx[c], rho[c], theta_v, pblh[c]);
    const bool urban = att.isurban > 0 && static_cast<int>(lu[c]) == att.isurban;
    const double kmin = urban ? opt_.kz.kz_min_urban_m2_s : opt_.kz.kz_min_m2_s;
    bKz.v[c] = 0.0;
    bKz.v[static_cast<size_t>(nzm) * ncol + c] = 0.0;
    for (int kk = 1; kk < nzm; ++kk) {
      const int w = wl[static_cast<size_t>(kk)];
      double k = 0.0;
      if (exch) {
        k = exch_h[static_cast<size_t>(w - 1) * ncol + c];
      } else {
        k = kz_holtslag_boville_m2_s(zw[static_cast<size_t>(w) * ncol + c], pblh[c], ust[c], lmo, wstar);
      }
      bKz.v[static_cast<size_t>(kk) * ncol + c] = std::min(opt_.kz.kz_max_m2_s, std::max(kmin, k));
    }
  }

  // Faces: U at x-faces, V at y-faces, WRF's staggered values (collapsed with the mean dry
  // mass of the two cells beside the face as weight).
  const int fi_lo = std::max(0, dec_.i0 - h), fi_hi = std::min(nxm, dec_.i0 + dec_.nx + h);
  const int uj_lo = std::max(0, dec_.j0 - h), uj_hi = std::min(nym - 1, dec_.j0 + dec_.ny + h);
  const int fj_lo = std::max(0, dec_.j0 - h), fj_hi = std::min(nym, dec_.j0 + dec_.ny + h);
  const int vi_lo = std::max(0, dec_.i0 - h), vi_hi = std::min(nxm - 1, dec_.i0 + dec_.nx + h);
  Block bU, bV;
  bU.init(fi_lo, uj_lo, fi_hi - fi_lo + 1, uj_hi - uj_lo + 1, nzm);
  bV.init(vi_lo, fj_lo, vi_hi - vi_lo + 1, fj_hi - fj_lo + 1, nzm);
  {
    const auto u = s.read("U", rec, {"bottom_top", "south_north", "west_east_stag"}, 0, nzw,
                          uj_lo + off_j, bU.nj, fi_lo + off_i, bU.ni);
    const auto v = s.read("V", rec, {"bottom_top", "south_north_stag", "west_east"}, 0, nzw,
                          fj_lo + off_j, bV.nj, vi_lo + off_i, bV.ni);
    Block bM;  // WRF-layer dry mass on the cell block
    bM.init(ci_lo, cj_lo, bni, bnj, nzw);
    bM.v = mass;
    auto collapse = [&](Block& out_b, const std::vector<double>& raw, bool is_u) {
      for (int kk = 0; kk < nzm; ++kk) {
        const int a = wl[static_cast<size_t>(kk)], b = wl[static_cast<size_t>(kk) + 1];
        for (int gj = out_b.jlo; gj < out_b.jlo + out_b.nj; ++gj)
          for (int gi = out_b.ilo; gi < out_b.ilo + out_b.ni; ++gi) {
            auto raw_at = [&](int k) {
              return raw[(static_cast<size_t>(k) * static_cast<size_t>(out_b.nj) +
                          static_cast<size_t>(gj - out_b.jlo)) *
                             static_cast<size_t>(out_b.ni) +
                         static_cast<size_t>(gi - out_b.ilo)];
            };
            if (b == a + 1) {
              out_b(kk, gj, gi) = raw_at(a);
              continue;
            }
            double sw_ = 0, su = 0;
            for (int k = a; k < b; ++k) {
              double wgt = 0;
              if (is_u)
                wgt = 0.5 * (bM(k, gj, clampi(gi - 1, 0, nxm - 1)) + bM(k, gj, clampi(gi, 0, nxm - 1)));
              else
                wgt = 0.5 * (bM(k, clampi(gj - 1, 0, nym - 1), gi) + bM(k, clampi(gj, 0, nym - 1), gi));
              sw_ += wgt;
              su += wgt * raw_at(k);
            }
            out_b(kk, gj, gi) = su / sw_;
          }
      }
    };
    collapse(bU, u, true);
    collapse(bV, v, false);
  }

  // Copy into the rank's fields: owned + halo, halo cells beyond the window edge copy the edge.
  const int nx = dec_.nx, ny = dec_.ny;
  auto put3 = [&](grid::Field3Dd& f, const Block& b, int nk) {
    for (int k = 0; k < nk; ++k)
      for (int lj = -h; lj < ny + h; ++lj) {
        const int gj = clampi(dec_.j0 + lj, 0, nym - 1);
        for (int li = -h; li < nx + h; ++li) f(li, lj, k) = b(k, gj, clampi(dec_.i0 + li, 0, nxm - 1));
      }
  };
  put3(out.rho_kg_m3, bRho, nzm);
  put3(out.temp_k, bT, nzm);
  put3(out.press_pa, bP, nzm);
  put3(out.qv_kg_kg, bQv, nzm);
  put3(out.qc_kg_kg, bQc, nzm);
  put3(out.cloud_frac, bCf, nzm);
  put3(out.dz_m, bDz, nzm);
  put3(out.zmid_m, bZm, nzm);
  put3(out.kz_m2_s, bKz, nzm + 1);
  for (int k = 0; k < nzm; ++k) {
    for (int lj = -h; lj < ny + h; ++lj) {
      const int gj = clampi(dec_.j0 + lj, 0, nym - 1);
      for (int li = -h; li <= nx + h; ++li)
        out.u_face_m_s(li, lj, k) = bU(k, gj, clampi(dec_.i0 + li, 0, nxm));
    }
    for (int lj = -h; lj <= ny + h; ++lj) {
      const int gj = clampi(dec_.j0 + lj, 0, nym);
      for (int li = -h; li < nx + h; ++li)
        out.v_face_m_s(li, lj, k) = bV(k, gj, clampi(dec_.i0 + li, 0, nxm - 1));
    }
  }
  Block b2;
  b2.init(ci_lo, cj_lo, bni, bnj, 1);
  auto put2 = [&](grid::Field3Dd& f, const std::vector<double>& v) {
    b2.v = v;
    put3(f, b2, 1);
  };
  put2(out.pblh_m, pblh);
  put2(out.ustar_m_s, ust);
  put2(out.hfx_w_m2, hfx);
  put2(out.znt_m, znt);
  put2(out.t2_k, t2);
  put2(out.q2_kg_kg, q2);
  put2(out.u10_m_s, u10);
  put2(out.v10_m_s, v10);
  put2(out.swdown_w_m2, sw);
  put2(out.precip_mm_h, prate);
  put2(out.lu_index, lu);
  put2(out.landmask, lmask);
  out.time_s = static_cast<double>(s.records()[static_cast<size_t>(rec)].epoch_s - start_epoch_s_);
  // coszen at the record time.
  for (int lj = -h; lj < ny + h; ++lj)
    for (int li = -h; li < nx + h; ++li) {
      const grid::LatLon ll = domain_.model_grid.latlon(clampi(dec_.i0 + li, 0, nxm - 1),
                                                        clampi(dec_.j0 + lj, 0, nym - 1));
      out.coszen(li, lj, 0) = cos_solar_zenith(s.records()[static_cast<size_t>(rec)].epoch_s, 0.0,
                                               ll.lat_deg, ll.lon_deg);
    }
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
  // Rank 0 checks (one reader of every file, not one per rank) and all ranks throw the same.
  std::string msg;
  if (dec_.rank == 0) {
    try {
      const WrfSeries& s = *series_;
      const auto& recs = s.records();
      const std::int64_t first = recs.front().epoch_s, last = recs.back().epoch_s;
      const std::int64_t need_end = start_epoch_s_ + static_cast<std::int64_t>(std::ceil(t_end_s));
      if (start_epoch_s_ < first || need_end > last) {
        const std::string iso_first = format_time_utc(first, 'T') + "Z", iso_last = format_time_utc(last, 'T') + "Z";
        std::string missing;
        if (start_epoch_s_ < first)
          missing = format_time_utc(start_epoch_s_, 'T') + "Z to " + iso_first;
        if (need_end > last)
          missing += (missing.empty() ? "" : " and ") + iso_last + " to " + format_time_utc(need_end, 'T') + "Z";
        throw Error::in_file(s.files().front(),
                             "the meteorology does not cover the run: the run needs " +
                                 format_time_utc(start_epoch_s_, 'T') + "Z to " + format_time_utc(need_end, 'T') +
                                 "Z, the files cover " + iso_first + " (" + s.files().front() + ") to " + iso_last +
                                 " (" + s.files().back() + "); missing " + missing,
                             "Times");
      }
      s.check_readable({"U", "V", "T", "P", "PB", "PH", "PHB", "QVAPOR", "HGT", "PBLH", "UST", "HFX",
                        "QCLOUD", "QICE", "CLDFRA", "LU_INDEX", "ZNT", "LANDMASK", "XLAND", "T2", "Q2",
                        "U10", "V10", "SWDOWN", "RAINC", "RAINNC", "I_RAINC", "I_RAINNC", "EXCH_H", "XLAT",
                        "XLONG"});
    } catch (const Error& e) {
      msg = e.full_message();
    }
  }
  if (dec_.comm != MPI_COMM_NULL && dec_.nranks > 1) {
    int len = static_cast<int>(msg.size());
    MPI_Bcast(&len, 1, MPI_INT, 0, dec_.comm);
    msg.resize(static_cast<size_t>(len));
    if (len > 0) MPI_Bcast(msg.data(), len, MPI_CHAR, 0, dec_.comm);
  }
  if (!msg.empty()) throw Error(msg);
}

const MetFields& WrfMetProvider::cached(int rec, int keep) {
  for (auto& sl : slots_)
    if (sl.rec == rec) return sl.f;
  Slot& sl = slots_[0].rec == keep && keep >= 0 ? slots_[1] : slots_[0];
  sl.rec = -1;
  prepare(rec, sl.f);
  sl.rec = rec;
  return sl.f;
}

void WrfMetProvider::fill_record(int rec, MetFields& out) { prepare(rec, out); }

void WrfMetProvider::fill(double time_s, MetFields& out) {
  // Errors are checked collectively: a rank whose block holds bad data must not leave the
  // others waiting in the next halo exchange.
  bool failed = false;
  Error err("");
  try {
    fill_local(time_s, out);
  } catch (const Error& e) {
    failed = true;
    err = e;
  }
  if (dec_.comm != MPI_COMM_NULL && dec_.nranks > 1) {
    // Every rank throws the message of the lowest failing rank: it names global indices, so
    // the text does not depend on the decomposition.
    int mine = failed ? dec_.rank : INT_MAX, first = INT_MAX;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, dec_.comm);
    if (first == INT_MAX) return;
    std::string msg = dec_.rank == first ? err.full_message() : std::string();
    int len = static_cast<int>(msg.size());
    MPI_Bcast(&len, 1, MPI_INT, first, dec_.comm);
    msg.resize(static_cast<size_t>(len));
    MPI_Bcast(msg.data(), len, MPI_CHAR, first, dec_.comm);
    if (dec_.rank == first) throw err;
    throw Error(msg);
  }
  if (failed) throw err;
}

void WrfMetProvider::fill_local(double time_s, MetFields& out) {
  const auto& recs = series_->records();
  const int n = static_cast<int>(recs.size());
  const double t = time_s + static_cast<double>(start_epoch_s_ - recs.front().epoch_s);  // since record 0
  const double span = static_cast<double>(recs.back().epoch_s - recs.front().epoch_s);
  const double tol = 1e-6;
  if (t < -tol || t > span + tol)
    throw Error::in_file(series_->files().front(),
                         "no meteorology for " + format_time_utc(start_epoch_s_ + static_cast<std::int64_t>(std::floor(time_s)), ' ') +
                             " UTC (+" + std::to_string(time_s) + " s after the case start): the files cover " +
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
  const std::int64_t whole = static_cast<std::int64_t>(std::floor(time_s));
  const double frac = time_s - static_cast<double>(whole);
  const int nxm = domain_.model_grid.nx, nym = domain_.model_grid.ny, h = dec_.halo;
  for (int lj = -h; lj < dec_.ny + h; ++lj)
    for (int li = -h; li < dec_.nx + h; ++li) {
      const grid::LatLon ll = domain_.model_grid.latlon(clampi(dec_.i0 + li, 0, nxm - 1),
                                                        clampi(dec_.j0 + lj, 0, nym - 1));
      out.coszen(li, lj, 0) = cos_solar_zenith(start_epoch_s_ + whole, frac, ll.lat_deg, ll.lon_deg);
    }
}

}  // namespace lantian::meteo
