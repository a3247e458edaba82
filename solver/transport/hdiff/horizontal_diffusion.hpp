#pragma once
// Horizontal diffusion with a constant eddy diffusivity K_h [m2 s-1], explicit, in flux form
// weighted by air mass (conservative), sub-stepped for stability
// (K_h dt (1/dx^2 + 1/dy^2) <= 0.4 on the smallest cell). No flux through lateral boundaries.
#include "solver/parallel/halo_exchange.hpp"
#include "solver/process/process.hpp"
#include "solver/transport/metrics.hpp"

namespace lantian::transport {

class HorizontalDiffusion final : public process::Process {
 public:
  HorizontalDiffusion(const parallel::Decomposition& d, const LocalMetrics& metrics, double kh_m2_s)
      : d_(d), metrics_(metrics), kh_m2_s_(kh_m2_s), halo_(d) {}
  std::string name() const override { return "horizontal diffusion"; }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override;

 private:
  const parallel::Decomposition& d_;
  const LocalMetrics& metrics_;
  double kh_m2_s_;
  parallel::HaloExchanger halo_;
  grid::Field3Dd cx_, cy_, dtm_;  ///< face conductances [kg s-1], dt / air mass [s kg-1]
};

}  // namespace lantian::transport
