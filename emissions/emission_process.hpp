#pragma once
// Inventory emissions as a split process: the emission model's rates for the step (gases
// [mol s-1], aerosols [g s-1] per cell) become mixing-ratio increments with the step-start air
// mass, which is the mass the transport then carries, so the emitted mass is accounted exactly
// in the run's budget. At the end of the run it writes the emission report (if asked).
#include <memory>
#include <vector>

#include "emissions/emission_model.hpp"
#include "solver/core/utc_time.hpp"
#include "solver/process/column_budget.hpp"
#include "solver/process/process.hpp"

namespace lantian::emis {

class EmissionProcess final : public process::Process {
 public:
  /// `cell_area_m2`: horizontal area of each owned column (i + nx j) [m2]; `sources`: the
  /// run's per-column source budget, to which every emitted amount is added.
  EmissionProcess(std::unique_ptr<EmissionModel> model, const UtcTime& start, std::vector<double> cell_area_m2,
                  process::ColumnBudget& sources);
  std::string name() const override { return "emissions"; }
  /// Writes the emission report (emissions.report) for the case period [start, start + t_end_s].
  void finish_run(double t_end_s) override;
  const EmissionModel& model() const noexcept { return *model_; }
  EmissionModel& model() noexcept { return *model_; }
  /// Source attribution: where a species' increments also go. `tracers`: species indices, one
  /// per tag of the model (EmissionModel::set_tags) and a last one for sources no tag selects;
  /// each source's increment times `weight` goes to the tracer of its tag.
  struct TagTarget {
    std::vector<int> tracers;
    double weight = 1.0;  ///< tracer units per internal unit of the emitted species
  };
  /// Per model species, its targets (none: not tagged; several: the species belongs to
  /// several tracer families).
  void set_tag_targets(std::vector<std::vector<TagTarget>> targets) {
    std::vector<char> mask(targets.size(), 0);
    for (size_t n = 0; n < targets.size(); ++n) mask[n] = !targets[n].empty();
    model_->set_tagged_species(std::move(mask));
    tag_targets_ = std::move(targets);
  }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override;

 private:
  /// The rates of species `species` [mol s-1 or g s-1 per cell] as increments of species
  /// `target` (times `weight`), added to the source budget of `target`. `rate(i, j, k, c)`:
  /// the rate in cell (i, j, k), where c is the column's place in the model's point_columns()
  /// for k >= 1 (only the lowest level and those columns are visited).
  template <class Rate>
  void add_increments(state::ChemState& st, const process::MetStep& met, double dt_s, int species, int target,
                      double weight, const Rate& rate);
  std::unique_ptr<EmissionModel> model_;
  UtcTime start_;
  std::vector<double> area_m2_;
  int nx_ = 0;
  process::ColumnBudget& sources_;
  std::vector<grid::Field3Dd> rates_;
  std::vector<std::vector<TagTarget>> tag_targets_;
  std::vector<std::vector<EmissionModel::TagRates>> tag_rates_;  ///< [tag][species]
};

}  // namespace lantian::emis
