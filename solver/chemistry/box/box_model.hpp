#pragma once
// A box model: one air parcel at constant temperature and air density, a mechanism read in any
// format the model reads, a sun that varies in time (box_sun.hpp), integrated with the model's
// Rosenbrock method with rate constants re-evaluated at every stage time (ScalarRosenbrock:
// the sparse LU of ChemSystem; DenseRosenbrock as its reference). The engine of `lantian box`,
// for mechanism work and teaching, as KPP's and MICM's box drivers.
#include <memory>
#include <string>
#include <vector>

#include "solver/chemistry/box/box_sun.hpp"
#include "solver/chemistry/box/kpp_initvalues.hpp"
#include "solver/chemistry/mechanism/mechanism.hpp"
#include "solver/chemistry/rate_evaluator.hpp"
#include "solver/chemistry/rosenbrock/chem_system.hpp"
#include "solver/chemistry/rosenbrock/rosenbrock.hpp"

namespace lantian::chem {

/// One starting value given by the user (`--init FILE.csv`).
struct BoxInitValue {
  std::string species;
  double ppb = 0.0;  ///< [nmol mol-1 of air]
  long line = 0;     ///< line in the file (for errors)
};

/// Reads `species,ppb` lines (an optional header `species,ppb`, blank lines and `#` comments
/// skipped). Errors (missing file, a line without two fields, a value that is not a finite
/// number >= 0, a species given twice) name the file and line.
std::vector<BoxInitValue> read_box_init(const std::string& path);

/// How the box's rate constants follow the sun. `exact`: evaluated at every stage time (the
/// default). `constant` and `linear`: as the model's chemistry (chemistry.photolysis_in_step)
/// over chemistry steps of `chem_step_s` counted from the start: held at the step's middle,
/// or linear between the rates at the step's start and end.
struct BoxStepping {
  enum class Mode { exact, constant, linear } mode = Mode::exact;
  double chem_step_s = 900.0;  ///< [s]
};
/// "exact" | "constant" | "linear"; throws lantian::Error naming the option otherwise.
BoxStepping::Mode parse_box_photolysis(const std::string& text);

struct BoxConditions {
  double temp_k = 298.15;      ///< [K]
  double press_pa = 0.0;       ///< [Pa]; 0 when the air density is given instead
  double air_molec_cm3 = 0.0;  ///< M [molecule cm-3]; 0: from T and p (ideal gas)
};

class BoxModel {
 public:
  /// Throws lantian::Error for an unknown species in `init` (naming `init_file` and the line),
  /// bad conditions, or a photolysis name the model cannot map.
  BoxModel(Mechanism mech, const BoxConditions& cond, const SunSpec& sun, const KppInitValues& kpp_init,
           const std::vector<BoxInitValue>& init, const std::string& init_file);
  BoxModel(const BoxModel&) = delete;  // the evaluator refers to the mechanism held here
  BoxModel& operator=(const BoxModel&) = delete;

  const Mechanism& mechanism() const noexcept { return m_; }
  const ChemSystem& system() const noexcept { return *sys_; }
  /// Air number density M [molecule cm-3] (third body; ppb are relative to it).
  double air_molec_cm3() const noexcept { return m_air_; }
  /// The box clock at the start [s]: KPP's TSTART for kpp-diurnal (seconds since midnight),
  /// else 0. Rate constants and Update_SUN see clock time; outputs count from the start.
  double clock_start_s() const noexcept { return clock0_; }
  /// The sun factor S [1] at clock time t (for zenith: J_NO2(chi)/J_NO2(0)).
  double sun_factor_at(double clock_s) const;
  /// Effective rate constants [nr] at clock time t (fixed species folded in).
  void rates(double clock_s, double* k) const;
  /// Starting concentrations in solver order [molecule cm-3].
  const std::vector<double>& initial_state() const noexcept { return y0_; }
  /// Concentration of a fixed species (mechanism index) [molecule cm-3].
  double fixed_molec_cm3(int s) const { return fixed_[static_cast<size_t>(s)]; }

  /// Integrates for `hours` and returns one row per output time (every `every_s` seconds and
  /// the end): time since the start [h], then every variable species in mechanism order [ppb].
  /// `dense_reference` integrates with DenseRosenbrock instead of the sparse ScalarRosenbrock.
  /// Throws lantian::Error naming the time when the solver fails.
  std::vector<std::vector<double>> run(double hours, double every_s, const RosOptions& opt,
                                       bool dense_reference = false, const BoxStepping& stepping = {}) const;

 private:
  Mechanism m_;
  std::unique_ptr<ChemSystem> sys_;
  std::unique_ptr<RateEvaluator> ev_;  ///< photolysis map and the fixed species' defaults
  SunSpec sun_;
  BoxConditions cond_;
  double m_air_ = 0.0, clock0_ = 0.0;
  std::vector<double> fixed_;  ///< per mechanism species [molecule cm-3] (fixed ones)
  std::vector<double> y0_;
  mutable std::vector<double> j_, kraw_;
};

}  // namespace lantian::chem
