#include "meteo/met_fields.hpp"

namespace lantian::meteo {

void MetFields::allocate(int nx, int ny, int nz, int halo) {
  const grid::Extents c{nx, ny, nz, halo};
  for (auto* f : {&rho_kg_m3, &temp_k, &press_pa, &qv_kg_kg, &qc_kg_kg, &cloud_frac, &dz_m, &zmid_m})
    *f = grid::Field3Dd(c);
  u_face_m_s = grid::Field3Dd(grid::Extents{nx + 1, ny, nz, halo});
  v_face_m_s = grid::Field3Dd(grid::Extents{nx, ny + 1, nz, halo});
  kz_m2_s = grid::Field3Dd(grid::Extents{nx, ny, nz + 1, halo});
  const grid::Extents s = grid::extents_2d(nx, ny, halo);
  for (auto* f : {&pblh_m, &ustar_m_s, &hfx_w_m2, &znt_m, &t2_k, &q2_kg_kg, &u10_m_s, &v10_m_s, &swdown_w_m2,
                  &precip_mm_h, &coszen, &lu_index, &landmask})
    *f = grid::Field3Dd(s);
}

}  // namespace lantian::meteo
