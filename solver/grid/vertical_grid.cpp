#include "solver/grid/vertical_grid.hpp"

#include "solver/core/error.hpp"

namespace lantian::grid {

VerticalGrid make_vertical_grid(const std::vector<double>& z, const std::string& what) {
  if (z.size() < 2) throw Error(what + ": need at least 2 layer interfaces, got " + std::to_string(z.size()));
  if (z.front() != 0.0) throw Error(what + ": the first layer interface must be 0 m (the ground)");
  for (size_t k = 1; k < z.size(); ++k)
    if (!(z[k] > z[k - 1]))
      throw Error(what + ": layer interfaces must increase strictly (interface " + std::to_string(k + 1) +
                  " is not above interface " + std::to_string(k) + ")");
  VerticalGrid v;
  v.nz = static_cast<int>(z.size()) - 1;
  v.z_interfaces_m = z;
  return v;
}

}  // namespace lantian::grid
