#include "meteo/wrf/wrf_met_provider.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <sstream>

#include "meteo/derived/pbl_diag.hpp"
#include "meteo/derived/solar.hpp"
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
  return {&m.rho_kg_m3, &m.temp_k,      &m.press_pa,    &m.qv_kg_kg,   &m.qc_kg_kg, &m.cloud_frac,
          &m.dz_m,      &m.zmid_m,      &m.u_face_m_s,  &m.v_face_m_s, &m.kz_m2_s,  &m.pblh_m,
          &m.ustar_m_s, &m.hfx_w_m2,    &m.znt_m,       &m.t2_k,       &m.q2_kg_kg, &m.u10_m_s,
          &m.v10_m_s,   &m.swdown_w_m2, &m.precip_mm_h, &m.coszen,     &m.lu_index, &m.landmask};
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

/// The cells one rank reads of one record: its owned cells and halo plus one more on each side
/// (for the face weights), clipped to the model window (model indices); reads of WRF variables
/// on them, i fastest, then j, then the level.
struct RecordBlock {
  RecordBlock(const WrfSeries& series, const WrfDomain& domain, const parallel::Decomposition& decomp, int record)
      : s(series),
        d(domain),
        dec(decomp),
        rec(record),
        nxm(domain.model_grid.nx),
        nym(domain.model_grid.ny),
        nzw(series.nz()),
        nzm(domain.nz()) {
    const int h = dec.halo;
    ci_lo = std::max(0, dec.i0 - h - 1);
    cj_lo = std::max(0, dec.j0 - h - 1);
    const int ci_hi = std::min(nxm - 1, dec.i0 + dec.nx + h), cj_hi = std::min(nym - 1, dec.j0 + dec.ny + h);
    bni = ci_hi - ci_lo + 1;
    bnj = cj_hi - cj_lo + 1;
    ncol = static_cast<size_t>(bni) * static_cast<size_t>(bnj);
  }

  /// A 3-D variable on WRF's mass levels (nzw levels).
  std::vector<double> layers(const char* v) const {
    return s.read(v, rec, {"bottom_top", "south_north", "west_east"}, 0, nzw, cj_lo + d.offset_j, bnj,
                  ci_lo + d.offset_i, bni);
  }
  /// A 3-D variable on WRF's w-levels (nzw + 1 levels).
  std::vector<double> levels(const char* v) const {
    return s.read(v, rec, {"bottom_top_stag", "south_north", "west_east"}, 0, nzw + 1, cj_lo + d.offset_j, bnj,
                  ci_lo + d.offset_i, bni);
  }
  /// A 2-D variable at record `r`.
  std::vector<double> surface(const char* v, int r) const {
    return s.read(v, r, {"south_north", "west_east"}, 0, 1, cj_lo + d.offset_j, bnj, ci_lo + d.offset_i, bni);
  }
  std::vector<double> surface(const char* v) const { return surface(v, rec); }
  /// A 2-D variable, or `def` everywhere when the files lack it.
  std::vector<double> surface_or(const char* v, double def) const {
    return s.has(v) ? surface(v) : std::vector<double>(ncol, def);
  }
  /// The error for a physically impossible value at block index `n` (level-major): named by
  /// file, variable, ISO time and the global WRF grid point (the same on every rank), never by
  /// its place in this rank's block.
  Error bad_value(const char* var, const std::string& what, size_t n) const {
    const WrfRecord& wrec = s.records()[static_cast<size_t>(rec)];
    const int k = static_cast<int>(n / ncol), c = static_cast<int>(n % ncol);
    return Error::in_file(s.files()[static_cast<size_t>(wrec.file)],
                          what + " at " + s.point(rec, ci_lo + d.offset_i + c % bni, cj_lo + d.offset_j + c / bni, k),
                          var, 0, s.iso_time(rec) + ", time index " + std::to_string(wrec.index));
  }

  const WrfSeries& s;
  const WrfDomain& d;
  const parallel::Decomposition& dec;
  int rec;
  int nxm, nym;  ///< model window [cells]
  int nzw, nzm;  ///< WRF layers, model layers
  int ci_lo = 0, cj_lo = 0, bni = 0, bnj = 0;
  size_t ncol = 0;  ///< bni * bnj
};

