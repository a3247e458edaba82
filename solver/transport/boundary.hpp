#pragma once
// Lateral and top boundary conditions of transport: inflow faces take a prescribed profile
// (a value per species and layer), outflow faces copy the edge cell (zero gradient).
#include <string>
#include <vector>

#include "solver/grid/field.hpp"
#include "solver/parallel/decomposition.hpp"

namespace lantian::transport {

enum class TopBoundary { zero_gradient, profile };

struct BoundaryConditions {
  /// Inflow mixing ratio per species and layer, internal units: profile[n][k].
  std::vector<std::vector<double>> profile;
  TopBoundary top = TopBoundary::zero_gradient;
};

/// Mass that entered the domain through its boundaries, per species and per column of the
/// boundary cell (owned cells), in [kg of air x mixing ratio]: for gases divide by the molar
/// mass of air for moles; for aerosols [kg x ug kg-1] = ug. Summed in global order when reported.
class BoundaryBudget {
 public:
  void allocate(int nspecies, int nx, int ny) {
    in_.assign(static_cast<size_t>(nspecies), std::vector<double>(static_cast<size_t>(nx) * ny, 0.0));
    nx_ = nx;
  }
  void add(int n, int i, int j, double amount) noexcept { in_[static_cast<size_t>(n)][static_cast<size_t>(i + nx_ * j)] += amount; }
  const std::vector<double>& per_column(int n) const { return in_.at(static_cast<size_t>(n)); }
  std::vector<std::vector<double>>& data() noexcept { return in_; }

 private:
  std::vector<std::vector<double>> in_;
  int nx_ = 0;
};

}  // namespace lantian::transport
