#pragma once
// Horizontal diffusion with a constant eddy diffusivity K_h [m2 s-1], explicit, in flux form
// weighted by air mass (conservative), sub-stepped for stability
// (K_h dt (1/dx^2 + 1/dy^2) <= 0.4 on the smallest cell). No flux through lateral boundaries.
// The rows run through hdiff_kernel.hpp, in AVX2 where the processor has it (the same bits in
// every instruction set: no fused multiply-add).
#include "solver/parallel/halo_exchange.hpp"
#include "solver/process/process.hpp"
#include "solver/transport/isa.hpp"
#include "solver/transport/metrics.hpp"

namespace lantian::transport {

class HorizontalDiffusion final : public process::Process {
 public:
  /// Collective over d.comm (the smallest centre distance of the whole domain). `isa_cap`: the
  /// widest instruction set the kernels may use (tests compare them). Default AVX2: the update
  /// is bound by memory, and AVX-512 was no faster on the development machine's EPYC
  /// (docs/performance.md).
  HorizontalDiffusion(const parallel::Decomposition& d, const LocalMetrics& metrics, double kh_m2_s,
                      Isa isa_cap = Isa::avx2);
  std::string name() const override { return "horizontal diffusion"; }
  bool same_linear_change_for_all() const override { return true; }
  /// The instruction set the kernels run in.
  const char* isa() const noexcept { return isa_name(isa_); }
  std::string kernels() const override { return isa(); }
  /// Sub-steps of a step of dt_s [s].
  int substeps(double dt_s) const noexcept;

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override;

 private:
  void conductances(const meteo::MetFields& mm, double dt_s);

  const parallel::Decomposition& d_;
  const LocalMetrics& metrics_;
  double kh_m2_s_;
  double dt_max_s_ = 0.0;  ///< stable sub-step [s] (0.2 dmin^2 / K_h, dmin over the whole domain)
  Isa isa_;
  parallel::HaloExchanger halo_;
  grid::Field3Dd cx_, cy_, dtm_;  ///< face conductances [kg s-1], dt / air mass [s kg-1]
};

}  // namespace lantian::transport