/// WRF's fields of the block on WRF's own levels, as read.
struct WrfColumns {
  std::vector<double> p, pb, th, qv;  ///< P, PB [Pa], T (theta - 300) [K], QVAPOR [kg kg-1]
  std::vector<double> ph, phb;        ///< PH, PHB on w-levels [m2 s-2]
  std::vector<double> hgt;            ///< HGT [m]
  std::vector<double> qc;             ///< QCLOUD + QICE [kg kg-1] (0 without them)
  std::vector<double> cf;             ///< CLDFRA [1] (0 without it)
};

/// Reads the prognostic fields and the condensate of the block.
WrfColumns read_columns(const RecordBlock& b) {
  WrfColumns w;
  w.p = b.layers("P");
  w.pb = b.layers("PB");
  w.th = b.layers("T");
  w.qv = b.layers("QVAPOR");
  w.ph = b.levels("PH");
  w.phb = b.levels("PHB");
  w.hgt = b.surface("HGT");
  w.qc.assign(w.p.size(), 0.0);
  w.cf.assign(w.p.size(), 0.0);
  for (const char* v : {"QCLOUD", "QICE"})
    if (b.s.has(v)) {
      const auto q = b.layers(v);
      for (size_t n = 0; n < w.qc.size(); ++n) w.qc[n] += q[n];
    }
  if (b.s.has("CLDFRA")) w.cf = b.layers("CLDFRA");
  return w;
}

/// Quantities derived on WRF's layers.
struct WrfLayers {
  std::vector<double> temp;  ///< temperature [K]
  std::vector<double> pres;  ///< pressure P + PB [Pa]
  std::vector<double> rho;   ///< dry-air density [kg m-3]
  std::vector<double> mass;  ///< dry-air mass per area rho dz [kg m-2]
  std::vector<double> zw;    ///< w-level heights above ground [m]
};

/// Temperature, pressure, dry-air density, w-level heights and layer mass from WRF's fields.
/// Throws the block's bad_value error for a non-positive pressure or layer thickness, a
/// temperature outside 100-400 K or a negative water-vapour mixing ratio.
WrfLayers derive_layers(const RecordBlock& b, const WrfColumns& w) {
  const size_t ncol = b.ncol;
  WrfLayers l;
  l.temp.resize(w.p.size());
  l.pres.resize(w.p.size());
  l.rho.resize(w.p.size());
  l.mass.resize(w.p.size());
  l.zw.resize(w.ph.size());
  for (size_t n = 0; n < w.p.size(); ++n) {
    l.pres[n] = w.p[n] + w.pb[n];
    if (!(l.pres[n] > 0.0))
      throw b.bad_value("P", "pressure P + PB = " + std::to_string(l.pres[n]) + " Pa is not positive", n);
    l.temp[n] = (w.th[n] + 300.0) * std::pow(l.pres[n] / k_p0_pa, k_kappa);
    // 100-400 K brackets every tropospheric and stratospheric temperature on Earth.
    if (!(l.temp[n] > 100.0 && l.temp[n] < 400.0))
      throw b.bad_value(
          "T", "temperature (T + 300) (p/p0)^kappa = " + std::to_string(l.temp[n]) + " K is outside 100-400 K", n);
    if (!(w.qv[n] > -1e-6))  // WRF's advection leaves negative round-off far below 1e-6 kg kg-1
      throw b.bad_value("QVAPOR", "water-vapour mixing ratio " + std::to_string(w.qv[n]) + " kg kg-1 is negative", n);
    // Dry-air density from WRF's equation of state: p = rho_d Rd T (1 + (Rv/Rd) qv).
    l.rho[n] = l.pres[n] / (k_rd_j_kg_k * l.temp[n] * (1.0 + k_rv_j_kg_k / k_rd_j_kg_k * w.qv[n]));
  }
  for (size_t n = 0; n < w.ph.size(); ++n) l.zw[n] = (w.ph[n] + w.phb[n]) / k_gravity_m_s2 - w.hgt[n % ncol];
  for (int k = 0; k < b.nzw; ++k)
    for (size_t c = 0; c < ncol; ++c) {
      const size_t n = static_cast<size_t>(k) * ncol + c;
      const double dz = l.zw[n + ncol] - l.zw[n];
      if (!(dz > 0.0))
        throw b.bad_value("PH", "layer thickness from PH + PHB = " + std::to_string(dz) + " m is not positive", n);
      l.mass[n] = l.rho[n] * dz;
    }
  return l;
}

