#include "solver/transport/boundary/profile_boundary.hpp"

#include <cmath>

#include "solver/core/constants.hpp"

namespace lantian::transport {

std::vector<std::vector<double>> inflow_profiles(const config::CaseConfig& cfg, const state::SpeciesList& species,
                                                 const grid::VerticalGrid& v, const std::vector<double>& background) {
  const auto& bnd = cfg.get_reals("species.boundary");
  const auto& ini = cfg.get_reals("species.initial");
  const double hscale = cfg.get_real("species.boundary_scale_height_m");
  std::vector<std::vector<double>> profile(static_cast<size_t>(species.size()),
                                           std::vector<double>(static_cast<size_t>(v.nz), 0.0));
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
      profile[sn][static_cast<size_t>(k)] = species[n].phase == state::Phase::gas ? value * 1e-9 : value / rho;
    }
  }
  return profile;
}

void ProfileBoundary::fill(double /*time_s*/, const meteo::MetFields& /*met*/, BoundaryConditions& bc) {
  for (int n = 0; n < bc.nspecies() && n < static_cast<int>(profile_.size()); ++n)
    bc.set_profile(n, profile_[static_cast<size_t>(n)]);
}

}  // namespace lantian::transport
