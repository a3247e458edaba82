#pragma once
// Checkpoint/restart: the full state (every species, every layer, double precision), the model
// time and the step count, and what the processes and the run carry from step to step
// (process::RestartState: chemistry's step memory, SOA vapour, accumulated deposition, the
// mass budget's terms, the end-of-run summary so far). Written (serial or parallel path,
// docs/parallel-io.md) to `<path>.tmp`, renamed when complete; read back by every rank from its own hyperslab, on any
// number of ranks. A run restarted from a checkpoint reproduces the uninterrupted run bit for
// bit (outputs, budget and summary; tests `mpi_restart_np3`, `yantai_restart_np2`).
#include <string>
#include <utility>
#include <vector>

#include "solver/grid/horizontal_grid.hpp"
#include "solver/output/nc_layout.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/process/restart_field.hpp"
#include "solver/state/chem_state.hpp"

namespace lantian::output {

/// What a checkpoint says about the case that wrote it, besides the state: the identity of the
/// case (projection, grid, layers, species, mechanism as (attribute, value) pairs, compared
/// exactly on restart) and the output written so far (a copy of the output file next to the
/// checkpoint, and its number of records).
struct CheckpointMeta {
  std::vector<std::pair<std::string, std::string>> identity;
  std::string output_snapshot;  ///< file name of the output copy, in the checkpoint's directory ("" none)
  size_t output_records = 0;
};

/// The attributes of a checkpoint (read without its fields).
struct CheckpointInfo {
  double time_s = 0.0;          ///< model time [s since the case start]
  std::string output_snapshot;  ///< path of the output copy ("" when the checkpoint has none)
  size_t output_records = 0;
};

/// Reads a checkpoint's attributes and checks them against the case: the start time and every
/// identity item of `meta` (an item missing from the file or differing is an error naming the
/// file, the item and both values). Every rank may call it.
CheckpointInfo check_checkpoint(const std::string& path, const std::string& start_time_iso, const CheckpointMeta& meta);

/// A checkpoint as the initial state of another case (a forecast cycle's warm start from the
/// previous cycle): the identity items of `meta` as for a restart, and the state's valid time
/// (the file's start time + its time_s) equal to this case's start; errors name the file, the
/// item and both values. Every rank may call it.
void check_warm_start(const std::string& path, const std::string& start_time_iso, const CheckpointMeta& meta);
/// Reads the species of a checkpoint checked by check_warm_start into `st` (collective); the
/// process state and the run's counters are not read (the case starts afresh).
void read_warm_start(const std::string& path, const parallel::Decomposition& d, state::ChemState& st);

/// Writes `st` and `extra` (collective): by rank 0 after a gather (netCDF-4, IoPath::serial) or
/// by every rank its own hyperslab (CDF-5 through PnetCDF, IoPath::parallel); the same
/// variables, attributes and values either way. Field names must be unique among the species
/// and each other (checked, naming the duplicate).
void write_checkpoint(const std::string& path, const parallel::Decomposition& d, const grid::HorizontalGrid& g,
                      const state::ChemState& st, const std::string& start_time_iso,
                      const process::RestartState& extra = {}, const CheckpointMeta& meta = {},
                      IoPath io = IoPath::serial);

/// What read_checkpoint does when the file lacks a field or array of `extra`.
enum class MissingState {
  error,      ///< stop, naming the file and the variable (the default: no silent loss of bitwise restart)
  zero_warn,  ///< keep the storage's "nothing yet" (zeros) and log a warning naming the variable
};

/// Reads a checkpoint into `st` (already allocated with the case's species and grid) and into
/// `extra`'s storage (resized to the owned cells). Throws, naming the file and variable, if the
/// grid, layers, species or start time do not match, or (with MissingState::error) if a field
/// or array is missing: a checkpoint written before process state was saved, or by a run with
/// a process off. Variables of the file that `extra` does not name are ignored.
void read_checkpoint(const std::string& path, const parallel::Decomposition& d, state::ChemState& st,
                     const std::string& start_time_iso, const process::RestartState& extra = {},
                     MissingState missing = MissingState::error);

}  // namespace lantian::output