/// Cell fields on the model layers, on the block.
struct ModelLayers {
  Block rho, temp, pres, qv, qc, cf, dz, zmid;
};

/// WRF's layers collapsed into the model layers `wl` (w-level indices of the interfaces): a
/// single WRF layer keeps its values exactly; several have their dry mass summed (rho = M / dz,
/// so the column mass is kept), intensive quantities mass-weighted and the cloud fraction the
/// maximum (maximum overlap).
ModelLayers collapse_layers(const RecordBlock& b, const WrfColumns& w, const WrfLayers& l, const std::vector<int>& wl) {
  const size_t ncol = b.ncol;
  ModelLayers m;
  for (Block* x : {&m.rho, &m.temp, &m.pres, &m.qv, &m.qc, &m.cf, &m.dz, &m.zmid})
    x->init(b.ci_lo, b.cj_lo, b.bni, b.bnj, b.nzm);
  for (int kk = 0; kk < b.nzm; ++kk) {
    const int lo = wl[static_cast<size_t>(kk)], hi = wl[static_cast<size_t>(kk) + 1];
    for (size_t c = 0; c < ncol; ++c) {
      const size_t o = static_cast<size_t>(kk) * ncol + c;
      const size_t na = static_cast<size_t>(lo) * ncol + c;
      m.dz.v[o] = l.zw[static_cast<size_t>(hi) * ncol + c] - l.zw[na];
      m.zmid.v[o] = 0.5 * (l.zw[static_cast<size_t>(hi) * ncol + c] + l.zw[na]);
      if (hi == lo + 1) {
        m.rho.v[o] = l.rho[na];
        m.temp.v[o] = l.temp[na];
        m.pres.v[o] = l.pres[na];
        m.qv.v[o] = w.qv[na];
        m.qc.v[o] = w.qc[na];
        m.cf.v[o] = w.cf[na];
        continue;
      }
      double mass = 0, st = 0, sp = 0, sq = 0, sc = 0, cmax = 0;
      for (int k = lo; k < hi; ++k) {
        const size_t n = static_cast<size_t>(k) * ncol + c;
        mass += l.mass[n];
        st += l.mass[n] * l.temp[n];
        sp += l.mass[n] * l.pres[n];
        sq += l.mass[n] * w.qv[n];
        sc += l.mass[n] * w.qc[n];
        cmax = std::max(cmax, w.cf[n]);
      }
      m.rho.v[o] = mass / m.dz.v[o];
      m.temp.v[o] = st / mass;
      m.pres.v[o] = sp / mass;
      m.qv.v[o] = sq / mass;
      m.qc.v[o] = sc / mass;
      m.cf.v[o] = cmax;
    }
  }
  return m;
}

/// 2-D fields of the block.
struct SurfaceFields {
  std::vector<double> lu, znt, lmask;    ///< LU_INDEX (-1 absent), roughness [m], land mask [1]
  std::vector<double> pblh, ust, hfx;    ///< [m], [m s-1], [W m-2]
  std::vector<double> t2, q2, u10, v10;  ///< [K], [kg kg-1], [m s-1]
  std::vector<double> sw, prate;         ///< SWDOWN [W m-2], precipitation rate [mm h-1]
};

