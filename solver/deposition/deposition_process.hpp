#pragma once
// Dry and wet deposition processes: first-layer loss c' = c exp(-vd dt / dz1) (drydep_kernel.hpp)
// and column scavenging c' = c exp(-Lambda dt) (wetdep_kernel.hpp), with the removed amount
// accumulated per species and column (gases [mol m-2], aerosols [ug m-2]).
#include <string>
#include <vector>

#include "solver/config/case_config.hpp"
#include "solver/config/schema.hpp"
#include "solver/process/process.hpp"

namespace lantian::deposition {

struct DepositionOptions {
  bool modis_land_use = true;  ///< LU_INDEX is IGBP-MODIS (else USGS 24)
  int month = 7;               ///< calendar month of the run [1..12] (Wesely season)
  bool southern_hemisphere = false;
  double particle_density_kg_m3 = 1500.0;
  double fine_diameter_um = 0.5;
  double coarse_diameter_um = 5.0;
  double fine_wet_a_s = 1e-4, fine_wet_b = 1.0;  ///< below-cloud particles
  double coarse_wet_a_s = 1e-4, coarse_wet_b = 1.0;
  double qc_min_kg_kg = 1e-6;    ///< cloud threshold for the in-cloud column
  double rain_depth_m = 3000.0;  ///< rain column when it rains without resolved cloud
};

void declare_deposition_keys(config::Schema& s);
/// The options; `month` is the month of the run's start date (seasonal land-use categories).
DepositionOptions deposition_options(const config::CaseConfig& cfg, int month);

/// Shared bookkeeping: per state species, accumulated removal per column (i + nx j).
class DepositionAccumulator {
 public:
  const std::vector<std::vector<double>>& accumulated() const noexcept { return acc_; }

 protected:
  /// Remembers the species' names and phases (for the output fields' names and units).
  void remember(const state::SpeciesList& sp);
  void ensure(int nspecies, int ncol);
  /// `<prefix><species>` output fields of the written species and of every aerosol (whose
  /// deposition is written even when the species is not): gases [mol m-2], aerosols [ug m-2].
  std::vector<process::OutputColumns> accumulator_outputs(const std::vector<int>& written, const std::string& prefix,
                                                          const std::string& what) const;
  /// The accumulations of the species that deposit, as checkpoint fields named
  /// `<prefix><species>` (the output's DRYDEP_/WETDEP_ names): totals since the start.
  std::vector<process::CellField> accumulator_fields(const state::ChemState& st, const std::vector<int>& species,
                                                     const std::string& prefix, const std::string& what);
  std::vector<std::vector<double>> acc_;
  std::vector<std::string> names_;
  std::vector<bool> gas_;
};

class DryDeposition final : public process::Process, public DepositionAccumulator {
 public:
  DryDeposition(const state::SpeciesList& species, DepositionOptions opt);
  std::string name() const override { return "dry_deposition"; }
  int layers_written() const override { return 1; }
  /// The deposited gases and particles (the NaN check scans only these).
  std::vector<int> written_species(const state::ChemState& st) const override;
  /// The accumulated deposition (written as DRYDEP_*, "since the start"). The velocities of
  /// last_vd_m_s() are recomputed every step.
  std::vector<process::CellField> restart_fields(const state::ChemState& st) override;
  std::vector<process::DepositedColumns> deposited() const override { return {{&acc_}}; }
  /// DRYDEP_<species> "accumulated since the start".
  std::vector<process::OutputColumns> output_columns(const std::vector<int>& written) const override {
    return accumulator_outputs(written, "DRYDEP_", "dry deposition");
  }
  /// [species index in the state][i + nx j]: gases [mol m-2], aerosols [ug m-2].
  const std::vector<std::vector<double>>& accumulated_dry() const noexcept { return acc_; }
  /// Deposition velocity of the last step [m s-1], [species][i + nx j] (0 if none).
  const std::vector<std::vector<double>>& last_vd_m_s() const noexcept { return vd_; }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override;

 private:
  DepositionOptions opt_;
  std::vector<int> gas_idx_, gas_par_, fine_idx_;
  int coarse_idx_ = -1;
  std::vector<std::vector<double>> vd_;
};

class WetDeposition final : public process::Process, public DepositionAccumulator {
 public:
  WetDeposition(const state::SpeciesList& species, DepositionOptions opt);
  std::string name() const override { return "wet_deposition"; }
  /// The deposited gases and particles (the NaN check scans only these).
  std::vector<int> written_species(const state::ChemState& st) const override;
  /// The accumulated deposition (written as WETDEP_*, "since the start").
  std::vector<process::CellField> restart_fields(const state::ChemState& st) override;
  std::vector<process::DepositedColumns> deposited() const override { return {{&acc_}}; }
  /// WETDEP_<species> "accumulated since the start".
  std::vector<process::OutputColumns> output_columns(const std::vector<int>& written) const override {
    return accumulator_outputs(written, "WETDEP_", "wet deposition");
  }
  const std::vector<std::vector<double>>& accumulated_wet() const noexcept { return acc_; }
  /// The columns where it rained in the last step (the others are left as they were).
  const std::vector<char>* columns_written() const override { return &rained_; }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override;

 private:
  DepositionOptions opt_;
  std::vector<int> gas_idx_, gas_par_, fine_idx_;
  int coarse_idx_ = -1;
  std::vector<char> rained_;  ///< per owned column (i + nx j): precipitation in the last step
};

}  // namespace lantian::deposition
