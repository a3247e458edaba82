#pragma once
// The nested run: a parent domain and its children in one MPI job, every domain decomposed over
// all ranks of the communicator and advanced in turn. Per output interval the outermost domain
// takes its synchronisation steps; after each, every child follows to the same time with its
// own steps (its own Courant limit), its inflow interpolated in time between its parent's
// values at the step's start and end (NestBoundary); then every domain writes its output record
// and checkpoints as it would alone. One-way: children never feed back into their parents.
#include <mpi.h>

#include <memory>
#include <string>
#include <vector>

#include "solver/config/case_config.hpp"
#include "solver/config/schema.hpp"
#include "solver/nesting/nest_boundary.hpp"
#include "solver/nesting/nest_file.hpp"

namespace lantian::timeloop {
class Model;
}

namespace lantian::nesting {

/// Per-domain overrides on the command line: "NAME:key=value" applies to the domain whose
/// case.name is NAME, "key=value" to every domain.
struct NestOptions {
  std::vector<std::string> overrides;
  VerticalRemap remap = VerticalRemap::layer_overlap;  ///< the children's vertical remap
};

class NestRun {
 public:
  /// Reads the nest file and every domain's case, checks that the domains agree
  /// (case.start_time, case.hours, output.interval_s), that parents exist and come first, and
  /// builds every model (a child's inflow from its parent, inside it with a margin).
  NestRun(const std::string& nest_path, const NestOptions& options, MPI_Comm comm);
  ~NestRun();

  /// Every domain's preflight (`lantian nest FILE --check`).
  void check() const;
  /// Runs every domain from the start to the end of the case.
  void run();

  int domains() const noexcept { return static_cast<int>(domains_.size()); }
  const timeloop::Model& model(int d) const;
  const std::string& domain_name(int d) const;

 private:
  struct Domain;
  /// Advances the children of domain d to its current time (after one of its steps).
  void follow(size_t d);

  NestFile file_;
  NestOptions options_;
  config::Schema schema_;  ///< every case's keys (the cases refer to it)
  std::vector<std::unique_ptr<Domain>> domains_;
  double capture_s_ = 0.0;      ///< wall time of the parent captures [s]
  std::vector<double> step_s_;  ///< per domain, wall time of its steps [s]
};

/// `lantian nest FILE [--set [NAME:]key=value ...] [--check] [-q]`.
int command_nest(int argc, char** argv, MPI_Comm comm);

}  // namespace lantian::nesting