/// Land use, land mask (LANDMASK, else LU_INDEX against ISWATER/ISLAKE, else XLAND, else all
/// land) and roughness length (ZNT, else 0.1 m over land and 1e-4 m over water).
void read_land_surface(const RecordBlock& b, const WrfAttributes& att, SurfaceFields& sf) {
  const size_t ncol = b.ncol;
  sf.lu = b.surface_or("LU_INDEX", -1.0);
  if (b.s.has("ZNT")) sf.znt = b.surface("ZNT");
  sf.lmask.assign(ncol, 1.0);
  if (b.s.has("LANDMASK")) {
    sf.lmask = b.surface("LANDMASK");
  } else if (b.s.has("LU_INDEX") && att.iswater > 0) {
    for (size_t c = 0; c < ncol; ++c)
      sf.lmask[c] = (static_cast<int>(sf.lu[c]) == att.iswater || static_cast<int>(sf.lu[c]) == att.islake) ? 0.0 : 1.0;
  } else if (b.s.has("XLAND")) {
    const auto xl = b.surface("XLAND");
    for (size_t c = 0; c < ncol; ++c) sf.lmask[c] = xl[c] > 1.5 ? 0.0 : 1.0;
  }
  if (sf.znt.empty()) {  // no ZNT: typical roughness of land and water [m]
    sf.znt.resize(ncol);
    for (size_t c = 0; c < ncol; ++c) sf.znt[c] = sf.lmask[c] > 0.5 ? 0.1 : 1e-4;
  }
}

/// T2 and Q2 (else the lowest layer's temperature and mixing ratio), U10, V10 and SWDOWN (else 0).
void read_near_surface(const RecordBlock& b, const WrfColumns& w, const WrfLayers& l, SurfaceFields& sf) {
  const size_t ncol = b.ncol;
  sf.t2.resize(ncol);
  sf.q2.resize(ncol);
  if (b.s.has("T2")) sf.t2 = b.surface("T2");
  else
    for (size_t c = 0; c < ncol; ++c) sf.t2[c] = l.temp[c];
  if (b.s.has("Q2")) sf.q2 = b.surface("Q2");
  else
    for (size_t c = 0; c < ncol; ++c) sf.q2[c] = w.qv[c];
  sf.u10 = b.surface_or("U10", 0.0);
  sf.v10 = b.surface_or("V10", 0.0);
  sf.sw = b.surface_or("SWDOWN", 0.0);
}

/// Precipitation rate [mm h-1] of the interval that starts at the block's record (the last
/// record: the one that ends there), from accumulated RAINC + RAINNC with the bucket counts
/// I_RAINC, I_RAINNC when BUCKET_MM > 0; 0 without accumulations or with a single record.
std::vector<double> precipitation_rate(const RecordBlock& b, const WrfAttributes& att) {
  const size_t ncol = b.ncol;
  const WrfSeries& s = b.s;
  std::vector<double> prate(ncol, 0.0);
  const int nrec = static_cast<int>(s.records().size());
  if (nrec <= 1 || !(s.has("RAINC") || s.has("RAINNC"))) return prate;
  const int ra = b.rec + 1 < nrec ? b.rec : b.rec - 1, rb = ra + 1;
  auto accumulated = [&](int r) {
    std::vector<double> t(ncol, 0.0);
    for (const char* v : {"RAINC", "RAINNC"})
      if (s.has(v)) {
        const auto x = b.surface(v, r);
        for (size_t c = 0; c < ncol; ++c) t[c] += x[c];
      }
    if (att.bucket_mm > 0)
      for (const char* v : {"I_RAINC", "I_RAINNC"})
        if (s.has(v)) {
          const auto x = b.surface(v, r);
          for (size_t c = 0; c < ncol; ++c) t[c] += x[c] * att.bucket_mm;
        }
    return t;
  };
  const auto a0 = accumulated(ra), a1 = accumulated(rb);
  const double dt_h = static_cast<double>(s.interval_s()) / 3600.0;
  for (size_t c = 0; c < ncol; ++c) prate[c] = std::max(0.0, (a1[c] - a0[c]) / dt_h);
  return prate;
}

