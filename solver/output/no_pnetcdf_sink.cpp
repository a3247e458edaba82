// The parallel sink of a LanTian built without PnetCDF (LANTIAN_WITH_PNETCDF=OFF, or not found):
// asking for it is an error (output_config.cpp refuses output.io = "parallel" earlier).
#include "solver/output/nc_sink.hpp"

namespace lantian::output {

std::unique_ptr<NcSink> make_parallel_sink(const parallel::Decomposition&) {
  throw Error("parallel output needs a LanTian built with PnetCDF (LANTIAN_WITH_PNETCDF; docs/parallel-io.md)");
}

}  // namespace lantian::output
