#pragma once
// `lantian assimilate`: station observations at one hour assimilated into a checkpoint by
// optimal interpolation (solver/assimilation/analysis.hpp; docs/assimilation.md).
namespace lantian::assimilation {

/// `lantian assimilate --checkpoint IN.nc --obs OBS.csv --out OUT.nc [--time T] [--species
/// PM25,O3] [--length-scale-km 30] [--vertical-scale-m 500] [--obs-error ...]
/// [--background-error ...]` (--help lists the options). argv[0] is the sub-command's name.
/// Returns the exit status; throws lantian::Error on bad options or input.
int command_assimilate(int argc, char** argv);

}  // namespace lantian::assimilation
