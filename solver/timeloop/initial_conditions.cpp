#include "solver/timeloop/initial_conditions.hpp"

#include <cmath>

namespace lantian::timeloop {

double initial_shape_value(const InitialOptions& o, double i, double j, double z_m) {
  const double dx = i - o.center_i, dy = j - o.center_j;
  const double r = std::sqrt(dx * dx + dy * dy);
  switch (o.shape) {
    case InitialShape::uniform: return o.background;
    case InitialShape::cone: return o.background + (o.peak - o.background) * std::max(0.0, 1.0 - r / o.radius_cells);
    case InitialShape::slotted_cylinder: {
      // Zalesak: a disc with a slot of width R/3 cut from its bottom edge up to 2R/3 above
      // the centre (radius 15, slot 5 x 25 on his 100 x 100 grid).
      const bool in_disc = r <= o.radius_cells;
      const bool in_slot = std::fabs(dx) <= o.radius_cells / 6.0 && dy <= 2.0 * o.radius_cells / 3.0;
      return (in_disc && !in_slot) ? o.peak : o.background;
    }
    case InitialShape::gaussian: {
      const double dz = z_m - o.center_z_m;
      return o.background + o.peak * std::exp(-0.5 * r * r / (o.sigma_cells * o.sigma_cells) -
                                              0.5 * dz * dz / (o.sigma_z_m * o.sigma_z_m));
    }
  }
  return o.background;
}

void set_initial_conditions(const InitialOptions& o, state::ChemState& st, const meteo::MetFields& met,
                            const parallel::Decomposition& d) {
  const auto& e = st.extents();
  for (int n = 0; n < st.nspecies(); ++n) {
    const bool gas = st.species()[n].phase == state::Phase::gas;
    bool shaped = false;
    for (int s : o.species) shaped = shaped || s == n;
    auto q = st.field(n).view();
    for (int k = 0; k < e.nz; ++k)
      for (int j = 0; j < e.ny; ++j)
        for (int i = 0; i < e.nx; ++i) {
          double v = o.uniform.empty() ? 0.0 : o.uniform[static_cast<size_t>(n)];
          if (shaped) v = initial_shape_value(o, d.i0 + i, d.j0 + j, met.zmid_m(i, j, k));
          // Output units -> internal: ppb -> mol mol-1; ug m-3 -> ug kg-1.
          q(i, j, k) = gas ? v * 1.0e-9 : v / met.rho_kg_m3(i, j, k);
        }
  }
}

void declare_initial_keys(config::Schema& s) {
  using namespace config;
  s.add(key_string("initial.shape", "uniform", "shape added to the initial state",
                   {"uniform", "cone", "slotted_cylinder", "gaussian"}));
  s.add(key_strings("initial.species", std::vector<std::string>{}, "species the shape applies to (default all)"));
  s.add(key_real("initial.center_i", 0.0, "cells", "shape centre, global x index"));
  s.add(key_real("initial.center_j", 0.0, "cells", "shape centre, global y index"));
  s.add(key_real("initial.radius_cells", 4.0, "cells", "cone base / cylinder radius", 0.0, {}));
  s.add(key_real("initial.peak", 100.0, "ppb or ug m-3", "shape maximum (above background for gaussian)"));
  s.add(key_real("initial.background", 0.0, "ppb or ug m-3", "value outside the shape", 0, {}));
  s.add(key_real("initial.sigma_cells", 1e30, "cells", "Gaussian horizontal standard deviation", 0, {}));
  s.add(key_real("initial.center_z_m", 0.0, "m", "Gaussian centre height", 0, {}));
  s.add(key_real("initial.sigma_z_m", 1e30, "m", "Gaussian vertical standard deviation", 0, {}));
  s.add(key_string("initial.from_checkpoint", "",
                   "warm start: the species of this checkpoint (another run's, valid at this case's start, same "
                   "grid, species and mechanism) replace the initial state; process state starts afresh"));
}

InitialOptions initial_options(const config::CaseConfig& cfg, const state::SpeciesList& species,
                               const std::vector<double>& background) {
  InitialOptions o;
  const std::string& shape = cfg.get_string("initial.shape");
  o.shape = shape == "cone"               ? InitialShape::cone
            : shape == "slotted_cylinder" ? InitialShape::slotted_cylinder
            : shape == "gaussian"         ? InitialShape::gaussian
                                          : InitialShape::uniform;
  for (const auto& name : cfg.get_strings("initial.species")) {
    const int n = species.find(name);
    if (n < 0) throw cfg.error_at("initial.species", "'" + name + "' is not one of species.names");
    o.species.push_back(n);
  }
  if (cfg.get_strings("initial.species").empty() && o.shape != InitialShape::uniform)
    for (int n = 0; n < species.size(); ++n) o.species.push_back(n);
  o.uniform = cfg.get_reals("species.initial");
  o.uniform.resize(static_cast<size_t>(species.size()), 0.0);
  for (int n = 0; n < species.size(); ++n)
    if (background[static_cast<size_t>(n)] >= 0) o.uniform[static_cast<size_t>(n)] = background[static_cast<size_t>(n)];
  o.center_i = cfg.get_real("initial.center_i");
  o.center_j = cfg.get_real("initial.center_j");
  o.radius_cells = cfg.get_real("initial.radius_cells");
  o.peak = cfg.get_real("initial.peak");
  o.background = cfg.get_real("initial.background");
  o.sigma_cells = cfg.get_real("initial.sigma_cells");
  o.center_z_m = cfg.get_real("initial.center_z_m");
  o.sigma_z_m = cfg.get_real("initial.sigma_z_m");
  return o;
}

}  // namespace lantian::timeloop
