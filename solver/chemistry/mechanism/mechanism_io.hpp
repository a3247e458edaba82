#pragma once
// Mechanism readers and writer: LanTian's own text format (docs/chemistry.md), CMAQ's mech.def
// (CHEMMECH input, CMAQ User's Guide, US EPA 2019) and KPP's .eqn/.spc (Damian et al. 2002,
// doi:10.1016/S0098-1354(02)00128-X). Errors name the file and line.
#include <string>

#include "solver/chemistry/mechanism/mechanism.hpp"

namespace lantian::chem {

enum class MechanismFormat { automatic, lantian, cmaq, kpp };

/// "auto", "lantian", "cmaq", "kpp" (throws on anything else).
MechanismFormat parse_mechanism_format(const std::string& s);

/// Reads a mechanism file. KPP: a .def (with #INCLUDE), .eqn (the .spc beside it) or .spc (the
/// .eqn beside it). `automatic` looks at the extension and the first lines.
Mechanism read_mechanism(const std::string& path, MechanismFormat fmt = MechanismFormat::automatic);

/// Parses text in each format; `name` stands for the file in error messages.
Mechanism parse_lantian(const std::string& text, const std::string& name);
Mechanism parse_cmaq_def(const std::string& text, const std::string& name);
/// KPP: species (.spc text) and equations (.eqn text), each with its own file name.
Mechanism parse_kpp(const std::string& spc_text, const std::string& spc_name, const std::string& eqn_text,
                    const std::string& eqn_name);

/// The mechanism in LanTian's format (round-trips through parse_lantian).
std::string write_lantian(const Mechanism& m);

}  // namespace lantian::chem
