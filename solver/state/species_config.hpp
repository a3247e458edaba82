#pragma once
// The case keys of the transported species (species.*): names, phases, molar masses, initial,
// inflow and background values.
#include <vector>

#include "solver/config/case_config.hpp"
#include "solver/config/schema.hpp"
#include "solver/state/species.hpp"

namespace lantian::state {

/// Declares the `species.*` keys.
void declare_species_keys(config::Schema& s);
/// The case's own species (species.names with phases and molar masses); the processes add
/// theirs (mechanism, aerosol) afterwards. Throws naming the key for lists of the wrong length,
/// an unknown phase, a gas without a positive molar mass or a name given twice.
SpeciesList species_from_config(const config::CaseConfig& cfg);
/// Per species of `species`, the value given by species.background_names/values [ppb or
/// ug m-3], or -1 where none is given. Throws naming the key for an unknown name.
std::vector<double> background_values(const config::CaseConfig& cfg, const SpeciesList& species);

}  // namespace lantian::state
