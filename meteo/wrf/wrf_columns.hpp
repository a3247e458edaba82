#pragma once
// The column steps of the WRF reader, for one record on one rank's block of cells: WRF's fields
// as read, temperature, pressure, dry-air density, layer heights and mass on WRF's layers, their
// collapse into the model layers, the surface fields with their fallbacks, the precipitation
// rate, Kz at the interfaces and the face winds, and their copy into the rank's MetFields. The
// equivalent in CMAQ's system is MCIP (Otte & Pleim 2010, doi:10.5194/gmd-3-243-2010): metcro,
// pblsup, metdot. Kz: Holtslag & Boville (1993), doi:10.1175/1520-0442(1993)006<1825:LVNBLD>2.0.CO;2,
// or WRF's EXCH_H. Solar zenith: Spencer (1971).
#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "meteo/derived/pbl_kz.hpp"
#include "meteo/met_fields.hpp"
#include "meteo/wrf/wrf_domain.hpp"
#include "meteo/wrf/wrf_series.hpp"
#include "solver/core/error.hpp"
#include "solver/core/utc_time.hpp"
#include "solver/parallel/decomposition.hpp"

namespace lantian::meteo::wrf_columns {

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
WrfColumns read_columns(const RecordBlock& b);

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
WrfLayers derive_layers(const RecordBlock& b, const WrfColumns& w);

/// Cell fields on the model layers, on the block.
struct ModelLayers {
  Block rho, temp, pres, qv, qc, cf, dz, zmid;
};

/// WRF's layers collapsed into the model layers `wl` (w-level indices of the interfaces): a
/// single WRF layer keeps its values exactly; several have their dry mass summed (rho = M / dz,
/// so the column mass is kept), intensive quantities mass-weighted and the cloud fraction the
/// maximum (maximum overlap).
ModelLayers collapse_layers(const RecordBlock& b, const WrfColumns& w, const WrfLayers& l, const std::vector<int>& wl);

/// 2-D fields of the block.
struct SurfaceFields {
  std::vector<double> lu, znt, lmask;    ///< LU_INDEX (-1 absent), roughness [m], land mask [1]
  std::vector<double> pblh, ust, hfx;    ///< [m], [m s-1], [W m-2]
  std::vector<double> t2, q2, u10, v10;  ///< [K], [kg kg-1], [m s-1]
  std::vector<double> sw, prate;         ///< SWDOWN [W m-2], precipitation rate [mm h-1]
};

/// Land use, land mask (LANDMASK, else LU_INDEX against ISWATER/ISLAKE, else XLAND, else all
/// land) and roughness length (ZNT, else 0.1 m over land and 1e-4 m over water).
void read_land_surface(const RecordBlock& b, const WrfAttributes& att, SurfaceFields& sf);

/// T2 and Q2 (else the lowest layer's temperature and mixing ratio), U10, V10 and SWDOWN (else 0).
void read_near_surface(const RecordBlock& b, const WrfColumns& w, const WrfLayers& l, SurfaceFields& sf);

/// Precipitation rate [mm h-1] of the interval that starts at the block's record (the last
/// record: the one that ends there), from accumulated RAINC + RAINNC with the bucket counts
/// I_RAINC, I_RAINNC when BUCKET_MM > 0; 0 without accumulations or with a single record.
std::vector<double> precipitation_rate(const RecordBlock& b, const WrfAttributes& att);

/// Kz [m2 s-1] at the model interfaces (nzm + 1 levels; 0 at the ground and at the top): WRF's
/// EXCH_H when `use_exch_h` and the files have it, else Holtslag-Boville similarity from
/// UST, HFX, PBLH; bounded below by the rural or urban (LU_INDEX = ISURBAN) minimum and above
/// by the maximum of `kz`.
Block interface_kz(const RecordBlock& b, const WrfColumns& w, const WrfLayers& l, const SurfaceFields& sf,
                   const WrfAttributes& att, const KzParams& kz, bool use_exch_h, const std::vector<int>& wl);

/// Grid-relative winds at the faces on the model layers: U at x-faces, V at y-faces.
struct FaceWinds {
  Block u, v;
};

/// Reads WRF's staggered U and V on the faces of the rank's owned cells and halo (clipped to
/// the window) and collapses them into the model layers with `layer_mass` (WRF-layer dry mass
/// on the cell block) as weight.
FaceWinds face_winds(const RecordBlock& b, const std::vector<double>& layer_mass, const std::vector<int>& wl);

/// Copies the cell, interface and surface fields of the block into the rank's fields.
void copy_cells(MetFields& out, const RecordBlock& b, const ModelLayers& m, const Block& kz, const SurfaceFields& sf);

/// Copies the face winds into the rank's faces (owned and halo; beyond the window's edge the
/// edge face's value).
void copy_faces(MetFields& out, const RecordBlock& b, const FaceWinds& f);

/// cos(solar zenith angle) on the rank's cells and halo (beyond the window's edge: the edge
/// cell's position) at `time` plus `frac_s` [s].
void fill_coszen(MetFields& out, const WrfDomain& domain, const parallel::Decomposition& dec, const UtcTime& time,
                 double frac_s);

}  // namespace lantian::meteo::wrf_columns
