#pragma once
// The aerosol process: H2SO4 condensation, in-cloud S(IV) oxidation (sulfate_kernel.hpp),
// sulfate-nitrate-ammonium equilibrium (inorganic_kernel.hpp) and two-product SOA
// (soa_kernel.hpp), in that order, cell by cell. Papers are cited in the kernels.
#include <memory>
#include <string>
#include <vector>

#include "solver/config/case_config.hpp"
#include "solver/config/schema.hpp"
#include "solver/process/process.hpp"

namespace lantian::aerosol {

struct AerosolOptions {
  bool condensation = true;     ///< SULF -> ASO4, complete within the step
  bool aqueous = true;          ///< in-cloud SO2 oxidation by H2O2 and O3
  bool equilibrium = true;      ///< HNO3/NH3 gas-particle partitioning
  bool soa = true;              ///< two-product SOA from reacted precursors
  double cloud_ph = 4.5;        ///< cloud-water pH [1]
  double qc_min_kg_kg = 1e-6;   ///< cloud water below this is no cloud [kg kg-1]
  double soa_dh_kj_mol = 42.0;  ///< enthalpy of vaporisation of the SOA products [kJ mol-1]
};

void declare_aerosol_keys(config::Schema& s);
AerosolOptions aerosol_options(const config::CaseConfig& cfg);

/// The SOA precursor classes: name in the state, molar mass and Odum two-product parameters.
struct SoaClass {
  std::string name;
  double mw_g_mol;
  double alpha[2];
  double k298_m3_ug[2];
};
/// TOL, XYLMN, BENZENE, ISOP, TERP (CB6 names), in this order.
const std::vector<SoaClass>& soa_classes();

class AerosolProcess final : public process::Process {
 public:
  /// Binds species by name; throws naming the missing species a switched-on part needs
  /// (condensation: SULF, ASO4; aqueous: SO2, H2O2, O3, ASO4; equilibrium: HNO3, NH3, ANO3,
  /// ANH4, ASO4; soa: APOA, ASOA and whichever precursors exist).
  AerosolProcess(const state::SpeciesList& species, AerosolOptions opt);
  std::string name() const override { return "aerosol"; }
  /// The gases and aerosol components it converts (the NaN check scans only these).
  std::vector<int> written_species(const state::ChemState& st) const override;
  /// Carried from step to step: the SOA vapour (soa_gas_ug_kg(), it partitions again at the
  /// next step: changes the results) and the accumulated S conversion (condensed_sulf_mol_m2(),
  /// aqueous_so2_mol_m2(): totals since the start). The precursor snapshot lives within a step.
  std::vector<process::CellField> restart_fields(const state::ChemState& st) override;

  /// Remembers the SOA precursors' mixing ratios: call just before chemistry; the next advance
  /// takes max(0, before - now) as the amount reacted.
  void snapshot_precursors(const state::ChemState& st);
  /// A split process that takes that snapshot: the run places it just before the chemistry.
  std::unique_ptr<process::Process> precursor_snapshot();
  /// Or give the amounts reacted directly [mol mol-1], one field per soa_classes() entry.
  void set_reacted_precursors(std::vector<grid::Field3Dd> reacted_mol_mol);

  /// S converted to ASO4, accumulated per column [mol m-2], index i + nx j: from SULF
  /// (condensation) and from SO2 (aqueous).
  const std::vector<double>& condensed_sulf_mol_m2() const noexcept { return cond_s_; }
  const std::vector<double>& aqueous_so2_mol_m2() const noexcept { return aq_s_; }
  /// Semi-volatile SOA products held in the gas phase (not transported) [ug kg-1], 2 per class.
  const std::vector<grid::Field3Dd>& soa_gas_ug_kg() const noexcept { return sv_gas_; }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override;

 private:
  AerosolOptions opt_;
  int i_sulf_ = -1, i_so2_ = -1, i_h2o2_ = -1, i_o3_ = -1, i_hno3_ = -1, i_nh3_ = -1;
  int i_aso4_ = -1, i_ano3_ = -1, i_anh4_ = -1, i_apoa_ = -1, i_asoa_ = -1;
  std::vector<int> i_prec_;  ///< per soa class, -1 when absent
  std::vector<grid::Field3Dd> snapshot_, reacted_, sv_gas_;
  std::vector<double> cond_s_, aq_s_;
};

}  // namespace lantian::aerosol
