#pragma once
// Lateral and top boundary conditions of transport: inflow faces take a prescribed profile
// (a value per species and layer), outflow faces copy the edge cell (zero gradient).
#include <string>
#include <vector>

#include "solver/grid/field.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/process/column_budget.hpp"

namespace lantian::transport {

enum class TopBoundary { zero_gradient, profile };

struct BoundaryConditions {
  /// Inflow mixing ratio per species and layer, internal units: profile[n][k].
  std::vector<std::vector<double>> profile;
  TopBoundary top = TopBoundary::zero_gradient;
};

/// Mass that entered the domain through its boundaries, per species and per column of the
/// boundary cell (owned cells) [kg of air x mixing ratio] (process/column_budget.hpp).
using BoundaryBudget = process::ColumnBudget;

}  // namespace lantian::transport
