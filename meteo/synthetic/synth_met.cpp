// The summer case of synthetic Yantai meteorology (sea breeze, diurnal PBL, a rain band) and
// the loop that writes the records of any episode.
#include "meteo/synthetic/synth_met.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "meteo/derived/solar.hpp"
#include "meteo/synthetic/synth_episode.hpp"
#include "meteo/synthetic/synth_wrf.hpp"
#include "solver/core/constants.hpp"
#include "solver/core/error.hpp"

namespace lantian::meteo {

namespace {

using namespace synth;
using constants::k_gravity_m_s2;
using constants::k_pi;
using constants::k_rd_j_kg_k;

/// The summer rain band [mm h-1]: a band moving west to east across the domain.
double rain_rate(const SynthMetOptions& o, double t_h, double lat, double lon) {
  if (t_h < o.rain_start_h || t_h > o.rain_start_h + o.rain_hours) return 0.0;
  const double f = (t_h - o.rain_start_h) / std::max(o.rain_hours, 1e-6);
  const double lon_c = 119.3 + 3.2 * f;  // a band moving west to east
  const double env = std::sin(k_pi * f);
  return o.rain_mm_h * env * std::exp(-std::pow((lon - lon_c) / 0.35, 2)) * std::exp(-std::pow((lat - 37.4) / 1.2, 2));
}

/// Wind at point `c` of `f`, height z [m] above ground, at `utc_h` [h of the UTC day]: a
/// synoptic westerly increasing with height plus a daytime sea breeze along the onshore
/// direction; earth-relative, returned grid-relative in (ug, vg) [m s-1].
void synth_wind(const FacePts& f, size_t c, double z, double utc_h, double& ug, double& vg) {
  const double lh = local_hour(utc_h, f.lon[c]);
  const double sb = (lh > 9 && lh < 18) ? 4.0 * std::sin(k_pi * (lh - 9) / 9) : 0.0;
  const double prof = std::exp(-z / 500.0) - 0.3 * std::exp(-std::pow((z - 1500.0) / 500.0, 2));
  const double ue =
      (4.0 + 6.0 * std::min(z, 10000.0) / 10000.0) * std::min(1.0, 0.4 + z / 300.0) + sb * prof * f.on_e[c];
  const double ve = 1.5 * std::min(1.0, 0.4 + z / 300.0) + sb * prof * f.on_n[c];
  const double a = f.rot[c];
  ug = ue * std::cos(a) + ve * std::sin(a);
  vg = -ue * std::sin(a) + ve * std::cos(a);
}

/// What drives a column at one time: land or sea, local solar hour [h], cloud fraction of the
/// rain band [1] and the daytime heating factor [1].
struct ColumnForcing {
  bool land;
  double lh, cfr, day;
};

ColumnForcing column_forcing(const SynthDomain& d, size_t c, double t_h, double utc_h) {
  ColumnForcing cf;
  cf.land = d.st.land[c] > 0.5;
  cf.lh = local_hour(utc_h, d.st.lon[c]);
  const double rr = rain_rate(d.o, t_h, d.st.lat[c], d.st.lon[c]);
  cf.cfr = std::min(1.0, rr / 1.0);
  cf.day = std::max(0.0, std::sin(2 * k_pi * (cf.lh - 9.0) / 24.0));
  return cf;
}

/// The hydrostatic column at mass point `c`: pressure, temperature, humidity, clouds and
/// geopotential on every level, surface pressure, T2 and Q2. Returns the column's maximum
/// cloud fraction [1].
double column_profile(const SynthDomain& d, size_t c, const ColumnForcing& fc, RecordFields& r) {
  const double hgt = d.st.hgt[c];
  const double tsfc =
      299.0 - 0.0065 * hgt + (fc.land ? 4.0 * std::sin(2 * k_pi * (fc.lh - 9.0) / 24.0) : 0.5) - 2.0 * fc.cfr;
  const double ps = 101300.0 * std::exp(-hgt / 8400.0) - 200.0 * fc.cfr;
  const double psb = 100000.0 * std::exp(-hgt / 8000.0);
  double phi = k_gravity_m_s2 * hgt;
  const double phib0 = phi;
  r.PH[c] = 0.0f;
  r.PHB[c] = static_cast<float>(phib0);
  double cmax = 0;
  for (int k = 0; k < d.nz; ++k) {
    const double p = k_ptop_pa + d.eta.u[k] * (ps - k_ptop_pa);
    const double pb = k_ptop_pa + d.eta.u[k] * (psb - k_ptop_pa);
    const double tk = std::max(216.65, tsfc * std::pow(p / ps, k_rd_j_kg_k * 0.0065 / k_gravity_m_s2));
    const double z = -7400.0 * std::log(p / ps);
    const double es = 611.2 * std::exp(17.67 * (tk - 273.15) / (tk - 29.65));
    const double qs = 0.622 * es / std::max(p - es, 1.0);
    const bool in_cloud = fc.cfr > 0.05 && z > 1000.0 && z < 6000.0;
    const double rh = in_cloud ? 0.97 : 0.2 + 0.5 * std::exp(-z / 3000.0) + 0.1 * fc.cfr;
    const double qv = std::min(rh * qs, 0.03);
    const double cf = in_cloud ? fc.cfr : 0.0;
    cmax = std::max(cmax, cf);
    put_mass_level(d, c, k, ps, {p, pb, tk, qv, cf}, phib0, phi, r);
    if (k == 0) {
      r.T2[c] = static_cast<float>(tk + (fc.land ? 0.6 * fc.day : 0.0));
      r.Q2[c] = static_cast<float>(qv);
    }
  }
  r.PSFC[c] = static_cast<float>(ps);
  return cmax;
}

/// Boundary layer and surface at mass point `c`: PBLH, HFX, ZNT, 10 m wind, UST and SWDOWN
/// (clear-sky from the solar zenith angle at `t`, dimmed by the column's cloud `cmax`).
void surface_layer(const SynthDomain& d, size_t c, const ColumnForcing& fc, double cmax, double utc_h, const UtcTime& t,
                   RecordFields& r) {
  const bool l = fc.land;
  const double lh = fc.lh;
  const double sun = std::max(0.0, std::sin(k_pi * (lh - 7.0) / 12.0));
  r.PBLH[c] = static_cast<float>(l ? 200.0 + 1300.0 * std::pow(lh > 7 && lh < 19 ? sun : 0.0, 1.2) : 350.0);
  const double daylight = (lh > 6 && lh < 19) ? std::sin(k_pi * (lh - 6.0) / 13.0) : 0.0;
  r.HFX[c] = static_cast<float>(l ? (daylight > 0 ? 280.0 * daylight * (1.0 - 0.7 * cmax) : -25.0) : 15.0);
  r.ZNT[c] = static_cast<float>(l ? (d.st.lu[c] == k_lu_urban ? 1.0 : 0.15) : 2e-4);
  double u1 = 0, v1 = 0;
  synth_wind(d.fm, c, d.eta.zref_u[0], utc_h, u1, v1);
  r.U10[c] = static_cast<float>(0.8 * u1);
  r.V10[c] = static_cast<float>(0.8 * v1);
  r.UST[c] = static_cast<float>(l ? 0.2 + 0.25 * daylight : 0.15 + 0.02 * std::hypot(u1, v1));
  const double cz = cos_solar_zenith(t, 0.0, d.st.lat[c], d.st.lon[c]);
  r.SW[c] = static_cast<float>(1050.0 * std::max(0.0, cz) * (1.0 - 0.75 * cmax));
}

/// Grid-relative U on the x-faces and V on the y-faces, on every mass level, at `utc_h`.
void face_winds(const SynthDomain& d, double utc_h, RecordFields& r) {
  const size_t nu = static_cast<size_t>(d.nx + 1) * d.ny, nv = static_cast<size_t>(d.nx) * (d.ny + 1);
  for (int k = 0; k < d.nz; ++k) {
    const double z = d.eta.zref_u[k];
    for (size_t c = 0; c < nu; ++c) {
      double ug = 0, vg = 0;
      synth_wind(d.fu, c, z, utc_h, ug, vg);
      r.U[static_cast<size_t>(k) * nu + c] = static_cast<float>(ug);
    }
    for (size_t c = 0; c < nv; ++c) {
      double ug = 0, vg = 0;
      synth_wind(d.fv, c, z, utc_h, ug, vg);
      r.V[static_cast<size_t>(k) * nv + c] = static_cast<float>(vg);
    }
  }
}

/// The fields of the record `t_h` hours after the start (time `t`), with the rain accumulated
/// up to it.
void record_fields(const SynthDomain& d, double t_h, const UtcTime& t, const RainAccumulation& acc, RecordFields& r) {
  const double utc_h = std::fmod(t.hour_of_day(), 24.0);
  // The wind's clock: the start's hour of the day plus t_h.
  const double wind_utc_h = std::fmod(d.o.start.hour_of_day() + t_h, 24.0);
  for (size_t c = 0; c < d.n2; ++c) {
    const ColumnForcing fc = column_forcing(d, c, t_h, utc_h);
    const double cmax = column_profile(d, c, fc, r);
    surface_layer(d, c, fc, cmax, wind_utc_h, t, r);
    rain_fields(d, c, acc, r);
  }
  face_winds(d, wind_utc_h, r);
}

}  // namespace

std::vector<std::string> write_synthetic_wrf(const SynthMetOptions& o) {
  if (o.nx < 4 || o.ny < 4 || o.nz < 3) throw Error("synth-met: need nx, ny >= 4 and nz >= 3");
  if (!(o.dx_m > 0)) throw Error("synth-met: dx must be positive");
  if (o.hours < 0) throw Error("synth-met: hours must be >= 0");
  const bool winter = o.episode == k_episode_winter;
  if (!winter && o.episode != k_episode_summer)
    throw Error("synth-met: unknown episode '" + o.episode + "' (" + k_episode_summer + " or " + k_episode_winter +
                ")");
  if (winter) check_winter_options(o.winter);
  std::filesystem::create_directories(o.out_dir);
  const netCDF::NcFile::FileFormat fmt = file_format(o.format);
  const std::vector<SynthDomain> domains = make_domains(o);
  std::vector<std::string> patterns{o.name_pattern};
  for (size_t k = 1; k < domains.size(); ++k)
    patterns.push_back(nest_name_pattern(o.name_pattern, domains[k].place.grid_id));
  std::vector<std::string> paths;
  for (size_t k = 0; k < domains.size(); ++k) {
    const SynthDomain& d = domains[k];
    RainAccumulation acc{std::vector<double>(d.n2, 0.0), std::vector<double>(d.n2, 0.0), 0.0};
    for (int h = 0; h <= o.hours; ++h) {
      const UtcTime t(o.start.seconds() + std::chrono::hours{h});
      const double t_h = h;
      RecordFields r(d.nx, d.ny, d.nz);
      if (winter) {
        accumulate_precip(d, t_h, winter_precip_mm_h, 0.0, 1.0, acc);  // snow: grid-scale only
        winter_record_fields(d, t_h, t, acc, r);
      } else {
        accumulate_precip(d, t_h, rain_rate, 0.3, 0.7, acc);
        record_fields(d, t_h, t, acc, r);
      }
      const std::string path = (std::filesystem::path(o.out_dir) / file_name(patterns[k], t)).string();
      write_record_file(path, fmt, d, t, r);
      paths.push_back(path);
    }
  }
  return paths;
}

}  // namespace lantian::meteo
