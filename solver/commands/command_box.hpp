#pragma once
// `lantian box`: a box model (one air parcel, a mechanism, a sun) for mechanism work and
// teaching, as KPP's and MICM's box drivers; the engine is solver/chemistry/box/box_model.hpp.
namespace lantian::chem {

/// `lantian box MECHANISM --temperature K (--pressure Pa | --air molec/cm3) --hours H
/// --output-every S --init FILE.csv --sun constant:X|kpp-diurnal[:HOUR]|zenith:LAT,LON,START
/// [--rtol R] [--atol A] [--method ros3|rodas3] [--format F] --out OUT.csv`. argv[0] is the
/// sub-command's name. Returns the exit status; bad input throws lantian::Error.
int command_box(int argc, char** argv);

}  // namespace lantian::chem
