#pragma once
// Lateral and top boundary conditions of transport. Inflow faces take the values that a
// BoundaryProvider sets for the step (a fixed profile, a global model's fields, a parent
// domain); outflow faces copy the edge cell (zero gradient).
#include <memory>
#include <string>
#include <vector>

#include "meteo/met_fields.hpp"
#include "solver/process/column_budget.hpp"

namespace lantian::transport {

enum class TopBoundary { zero_gradient, profile };

/// The inflow values of one step on this rank's block of the domain edges, per species, in
/// internal units (mol mol-1 for gases, ug kg-1 for aerosols). A lateral value applies to the
/// ghost cells across that face of the owned cell (row j or column i, layer k); the top value
/// to the air entering layer nz-1 from above (used with TopBoundary::profile). Every rank holds
/// all four faces of its block; only the ranks at the domain's edges read them.
class BoundaryConditions {
 public:
  BoundaryConditions() = default;
  /// Zero inflow everywhere for `nspecies` species on an nx x ny x nz block.
  BoundaryConditions(int nspecies, int nx, int ny, int nz);

  int nspecies() const noexcept { return ns_; }
  int nx() const noexcept { return nx_; }
  int ny() const noexcept { return ny_; }
  int nz() const noexcept { return nz_; }

  double west(int n, int j, int k) const noexcept { return west_[lat_y(n, j, k)]; }
  double east(int n, int j, int k) const noexcept { return east_[lat_y(n, j, k)]; }
  double south(int n, int i, int k) const noexcept { return south_[lat_x(n, i, k)]; }
  double north(int n, int i, int k) const noexcept { return north_[lat_x(n, i, k)]; }
  double top(int n, int i, int j) const noexcept { return top_[lat_top(n, i, j)]; }
  double& west(int n, int j, int k) noexcept { return west_[lat_y(n, j, k)]; }
  double& east(int n, int j, int k) noexcept { return east_[lat_y(n, j, k)]; }
  double& south(int n, int i, int k) noexcept { return south_[lat_x(n, i, k)]; }
  double& north(int n, int i, int k) noexcept { return north_[lat_x(n, i, k)]; }
  double& top(int n, int i, int j) noexcept { return top_[lat_top(n, i, j)]; }

  /// Species n takes profile[k] on every lateral face and profile[nz-1] at the top.
  void set_profile(int n, const std::vector<double>& profile);
  /// Species `to` takes sum_m weights[m] x species from[m] on every face (attribution's
  /// family totals); `to` may not be among `from`.
  void set_weighted_sum(int to, const std::vector<int>& from, const std::vector<double>& weights);
  /// Species n takes zero inflow on every face.
  void set_zero(int n);

  TopBoundary top_kind = TopBoundary::zero_gradient;

 private:
  size_t lat_y(int n, int j, int k) const noexcept {
    return (static_cast<size_t>(n) * static_cast<size_t>(nz_) + static_cast<size_t>(k)) * static_cast<size_t>(ny_) +
           static_cast<size_t>(j);
  }
  size_t lat_x(int n, int i, int k) const noexcept {
    return (static_cast<size_t>(n) * static_cast<size_t>(nz_) + static_cast<size_t>(k)) * static_cast<size_t>(nx_) +
           static_cast<size_t>(i);
  }
  size_t lat_top(int n, int i, int j) const noexcept {
    return (static_cast<size_t>(n) * static_cast<size_t>(ny_) + static_cast<size_t>(j)) * static_cast<size_t>(nx_) +
           static_cast<size_t>(i);
  }
  int ns_ = 0, nx_ = 0, ny_ = 0, nz_ = 0;
  std::vector<double> west_, east_, south_, north_, top_;
};

/// Where the inflow values come from: a fixed profile (profile_boundary.hpp), a global model's
/// CF file, a parent domain. The model asks for the values of each step before its processes
/// run.
class BoundaryProvider {
 public:
  virtual ~BoundaryProvider() = default;
  /// Sets the inflow valid at `time_s` [s since the case's start] into `bc` (sized for this
  /// rank's block). `met` is the meteorology at that time on this rank's block, halo included
  /// (for vertical interpolation and unit conversion at the edges).
  virtual void fill(double time_s, const meteo::MetFields& met, BoundaryConditions& bc) = 0;
  /// False when the values never change: fill() is then called once, at the first step.
  virtual bool time_varying() const noexcept = 0;
  /// One line for the log: the source of the values.
  virtual std::string describe() const = 0;
};

/// Mass that entered the domain through its boundaries, per species and per column of the
/// boundary cell (owned cells) [kg of air x mixing ratio] (process/column_budget.hpp).
using BoundaryBudget = process::ColumnBudget;

}  // namespace lantian::transport
