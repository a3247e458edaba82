#include "solver/timeloop/tracer_release.hpp"

#include <cmath>

#include "solver/core/constants.hpp"

namespace lantian::timeloop {

TracerRelease::TracerRelease(const ReleaseOptions& opt, const grid::HorizontalGrid& g, const parallel::Decomposition& d,
                             const transport::LocalMetrics& metrics, transport::BoundaryBudget& sources)
    : opt_(opt), d_(d), metrics_(metrics), sources_(sources) {
  const auto xy = g.proj.forward({opt.lat_deg, opt.lon_deg});
  gi_ = static_cast<int>(std::lround((xy.x - g.x0) / g.dx));
  gj_ = static_cast<int>(std::lround((xy.y - g.y0) / g.dy));
  if (opt.cell_i >= 0 && opt.cell_j >= 0) {
    gi_ = opt.cell_i;
    gj_ = opt.cell_j;
  }
  if (gi_ < 0 || gi_ >= g.nx || gj_ < 0 || gj_ >= g.ny)
    throw Error("release at " + std::to_string(opt.lat_deg) + " N, " + std::to_string(opt.lon_deg) +
                " E lies outside the model domain (cell " + std::to_string(gi_) + ", " + std::to_string(gj_) + ")");
}

void TracerRelease::advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) {
  const int i = gi_ - d_.i0, j = gj_ - d_.j0;
  if (i < 0 || i >= d_.nx || j < 0 || j >= d_.ny) return;  // another rank's cell
  // Fraction of the step inside the release window.
  const double t0 = st.time_s, t1 = st.time_s + dt_s;
  const double active = std::max(0.0, std::min(t1, opt_.end_s) - std::max(t0, opt_.start_s));
  if (active <= 0.0) return;
  // The air mass at the step's start: the mass the transport then carries (so the budget of
  // released mass closes exactly when the density changes in time).
  const meteo::MetFields& m = met.start;
  int k = 0;
  double ztop = m.dz_m(i, j, 0);
  while (k + 1 < st.extents().nz && ztop <= opt_.height_m) ztop += m.dz_m(i, j, ++k);
  const double air_kg = m.rho_kg_m3(i, j, k) * m.dz_m(i, j, k) * metrics_.area_m2(i, j, 0);
  const auto& s = st.species()[opt_.species];
  const double grams = opt_.rate_g_s * active;
  double dq;
  if (s.phase == state::Phase::aerosol) {
    dq = grams * 1.0e6 / air_kg;  // [ug kg-1]
  } else {
    // [mol mol-1]: moles released over moles of air.
    dq = (grams / s.molar_mass_g_mol) / (air_kg / constants::k_m_air_kg_mol);
  }
  st.field(opt_.species)(i, j, k) += dq;
  sources_.add(opt_.species, i, j, dq * air_kg);
}

void declare_release_keys(config::Schema& s) {
  using namespace config;
  s.add(key_bool("release.enabled", false, "a continuous point release"));
  s.add(key_string("release.species", "TRACER", "species released"));
  s.add(key_real("release.lon", 121.40, "degree_east", "release longitude (default: Zhifu, Yantai)"));
  s.add(key_real("release.lat", 37.54, "degree_north", "release latitude"));
  s.add(key_int("release.cell_i", -1, "cells", "release cell, global x index (-1: use lon/lat)", -1, {}));
  s.add(key_int("release.cell_j", -1, "cells", "release cell, global y index (-1: use lon/lat)", -1, {}));
  s.add(key_real("release.height_m", 10.0, "m", "release height above ground", 0, 1e5));
  s.add(key_real("release.rate_g_s", 1000.0, "g s-1", "release rate", 0, {}));
  s.add(key_real("release.start_h", 0.0, "h", "release start, hours after the case start", 0, {}));
  s.add(key_real("release.end_h", 1e9, "h", "release end, hours after the case start", 0, {}));
}

ReleaseOptions release_options(const config::CaseConfig& cfg, const state::SpeciesList& species) {
  ReleaseOptions r;
  r.species = species.find(cfg.get_string("release.species"));
  if (r.species < 0) throw cfg.error_at("release.species", "not one of species.names");
  if (!species[r.species].transported)
    throw cfg.error_at("release.species",
                       "the model does not transport this species (transport=no, chemistry.not_transported)");
  r.lon_deg = cfg.get_real("release.lon");
  r.lat_deg = cfg.get_real("release.lat");
  r.cell_i = static_cast<int>(cfg.get_int("release.cell_i"));
  r.cell_j = static_cast<int>(cfg.get_int("release.cell_j"));
  r.height_m = cfg.get_real("release.height_m");
  r.rate_g_s = cfg.get_real("release.rate_g_s");
  r.start_s = cfg.get_real("release.start_h") * 3600.0;
  r.end_s = cfg.get_real("release.end_h") * 3600.0;
  return r;
}

}  // namespace lantian::timeloop
