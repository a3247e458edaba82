#pragma once
// Advection: the PPM line kernel (ppm_kernel.hpp) applied by directional splitting, x and y
// alternating in order from step to step (Strang), then z with the vertical air-mass flux
// diagnosed from continuity. Mass-consistent by construction: the air mass is advected with
// the tracers, and the vertical flux is chosen so that each column ends the step with the
// meteorology's air mass (so a uniform mixing ratio stays uniform, whatever the winds' errors).
// Sub-steps keep every cell's outflow fraction below `courant_max`. The lines run through the
// kernels of ppm_block_kernel.hpp (ppm_lines.hpp): x lines one at a time along the contiguous
// rows, y and z lines in blocks of up to 8 columns side by side; the results are those of
// ppm_advect_line bit for bit, on any decomposition, thread count and instruction set.
#include <vector>

#include "solver/parallel/halo_exchange.hpp"
#include "solver/process/process.hpp"
#include "solver/transport/boundary/boundary.hpp"
#include "solver/transport/metrics.hpp"

namespace lantian::transport {

struct PpmLineKernels;  // ppm_lines.hpp
struct PpmSweepFields;

struct AdvectionOptions {
  double courant_max = 0.9;  ///< largest outflow fraction of a cell per sub-step [1]
  bool horizontal = true;
  bool vertical = true;
  /// Run the kernels in the widest vector instruction set the processor has, AVX2 or AVX-512
  /// (no fused multiply-add, so the same bits as the baseline instruction set) [-]
  bool simd = true;
  /// With `simd`: AVX-512 allowed; false stops at AVX2 (for tests and comparisons) [-]
  bool avx512 = true;
};

class PpmAdvection final : public process::Process {
 public:
  PpmAdvection(const parallel::Decomposition& d, const LocalMetrics& metrics, const BoundaryConditions& bc,
               BoundaryBudget& budget, AdvectionOptions opt);
  std::string name() const override { return "advection"; }

  /// Sub-steps taken in the last step, per direction (x, y, z), for diagnostics.
  const int* last_substeps() const noexcept { return substeps_; }
  /// The instruction set the kernels run in ("baseline", "avx2" or "avx512").
  const char* isa() const noexcept;
  std::string kernels() const override { return isa(); }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override;

 private:
  void air_mass(const meteo::MetFields& met, grid::Field3Dd& m) const;
  void sweep_x(state::ChemState& st, const meteo::MetFields& mid, double dt_s);
  void sweep_y(state::ChemState& st, const meteo::MetFields& mid, double dt_s);
  void sweep_z(state::ChemState& st, const meteo::MetFields& end);
  /// Ghost cells of x row (j, k) at the domain's west and east edges, every advected species and
  /// the air mass: the inflow values where air enters, else the edge cell's (zero gradient).
  void fill_x_boundary(const PpmSweepFields& f, int j, int k);
  /// Ghost cells of columns i_begin..i_end-1 of layer k at the domain's south and north edges.
  void fill_y_boundary(const PpmSweepFields& f, int i_begin, int i_end, int k);
  int global_substeps(double local_max_fraction) const;
  std::vector<grid::View3D<double>> exchange_set(state::ChemState& st);
  PpmSweepFields sweep_fields(state::ChemState& st, const grid::Field3Dd& flux);

  const parallel::Decomposition& d_;
  const LocalMetrics& metrics_;
  const BoundaryConditions& bc_;
  BoundaryBudget& budget_;
  AdvectionOptions opt_;
  parallel::HaloExchanger halo_;
  grid::Field3Dd m_;      ///< air mass being advected [kg], cells with halos
  grid::Field3Dd m_end_;  ///< the meteorology's air mass at the step's end [kg]
  grid::Field3Dd fx_;     ///< air mass through x faces in one sub-step [kg]
  grid::Field3Dd fy_;
  /// Tracer flux through the south and north domain faces in one y sub-step, per species,
  /// layer and column [mixing ratio x kg], summed into the budget in layer order.
  std::vector<double> y_lo_, y_hi_;
  std::vector<double*> q_;         ///< each advected species' data, for the sweep being run
  const PpmLineKernels* kernels_;  ///< the line functions in the chosen instruction set
  int substeps_[3] = {0, 0, 0};
};

}  // namespace lantian::transport
