#pragma once
// Builds what the process factory and the tracer release need from case text, as the run does
// (solver/timeloop/model.cpp): grid, decomposition, metrics, species (the case's, then the
// mechanism's, then the aerosol's), inflow boundaries and budgets.
#include <memory>
#include <string>
#include <vector>

#include "solver/aerosol/aerosol_species.hpp"
#include "solver/chemistry/chemistry_process.hpp"
#include "solver/core/constants.hpp"
#include "solver/grid/grid_config.hpp"
#include "solver/state/species_config.hpp"
#include "solver/timeloop/model.hpp"
#include "solver/timeloop/process_factory.hpp"
#include "solver/transport/advection/ppm_kernel.hpp"
#include "solver/transport/boundary/profile_boundary.hpp"
#include "solver/transport/transport_config.hpp"

namespace lantian::test {

/// A 12 x 10 Lambert grid of 6 km cells centred on Yantai, three layers, one passive tracer.
inline std::string yantai_small_case() {
  return "[case]\nname = \"unit\"\nstart_time = \"2017-07-03 00:00:00\"\nhours = 1\n"
         "[grid]\nprojection = \"lambert_conformal\"\nnx = 12\nny = 10\ndx = 6000.0\ndy = 6000.0\n"
         "center_lat = 37.35\ncenter_lon = 120.75\nz_interfaces_m = [0.0, 50.0, 150.0, 400.0]\n"
         "[species]\nnames = [\"TRACER\"]\nphases = [\"gas\"]\nmolar_mass_g_mol = [28.97]\n";
}

struct CaseContext {
  config::Schema schema = timeloop::full_schema();
  config::CaseConfig cfg;
  UtcTime start;
  grid::HorizontalGrid hgrid;
  grid::VerticalGrid vgrid;
  parallel::Decomposition decomp;
  transport::LocalMetrics metrics;
  state::SpeciesList species;
  transport::BoundaryConditions bc;
  process::ColumnBudget inflow, sources;
  std::unique_ptr<chem::ChemistryProcess> chemistry;

  explicit CaseContext(const std::string& toml, const std::vector<std::string>& overrides = {})
      : cfg(config::CaseConfig::parse(schema, toml, "unit.toml", overrides)),
        start(UtcTime::parse(cfg.get_string("case.start_time")).value()) {
    hgrid = grid::grid_from_config(cfg);
    vgrid = grid::make_vertical_grid(cfg.get_reals("grid.z_interfaces_m"), "grid.z_interfaces_m");
    decomp = parallel::decompose(MPI_COMM_WORLD, hgrid.nx, hgrid.ny, transport::k_ppm_halo);
    metrics = transport::make_local_metrics(hgrid, decomp);
    species = state::species_from_config(cfg);
    if (cfg.get_bool("processes.chemistry")) {
      chemistry = chem::ChemistryProcess::from_config(cfg);
      for (auto s : chem::mechanism_species(chemistry->mechanism())) {
        if (species.find(s.name) >= 0) continue;
        if (s.molar_mass_g_mol <= 0) s.molar_mass_g_mol = constants::k_m_air_g_mol;
        species.add(s);
      }
    }
    if (cfg.get_bool("processes.aerosol")) {
      for (auto s : aerosol::aerosol_gas_species())
        if (species.find(s.name) < 0) species.add(s);
      for (auto s : aerosol::aerosol_species())
        if (species.find(s.name) < 0) species.add(s);
    }
    bc = transport::BoundaryConditions(species.size(), decomp.nx, decomp.ny, vgrid.nz);
    bc.top_kind = transport::top_boundary(cfg);
    const auto profile = transport::inflow_profiles(cfg, species, vgrid, state::background_values(cfg, species));
    for (int n = 0; n < species.size(); ++n) bc.set_profile(n, profile[static_cast<size_t>(n)]);
    inflow.allocate(species.size(), decomp.nx, decomp.ny);
    sources.allocate(species.size(), decomp.nx, decomp.ny);
  }

  /// The processes of the case. The context's members after `chemistry` (optional features
  /// that these tests leave off) keep their defaults, hence the local pragma.
  std::vector<std::unique_ptr<process::Process>> processes() {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
    timeloop::ProcessContext ctx{
        cfg, start, hgrid, vgrid, decomp, metrics, species, bc, inflow, sources, std::move(chemistry)};
#pragma GCC diagnostic pop
    return timeloop::make_processes(ctx);
  }
};

}  // namespace lantian::test
