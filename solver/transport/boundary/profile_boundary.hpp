#pragma once
// The fixed inflow of a case: per species and layer, from the species keys, the same on every
// face and at every time.
#include <vector>

#include "solver/config/case_config.hpp"
#include "solver/grid/vertical_grid.hpp"
#include "solver/state/species.hpp"
#include "solver/transport/boundary/boundary.hpp"

namespace lantian::transport {

/// Per species and layer, in internal units (mol mol-1 for gases, ug kg-1 for aerosols), from
/// species.boundary (default species.initial, or the species' background value) decaying as
/// exp(-z/H) with species.boundary_scale_height_m, by nominal layer height. Aerosols are
/// converted with the US standard atmosphere's density at the layer height, the same on every
/// rank. `background`: per species [ppb or ug m-3], -1 where none. Result: profile[n][k].
std::vector<std::vector<double>> inflow_profiles(const config::CaseConfig& cfg, const state::SpeciesList& species,
                                                 const grid::VerticalGrid& v, const std::vector<double>& background);

class ProfileBoundary final : public BoundaryProvider {
 public:
  explicit ProfileBoundary(std::vector<std::vector<double>> profile) : profile_(std::move(profile)) {}
  void fill(double time_s, const meteo::MetFields& met, BoundaryConditions& bc) override;
  bool time_varying() const noexcept override { return false; }
  std::string describe() const override { return "fixed profiles from the species keys"; }

 private:
  std::vector<std::vector<double>> profile_;
};

}  // namespace lantian::transport
