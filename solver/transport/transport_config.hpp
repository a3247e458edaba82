#pragma once
// The case keys of transport (transport.*) and the inflow boundary profiles built from the
// species keys: the transport's part of the case.
#include <vector>

#include "solver/config/case_config.hpp"
#include "solver/config/schema.hpp"
#include "solver/grid/vertical_grid.hpp"
#include "solver/state/species.hpp"
#include "solver/transport/advection/ppm_advection.hpp"
#include "solver/transport/boundary.hpp"

namespace lantian::transport {

/// Declares the `transport.*` keys.
void declare_transport_keys(config::Schema& s);
/// transport.courant_max, transport.horizontal_advection, transport.vertical_advection.
AdvectionOptions advection_options(const config::CaseConfig& cfg);
/// The lateral (and, with transport.top_boundary = "profile", top) inflow: per species and
/// layer, in internal units (mol mol-1 for gases, ug kg-1 for aerosols), from species.boundary
/// (default species.initial, or the species' background value) decaying as exp(-z/H) with
/// species.boundary_scale_height_m, by nominal layer height. Aerosols are converted with the
/// US standard atmosphere's density at the layer height, the same on every rank.
/// `background`: per species [ppb or ug m-3], -1 where none.
BoundaryConditions inflow_boundaries(const config::CaseConfig& cfg, const state::SpeciesList& species,
                                     const grid::VerticalGrid& v, const std::vector<double>& background);

}  // namespace lantian::transport