/// Kz [m2 s-1] at the model interfaces (nzm + 1 levels; 0 at the ground and at the top): WRF's
/// EXCH_H when `use_exch_h` and the files have it, else Holtslag-Boville similarity from
/// UST, HFX, PBLH; bounded below by the rural or urban (LU_INDEX = ISURBAN) minimum and above
/// by the maximum of `kz`.
Block interface_kz(const RecordBlock& b, const WrfColumns& w, const WrfLayers& l, const SurfaceFields& sf,
                   const WrfAttributes& att, const KzParams& kz, bool use_exch_h, const std::vector<int>& wl) {
  const size_t ncol = b.ncol;
  const int nzm = b.nzm;
  Block out;
  out.init(b.ci_lo, b.cj_lo, b.bni, b.bnj, nzm + 1);
  const bool exch = use_exch_h && b.s.has("EXCH_H");
  std::vector<double> exch_h;
  if (exch) exch_h = b.layers("EXCH_H");
  for (size_t c = 0; c < ncol; ++c) {
    const double theta_v = (w.th[c] + 300.0) * (1.0 + 0.608 * w.qv[c]);
    const double lmo = monin_obukhov_length_m(sf.ust[c], sf.hfx[c], l.rho[c], theta_v);
    const double wstar = convective_velocity_m_s(sf.hfx[c], l.rho[c], theta_v, sf.pblh[c]);
    const bool urban = att.isurban > 0 && static_cast<int>(sf.lu[c]) == att.isurban;
    const double kmin = urban ? kz.kz_min_urban_m2_s : kz.kz_min_m2_s;
    out.v[c] = 0.0;
    out.v[static_cast<size_t>(nzm) * ncol + c] = 0.0;
    for (int kk = 1; kk < nzm; ++kk) {
      const int wk = wl[static_cast<size_t>(kk)];
      double k = 0.0;
      if (exch) {
        k = exch_h[static_cast<size_t>(wk - 1) * ncol + c];
      } else {
        k = kz_holtslag_boville_m2_s(l.zw[static_cast<size_t>(wk) * ncol + c], sf.pblh[c], sf.ust[c], lmo, wstar);
      }
      out.v[static_cast<size_t>(kk) * ncol + c] = std::min(kz.kz_max_m2_s, std::max(kmin, k));
    }
  }
  return out;
}

/// Grid-relative winds at the faces on the model layers: U at x-faces, V at y-faces.
struct FaceWinds {
  Block u, v;
};

/// Collapses a staggered wind `raw` (on `out`'s rectangle, WRF's layers) into the model layers
/// `wl`: a single WRF layer is copied, several are averaged with the mean dry mass of the two
/// cells beside the face (`mass`, on the cell block) as weight.
void collapse_face_wind(Block& out, const std::vector<double>& raw, const Block& mass, const std::vector<int>& wl,
                        int nxm, int nym, bool is_u) {
  const int nzm = static_cast<int>(wl.size()) - 1;
  for (int kk = 0; kk < nzm; ++kk) {
    const int a = wl[static_cast<size_t>(kk)], b = wl[static_cast<size_t>(kk) + 1];
    for (int gj = out.jlo; gj < out.jlo + out.nj; ++gj)
      for (int gi = out.ilo; gi < out.ilo + out.ni; ++gi) {
        auto raw_at = [&](int k) {
          return raw[(static_cast<size_t>(k) * static_cast<size_t>(out.nj) + static_cast<size_t>(gj - out.jlo)) *
                         static_cast<size_t>(out.ni) +
                     static_cast<size_t>(gi - out.ilo)];
        };
        if (b == a + 1) {
          out(kk, gj, gi) = raw_at(a);
          continue;
        }
        double sw = 0, su = 0;
        for (int k = a; k < b; ++k) {
          double wgt = 0;
          if (is_u) wgt = 0.5 * (mass(k, gj, clampi(gi - 1, 0, nxm - 1)) + mass(k, gj, clampi(gi, 0, nxm - 1)));
          else wgt = 0.5 * (mass(k, clampi(gj - 1, 0, nym - 1), gi) + mass(k, clampi(gj, 0, nym - 1), gi));
          sw += wgt;
          su += wgt * raw_at(k);
        }
        out(kk, gj, gi) = su / sw;
      }
  }
}

