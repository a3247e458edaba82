#include "solver/transport/transport_config.hpp"

#include <cmath>

#include "solver/core/constants.hpp"

namespace lantian::transport {

using namespace config;

void declare_transport_keys(Schema& s) {
  s.add(key_bool("transport.horizontal_advection", true, "PPM advection along x and y"));
  s.add(key_bool("transport.vertical_advection", true, "PPM advection along z (mass-consistent)"));
  s.add(key_bool("transport.vertical_diffusion", true, "implicit vertical diffusion"));
  s.add(key_real("transport.kh_m2_s", 0.0, "m2 s-1", "horizontal eddy diffusivity (0: none)", 0, 1e6));
  s.add(key_real("transport.courant_max", 0.9, "1", "largest outflow fraction per advection sub-step", 0.05, 1.0));
  s.add(key_string("transport.top_boundary", "zero_gradient", "inflow through the model top",
                   {"zero_gradient", "profile"}));
}

AdvectionOptions advection_options(const CaseConfig& cfg) {
  AdvectionOptions adv;
  adv.courant_max = cfg.get_real("transport.courant_max");
  adv.horizontal = cfg.get_bool("transport.horizontal_advection");
  adv.vertical = cfg.get_bool("transport.vertical_advection");
  return adv;
}

BoundaryConditions inflow_boundaries(const CaseConfig& cfg, const state::SpeciesList& species,
                                     const grid::VerticalGrid& v, const std::vector<double>& background) {
  const auto& bnd = cfg.get_reals("species.boundary");
  const auto& ini = cfg.get_reals("species.initial");
  const double hscale = cfg.get_real("species.boundary_scale_height_m");
  BoundaryConditions bc;
  bc.top = cfg.get_string("transport.top_boundary") == "profile" ? TopBoundary::profile : TopBoundary::zero_gradient;
  bc.profile.assign(static_cast<size_t>(species.size()), std::vector<double>(static_cast<size_t>(v.nz), 0.0));
  for (int n = 0; n < species.size(); ++n) {
    const auto sn = static_cast<size_t>(n);
    double b0 = n < static_cast<int>(bnd.size()) ? bnd[sn] : n < static_cast<int>(ini.size()) ? ini[sn] : 0.0;
    if (background[sn] >= 0) b0 = background[sn];
    for (int k = 0; k < v.nz; ++k) {
      const double z = v.z_mid_m(k);
      const double value = hscale > 0 ? b0 * std::exp(-z / hscale) : b0;
      const double t = constants::std_atmosphere_t_k(z);
      const double rho = constants::k_std_p0_pa * std::pow(t / constants::k_std_t0_k, constants::k_std_exponent) /
                         (constants::k_rd_j_kg_k * t);
      bc.profile[sn][static_cast<size_t>(k)] = species[n].phase == state::Phase::gas ? value * 1e-9 : value / rho;
    }
  }
  return bc;
}

}  // namespace lantian::transport
