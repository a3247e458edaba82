#pragma once
// Vertical turbulent diffusion, backward Euler (unconditionally stable), in flux form weighted
// by air mass so that column mass is conserved to round-off: for each column,
//   M_k (c_k' - c_k) / dt = D_{k+1} (c_{k+1}' - c_k') - D_k (c_k' - c_{k-1}'),
// M_k = rho_k dz_k [kg m-2], D_k = rho K_k / dz at interface k [kg m-2 s-1].
// No diffusive flux through the ground or the model top (surface fluxes are emissions and
// deposition). The spread of a Gaussian grows its variance by exactly 2 K dt per step on a
// uniform grid (the discrete second moment obeys the same law), which the tests check.
// The rows of columns run in AVX2 where the processor has it (the same bits in every
// instruction set: no fused multiply-add).
#include "solver/parallel/decomposition.hpp"
#include "solver/process/process.hpp"
#include "solver/transport/isa.hpp"

namespace lantian::transport {

class VerticalDiffusion final : public process::Process {
 public:
  /// `isa_cap`: the widest instruction set the kernels may use (tests compare them). Default
  /// AVX2: the solves are bound by memory and divisions, and AVX-512 was 5-15 % slower than
  /// AVX2 on the development machine's EPYC (docs/performance.md).
  explicit VerticalDiffusion(const parallel::Decomposition& d, Isa isa_cap = Isa::avx2)
      : d_(d), isa_(usable_isa(isa_cap)) {}
  std::string name() const override { return "vertical diffusion"; }
  bool same_linear_change_for_all() const override { return true; }
  /// The instruction set the kernels run in.
  const char* isa() const noexcept { return isa_name(isa_); }
  std::string kernels() const override { return isa(); }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override;

 private:
  const parallel::Decomposition& d_;
  Isa isa_;
};

}  // namespace lantian::transport