/// Reads WRF's staggered U and V on the faces of the rank's owned cells and halo (clipped to
/// the window) and collapses them into the model layers with `layer_mass` (WRF-layer dry mass
/// on the cell block) as weight.
FaceWinds face_winds(const RecordBlock& b, const std::vector<double>& layer_mass, const std::vector<int>& wl) {
  const parallel::Decomposition& dec = b.dec;
  const int h = dec.halo, nxm = b.nxm, nym = b.nym, nzm = b.nzm;
  const int fi_lo = std::max(0, dec.i0 - h), fi_hi = std::min(nxm, dec.i0 + dec.nx + h);
  const int uj_lo = std::max(0, dec.j0 - h), uj_hi = std::min(nym - 1, dec.j0 + dec.ny + h);
  const int fj_lo = std::max(0, dec.j0 - h), fj_hi = std::min(nym, dec.j0 + dec.ny + h);
  const int vi_lo = std::max(0, dec.i0 - h), vi_hi = std::min(nxm - 1, dec.i0 + dec.nx + h);
  FaceWinds f;
  f.u.init(fi_lo, uj_lo, fi_hi - fi_lo + 1, uj_hi - uj_lo + 1, nzm);
  f.v.init(vi_lo, fj_lo, vi_hi - vi_lo + 1, fj_hi - fj_lo + 1, nzm);
  const int off_i = b.d.offset_i, off_j = b.d.offset_j;
  const auto u = b.s.read("U", b.rec, {"bottom_top", "south_north", "west_east_stag"}, 0, b.nzw, uj_lo + off_j, f.u.nj,
                          fi_lo + off_i, f.u.ni);
  const auto v = b.s.read("V", b.rec, {"bottom_top", "south_north_stag", "west_east"}, 0, b.nzw, fj_lo + off_j, f.v.nj,
                          vi_lo + off_i, f.v.ni);
  Block mass;
  mass.init(b.ci_lo, b.cj_lo, b.bni, b.bnj, b.nzw);
  mass.v = layer_mass;
  collapse_face_wind(f.u, u, mass, wl, nxm, nym, true);
  collapse_face_wind(f.v, v, mass, wl, nxm, nym, false);
  return f;
}

/// Copies `nk` levels of a block into a rank's field: owned cells and halo; halo cells beyond
/// the window's edge take the edge cell's value.
void put_block(grid::Field3Dd& f, const Block& b, int nk, const parallel::Decomposition& dec, int nxm, int nym) {
  const int h = dec.halo;
  for (int k = 0; k < nk; ++k)
    for (int lj = -h; lj < dec.ny + h; ++lj) {
      const int gj = clampi(dec.j0 + lj, 0, nym - 1);
      for (int li = -h; li < dec.nx + h; ++li) f(li, lj, k) = b(k, gj, clampi(dec.i0 + li, 0, nxm - 1));
    }
}

/// Copies the cell, interface and surface fields of the block into the rank's fields.
void copy_cells(MetFields& out, const RecordBlock& b, const ModelLayers& m, const Block& kz, const SurfaceFields& sf) {
  const parallel::Decomposition& dec = b.dec;
  const int nzm = b.nzm, nxm = b.nxm, nym = b.nym;
  put_block(out.rho_kg_m3, m.rho, nzm, dec, nxm, nym);
  put_block(out.temp_k, m.temp, nzm, dec, nxm, nym);
  put_block(out.press_pa, m.pres, nzm, dec, nxm, nym);
  put_block(out.qv_kg_kg, m.qv, nzm, dec, nxm, nym);
  put_block(out.qc_kg_kg, m.qc, nzm, dec, nxm, nym);
  put_block(out.cloud_frac, m.cf, nzm, dec, nxm, nym);
  put_block(out.dz_m, m.dz, nzm, dec, nxm, nym);
  put_block(out.zmid_m, m.zmid, nzm, dec, nxm, nym);
  put_block(out.kz_m2_s, kz, nzm + 1, dec, nxm, nym);
  Block b2;
  b2.init(b.ci_lo, b.cj_lo, b.bni, b.bnj, 1);
  auto put2 = [&](grid::Field3Dd& f, const std::vector<double>& v) {
    b2.v = v;
    put_block(f, b2, 1, dec, nxm, nym);
  };
  put2(out.pblh_m, sf.pblh);
  put2(out.ustar_m_s, sf.ust);
  put2(out.hfx_w_m2, sf.hfx);
  put2(out.znt_m, sf.znt);
  put2(out.t2_k, sf.t2);
  put2(out.q2_kg_kg, sf.q2);
  put2(out.u10_m_s, sf.u10);
  put2(out.v10_m_s, sf.v10);
  put2(out.swdown_w_m2, sf.sw);
  put2(out.precip_mm_h, sf.prate);
  put2(out.lu_index, sf.lu);
  put2(out.landmask, sf.lmask);
}

