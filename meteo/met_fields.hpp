#pragma once
// The meteorology a rank needs at one time, on its sub-domain (owned cells + halo), in SI units.
// Filled by a MetProvider (analytic, WRF, synthetic); read-only for every process.
#include <string>
#include <vector>

#include "solver/grid/field.hpp"

namespace lantian::meteo {

/// One snapshot of met on a rank's sub-domain. Cell fields have extents (nx, ny, nz, halo);
/// `u_face` has nx+1 faces in x (face i lies between cells i-1 and i), `v_face` ny+1 in y;
/// interface fields have nz+1 levels (level k is the bottom of layer k). 2-D fields have nz = 1.
/// Winds are grid-relative (along the model's x and y axes), like WRF's U and V.
struct MetFields {
  double time_s = 0.0;  ///< seconds since the case start

  // Cell-centred 3-D fields.
  grid::Field3Dd rho_kg_m3;   ///< dry-air density [kg m-3] (the transport's air mass)
  grid::Field3Dd temp_k;      ///< temperature [K]
  grid::Field3Dd press_pa;    ///< pressure [Pa]
  grid::Field3Dd qv_kg_kg;    ///< water-vapour mixing ratio [kg kg-1]
  grid::Field3Dd qc_kg_kg;    ///< cloud water + ice mixing ratio [kg kg-1] (0 if absent)
  grid::Field3Dd cloud_frac;  ///< cloud fraction [1]
  grid::Field3Dd dz_m;        ///< layer thickness [m]
  grid::Field3Dd zmid_m;      ///< height of the layer middle above ground [m]

  // Face-staggered winds [m s-1].
  grid::Field3Dd u_face_m_s;  ///< extents (nx+1, ny, nz, halo)
  grid::Field3Dd v_face_m_s;  ///< extents (nx, ny+1, nz, halo)

  // Interface fields (nz+1 levels).
  grid::Field3Dd kz_m2_s;  ///< vertical eddy diffusivity [m2 s-1] (level 0 and nz unused)

  // Surface (2-D) fields.
  grid::Field3Dd pblh_m;     ///< boundary-layer height [m]
  grid::Field3Dd ustar_m_s;  ///< friction velocity [m s-1]
  grid::Field3Dd hfx_w_m2;   ///< sensible heat flux, upward [W m-2]
  grid::Field3Dd znt_m;      ///< roughness length [m]
  grid::Field3Dd t2_k;       ///< 2-m temperature [K]
  grid::Field3Dd q2_kg_kg;   ///< 2-m water-vapour mixing ratio [kg kg-1]
  grid::Field3Dd u10_m_s;    ///< 10-m wind, grid-relative [m s-1]
  grid::Field3Dd v10_m_s;
  grid::Field3Dd swdown_w_m2;  ///< downward short-wave at the surface [W m-2]
  grid::Field3Dd precip_mm_h;  ///< precipitation rate [mm h-1]
  grid::Field3Dd coszen;       ///< cosine of the solar zenith angle [1]
  grid::Field3Dd lu_index;     ///< land-use category (WRF's LU_INDEX; 17 or 16 = water) [1]
  grid::Field3Dd landmask;     ///< 1 land, 0 water [1]

  /// Allocates every field for a sub-domain of nx x ny x nz owned cells with `halo` cells.
  void allocate(int nx, int ny, int nz, int halo);
};

}  // namespace lantian::meteo
