// Decomposition independence of the WRF reader: on 1, 2 and 4 ranks each rank reads only its
// block (+ halo) and must get, bit for bit, what a serial read of the whole window has at the
// same global indices, halo cells included.
#include <catch2/catch.hpp>
#include <mpi.h>

#include "meteo/wrf/wrf_met_provider.hpp"
#include "unit/meteo/meteo_test_util.hpp"

using namespace lantian;
using namespace lantian::meteo;

namespace {

std::vector<grid::Field3Dd*> fields(MetFields& m) {
  return {&m.rho_kg_m3, &m.temp_k,   &m.press_pa,  &m.qv_kg_kg,    &m.qc_kg_kg,    &m.cloud_frac,
          &m.dz_m,      &m.zmid_m,   &m.kz_m2_s,   &m.pblh_m,      &m.ustar_m_s,   &m.hfx_w_m2,
          &m.znt_m,     &m.t2_k,     &m.q2_kg_kg,  &m.u10_m_s,     &m.v10_m_s,     &m.swdown_w_m2,
          &m.precip_mm_h, &m.coszen, &m.lu_index,  &m.landmask};
}

/// Number of values on this rank that differ (bitwise) from the serial read.
long compare(MetFields& local, MetFields& serial, const parallel::Decomposition& d) {
  long bad = 0;
  auto fl = fields(local), fs = fields(serial);
  const int h = d.halo;
  for (size_t q = 0; q < fl.size(); ++q) {
    const int nz = fl[q]->extents().nz;
    for (int k = 0; k < nz; ++k)
      for (int lj = -h; lj < d.ny + h; ++lj)
        for (int li = -h; li < d.nx + h; ++li)
          bad += (*fl[q])(li, lj, k) != (*fs[q])(d.i0 + li, d.j0 + lj, k);
  }
  for (int k = 0; k < local.u_face_m_s.extents().nz; ++k) {
    for (int lj = -h; lj < d.ny + h; ++lj)
      for (int li = -h; li <= d.nx + h; ++li)
        bad += local.u_face_m_s(li, lj, k) != serial.u_face_m_s(d.i0 + li, d.j0 + lj, k);
    for (int lj = -h; lj <= d.ny + h; ++lj)
      for (int li = -h; li < d.nx + h; ++li)
        bad += local.v_face_m_s(li, lj, k) != serial.v_face_m_s(d.i0 + li, d.j0 + lj, k);
  }
  return bad;
}

}  // namespace

TEST_CASE("WRF reader: each rank's block equals the serial read bitwise", "[meteo][wrf][mpi]") {
  auto files = test::au_test_files();
  if (files.empty()) return;
  files.resize(3);
  struct Case {
    int btrim;
    std::vector<int> layers;
    int nx;
  };
  for (const Case& c : {Case{-1, {}, 14}, Case{1, {0, 1, 2, 4, 8, 16, 32}, 10}}) {
    WrfProviderOptions opt;
    opt.window.btrim = c.btrim;
    opt.window.layer_interfaces = c.layers;
    const int halo = 2;
    const auto dec = parallel::decompose(MPI_COMM_WORLD, c.nx, c.nx, halo);
    WrfMetProvider local(files, opt, dec, "2022-12-07 00:00:00");
    WrfMetProvider serial(files, opt, test::serial_decomposition(c.nx, c.nx, halo), "2022-12-07 00:00:00");
    for (double t : {0.0, 5400.0, 7200.0}) {
      MetFields a, b;
      local.fill(t, a);
      serial.fill(t, b);
      INFO("btrim " << c.btrim << " t " << t << " rank " << dec.rank << " of " << dec.nranks);
      CHECK(compare(a, b, dec) == 0);
    }
  }
}
