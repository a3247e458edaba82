#pragma once
// A continuous point release of one species at a fixed place and height (the tracer demo and
// the Gaussian-plume verification). Emission inventories (emissions/) come on top of it.
#include "solver/config/case_config.hpp"
#include "solver/config/schema.hpp"
#include "solver/grid/horizontal_grid.hpp"
#include "solver/process/process.hpp"
#include "solver/transport/boundary/boundary.hpp"
#include "solver/transport/metrics.hpp"

namespace lantian::timeloop {

struct ReleaseOptions {
  int species = -1;  ///< species index
  double lon_deg = 0.0, lat_deg = 0.0;
  int cell_i = -1, cell_j = -1;  ///< global cell; when >= 0 they replace lon/lat
  double height_m = 10.0;        ///< above ground [m]
  double rate_g_s = 1.0;         ///< [g s-1]
  double start_s = 0.0;          ///< release window [s since the case start]
  double end_s = 1e30;
};

/// Declares the `release.*` keys.
void declare_release_keys(config::Schema& s);
/// The release of a case (release.*); throws naming the key for an unknown species.
ReleaseOptions release_options(const config::CaseConfig& cfg, const state::SpeciesList& species);

class TracerRelease final : public process::Process {
 public:
  /// Throws naming the release if the point lies outside the model domain.
  TracerRelease(const ReleaseOptions& opt, const grid::HorizontalGrid& g, const parallel::Decomposition& d,
                const transport::LocalMetrics& metrics, transport::BoundaryBudget& sources);
  std::string name() const override { return "sources"; }
  /// Global cell (i, j) that holds the release.
  int gi() const noexcept { return gi_; }
  int gj() const noexcept { return gj_; }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override;

 private:
  ReleaseOptions opt_;
  const parallel::Decomposition& d_;
  const transport::LocalMetrics& metrics_;
  transport::BoundaryBudget& sources_;
  int gi_ = 0, gj_ = 0;
};

}  // namespace lantian::timeloop
