#include "solver/output/output_config.hpp"

#include <string>
#include <vector>

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

}  // namespace lantian::output
