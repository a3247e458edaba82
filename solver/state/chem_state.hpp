#pragma once
// The chemical state of a rank's sub-domain: one contiguous 3-D field per species
// (species-major; see docs/state-layout.md for why and what it costs chemistry).
#include <vector>

#include "solver/grid/field.hpp"
#include "solver/state/species.hpp"

namespace lantian::state {

class ChemState {
 public:
  ChemState() = default;
  /// Allocates nspecies fields of nx x ny x nz owned cells with `halo` cells, set to zero.
  ChemState(SpeciesList species, int nx, int ny, int nz, int halo);

  const SpeciesList& species() const noexcept { return species_; }
  int nspecies() const noexcept { return species_.size(); }
  /// The species the transport processes advect and diffuse, in species order (every species
  /// but the mechanism's short-lived radicals and operators).
  const std::vector<int>& transported() const noexcept { return transported_; }
  /// Mixing ratio of species n: gases [mol mol-1], aerosols [ug kg-1].
  grid::Field3Dd& field(int n) { return fields_.at(static_cast<size_t>(n)); }
  const grid::Field3Dd& field(int n) const { return fields_.at(static_cast<size_t>(n)); }
  const grid::Extents& extents() const noexcept { return extents_; }

  double time_s = 0.0;  ///< model time [s since the case start]
  long step = 0;        ///< number of synchronisation steps taken since the case start

 private:
  SpeciesList species_;
  std::vector<int> transported_;
  grid::Extents extents_{};
  std::vector<grid::Field3Dd> fields_;
};

}  // namespace lantian::state
