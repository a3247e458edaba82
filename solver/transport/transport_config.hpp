#pragma once
// The case keys of transport (transport.*, boundary.*) and the choice of the inflow boundary
// provider: the transport's part of the case.
#include <memory>
#include <vector>

#include "solver/config/case_config.hpp"
#include "solver/config/schema.hpp"
#include "solver/core/utc_time.hpp"
#include "solver/grid/horizontal_grid.hpp"
#include "solver/grid/vertical_grid.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/state/species.hpp"
#include "solver/transport/advection/ppm_advection.hpp"
#include "solver/transport/boundary/boundary.hpp"

namespace lantian::transport {

/// Declares the `transport.*` keys.
void declare_transport_keys(config::Schema& s);
/// transport.courant_max, transport.horizontal_advection, transport.vertical_advection.
AdvectionOptions advection_options(const config::CaseConfig& cfg);
/// What a boundary provider may need of the case: the grid, the decomposition, the species.
struct BoundaryContext {
  const config::CaseConfig& cfg;
  const UtcTime& start;  ///< the case's start
  const grid::HorizontalGrid& hgrid;
  const grid::VerticalGrid& vgrid;
  const parallel::Decomposition& decomp;
  const state::SpeciesList& species;
  const std::vector<double>& background;  ///< per species [ppb or ug m-3], -1 where none
};

/// The case's lateral (and, with transport.top_boundary = "profile", top) inflow, selected by
/// `boundary.source`: "profile" (ProfileBoundary: fixed profiles from the species keys) or
/// "global_cf" (GlobalCfBoundary: boundary.files, boundary.species_table).
std::unique_ptr<BoundaryProvider> make_boundary_provider(const BoundaryContext& c);
/// transport.top_boundary.
TopBoundary top_boundary(const config::CaseConfig& cfg);

}  // namespace lantian::transport
