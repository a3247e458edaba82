#pragma once
// The split processes of a case, built by name through one explicit table in the split order
// (docs/design.md): sources (release, emissions) -> advection -> horizontal diffusion ->
// vertical diffusion -> chemistry -> aerosol -> deposition. Each entry reads its own keys.
#include <memory>
#include <string>
#include <vector>

#include "solver/attribution/attribution.hpp"
#include "solver/config/case_config.hpp"
#include "solver/config/schema.hpp"
#include "solver/core/utc_time.hpp"
#include "solver/grid/horizontal_grid.hpp"
#include "solver/grid/vertical_grid.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/process/column_budget.hpp"
#include "solver/process/process.hpp"
#include "solver/state/species.hpp"
#include "solver/transport/boundary/boundary.hpp"
#include "solver/transport/metrics.hpp"

namespace lantian::chem {
class ChemistryProcess;
}

namespace lantian::timeloop {

/// Declares the `processes.*` switches and `run.nan_check` ("step", "process" or "off").
void declare_process_keys(config::Schema& s);

/// What the processes are built from. `chemistry` is built before the species list is final
/// (the mechanism adds species); the factory takes it over.
struct ProcessContext {
  const config::CaseConfig& cfg;
  UtcTime start;
  const grid::HorizontalGrid& hgrid;
  const grid::VerticalGrid& vgrid;
  const parallel::Decomposition& decomp;
  const transport::LocalMetrics& metrics;
  const state::SpeciesList& species;
  const transport::BoundaryConditions& boundaries;
  process::ColumnBudget& inflow;   ///< mass in through the boundaries (advection adds)
  process::ColumnBudget& sources;  ///< mass added by sources (release, emissions add)
  std::unique_ptr<chem::ChemistryProcess> chemistry;
};

/// The case's processes in the split order.
std::vector<std::unique_ptr<process::Process>> make_processes(ProcessContext& ctx);

/// The cheap processes at the head of the split order, for the symmetric split (docs/design.md,
/// "Time loop"): the sources (release, emissions) and transport (advection, horizontal and
/// vertical diffusion), each with the attribution ratio steps that follow it. `first` lists
/// their indices in `list` in the split order (the first half step); `second` the same units,
/// each a process followed by its ratio steps, in reverse order (the second half step). Both
/// empty when the list has nothing after them (no chemistry, aerosol or deposition: the
/// symmetric split would only repeat the transport).
struct OuterProcesses {
  std::vector<std::size_t> first, second;
};
OuterProcesses outer_processes(const std::vector<std::unique_ptr<process::Process>>& list);

/// Source attribution: the tags into the emission process (checked against its sources), and
/// a ratio step after every process that changes the state other than the sources and those
/// that change every species alike (Process::same_linear_change_for_all). Throws
/// naming attribution.tags_file when the case has no emissions.
std::vector<std::unique_ptr<process::Process>> with_attribution(const ProcessContext& ctx,
                                                                std::shared_ptr<const attribution::Attribution> a,
                                                                std::vector<std::unique_ptr<process::Process>> in);

}  // namespace lantian::timeloop
