#pragma once
// Checkpoint/restart: the full state (every species, every layer, double precision), the model
// time and the step count. Written by rank 0 after a gather, to `<path>.tmp`, renamed when
// complete; read back by every rank from its own hyperslab, on any number of ranks. A run
// restarted from a checkpoint reproduces the uninterrupted run bit for bit.
#include <string>

#include "solver/grid/horizontal_grid.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/state/chem_state.hpp"

namespace lantian::output {

void write_checkpoint(const std::string& path, const parallel::Decomposition& d,
                      const grid::HorizontalGrid& g, const state::ChemState& st,
                      const std::string& start_time_iso);

/// Reads a checkpoint into `st` (already allocated with the case's species and grid). Throws,
/// naming the file and variable, if the grid, layers, species or start time do not match.
void read_checkpoint(const std::string& path, const parallel::Decomposition& d,
                     state::ChemState& st, const std::string& start_time_iso);

}  // namespace lantian::output
