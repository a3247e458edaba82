#pragma once
// The #INITVALUES section of a KPP .def file (Damian et al. 2002,
// doi:10.1016/S0098-1354(02)00128-X; KPP manual, "#INITVALUES"): `CFACTOR = c;` (the factor from
// the file's units to molecule cm-3), `ALL_SPEC = v;` (every species not named) and
// `NAME = v;`. As KPP's generated Initialize, a species starts at (its value, else ALL_SPEC,
// else 0) x CFACTOR, variable and fixed species alike.
#include <map>
#include <string>

#include "solver/chemistry/mechanism/mechanism.hpp"

namespace lantian::chem {

struct KppInitValues {
  bool present = false;  ///< the file has an #INITVALUES section
  std::string file;
  double cfactor = 1.0;
  double all_spec = 0.0;
  std::map<std::string, double> values;  ///< as written (multiply by cfactor)
  /// Starting value of mechanism species s [molecule cm-3].
  double molec_cm3(const Mechanism& m, int s) const;
};

/// Reads #INITVALUES from a KPP .def (any other file: `present` false). Every name must be a
/// species of `m` (or CFACTOR, ALL_SPEC); values are numbers (Fortran's d exponent allowed).
/// Errors name the file and line.
KppInitValues read_kpp_initvalues(const std::string& def_path, const Mechanism& m);

}  // namespace lantian::chem
