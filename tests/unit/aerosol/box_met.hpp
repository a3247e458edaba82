#pragma once
// A horizontally uniform box of met for the aerosol and deposition tests.
#include "meteo/met_fields.hpp"

namespace lantian::test {

struct BoxMet {
  double t_k = 298.15, p_pa = 101325.0, rh_qv = 0.01, qc = 0.0, dz = 50.0;
  double ustar = 0.3, hfx = 0.0, z0 = 0.1, precip = 0.0, lu = 10.0, landmask = 1.0, sw = 0.0;
};

inline meteo::MetFields box_met(int nx, int ny, int nz, const BoxMet& b) {
  meteo::MetFields m;
  m.allocate(nx, ny, nz, 0);
  m.temp_k.fill(b.t_k);
  m.press_pa.fill(b.p_pa);
  m.rho_kg_m3.fill(b.p_pa / (287.0 * b.t_k));
  m.qv_kg_kg.fill(b.rh_qv);
  m.qc_kg_kg.fill(b.qc);
  m.cloud_frac.fill(b.qc > 0.0 ? 1.0 : 0.0);
  m.dz_m.fill(b.dz);
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) m.zmid_m(i, j, k) = (k + 0.5) * b.dz;
  m.ustar_m_s.fill(b.ustar);
  m.hfx_w_m2.fill(b.hfx);
  m.znt_m.fill(b.z0);
  m.t2_k.fill(b.t_k);
  m.pblh_m.fill(1000.0);
  m.precip_mm_h.fill(b.precip);
  m.lu_index.fill(b.lu);
  m.landmask.fill(b.landmask);
  m.swdown_w_m2.fill(b.sw);
  m.coszen.fill(0.5);
  return m;
}

}  // namespace lantian::test
