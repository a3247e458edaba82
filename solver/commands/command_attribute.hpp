#pragma once
// `lantian attribute`: source attribution by receptor zone and local day from a run with
// attribution tags (the product: solver/products/attribution_report.hpp; docs/attribution.md,
// "Product: lantian attribute").
namespace lantian::products {

/// `lantian attribute --input RUN.nc [--zones Z.geojson] [--species PM25,O3] [--out-dir DIR]
/// [--utc-offset H] [--allow-partial] ...` (--help lists the options). argv[0] is the
/// sub-command's name. Returns the exit status; throws lantian::Error on bad options or input.
int command_attribute(int argc, char** argv);

}  // namespace lantian::products
