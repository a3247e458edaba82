#include "solver/transport/boundary/boundary.hpp"

#include <algorithm>

#include "solver/core/error.hpp"

namespace lantian::transport {

BoundaryConditions::BoundaryConditions(int nspecies, int nx, int ny, int nz)
    : ns_(nspecies), nx_(nx), ny_(ny), nz_(nz) {
  const auto ns = static_cast<size_t>(nspecies), z = static_cast<size_t>(nz);
  west_.assign(ns * z * static_cast<size_t>(ny), 0.0);
  east_.assign(west_.size(), 0.0);
  south_.assign(ns * z * static_cast<size_t>(nx), 0.0);
  north_.assign(south_.size(), 0.0);
  top_.assign(ns * static_cast<size_t>(ny) * static_cast<size_t>(nx), 0.0);
}

void BoundaryConditions::set_profile(int n, const std::vector<double>& profile) {
  LANTIAN_ALWAYS_ASSERT(static_cast<int>(profile.size()) == nz_, "boundary profile: one value per layer");
  for (int k = 0; k < nz_; ++k) {
    const double v = profile[static_cast<size_t>(k)];
    for (int j = 0; j < ny_; ++j) west(n, j, k) = east(n, j, k) = v;
    for (int i = 0; i < nx_; ++i) south(n, i, k) = north(n, i, k) = v;
  }
  const double v_top = profile[static_cast<size_t>(nz_) - 1];
  for (int j = 0; j < ny_; ++j)
    for (int i = 0; i < nx_; ++i) top(n, i, j) = v_top;
}

void BoundaryConditions::set_weighted_sum(int to, const std::vector<int>& from, const std::vector<double>& weights) {
  LANTIAN_ALWAYS_ASSERT(from.size() == weights.size(), "boundary sum: one weight per species");
  LANTIAN_ALWAYS_ASSERT(std::find(from.begin(), from.end(), to) == from.end(), "boundary sum: target among sources");
  set_zero(to);
  for (size_t m = 0; m < from.size(); ++m) {
    const double w = weights[m];
    const int n = from[m];
    for (int k = 0; k < nz_; ++k) {
      for (int j = 0; j < ny_; ++j) {
        west(to, j, k) += w * west(n, j, k);
        east(to, j, k) += w * east(n, j, k);
      }
      for (int i = 0; i < nx_; ++i) {
        south(to, i, k) += w * south(n, i, k);
        north(to, i, k) += w * north(n, i, k);
      }
    }
    for (int j = 0; j < ny_; ++j)
      for (int i = 0; i < nx_; ++i) top(to, i, j) += w * top(n, i, j);
  }
}

void BoundaryConditions::set_zero(int n) {
  for (int k = 0; k < nz_; ++k) {
    for (int j = 0; j < ny_; ++j) west(n, j, k) = east(n, j, k) = 0.0;
    for (int i = 0; i < nx_; ++i) south(n, i, k) = north(n, i, k) = 0.0;
  }
  for (int j = 0; j < ny_; ++j)
    for (int i = 0; i < nx_; ++i) top(n, i, j) = 0.0;
}

}  // namespace lantian::transport
