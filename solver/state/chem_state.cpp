#include "solver/state/chem_state.hpp"

namespace lantian::state {

ChemState::ChemState(SpeciesList species, int nx, int ny, int nz, int halo)
    : species_(std::move(species)), extents_{nx, ny, nz, halo} {
  fields_.reserve(static_cast<size_t>(species_.size()));
  for (int n = 0; n < species_.size(); ++n) {
    fields_.emplace_back(extents_, 0.0);
    if (species_[n].transported) transported_.push_back(n);
  }
}

}  // namespace lantian::state
