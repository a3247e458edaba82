#include "emissions/emission_process.hpp"

#include "solver/core/constants.hpp"
#include "solver/core/log.hpp"

namespace lantian::emis {

EmissionProcess::EmissionProcess(std::unique_ptr<EmissionModel> model, const UtcTime& start,
                                 std::vector<double> cell_area_m2, process::ColumnBudget& sources)
    : model_(std::move(model)), start_(start), area_m2_(std::move(cell_area_m2)), sources_(sources) {}

void EmissionProcess::advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) {
  model_->rates(st.time_s + 0.5 * dt_s, start_, met.mid, rates_, true);  // rates_: only the model writes it
  for (int n = 0; n < st.nspecies(); ++n) {
    const grid::Field3Dd& r = rates_.at(static_cast<size_t>(n));
    if (r.size() == 0) continue;  // a species the model does not emit (EmissionModel::emits)
    add_increments(st, met, dt_s, n, n, 1.0, [&r](int i, int j, int k, size_t) { return r(i, j, k); });
  }
  if (tag_targets_.empty()) return;
  // Attribution: each tag's sources into its tracer, with the same arithmetic as the bulk.
  model_->tag_rates(st.time_s + 0.5 * dt_s, start_, met.mid, tag_rates_);
  const auto nx = static_cast<size_t>(st.extents().nx), nz = static_cast<size_t>(st.extents().nz);
  for (int n = 0; n < st.nspecies() && static_cast<size_t>(n) < tag_targets_.size(); ++n)
    for (const auto& target : tag_targets_[static_cast<size_t>(n)])
      for (size_t t = 0; t < target.tracers.size(); ++t) {
        const EmissionModel::TagRates& r = tag_rates_.at(t).at(static_cast<size_t>(n));
        if (r.empty()) continue;
        add_increments(st, met, dt_s, n, target.tracers[t], target.weight, [&r, nx, nz](int i, int j, int k, size_t c) {
          return k == 0 ? r.surface[static_cast<size_t>(j) * nx + static_cast<size_t>(i)]
                        : r.columns[c * nz + static_cast<size_t>(k)];
        });
      }
}

template <class Rate>
void EmissionProcess::add_increments(state::ChemState& st, const process::MetStep& met, double dt_s, int species,
                                     int target, double weight, const Rate& rate) {
  const auto& e = st.extents();
  const bool gas = st.species()[species].phase == state::Phase::gas;
  auto q = st.field(target).view();
  // Cell (i, j, k) of point column c: the emitted amount as an increment of the target, and
  // into its column's source budget.
  const auto add = [&](int i, int j, int k, size_t c) {
    const double r = rate(i, j, k, c);
    if (r == 0.0) return;
    const double air_kg = met.start.rho_kg_m3(i, j, k) * met.start.dz_m(i, j, k) *
                          area_m2_[static_cast<size_t>(i) + static_cast<size_t>(e.nx) * static_cast<size_t>(j)];
    // gases: mol emitted / mol of air; aerosols: ug emitted / kg of air.
    const double dq = (gas ? r * dt_s / (air_kg / constants::k_m_air_kg_mol) : r * 1.0e6 * dt_s / air_kg) * weight;
    q(i, j, k) += dq;
    sources_.add(target, i, j, dq * air_kg);
  };
  // The model's rates are non-zero only in the lowest level and in the point sources' columns
  // (EmissionModel::point_columns): the other cells are not visited. Each column's levels are
  // added in order, as a walk over every cell would.
#pragma omp parallel for schedule(static)
  for (int j = 0; j < e.ny; ++j)
    for (int i = 0; i < e.nx; ++i) add(i, j, 0, 0);
  const auto& columns = model_->point_columns();
  for (size_t c = 0; c < columns.size(); ++c)
    for (int k = 1; k < e.nz; ++k) add(columns[c].first, columns[c].second, k, c);
}

void EmissionProcess::finish_run(double t_end_s) {
  if (model_->report_path().empty()) return;
  model_->write_report(model_->report_path(), start_, t_end_s);
  log::info("emission report written: " + model_->report_path());
}

}  // namespace lantian::emis
