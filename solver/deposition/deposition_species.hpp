#pragma once
// Which species deposit, and with what parameters: gases with Wesely (1989, Table 2)
// D(H2O)/D(x), H* and f0, and below-cloud scavenging a, b (Lambda = a P^b; CALPUFF's table,
// Scire et al. 2000, for SO2, HNO3 and sulfate/nitrate particles); particles by mode.
#include <string>
#include <vector>

#include "solver/deposition/drydep_kernel.hpp"

namespace lantian::deposition {

struct GasDepSpecies {
  std::string name;
  GasDepParams p;
  double wet_a_s;  ///< below-cloud Lambda at 1 mm h-1 [s-1]
  double wet_b;    ///< exponent [1]
};

/// Gases that deposit (CB6 names; HCHO is accepted as well as FORM).
inline const std::vector<GasDepSpecies>& gas_dep_species() {
  static const std::vector<GasDepSpecies> g{
      {"SO2", {1.9, 1e5, 0.0}, 3e-5, 1.0},   {"O3", {1.6, 0.01, 1.0}, 0.0, 1.0},
      {"NO2", {1.6, 0.01, 0.1}, 0.0, 1.0},   {"HNO3", {1.9, 1e14, 0.0}, 6e-5, 1.0},
      {"H2O2", {1.4, 1e5, 1.0}, 6e-5, 1.0},  {"NH3", {0.97, 2e4, 0.0}, 6e-5, 1.0},
      {"FORM", {1.3, 6e3, 0.0}, 0.0, 1.0},   {"HCHO", {1.3, 6e3, 0.0}, 0.0, 1.0},
      {"ALD2", {1.6, 15.0, 0.0}, 0.0, 1.0},  {"PAN", {2.6, 3.6, 0.1}, 0.0, 1.0},
      {"MEPX", {1.6, 240.0, 0.1}, 0.0, 1.0}, {"PACD", {2.0, 540.0, 0.1}, 0.0, 1.0},
      {"FACD", {1.6, 4e6, 0.0}, 6e-5, 1.0},  {"HONO", {1.6, 1e5, 0.1}, 6e-5, 1.0},
      {"N2O5", {2.6, 1e14, 0.0}, 6e-5, 1.0}, {"SULF", {2.4, 1e14, 0.0}, 1e-4, 1.0},
  };
  return g;
}

/// Fine-mode particle species (the coarse one is ACORS).
inline const std::vector<std::string>& fine_particle_names() {
  static const std::vector<std::string> n{"ASO4", "ANO3", "ANH4", "AEC", "APOA", "AOTHR", "ASOA"};
  return n;
}

}  // namespace lantian::deposition
