#pragma once
// What the mechanism readers (mechanism_read_lantian.cpp, _cmaq.cpp, _kpp.cpp) share: lexing of
// names, numbers and "coef NAME + ..." terms, the species CMAQ and KPP treat as given, and the
// per-format file steps that read_mechanism (mechanism_io.cpp) calls. Internal to the readers.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "solver/chemistry/mechanism/mechanism.hpp"

namespace lantian::chem::detail {

/// A parse failure inside a statement; the caller adds the file and line.
struct ParseFail {
  std::string what;
};

/// The whole file; throws lantian::Error naming it when it cannot be opened.
std::string read_text(const std::string& path);

bool is_name_start(char c);
bool is_name_char(char c);
void skip_ws(const std::string& s, size_t& i);

/// Reads an unsigned number at s[i] (digits, '.', exponent e/E/d/D). With `fortran_exponent`,
/// "8.3-11" (a Fortran-style exponent without its letter, as in CMAQ's CL13) reads as 8.3e-11.
bool read_number(const std::string& s, size_t& i, double& out, bool fortran_exponent = false);
/// A signed number, with surrounding blanks; throws ParseFail naming `what`.
double expect_number(const std::string& s, size_t& i, const std::string& what, bool fortran_exponent = false);

/// Terms "[+|-] [coef[*]] NAME" separated by + or -. KPP writes coefficients attached
/// ("0.61HO2"), CMAQ with '*' ("0.61*HO2"); both are accepted.
std::vector<std::pair<double, std::string>> parse_terms(const std::string& s);

/// Species that CMAQ (CHEMMECH) and KPP treat as given: the third body and major gases.
/// Mixing ratio < 0: from meteorology.
bool default_fixed(const std::string& name, double& mixing_ratio);

/// A reactant coefficient as a count of molecules: a positive integer, at most
/// k_max_reactant_count (no elementary reaction has more; a larger one is a typo, and an
/// unbounded count would be a loop of that many insertions).
inline constexpr int k_max_reactant_count = 4;
int reactant_count(double c, const std::string& name);

/// Reactants and products of `r` from the two sides of an equation, adding undeclared species
/// (fixed when `allow_fixed_default` and default_fixed says so); "hv" skipped with `skip_hv`.
void fill_reaction_terms(Mechanism& m, Reaction& r, const std::string& lhs, const std::string& rhs,
                         bool allow_fixed_default, bool skip_hv);

/// CMAQ: molar masses from the GC_<mech>.nml beside mech_<mech>.def, when there is one.
void read_gc_namelist(Mechanism& m, const std::filesystem::path& def_path);

/// KPP: the .spc and .eqn of a .def (its #INCLUDE lines), .eqn or .spc file.
struct KppFiles {
  std::filesystem::path spc, eqn;
};
KppFiles kpp_files(const std::filesystem::path& path);

}  // namespace lantian::chem::detail
