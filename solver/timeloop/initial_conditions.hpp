#pragma once
// Initial conditions: uniform values per species, and the shapes of the verification tests —
// a cone (Molenkamp 1968; Crowley 1968), Zalesak's (1979) slotted cylinder
// (doi:10.1016/0021-9991(79)90051-2) and a Gaussian puff — in cell-index coordinates.
#include <string>
#include <vector>

#include "meteo/met_fields.hpp"
#include "solver/config/case_config.hpp"
#include "solver/config/schema.hpp"
#include "solver/grid/vertical_grid.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/state/chem_state.hpp"

namespace lantian::timeloop {

enum class InitialShape { uniform, cone, slotted_cylinder, gaussian };

struct InitialOptions {
  InitialShape shape = InitialShape::uniform;
  std::vector<int> species;           ///< species the shape applies to
  std::vector<double> uniform;        ///< per species, output units (ppb or ug m-3)
  double center_i = 0, center_j = 0;  ///< shape centre [cells, global index]
  double radius_cells = 4;
  double peak = 100, background = 0;        ///< output units
  double sigma_cells = 1e30;                ///< Gaussian horizontal width [cells]
  double center_z_m = 0, sigma_z_m = 1e30;  ///< Gaussian vertical centre and width [m]
};

/// Declares the `initial.*` keys.
void declare_initial_keys(config::Schema& s);
/// The initial state of a case: species.initial (or the species' background value, `background`
/// per species [ppb or ug m-3], -1 where none) and the initial.* shape. Throws naming the key
/// for an unknown species.
InitialOptions initial_options(const config::CaseConfig& cfg, const state::SpeciesList& species,
                               const std::vector<double>& background);
/// Sets the state at the case start (owned cells): uniform values, then the shape.
void set_initial_conditions(const InitialOptions& opt, state::ChemState& st, const meteo::MetFields& met,
                            const parallel::Decomposition& d);

/// The shape's value at global cell (i, j) and height z [output units].
double initial_shape_value(const InitialOptions& opt, double i, double j, double z_m);

}  // namespace lantian::timeloop
