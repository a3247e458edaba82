#pragma once
// Per-species, per-column accumulators of the run's mass budget (inflow through the
// boundaries, sources): what entered the domain or was added to it since the case start.
#include <cstddef>
#include <vector>

namespace lantian::process {

/// Mass per species and owned column (i + nx j) [kg of air x mixing ratio]: for gases divide
/// by the molar mass of air for moles; for aerosols [kg x ug kg-1] = ug. Reported with an
/// ordered global sum, so the figures are the same on any decomposition.
class ColumnBudget {
 public:
  void allocate(int nspecies, int nx, int ny) {
    data_.assign(static_cast<size_t>(nspecies), std::vector<double>(static_cast<size_t>(nx) * ny, 0.0));
    nx_ = nx;
  }
  void add(int n, int i, int j, double amount) noexcept {
    data_[static_cast<size_t>(n)][static_cast<size_t>(i + nx_ * j)] += amount;
  }
  const std::vector<double>& per_column(int n) const { return data_.at(static_cast<size_t>(n)); }
  std::vector<std::vector<double>>& data() noexcept { return data_; }
  const std::vector<std::vector<double>>& data() const noexcept { return data_; }

 private:
  std::vector<std::vector<double>> data_;
  int nx_ = 0;
};

}  // namespace lantian::process
