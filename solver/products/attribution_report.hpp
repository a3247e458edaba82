#pragma once
// The product `lantian attribute`: per receptor zone and local day, each tag's contribution to
// the AQI pollutants (zone_attribution.hpp) written as a long table, source-receptor matrices
// and a report that leads with the days of AQI > 100 (docs/attribution.md, "Product: lantian
// attribute").
#include <string>
#include <vector>

#include "solver/products/product_runs.hpp"
#include "solver/products/zone_attribution.hpp"

namespace lantian::products {

/// Settings of `lantian attribute`.
struct AttributeRun {
  RunCommon common;
  std::string input;                 ///< model output with S_contrib variables
  std::vector<std::string> species;  ///< pollutants to attribute; empty: every attributable one
  StandardChoice standard;
};
/// attribution_by_zone_day.csv, source_receptor_<pollutant>_<date>.csv and attribution_report.md
/// (docs/attribution.md, "Product: lantian attribute"); a summary on standard output unless quiet.
void run_attribute(const AttributeRun& run);

}  // namespace lantian::products
