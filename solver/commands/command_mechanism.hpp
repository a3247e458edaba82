#pragma once
// `lantian mechanism`: the dry run of a chemical mechanism file.
namespace lantian::chem {

/// `lantian mechanism FILE [--format auto|lantian|cmaq|kpp] [--sparsity] [--write-lantian OUT]`:
/// prints the species, reactions, rate constants at 298.15 K / 1 atm, photolysis mapping and
/// Jacobian sparsity. argv[0] is the sub-command's name. Returns the exit status.
int command_mechanism(int argc, char** argv);

}  // namespace lantian::chem
