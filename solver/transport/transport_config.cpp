#include "solver/transport/transport_config.hpp"

#include "solver/transport/boundary/profile_boundary.hpp"

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
  s.add(key_string("boundary.source", "profile",
                   "where the lateral and top inflow comes from: fixed profiles from the species keys "
                   "(species.boundary, species.boundary_scale_height_m)",
                   {"profile"}));
}

AdvectionOptions advection_options(const CaseConfig& cfg) {
  AdvectionOptions adv;
  adv.courant_max = cfg.get_real("transport.courant_max");
  adv.horizontal = cfg.get_bool("transport.horizontal_advection");
  adv.vertical = cfg.get_bool("transport.vertical_advection");
  return adv;
}

std::unique_ptr<BoundaryProvider> make_boundary_provider(const BoundaryContext& c) {
  return std::make_unique<ProfileBoundary>(inflow_profiles(c.cfg, c.species, c.vgrid, c.background));
}

TopBoundary top_boundary(const CaseConfig& cfg) {
  return cfg.get_string("transport.top_boundary") == "profile" ? TopBoundary::profile : TopBoundary::zero_gradient;
}

}  // namespace lantian::transport
