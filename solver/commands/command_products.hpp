#pragma once
// The products' sub-commands of the `lantian` program. Each takes argv[0] = its own name,
// parses its options with Boost.Program_options (--help prints them), throws lantian::Error on
// bad input and returns 0 on success. The products themselves: solver/products/product_runs.hpp.
//   lantian aqi       hourly and daily AQI (HJ 633-2026/-2012, US EPA) and compliance metrics
//                     for every cell and zone of a run, or for station observations
//   lantian warn      heavy-pollution warning level per zone and the emission-cut scenarios
//   lantian compare   base vs scenario runs: per zone and day, difference maps
//   lantian evaluate  model against station observations: pairs and statistics
namespace lantian::products {

int command_aqi(int argc, char** argv);
int command_warn(int argc, char** argv);
int command_compare(int argc, char** argv);
int command_evaluate(int argc, char** argv);

}  // namespace lantian::products
