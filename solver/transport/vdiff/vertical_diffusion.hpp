#pragma once
// Vertical turbulent diffusion, backward Euler (unconditionally stable), in flux form weighted
// by air mass so that column mass is conserved to round-off: for each column,
//   M_k (c_k' - c_k) / dt = D_{k+1} (c_{k+1}' - c_k') - D_k (c_k' - c_{k-1}'),
// M_k = rho_k dz_k [kg m-2], D_k = rho K_k / dz at interface k [kg m-2 s-1].
// No diffusive flux through the ground or the model top (surface fluxes are emissions and
// deposition). The spread of a Gaussian grows its variance by exactly 2 K dt per step on a
// uniform grid (the discrete second moment obeys the same law), which the tests check.
#include "solver/parallel/decomposition.hpp"
#include "solver/process/process.hpp"

namespace lantian::transport {

class VerticalDiffusion final : public process::Process {
 public:
  explicit VerticalDiffusion(const parallel::Decomposition& d) : d_(d) {}
  std::string name() const override { return "vertical diffusion"; }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override;

 private:
  const parallel::Decomposition& d_;
};

}  // namespace lantian::transport
