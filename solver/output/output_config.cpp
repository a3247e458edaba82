#include "solver/output/output_config.hpp"

#include <string>
#include <vector>

#include "solver/core/version.hpp"
#include "solver/output/nc_sink.hpp"

namespace lantian::output {

using namespace config;

void declare_output_keys(Schema& s) {
  s.add(key_string("output.dir", "out",
                   "output directory (relative to the case file's directory when set in the "
                   "case, to the working directory when set with --set or left at its default)"));
  s.add(key_string("output.file", "", "output file name (default: <case.name>.nc)"));
  s.add(key_real("output.interval_s", 3600.0, "s", "output interval", 1, 86400));
  s.add(key_bool("output.three_d", false, "also write 3-D fields"));
  s.add(key_strings("output.species", std::vector<std::string>{}, "species written (default all)"));
  s.add(key_strings("output.pm25", std::vector<std::string>{}, "aerosol species summed into the output PM25 [ug m-3]"));
  s.add(key_string("output.summary_zones", "",
                   "GeoJSON zones for the end-of-run summary of O3 and PM2.5 (\"\": domain only)"));
  s.add(key_real("output.summary_utc_offset_h", 8.0, "h", "local time of the summary's days = UTC + this", -12, 14));
  s.add(key_strings("output.pm10", std::vector<std::string>{}, "aerosol species summed into the output PM10 [ug m-3]"));
  s.add(key_string("output.io", "auto",
                   "how output and checkpoints are written (docs/parallel-io.md): \"serial\" = netCDF-4 by rank 0 "
                   "after a gather; \"parallel\" = CDF-5 through PnetCDF, every rank its own part (needs a build "
                   "with PnetCDF: lantian --version); \"auto\" = parallel when built with PnetCDF, except an output "
                   "that needs netCDF-4 (output.deflate_level > 0, attribution tags)",
                   {"auto", "serial", "parallel"}));
  s.add(key_int("output.deflate_level", 0, "1",
                "netCDF-4 deflate level of the output fields (0 = uncompressed); CDF-5 has no compression, so "
                "a level above 0 with output.io = \"parallel\" is an error",
                0, 9));
  s.add(key_int("output.chunk_x", 0, "cells",
                "netCDF-4 chunk size of the output fields along x (0 = whole rows: netCDF's default when "
                "output.chunk_y is 0 too); ignored, with a note, by the parallel path (CDF-5 is not chunked)",
                0, {}));
  s.add(key_int("output.chunk_y", 0, "cells",
                "netCDF-4 chunk size of the output fields along y (0 = all rows; see output.chunk_x)", 0, {}));

  s.add(key_reals("checkpoint.hours", std::vector<double>{}, "h", "write checkpoints at these hours after the start", 0,
                  {}));
  s.add(key_string("checkpoint.dir", "out/restart", "checkpoint directory (relative like output.dir)"));
  s.add(key_string("checkpoint.restart_file", "",
                   "start from this checkpoint instead of the initial state (its output copy, <name>.output.nc, "
                   "must lie next to it)"));
  s.add(key_bool(
      "checkpoint.allow_missing_state", false,
      "restart from a checkpoint that lacks some process state (older LanTian, process then off): "
      "start it from zero with a warning instead of stopping; the run then differs from an uninterrupted one"));
}

IoOptions io_options(const config::CaseConfig& cfg) {
  IoOptions io;
  const std::string request = cfg.get_string("output.io");
  io.request = request == "serial"     ? IoOptions::Request::serial
               : request == "parallel" ? IoOptions::Request::parallel
                                       : IoOptions::Request::automatic;
  io.deflate_level = static_cast<int>(cfg.get_int("output.deflate_level"));
  io.chunk_x = static_cast<size_t>(cfg.get_int("output.chunk_x"));
  io.chunk_y = static_cast<size_t>(cfg.get_int("output.chunk_y"));
  if (io.request == IoOptions::Request::parallel && !k_have_pnetcdf)
    throw cfg.error_at("output.io", std::string("\"parallel\" needs a LanTian built with PnetCDF (this one: parallel "
                                                "I/O: ") +
                                        k_parallel_io + "); use \"serial\" or \"auto\"");
  if (const std::string hazard = parallel_io_hazard(); io.request == IoOptions::Request::parallel && !hazard.empty())
    throw cfg.error_at("output.io", "\"parallel\": " + hazard + "; drop that MPI setting or use \"serial\"");
  if (io.request == IoOptions::Request::parallel && io.deflate_level > 0)
    throw cfg.error_at("output.deflate_level",
                       "compression needs netCDF-4, and output.io = \"parallel\" writes CDF-5, "
                       "which has none: set the level to 0 or output.io to \"serial\"");
  return io;
}

}  // namespace lantian::output
