// The winter stagnation episode of synthetic Yantai meteorology: analytic profiles ahead of and
// behind a cold front, written through the shared domain and record fields of synth_wrf.hpp.
#include "meteo/synthetic/synth_episode.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include "meteo/derived/solar.hpp"
#include "meteo/synthetic/synth_met.hpp"
#include "meteo/synthetic/synth_wrf.hpp"
#include "solver/core/constants.hpp"
#include "solver/core/error.hpp"

namespace lantian::meteo {

namespace {

using namespace synth;
using constants::k_gravity_m_s2;
using constants::k_pi;

constexpr double k_t0_k = 273.15;              ///< 0 C [K]
constexpr double k_front_bearing_deg = 160.0;  ///< direction the front moves towards [degree]
constexpr double k_km_per_degree = 111.19;     ///< length of a degree of latitude [km]
constexpr double k_scale_height_m = 7750.0;    ///< pressure scale height of the cold column [m]
constexpr double k_inversion_depth_m = 120.0;  ///< e-folding depth of the nocturnal inversion [m]
constexpr double k_karman = 0.4;

/// How far the front has passed a point: `wind` (the wind shift, over 3.5 h), `mass` (the cold
/// air mass and the deep boundary layer, over 7 h), each 0 ahead and 1 behind, and the time
/// since the front's arrival [h].
struct FrontState {
  double wind, mass, since_h;
};

FrontState front_state(const SynthMetOptions& o, double t_h, double lat, double lon) {
  const double ta = winter_front_arrival_h(o.winter, o.cen_lat, o.cen_lon, lat, lon);
  return {smoothstep(ta - 1.5, ta + 2.0, t_h), smoothstep(ta - 1.0, ta + 6.0, t_h), t_h - ta};
}

/// Surface heating over land [1]: a half sine from 08:00 to 16:30 local solar time (the
/// January day at 37 N, less the hours of a low sun), 0 at night.
double heating(double lh) { return (lh > 8.0 && lh < 16.5) ? std::sin(k_pi * (lh - 8.0) / 8.5) : 0.0; }

/// Local solar hour at t_h [h after start] and longitude `lon` [degree].
double episode_local_hour(const SynthMetOptions& o, double t_h, double lon) {
  return local_hour(std::fmod(o.start.hour_of_day() + t_h, 24.0), lon);
}

/// Earth-relative wind (east, north) [m s-1] at height z [m] above ground. Ahead of the front:
/// a weak boundary-layer wind from the south veering to west-south-west over the stagnant days,
/// strongest in the afternoon, increasing as (z/10 m)^0.2 up to 2.2 times its 10 m value;
/// behind it: a north-north-westerly (from 350 degrees) of post_front_wind_m_s at 10 m easing
/// by 35 % a day after the front, (z/10 m)^0.1 up to 1.5 times. Above 600-2500 m both blend
/// into a westerly increasing with height (north-westerly behind the front).
void winter_wind(const SynthMetOptions& o, double t_h, double lat, double lon, double z, double& east, double& north) {
  const WinterEpisodeOptions& w = o.winter;
  const FrontState f = front_state(o, t_h, lat, lon);
  const double lh = episode_local_hour(o, t_h, lon);
  const double veer = w.front_h > 0 ? std::clamp(t_h / w.front_h, 0.0, 1.0) : 1.0;
  const double dir_pre = (180.0 + 65.0 * veer) * k_pi / 180.0;
  const double s_pre = w.stagnant_wind_m_s * (1.0 + 0.3 * std::sin(2 * k_pi * (lh - 8.0) / 24.0)) *
                       std::min(2.2, std::pow(std::max(z, 10.0) / 10.0, 0.2));
  const double dir_post = 350.0 * k_pi / 180.0;
  const double s_post = w.post_front_wind_m_s * (1.0 - 0.35 * smoothstep(12.0, 36.0, f.since_h)) *
                        std::min(1.5, std::pow(std::max(z, 10.0) / 10.0, 0.1));
  // Meteorological directions (where the wind comes from): the vector points the other way.
  const double e_bl = -(1.0 - f.wind) * s_pre * std::sin(dir_pre) - f.wind * s_post * std::sin(dir_post);
  const double n_bl = -(1.0 - f.wind) * s_pre * std::cos(dir_pre) - f.wind * s_post * std::cos(dir_post);
  const double zz = std::min(z, 10000.0);
  const double e_ft = 6.0 + 24.0 * zz / 10000.0 + 4.0 * f.wind;
  const double n_ft = -1.0 - 9.0 * f.wind;
  const double b = smoothstep(600.0, 2500.0, z);
  east = (1.0 - b) * e_bl + b * e_ft;
  north = (1.0 - b) * n_bl + b * n_ft;
}

/// What shapes a column at one time: the boundary-layer structure ahead of the front blended
/// with the one behind it by the front's air-mass factor.
struct WinterColumn {
  bool land;
  double lh;            ///< local solar hour [h]
  double heat;          ///< surface heating [1]
  double cloud;         ///< cloud fraction of the front's band [1]
  double t2_k;          ///< 2 m temperature [K]
  double ps_pa;         ///< surface pressure [Pa]
  double surf_inv_k;    ///< nocturnal surface inversion: theta rise over its depth [K]
  double superad_k;     ///< daytime superadiabatic drop of theta in the lowest ~50 m [K]
  double cap_m;         ///< base of the elevated inversion above ground [m]
  double cap_k;         ///< its theta jump [K]
  double cap_depth_m;   ///< its depth [m]
  double lapse_k_m;     ///< d(theta)/dz above it [K m-1]
  double rh_bl, rh_ft;  ///< relative humidity below and above the inversion [1]
  FrontState f;
};

WinterColumn winter_column(const SynthDomain& d, size_t c, double t_h) {
  const SynthMetOptions& o = d.o;
  const WinterEpisodeOptions& w = o.winter;
  WinterColumn col;
  col.land = d.st.land[c] > 0.5;
  col.f = front_state(o, t_h, d.st.lat[c], d.st.lon[c]);
  const double fm = col.f.mass;
  col.lh = episode_local_hour(o, t_h, d.st.lon[c]);
  col.heat = col.land ? heating(col.lh) : 0.0;
  col.cloud = std::min(1.0, winter_precip_mm_h(o, t_h, d.st.lat[c], d.st.lon[c]) / 0.3);
  const double days = std::clamp(t_h, 0.0, std::max(w.front_h, 0.0)) / 24.0;
  const double diurnal = std::sin(2 * k_pi * (col.lh - 9.0) / 24.0);  // minimum 03, maximum 15 local
  const double hgt = d.st.hgt[c];
  // Land: 0 C mean warming 0.25 K a day under the stagnant high, +-4.2 K diurnal; behind the
  // front 8 K colder, +-3 K. Sea (Bohai, Yellow Sea at about 4 C): the air above +2.5 C, -4 C
  // in the outbreak.
  const double t_pre = col.land ? 0.25 * days + 4.2 * diurnal - 0.0065 * hgt : 2.5 + 0.3 * diurnal;
  const double t_post = col.land ? -8.5 + 3.0 * diurnal - 0.0065 * hgt : -4.0 + 0.3 * diurnal;
  col.t2_k = k_t0_k + (1.0 - fm) * t_pre + fm * t_post - 1.0 * col.cloud;
  col.ps_pa = (102500.0 + 1000.0 * fm) * std::exp(-hgt / 8000.0);
  const double night = 1.0 - std::min(1.0, 3.0 * col.heat);
  col.surf_inv_k = col.land ? ((1.0 - fm) * 6.0 + fm * 1.0) * night : 0.0;
  col.superad_k = col.land ? 0.8 * col.heat : (1.0 - fm) * 0.3 + fm * 1.0;
  const double cap_pre = std::max(150.0, w.cap_m - w.cap_sink_m_day * days);
  col.cap_m = (1.0 - fm) * cap_pre + fm * 1500.0;
  col.cap_k = (1.0 - fm) * 5.0 + fm * 1.5;
  col.cap_depth_m = (1.0 - fm) * 150.0 + fm * 300.0;
  col.lapse_k_m = (1.0 - fm) * 0.0045 + fm * 0.006;
  col.rh_bl = (1.0 - fm) * 0.65 + fm * 0.35;
  col.rh_ft = (1.0 - fm) * 0.25 + fm * 0.2;
  return col;
}

/// Potential temperature [K] at height z [m] above ground, from its 2 m value theta_s [K].
double theta_at(const WinterColumn& col, double theta_s, double z) {
  return theta_s + col.surf_inv_k * (1.0 - std::exp(-z / k_inversion_depth_m)) -
         col.superad_k * (1.0 - std::exp(-z / 50.0)) +
         col.cap_k * smoothstep(col.cap_m, col.cap_m + col.cap_depth_m, z) +
         col.lapse_k_m * std::max(0.0, z - col.cap_m);
}

/// The hydrostatic column at mass point `c` (levels placed by their pressure height
/// H ln(ps/p), H = 7750 m), PSFC, T2 and Q2. Returns the column's maximum cloud fraction [1].
double winter_profile(const SynthDomain& d, size_t c, const WinterColumn& col, RecordFields& r) {
  const double hgt = d.st.hgt[c];
  const double ps = col.ps_pa;
  const double psb = 100000.0 * std::exp(-hgt / 8000.0);
  const double theta_s = col.t2_k * std::pow(1e5 / ps, 2.0 / 7.0);
  double phi = k_gravity_m_s2 * hgt;
  const double phib0 = phi;
  r.PH[c] = 0.0f;
  r.PHB[c] = static_cast<float>(phib0);
  double cmax = 0;
  for (int k = 0; k < d.nz; ++k) {
    const double p = k_ptop_pa + d.eta.u[k] * (ps - k_ptop_pa);
    const double pb = k_ptop_pa + d.eta.u[k] * (psb - k_ptop_pa);
    const double z = k_scale_height_m * std::log(ps / p);
    const double tk = std::max(216.65, theta_at(col, theta_s, z) * std::pow(p / 1e5, 2.0 / 7.0));
    const double es = 611.2 * std::exp(17.67 * (tk - 273.15) / (tk - 29.65));
    const double qs = 0.622 * es / std::max(p - es, 1.0);
    const bool in_cloud = col.cloud > 0.05 && z > 800.0 && z < 3500.0;
    const double rh = in_cloud ? 0.97 : (z < col.cap_m ? col.rh_bl : col.rh_ft);
    const double qv = std::min(rh * qs, 0.03);
    const double cf = in_cloud ? col.cloud : 0.0;
    cmax = std::max(cmax, cf);
    put_mass_level(d, c, k, ps, {p, pb, tk, qv, cf}, phib0, phi, r);
    if (k == 0) r.Q2[c] = static_cast<float>(qv);
  }
  r.T2[c] = static_cast<float>(col.t2_k);
  r.PSFC[c] = static_cast<float>(ps);
  return cmax;
}

/// PBLH, HFX, ZNT, 10 m wind, UST and SWDOWN at mass point `c`. Ahead of the front: PBLH
/// 100 m at night over land rising to 95 % of the inversion base by day, 90 % of it over the sea;
/// HFX -18 W m-2 at night to +110 by day over land, +20 over the warmer sea. Behind it: 1000-
/// 1400 m over land, 1100-1200 m over the sea; HFX -8 to +92 over land, +150 over the sea (cold
/// air over warm water). UST from the 10 m wind by the log law with ZNT, times 0.6 in the stable
/// night ahead of the front (1.0 behind it, over the sea and at noon), within 0.03-0.9 m s-1.
void winter_surface(const SynthDomain& d, size_t c, double t_h, const UtcTime& t, const WinterColumn& col, double cmax,
                    RecordFields& r) {
  const double fm = col.f.mass, h = col.heat;
  const double pbl_pre = col.land ? 100.0 + (0.95 * col.cap_m - 100.0) * std::pow(h, 0.7) : 0.9 * col.cap_m;
  const double pbl_post = col.land ? 1000.0 + 400.0 * h : 1100.0 + 100.0 * h;
  r.PBLH[c] = static_cast<float>((1.0 - fm) * pbl_pre + fm * pbl_post);
  const double sun = 1.0 - 0.7 * cmax;
  const double hfx_pre = col.land ? 128.0 * h * sun - 18.0 : 20.0;
  const double hfx_post = col.land ? 100.0 * h * sun - 8.0 : 150.0;
  r.HFX[c] = static_cast<float>((1.0 - fm) * hfx_pre + fm * hfx_post);
  const double z0 = col.land ? (d.st.lu[c] == k_lu_urban ? 1.0 : 0.05) : 2e-4;  // bare winter fields
  r.ZNT[c] = static_cast<float>(z0);
  double east = 0, north = 0, ug = 0, vg = 0;
  winter_wind(d.o, t_h, d.st.lat[c], d.st.lon[c], 10.0, east, north);
  to_grid_relative(d.fm, c, east, north, ug, vg);
  r.U10[c] = static_cast<float>(ug);
  r.V10[c] = static_cast<float>(vg);
  const double stab = col.land ? (1.0 - fm) * std::min(1.0, 0.6 + h) + fm : 1.0;
  const double ust = k_karman * std::hypot(east, north) / std::log(10.0 / z0) * stab;
  r.UST[c] = static_cast<float>(std::clamp(ust, 0.03, 0.9));
  const double cz = cos_solar_zenith(t, 0.0, d.st.lat[c], d.st.lon[c]);
  r.SW[c] = static_cast<float>(1050.0 * std::max(0.0, cz) * (1.0 - 0.75 * cmax));
}

/// Grid-relative U on the x-faces and V on the y-faces at every mass level's nominal height.
void winter_face_winds(const SynthDomain& d, double t_h, RecordFields& r) {
  const size_t nu = static_cast<size_t>(d.nx + 1) * d.ny, nv = static_cast<size_t>(d.nx) * (d.ny + 1);
  for (int k = 0; k < d.nz; ++k) {
    const double z = d.eta.zref_u[k];
    double east = 0, north = 0, ug = 0, vg = 0;
    for (size_t c = 0; c < nu; ++c) {
      winter_wind(d.o, t_h, d.fu.lat[c], d.fu.lon[c], z, east, north);
      to_grid_relative(d.fu, c, east, north, ug, vg);
      r.U[static_cast<size_t>(k) * nu + c] = static_cast<float>(ug);
    }
    for (size_t c = 0; c < nv; ++c) {
      winter_wind(d.o, t_h, d.fv.lat[c], d.fv.lon[c], z, east, north);
      to_grid_relative(d.fv, c, east, north, ug, vg);
      r.V[static_cast<size_t>(k) * nv + c] = static_cast<float>(vg);
    }
  }
}

}  // namespace

UtcTime winter_episode_default_start() {
  return UtcTime(std::chrono::sys_days{std::chrono::year{2027} / 1 / 10} + std::chrono::hours{12});
}

double winter_front_arrival_h(const WinterEpisodeOptions& w, double cen_lat, double cen_lon, double lat,
                              double lon) noexcept {
  const double b = k_front_bearing_deg * k_pi / 180.0;
  const double east_km = (lon - cen_lon) * k_km_per_degree * std::cos(lat * k_pi / 180.0);
  const double north_km = (lat - cen_lat) * k_km_per_degree;
  return w.front_h + (east_km * std::sin(b) + north_km * std::cos(b)) / w.front_speed_km_h;
}

void check_winter_options(const WinterEpisodeOptions& w) {
  auto need = [](bool ok, const std::string& what) {
    if (!ok) throw Error("synth-met: winter episode: " + what);
  };
  need(std::isfinite(w.front_h), "front time must be finite");
  need(w.front_speed_km_h > 0 && w.front_speed_km_h <= 150, "front speed must be in (0, 150] km/h");
  need(w.stagnant_wind_m_s > 0 && w.stagnant_wind_m_s <= 5, "stagnant wind must be in (0, 5] m/s");
  need(w.cap_m >= 150 && w.cap_m <= 1500, "inversion base must be in [150, 1500] m");
  need(w.cap_sink_m_day >= 0 && w.cap_sink_m_day <= 200, "inversion sinking must be in [0, 200] m/day");
  need(w.post_front_wind_m_s > 0 && w.post_front_wind_m_s <= 30, "post-front wind must be in (0, 30] m/s");
  need(w.snow_mm_h >= 0 && w.snow_mm_h <= 10, "snow rate must be in [0, 10] mm/h");
}

double winter_precip_mm_h(const SynthMetOptions& o, double t_h, double lat, double lon) {
  const double dt = t_h - winter_front_arrival_h(o.winter, o.cen_lat, o.cen_lon, lat, lon) - 0.5;
  if (o.winter.snow_mm_h <= 0 || std::fabs(dt) > 3.0) return 0.0;  // below 0.2 % of the peak
  return o.winter.snow_mm_h * std::exp(-std::pow(dt / 1.2, 2));
}

void winter_record_fields(const SynthDomain& d, double t_h, const UtcTime& t, const RainAccumulation& acc,
                          RecordFields& r) {
  for (size_t c = 0; c < d.n2; ++c) {
    const WinterColumn col = winter_column(d, c, t_h);
    const double cmax = winter_profile(d, c, col, r);
    winter_surface(d, c, t_h, t, col, cmax, r);
    rain_fields(d, c, acc, r);
  }
  winter_face_winds(d, t_h, r);
}

}  // namespace lantian::meteo
