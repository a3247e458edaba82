#pragma once
// `lantian synth-met`: synthetic WRF-format meteorology for the Yantai domain
// (meteo/synthetic/synth_met.hpp) from the command line.
namespace lantian::meteo {

/// `lantian synth-met [--start T] [--hours N] [--nx ..] ... [--out DIR]`: writes hours+1 wrfout
/// files (--help lists the options). argv[0] is the sub-command's name. Returns the exit
/// status; throws lantian::Error on bad options.
int command_synth_met(int argc, char** argv);

}  // namespace lantian::meteo
