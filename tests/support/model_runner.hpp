#pragma once
// Runs a whole case from TOML text inside a test (the same path as `lantian case.toml`) and
// gives the tests the global fields of the final state.
#include <memory>
#include <string>
#include <vector>

#include "solver/parallel/gather.hpp"
#include "solver/timeloop/model.hpp"

namespace lantian::test {

struct CaseRun {
  config::Schema schema = timeloop::full_schema();
  std::unique_ptr<config::CaseConfig> cfg;
  std::unique_ptr<timeloop::Model> model;

  explicit CaseRun(const std::string& toml, const std::vector<std::string>& overrides = {}) {
    cfg = std::make_unique<config::CaseConfig>(config::CaseConfig::parse(schema, toml, "test-case", overrides));
    model = std::make_unique<timeloop::Model>(*cfg, MPI_COMM_WORLD);
  }
  void run() { model->run(); }
  /// Species n, all layers, internal units, global order i + nx (j + ny k) (on rank 0).
  std::vector<double> global_field(int n) const {
    const auto& st = model->state();
    std::vector<double> g;
    parallel::gather_to_root(model->decomposition(), st.field(n).view(), 0, st.extents().nz, g);
    return g;
  }
};

}  // namespace lantian::test