/// Copies the face winds into the rank's faces (owned and halo; beyond the window's edge the
/// edge face's value).
void copy_faces(MetFields& out, const RecordBlock& b, const FaceWinds& f) {
  const parallel::Decomposition& dec = b.dec;
  const int h = dec.halo, nx = dec.nx, ny = dec.ny, nxm = b.nxm, nym = b.nym;
  for (int k = 0; k < b.nzm; ++k) {
    for (int lj = -h; lj < ny + h; ++lj) {
      const int gj = clampi(dec.j0 + lj, 0, nym - 1);
      for (int li = -h; li <= nx + h; ++li) out.u_face_m_s(li, lj, k) = f.u(k, gj, clampi(dec.i0 + li, 0, nxm));
    }
    for (int lj = -h; lj <= ny + h; ++lj) {
      const int gj = clampi(dec.j0 + lj, 0, nym);
      for (int li = -h; li < nx + h; ++li) out.v_face_m_s(li, lj, k) = f.v(k, gj, clampi(dec.i0 + li, 0, nxm - 1));
    }
  }
}

/// cos(solar zenith angle) on the rank's cells and halo (beyond the window's edge: the edge
/// cell's position) at `time` plus `frac_s` [s].
void fill_coszen(MetFields& out, const WrfDomain& domain, const parallel::Decomposition& dec, const UtcTime& time,
                 double frac_s) {
  const int nxm = domain.model_grid.nx, nym = domain.model_grid.ny, h = dec.halo;
  for (int lj = -h; lj < dec.ny + h; ++lj)
    for (int li = -h; li < dec.nx + h; ++li) {
      const grid::LatLon ll =
          domain.model_grid.latlon(clampi(dec.i0 + li, 0, nxm - 1), clampi(dec.j0 + lj, 0, nym - 1));
      out.coszen(li, lj, 0) = cos_solar_zenith(time, frac_s, ll.lat_deg, ll.lon_deg);
    }
}

}  // namespace

WrfMetProvider::WrfMetProvider(std::vector<std::string> files, const WrfProviderOptions& opt,
                               const parallel::Decomposition& decomp, const UtcTime& start)
    : series_(std::make_unique<WrfSeries>(std::move(files))), opt_(opt), dec_(decomp), start_(start) {
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
  // Rank 0 checks (one reader of every file, not one per rank) and all ranks throw the same.
  std::string msg;
  if (dec_.rank == 0) {
    try {
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
                                 ", the files cover " + iso_first + " (" + s.files().front() + ") to " + iso_last +
                                 " (" + s.files().back() + "); missing " + missing,
                             "Times");
      }
      s.check_readable({"U",     "V",        "T",       "P",        "PB",     "PH",   "PHB",    "QVAPOR",
                        "HGT",   "PBLH",     "UST",     "HFX",      "QCLOUD", "QICE", "CLDFRA", "LU_INDEX",
                        "ZNT",   "LANDMASK", "XLAND",   "T2",       "Q2",     "U10",  "V10",    "SWDOWN",
                        "RAINC", "RAINNC",   "I_RAINC", "I_RAINNC", "EXCH_H", "XLAT", "XLONG"});
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
