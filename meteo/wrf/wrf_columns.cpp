#include "meteo/wrf/wrf_columns.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "meteo/derived/solar.hpp"
#include "solver/core/constants.hpp"

namespace lantian::meteo::wrf_columns {

namespace {

using constants::k_gravity_m_s2;
using constants::k_kappa;
using constants::k_p0_pa;
using constants::k_rd_j_kg_k;
using constants::k_rv_j_kg_k;

int clampi(int v, int lo, int hi) { return v < lo ? lo : (v > hi ? hi : v); }

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

}  // namespace

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

}  // namespace lantian::meteo::wrf_columns
