#pragma once
// The vertical coordinate: nz terrain-following layers. With analytic met the layer interfaces
// are given as heights above ground [m] in the case file; with WRF met they come from the
// meteorology (hybrid eta or sigma) and these heights are nominal (for output coordinates).
#include <string>
#include <vector>

namespace lantian::grid {

struct VerticalGrid {
  int nz = 0;
  /// Nominal interface heights above ground [m], nz+1 values, increasing, first = 0.
  std::vector<double> z_interfaces_m;

  /// Nominal height of the middle of layer k [m].
  double z_mid_m(int k) const {
    return 0.5 * (z_interfaces_m.at(static_cast<size_t>(k)) + z_interfaces_m.at(static_cast<size_t>(k) + 1));
  }
  double dz_m(int k) const {
    return z_interfaces_m.at(static_cast<size_t>(k) + 1) - z_interfaces_m.at(static_cast<size_t>(k));
  }
};

/// Builds the grid from interface heights; throws (naming `what`) unless they start at 0 and
/// increase strictly.
VerticalGrid make_vertical_grid(const std::vector<double>& z_interfaces_m, const std::string& what);

}  // namespace lantian::grid
