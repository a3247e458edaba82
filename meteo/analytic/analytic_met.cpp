#include "meteo/analytic/analytic_met.hpp"

#include <cmath>

#include "solver/core/constants.hpp"

namespace lantian::meteo {

using constants::k_pi;

void declare_analytic_met_keys(config::Schema& s) {
  using namespace config;
  s.add(key_string("meteo.analytic.flow", "uniform", "analytic wind field", {"uniform", "rotation", "divergent"}));
  s.add(key_real("meteo.analytic.u_m_s", 5.0, "m s-1", "uniform wind, x (grid east) component", -100, 100));
  s.add(key_real("meteo.analytic.v_m_s", 0.0, "m s-1", "uniform wind, y (grid north) component", -100, 100));
  s.add(key_real("meteo.analytic.rotation_period_s", 86400.0, "s",
                 "period of the solid-body rotation about the domain centre", 1.0, {}));
  s.add(key_real("meteo.analytic.divergence_amplitude", 0.2, "1",
                 "divergent flow: air density varies as 1 + a sin(2 pi x / Lx), rho u constant", 0.0, 0.9));
  s.add(key_bool("meteo.analytic.standard_atmosphere", false,
                 "true: ICAO standard atmosphere (6.5 K/km); false: isothermal, constant density"));
  s.add(key_real("meteo.analytic.t0_k", 288.15, "K", "surface (or isothermal) temperature", 150, 350));
  s.add(key_real("meteo.analytic.p0_pa", 101325.0, "Pa", "surface pressure", 30000, 110000));
  s.add(key_real("meteo.analytic.kz_m2_s", 1.0, "m2 s-1", "constant vertical eddy diffusivity", 0, 1000));
  s.add(key_bool("meteo.analytic.kz_diurnal", false,
                 "boundary-layer Kz profile with a diurnal PBL height instead of a constant"));
  s.add(key_real("meteo.analytic.pblh_day_m", 1500.0, "m", "afternoon PBL height (diurnal Kz)", 50, 5000));
  s.add(key_real("meteo.analytic.pblh_night_m", 200.0, "m", "night-time PBL height (diurnal Kz)", 20, 5000));
}

AnalyticMetOptions analytic_met_options(const config::CaseConfig& c) {
  AnalyticMetOptions o;
  const auto& flow = c.get_string("meteo.analytic.flow");
  o.flow = flow == "rotation"    ? AnalyticFlow::rotation
           : flow == "divergent" ? AnalyticFlow::divergent
                                 : AnalyticFlow::uniform;
  o.u_m_s = c.get_real("meteo.analytic.u_m_s");
  o.v_m_s = c.get_real("meteo.analytic.v_m_s");
  o.rotation_period_s = c.get_real("meteo.analytic.rotation_period_s");
  o.divergence_amplitude = c.get_real("meteo.analytic.divergence_amplitude");
  o.standard_atmosphere = c.get_bool("meteo.analytic.standard_atmosphere");
  o.t0_k = c.get_real("meteo.analytic.t0_k");
  o.p0_pa = c.get_real("meteo.analytic.p0_pa");
  o.kz_m2_s = c.get_real("meteo.analytic.kz_m2_s");
  o.kz_diurnal = c.get_bool("meteo.analytic.kz_diurnal");
  o.pblh_day_m = c.get_real("meteo.analytic.pblh_day_m");
  o.pblh_night_m = c.get_real("meteo.analytic.pblh_night_m");
  return o;
}

AnalyticMetProvider::AnalyticMetProvider(const AnalyticMetOptions& opt, const grid::HorizontalGrid& g,
                                         const grid::VerticalGrid& v, const parallel::Decomposition& d)
    : opt_(opt), g_(g), v_(v), d_(d) {}

std::string AnalyticMetProvider::describe() const {
  const char* names[] = {"uniform", "rotation", "divergent"};
  return std::string("analytic met (") + names[static_cast<int>(opt_.flow)] + " flow)";
}

double AnalyticMetProvider::base_density(double z_m) const {
  double rho0;
  if (opt_.standard_atmosphere) {
    // ICAO troposphere: T = T0 - 0.0065 z, p = p0 (T/T0)^(g/(R L)).
    const double lapse = 0.0065;
    const double t = opt_.t0_k - lapse * z_m;
    const double p = opt_.p0_pa * std::pow(t / opt_.t0_k, constants::k_gravity_m_s2 / (constants::k_rd_j_kg_k * lapse));
    rho0 = p / (constants::k_rd_j_kg_k * t);
  } else {
    rho0 = opt_.p0_pa / (constants::k_rd_j_kg_k * opt_.t0_k);
  }
  return rho0;
}

double AnalyticMetProvider::density(double x_m, double z_m) const {
  double rho0 = base_density(z_m);
  if (opt_.flow == AnalyticFlow::divergent) {
    const double lx = g_.nx * g_.dx;
    rho0 *= 1.0 + opt_.divergence_amplitude * std::sin(2.0 * k_pi * (x_m - g_.x0) / lx);
  }
  return rho0;
}

void AnalyticMetProvider::fill(double time_s, MetFields& out) {
  const auto& e = out.rho_kg_m3.extents();
  const int h = e.halo, nz = e.nz;
  out.time_s = time_s;
  const double xc = g_.x0 + 0.5 * (g_.nx - 1) * g_.dx, yc = g_.y0 + 0.5 * (g_.ny - 1) * g_.dy;
  const double omega = 2.0 * k_pi / opt_.rotation_period_s;
  // Diurnal boundary layer: PBL grows from 06 to 18 local time (a half sine), night value else.
  const double hour_local = std::fmod(opt_.start_hour_utc + time_s / 3600.0 + opt_.utc_offset_h + 48.0, 24.0);
  const double day = (hour_local > 6.0 && hour_local < 18.0) ? std::sin(k_pi * (hour_local - 6.0) / 12.0) : 0.0;
  const double pblh = opt_.pblh_night_m + (opt_.pblh_day_m - opt_.pblh_night_m) * day;

  for (int k = 0; k < nz; ++k) {
    const double zmid = v_.z_mid_m(k), dz = v_.dz_m(k);
    const double t = opt_.standard_atmosphere ? opt_.t0_k - 0.0065 * zmid : opt_.t0_k;
    for (int j = -h; j < e.ny + h; ++j)
      for (int i = -h; i < e.nx + h; ++i) {
        const auto xy = g_.xy(d_.i0 + i, d_.j0 + j);
        const double rho = density(xy.x, zmid);
        out.rho_kg_m3(i, j, k) = rho;
        out.temp_k(i, j, k) = t;
        out.press_pa(i, j, k) = rho * constants::k_rd_j_kg_k * t;
        out.qv_kg_kg(i, j, k) = 0.005;
        out.qc_kg_kg(i, j, k) = 0.0;
        out.cloud_frac(i, j, k) = 0.0;
        out.dz_m(i, j, k) = dz;
        out.zmid_m(i, j, k) = zmid;
      }
    // x faces: face i lies at global index i0 + i - 1/2.
    for (int j = -h; j < e.ny + h; ++j)
      for (int i = -h; i < e.nx + 1 + h; ++i) {
        const auto xy = g_.xy(d_.i0 + i - 0.5, d_.j0 + j);
        double u = opt_.u_m_s;
        if (opt_.flow == AnalyticFlow::rotation) u = -omega * (xy.y - yc);
        if (opt_.flow == AnalyticFlow::divergent) {
          // rho u is the same through every x face (the transport's face density is the mean
          // of the two cells): divergent velocity, non-divergent mass flux.
          const double rho_face = 0.5 * (density(xy.x - 0.5 * g_.dx, zmid) + density(xy.x + 0.5 * g_.dx, zmid));
          u = opt_.u_m_s * base_density(zmid) / rho_face;
        }
        out.u_face_m_s(i, j, k) = u;
      }
    for (int j = -h; j < e.ny + 1 + h; ++j)
      for (int i = -h; i < e.nx + h; ++i) {
        const auto xy = g_.xy(d_.i0 + i, d_.j0 + j - 0.5);
        double v = opt_.v_m_s;
        if (opt_.flow == AnalyticFlow::rotation) v = omega * (xy.x - xc);
        out.v_face_m_s(i, j, k) = v;
      }
  }
  // Eddy diffusivity at interfaces (level k = bottom of layer k).
  for (int k = 0; k <= nz; ++k) {
    const double z = k < nz ? v_.z_interfaces_m[static_cast<size_t>(k)] : v_.z_interfaces_m.back();
    double kz = opt_.kz_m2_s;
    if (opt_.kz_diurnal) {
      // Cubic profile within the PBL (O'Brien 1970 shape), peak ~ 0.1 w* h; a floor above.
      const double kmax = 50.0 * (0.2 + 0.8 * day);
      kz = z < pblh ? std::max(0.1, kmax * 6.75 * (z / pblh) * (1.0 - z / pblh) * (1.0 - z / pblh)) : 0.1;
    }
    for (int j = -h; j < e.ny + h; ++j)
      for (int i = -h; i < e.nx + h; ++i) out.kz_m2_s(i, j, k) = kz;
  }
  for (int j = -h; j < e.ny + h; ++j)
    for (int i = -h; i < e.nx + h; ++i) {
      out.pblh_m(i, j, 0) = pblh;
      out.ustar_m_s(i, j, 0) = 0.3;
      out.hfx_w_m2(i, j, 0) = 200.0 * day;
      out.znt_m(i, j, 0) = 0.1;
      out.t2_k(i, j, 0) = opt_.t0_k;
      out.q2_kg_kg(i, j, 0) = 0.005;
      out.u10_m_s(i, j, 0) = out.u_face_m_s(i, j, 0);
      out.v10_m_s(i, j, 0) = out.v_face_m_s(i, j, 0);
      out.swdown_w_m2(i, j, 0) = 800.0 * day;
      out.precip_mm_h(i, j, 0) = 0.0;
      out.coszen(i, j, 0) = day;
      out.lu_index(i, j, 0) = 2.0;
      out.landmask(i, j, 0) = 1.0;
    }
}

}  // namespace lantian::meteo
