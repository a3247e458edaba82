#pragma once
// What a process (or the run) carries from one step to the next besides the species, named so
// that checkpoints can save it and a restart can put it back: without it a restarted run would
// not reproduce the uninterrupted one bit for bit (chemistry's step memory, SOA vapour,
// accumulated deposition, the mass budget, the end-of-run summary).
#include <functional>
#include <string>
#include <vector>

#include "solver/grid/field.hpp"

namespace lantian::process {

/// A field on the owned cells of a rank, saved in checkpoints as one double NetCDF variable
/// (dims z, y, x; or y, x when `per_column`), gathered to rank 0 in global order like the
/// species and read back by each rank from its own hyperslab (any rank count).
struct CellField {
  std::string name;         ///< variable name in the checkpoint; unique among species and fields
  std::string units;        ///< CF `units` of the stored values
  std::string long_name;    ///< CF `long_name`
  bool per_column = false;  ///< one value per column (i, j) instead of one per cell (i, j, k)
  /// The owned cells of the process's storage: i in [0, nx), j in [0, ny), k in [0, nz) (the
  /// state's nz, or 1 per column); the view may have halos. Allocates the storage (zeros, the
  /// process's own "nothing yet") first when it is missing or has the wrong size, so that a
  /// restart can fill it before the first step. The view stays valid until the process steps.
  std::function<grid::View3D<double>()> cells;
};

/// A small array held by rank 0 (the end-of-run summary): written from rank 0's copy, read by
/// every rank. `layout` describes what the values mean (e.g. the zones); it is saved as an
/// attribute and handed back to `restore`, which throws lantian::Error if it does not fit.
struct RunArray {
  std::string name;
  std::string units;
  std::string long_name;
  std::function<std::vector<double>()> save;                                           ///< called on rank 0 only
  std::function<std::string()> layout;                                                 ///< called on rank 0 only
  std::function<void(const std::vector<double>&, const std::string& layout)> restore;  ///< every rank
};

/// Everything besides the species that a checkpoint holds.
struct RestartState {
  std::vector<CellField> fields;
  std::vector<RunArray> arrays;
};

}  // namespace lantian::process
