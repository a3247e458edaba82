#pragma once
// Per-cell rate constants: thermal laws at the cell's temperature and air density, photolysis
// from the zenith angle (photolysis.hpp) and the fixed species (M, O2, N2, H2O, H2, CH4)
// folded into each reaction's effective first/second-order constant.
#include <vector>

#include "solver/chemistry/mechanism/mechanism.hpp"
#include "solver/chemistry/photolysis/photolysis.hpp"
#include "solver/chemistry/rosenbrock/chem_system.hpp"

namespace lantian::chem {

/// What a cell's rate constants depend on.
struct CellConditions {
  double temp_k = 298.15;      ///< [K]
  double press_pa = 101325.0;  ///< total pressure [Pa]
  double qv_kg_kg = 0.0;       ///< water-vapour mixing ratio [kg kg-1 of dry air]
  double coszen = 0.0;         ///< cosine of the solar zenith angle [1]
  double cloud_factor = 1.0;   ///< photolysis multiplier (Chang et al. 1987) [1]
};

/// Air number densities of a cell [molecule cm-3].
struct AirDensity {
  double total = 0.0;  ///< all molecules (third body M)
  double dry = 0.0;    ///< dry air: mixing ratios [mol mol-1 of dry air] multiply this
  double h2o = 0.0;    ///< water vapour
};
AirDensity air_density(double temp_k, double press_pa, double qv_kg_kg);

class RateEvaluator {
 public:
  /// Throws if a photolysis name cannot be mapped or a fixed species has no source.
  RateEvaluator(const Mechanism& m, const ChemSystem& sys);
  /// Effective rate constants [nr] for the variable-species rate law (fixed concentrations
  /// multiplied in) [s-1 x (molecule cm-3)^(1 - order)]. `j_scale` multiplies all photolysis.
  void effective_k(const CellConditions& c, double* k_eff, double j_scale = 1.0) const;
  /// Concentration of fixed species s (mechanism index) in a cell [molecule cm-3].
  double fixed_concentration(int s, const AirDensity& a) const;
  const PhotolysisMap& photolysis() const noexcept { return photo_; }

 private:
  const Mechanism& m_;
  const ChemSystem& sys_;
  PhotolysisMap photo_;
  /// Where each mechanism species' fixed concentration comes from (decided once by name).
  enum class FixedSource : unsigned char { none, mixing_ratio, total, o2, n2, h2o };
  std::vector<FixedSource> fixed_source_;
  mutable std::vector<double> j_, k_;  // scratch (one evaluator per thread)
};

}  // namespace lantian::chem
