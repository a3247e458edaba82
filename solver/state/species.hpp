#pragma once
// The species the model carries: name, phase, molar mass and output units.
#include <string>
#include <vector>

namespace lantian::state {

enum class Phase { gas, aerosol };

/// One transported species. Internal units: gases as mole fraction [mol mol-1 of dry air];
/// aerosols as mass mixing ratio [ug kg-1 of dry air]. Output units: gases ppb, aerosols
/// ug m-3 (actual conditions).
struct SpeciesInfo {
  std::string name;  ///< e.g. "O3", "NO2", "PM25", "TRACER"
  Phase phase = Phase::gas;
  double molar_mass_g_mol = 0.0;  ///< [g mol-1] (0 when not meaningful, e.g. a passive tracer)
  std::string long_name;
  /// Advected and diffused (the transport processes skip it when false: a short-lived radical
  /// or operator of the mechanism, held in the chemistry's steady state in its cell).
  bool transported = true;
  std::string output_units() const { return phase == Phase::gas ? "ppb" : "ug m-3"; }
};

/// The ordered list of species; indices into it are the species indices everywhere.
class SpeciesList {
 public:
  void add(SpeciesInfo s);
  int size() const noexcept { return static_cast<int>(species_.size()); }
  const SpeciesInfo& operator[](int n) const { return species_.at(static_cast<size_t>(n)); }
  /// Index of a species by name, or -1.
  int find(const std::string& name) const noexcept;
  /// Index of a species by name; throws naming the species when absent.
  int index(const std::string& name) const;
  const std::vector<SpeciesInfo>& all() const noexcept { return species_; }

 private:
  std::vector<SpeciesInfo> species_;
};

}  // namespace lantian::state
